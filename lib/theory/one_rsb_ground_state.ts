/**
 * One-step RSB at zero temperature: the frozen 1RSB ground state (docs/theory.md §3b).
 *
 * At beta = ∞ the RS replicon of a level set diverges, so the RS ground state
 * ({@link solveZeroTemperature}) is an approximation. The finite-beta 1RSB of docs/theory.md
 * §3 has a limit in which states freeze onto single configurations: `x → 0` with `y = beta·x`
 * fixed, `q1 → Q`, `chi1 = beta·(Q − q1)` finite. Scaled conjugates `a = (Qhat + q1hat)/beta`,
 * `mu = mhat/beta`, `g0 = q0hat/beta²`, `g1 = (q1hat − q0hat)/beta²`. With `Delta = q1 − q0`,
 * `A = 1 + chi1 + y·Delta`, `R0 = rho − 2m + q0 + sigma2`:
 *
 *     Phi/beta = −mu·m + ½a·q1 − ½(g0 + g1)(chi1 + y·q1) + ½y·g0·q0
 *                + alpha·[log((1 + chi1)/A)/(2y) − R0/(2A)] + (1/y)·E[log E_z1 exp(y·phi)]
 *
 * (the scalar problem `phi`, `l*` is in frozen_channel.ts). Re-derived here from the §3 free
 * entropy with `x = y/beta`, beta → ∞ (the base measure pi drops out, as in the RS ground state,
 * because `Z1^(y/beta) → exp(y·phi)`). Stationarity gives exactly the §3b equations
 *
 *     a = alpha/(1 + chi1),  mu = alpha/A,  g0 = alpha·R0/A²,  g1 = alpha·Delta/((1 + chi1)·A)
 *     m = E[w0·<l*>],  q1 = E[<l*²>],  q0 = E[<l*>²],  chi1 = E[<l*'(h)>]
 *
 * (checked by central differences of {@link frozenFreeEnergy} in all eight arguments, tests).
 *
 * Observables. The states selected at `y` have energy `e(y) = −d(y·Phi/beta)/dy` (Legendre:
 * `y·Phi/beta = max_e [Sigma(e) − y·e]`), and the complexity (log-number of such states per
 * weight) is
 *
 *     Sigma(y) = y·(Phi/beta + e(y)) = −y²·d(Phi/beta)/dy.
 *
 * NOTE the sign: docs/theory.md §3b writes `y²·d(Phi/beta)/dy`; with `Phi/beta` the free
 * entropy over beta (= −free energy) the complexity is MINUS that, positive for `y < y*`
 * where `Phi/beta` decreases, zero at its minimum `y*`, negative beyond (tests check both the
 * sign and `Sigma = y·(Phi/beta + e)` with `e` from the training error below). The ground state
 * is at `y*`, where `e = −Phi/beta`. The states' training error is the limit of the finite-beta
 * one (x = y/beta):
 *
 *     E_train(y) = −chi1/(y·(1 + chi1)) + (chi1/y + Delta)/A + R0/A²,
 *
 * `e(y) = ½·alpha·E_train + ½·lambda·q1`, which at y* equals `(2e − lambda·q1)/alpha` with
 * `e = −Phi/beta` (§3b). The minimiser's test error is `rho − 2m + q1 + sigma2`.
 *
 * Continuous weights (a Gaussian measure): RS is exact, and the RS ground state is returned
 * with `y = 0`, `q0 = q1`, phase `"rs"`.
 *
 * At `y → 0` the nontrivial branch reduces to the RS ground state: `(m, q1, chi1, g0 + g1)`
 * solve the RS zero-temperature equations with `q = q1` (q0 stays a free split of the noise).
 *
 * Below the RS interpolation threshold alpha_c (RS: chi = ∞, zero training error, entropy →
 * −∞) the frozen branch has a positive training error at every alpha, falling smoothly like
 * the counting estimate `K^(−2/alpha)` (1 bit, width 1: 8.4e-3 at alpha = 0.3, 8.8e-4 at 0.2,
 * 9.1e-7 at 0.1; the first-moment bound for 1 bit at alpha = 0.3 is about 1.5e-3): alpha_c is a
 * crossover, not a transition, and y* grows like `1/e` (119 at alpha = 0.3, 1.1e6 at 0.1).
 *
 * Limitations. The y search follows one branch of fixed points (from the frozen side, plus the
 * planted state for a level-set teacher). Near alpha_c a second, RS-like branch (chi1 ~ 10²)
 * exists at small y only and ends without a minimum (1 bit, alpha = 0.4: Phi/beta ≈ −5e-6
 * there against −4.8e-3 on the frozen branch; its training error 4e-5 violates the
 * first-moment bound); it is not searched. y* above 1e12 (training error below ~1e-12, e.g. 4
 * bits at alpha = 0.1) is reported as `"no-minimum"`, not converged.
 *
 * @module
 */
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import { checkKeys, iterationControls } from "../model/options.ts";
import { andersonMixer } from "../numerics/anderson.ts";
import { brentRoot } from "../numerics/roots.ts";
import { keyValueBundle, withDisplay } from "../jupyter/with_display.ts";
import { solveZeroTemperature, type ZeroTemperatureSolution } from "./zero_temperature.ts";
import { frozenAverages, type FrozenConjugates } from "./frozen_channel.ts";
import type { OneRsbOptions, OneRsbSolution } from "./one_rsb.ts";
import { solveDense } from "../numerics/dense_solve.ts";

/** The iterated state of the frozen 1RSB equations. */
export interface FrozenState {
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Inter-state overlap `q0`. */
  q0: number;
  /** `Delta = q1 − q0 >= 0` (0 is RS). */
  d: number;
  /** `chi1 = lim beta·(Q − q1) > 0`. */
  chi1: number;
}

/** All eight arguments of {@link frozenFreeEnergy}. */
export interface FrozenOrderParams {
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Inter-state overlap `q0`. */
  q0: number;
  /** `q1 = Q` (beta = ∞). */
  q1: number;
  /** `chi1 = beta·(Q − q1)`. */
  chi1: number;
  /** `mu = mhat/beta`. */
  mu: number;
  /** `a = (Qhat + q1hat)/beta`. */
  a: number;
  /** `g0 = q0hat/beta²`. */
  g0: number;
  /** `g1 = (q1hat − q0hat)/beta²`. */
  g1: number;
}

/**
 * Scaled conjugates at a state (the stationarity conditions of docs/theory.md §3b).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: Infinity, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const c = frozenConjugates(model, { m: 0.6, q0: 0.5, d: 0.5, chi1: 1 }, 2);
 * // A = 1 + chi1 + y·Delta = 3: mu = 2/3, a = 2/2 = 1, g1 = 2·0.5/(2·3)
 * if (Math.abs(c.mu - 2 / 3) > 1e-15 || c.a !== 1 || Math.abs(c.g1 - 1 / 6) > 1e-15) throw new Error();
 * ```
 */
