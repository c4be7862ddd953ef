/**
 * `deno task reproduce` (also `deno task cli reproduce`): regenerates every figure of
 * `lib/figures/` into `figures/` (SVG, PNG, Vega-Lite JSON, CSV and JSON data) and writes
 * `figures/REPORT.md`, which states each finding with the numbers just computed. A progress
 * bar goes to stderr.
 *
 * ```sh
 * deno task reproduce                    # everything, into figures/
 * deno task reproduce --quick --out /tmp/f   # reduced grids (tests, smoke runs)
 * deno task reproduce --only double_descent,optimal_width
 * ```
 *
 * Exit codes: 0 ok, 1 a figure failed (the others are still written, the failure is listed in
 * the report), 2 bad input.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { UsageError } from "./flags.ts";
import { FIGURE_REGISTRY, selectFigures } from "../figures/registry.ts";
import type { FigureResult } from "../figures/figure.ts";
import {
  figureChartStem,
  type ReportEntry,
  type ReportFailure,
  reportMarkdown,
  writeFigure,
} from "../figures/write.ts";
import { progressBar } from "../jupyter/progress.ts";

/**
 * Help text of `reproduce`.
 *
 * @example
 * ```ts
 * if (!REPRODUCE_USAGE.includes("--quick")) throw new Error();
 * ```
 */
export const REPRODUCE_USAGE = `typiquant reproduce: regenerate figures/ and figures/REPORT.md
  --out DIR        output directory (default figures)
  --quick          reduced grids (seconds instead of minutes; numbers indicative only)
  --only IDS       comma-separated figure ids (default all): ${
  FIGURE_REGISTRY.map((f) => f.id).join(", ")
}
  --workers N      worker threads for the heavy sweeps (default: cores)
  --no-png         skip PNG rendering
  --quiet          no progress bar
exit: 0 ok, 1 a figure failed, 2 bad input`;

/**
 * Runs `reproduce` with argv; returns the exit code (0 ok, 1 a figure failed; bad flags throw
 * a UsageError or RangeError, which `main` turns into exit code 2).
 *
 * @example
 * ```ts
 * const dir = await Deno.makeTempDir();
 * const code = await runReproduce(["--quick", "--only", "optimal_width", "--out", dir, "--no-png", "--quiet"]);
 * if (code !== 0 || !(await Deno.readTextFile(`${dir}/REPORT.md`)).includes("optimal")) throw new Error();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function runReproduce(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: "string", default: "figures" },
        quick: { type: "boolean", default: false },
        only: { type: "string" },
        workers: { type: "string" },
        "no-png": { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    console.log(REPRODUCE_USAGE);
    return 0;
  }
  const out = values.out;
  if (out === "") throw new UsageError("out: expected a directory path, got an empty string");
  let workers: number | undefined;
  if (values.workers !== undefined) {
    workers = Number(values.workers);
    if (!(Number.isInteger(workers) && workers >= 1)) {
      throw new UsageError(`workers: expected an integer >= 1, got ${values.workers}`);
    }
  }
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const figures = selectFigures(only);
  const quick = values.quick;
  const bar = values.quiet ? undefined : progressBar({
    total: figures.length,
    label: "reproduce",
    target: null,
  });
  const t0 = performance.now();
  const entries: ReportEntry[] = [];
  const failures: ReportFailure[] = [];
  for (let i = 0; i < figures.length; i++) {
    const f = figures[i];
    const t = performance.now();
    try {
      const figure: FigureResult = await f.build({
        quick,
        workers,
        onProgress: (done, total) => bar?.update(i + Math.min(1, done / total) * 0.9),
      });
      await writeFigure(figure, out, { png: !values["no-png"] });
      entries.push({
        figure,
        seconds: (performance.now() - t) / 1000,
        charts: figure.charts.map((c) => figureChartStem(figure.id, c.name)),
      });
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      failures.push({ id: f.id, title: f.title, error: message.split("\n")[0] });
      console.error(`\nreproduce: ${f.id} failed: ${message}`);
    }
    bar?.update(i + 1);
  }
  const seconds = (performance.now() - t0) / 1000;
  await Deno.mkdir(out, { recursive: true });
  await Deno.writeTextFile(
    `${out}/REPORT.md`,
    reportMarkdown(entries, failures, { quick, seconds }),
  );
  await bar?.done();
  console.error(
    `reproduce: ${entries.length} figure(s) written to ${out}/ in ${seconds.toFixed(1)} s` +
      (failures.length > 0
        ? `; ${failures.length} failed: ${failures.map((f) => f.id).join(", ")}`
        : ""),
  );
  return failures.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  try {
    Deno.exit(await runReproduce(Deno.args));
  } catch (e) {
    if (e instanceof UsageError || e instanceof RangeError || e instanceof TypeError) {
      console.error(`typiquant reproduce: ${(e as Error).message.split("\n")[0]}`);
      Deno.exit(2);
    }
    throw e;
  }
}
