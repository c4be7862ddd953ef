/**
 * The thermodynamic Parisi parameter x* (docs/theory.md §3).
 *
 * x* is where `d(Phi*)/dx = 0` for the fixed-x saddle value `Phi*(x)`. At a fixed-x saddle
 * point `d(Phi*)/dx = ∂Phi/∂x` (the order parameters are stationary), and `∂Phi/∂x` comes
 * analytically from the same quadrature as the fixed-point step (`oneRsbDPhiDxFrom`), so each
 * trial x costs one warm-started fixed-x solve and nothing more. We checked numerically that
 * x* is a MINIMUM of `Phi*(x)` over x ∈ (0, 1], as docs/theory.md §3 states (crisis example:
 * `Phi*` = −1.1512, −1.1875, −1.1993, −1.1891, −1.1639 at x = 0.4, 0.5, 0.6, 0.8, 1; the
 * minimum −1.19982 is at x* = 0.6307, below Phi_RS = −1.16386), consistent with the
 * complexity `Sigma(x) = −x²·d(Phi*)/dx` being >= 0 for x <= x* and vanishing at x*.
 *
 * Search: solve at x = 1 from the frozen start (undamped, Anderson mixing from residual 1e-2;
 * stopping as soon as the branch collapses onto RS, or once the sign of `d(Phi*)/dx` is
 * settled while `q1 − q0 > 0.01·Q`). If there is no frozen branch at x = 1, or
 * `d(Phi*)/dx <= 0` there (`Sigma(1) >= 0`: at most a dynamical transition), x* = 1 and the
 * result is the RS solution (polished from the state projected onto `q1 = q0`). Otherwise
 * descend along the frozen branch: first to 0.7, then a little past the secant root of
 * `d(Phi*)/dx` when its slope is usable, else halving (steps between 5% and 50% of x), until
 * the sign changes. Trials use loose fixed-x tolerances (1e-5, down to 1e-8 near the root;
 * a descent trial stops as soon as the sign of `d(Phi*)/dx` is settled: below residual 1e-3,
 * `|d(Phi*)/dx|` more than 10 times its last change and at least a tenth of its value at
 * x = 1) and warm starts interpolated
 * quadratically in x through the nearest trials, with Anderson mixing from residual 0.1; a
 * trial that loses the branch (collapses onto RS or does not converge) is retried with the
 * plain iteration, then the step is bisected towards the last good x. Inside the bracket, the
 * fast path: a joint Newton–Broyden solve of the fixed point and `∂Phi/∂x = 0` (5 unknowns,
 * `JointNewton`) from the secant root: a difference Jacobian on the coarse quadrature (6
 * evaluations) and Newton–Broyden on it to 1e-6 (2–4 steps), on the medium one to 1e-9
 * (3–4), then on the default one (2–3 evaluations; x* to 1e-8), each stage from the last
 * one's root with its Jacobian. Where it fails (seen where `d(Phi*)/dx` is flat, ~1e-7, next
 * to the RS boundary, or has two roots in the bracket), inverse quadratic interpolation
 * safeguarded by the bracket (Brent-like) until x* is known to 1e-7, and one final solve at
 * the requested tolerance at x* (`converged: false` with a reason if the bracket closed where
 * `d(Phi*)/dx` is not ~0). The joint root is accepted inside the bracket (up to the trial
 * quadratures' error), or anywhere when an end of the bracket only had its sign settled.
 *
 * @module
 */
import type { Model } from "../model/params.ts";
import { oneRsbConjugates, oneRsbDPhiDxFrom, type OneRsbState } from "./one_rsb_equations.ts";
import { type FixedXRun, iterateFixedX, V1_FLOOR } from "./one_rsb_fixed_x.ts";
import { assembleOneRsb, type OneRsbSolution } from "./one_rsb_solution.ts";
import { DEFAULT_RESOLUTION, entropicAverages, type Resolution } from "./one_rsb_channel.ts";
import { solveDense } from "../numerics/dense_solve.ts";