export function frozenConjugates(model: Model, s: FrozenState, y: number): FrozenConjugates {
  const { alpha, sigma2, teacher } = model;
  const A = 1 + s.chi1 + y * s.d;
  const R0 = teacher.rho - 2 * s.m + s.q0 + sigma2;
  return {
    a: alpha / (1 + s.chi1),
    mu: alpha / A,
    g0: (alpha * Math.max(R0, 0)) / (A * A),
    g1: (alpha * s.d) / ((1 + s.chi1) * A),
  };
}

function levelsOf(model: Model): Float64Array {
  if (model.quantizer.kind !== "levels") {
    throw new RangeError(`quantizer: the frozen 1RSB needs a level set, got continuous weights`);
  }
  return model.quantizer.levels;
}

/**
 * `Phi/beta` of the zero-temperature 1RSB at arbitrary order parameters (docs/theory.md §3b;
 * stationary at the solution). `refine` subdivides the outer quadrature panels.
 *
 * @throws {RangeError} outside the domain (`1 + chi1 > 0`, `A > 0`, `a > 0`, `g0, g1 >= 0`).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: Infinity, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const s = solveOneRsbGroundState(model, { y: 1 });
 * const f = frozenFreeEnergy(model, s, 1), h = 1e-5;
 * const df = (frozenFreeEnergy(model, { ...s, m: s.m + h }, 1) - frozenFreeEnergy(model, { ...s, m: s.m - h }, 1)) / (2 * h);
 * if (Math.abs(f + s.freeEnergy) > 1e-12 || Math.abs(df) > 1e-7) throw new Error(`${df}`);
 * ```
 */
export function frozenFreeEnergy(
  model: Model,
  p: FrozenOrderParams,
  y: number,
  refine = 1,
): number {
  const { teacher, lambda } = model;
  const d = p.q1 - p.q0;
  const A = 1 + p.chi1 + y * d;
  if (!(1 + p.chi1 > 0 && A > 0)) {
    throw new RangeError(
      `chi1, q1, q0: expected 1 + chi1 > 0 and A > 0, got ${1 + p.chi1} and ${A}`,
    );
  }
  const av = frozenAverages(levelsOf(model), teacher, p, lambda, y, refine);
  return phiOverBeta(model, p, y, av.logZ);
}

/** `Phi/beta` (module doc) given `E[log E_z1 exp(y·phi)]` at the conjugates of `p`. */
function phiOverBeta(model: Model, p: FrozenOrderParams, y: number, logZ: number): number {
  const { alpha, sigma2, teacher } = model;
  const A = 1 + p.chi1 + y * (p.q1 - p.q0);
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  return -p.mu * p.m + 0.5 * p.a * p.q1 - 0.5 * (p.g0 + p.g1) * (p.chi1 + y * p.q1) +
    0.5 * y * p.g0 * p.q0 + alpha * (Math.log((1 + p.chi1) / A) / (2 * y) - R0 / (2 * A)) +
    logZ / y;
}

/** `∂(Phi/beta)/∂y` at fixed order parameters (analytic, uses `E[<phi>]`). */
function dFdy(model: Model, p: FrozenOrderParams, y: number, logZ: number, phi: number): number {
  const { alpha, sigma2, teacher } = model;
  const d = p.q1 - p.q0;
  const A = 1 + p.chi1 + y * d;
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  return -0.5 * (p.g0 + p.g1) * p.q1 + 0.5 * p.g0 * p.q0 +
    alpha * (-Math.log((1 + p.chi1) / A) / (2 * y * y) - d / (2 * y * A) + (R0 * d) / (2 * A * A)) -
    logZ / (y * y) + phi / y;
}

/** Training error per sample of the states selected at y (module doc). */
function trainErrorAt(model: Model, s: FrozenState, y: number): number {
  const { sigma2, teacher } = model;
  const A = 1 + s.chi1 + y * s.d;
  const R0 = teacher.rho - 2 * s.m + s.q0 + sigma2;
  return -s.chi1 / (y * (1 + s.chi1)) + (s.chi1 / y + s.d) / A + R0 / (A * A);
}

/** Options for {@link solveOneRsbGroundState}. */
export interface OneRsbGroundStateOptions {
  /** `y = beta·x > 0`, or "optimize" (default) for the ground state y* (minimum of Phi/beta). */
  y?: number | "optimize";
  /** Stop when the residual is below this. Default 1e-10. */
  tolerance?: number;
  /** Per fixed-y solve. Default 2000. */
  maxIterations?: number;
  /** Initial damping of the plain iteration in [0, 1) (raised when it oscillates). Default 0. */
  damping?: number;
  /** Warm start (a previous state or solution). Default: from the RS ground state. */
  start?: FrozenState;
}

const OPTION_KEYS = ["y", "tolerance", "maxIterations", "damping", "start"];

/** The frozen 1RSB ground state at one point. */
export interface OneRsbGroundState extends FrozenOrderParams {
  /** `y = beta·x` (y* when optimised). */
  y: number;
  /** `Delta = q1 − q0`. */
  d: number;
  /** `Q = q1` at beta = ∞. */
  Q: number;
  /** `A = 1 + chi1 + y·Delta`. */
  A: number;
  /** `Phi/beta` (free entropy over beta). */
  freeEntropyOverBeta: number;
  /** `−Phi/beta`: at y* the ground-state energy per weight. */
  freeEnergy: number;
  /** Energy per weight of the states selected at y, `½·alpha·trainError + ½·lambda·q1`. */
  energy: number;
  /** `Sigma(y) = −y²·d(Phi/beta)/dy` (log-number of those states per weight); 0 at y*. */
  complexity: number;
  /** `d(Phi/beta)/dy`. */
  dFdy: number;
  /** Training error per sample. */
  trainError: number;
  /** Test error of the minimiser `rho − 2m + q1 + sigma2`. */
  genError: number;
  /** Test error of the average over states `rho − 2m + q0 + sigma2`. */
  meanError: number;
  /** True when y was optimised (else it was given). */
  yOptimized: boolean;
  /**
   * `"1rsb"` (Delta > 0, interior y*), `"rs"` (a single RS-like state, Delta/q1 < 1e-6:
   * Phi/beta flat in y, e.g. the state planted by a level-set teacher; or continuous weights),
   * `"no-minimum"` (Phi/beta still decreasing at the largest y tried: y* → ∞),
   * `"fixed-y"` (y was given).
   */
  phase: "1rsb" | "rs" | "no-minimum" | "fixed-y";
  /** Computed from the residual and the iteration cap, never asserted. */
  converged: boolean;
  /** Iterations used. */
  iterations: number;
  /** Last change of the state. */
  residual: number;
  /** The model the solution belongs to. */
  model: Model;
  /** The RS ground state at the same point. */
  rs: ZeroTemperatureSolution;
}

