/**
 * The 1RSB equations at finite beta (docs/theory.md §3): the conjugates at the saddle point,
 * the energetic term `G_E`, the training error, and the free entropy assembled from them and
 * the entropic term of one_rsb_channel.ts.
 *
 * Order parameters: `Q` (self-overlap), `q1` (two configurations in the same state), `q0`
 * (different states), `m` (teacher overlap), the Parisi parameter `x ∈ (0, 1]`, and the
 * conjugates `mhat, q0hat, q1hat, Qhat`. With `chi1 = beta·(Q − q1)`,
 * `A = 1 + chi1 + beta·x·(q1 − q0)` and `R0 = rho − 2m + q0 + sigma2`:
 *
 *     G_E = −½(1 − 1/x)·log(1 + chi1) − 1/(2x)·log A − ½·beta·R0/A
 *     Phi = −mhat·m + ½·Qhat·Q + ½(1 − x)·q1hat·q1 + ½·x·q0hat·q0 + alpha·G_E
 *           + E_{w0,z0}[(1/x)·log E_{z1}[Z1^x]]
 *     Z1  = Σ_k pi_k·exp(−½(Qhat + q1hat + beta·lambda)·l_k² + h·l_k),
 *     h   = mhat·w0 + sqrt(q0hat)·z0 + sqrt(q1hat − q0hat)·z1.
 *
 * This is the standard 1RSB ansatz of Parisi (1979) / Mézard–Parisi–Virasoro (1987, ch. III)
 * applied to the Gaussian-design regression energy, as for the binary perceptron (Krauth–
 * Mézard 1989; Gardner–Derrida 1988). G_E follows from the eigenvalues of `I + beta·C` for the
 * 1RSB residual covariance C; re-derived here and checked (tests) by numerically
 * differentiating {@link oneRsbFreeEntropy} in all eight order parameters.
 *
 * Re-derived saddle point (agrees with docs/theory.md §3; no error found):
 *
 *     mhat  = alpha·beta/A
 *     q0hat = alpha·beta²·R0/A²
 *     q1hat − q0hat = alpha·beta²·(q1 − q0)/((1 + chi1)·A)      (no cancellation)
 *     Qhat + q1hat = alpha·beta/(1 + chi1)                        (the quadratic coefficient)
 *     m = E[w0·[<w>]], Q − q1 = E[[Var w]], q1 − q0 = E[[<w>²] − [<w>]²], q0 = E[[<w>]²]
 *
 * where `<·>` is the average under `Z1` and `[·]` over `z1` with weight `Z1^x`.
 *
 * Energy (derived here): at a saddle point `dPhi/dbeta = ∂Phi/∂beta` at fixed order
 * parameters, so `e = −∂Phi/∂beta = ½·lambda·Q − alpha·∂G_E/∂beta`, i.e. `e = ½·alpha·E_train
 * + ½·lambda·Q` with the 1RSB training error
 *
 *     E_train = (1 − 1/x)·(Q − q1)/(1 + chi1) + [(Q − q1)/x + (q1 − q0)]/A + R0/A²,
 *
 * which reduces to the RS `(Q − q)/(1 + chi) + R/(1 + chi)²` at `q1 = q0` or `x = 1`.
 *
 * @module
 */
import type { Model } from "../model/params.ts";
import {
  DEFAULT_RESOLUTION,
  type EntropicAverages,
  entropicAverages,
  refinedResolution,
  type Resolution,
} from "./one_rsb_channel.ts";

/** The iterated state of the 1RSB equations (differences, so nothing cancels when tiny). */
export interface OneRsbState {
  /** Teacher-student overlap `m`. */
  m: number;
  /** Inter-state overlap `q0`. */
  q0: number;
  /** `q1 − q0 >= 0` (0 is the RS solution). */
  d1: number;
  /** `Q − q1 > 0` (so `chi1 = beta·v1`). */
  v1: number;
}

