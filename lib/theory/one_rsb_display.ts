/**
 * How a 1RSB solution renders itself in Jupyter (a key-value table).
 *
 * @module
 */
import { keyValueBundle } from "../jupyter/with_display.ts";
import type { OneRsbSolution } from "./one_rsb_solution.ts";

/**
 * The Jupyter MIME bundle (text/plain and text/html) of a 1RSB solution.
 *
 * @example
 * ```ts
 * import { continuous } from "../quantizers/quantizer.ts";
 * import { solveOneRsb } from "./one_rsb_solve.ts";
 * const bundle = oneRsbDisplay(solveOneRsb({ alpha: 2, beta: 3, quantizer: continuous() }));
 * if (!bundle["text/plain"].startsWith("1RSB solution")) throw new Error();
 * ```
 */
export function oneRsbDisplay(s: OneRsbSolution): Record<string, string> {
  const rows: [string, number | boolean | null][] = [
    ["x", s.x],
    ["m", s.m],
    ["q0", s.q0],
    ["q1", s.q1],
    ["Q", s.Q],
    ["train error", s.trainError],
    ["gen error (Gibbs)", s.genError],
    ["gen error (mean)", s.meanError],
    ["free entropy", s.freeEntropy],
    ["entropy", s.entropy],
    ["Shannon entropy", s.shannonEntropy],
    ["converged", s.converged],
    ["iterations", s.iterations],
  ];
  const { alpha, beta, sigma2, lambda } = s.model;
  return keyValueBundle(
    `1RSB solution (alpha=${alpha}, beta=${beta}, sigma2=${sigma2}, lambda=${lambda})`,
    rows,
  );
}