/** The outer quadrature rule of a map evaluation (frozenAverages). */
type Rule = "fine" | "coarse" | "rough";

interface FixedYRun {
  state: FrozenState;
  /** The state the last map evaluation was at, and its `E[log Z]`, `E[<phi>]` (for dF/dy). */
  at?: { state: FrozenState; logZ: number; phi: number };
  converged: boolean;
  iterations: number;
  residual: number;
}

function step(
  model: Model,
  s: FrozenState,
  y: number,
  rule: Rule = "fine",
): FrozenState & { logZ: number; phi: number } {
  const c = frozenConjugates(model, s, y);
  const av = frozenAverages(levelsOf(model), model.teacher, c, model.lambda, y, 1, null, rule);
  return { m: av.m, q0: av.q0, d: av.d, chi1: av.chi1, logZ: av.logZ, phi: av.phi };
}

function iterateFixedY(
  model: Model,
  y: number,
  start: FrozenState,
  tolerance: number,
  maxIterations: number,
  damping0: number,
  rule: Rule = "fine",
): FixedYRun {
  // log coordinates for d and chi1 (chi1 falls like exp(−c·y) at large y: floored at 1e-300)
  const encode = (s: FrozenState) => [
    s.m,
    s.q0,
    Math.log(s.d),
    Math.log(Math.max(s.chi1, CHI_FLOOR)),
  ];
  const decode = (u: ArrayLike<number>): FrozenState => ({
    m: u[0],
    q0: u[1],
    d: Math.exp(u[2]),
    chi1: Math.exp(u[3]),
  });
  const mixer = andersonMixer(4, { memory: 4 });
  let s = { ...start };
  let residual = Infinity, previous = Infinity, damping = damping0, growing = 0;
  for (let it = 1; it <= maxIterations; it++) {
    const f = step(model, s, y, rule);
    // running off to chi1 = ∞ (the interpolating RS-like branch): steady geometric growth
    growing = f.chi1 > 100 && f.chi1 > 1.02 * s.chi1 ? growing + 1 : 0;
    residual = Math.max(
      Math.abs(f.m - s.m),
      Math.abs(f.q0 - s.q0),
      Math.abs(f.d - s.d),
      Math.abs(f.chi1 - s.chi1) / (1 + s.chi1),
    );
    if (!Number.isFinite(residual)) return { state: s, converged: false, iterations: it, residual };
    if (residual < tolerance) {
      const state = { m: f.m, q0: f.q0, d: f.d, chi1: f.chi1 };
      return { state, converged: true, iterations: it, residual, at: { state: s, ...f } };
    }
    if (!(f.d > 0 && f.chi1 >= 0) || f.chi1 > CHI_RUNAWAY || growing >= 8) {
      return { state: f, converged: false, iterations: it, residual };
    }
    const u = encode(s), fu = encode(f);
    if (residual > previous) damping = Math.min(0.9, damping + 0.5 * (1 - damping));
    previous = residual;
    let next: ArrayLike<number> = u.map((v, i) => v + (1 - damping) * (fu[i] - v));
    if (residual < AA_SWITCH) {
      const acc = mixer.next(u, fu, 1 - damping);
      if (Array.from(acc).every(Number.isFinite)) next = acc;
      else mixer.reset();
    }
    s = decode(next);
  }
  return { state: s, converged: false, iterations: maxIterations, residual };
}

/**
 * Solves the zero-temperature 1RSB (docs/theory.md §3b) at a given `y` or at the ground state
 * `y*` (`y: "optimize"`, the default).
 *
 * @throws {RangeError} on invalid parameters or options (beta must be Infinity).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = solveOneRsbGroundState({ alpha: 2, beta: Infinity, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * if (!s.converged || !(s.y > 0) || Math.abs(s.complexity) > 1e-6) throw new Error();
 * ```
 */
export function solveOneRsbGroundState(
  params: ModelParams,
  options: OneRsbGroundStateOptions = {},
): OneRsbGroundState {
  checkKeys(options, OPTION_KEYS, "solveOneRsbGroundState options");
  const model = resolveModel(params);
  if (Number.isFinite(model.beta)) {
    throw new RangeError(`beta: solveOneRsbGroundState needs beta = Infinity, got ${model.beta}`);
  }
  const { tolerance, maxIterations, damping } = iterationControls(options, {
    tolerance: 1e-10,
    maxIterations: 2000,
    damping: 0,
  });
  const yOpt = options.y ?? "optimize";
  if (yOpt !== "optimize" && !(typeof yOpt === "number" && yOpt > 0 && Number.isFinite(yOpt))) {
    throw new RangeError(`y: expected a finite number > 0 or "optimize", got ${String(yOpt)}`);
  }
  const rs = solveZeroTemperature(params);
  if (model.quantizer.kind === "continuous") return fromRs(rs);
  const start = options.start ?? rsStart(rs);
  if (!(start.d > 0 && start.chi1 >= 0 && Number.isFinite(start.m) && Number.isFinite(start.q0))) {
    throw new RangeError(
      `start: expected finite m, q0, d > 0 and chi1 >= 0, got ${JSON.stringify(start)}`,
    );
  }
  if (yOpt !== "optimize") {
    const run = iterateFixedY(model, yOpt, start, tolerance, maxIterations, damping);
    return assemble(model, run, yOpt, "fixed-y", rs, run.converged);
  }
  if (rs.phase === "ground-state" && rs.trainError === 0 && rs.energy === 0) {
    // zero training energy is reached (a representable teacher, no noise): nothing to lower
    return fromRs(rs);
  }
  if (representableTeacher(model)) return teacherState(model, rs);
  const glass = optimizeY(model, start, tolerance, maxIterations, damping, rs);
  if (options.start !== undefined || model.teacher.kind !== "levels") return glass;
  // A level-set teacher plants a state near w0 (m ≈ rho, Delta ≈ 0), a separate branch with
  // Phi/beta flat in y. The ground state is the lower energy of the glassy y* and the planted
  // state (measured: b = 1, teacher {±1}, sigma2 = 0.05, alpha = 0.7: planted e = 0.0175,
  // the glassy branch from the frozen start lies above it).
  const rho = model.teacher.rho;
  const planted = optimizeY(
    model,
    { m: 0.999 * rho, q0: 0.998 * rho, d: 1e-3 * rho, chi1: 0.01 },
    tolerance,
    maxIterations,
    damping,
    rs,
    false, // Phi/beta is flat on the planted branch: no joint solve for y*
  );
  planted.iterations += glass.iterations;
  glass.iterations = planted.iterations;
  if (!planted.converged) return glass;
  return !glass.converged || planted.energy < glass.energy ? planted : glass;
}