/** Below this relative spread `(q1 − q0)/Q` a solution is taken to be RS. */
const RS_SPREAD = 1e-7;
/** Smallest Parisi parameter tried by the x search (the documented lower bound of x). */
export const ONE_RSB_X_MIN = 1e-3;
/** Fixed-x tolerance during the search (the last solve uses the requested one). */
const SEARCH_TOLERANCE = 1e-8;
/** Fixed-x tolerance of trials far from the root (`|d(Phi*)/dx|` large). */
const COARSE_TOLERANCE = 1e-5;
/** The search stops when the root of d(Phi*)/dx is known to this accuracy in x. */
const X_TOLERANCE = 1e-7;
/** Anderson mixing from this residual on for the cold (frozen) start at x = 1. */
const COLD_ACCELERATE = 1e-2;
/** Warm starts extrapolate log(Q − q1) at most this far beyond the trials' range. */
const LOG_V1_REACH = 3;
/** See `signFloor` in {@link optimizeX}. */
const SIGN_FLOOR = 0.1;
/** Descent trials stop once the sign of d(Phi*)/dx is settled below this residual. */
const SIGN_BELOW = 1e-3;
/** Anderson mixing from this residual on for warm starts on the branch. */
const WARM_ACCELERATE = 1e-1;
/**
 * Quadrature of the trials (the final stage uses the default: 8 Gauss–Legendre nodes on
 * panels of 2.5 standard deviations over ± 8.5 of them, ladders of 7 break points around each
 * step). Largest error of the entropic averages against a 3-fold refinement, at x* of nine
 * 1RSB points (1–3 bits, beta 10–40; measured for issue 8), and cost per
 * evaluation in RS solves at the same point (a loaded machine, so roughly): the default
 * <= 2e-12, 1.5–4; the medium rule (6 nodes, 3.5-sd panels, ± 7 sd) <= 2e-9 at beta <= 30
 * and 7e-7 at beta = 40, 0.4–1.7; the coarse one (5 nodes, 3.5-sd panels, ± 6 sd, ladders
 * of 3 break points a side) <= 2e-6 (1e-4 at beta = 40), 0.2–0.7 (25–40% cheaper than with
 * the 7-point ladders, at the same error and the same search). The coarse rule serves the descent
 * trials (where only the sign and rough size of `d(Phi*)/dx` matter) and the difference
 * Jacobian of the joint solve, the medium one its first stage (and the fallback's trials
 * near the root), and its second stage on the default removes the difference (2–3
 * evaluations).
 */
export const COARSE_RESOLUTION: Resolution = {
  nodes: 5,
  grid: 3.5,
  range: 6,
  ladder: [1, 3, 8],
};
/** The medium trial quadrature (see {@link COARSE_RESOLUTION}). */
export const MEDIUM_RESOLUTION: Resolution = { nodes: 6, grid: 3.5, range: 7 };
/** Fixed-point tolerance of the coarse-quadrature stage of the joint solve. */
const JOINT_COARSE_TOLERANCE = 1e-6;
/** The coarse stage of the joint solve stops once a step moves x by less than this. */
const JOINT_COARSE_DX = 1e-4;
/** Fixed-point tolerance of the medium-quadrature stage of the joint solve. */
const JOINT_MEDIUM_TOLERANCE = 1e-9;
/** The medium stage of the joint solve stops once a step moves x by less than this. */
const JOINT_MEDIUM_DX = 1e-7;
/** The fine stage of the joint solve stops once a step moves x by less than this. */
const JOINT_FINE_DX = 1e-8;
/** Map evaluations allowed to each stage of the joint solve. */
const JOINT_MAX = 60;
/** Trials with a fixed-x tolerance at least this use the coarse rule. */
const COARSE_BELOW = 1e-6;

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