/** All eight 1RSB order parameters (the arguments of {@link oneRsbFreeEntropy}). */
export interface OneRsbOrderParams {
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Inter-state overlap `q0`. */
  q0: number;
  /** Intra-state overlap `q1`. */
  q1: number;
  /** Self-overlap `Q`. */
  Q: number;
  /** Conjugate of `m`. */
  mhat: number;
  /** Conjugate of `q0`. */
  q0hat: number;
  /** Conjugate of `q1`. */
  q1hat: number;
  /** Conjugate of `Q`. */
  Qhat: number;
}

/** Conjugates at a state for a given x. */
export interface OneRsbConjugates {
  mhat: number;
  q0hat: number;
  q1hat: number;
  Qhat: number;
  /** `q1hat − q0hat` (the inner kernel variance). */
  d: number;
  /** `Qhat + q1hat + beta·lambda` (the quadratic coefficient of Z1). */
  quad: number;
  chi1: number;
  A: number;
  R0: number;
}

/**
 * The 1RSB conjugates at a state (docs/theory.md §3, re-derived; see the module doc).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const c = oneRsbConjugates(model, { m: 0.5, q0: 0.3, d1: 0.2, v1: 0.5 }, 0.5);
 * // A = 1 + chi1 + beta·x·d1 = 1 + 1 + 0.2; mhat = alpha·beta/A
 * if (Math.abs(c.mhat - 2 / 2.2) > 1e-15) throw new Error();
 * // Qhat + q1hat = alpha·beta/(1 + chi1)
 * if (Math.abs(c.Qhat + c.q1hat - 1) > 1e-14) throw new Error();
 * ```
 */
export function oneRsbConjugates(model: Model, state: OneRsbState, x: number): OneRsbConjugates {
  const { alpha, beta, lambda, sigma2, teacher } = model;
  const chi1 = beta * state.v1;
  const A = 1 + chi1 + beta * x * state.d1;
  const R0 = teacher.rho - 2 * state.m + state.q0 + sigma2;
  const mhat = (alpha * beta) / A;
  const q0hat = (alpha * beta * beta * Math.max(R0, 0)) / (A * A);
  const d = (alpha * beta * beta * state.d1) / ((1 + chi1) * A);
  const q1hat = q0hat + d;
  const sum = (alpha * beta) / (1 + chi1); // Qhat + q1hat
  return {
    mhat,
    q0hat,
    q1hat,
    Qhat: sum - q1hat,
    d,
    quad: sum + (lambda === 0 ? 0 : beta * lambda),
    chi1,
    A,
    R0,
  };
}

/**
 * The energetic term `G_E` of the 1RSB free entropy (docs/theory.md §3).
 *
 * @throws {RangeError} if `1 + chi1 <= 0` or `A <= 0` (outside the domain).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * // at q1 = q0 it is the RS term −½·log(1 + chi) − ½·beta·R/(1 + chi), for any x
 * const g = oneRsbEnergetic(model, { m: 0.5, q0: 0.4, q1: 0.4, Q: 1 }, 0.3);
 * const chi = 2 * 0.6, R = 1 - 1 + 0.4;
 * if (Math.abs(g - (-0.5 * Math.log(1 + chi) - (0.5 * 2 * R) / (1 + chi))) > 1e-14) throw new Error();
 * ```
 */
export function oneRsbEnergetic(
  model: Model,
  p: { m: number; q0: number; q1: number; Q: number },
  x: number,
): number {
  const { beta, sigma2, teacher } = model;
  const chi1 = beta * (p.Q - p.q1);
  const A = 1 + chi1 + beta * x * (p.q1 - p.q0);
  if (!(1 + chi1 > 0 && A > 0)) {
    throw new RangeError(`Q, q1, q0: expected 1 + chi1 > 0 and A > 0, got ${1 + chi1} and ${A}`);
  }
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  return -0.5 * (1 - 1 / x) * Math.log1p(chi1) - Math.log(A) / (2 * x) - (0.5 * beta * R0) / A;
}

/**
 * The 1RSB training error per sample at order parameters, `−2·∂G_E/∂beta` (module doc).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * // x = 1: the RS (Q − q0)/(1 + chi) + R/(1 + chi)² with chi = beta·(Q − q0)
 * const e = oneRsbTrainError(model, { m: 0.5, q0: 0.4, q1: 0.7, Q: 1 }, 1);
 * const chi = 2 * 0.6, R = 1 - 1 + 0.4;
 * if (Math.abs(e - (0.6 / (1 + chi) + R / (1 + chi) ** 2)) > 1e-15) throw new Error();
 * ```
 */