/**
 * True if the teacher is a level set contained in the student's, with no label noise and no
 * ridge: then w = w0 has zero training energy, and (for generic Gaussian data, M = alpha·N > 0
 * equations) no other configuration does — the ground state is the teacher at every alpha.
 */
function representableTeacher(model: Model): boolean {
  const { teacher, quantizer, sigma2, lambda } = model;
  if (teacher.kind !== "levels" || sigma2 !== 0 || lambda !== 0) return false;
  if (quantizer.kind !== "levels") return false;
  const lv = quantizer.levels;
  return teacher.components.every((c) =>
    lv.some((l) => Math.abs(l - c.mean) <= 1e-12 * Math.max(1, Math.abs(l)))
  );
}

/** The ground state w = w0 of a representable teacher (see {@link representableTeacher}). */
function teacherState(model: Model, rs: ZeroTemperatureSolution): OneRsbGroundState {
  const rho = model.teacher.rho;
  const out: OneRsbGroundState = {
    y: 0,
    m: rho,
    q0: rho,
    q1: rho,
    chi1: 0,
    mu: model.alpha,
    a: model.alpha,
    g0: 0,
    g1: 0,
    d: 0,
    Q: rho,
    A: 1,
    freeEntropyOverBeta: 0,
    freeEnergy: 0,
    energy: 0,
    complexity: 0,
    dFdy: 0,
    trainError: 0,
    genError: 0,
    meanError: 0,
    yOptimized: false,
    phase: "rs",
    converged: true,
    iterations: 0,
    residual: 0,
    model,
    rs,
  };
  return withDisplay(out, display);
}

/** Continuous weights: a Gaussian measure, RS is exact; the RS ground state with y = 0. */
function fromRs(rs: ZeroTemperatureSolution): OneRsbGroundState {
  const { alpha } = rs.model;
  const a = alpha / (1 + rs.chi);
  const out: OneRsbGroundState = {
    y: 0,
    m: rs.m,
    q0: rs.q,
    q1: rs.q,
    chi1: rs.chi,
    mu: a,
    a,
    g0: (alpha * rs.R) / (1 + rs.chi) ** 2,
    g1: 0,
    d: 0,
    Q: rs.Q,
    A: 1 + rs.chi,
    freeEntropyOverBeta: -rs.freeEnergy,
    freeEnergy: rs.freeEnergy,
    energy: rs.energy,
    complexity: 0,
    dFdy: 0,
    trainError: rs.trainError,
    genError: rs.genError,
    meanError: rs.meanError,
    yOptimized: false,
    phase: "rs",
    converged: rs.converged,
    iterations: rs.iterations,
    residual: rs.residual,
    model: rs.model,
    rs,
  };
  return withDisplay(out, display);
}

/**
 * Cold start on the frozen side: the RS overlaps with half of q1 moved into Delta and a small
 * chi1 (the frozen branch has chi1 <~ 0.1 at y*; a start near the RS chi1 can be drawn to the
 * near-interpolating branch that exists at small y only, whose Phi/beta is much higher).
 */
function rsStart(rs: ZeroTemperatureSolution): FrozenState {
  const q = rs.q > 0 ? rs.q : 1;
  return { m: rs.m, q0: 0.5 * q, d: 0.5 * q, chi1: 0.1 };
}

function assemble(
  model: Model,
  run: FixedYRun,
  y: number,
  phase: OneRsbGroundState["phase"],
  rs: ZeroTemperatureSolution,
  converged: boolean,
): OneRsbGroundState {
  const { alpha, lambda, sigma2, teacher } = model;
  const s = run.state;
  const c = frozenConjugates(model, s, y);
  const q1 = s.q0 + s.d;
  const p: FrozenOrderParams = { m: s.m, q0: s.q0, q1, chi1: s.chi1, ...c };
  // (the averages at the reported state, when the run has them: the joint solve reports the
  // state its last map evaluation was at, within the tolerance of the fixed point)
  const av = run.at !== undefined && run.at.state === s
    ? run.at
    : frozenAverages(levelsOf(model), teacher, c, lambda, y);
  const A = 1 + s.chi1 + y * s.d;
  const R0 = teacher.rho - 2 * s.m + s.q0 + sigma2;
  const F = -p.mu * p.m + 0.5 * p.a * q1 - 0.5 * (p.g0 + p.g1) * (p.chi1 + y * q1) +
    0.5 * y * p.g0 * p.q0 + alpha * (Math.log((1 + p.chi1) / A) / (2 * y) - R0 / (2 * A)) +
    av.logZ / y;
  const slope = dFdy(model, p, y, av.logZ, av.phi);
  const trainError = trainErrorAt(model, s, y);
  const out: OneRsbGroundState = {
    y,
    ...p,
    d: s.d,
    Q: q1,
    A,
    freeEntropyOverBeta: F,
    freeEnergy: -F,
    energy: 0.5 * alpha * trainError + 0.5 * lambda * q1,
    complexity: -y * y * slope,
    dFdy: slope,
    trainError,
    genError: teacher.rho - 2 * s.m + q1 + sigma2,
    meanError: R0,
    yOptimized: phase !== "fixed-y",
    phase,
    converged,
    iterations: run.iterations,
    residual: run.residual,
    model,
    rs,
  };
  return withDisplay(out, display);
}

function display(x: OneRsbGroundState) {
  return keyValueBundle(
    `1RSB ground state (alpha=${x.model.alpha}, beta=∞, sigma2=${x.model.sigma2}, lambda=${x.model.lambda})`,
    [
      ["phase", x.phase],
      ["y", x.y],
      ["m", x.m],
      ["q0", x.q0],
      ["q1 = Q", x.q1],
      ["chi1", x.chi1],
      ["train error", x.trainError],
      ["gen error", x.genError],
      ["energy", x.energy],
      ["complexity", x.complexity],
      ["converged", x.converged],
      ["iterations", x.iterations],
      ["RS train error", x.rs.trainError],
      ["RS gen error", x.rs.genError],
    ],
  );
}