/** Options of {@link optimizeX}. */
export interface OptimizeXOptions {
  /** Final fixed-x tolerance. */
  tolerance: number;
  /** Per fixed-x solve. */
  maxIterations: number;
  /** Initial damping in [0, 1). */
  damping: number;
}

interface Trial {
  x: number;
  run: FixedXRun;
  g: number;
  /** On the 1RSB branch (converged, not RS). */
  ok: boolean;
}

/**
 * The 1RSB solution at the thermodynamic x*, from a start state (normally the frozen start);
 * when x* = 1 it is the RS solution (`x = 1`, `q1 = q0`).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { solveRs } from "./rs.ts";
 * const params = { alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) };
 * const rs = solveRs(params);
 * const start = { m: rs.m, q0: rs.q, d1: 0.999 * rs.V, v1: 0.001 * rs.V };
 * const s = optimizeX(resolveModel(params), start, { tolerance: 1e-10, maxIterations: 3000, damping: 0.3 });
 * if (!(s.converged && Math.abs(s.x - 0.6307) < 1e-3)) throw new Error(`${s.x}`);
 * ```
 */
export function optimizeX(
  model: Model,
  start: OneRsbState,
  options: OptimizeXOptions,
): OneRsbSolution {
  const { tolerance, maxIterations, damping } = options;
  const loose = Math.max(tolerance, SEARCH_TOLERANCE);
  let iterations = 0;
  // the fixed-x tolerance of a trial: loose while |g| is large (only its sign and rough size
  // matter), down to `loose` near the root
  let gScale = Infinity;
  // the sign of d(Phi*)/dx counts as settled early only where |d(Phi*)/dx| is at least a
  // tenth of its value at x = 1 (a small one may still change sign: seen at 3 bits, where
  // 4e-5 settled at the wrong sign; the true value was −9e-5)
  let signFloor = 0;
  const trialTolerance = () => Math.max(loose, Math.min(COARSE_TOLERANCE, 1e-3 * gScale));
  const solveAt = (
    x: number,
    from: OneRsbState,
    warm: boolean,
    accelerateBelow = warm ? WARM_ACCELERATE : COLD_ACCELERATE,
    signOnly = false,
  ): Trial => {
    const tol = trialTolerance();
    const run = iterateFixedX(model, x, from, {
      tolerance: tol,
      maxIterations,
      damping,
      accelerateBelow,
      rsSpread: RS_SPREAD,
      resolution: tol >= COARSE_BELOW ? COARSE_RESOLUTION : MEDIUM_RESOLUTION,
      ...(signOnly ? { signBelow: SIGN_BELOW, signFloor } : {}),
    });
    iterations += run.iterations;
    const ok = (run.converged || run.signSettled === true) && !isRsLike(run.state);
    if (ok) gScale = Math.min(gScale, Math.abs(run.dPhiDx));
    return { x, run, g: ok ? run.dPhiDx : 0, ok };
  };
  // x* = 1: the RS solution (at x = 1 every branch has the RS thermodynamics), polished from
  // the last state projected onto q1 = q0 (the RS iteration: Z1 with d = 0 is the RS channel)
  const asRs = (from: OneRsbState): OneRsbSolution => {
    const run = iterateFixedX(model, 1, { ...from, d1: 0, v1: from.d1 + from.v1 }, {
      tolerance,
      maxIterations,
      damping,
      accelerateBelow: WARM_ACCELERATE,
    });
    iterations += run.iterations;
    const sol = assembleOneRsb(model, run.state, 1, true, run);
    sol.iterations = iterations;
    return sol;
  };
  const finish = (t: Trial, failure?: string): OneRsbSolution => {
    // polish at the requested tolerance, warm
    const run = t.run.residual >= tolerance
      ? iterateFixedX(model, t.x, t.run.state, {
        tolerance,
        maxIterations,
        damping,
        accelerateBelow: WARM_ACCELERATE,
      })
      : t.run;
    if (run !== t.run) iterations += run.iterations;
    const sol = assembleOneRsb(model, run.state, t.x, true, run);
    if (failure !== undefined && sol.reason === undefined) sol.reason = failure;
    sol.converged = sol.converged && failure === undefined;
    sol.iterations = iterations;
    return sol;
  };

  // only the sign of d(Phi*)/dx at x = 1 matters (and the branch), unless q1 − q0 is below 1%
  // of Q: then the branch may still be collapsing onto RS, so on to the tolerance
  let top = solveAt(1, start, false, COLD_ACCELERATE, true);
  const spread = (s: OneRsbState) => s.d1 / (s.q0 + s.d1 + s.v1);
  if (top.run.signSettled && !(spread(top.run.state) > 0.01)) {
    top = solveAt(1, top.run.state, false);
  }
  // near the RS/1RSB boundary g(1) is small: make sure of its sign at a tighter tolerance
  if (top.ok && Math.abs(top.g) < 1e-3) top = solveAt(1, top.run.state, true);
  if (top.run.collapsed || (top.run.converged && isRsLike(top.run.state))) {
    return asRs(top.run.state);
  }
  if (!top.run.converged && !top.run.signSettled) {
    return finish(top, "the fixed-x iteration at x = 1 did not converge");
  }
  if (!(top.g > 0)) return asRs(top.run.state);
  signFloor = SIGN_FLOOR * top.g;

  // Warm start for a new x: the state interpolated (Lagrange, in x; log v1) through the
  // nearest trials on the branch (the branch is smooth in x): quadratic through three within
  // 0.3 of x, else linear through two, else the nearest trial's state.
  const trials: Trial[] = [top];
  const warmStart = (x: number): OneRsbState => {
    const near = [...trials].sort((a, b) => Math.abs(a.x - x) - Math.abs(b.x - x));
    if (near.length < 2) return near[0].run.state;
    const use = near.length >= 3 && Math.abs(near[2].x - x) < 0.3
      ? near.slice(0, 3)
      : near.slice(0, 2);
    const w = use.map((a, i) =>
      use.reduce((p, b, j) => (j === i ? p : (p * (x - b.x)) / (a.x - b.x)), 1)
    );
    const mix = (f: (t: OneRsbState) => number) =>
      use.reduce((sum, t, i) => sum + w[i] * f(t.run.state), 0);
    const e: OneRsbState = {
      m: mix((t) => t.m),
      q0: mix((t) => t.q0),
      d1: mix((t) => t.d1),
      // (log v1 kept within e^3 of the trials' range: where v1 sits at the floor V1_FLOOR on
      // one of them, states frozen solid, an extrapolation in it means nothing)
      v1: Math.exp(
        Math.min(
          Math.max(
            mix((t) => Math.log(t.v1)),
            Math.min(...use.map((t) => Math.log(t.run.state.v1))) - LOG_V1_REACH,
          ),
          Math.max(...use.map((t) => Math.log(t.run.state.v1))) + LOG_V1_REACH,
        ),
      ),
    };
    return e.d1 > 0 && Number.isFinite(e.m + e.q0 + e.v1) ? e : near[0].run.state;
  };
  const trial = (x: number, signOnly = false): Trial => {
    const from = warmStart(x);
    let t = solveAt(x, from, true, WARM_ACCELERATE, signOnly);
    // Anderson mixing from a poor warm start (a big step along a steep branch) can fall onto
    // the RS fixed point the plain iteration repels: retry with the plain iteration first
    if (!t.ok) t = solveAt(x, from, true, COLD_ACCELERATE);
    if (t.ok) trials.push(t);
    return t;
  };

  // descend along the branch until d(Phi*)/dx changes sign
  let hi = top; // g > 0
  let previous: Trial | null = null;
  let lo: Trial | null = null; // g <= 0
  let failed = NaN; // an x where the branch was lost, below hi.x
  for (let k = 0; k < 60 && lo === null; k++) {
    // halve x, or go a little past the secant root when the slope says so (x* is often small
    // deep in the glass phase, so the search moves geometrically)
    let step = (previous === null ? 0.3 : 0.5) * hi.x;
    if (previous !== null) {
      const slope = (previous.g - hi.g) / (previous.x - hi.x);
      if (slope > 0) step = (1.2 * hi.g) / slope;
    }
    step = Math.min(0.5 * hi.x, Math.max(0.05 * hi.x, step));
    let xn = Math.max(hi.x - step, ONE_RSB_X_MIN);
    if (failed === failed) xn = Math.max(xn, 0.5 * (hi.x + failed));
    if (!(xn < hi.x)) break;
    const t = trial(xn, true);
    if (!t.ok) {
      failed = xn;
      if (hi.x - failed < 1e-3 * hi.x) break;
      continue;
    }
    if (t.g <= 0) lo = t;
    else {
      previous = hi;
      hi = t;
      if (hi.x <= ONE_RSB_X_MIN) break;
    }
  }
  if (lo === null) {
    return finish(hi, "x search: dPhi/dx did not change sign along the frozen branch");
  }

  // the fast path: the joint Newton–Broyden solve of the fixed point and d(Phi*)/dx = 0 from
  // the secant root of the bracket, on the coarse quadrature (with its difference Jacobian),
  // then on the medium one, then on the default one, each from the last root with the
  // Jacobian so far; the safeguarded root finding below runs when it fails
  const x0 = interpolateRoot([hi, lo]);
  const xs = x0 > lo.x && x0 < hi.x ? x0 : 0.5 * (lo.x + hi.x);
  const joint = new JointNewton(model, COARSE_RESOLUTION);
  const ok = joint.start(warmStart(xs), xs) &&
    joint.solve(JOINT_COARSE_TOLERANCE, JOINT_COARSE_DX, JOINT_MAX) &&
    joint.switchTo(MEDIUM_RESOLUTION) &&
    joint.solve(JOINT_MEDIUM_TOLERANCE, JOINT_MEDIUM_DX, JOINT_MAX) &&
    joint.switchTo(DEFAULT_RESOLUTION) &&
    joint.solve(tolerance, JOINT_FINE_DX, JOINT_MAX);
  iterations += joint.evaluations;
  // (x* from the default quadrature: inside the bracket of the trial quadratures, up to their
  // error; or anywhere when an end of the bracket only had its sign settled, which may be
  // wrong: then the joint root, a minimum of Phi*(x) on the default quadrature, is the better
  // witness)
  const settled = lo.run.signSettled === true || hi.run.signSettled === true;
  if (ok && (settled || (joint.x > lo.x - 1e-3 && joint.x < hi.x + 1e-3))) {
    const run = joint.run(true);
    const sol = assembleOneRsb(model, run.state, joint.x, true, run);
    sol.iterations = iterations;
    return sol;
  }

  // safeguarded root finding on g (Brent-like): inverse quadratic interpolation through the
  // three latest trials (secant through two) when it falls inside the bracket
  // [lo (g <= 0), hi (g > 0)] and moves less than half the previous bracket, else bisection
  const recent: Trial[] = previous !== null ? [previous, hi, lo] : [hi, lo];
  let best = Math.abs(lo.g) < Math.abs(hi.g) ? lo : hi;
  let width = hi.x - lo.x;
  const slope0 = (hi.g - lo.g) / width;
  // stop when x* is known to X_TOLERANCE: |g| below X_TOLERANCE times the bracket's slope
  for (let k = 0; k < 60; k++) {
    if (Math.abs(best.g) < (X_TOLERANCE * (hi.g - lo.g)) / (hi.x - lo.x)) break;
    let xm = interpolateRoot(recent.slice(-3));
    const bisect = 0.5 * (lo.x + hi.x);
    if (!(xm > lo.x && xm < hi.x) || Math.abs(xm - best.x) > 0.5 * width) xm = bisect;
    width = hi.x - lo.x;
    const t = trial(xm);
    if (!t.ok) break;
    if (Math.abs(t.g) < Math.abs(best.g)) best = t;
    if (t.g <= 0) lo = t;
    else hi = t;
    recent.push(t);
    if (hi.x - lo.x < 1e-9) break;
  }
  // a bracket that closed on a point where d(Phi*)/dx is not ~0 (on the scale of the first
  // bracket's slope) had an end of the wrong sign
  if (!(Math.abs(best.g) < 100 * X_TOLERANCE * slope0)) {
    return finish(
      best,
      `x search: no root of dPhi/dx found (dPhi/dx = ${best.g} at x = ${best.x})`,
    );
  }
  return finish(best);
}

