/**
 * Shared plumbing of the notebook harness: finding notebooks, running `jupyter nbconvert`,
 * and a tiny bounded-concurrency pool.
 *
 * Child processes are started through `setsid`; a timed-out nbconvert is stopped together with
 * the Deno kernel it spawned (which jupyter_client puts in a session of its own).
 *
 * @module
 */

import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Absolute path of this harness directory (`tests/notebooks`).
 *
 * @example
 * ```ts
 * import { NB_HARNESS_DIR } from "./notebook_exec.ts";
 * if (!NB_HARNESS_DIR.endsWith("/tests/notebooks")) throw new Error(NB_HARNESS_DIR);
 * ```
 */
export const NB_HARNESS_DIR: string = dirname(fileURLToPath(import.meta.url));

/**
 * Absolute path of the repository root (two levels above this file).
 *
 * @example
 * ```ts
 * import { NB_REPO_ROOT } from "./notebook_exec.ts";
 * Deno.statSync(`${NB_REPO_ROOT}/deno.json`); // throws when wrong
 * ```
 */
export const NB_REPO_ROOT: string = resolve(NB_HARNESS_DIR, "..", "..");

/**
 * Extra environment passed to every jupyter child process (merged into the inherited one).
 *
 * @example
 * ```ts
 * import { nbChildEnv } from "./notebook_exec.ts";
 * if (nbChildEnv().NO_COLOR !== "1") throw new Error("colour codes would leak into outputs");
 * ```
 */
export function nbChildEnv(): Record<string, string> {
  return {
    // Plain text outputs (no ANSI colour codes in the saved notebooks).
    NO_COLOR: "1",
    // Silences debugpy's "frozen modules" warning printed by Debian's python3.11 on stderr.
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    // deno_execute.py (the nbconvert preprocessor) lives beside this file; no __pycache__ there.
    PYTHONDONTWRITEBYTECODE: "1",
    PYTHONPATH: [NB_HARNESS_DIR, Deno.env.get("PYTHONPATH")].filter(Boolean).join(":"),
  };
}

/** Options of {@link listNotebookPaths}. */
export interface ListNotebookOptions {
  /** Directory holding the notebooks; default `<repo>/notebooks`. */
  dir?: string;
  /** Also list names that start with `_` (placeholders); default false. */
  includePrivate?: boolean;
}

/**
 * Lists `*.ipynb` files of a directory, sorted by name, skipping `_`-prefixed names unless asked.
 *
 * @example
 * ```ts
 * import { listNotebookPaths } from "./notebook_exec.ts";
 * const dir = Deno.makeTempDirSync();
 * for (const n of ["b.ipynb", "a.ipynb", "_p.ipynb", "c.txt"]) Deno.writeTextFileSync(`${dir}/${n}`, "{}");
 * const names = listNotebookPaths({ dir }).map((p) => p.slice(dir.length + 1));
 * if (names.join(",") !== "a.ipynb,b.ipynb") throw new Error(names.join(","));
 * if (listNotebookPaths({ dir, includePrivate: true }).length !== 3) throw new Error("private");
 * Deno.removeSync(dir, { recursive: true });
 * ```
 */
export function listNotebookPaths(options: ListNotebookOptions = {}): string[] {
  const dir = resolve(options.dir ?? join(NB_REPO_ROOT, "notebooks"));
  const out: string[] = [];
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)];
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  for (const entry of entries) {
    if (!entry.isFile || !entry.name.endsWith(".ipynb")) continue;
    if (entry.name.startsWith("_") && !options.includePrivate) continue;
    out.push(join(dir, entry.name));
  }
  return out.sort();
}

/** Result of running one external command with a time limit. */
export interface NbCommandResult {
  /** Exit code (-1 when killed for the time limit). */
  code: number;
  /** True when the command was killed because it exceeded its time limit. */
  timedOut: boolean;
  /** Wall-clock seconds. */
  seconds: number;
  /** Captured standard output. */
  stdout: string;
  /** Captured standard error. */
  stderr: string;
}