/** Largest chi1 kept: beyond it the fixed-y iteration is running off to chi1 = ∞. */
const CHI_RUNAWAY = 1e7;
/** Anderson mixing (depth 4) once the residual is below this (measured best of 1e-3..1). */
const AA_SWITCH = 1e-2;
const Y_MIN = 1e-3;
const Y_MAX = 1e12;
const CHI_FLOOR = 1e-300;
/** Below this relative spread `Delta/q1` the solution is a single state (RS-like). */
const RS_SPREAD = 1e-6;
/** Fixed-point sweeps before the joint solve: until this residual, at most PRE_MAX. */
const PRE_TOL = 1e-2;
const PRE_MAX = 30;
/** ...on the rough outer quadrature (errors ~5e-2, below the residual they stop at). */
const PRE_RULE: Rule = "rough";
/** Map evaluations allowed to the joint Newton–Broyden solve before the fallback. */
const JOINT_MAX = 40;
/** Tolerance of the coarse first stage (its fixed point is ~1e-3 from the fine one). */
const COARSE_TOL = 1e-6;
/** Largest joint step per coordinate (m, q0, log Delta, log(1 + chi1), log y). */
const STEP_CAP = [0.5, 0.5, 1, 1, Math.log(3)];
/**
 * `y*·E_train(y*)` (measured 0.73..1.00 over 1..3 bits, alpha 0.2..5: 1 below alpha_c,
 * decreasing slowly above it), the scale of the first y guess.
 */
const Y_TIMES_E = 0.9;

/**
 * y* = argmin of Phi/beta over y: the root of `f(u) = y²·d(Phi/beta)/dy = −Sigma`, `u = log y`,
 * where f changes sign from − to + (a minimum of Phi/beta, not a maximum). `d(Phi/beta)/dy` is
 * analytic at each fixed-y solution (envelope theorem).
 *
 * Fast path (tried first): fixed-point sweeps at a first guess to a loose residual (on the
 * rough outer quadrature of frozen_channel.ts, a fifth of the fine rule's nodes), a second
 * guess of y* from the energy there, then {@link jointNewton} on the fixed point and
 * `d(Phi/beta)/dy = 0` together, in two stages: on the coarse outer quadrature (about half
 * the nodes) to 1e-6, then on the fine one from that root with its Broyden Jacobian (3–6
 * fine evaluations). In all 18–25 map evaluations at 1–2 bits, alpha 0.5–3 (44 at 2 bits,
 * alpha 0.3, where y* ≈ 1e4 and d(Phi/beta)/dy is near its rounding floor), against 44–161
 * for the search below; a rough evaluation costs a fifth of a fine one, a coarse one a half
 * (bench/one_rsb_ground_state_bench.ts). When
 * it fails (no convergence, or a maximum of Phi/beta), the safeguarded search runs from
 * scratch:
 *
 * First guess `y0 = 0.3/e_RS` (measured:
 * `y*·e_RS` ≈ 0.07–0.83 at the report points) or, where RS interpolates (e_RS = 0), from the
 * counting estimate `e ≈ ½·alpha·K^(−2/alpha)` (used when e_RS is below a tenth of it); then safeguarded secant steps in u until the
 * sign changes, and Brent's method, with warm starts extrapolated linearly in u. The
 * search runs at a loose tolerance; the last point is polished at the requested one.
 */
