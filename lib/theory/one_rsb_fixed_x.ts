/**
 * The 1RSB fixed-point iteration at a fixed Parisi parameter x (docs/theory.md §3): one step
 * (conjugates, then moments) and the damped + Anderson-accelerated iteration.
 *
 * @module
 */
import { andersonMixer } from "../numerics/anderson.ts";
import type { Model } from "../model/params.ts";
import { DEFAULT_RESOLUTION, entropicAverages, type Resolution } from "./one_rsb_channel.ts";
import {
  checkX,
  oneRsbConjugates,
  oneRsbDPhiDxFrom,
  type OneRsbState,
} from "./one_rsb_equations.ts";

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** Below this `(q1 − q0)/Q`, a steady geometric decay of `q1 − q0` counts as a collapse. */
const COLLAPSE_SPREAD = 1e-2;

/**
 * The sign of `∂Phi/∂x` counts as settled when it exceeds its last change this many times (the
 * change per step shrinks at least geometrically, at rate <= 0.8 or so, from there on).
 */
const SIGN_MARGIN = 10;

/** Smallest `Q − q1` the iteration carries (the smallest normal double). */
export const V1_FLOOR = 2.2250738585072014e-308;

/** Anderson acceleration starts below this residual (plain damped iteration above it). */
const AA_SWITCH = 1e-5;

/**
 * One undamped step of the 1RSB fixed-point iteration at fixed x: conjugates, then moments.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const next = oneRsbStep(model, { m: 0.5, q0: 0.5, d1: 0.2, v1: 0.3 }, 0.5);
 * // binary weights: Q = q0 + d1 + v1 = 1 exactly
 * if (Math.abs(next.q0 + next.d1 + next.v1 - 1) > 1e-12) throw new Error();
 * ```
 */
export function oneRsbStep(model: Model, state: OneRsbState, x: number): OneRsbState {
  checkX(x);
  const q = model.quantizer;
  if (q.kind !== "levels") throw new RangeError(`quantizer: oneRsbStep needs a level set`);
  const c = oneRsbConjugates(model, state, x);
  const ent = entropicAverages(model, q, { mhat: c.mhat, q0hat: c.q0hat, d: c.d, quad: c.quad, x });
  return { m: ent.m, q0: ent.q0, d1: ent.d1, v1: ent.v1 };
}

/** The outcome of a fixed-x iteration. */
export interface FixedXRun {
  state: OneRsbState;
  converged: boolean;
  iterations: number;
  residual: number;
  /**
   * `∂Phi/∂x` at the last state whose moments were computed (within the tolerance of the
   * returned state; exact 0 when that state is RS, `q1 = q0`).
   */
  dPhiDx: number;
  /** True when the iteration stopped early because the branch collapsed onto RS (`rsExit`). */
  collapsed: boolean;
  /** True when the iteration stopped because the sign of `dPhiDx` was settled (`signBelow`). */
  signSettled?: boolean;
  /**
   * The entropic term (`phi` of `entropicAverages`) at the returned state, when it was
   * computed on the default quadrature (the free entropy then needs no further quadrature).
   */
  entropic?: number;
}

/** Tuning of {@link iterateFixedX}. */
export interface FixedXOptions {
  /** Stop when the residual is below this. */
  tolerance: number;
  /** Iteration cap. */
  maxIterations: number;
  /** Initial damping in [0, 1). */
  damping: number;
  /**
   * Anderson mixing starts once the residual is below this. Default 1e-5 (polish only); a
   * warm start on the branch may use a larger value.
   */
  accelerateBelow?: number;
  /**
   * Stop as soon as `q1 − q0 <= rsSpread·Q`, or once `q1 − q0 < 0.01·Q` decays geometrically
   * at a steady rate (four step ratios < 0.995 agreeing to 1% of their distance from 1): the
   * branch collapses onto RS, and would only creep there at the rate of the replicon.
   * Default 0: off.
   */
  rsSpread?: number;
  /**
   * Stop (with `signSettled: true`) as soon as the residual is below this and the sign of
   * `∂Phi/∂x` is settled: `|∂Phi/∂x|` more than `SIGN_MARGIN` times its change over the last
   * step (the x search only needs that sign far from x*). Default 0: off.
   */
  signBelow?: number;
  /** With `signBelow`: the sign counts as settled only where `|∂Phi/∂x|` is at least this. */
  signFloor?: number;
  /**
   * Quadrature of the entropic term (default: the full {@link DEFAULT_RESOLUTION}); the x
   * search runs its trials on a coarser one and polishes the result at the default.
   */
  resolution?: Resolution;
}