/** Root of g(x) by inverse quadratic interpolation through three points (secant for two). */
function interpolateRoot(p: readonly { x: number; g: number }[]): number {
  const [a, b, c] = p.length >= 3 ? p : [null, p[0], p[1]];
  if (a !== null && a.g !== b.g && a.g !== c.g && b.g !== c.g) {
    return (a.x * b.g * c.g) / ((a.g - b.g) * (a.g - c.g)) +
      (b.x * a.g * c.g) / ((b.g - a.g) * (b.g - c.g)) +
      (c.x * a.g * b.g) / ((c.g - a.g) * (c.g - b.g));
  }
  return c.x - (c.g * (c.x - b.x)) / (c.g - b.g);
}

/** Step caps of {@link JointNewton} in `(m, q0, log d1, log v1, log x)`. */
const JOINT_CAP = [0.5, 0.5, 1, 1, Math.LN2];

/** One evaluation of the map at `v = (m, q0, log d1, log v1, log x)`. */
interface Eval {
  v: number[];
  /** `R(v) = (T(s) − s, x·∂Phi/∂x)` in the coordinates of v */
  r: number[];
  /** fixed-point residual in the units of iterateFixedX */
  res: number;
  g: number;
  /** the entropic term at the input state */
  phi: number;
}

function decodeState(v: readonly number[]): OneRsbState {
  return { m: v[0], q0: v[1], d1: Math.exp(v[2]), v1: Math.exp(v[3]) };
}