/** Options of {@link runNbCommand}. */
export interface NbCommandOptions {
  /** Working directory. */
  cwd?: string;
  /** Kill the whole process group after this many seconds; default: no limit. */
  killAfterSeconds?: number;
}

/**
 * Pids of `root` and all its descendants, read from /proc (parents first). Follows the parent
 * link, so it also finds children that moved to their own session, such as a Jupyter kernel
 * (jupyter_client starts kernels with `start_new_session`).
 *
 * @example
 * ```ts
 * import { processTreePids } from "./notebook_exec.ts";
 * const tree = processTreePids(Deno.pid);
 * if (tree[0] !== Deno.pid) throw new Error("root must come first");
 * ```
 */
export function processTreePids(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    let stat: string;
    try {
      stat = Deno.readTextFileSync(`/proc/${entry.name}/stat`);
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses.
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const list = children.get(ppid) ?? [];
    list.push(Number(entry.name));
    children.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * Runs `cmd args...` in its own session (via `setsid`), capturing stdout/stderr through temporary
 * files (so a stray grandchild holding them open cannot block the wait). When it exceeds
 * `killAfterSeconds`, SIGTERM then, 5 s later, SIGKILL go to its process group and to every
 * descendant process, including a Jupyter kernel living in a session of its own.
 *
 * @example
 * ```ts
 * import { runNbCommand } from "./notebook_exec.ts";
 * const ok = await runNbCommand("sh", ["-c", "echo hi; echo oops >&2"]);
 * if (ok.code !== 0 || ok.stdout !== "hi\n" || ok.stderr !== "oops\n") throw new Error("run");
 * // A grandchild in its own session is stopped too.
 * const slow = await runNbCommand("sh", ["-c", "setsid sleep 30 & sleep 30"], {
 *   killAfterSeconds: 0.3,
 * });
 * if (!slow.timedOut || slow.seconds > 10) throw new Error("kill");
 * ```
 */
export async function runNbCommand(
  cmd: string,
  args: string[],
  options: NbCommandOptions = {},
): Promise<NbCommandResult> {
  const t0 = performance.now();
  const outFile = Deno.makeTempFileSync({ prefix: "typiquant-nb-out-" });
  const errFile = Deno.makeTempFileSync({ prefix: "typiquant-nb-err-" });
  const child = new Deno.Command("setsid", {
    args: ["sh", "-c", 'exec "$@" >"$NB_OUT" 2>"$NB_ERR"', "sh", cmd, ...args],
    cwd: options.cwd,
    env: { ...nbChildEnv(), NB_OUT: outFile, NB_ERR: errFile },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  let timedOut = false;
  let tree: number[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  const signalAll = (signal: Deno.Signal): void => {
    for (const pid of [-child.pid, ...tree]) {
      try {
        Deno.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  };
  if (options.killAfterSeconds !== undefined) {
    timers.push(setTimeout(() => {
      timedOut = true;
      tree = processTreePids(child.pid);
      signalAll("SIGTERM");
      timers.push(setTimeout(() => signalAll("SIGKILL"), 5000));
    }, options.killAfterSeconds * 1000));
  }
  const status = await child.status;
  for (const t of timers) clearTimeout(t);
  if (timedOut) {
    // Whatever survived SIGTERM (the kernel may outlive its parent) gets SIGKILL now.
    tree = [...new Set([...tree, ...tree.flatMap((p) => safeTree(p))])];
    signalAll("SIGKILL");
  }
  const stdout = Deno.readTextFileSync(outFile);
  const stderr = Deno.readTextFileSync(errFile);
  Deno.removeSync(outFile);
  Deno.removeSync(errFile);
  return {
    code: timedOut ? -1 : status.code,
    timedOut,
    seconds: (performance.now() - t0) / 1000,
    stdout,
    stderr,
  };
}

/** {@link processTreePids} that returns [] when the root is gone. */
function safeTree(pid: number): number[] {
  try {
    Deno.statSync(`/proc/${pid}`);
  } catch {
    return [];
  }
  return processTreePids(pid).slice(1);
}

/** Options of {@link executeNotebook}. */
export interface ExecuteNotebookOptions {
  /** Write executed notebook here (same base name); ignored when `inplace`. */
  outputDir?: string;
  /** Overwrite the source notebook with the executed one (`--inplace`). */
  inplace?: boolean;
  /** Per-cell timeout given to nbconvert, seconds; default 300. */
  cellTimeoutSeconds?: number;
  /** Kill nbconvert and its kernel after this many seconds; default 180. */
  killAfterSeconds?: number;
}

/** Result of {@link executeNotebook}. */
export interface ExecuteNotebookResult extends NbCommandResult {
  /** Path of the executed notebook (exists when `code` is 0). */
  executedPath: string;
}

/**
 * Executes a notebook with the Deno kernel through `jupyter nbconvert --to notebook`, with the
 * `DenoExecutePreprocessor` of `deno_execute.py` in place of `--execute` (same options:
 * kernel `deno`, per-cell timeout 300 s; it also keeps outputs the kernel sends after "idle").
 *
 * @example
 * ```ts
 * import { executeNotebook } from "./notebook_exec.ts";
 * // A missing notebook fails cleanly with nbconvert's error text instead of throwing.
 * const r = await executeNotebook("/nonexistent/x.ipynb", { outputDir: Deno.makeTempDirSync() });
 * if (r.code === 0) throw new Error("expected failure");
 * ```
 */
export async function executeNotebook(
  path: string,
  options: ExecuteNotebookOptions = {},
): Promise<ExecuteNotebookResult> {
  const abs = resolve(path);
  // `--execute` with nbclient's stock ExecutePreprocessor drops outputs that the Deno kernel
  // publishes after its idle status; deno_execute.py keeps them (see there).
  const args = [
    "nbconvert",
    "--to",
    "notebook",
    "--Exporter.preprocessors",
    "deno_execute.DenoExecutePreprocessor",
    "--DenoExecutePreprocessor.enabled=True",
    "--ExecutePreprocessor.kernel_name=deno",
    `--ExecutePreprocessor.timeout=${options.cellTimeoutSeconds ?? 300}`,
  ];
  let executedPath = abs;
  if (options.inplace) {
    args.push("--inplace");
  } else {
    if (!options.outputDir) throw new TypeError("outputDir: required unless inplace is true");
    const outDir = resolve(options.outputDir);
    args.push("--output-dir", outDir, "--output", basename(abs, ".ipynb"));
    executedPath = join(outDir, basename(abs));
  }
  args.push(abs);
  const result = await runNbCommand("jupyter", args, {
    cwd: NB_REPO_ROOT,
    killAfterSeconds: options.killAfterSeconds ?? 180,
  });
  return { ...result, executedPath };
}

/**
 * Maps `fn` over `items` with at most `limit` calls in flight; results keep the input order.
 *
 * @example
 * ```ts
 * import { mapNbPool } from "./notebook_exec.ts";
 * let live = 0, peak = 0;
 * const r = await mapNbPool([1, 2, 3, 4, 5], 2, async (x) => {
 *   peak = Math.max(peak, ++live);
 *   await new Promise((ok) => setTimeout(ok, 5));
 *   live--;
 *   return x * 10;
 * });
 * if (r.join() !== "10,20,30,40,50" || peak !== 2) throw new Error(`${r} ${peak}`);
 * ```
 */
export async function mapNbPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit: expected an integer >= 1, got ${limit}`);
  }
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Last `n` non-empty lines of a text, for compact failure reports.
 *
 * @example
 * ```ts
 * import { tailLines } from "./notebook_exec.ts";
 * if (tailLines("a\n\nb\nc\n", 2) !== "b\nc") throw new Error("tail");
 * ```
 */
export function tailLines(text: string, n: number): string {
  return text.split(/\r?\n/).filter((l) => l.trim() !== "").slice(-n).join("\n");
}
