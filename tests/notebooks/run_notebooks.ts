/**
 * Task `test:notebooks`: executes notebooks with the Deno Jupyter kernel and checks their outputs.
 *
 * ```sh
 * deno task test:notebooks                          # every notebooks/*.ipynb except _*.ipynb
 * deno task test:notebooks --include-private        # also _*.ipynb
 * deno task test:notebooks notebooks/a.ipynb /tmp/b.ipynb   # explicit notebooks
 * deno task test:notebooks --write                  # execute in place (commit outputs of a clean run),
 *                                                   #   then normalize (normalize.ts: as Lab saves)
 * deno task test:notebooks --output-dir DIR         # keep executed copies in DIR (for test:browser)
 * ```
 *
 * Each notebook runs `jupyter nbconvert --to notebook --ExecutePreprocessor.kernel_name=deno
 * --ExecutePreprocessor.timeout=300` with the `DenoExecutePreprocessor` of `deno_execute.py` in
 * place of `--execute` (the stock one drops outputs the Deno kernel sends after its idle status),
 * into a temporary `--output-dir`, or `--inplace` with `--write`; two run at a time (`--jobs`). A notebook fails
 * when nbconvert fails (an uncaught cell error stops it), when it takes more than `--max-seconds`
 * (default 90; nbconvert is killed at twice that), or on any rule of `notebook_inspect.ts`
 * (error outputs, error lines on stderr, chart bundles lacking their Vega-Lite spec or SVG).
 *
 * Prints one line per notebook and a closing `notebooks: N passed, N failed`; exits 1 on failure.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { relative, resolve } from "node:path";
import {
  executeNotebook,
  listNotebookPaths,
  mapNbPool,
  NB_REPO_ROOT,
  tailLines,
} from "./notebook_exec.ts";
import { inspectExecutedNotebook, type NbNotebook } from "./notebook_inspect.ts";
import { normalizeNotebook } from "./normalize.ts";

/** Outcome of one notebook under `test:notebooks`. */
export interface NotebookRunOutcome {
  /** Notebook path as given or found. */
  path: string;
  /** Path of the executed copy (or the notebook itself with `--write`). */
  executedPath: string;
  /** True when every check passed. */
  ok: boolean;
  /** Wall-clock seconds of the nbconvert run. */
  seconds: number;
  /** Chart bundles (Vega-Lite + SVG) found in the outputs. */
  charts: number;
  /** Failure reasons; empty when ok. */
  problems: string[];
}

/** Options of {@link runOneNotebook}. */
export interface RunOneNotebookOptions {
  /** Directory for the executed copy (unless `inplace`). */
  outputDir?: string;
  /** Execute in place. */
  inplace?: boolean;
  /** Time budget per notebook, seconds. */
  maxSeconds: number;
}

/**
 * Executes one notebook and applies every check of the harness.
 *
 * @example
 * ```ts
 * import { runOneNotebook } from "./run_notebooks.ts";
 * const r = await runOneNotebook("/nonexistent.ipynb", {
 *   outputDir: Deno.makeTempDirSync(),
 *   maxSeconds: 90,
 * });
 * if (r.ok || r.problems.length === 0) throw new Error("a missing notebook must fail");
 * ```
 */
export async function runOneNotebook(
  path: string,
  options: RunOneNotebookOptions,
): Promise<NotebookRunOutcome> {
  const res = await executeNotebook(path, {
    outputDir: options.outputDir,
    inplace: options.inplace,
    killAfterSeconds: Math.max(2 * options.maxSeconds, options.maxSeconds + 30),
  });
  const problems: string[] = [];
  let charts = 0;
  if (res.timedOut) {
    problems.push(`killed after ${res.seconds.toFixed(1)} s (limit ${options.maxSeconds} s)`);
  } else if (res.seconds > options.maxSeconds) {
    problems.push(`took ${res.seconds.toFixed(1)} s > limit ${options.maxSeconds} s`);
  }
  if (res.code !== 0 && !res.timedOut) {
    problems.push(`nbconvert exited ${res.code}:\n${indent(nbconvertFailure(res.stderr))}`);
  }
  if (res.code === 0) {
    try {
      const nb = JSON.parse(Deno.readTextFileSync(res.executedPath)) as NbNotebook;
      const inspection = inspectExecutedNotebook(nb);
      charts = inspection.charts;
      for (const p of inspection.problems) problems.push(`cell ${p.cell}: ${p.message}`);
    } catch (e) {
      problems.push(`cannot read executed notebook ${res.executedPath}: ${e}`);
    }
  }
  return {
    path,
    executedPath: res.executedPath,
    ok: problems.length === 0,
    seconds: res.seconds,
    charts,
    problems,
  };
}

