// Run as a subprocess by outside_kernel_test.ts: uses every display entry point outside the
// kernel. Must exit 0 and print nothing on stdout.
import {
  isJupyter,
  progressBar,
  showChart,
  showTable,
  showValue,
  withChartDisplay,
} from "../../lib/jupyter/mod.ts";
import { errorVsWidthSpec } from "../../lib/plot/mod.ts";

const spec = withChartDisplay(errorVsWidthSpec([{ width: 1, error: 1, bits: 1 }]));
const shown = [
  isJupyter(),
  await showChart(spec),
  await showTable([{ a: 1 }]),
  await showValue(spec),
];
const bar = progressBar({ total: 50, label: "work" });
for (let i = 0; i < 50; i++) bar.tick();
await bar.done();
if (shown.some((x) => x !== false && x !== undefined)) Deno.exit(3);
