/**
 * The thermodynamic Parisi parameter x* (docs/theory.md §3).
 *
 * @module
 */
import type { Model } from "../model/params.ts";
import { oneRsbDPhiDx, type OneRsbState } from "./one_rsb_equations.ts";
import { type FixedXRun, iterateFixedX } from "./one_rsb_fixed_x.ts";
import { assembleOneRsb, type OneRsbSolution } from "./one_rsb_solution.ts";

/** Below this relative spread `(q1 − q0)/Q` a solution is taken to be RS. */
const RS_SPREAD = 1e-7;
/** Smallest Parisi parameter tried by the x search. */
const X_MIN = 1e-3;

/**
 * True when the state is RS to the resolution of the x search (`q1 − q0 <= 1e-7·Q`).
 *
 * @example
 * ```ts
 * if (!isRsLike({ m: 0.5, q0: 0.5, d1: 0, v1: 0.3 }) || isRsLike({ m: 0.5, q0: 0.5, d1: 0.1, v1: 0.3 })) throw new Error();
 * ```
 */
export function isRsLike(state: OneRsbState): boolean {
  const Q = state.q0 + state.d1 + state.v1;
  return state.d1 <= RS_SPREAD * Math.max(Q, 1e-300);
}

/**
 * The 1RSB solution at the thermodynamic x*, found from a start state (see the module doc).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { solveRs } from "./rs.ts";
 * const params = { alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) };
 * const rs = solveRs(params);
 * const s = optimizeX(resolveModel(params), { m: rs.m, q0: rs.q, d1: 0.999 * rs.V, v1: 0.001 * rs.V }, 1e-10, 3000, 0.3);
 * if (!(s.converged && Math.abs(s.x - 0.6307) < 1e-3)) throw new Error(`${s.x}`);
 * ```
 */
export function optimizeX(
  model: Model,
  start: OneRsbState,
  tolerance: number,
  maxIterations: number,
  damping: number,
): OneRsbSolution {
  // Phi*(x) (the fixed-x saddle) has an interior MINIMUM at the thermodynamic x*, where the
  // complexity Sigma = −x²·d(Phi*)/dx vanishes (checked numerically: at the entropy-crisis
  // example Phi*(x) is −1.1512, −1.1875, −1.1993, −1.1891, −1.1639 at x = 0.4, 0.5, 0.6,
  // 0.8, 1, and −1.1639 = Phi_RS). We find x* as the root of d(Phi*)/dx, descending from x = 1
  // along the frozen branch with warm starts; if d(Phi*)/dx <= 0 at x = 1 (Sigma(1) >= 0) or
  // the frozen branch does not exist there, x* = 1 and the solution is RS.
  let iterations = 0;
  const solveAt = (x: number, from: OneRsbState) => {
    const run = iterateFixedX(model, x, from, tolerance, maxIterations, damping);
    iterations += run.iterations;
    const sol = assembleOneRsb(model, run.state, x, true, run);
    const g = isRsLike(run.state) ? 0 : oneRsbDPhiDx(model, sol, x);
    return { run, sol, g };
  };
  const finish = (sol: OneRsbSolution, ok: boolean): OneRsbSolution => {
    sol.converged = sol.converged && ok;
    sol.iterations = iterations;
    return sol;
  };
  let prev = solveAt(1, start);
  if (!prev.run.converged) return finish(prev.sol, false);
  if (isRsLike(prev.run.state) || !(prev.g > 0)) return finish(prev.sol, true);
  // descend: 0.9, 0.8, …, 0.1, then halving down to X_MIN
  const grid: number[] = [];
  for (let k = 9; k >= 1; k--) grid.push(k / 10);
  for (let v = 0.05; v >= X_MIN; v /= 2) grid.push(v);
  for (const xn of grid) {
    let next = solveAt(xn, prev.run.state);
    // the branch was lost (fell back to RS or diverged): bisect between prev and the failed x
    let lost = !next.run.converged || isRsLike(next.run.state);
    let failed = xn;
    for (let k = 0; k < 6 && lost; k++) {
      const mid = solveAt(0.5 * (failed + prev.sol.x), prev.run.state);
      if (!mid.run.converged || isRsLike(mid.run.state)) failed = mid.sol.x;
      else if (mid.g > 0) prev = mid; // still descending
      else {
        next = mid;
        lost = false;
      }
    }
    if (lost) return finish(prev.sol, false); // no sign change on the branch: flagged
    if (next.g <= 0) return finish(rootX(next, prev), true);
    prev = next;
  }
  return finish(prev.sol, false);

  function rootX(
    a: { sol: OneRsbSolution; g: number; run: FixedXRun },
    b: { sol: OneRsbSolution; g: number; run: FixedXRun },
  ): OneRsbSolution {
    // Illinois regula falsi on g(x) = d(Phi*)/dx between a (g <= 0) and b (g > 0), each solve
    // warm-started from the nearer end
    let lo = a, hi = b, gl = a.g, gh = b.g, last = 0;
    let best = Math.abs(a.g) < Math.abs(b.g) ? a : b;
    for (let k = 0; k < 60; k++) {
      const xl = lo.sol.x, xh = hi.sol.x;
      let xm = xl - (gl * (xh - xl)) / (gh - gl);
      if (!(xm > Math.min(xl, xh) && xm < Math.max(xl, xh))) xm = 0.5 * (xl + xh);
      const from = Math.abs(xm - xl) < Math.abs(xm - xh) ? lo.run.state : hi.run.state;
      const mid = solveAt(xm, from);
      if (!mid.run.converged || isRsLike(mid.run.state)) return best.sol;
      if (Math.abs(mid.g) < Math.abs(best.g)) best = mid;
      if (Math.abs(mid.g) < 1e-9) return best.sol;
      if (mid.g <= 0) {
        lo = mid;
        gl = mid.g;
        if (last === -1) gh *= 0.5;
        last = -1;
      } else {
        hi = mid;
        gh = mid.g;
        if (last === 1) gl *= 0.5;
        last = 1;
      }
      if (Math.abs(hi.sol.x - lo.sol.x) < 1e-6) return best.sol;
    }
    return best.sol;
  }
}