/**
 * The useful part of nbconvert's stderr after a failed run: the cell source and the error
 * (nbclient's CellExecutionError text), else the last lines.
 *
 * @example
 * ```ts
 * import { nbconvertFailure } from "./run_notebooks.ts";
 * const err = "Traceback...\n  File x\nnbclient.exceptions.CellExecutionError: " +
 *   "An error occurred while executing the following cell:\n---\nthrow 1\n---\nError: 1\n";
 * if (!nbconvertFailure(err).startsWith("An error occurred")) throw new Error("summary");
 * ```
 */
export function nbconvertFailure(stderr: string): string {
  const at = stderr.indexOf("An error occurred while executing the following cell");
  if (at < 0) return tailLines(stderr, 25);
  return stderr.slice(at).split(/\r?\n/).filter((l) => l.trim() !== "").slice(0, 40).join("\n");
}

/** Indents every line by four spaces. */
function indent(text: string): string {
  return text.split("\n").map((l) => `    ${l}`).join("\n");
}

/** Path relative to the repository root when inside it, else absolute. */
function display(path: string): string {
  const rel = relative(NB_REPO_ROOT, resolve(path));
  return rel.startsWith("..") ? resolve(path) : rel;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "include-private": { type: "boolean", default: false },
      write: { type: "boolean", default: false },
      jobs: { type: "string", default: "2" },
      "max-seconds": { type: "string", default: "90" },
      "output-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: run_notebooks.ts [--include-private] [--write] [--jobs N] [--max-seconds S] " +
        "[--output-dir DIR] [notebook.ipynb ...]",
    );
    return 0;
  }
  const jobs = Number(values.jobs);
  const maxSeconds = Number(values["max-seconds"]);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new RangeError(`--jobs: expected an integer >= 1, got ${values.jobs}`);
  }
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) {
    throw new RangeError(`--max-seconds: expected a number > 0, got ${values["max-seconds"]}`);
  }
  const paths = positionals.length > 0
    ? positionals.map((p) => resolve(p))
    : listNotebookPaths({ includePrivate: values["include-private"] });
  const names = paths.map((p) => p.split("/").pop());
  if (!values.write && new Set(names).size !== names.length) {
    throw new RangeError(`notebooks: base names must be unique, got ${names.join(", ")}`);
  }
  if (paths.length === 0) console.log("no notebooks found");

  const keep = values["output-dir"] !== undefined;
  const outputDir = keep ? resolve(values["output-dir"]!) : Deno.makeTempDirSync({
    prefix: "typiquant-nb-",
  });
  if (keep) Deno.mkdirSync(outputDir, { recursive: true });

  const t0 = performance.now();
  const outcomes = await mapNbPool(paths, jobs, async (path) => {
    const r = await runOneNotebook(path, { outputDir, inplace: values.write, maxSeconds });
    if (values.write && r.ok) {
      // The form JupyterLab keeps (chart PNGs, nbformat layout): no churn when opened in Lab.
      try {
        const n = await normalizeNotebook(path);
        console.log(`       ${display(path)}: normalized (${n.pngs} chart PNGs)`);
      } catch (e) {
        r.ok = false;
        r.problems.push(`normalize: ${e instanceof Error ? e.message : e}`);
      }
    }
    const status = r.ok ? "ok    " : "FAILED";
    console.log(
      `${status} ${display(path)}  ${r.seconds.toFixed(1)} s  charts ${r.charts}`,
    );
    for (const p of r.problems) console.log(indent(p));
    return r;
  });
  if (!keep) Deno.removeSync(outputDir, { recursive: true });
  else console.log(`executed notebooks kept in ${outputDir}`);

  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s, ${jobs} at a time)`);
  console.log(`notebooks: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