function optimizeY(
  model: Model,
  start: FrozenState,
  tolerance: number,
  maxIterations: number,
  damping: number,
  rs: ZeroTemperatureSolution,
  fast = true,
): OneRsbGroundState {
  let iterations = 0;
  interface Point {
    y: number;
    run: FixedYRun;
    f: number;
    ok: boolean;
  }
  const loose = Math.max(tolerance, 1e-9);
  const solveAt = (y: number, from: FrozenState, tol = loose): Point => {
    const run = iterateFixedY(model, y, from, tol, maxIterations, damping);
    iterations += run.iterations;
    const ok = run.converged && run.state.chi1 < CHI_RUNAWAY && run.state.d > 0 &&
      run.at !== undefined;
    let f = NaN;
    if (ok && run.at !== undefined) {
      // d(Phi/beta)/dy at the last evaluated state (within the tolerance of the fixed point)
      const st = run.at.state;
      const c = frozenConjugates(model, st, y);
      const p = { m: st.m, q0: st.q0, chi1: st.chi1, q1: st.q0 + st.d, ...c };
      f = y * y * dFdy(model, p, y, run.at.logZ, run.at.phi);
    }
    return { y, run, f, ok };
  };
  /** Warm start at y from the two nearest solved points (linear in log y, kept in range). */
  const predict = (y: number, a: Point, b?: Point): FrozenState => {
    if (b === undefined || a.y === b.y) return a.run.state;
    const t = Math.min(Math.max(Math.log(y / a.y) / Math.log(b.y / a.y), -1), 2);
    const sa = a.run.state, sb = b.run.state;
    const lin = (u: number, v: number) => u + t * (v - u);
    const geo = (u: number, v: number) => Math.exp(lin(Math.log(u), Math.log(v)));
    const p = {
      m: lin(sa.m, sb.m),
      q0: lin(sa.q0, sb.q0),
      d: geo(sa.d, sb.d),
      chi1: geo(sa.chi1, sb.chi1),
    };
    return Number.isFinite(p.m + p.q0 + p.d + p.chi1) ? p : a.run.state;
  };
  const done = (p: Point, phase: OneRsbGroundState["phase"], ok: boolean, polish = true) => {
    let run = p.run;
    if (ok && polish && tolerance < loose) {
      const polish = iterateFixedY(model, p.y, run.state, tolerance, maxIterations, damping);
      iterations += polish.iterations;
      run = polish;
    }
    // a branch with Delta ≈ 0 is a single (RS-like) state: Phi/beta is flat in y there
    const rsLike = run.state.d <= RS_SPREAD * (run.state.q0 + run.state.d) && run.converged;
    const sol = assemble(
      model,
      run,
      p.y,
      rsLike ? "rs" : phase,
      rs,
      (ok || rsLike) && run.converged,
    );
    sol.iterations = iterations;
    return sol;
  };
  const K = levelsOf(model).length;
  const alpha = model.alpha;
  const eRs = 0.5 * alpha * rs.trainError, eCount = 0.5 * alpha * Math.pow(K, -2 / alpha);
  // 0. the fast path: a few fixed-point sweeps at a first guess y1 (they select the frozen
  // branch), a second guess from the energy there, then the joint Newton–Broyden solve of
  // the fixed point and Sigma(y) = 0 (jointNewton). The guesses use y*·E_train(y*) ≈
  // Y_TIMES_E with E_train(y*) between the RS one and a third of the counting estimate.
  const y1 = Math.min(
    Math.max((Y_TIMES_E * alpha) / (2 * Math.max(eRs, eCount / 3)), 0.1),
    Y_MAX / 4,
  );
  const pre = fast ? iterateFixedY(model, y1, start, PRE_TOL, PRE_MAX, damping, PRE_RULE) : null;
  iterations += pre?.iterations ?? 0;
  if (pre?.at !== undefined && pre.state.d > 0 && pre.state.chi1 < CHI_RUNAWAY) {
    // −Phi/beta(y) is stationary at y*: a second-order estimate of the ground-state energy
    const st = pre.at.state;
    const p1 = { m: st.m, q0: st.q0, q1: st.q0 + st.d, chi1: st.chi1 };
    const eGround = -phiOverBeta(
      model,
      { ...p1, ...frozenConjugates(model, st, y1) },
      y1,
      pre.at.logZ,
    );
    const eTrain = (2 * eGround - model.lambda * p1.q1) / alpha;
    const y2 = eTrain > 0
      ? Math.min(Math.max(Y_TIMES_E / eTrain, y1 / 10), y1 * 10, Y_MAX / 4)
      : y1;
    // a guess far from y1: a few more sweeps there first (the state at y1 is a poor start)
    let from = pre.state;
    if (Math.abs(Math.log(y2 / y1)) > Math.log(1.5)) {
      const again = iterateFixedY(model, y2, pre.state, PRE_TOL, PRE_MAX, damping, PRE_RULE);
      iterations += again.iterations;
      if (again.state.d > 0 && again.state.chi1 < CHI_RUNAWAY && Number.isFinite(again.residual)) {
        from = again.state;
      }
    }
    // first stage on the coarse quadrature, then the fine one from its root and Jacobian
    const c = jointNewton(model, from, y2, COARSE_TOL, JOINT_MAX, true);
    iterations += c.evaluations;
    if (c.ok && c.run.at !== undefined) {
      const j = jointNewton(model, c.run.at.state, c.y, tolerance, JOINT_MAX, false, c.jacobian);
      iterations += j.evaluations;
      if (j.ok && j.run.at !== undefined) {
        const run = { ...j.run, state: j.run.at.state };
        return done({ y: j.y, run, f: 0, ok: true }, "1rsb", true, false);
      }
    }
  }
  // 1. the safeguarded search (used when the joint solve fails): a first point on the frozen
  // branch (below alpha_c it exists only at large y)
  const y0 = eRs > 0.1 * eCount ? 0.3 / eRs : 0.2 / eCount;
  const yStart = Math.min(Math.max(y0, 0.1), Y_MAX / 4);
  let p = solveAt(yStart, start);
  while (!p.ok && p.y < Y_MAX) {
    const from = p.run.state.chi1 < CHI_RUNAWAY && p.run.state.d > 0 ? p.run.state : start;
    p = solveAt(p.y * 4, from);
  }
  if (!p.ok) return done(p, "no-minimum", false);
  // 2. safeguarded secant steps in u = log y until f changes sign
  let q = solveAt(p.y * (p.f < 0 ? 1.5 : 1 / 1.5), p.run.state);
  for (let k = 0; k < 40; k++) {
    if (!q.ok) {
      // the branch ended: Phi/beta rises (f > 0) towards its edge at small y, or keeps
      // falling at large y
      return done(p, "no-minimum", false);
    }
    // a flat Phi/beta (a single RS-like state, Delta ≈ 0): every y is y*
    if (Math.abs(q.f) < 1e-13) return done(q, "1rsb", true);
    if ((p.f < 0) !== (q.f < 0)) break;
    const up = q.f < 0; // Phi/beta still decreasing: y* is larger
    const up2 = Math.log(q.y / p.y);
    let step = -q.f * up2 / (q.f - p.f);
    const min = Math.log(1.2), max = Math.log(4);
    if (!(Number.isFinite(step) && (step > 0) === up)) step = up ? max : -max;
    step = Math.sign(step) * Math.min(Math.max(Math.abs(step) * 1.1, min), max);
    const y = q.y * Math.exp(step);
    if (y > Y_MAX) return done(q, "no-minimum", false);
    if (y < Y_MIN) return done(q, "rs", false);
    let next = solveAt(y, predict(y, q, p));
    // a bad extrapolated start can run off: retry from the nearest solution, then closer
    if (!next.ok) next = solveAt(y, q.run.state);
    if (!next.ok) next = solveAt(q.y * Math.exp(0.5 * step), q.run.state);
    p = q;
    q = next;
  }
  if ((p.f < 0) === (q.f < 0)) return done(q, "no-minimum", false);
  const [lo, hi] = p.f < 0 ? [p, q] : [q, p];
  // 3. Brent's method (inverse quadratic interpolation, bisection safeguard) on f(u); each
  // solve warm-started from the two nearest solved points
  const solved: Point[] = [lo, hi];
  let best = Math.abs(lo.f) < Math.abs(hi.f) ? lo : hi;
  let failed = false;
  const fOf = (u: number): number => {
    const y = Math.exp(u);
    for (const q of solved) if (Math.abs(Math.log(q.y) - u) < 1e-13) return q.f;
    const near = [...solved].sort((x, z) =>
      Math.abs(Math.log(x.y) - u) - Math.abs(Math.log(z.y) - u)
    );
    let n = solveAt(y, predict(y, near[0], near[1]));
    if (!n.ok) n = solveAt(y, near[0].run.state);
    if (!n.ok) {
      failed = true;
      return 0; // stops the root search; reported below
    }
    solved.push(n);
    if (Math.abs(n.f) < Math.abs(best.f)) best = n;
    return n.f;
  };
  let converged = false;
  try {
    converged =
      brentRoot(fOf, Math.log(lo.y), Math.log(hi.y), { tolerance: 1e-9, maxIterations: 60 })
        .converged;
  } catch (e) {
    // f lost its sign at the bracket ends (noise at |f| ~ 1e-13): keep the best point
    if (!(e instanceof RangeError)) throw e;
  }
  if (failed) return done(best, "1rsb", false);
  // converged: the bracket of the sign change is below 1e-9 in log y (at y ~ 1e6 and beyond
  // f = y²·d(Phi/beta)/dy carries absolute rounding noise above 1e-7, so |f| is no criterion)
  return done(best, "1rsb", converged || Math.abs(best.f) < 1e-9);
}

