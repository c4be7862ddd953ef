/**
 * Generic module worker for {@link runInWorkers}: imports the named module, calls the named
 * export with each task it receives and posts the result (or the error message) back.
 *
 * @module
 */

interface Job {
  id: number;
  moduleUrl: string;
  exportName: string;
  task: unknown;
}

const cache = new Map<string, Record<string, unknown>>();

/** The worker's global scope (typed here so the file also checks outside a worker context). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Job>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = async (event: MessageEvent<Job>) => {
  const { id, moduleUrl, exportName, task } = event.data;
  try {
    let mod = cache.get(moduleUrl);
    if (mod === undefined) {
      mod = (await import(moduleUrl)) as Record<string, unknown>;
      cache.set(moduleUrl, mod);
    }
    const fn = mod[exportName];
    if (typeof fn !== "function") {
      throw new TypeError(`exportName: ${exportName} is not a function exported by ${moduleUrl}`);
    }
    const result = await fn(task);
    scope.postMessage({ id, ok: true, result });
  } catch (e) {
    const err = e as Error;
    scope.postMessage({
      id,
      ok: false,
      name: err?.name ?? "Error",
      message: String(err?.message ?? e),
    });
  }
};