/**
 * The fixed-x iteration: damped plain iteration (adaptive damping) until the residual is
 * below `accelerateBelow`, then Anderson mixing (depth 3; Walker & Ni, SIAM J. Numer. Anal. 49
 * (2011) 1715) in scaled coordinates `(m, q0, s_d·d1, s_v·log v1)`. Anderson mixing is a
 * root finder: started far away it happily converges to fixed points that the plain
 * iteration repels (seen: from the frozen start it fell back to the RS point where AT > 1,
 * while the plain iteration reached the 1RSB branch), so from a cold start it only polishes.
 * Each step also yields `∂Phi/∂x` at its input state ({@link oneRsbDPhiDxFrom}), so the x
 * search gets the derivative without extra quadrature.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const run = iterateFixedX(model, 0.5, { m: 0.5, q0: 0.5, d1: 0.2, v1: 0.3 }, {
 *   tolerance: 1e-10, maxIterations: 3000, damping: 0.3,
 * });
 * if (!(run.converged && run.residual < 1e-10)) throw new Error();
 * ```
 */
export function iterateFixedX(
  model: Model,
  x: number,
  start: OneRsbState,
  options: FixedXOptions,
): FixedXRun {
  checkX(x);
  const q = model.quantizer;
  if (q.kind !== "levels") throw new RangeError(`quantizer: iterateFixedX needs a level set`);
  const { tolerance, maxIterations } = options;
  const damping0 = options.damping;
  const aaSwitch = options.accelerateBelow ?? AA_SWITCH;
  const rsSpread = options.rsSpread ?? 0;
  const signBelow = options.signBelow ?? 0;
  const signFloor = options.signFloor ?? 0;
  let gPrevious = NaN;
  const resolution = options.resolution ?? DEFAULT_RESOLUTION;
  const beta = model.beta;
  const A0 = 1 + beta * start.v1 + beta * x * start.d1;
  const sd = Math.max(1, (beta * x) / A0);
  const sv = Math.max((beta * start.v1) / (1 + beta * start.v1), 1e-3);
  const encode = (s: OneRsbState): number[] => [s.m, s.q0, sd * s.d1, sv * Math.log(s.v1)];
  const decode = (u: number[]): OneRsbState => ({
    m: u[0],
    q0: u[1],
    d1: Math.max(u[2] / sd, 0),
    v1: Math.exp(u[3] / sv),
  });
  const mixer = andersonMixer(4, { memory: 3 });
  let s = { ...start, v1: Math.max(start.v1, V1_FLOOR) };
  let damping = damping0;
  let residual = Infinity;
  let previous = Infinity;
  let best = Infinity;
  let calm = 0;
  let gPrev: number[] | null = null;
  const ratios: number[] = [];
  let dPhiDx = NaN;
  const out = (
    state: OneRsbState,
    converged: boolean,
    iterations: number,
    collapsed = false,
    entropic?: number,
  ): FixedXRun => ({
    state,
    converged,
    iterations,
    residual,
    dPhiDx,
    collapsed,
    ...(entropic === undefined ? {} : { entropic }),
  });
  for (let it = 1; it <= maxIterations; it++) {
    const c = oneRsbConjugates(model, s, x);
    const ent = entropicAverages(model, q, {
      mhat: c.mhat,
      q0hat: c.q0hat,
      d: c.d,
      quad: c.quad,
      x,
    }, resolution);
    // (Q − q1 = E[[Var w]] underflows to 0 when the states are frozen solid, e.g. binary
    // weights at large beta: keep it at the smallest normal number, where chi1 = 0 to double
    // precision, so that its log coordinate stays finite)
    const f: OneRsbState = { m: ent.m, q0: ent.q0, d1: ent.d1, v1: Math.max(ent.v1, V1_FLOOR) };
    const Q = s.q0 + s.d1 + s.v1;
    dPhiDx = s.d1 === 0 ? 0 : oneRsbDPhiDxFrom(
      model,
      {
        m: s.m,
        q0: s.q0,
        q1: s.q0 + s.d1,
        Q,
        mhat: c.mhat,
        q0hat: c.q0hat,
        q1hat: c.q1hat,
        Qhat: c.Qhat,
      },
      x,
      ent,
    );
    const A = 1 + beta * s.v1 + beta * x * s.d1;
    residual = Math.max(
      Math.abs(f.m - s.m),
      Math.abs(f.q0 - s.q0),
      Math.abs(f.d1 - s.d1) * Math.max(1, (beta * x) / A),
      (Math.abs(f.v1 - s.v1) * beta) / (1 + beta * s.v1),
    );
    if (!Number.isFinite(residual)) return out(s, false, it);
    // converged: the state whose moments were just computed (within the tolerance of its image),
    // with its entropic term when that is on the default quadrature
    if (residual < tolerance) {
      return out(s, true, it, false, resolution === DEFAULT_RESOLUTION ? ent.phi : undefined);
    }
    // only the sign of ∂Phi/∂x wanted: stop once it is settled
    if (signBelow > 0 && residual < signBelow && s.d1 > 0) {
      const change = Math.abs(dPhiDx - gPrevious);
      if (Math.abs(dPhiDx) > SIGN_MARGIN * change && Math.abs(dPhiDx) >= signFloor) {
        return { ...out(s, false, it), signSettled: true };
      }
    }
    gPrevious = dPhiDx;
    if (rsSpread > 0) {
      const Qf = Math.max(f.q0 + f.d1 + f.v1, 1e-300);
      if (f.d1 <= rsSpread * Qf) return out(f, false, it, true);
      // a geometric decay of q1 − q0 at a steady rate (the replicon of the RS point it falls
      // onto, damped) is a collapse too: stop instead of creeping down to rsSpread
      ratios.push(s.d1 > 0 ? f.d1 / s.d1 : 1);
      if (ratios.length > 4) ratios.shift();
      if (ratios.length === 4 && f.d1 < COLLAPSE_SPREAD * Qf) {
        const hi = Math.max(...ratios), lo = Math.min(...ratios);
        if (hi < 0.995 && hi - lo < 0.01 * (1 - hi)) return out(f, false, it, true);
      }
    }
    const u = encode(s);
    const fu = encode(f);
    if (!fu.every(Number.isFinite)) return out(s, false, it);
    const g = fu.map((v, i) => v - u[i]);
    // adaptive damping of the plain step: more damping when the iteration oscillates (the
    // residual grew and the step turned back on the last one), less after a calm stretch; a
    // residual that grows along a steady direction is the branch being left (the frozen start
    // sliding towards RS) and is not damped
    const turned = gPrev !== null && dot(g, gPrev) < 0;
    if (residual > previous && turned) {
      damping = Math.min(0.95, damping + 0.5 * (1 - damping));
      calm = 0;
    } else if (++calm > 5 && damping > damping0) {
      damping = Math.max(damping0, damping * 0.7);
      calm = 0;
    }
    previous = residual;
    gPrev = g;
    const mix = 1 - damping;
    let next = u.map((v, i) => v + mix * g[i]);
    if (residual >= aaSwitch || residual > 2 * best) {
      mixer.reset();
    } else {
      const accel = mixer.next(u, fu, mix);
      if (accel.every(Number.isFinite)) next = Array.from(accel);
      else mixer.reset();
    }
    best = Math.min(best, residual);
    s = decode(next);
  }
  return out(s, false, maxIterations);
}