function encodeState(s: OneRsbState, x: number): number[] {
  return [s.m, s.q0, Math.log(s.d1), Math.log(s.v1), Math.log(x)];
}

/**
 * Newton–Broyden for x*: the fixed-x equations and `d(Phi*)/dx = 0` as ONE root problem in
 * `v = (m, q0, log d1, log v1, log x)`, `R(v) = (T(s) − s, x·∂Phi/∂x)` with `T` the fixed-x map
 * (one_rsb_fixed_x.ts) in the same coordinates; at a root the envelope theorem makes the
 * partial `∂Phi/∂x` the total derivative, so the root is x* (the pattern of `jointNewton` in
 * one_rsb_ground_state.ts at beta = ∞). A forward-difference Jacobian at the start, then
 * Broyden's (good) rank-one updates with every evaluation; the Jacobian is kept when the
 * quadrature changes (`switchTo`), so a second stage on a finer quadrature starts next to its
 * root with a good Jacobian. The solve gives up where the total derivative of `x·∂Phi/∂x`
 * along the fixed points (the Schur complement of the Jacobian) is not positive: outside the
 * basin of the minimum of `Phi*(x)`. Steps are capped ({@link JOINT_CAP}; log v1 by
 * `(1 + chi1)/chi1` times more, it hardly matters for frozen states) and halved (twice) when
 * the merit does not drop or the map leaves its domain or the branch (a state with
 * `q1 − q0 <= 1e-7·Q`); then one fresh difference Jacobian. The merit is the length of the
 * Newton correction with the Jacobian of the step (Deuflhard's natural monotonicity test:
 * affine invariant, so the x row needs no scale). Every failure is reported (false): the
 * caller falls back to its safeguarded search.
 */