/**
 * The 1RSB ground state in the shape of the finite-beta {@link OneRsbSolution} (for
 * `solveOneRsb` at beta = Infinity), with the full result under `groundState`. Limits as
 * beta → ∞ at fixed `y = beta·x`: `x = 0`; `Q = q1`; the conjugates diverge (`mhat`, `q0hat`,
 * `q1hat` → +∞ as beta or beta², `Qhat = beta·a − q1hat` → −∞; 0 where the scaled one is 0);
 * `freeEntropy = beta·Phi/beta` → ±∞ (0 if Phi/beta = 0); `freeEnergy = −Phi/beta`;
 * `entropy` (relative to pi) = `Sigma(y*) + E[log pi(l*)]` (the states are single
 * configurations and, at y*, sub-exponentially many), `shannonEntropy = Sigma(y*)` for a
 * uniform base measure. Options map as: `tolerance`, `maxIterations`, `damping` as given; `x`
 * must be "optimize" (or absent: y* is found); a numeric x or a start state is a RangeError
 * (at beta = ∞ fix y with {@link solveOneRsbGroundState} instead).
 *
 * @throws {RangeError} for a finite beta, a numeric x or a start state.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = oneRsbFromGroundState({ alpha: 2, beta: Infinity, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * // uniform base measure: Shannon entropy 0 at y*, entropy relative to pi = −log 2
 * if (s.x !== 0 || Math.abs(s.shannonEntropy!) > 1e-8 || Math.abs(s.entropy + Math.LN2) > 1e-8) throw new Error();
 * if (s.trainError !== s.groundState.trainError || s.freeEntropy !== -Infinity) throw new Error();
 * ```
 */
export function oneRsbFromGroundState(
  params: ModelParams,
  options: OneRsbOptions = {},
): OneRsbSolution & { groundState: OneRsbGroundState } {
  checkKeys(
    options,
    ["x", "tolerance", "maxIterations", "damping", "start"],
    "solveOneRsb options",
  );
  if (options.x !== undefined && options.x !== "optimize") {
    throw new RangeError(
      `x: at beta = Infinity the Parisi parameter is y = beta·x (x → 0); pass x = "optimize" ` +
        `or fix y with solveOneRsbGroundState, got ${options.x}`,
    );
  }
  if (options.start !== undefined && options.start !== "frozen") {
    throw new RangeError(
      `start: solveOneRsb at beta = Infinity starts from the frozen side only, got ${
        typeof options.start === "string" ? options.start : "a state"
      }`,
    );
  }
  const gs = solveOneRsbGroundState(params, {
    tolerance: options.tolerance,
    maxIterations: options.maxIterations,
    damping: options.damping,
  });
  const { model } = gs;
  const beta = (v: number) => (v > 0 ? Infinity : v < 0 ? -Infinity : 0);
  const q = model.quantizer;
  let logPi = 0;
  let uniform = true;
  if (q.kind === "levels") {
    uniform = q.logPi.every((v) => v === q.logPi[0]);
    // (at g1 = 0 the inner average is the deterministic argmax, for any y > 0)
    const y = gs.y > 0 ? gs.y : 1;
    logPi = frozenAverages(q.levels, model.teacher, gs, model.lambda, y, 1, q.logPi).logPi;
  }
  const sigma = gs.phase === "1rsb" ? gs.complexity : 0;
  const entropy = sigma + logPi;
  const out = {
    x: 0,
    m: gs.m,
    q0: gs.q0,
    q1: gs.q1,
    Q: gs.Q,
    mhat: beta(gs.mu),
    q0hat: beta(gs.g0),
    q1hat: beta(gs.g0 + gs.g1),
    Qhat: gs.g0 + gs.g1 > 0 ? -Infinity : beta(gs.a),
    chi1: gs.chi1,
    freeEntropy: beta(gs.freeEntropyOverBeta),
    freeEnergy: gs.freeEnergy,
    energy: gs.energy,
    entropy,
    shannonEntropy: q.kind === "levels" && uniform ? sigma : null,
    genError: gs.genError,
    meanError: gs.meanError,
    trainError: gs.trainError,
    xOptimized: gs.yOptimized,
    converged: gs.converged,
    iterations: gs.iterations,
    residual: gs.residual,
    model,
    groundState: gs,
  };
  return withDisplay(out, () => display(gs));
}

/** Outcome of {@link jointNewton}: a converged point of the 5-dimensional root problem. */
interface JointRun {
  ok: boolean;
  y: number;
  run: FixedYRun;
  /** The last (Broyden) Jacobian, for a following stage. */
  jacobian: number[][] | null;
  /** Map evaluations spent (Jacobian columns included). */
  evaluations: number;
}

/**
 * The fixed-point equations and `Sigma(y) = 0` as ONE root problem in
 * `v = (m, q0, log Delta, log chi1, log y)`: `R(v) = (T(s) − s, y²·∂(Phi/beta)/∂y)` with `T`
 * the §3b map (in the same coordinates). At a root the envelope theorem makes the partial
 * `∂/∂y` the total derivative, so the root is y*. Newton with a forward-difference Jacobian
 * at the start, then Broyden's (good) rank-one updates; steps are capped (|Δlog y| <= log 3,
 * |Δ| <= 1 in the log coordinates) and halved when the map leaves its domain. Converged when
 * the fixed-point residual (as in {@link iterateFixedY}) is below `tolerance` and the last
 * step in log y below 1e-9. The caller validates the branch and falls back to the
 * safeguarded one-dimensional search when this fails.
 */
