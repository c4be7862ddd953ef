/**
 * CLI output helpers: JSON with non-finite numbers as null, and aligned plain-text tables.
 *
 * @module
 */

/**
 * JSON text in which NaN, ±Infinity become null and typed arrays become arrays.
 *
 * @example
 * ```ts
 * if (toJson({ a: Infinity, b: new Float64Array([1]) }) !== '{"a":null,"b":[1]}') throw new Error();
 * ```
 */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === "number" && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        return Array.from(v as unknown as ArrayLike<number>);
      }
      return v;
    },
    space,
  );
}

/**
 * Formats rows of `[name, value]` as an aligned two-column table.
 *
 * @example
 * ```ts
 * const t = formatTable([["m", 0.5], ["converged", true]]);
 * if (!t.includes("m          0.500000")) throw new Error(t);
 * ```
 */
export function formatTable(rows: [string, unknown][]): string {
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  return rows.map(([k, v]) => `${k.padEnd(Math.max(width, 11))}${formatValue(v)}`).join("\n");
}

/** Formats one value for a table: 6 significant digits for non-integers. */
export function formatValue(v: unknown): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return String(v);
    return v.toPrecision(6);
  }
  return v === null ? "null" : String(v);
}

/**
 * Names of user-facing parameters: a RangeError/TypeError whose message starts with one of these
 * (`alpha: expected ...`, `levels[2]: ...`, `--bits: ...`) is bad input (exit 2).
 */
const INPUT_NAMES = new Set([
  "alpha",
  "beta",
  "sigma2",
  "lambda",
  "rho",
  "density",
  "bits",
  "width",
  "levels",
  "mu",
  "pi",
  "priorVariance",
  "quantizer",
  "teacher",
  "weights",
  "n",
  "seed",
  "seeds",
  "chains",
  "sweeps",
  "burnIn",
  "annealSweeps",
  "replicas",
  "workers",
  "tolerance",
  "maxIterations",
  "damping",
  "precision",
  "x",
  "parisi",
  "samples",
  "from",
  "to",
  "vary",
  "scale",
  "objective",
  "out",
  "only",
  "hi",
  "lo",
]);

/** Names of solver quantities: an error naming one of these is a solver breakdown (exit 3). */
const SOLVER_NAMES = new Set([
  "mhat",
  "qhat",
  "Qhat",
  "quad",
  "delta",
  "V",
  "chi",
  "m",
  "q",
  "q0",
  "q1",
  "state",
  "start",
]);

/** Output errors (a closed pipe, a full disk, no permission) by their OS error code. */
const OUTPUT_CODES: Record<string, string> = {
  EPIPE: "output closed (broken pipe)",
  ENOSPC: "no space left on device",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  EDQUOT: "disk quota exceeded",
  EIO: "input/output error",
};

/**
 * Maps an error thrown by a command to its exit code and the one line to print on stderr:
 * 2 for bad input (a UsageError, or a RangeError/TypeError naming a user-facing parameter),
 * 3 for a solver breakdown (an error naming a solver quantity such as `mhat`), 1 for an output
 * error (EPIPE, ENOSPC, EACCES) or any other internal error — never a stack trace.
 *
 * @example
 * ```ts
 * if (classifyError(new RangeError("alpha: expected a number > 0, got -1")).code !== 2) throw new Error();
 * if (classifyError(new RangeError("mhat: expected a finite number > 0, got NaN")).code !== 3) throw new Error();
 * if (classifyError(new RangeError("Invalid array length")).code !== 1) throw new Error();
 * ```
 */
export function classifyError(e: unknown): { code: number; line: string } {
  const error = e instanceof Error ? e : new Error(String(e));
  const message = error.message.split("\n")[0];
  const code = (error as { code?: unknown }).code;
  const osCode = typeof code === "string" ? code : osErrorCode(error);
  if (osCode !== undefined && osCode in OUTPUT_CODES) {
    return { code: 1, line: `cannot write output: ${OUTPUT_CODES[osCode]} (${message})` };
  }
  if (error.name === "UsageError") return { code: 2, line: message };
  const name = /^(?:--)?([A-Za-z][\w-]*)(?:\[\d+\])?: /.exec(message)?.[1];
  if ((error instanceof RangeError || error instanceof TypeError) && name !== undefined) {
    if (INPUT_NAMES.has(name) || message.startsWith("--")) return { code: 2, line: message };
    if (SOLVER_NAMES.has(name)) {
      return { code: 3, line: `solver breakdown (not converged): ${message}` };
    }
  }
  return { code: 1, line: `internal error: ${error.name}: ${message}` };
}

function osErrorCode(error: Error): string | undefined {
  if (error instanceof Deno.errors.BrokenPipe) return "EPIPE";
  if (error instanceof Deno.errors.PermissionDenied) return "EACCES";
  const m = /\(os error (\d+)\)/.exec(error.message);
  if (m === null) return undefined;
  return ({
    "1": "EPERM",
    "5": "EIO",
    "13": "EACCES",
    "28": "ENOSPC",
    "30": "EROFS",
    "32": "EPIPE",
  } as Record<string, string>)[m[1]];
}

/**
 * Prints `text` and a newline on stdout (through `console.log`, so in-process callers can
 * capture it; a reader that closed the pipe early is ignored, as `head` expects).
 *
 * @example
 * ```ts
 * printLine("ok");
 * ```
 */
export function printLine(text: string): void {
  console.log(text);
}
