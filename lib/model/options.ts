/**
 * Strict option objects: a misspelled key (`{ lamda: 5 }`, `{ tolernce: 1e-2 }`) is an error,
 * never a silent fall-back to the default.
 *
 * @module
 */

/**
 * Throws a TypeError if `options` is not a plain object or has a key outside `known`.
 * `undefined` and `null` pass (no options given).
 *
 * @param options the object the caller received.
 * @param known the keys the caller accepts.
 * @param where the parameter name used in the message, e.g. `"solveRs options"`.
 * @throws {TypeError} `solveRs options: unknown key "tolernce"; known keys: tolerance, maxIterations`.
 * @example
 * ```ts
 * checkKeys({ tolerance: 1e-8 }, ["tolerance", "maxIterations"], "solveRs options");
 * let message = "";
 * try {
 *   checkKeys({ tolernce: 1e-8 }, ["tolerance", "maxIterations"], "solveRs options");
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * if (!message.startsWith('solveRs options: unknown key "tolernce"')) throw new Error(message);
 * ```
 */
export function checkKeys(
  options: unknown,
  known: readonly string[],
  where: string,
): void {
  if (options === undefined || options === null) return;
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${where}: expected an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const hint = nearest(key, known);
      throw new TypeError(
        `${where}: unknown key ${JSON.stringify(key)}${
          hint === undefined ? "" : ` (did you mean ${JSON.stringify(hint)}?)`
        }; known keys: ${known.join(", ")}`,
      );
    }
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value) : `${typeof value} ${String(value)}`;
}

/** The known key within edit distance 2 of `key`, if any (for the "did you mean" hint). */
function nearest(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(
        row[j] + 1,
        row[j - 1] + 1,
        diagonal + (a[i - 1] === b[j - 1] ? 0 : 1),
        // adjacent transposition counts as one edit
      );
      diagonal = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The iteration controls shared by the solvers (each with its own defaults). */
export interface IterationControls {
  /** Stop when the residual is below this (a finite number > 0). */
  tolerance: number;
  /** Iteration cap (an integer >= 1). */
  maxIterations: number;
  /** Damping of the fixed-point map, in [0, 1). */
  damping: number;
}

/**
 * Fills the iteration controls from `options` and the caller's `defaults`, and checks each:
 * the one place the solvers' `tolerance`, `maxIterations` and `damping` are validated.
 *
 * @throws {RangeError} naming the control, the allowed range and the value given, e.g.
 *   `tolerance: expected a finite number > 0, got -1`.
 * @example
 * ```ts
 * const c = iterationControls({ maxIterations: 50 }, { tolerance: 1e-10, maxIterations: 500, damping: 0 });
 * if (c.maxIterations !== 50 || c.tolerance !== 1e-10 || c.damping !== 0) throw new Error();
 * let message = "";
 * try { iterationControls({ damping: 1 }, c); } catch (e) { message = (e as Error).message; }
 * if (message !== "damping: expected a number in [0, 1), got 1") throw new Error(message);
 * ```
 */
export function iterationControls(
  options: Partial<IterationControls> | undefined,
  defaults: IterationControls,
): IterationControls {
  const tolerance = options?.tolerance ?? defaults.tolerance;
  const maxIterations = options?.maxIterations ?? defaults.maxIterations;
  const damping = options?.damping ?? defaults.damping;
  if (!(typeof tolerance === "number" && tolerance > 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`tolerance: expected a finite number > 0, got ${tolerance}`);
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`maxIterations: expected an integer >= 1, got ${maxIterations}`);
  }
  if (!(typeof damping === "number" && damping >= 0 && damping < 1)) {
    throw new RangeError(`damping: expected a number in [0, 1), got ${damping}`);
  }
  return { tolerance, maxIterations, damping };
}