function jointNewton(
  model: Model,
  start: FrozenState,
  y0: number,
  tolerance: number,
  maxEvaluations: number,
  coarse = false,
  jacobian0: number[][] | null = null,
): JointRun {
  let evaluations = 0;
  // the coarse stage only has to bring y within reach of the fine one
  const duTol = coarse ? 1e-3 : 1e-9;
  const encode = (s: FrozenState, y: number) => [
    s.m,
    s.q0,
    Math.log(s.d),
    Math.log1p(s.chi1),
    Math.log(y),
  ];
  const decode = (v: number[]): FrozenState => ({
    m: v[0],
    q0: v[1],
    d: Math.exp(v[2]),
    // (chi1 >= 0; where it is ~1e-190, large y, a step can land a rounding below 0)
    chi1: Math.max(Math.expm1(v[3]), 0),
  });
  interface Eval {
    v: number[];
    r: number[];
    /** fixed-point residual in natural units */
    res: number;
    f: FrozenState & { logZ: number; phi: number };
  }
  const evaluate = (v: number[]): Eval | null => {
    const s = decode(v), y = Math.exp(v[4]);
    if (!(y > 0 && Number.isFinite(y) && Number.isFinite(s.m + s.q0 + s.d + s.chi1))) return null;
    if (!(s.chi1 < CHI_RUNAWAY && 1 + s.chi1 + y * s.d > 0)) return null;
    evaluations++;
    let f;
    try {
      f = step(model, s, y, coarse ? "coarse" : "fine");
    } catch (e) {
      // a trial state outside the domain of the equations (RangeError) is a failed trial point;
      // anything else is a bug and surfaces
      if (!(e instanceof RangeError)) throw e;
      return null;
    }
    if (!(f.d > 0 && f.chi1 >= 0 && f.q0 >= 0)) return null;
    const c = frozenConjugates(model, s, y);
    const p = { m: s.m, q0: s.q0, chi1: s.chi1, q1: s.q0 + s.d, ...c };
    const fy = dFdy(model, p, y, f.logZ, f.phi);
    const fu = encode(f, y);
    const r = [fu[0] - v[0], fu[1] - v[1], fu[2] - v[2], fu[3] - v[3], fy];
    const res = Math.max(
      Math.abs(f.m - s.m),
      Math.abs(f.q0 - s.q0),
      Math.abs(f.d - s.d),
      Math.abs(f.chi1 - s.chi1) / (1 + s.chi1),
    );
    if (!(r.every(Number.isFinite) && Number.isFinite(res))) return null;
    return { v, r, res, f };
  };
  const fail = (s: FrozenState, y: number, residual = Infinity): JointRun => ({
    ok: false,
    y,
    run: { state: s, converged: false, iterations: evaluations, residual },
    evaluations,
    jacobian: null,
  });
  let cur = evaluate(encode(start, y0));
  if (cur === null) return fail(start, y0);
  // forward-difference Jacobian (columns: one map evaluation each)
  const n = 5;
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const jacobian = (at: Eval): boolean => {
    for (let j = 0; j < n; j++) {
      const h = 1e-6 * Math.max(1, Math.abs(at.v[j]));
      const v = [...at.v];
      v[j] += h;
      const e = evaluate(v);
      if (e === null) return false;
      for (let i = 0; i < n; i++) J[i][j] = (e.r[i] - at.r[i]) / h;
    }
    return true;
  };
  if (jacobian0 !== null) {
    for (let i = 0; i < n; i++) J[i] = [...jacobian0[i]];
  } else if (!jacobian(cur)) return fail(decode(cur.v), Math.exp(cur.v[4]), cur.res);
  // merit ‖D·r‖²: the Sigma row weighted like a state change (by its largest state column)
  const w4 = 1 / Math.max(...J[4].slice(0, 4).map(Math.abs), 1e-300);
  const merit = (e: Eval) => e.r.reduce((acc, x, i) => acc + (i === 4 ? x * w4 : x) ** 2, 0);
  const broyden = (dv: number[], dr: number[]) => {
    // Broyden's good update: J += (Δr − J·Δv)·Δvᵀ/(Δvᵀ·Δv)
    const dd = dv.reduce((acc, x) => acc + x * x, 0);
    for (let i = 0; i < n; i++) {
      const jd = J[i].reduce((acc, x, k) => acc + x * dv[k], 0);
      const u = (dr[i] - jd) / dd;
      for (let k = 0; k < n; k++) J[i][k] += u * dv[k];
    }
  };
  const schur = (): number => {
    // the total derivative of d(Phi/beta)/dy along the fixed points: df/du − J_f,s·J_ss⁻¹·J_s,u
    const Jss = J.slice(0, 4).map((row) => row.slice(0, 4));
    const w = solveDense(Jss, J.slice(0, 4).map((row) => row[4]));
    return w === null ? NaN : J[4][4] - J[4].slice(0, 4).reduce((acc, x, i) => acc + x * w[i], 0);
  };
  const finish = (at: Eval): JointRun => {
    const run: FixedYRun = {
      state: { m: at.f.m, q0: at.f.q0, d: at.f.d, chi1: at.f.chi1 },
      converged: true,
      iterations: evaluations,
      residual: at.res,
      at: { state: decode(at.v), logZ: at.f.logZ, phi: at.f.phi },
    };
    // Phi/beta must have a minimum here (d(Phi/beta)/dy rising through 0 in log y)
    return { ok: schur() > 0, y: Math.exp(at.v[4]), run, evaluations, jacobian: J };
  };
  let lastDu = Infinity, fresh = true;
  while (evaluations < maxEvaluations) {
    // converged: the fixed point to the tolerance, and y* to 1e-9 in log y or Sigma(y) =
    // −y²·d(Phi/beta)/dy below the tolerance
    const sigma = Math.exp(2 * cur.v[4]) * Math.abs(cur.r[4]);
    if (cur.res < tolerance && (Math.abs(lastDu) < duTol || sigma < tolerance)) return finish(cur);
    // the total derivative of d(Phi/beta)/dy along the fixed points (Schur complement)
    const total = schur();
    let dv: number[] | null;
    let guarded = true;
    if (total > 0) {
      dv = solveDense(J, cur.r.map((x) => -x));
    } else {
      // outside the basin of y* (d(Phi/beta)/dy tends to 0 at y → ∞, and Sigma to 0 at
      // y → 0): continuation, a fixed step in log y downhill in Phi/beta, Newton in the state
      const du = cur.r[4] < 0 ? STEP_CAP[4] : -STEP_CAP[4];
      const ds = solveDense(
        J.slice(0, 4).map((row) => row.slice(0, 4)),
        cur.r.slice(0, 4).map((x, i) => -x - J[i][4] * du),
      );
      dv = ds === null ? null : [...ds, du];
      guarded = false;
    }
    if (dv === null) break;
    // caps: a trust region in the natural scales of the coordinates
    let scale = 1;
    for (let i = 0; i < n; i++) {
      scale = Math.min(scale, STEP_CAP[i] / Math.max(Math.abs(dv[i]), 1e-300));
    }
    dv = dv.map((x) => x * scale);
    // backtracking on the merit (two halvings), every trial feeding the secant update; when
    // the Broyden direction fails, a fresh difference Jacobian at the current point
    const m0 = merit(cur);
    let next: Eval | null = null;
    for (let k = 0; k < 3; k++) {
      const trial = evaluate(cur.v.map((x, i) => x + dv![i]));
      if (trial !== null) {
        // (steps below 1e-7 see rounding noise more than curvature: no update)
        if (Math.max(...dv.map(Math.abs)) > 1e-7) {
          broyden(dv, trial.r.map((x, i) => x - cur!.r[i]));
        }
        if (!guarded || merit(trial) < m0) {
          next = trial;
          break;
        }
      }
      dv = dv.map((x) => 0.5 * x);
    }
    if (next === null) {
      // no progress at the rounding floor (|d(Phi/beta)/dy| ~ 1e-18 at y ~ 1e4): converged
      if (cur.res < tolerance && Math.abs(lastDu) < 1e-7) return finish(cur);
      if (fresh || !jacobian(cur)) break;
      fresh = true;
      continue;
    }
    fresh = false;
    lastDu = dv[4];
    cur = next;
  }
  return fail(decode(cur.v), Math.exp(cur.v[4]), cur.res);
}
