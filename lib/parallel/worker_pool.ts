/**
 * Runs independent tasks in module workers (2 give about 1.7x on a 2-core machine): seeds of
 * an AMP or Monte Carlo run, rows of a phase diagram. The task function is named by module URL
 * and export name, so it runs in the worker with its own imports; tasks and results must be
 * structured-cloneable (plain objects, numbers, typed arrays).
 *
 * @module
 */

/** Options for {@link runInWorkers}. */
export interface WorkerPoolOptions {
  /** Number of workers, an integer >= 1. Default: min(tasks, hardware concurrency). */
  workers?: number;
  /** Called after each finished task with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Default worker count: the machine's logical cores. */
export function defaultWorkers(): number {
  return Math.max(1, navigator.hardwareConcurrency ?? 2);
}

/**
 * Maps `tasks` through `moduleUrl`'s export `exportName` in parallel module workers, keeping
 * the order of the tasks. With one worker (or one task) it runs in this thread instead.
 * A task that throws rejects the whole call with an error of the same name and message.
 *
 * @throws {RangeError} if `workers` is not an integer >= 1.
 * @example
 * ```ts
 * const url = "data:text/javascript," + encodeURIComponent("export const square = (x) => x * x;");
 * const out = await runInWorkers<number, number>(url, "square", [1, 2, 3], { workers: 2 });
 * if (out.join() !== "1,4,9") throw new Error(String(out));
 * ```
 */
export async function runInWorkers<T, R>(
  moduleUrl: string,
  exportName: string,
  tasks: readonly T[],
  options: WorkerPoolOptions = {},
): Promise<R[]> {
  const n = options.workers ?? Math.min(tasks.length, defaultWorkers());
  if (!(Number.isInteger(n) && n >= 1) && tasks.length > 0) {
    throw new RangeError(`workers: expected an integer >= 1, got ${n}`);
  }
  const results = new Array<R>(tasks.length);
  let done = 0;
  if (tasks.length === 0) return results;
  if (n === 1 || tasks.length === 1) {
    const mod = (await import(moduleUrl)) as Record<string, (t: T) => R | Promise<R>>;
    const fn = mod[exportName];
    if (typeof fn !== "function") {
      throw new TypeError(`exportName: ${exportName} is not a function exported by ${moduleUrl}`);
    }
    for (let i = 0; i < tasks.length; i++) {
      results[i] = await fn(tasks[i]);
      done++;
      options.onProgress?.(done, tasks.length);
    }
    return results;
  }
  const workerUrl = new URL("./worker.ts", import.meta.url);
  const pool = Array.from(
    { length: Math.min(n, tasks.length) },
    () => new Worker(workerUrl, { type: "module" }),
  );
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const feed = (w: Worker) => {
        if (failed) return;
        if (next >= tasks.length) {
          if (done === tasks.length) resolve();
          return;
        }
        const id = next++;
        w.postMessage({ id, moduleUrl, exportName, task: tasks[id] });
      };
      for (const w of pool) {
        w.onmessage = (e: MessageEvent) => {
          const msg = e.data as {
            id: number;
            ok: boolean;
            result?: R;
            name?: string;
            message?: string;
          };
          if (!msg.ok) {
            failed = true;
            const Ctor = msg.name === "RangeError"
              ? RangeError
              : msg.name === "TypeError"
              ? TypeError
              : Error;
            reject(new Ctor(msg.message));
            return;
          }
          results[msg.id] = msg.result as R;
          done++;
          options.onProgress?.(done, tasks.length);
          feed(w);
        };
        w.onerror = (e: ErrorEvent) => {
          e.preventDefault();
          failed = true;
          reject(new Error(`worker failed: ${e.message}`));
        };
        feed(w);
      }
    });
  } finally {
    for (const w of pool) w.terminate();
  }
  return results;
}