class JointNewton {
  evaluations = 0;
  J: number[][] = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  cur: Eval | null = null;
  constructor(readonly model: Model, public resolution: Resolution) {}

  get x(): number {
    return Math.exp(this.cur!.v[4]);
  }

  /** The last evaluated point as a fixed-x run (its state is the evaluated input). */
  run(converged: boolean): FixedXRun {
    const e = this.cur!;
    return {
      state: decodeState(e.v),
      converged,
      iterations: this.evaluations,
      residual: e.res,
      dPhiDx: e.g,
      collapsed: false,
      ...(this.resolution === DEFAULT_RESOLUTION ? { entropic: e.phi } : {}),
    };
  }

  evaluate(v: number[]): Eval | null {
    const model = this.model, q = model.quantizer, beta = model.beta;
    if (q.kind !== "levels") return null;
    const x = Math.exp(v[4]);
    if (!(x >= ONE_RSB_X_MIN && x <= 1)) return null;
    const s = decodeState(v);
    if (!(Number.isFinite(s.m + s.q0) && s.d1 > 0 && s.v1 > 0 && Number.isFinite(s.d1 + s.v1))) {
      return null;
    }
    this.evaluations++;
    const c = oneRsbConjugates(model, s, x);
    const ent = entropicAverages(
      model,
      q,
      { mhat: c.mhat, q0hat: c.q0hat, d: c.d, quad: c.quad, x },
      this.resolution,
    );
    if (!(ent.d1 > 0) || isRsLike(ent)) return null; // off the 1RSB branch
    const v1 = Math.max(ent.v1, V1_FLOOR);
    const g = oneRsbDPhiDxFrom(
      model,
      {
        m: s.m,
        q0: s.q0,
        q1: s.q0 + s.d1,
        Q: s.q0 + s.d1 + s.v1,
        mhat: c.mhat,
        q0hat: c.q0hat,
        q1hat: c.q1hat,
        Qhat: c.Qhat,
      },
      x,
      ent,
    );
    const r = [ent.m - s.m, ent.q0 - s.q0, Math.log(ent.d1) - v[2], Math.log(v1) - v[3], x * g];
    const A = 1 + beta * s.v1 + beta * x * s.d1;
    const res = Math.max(
      Math.abs(ent.m - s.m),
      Math.abs(ent.q0 - s.q0),
      Math.abs(ent.d1 - s.d1) * Math.max(1, (beta * x) / A),
      (Math.abs(v1 - s.v1) * beta) / (1 + beta * s.v1),
    );
    if (!(r.every(Number.isFinite) && Number.isFinite(res))) return null;
    return { v, r, res, g, phi: ent.phi };
  }

