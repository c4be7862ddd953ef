// Run as a subprocess by outside_kernel_test.ts: uses every display entry point outside the
// kernel. Must exit 0 and print nothing on stdout.
import {
  displayChart,
  displayTable,
  isJupyter,
  jupyterShow,
  progressBar,
  withChartDisplay,
} from "../../lib/jupyter/mod.ts";
import { errorVsWidthSpec } from "../../lib/plot/mod.ts";

const spec = withChartDisplay(errorVsWidthSpec([{ width: 1, error: 1, bits: 1 }]));
const shown = [
  isJupyter(),
  await displayChart(spec),
  await displayTable([{ a: 1 }]),
  await jupyterShow(spec),
];
const bar = progressBar({ total: 50, label: "work" });
for (let i = 0; i < 50; i++) bar.tick();
await bar.done();
if (shown.some((x) => x !== false && x !== undefined)) Deno.exit(3);