export function oneRsbTrainError(
  model: Model,
  p: { m: number; q0: number; q1: number; Q: number },
  x: number,
): number {
  const { beta, sigma2, teacher } = model;
  const v1 = p.Q - p.q1, d1 = p.q1 - p.q0;
  const chi1 = beta * v1;
  const A = 1 + chi1 + beta * x * d1;
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  return ((1 - 1 / x) * v1) / (1 + chi1) + (v1 / x + d1) / A + R0 / (A * A);
}

/**
 * Checks a Parisi parameter: `x ∈ (0, 1]`.
 *
 * @throws {RangeError} naming `x`, its value and the range.
 * @example
 * ```ts
 * checkX(0.5);
 * let threw = false;
 * try { checkX(0); } catch { threw = true; }
 * if (!threw) throw new Error();
 * ```
 */
export function checkX(x: number): void {
  if (!(x > 0 && x <= 1)) throw new RangeError(`x: expected a number in (0, 1], got ${x}`);
}

/**
 * The 1RSB free entropy `Phi(m, q0, q1, Q, mhat, q0hat, q1hat, Qhat; x)` per weight
 * (docs/theory.md §3) at arbitrary (not necessarily stationary) order parameters — for tests of
 * stationarity and of the saddle-point equations. Level sets only (continuous weights are RS).
 * `options.refine >= 1` multiplies the Gauss–Legendre nodes per panel and divides the panel
 * lengths (a quadrature accuracy check; default 1).
 *
 * @throws {RangeError} outside the domain (`q1hat >= q0hat >= 0`, `1 + chi1 > 0`, `A > 0`,
 *   `x ∈ (0, 1]`, finite beta) or for continuous weights.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { solveRs } from "./rs.ts";
 * const params = { alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const rs = solveRs(params);
 * // at q1 = q0 (and q1hat = q0hat) Phi is the RS free entropy for every x
 * const phi = oneRsbFreeEntropy(resolveModel(params), {
 *   m: rs.m, q0: rs.q, q1: rs.q, Q: rs.Q, mhat: rs.mhat, q0hat: rs.qhat, q1hat: rs.qhat, Qhat: rs.Qhat,
 * }, 0.4);
 * if (Math.abs(phi - rs.freeEntropy) > 1e-9) throw new Error(`${phi} vs ${rs.freeEntropy}`);
 * ```
 */
export function oneRsbFreeEntropy(
  model: Model,
  p: OneRsbOrderParams,
  x: number,
  options: { refine?: number } = {},
): number {
  return freeEntropyAt(model, p, x, refinedResolution(options.refine ?? 1));
}