  /** Forward-difference Jacobian at the current point (5 evaluations). */
  jacobian(): boolean {
    const at = this.cur!;
    for (let j = 0; j < 5; j++) {
      // (log x steps downwards, so that x <= 1 stays inside)
      const h = (j === 4 ? -1e-6 : 1e-6) * Math.max(1, Math.abs(at.v[j]));
      const v = [...at.v];
      v[j] += h;
      const e = this.evaluate(v);
      if (e === null) return false;
      for (let i = 0; i < 5; i++) this.J[i][j] = (e.r[i] - at.r[i]) / h;
    }
    return true;
  }

  /** Starts at a state and x: one evaluation and the difference Jacobian. */
  start(state: OneRsbState, x: number): boolean {
    this.cur = this.evaluate(encodeState(state, x));
    return this.cur !== null && this.jacobian();
  }

  /** Moves to another quadrature: the current point re-evaluated (the Jacobian is kept). */
  switchTo(resolution: Resolution): boolean {
    this.resolution = resolution;
    const e = this.evaluate(this.cur!.v);
    if (e === null) return false;
    this.cur = e;
    return true;
  }

  /** The total derivative of `x·∂Phi/∂x` in log x along the fixed points (Schur complement). */
  schur(): number {
    const J = this.J;
    const w = solveDense(
      J.slice(0, 4).map((row) => row.slice(0, 4)),
      J.slice(0, 4).map((row) => row[4]),
    );
    return w === null ? NaN : J[4][4] - J[4].slice(0, 4).reduce((acc, x, i) => acc + x * w[i], 0);
  }

