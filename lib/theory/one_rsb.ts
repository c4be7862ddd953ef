/**
 * One-step replica-symmetry breaking (1RSB) at finite inverse temperature (docs/theory.md §3).
 * This module re-exports the pieces:
 *
 * - one_rsb_equations.ts: order parameters, conjugates, `G_E`, training error, free entropy,
 *   `∂Phi/∂x`;
 * - one_rsb_channel.ts: the nested-Gaussian entropic term (quadrature);
 * - one_rsb_fixed_x.ts: the fixed-x iteration;
 * - one_rsb_optimize_x.ts: the search for the thermodynamic x*;
 * - one_rsb_solution.ts, one_rsb_display.ts: the solution record and its Jupyter display;
 * - one_rsb_solve.ts: {@link solveOneRsb}.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = solveOneRsb({ alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) });
 * if (!(s.converged && s.x < 1)) throw new Error();
 * ```
 *
 * @module
 */
export {
  type OneRsbConjugates,
  oneRsbConjugates,
  oneRsbDPhiDx,
  oneRsbEnergetic,
  oneRsbFreeEntropy,
  type OneRsbOrderParams,
  type OneRsbState,
  oneRsbTrainError,
} from "./one_rsb_equations.ts";
export { oneRsbStep } from "./one_rsb_fixed_x.ts";
export type { OneRsbSolution } from "./one_rsb_solution.ts";
export { type OneRsbOptions, solveOneRsb } from "./one_rsb_solve.ts";