function entropicAt(
  model: Model,
  p: OneRsbOrderParams,
  x: number,
  res: Resolution,
): EntropicAverages {
  checkX(x);
  const q = model.quantizer;
  if (q.kind !== "levels") {
    throw new RangeError(`quantizer: oneRsbFreeEntropy needs a level set, got continuous weights`);
  }
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: expected a finite beta > 0, got ${model.beta}`);
  }
  if (!(p.mhat > 0 && p.q0hat >= 0 && p.q1hat >= p.q0hat)) {
    throw new RangeError(
      `q1hat, q0hat, mhat: expected q1hat >= q0hat >= 0 and mhat > 0, got ${p.q1hat}, ${p.q0hat}, ${p.mhat}`,
    );
  }
  const quad = p.Qhat + p.q1hat + model.beta * model.lambda;
  return entropicAverages(model, q, {
    mhat: p.mhat,
    q0hat: p.q0hat,
    d: p.q1hat - p.q0hat,
    quad,
    x,
  }, res);
}

function freeEntropyAt(model: Model, p: OneRsbOrderParams, x: number, res: Resolution): number {
  return oneRsbFreeEntropyFrom(model, p, x, entropicAt(model, p, x, res).phi);
}

/**
 * The 1RSB free entropy at order parameters from the entropic term
 * `E_{w0,z0}[(1/x)·log E_{z1}[Z1^x]]` already computed at their conjugates (the `phi` of
 * `entropicAverages`; no further quadrature): the other terms of {@link oneRsbFreeEntropy}
 * added to it.
 *
 * @throws {RangeError} if `1 + chi1 <= 0` or `A <= 0` (see {@link oneRsbEnergetic}).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { entropicAverages, type Levels } from "./one_rsb_channel.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const p = { m: 0.3, q0: 0.4, q1: 0.6, Q: 1, mhat: 1, q0hat: 0.5, q1hat: 0.8, Qhat: 0.3 };
 * const ent = entropicAverages(model, model.quantizer as Levels, {
 *   mhat: 1, q0hat: 0.5, d: 0.3, quad: 1.1, x: 0.5,
 * });
 * const phi = oneRsbFreeEntropyFrom(model, p, 0.5, ent.phi);
 * if (Math.abs(phi - oneRsbFreeEntropy(model, p, 0.5)) > 1e-15) throw new Error();
 * ```
 */
export function oneRsbFreeEntropyFrom(
  model: Model,
  p: OneRsbOrderParams,
  x: number,
  entropic: number,
): number {
  return -p.mhat * p.m + 0.5 * p.Qhat * p.Q + 0.5 * (1 - x) * p.q1hat * p.q1 +
    0.5 * x * p.q0hat * p.q0 + model.alpha * oneRsbEnergetic(model, p, x) + entropic;
}

/**
 * `∂Phi/∂x` at fixed order parameters from the entropic averages `ent` already computed at
 * them (no further quadrature): with `T = E[(1/x)·log E_z1[Z1^x]]` and `U = E[[log Z1]]` (the
 * tilted average; `ent.excess = U − T`), `∂T/∂x = (U − T)/x`, and
 *
 *     ∂G_E/∂x = (log A − log(1 + chi1))/(2x²) − beta·(q1 − q0)/(2x·A)
 *               + beta²·R0·(q1 − q0)/(2A²)
 *     ∂Phi/∂x = −½·q1hat·q1 + ½·q0hat·q0 + alpha·∂G_E/∂x + (U − T)/x.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const p = { m: 0.3, q0: 0.4, q1: 0.4, Q: 1, mhat: 1, q0hat: 0.5, q1hat: 0.5, Qhat: 0.3 };
 * // q1 = q0 and q1hat = q0hat: Phi does not depend on x (T = U)
 * if (Math.abs(oneRsbDPhiDxFrom(model, p, 0.5, { excess: 0 })) > 1e-15) throw new Error();
 * ```
 */
export function oneRsbDPhiDxFrom(
  model: Model,
  p: OneRsbOrderParams,
  x: number,
  ent: { excess: number },
): number {
  const { beta, sigma2, teacher, alpha } = model;
  const v1 = p.Q - p.q1, d1 = p.q1 - p.q0;
  const chi1 = beta * v1;
  const A = 1 + chi1 + beta * x * d1;
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  const dGdx = (Math.log(A) - Math.log1p(chi1)) / (2 * x * x) - (beta * d1) / (2 * x * A) +
    (beta * beta * R0 * d1) / (2 * A * A);
  return -0.5 * p.q1hat * p.q1 + 0.5 * p.q0hat * p.q0 + alpha * dGdx + ent.excess / x;
}

/**
 * `∂Phi/∂x` at fixed order parameters (at a fixed-x saddle point this is the total
 * x-derivative of the saddle value Phi*(x)), analytically ({@link oneRsbDPhiDxFrom}) from one
 * evaluation of the entropic term. The 1RSB complexity is `Sigma = −x²·∂Phi/∂x`.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { solveOneRsb } from "./one_rsb_solve.ts";
 * const s = solveOneRsb({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) }, { x: 0.5, start: "rs" });
 * // at q1 = q0, Phi does not depend on x
 * if (Math.abs(oneRsbDPhiDx(s.model, s, 0.5)) > 1e-8) throw new Error();
 * ```
 */
export function oneRsbDPhiDx(model: Model, p: OneRsbOrderParams, x: number): number {
  return oneRsbDPhiDxFrom(model, p, x, entropicAt(model, p, x, DEFAULT_RESOLUTION));
}