  private broyden(dv: number[], dr: number[]): void {
    // Broyden's good update: J += (Δr − J·Δv)·Δvᵀ/(Δvᵀ·Δv)
    const J = this.J;
    const dd = dv.reduce((acc, x) => acc + x * x, 0);
    for (let i = 0; i < 5; i++) {
      const jd = J[i].reduce((acc, x, k) => acc + x * dv[k], 0);
      const u = (dr[i] - jd) / dd;
      for (let k = 0; k < 5; k++) J[i][k] += u * dv[k];
    }
  }

  /**
   * Newton–Broyden from the current point. Converged when the fixed-point residual is below
   * `tolerance` and the last or the next predicted step moves x by less than `dxTol`; false
   * on failure or after `maxEvaluations` more evaluations.
   */
  solve(tolerance: number, dxTol: number, maxEvaluations: number): boolean {
    const n = 5;
    const stop = this.evaluations + maxEvaluations;
    let lastDx = Infinity, fresh = false;
    while (this.evaluations < stop) {
      const cur = this.cur!;
      if (!(this.schur() > 0)) return false;
      const A0 = this.J.map((row) => [...row]);
      const dv0 = solveDense(A0, cur.r.map((x) => -x));
      if (dv0 === null) return false;
      const x = Math.exp(cur.v[4]);
      if (cur.res < tolerance && (lastDx < dxTol || x * Math.abs(Math.expm1(dv0[4])) < dxTol)) {
        return true;
      }
      let scale = 1;
      const chi1 = this.model.beta * Math.exp(cur.v[3]);
      const w = [1, 1, 1, Math.max(chi1 / (1 + chi1), 1e-3), 1];
      for (let i = 0; i < n; i++) {
        scale = Math.min(scale, JOINT_CAP[i] / w[i] / Math.max(Math.abs(dv0[i]), 1e-300));
      }
      // x <= 1 and x >= ONE_RSB_X_MIN
      const u = cur.v[4];
      if (u + scale * dv0[4] > 0) scale = Math.min(scale, -u / dv0[4]);
      const uMin = Math.log(ONE_RSB_X_MIN);
      if (u + scale * dv0[4] < uMin) scale = Math.min(scale, (uMin - u) / dv0[4]);
      if (!(scale > 0)) return false;
      let dv = dv0.map((x) => x * scale);
      const merit = (e: Eval): number => {
        const c = solveDense(A0, e.r);
        return c === null ? Infinity : c.reduce((acc, x, i) => acc + (x * w[i]) ** 2, 0);
      };
      const m0 = merit(cur);
      let next: Eval | null = null;
      for (let k = 0; k < 3 && this.evaluations < stop; k++) {
        const trial = this.evaluate(cur.v.map((x, i) => x + dv[i]));
        if (trial !== null) {
          // (steps below 1e-8 see rounding noise more than curvature: no update)
          const step = trial.v.map((x, i) => x - cur.v[i]);
          if (Math.max(...step.map(Math.abs)) > 1e-8) {
            this.broyden(step, trial.r.map((x, i) => x - cur.r[i]));
          }
          if (merit(trial) < m0) {
            next = trial;
            break;
          }
        }
        dv = dv.map((x) => 0.5 * x);
      }
      if (next === null) {
        // no progress at the rounding floor: converged if x has (nearly) stopped moving
        if (cur.res < tolerance && lastDx < 10 * dxTol) return true;
        if (fresh || !this.jacobian()) return false;
        fresh = true;
        continue;
      }
      fresh = false;
      lastDx = Math.abs(Math.exp(next.v[4]) - x);
      this.cur = next;
    }
    return false;
  }
}
