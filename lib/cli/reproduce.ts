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
 * Safety: `--out` is checked before anything is computed; the run is staged in a sibling
 * directory `.<out>.staging-<pid>` (every file written atomically) and swapped in at the end, so
 * an interrupted run leaves the previous figures intact and a finished one leaves no stale
 * files. `--only` keeps the other figures' files and their REPORT.md sections.
 *
 * Scheduling: with more than one worker, the figures built on one thread run one after the
 * other in a module worker while the others (which use their own worker pools) run here, so the
 * light figures fill the cores the heavy ones leave idle; the report's per-figure seconds are
 * then wall times of overlapping builds and its total the run's wall time.
 *
 * Exit codes: 0 ok, 1 a figure failed (the others are still written, the failure is listed in
 * the report) or the output could not be written (one line on stderr), 2 bad input.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { basename, dirname, resolve } from "node:path";
import { UsageError } from "./flags.ts";
import { classifyError } from "./output.ts";
import { FIGURE_REGISTRY, type FigureEntry, selectFigures } from "../figures/registry.ts";
import { defaultWorkers } from "../parallel/worker_pool.ts";
import type { FigureResult } from "../figures/figure.ts";
import {
  assembleReport,
  figureChartStem,
  parseReport,
  type ReportFailure,
  type ReportSection,
  reportSection,
  writeFigure,
  writeTextAtomic,
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
  --workers N      worker threads for the heavy sweeps (1..64, default: cores)
  --no-png         skip PNG rendering
  --quiet          no progress bar
--out is checked before computing; the run is staged next to it and swapped in at the end
(an interrupted run leaves the previous figures intact); --only keeps the other figures
exit: 0 ok, 1 a figure failed or the output could not be written, 2 bad input`;

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
    if (!(Number.isInteger(workers) && workers >= 1 && workers <= 64)) {
      throw new UsageError(`workers: expected an integer in 1..64, got ${values.workers}`);
    }
  }
  const only = values.only?.split(",").map((s) => s.trim()).filter((s) => s !== "");
  const figures = selectFigures(only);
  const partial = only !== undefined && only.length > 0;
  const quick = values.quick;
  const target = await prepareOutput(out);
  const cleanup = () => {
    try {
      Deno.removeSync(target.staging, { recursive: true });
    } catch {
      // already gone
    }
  };
  const signals: [Deno.Signal, () => void][] = (["SIGINT", "SIGTERM"] as const).map((sig) => {
    const handler = () => {
      cleanup();
      Deno.exit(sig === "SIGINT" ? 130 : 143);
    };
    return [sig, handler];
  });
  for (const [sig, handler] of signals) Deno.addSignalListener(sig, handler);
  try {
    // an --only run starts from the previous output minus the figures it redoes
    const redo = new Set(figures.map((f) => f.id));
    let kept: ReportSection[] = [];
    let keptFailures: ReportFailure[] = [];
    if (partial && target.exists) {
      await copyKept(out, target.staging, redo);
      try {
        const previous = parseReport(await Deno.readTextFile(`${out}/REPORT.md`));
        kept = previous.sections.filter((sec) => !redo.has(sec.id));
        keptFailures = previous.failures.filter((f) => !redo.has(f.id));
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
    const bar = values.quiet ? undefined : progressBar({
      total: figures.length,
      label: "reproduce",
      target: null,
    });
    const t0 = performance.now();
    const fresh: ReportSection[] = [];
    const failures: ReportFailure[] = [];
    let finished = 0;
    /** Builds one figure (in this thread or the light lane's worker) and writes it. */
    const runFigure = async (
      f: FigureEntry,
      build: (onProgress: (done: number, total: number) => void) => Promise<FigureResult>,
    ): Promise<void> => {
      const t = performance.now();
      try {
        const figure = await build((done, total) =>
          bar?.update(finished + Math.min(1, done / total) * 0.9)
        );
        await writeFigure(figure, target.staging, { png: !values["no-png"] });
        fresh.push(reportSection({
          figure,
          seconds: (performance.now() - t) / 1000,
          charts: figure.charts.map((c) => figureChartStem(figure.id, c.name)),
        }, quick));
      } catch (e) {
        if (isOutputError(e)) throw e;
        const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        failures.push({ id: f.id, title: f.title, error: message.split("\n")[0] });
        console.error(`\nreproduce: ${f.id} failed: ${message.split("\n")[0]}`);
      }
      bar?.update(++finished);
    };
    // Scheduling: the figures built on one thread (LIGHT_FIGURES) run one after the other in a
    // module worker while this thread runs the others, which spread their own work over a pool
    // of workers; the light lane fills the cores the heavy figures leave idle (their serial
    // phases, chart and PNG rendering). Per-figure seconds are then wall times of overlapping
    // builds; the total is the wall time of the run. One worker (or one lane): in order, here.
    const light = figures.filter((f) => LIGHT_FIGURES.has(f.id));
    const heavy = figures.filter((f) => !LIGHT_FIGURES.has(f.id));
    const lanes = (workers ?? defaultWorkers()) > 1 && light.length > 0 && heavy.length > 0;
    const here = (f: FigureEntry) =>
      runFigure(f, (onProgress) => f.build({ quick, workers, onProgress }));
    if (!lanes) {
      for (const f of figures) await here(f);
    } else {
      const lane = new FigureWorker();
      try {
        const results = await Promise.allSettled([
          (async () => {
            for (const f of heavy) await here(f);
          })(),
          (async () => {
            for (const f of light) await runFigure(f, () => lane.build(f.id, { quick, workers }));
          })(),
        ]);
        for (const r of results) if (r.status === "rejected") throw r.reason;
      } finally {
        lane.dispose();
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    const order = FIGURE_REGISTRY.map((f) => f.id);
    const rank = (id: string) => order.indexOf(id) < 0 ? order.length : order.indexOf(id);
    const sections = [...kept, ...fresh].sort((a, b) => rank(a.id) - rank(b.id));
    const allFailures = [...keptFailures, ...failures].sort((a, b) => rank(a.id) - rank(b.id));
    await writeTextAtomic(
      `${target.staging}/REPORT.md`,
      assembleReport(sections, allFailures, { quick, seconds, partial }),
    );
    await swapIn(target.staging, out, target.exists);
    await bar?.done();
    console.error(
      `reproduce: ${fresh.length} figure(s) written to ${out}/ in ${seconds.toFixed(1)} s` +
        (failures.length > 0
          ? `; ${failures.length} failed: ${failures.map((f) => f.id).join(", ")}`
          : ""),
    );
    return failures.length > 0 ? 1 : 0;
  } finally {
    cleanup();
    for (const [sig, handler] of signals) Deno.removeSignalListener(sig, handler);
  }
}

/**
 * Figures whose build runs on one thread (no worker pool of their own): `reproduce` runs them
 * in a module worker next to the others.
 */
const LIGHT_FIGURES: ReadonlySet<string> = new Set([
  "rs_checks",
  "optimal_width",
  "double_descent",
  "nonuniform",
  "post_training",
]);

/** A task of {@link buildFigureTask}: one figure's id and build options (no callbacks). */
export interface FigureTask {
  /** Figure id (see `FIGURE_REGISTRY`). */
  id: string;
  /** Reduced grids. */
  quick?: boolean;
  /** Worker threads for the figure's own sweeps. */
  workers?: number;
}

/**
 * Builds one figure by id: the unit of work `reproduce` sends to its light-lane worker (run
 * through `lib/parallel/worker.ts`; the result is plain structured-cloneable data).
 *
 * @throws {RangeError} naming an unknown id.
 * @example
 * ```ts
 * const f = await buildFigureTask({ id: "optimal_width", quick: true });
 * if (f.id !== "optimal_width" || f.charts.length === 0) throw new Error();
 * ```
 */
export async function buildFigureTask(task: FigureTask): Promise<FigureResult> {
  const [f] = selectFigures([task.id]);
  return await f.build({ quick: task.quick, workers: task.workers });
}

/** One module worker that builds figures one at a time (the light lane of `reproduce`). */
class FigureWorker {
  #worker = new Worker(new URL("../parallel/worker.ts", import.meta.url), { type: "module" });
  #next = 0;
  #failed: string | null = null;
  #pending = new Map<number, { resolve: (f: FigureResult) => void; reject: (e: Error) => void }>();

  constructor() {
    this.#worker.onmessage = (e: MessageEvent) => {
      const msg = e.data as {
        id: number;
        ok: boolean;
        result?: FigureResult;
        name?: string;
        message?: string;
      };
      const p = this.#pending.get(msg.id);
      if (p === undefined) return;
      this.#pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result!);
      else {
        const err = new Error(msg.message);
        err.name = msg.name ?? "Error";
        p.reject(err);
      }
    };
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#failed = `worker failed: ${e.message}`;
      for (const p of this.#pending.values()) p.reject(new Error(this.#failed));
      this.#pending.clear();
    };
  }

  build(id: string, options: { quick?: boolean; workers?: number }): Promise<FigureResult> {
    const job = this.#next++;
    if (this.#failed !== null) return Promise.reject(new Error(this.#failed));
    return new Promise((resolve, reject) => {
      this.#pending.set(job, { resolve, reject });
      this.#worker.postMessage({
        id: job,
        moduleUrl: import.meta.url,
        exportName: "buildFigureTask",
        task: { id, ...options } satisfies FigureTask,
      });
    });
  }

  dispose(): void {
    this.#worker.terminate();
  }
}

/** True for an error of the file system or an output stream (never a figure's own failure). */
function isOutputError(e: unknown): boolean {
  return e instanceof Deno.errors.PermissionDenied || e instanceof Deno.errors.BrokenPipe ||
    (e instanceof Error && /\(os error (1|5|13|28|30|32|122)\)/.test(e.message));
}

/**
 * Checks `--out` before any computing and creates the staging directory next to it.
 *
 * @throws {UsageError} if `out` exists but is not a directory, or its parent cannot be created
 *   or written.
 */
async function prepareOutput(out: string): Promise<{ staging: string; exists: boolean }> {
  const path = resolve(out);
  const parent = dirname(path);
  const base = basename(path);
  let exists = false;
  try {
    const info = await Deno.stat(path);
    if (!info.isDirectory) {
      throw new UsageError(`--out: ${JSON.stringify(out)} exists and is not a directory`);
    }
    exists = true;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (!(e instanceof Deno.errors.NotFound)) {
      throw new UsageError(`--out: cannot use ${JSON.stringify(out)}: ${firstLine(e)}`);
    }
  }
  try {
    await Deno.mkdir(parent, { recursive: true });
  } catch (e) {
    throw new UsageError(`--out: cannot create ${JSON.stringify(parent)}: ${firstLine(e)}`);
  }
  // leftovers of interrupted runs: a staging directory whose process is gone, or a previous
  // output moved aside by a swap that was cut between its two renames
  for await (const entry of Deno.readDir(parent)) {
    const staging = new RegExp(`^\\.${escape(base)}\\.staging-(\\d+)$`).exec(entry.name);
    if (staging !== null && !processAlive(Number(staging[1]))) {
      await Deno.remove(`${parent}/${entry.name}`, { recursive: true });
    }
    const old = new RegExp(`^\\.${escape(base)}\\.old-(\\d+)$`).exec(entry.name);
    if (old !== null && !processAlive(Number(old[1]))) {
      if (!exists) {
        await Deno.rename(`${parent}/${entry.name}`, path);
        exists = true;
      } else await Deno.remove(`${parent}/${entry.name}`, { recursive: true });
    }
  }
  const staging = `${parent}/.${base}.staging-${Deno.pid}`;
  try {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    await Deno.mkdir(staging);
    await writeTextAtomic(`${staging}/.probe`, "");
    await Deno.remove(`${staging}/.probe`);
  } catch (e) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw new UsageError(`--out: cannot write in ${JSON.stringify(parent)}: ${firstLine(e)}`);
  }
  return { staging, exists };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Whether a process id is running (Linux: /proc; elsewhere assume it is not). */
function processAlive(pid: number): boolean {
  if (pid === Deno.pid) return false;
  try {
    Deno.statSync(`/proc/${pid}`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The figure a file of the output belongs to (`id.csv`, `id.json`, `id_chart.svg`, ...): the
 * longest registered id it starts with (so `one_rsb_x.svg` is not taken for a figure
 * `one_rsb_x`'s neighbour `one_rsb`), or undefined.
 */
function ownerOf(name: string): string | undefined {
  let owner: string | undefined;
  for (const { id } of FIGURE_REGISTRY) {
    if (
      (name.startsWith(`${id}.`) || name.startsWith(`${id}_`)) &&
      (owner === undefined || id.length > owner.length)
    ) owner = id;
  }
  return owner;
}

/** Copies (hard-links when possible) the previous output's files that the run keeps. */
async function copyKept(out: string, staging: string, redo: ReadonlySet<string>): Promise<void> {
  for await (const entry of Deno.readDir(out)) {
    if (!entry.isFile || entry.name === "REPORT.md" || entry.name.startsWith(".")) continue;
    // drop the figures this run redoes, and files of figures that no longer exist
    const owner = ownerOf(entry.name);
    if (owner === undefined || redo.has(owner)) continue;
    try {
      await Deno.link(`${out}/${entry.name}`, `${staging}/${entry.name}`);
    } catch {
      await Deno.copyFile(`${out}/${entry.name}`, `${staging}/${entry.name}`);
    }
  }
}

/** Replaces `out` by `staging`: move the old output aside, rename staging into place, delete. */
async function swapIn(staging: string, out: string, exists: boolean): Promise<void> {
  const path = resolve(out);
  if (!exists) {
    await Deno.rename(staging, path);
    return;
  }
  const old = `${dirname(path)}/.${basename(path)}.old-${Deno.pid}`;
  await Deno.rename(path, old);
  try {
    await Deno.rename(staging, path);
  } catch (e) {
    await Deno.rename(old, path);
    throw e;
  }
  await Deno.remove(old, { recursive: true });
}

if (import.meta.main) {
  try {
    Deno.exit(await runReproduce(Deno.args));
  } catch (e) {
    const { code, line } = classifyError(e);
    console.error(`typiquant reproduce: ${line}`);
    Deno.exit(code);
  }
}
