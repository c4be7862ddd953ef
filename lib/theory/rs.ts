/**
 * Replica-symmetric (RS) solution at finite inverse temperature (docs/theory.md §2).
 *
 * Order parameters `m = w0·w/N`, `q = w^a·w^b/N`, `Q = w·w/N`; we iterate on
 * `(m, q, V = Q − q)` because `V` is tiny at low temperature and is computed directly as the
 * average posterior variance (no cancellation). Conjugates:
 * `mhat = alpha·beta/(1 + chi)` with `chi = beta·V`, `qhat = alpha·beta²·R/(1 + chi)²`,
 * `Qhat = mhat − qhat`, `R = rho − 2m + q + sigma2`; the scalar channel has noise
 * `Delta = qhat/mhat² = R/alpha`. This is the state evolution of AMP (Bayati–Montanari 2011;
 * Rangan 2011, GAMP), which reuses {@link rsStep}.
 *
 * @module
 */
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import { type ChannelAverages, channelAverages } from "./scalar_channel.ts";
import { keyValueBundle, withDisplay } from "../jupyter/with_display.ts";
import { andersonMixer } from "../numerics/anderson.ts";
import { checkKeys, iterationControls } from "../model/options.ts";

/** The keys {@link RsOptions} accepts. */
const RS_OPTION_KEYS = ["tolerance", "maxIterations", "damping", "start", "acceleration"] as const;

/** The iterated state of the RS equations. */
export interface RsState {
  /** Teacher-student overlap `m`. */
  m: number;
  /** Two-replica overlap `q`. */
  q: number;
  /** `V = Q − q`, the average posterior variance (so `chi = beta·V`). */
  V: number;
}

/** Every RS quantity at a point (docs/theory.md §2). */
export interface RsSolution extends RsState {
  /** Self-overlap `Q = q + V`. */
  Q: number;
  /** `chi = beta·(Q − q)`. */
  chi: number;
  /** Conjugate `mhat = alpha·beta/(1 + chi)`. */
  mhat: number;
  /** Conjugate `qhat = alpha·beta²·R/(1 + chi)²`. */
  qhat: number;
  /** Conjugate `Qhat = mhat − qhat`. */
  Qhat: number;
  /** Residual `R = rho − 2m + q + sigma2` = generalization error of the posterior mean. */
  R: number;
  /** Training error per sample `(Q − q)/(1 + chi) + R/(1 + chi)²`. */
  trainError: number;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Generalization error of the posterior mean `rho − 2m + q + sigma2` (= R). */
  meanError: number;
  /** Free entropy per weight `Phi` (base measure normalised). */
  freeEntropy: number;
  /** Free energy `−Phi/beta`. */
  freeEnergy: number;
  /** Energy per weight `½·alpha·trainError + ½·lambda·Q`. */
  energy: number;
  /** Entropy per weight relative to the base measure, `Phi + beta·energy`. */
  entropy: number;
  /**
   * Shannon entropy per weight `entropy + log K` for a level set with uniform base measure
   * (must be >= 0; negative means RS is wrong there: an entropy crisis); null otherwise.
   */
  shannonEntropy: number | null;
  /** De Almeida–Thouless replicon `(mhat²/alpha)·E[Var(w)²]`; RS is locally stable iff < 1. */
  at: number;
  /** `at < 1` */
  stable: boolean;
  /**
   * Computed, never asserted: the residual fell below the tolerance within the iteration cap
   * and every observable is finite.
   */
  converged: boolean;
  /** Iterations used. */
  iterations: number;
  /** Last change of the state: `max(|dm|, |dq|, |dchi|/(1 + chi))`. */
  residual: number;
  /** The model the solution belongs to. */
  model: Model;
}

/** Options for {@link solveRs}. */
export interface RsOptions {
  /** Stop when the residual is below this. Default 1e-10. */
  tolerance?: number;
  /** Default 5000. */
  maxIterations?: number;
  /** Initial damping d in `x ← (1 − d)·F(x) + d·x`, in [0, 1). Adapted when it oscillates. */
  damping?: number;
  /**
   * Where to start: a previous state or solution (warm start), `"informed"` (near the
   * teacher) or `"uninformed"` (the beta = 0 solution, default).
   */
  start?: RsState | "informed" | "uninformed";
  /**
   * `"anderson"` (default): Anderson acceleration (memory 3) with a fall-back to damped
   * iteration when it misbehaves; `"none"`: plain damped iteration.
   */
  acceleration?: "anderson" | "none";
}

/** Conjugates and channel noise at a state. */
export interface RsConjugates {
  chi: number;
  mhat: number;
  qhat: number;
  R: number;
  delta: number;
}

/**
 * Conjugate order parameters at a state: `mhat = alpha/(1/beta + V)` (= alpha·beta/(1+chi),
 * and alpha/V at beta = ∞), `qhat = mhat²·R/alpha`, `Delta = R/alpha`.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 4, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const c = rsConjugates(model, { m: 0.5, q: 0.5, V: 0.25 });
 * if (Math.abs(c.mhat - 2 * 4 / (1 + 4 * 0.25)) > 1e-15) throw new Error();
 * ```
 */
export function rsConjugates(model: Model, state: RsState): RsConjugates {
  const { alpha, beta, sigma2, teacher } = model;
  const chi = beta * state.V;
  const mhat = alpha / (1 / beta + state.V);
  const R = teacher.rho - 2 * state.m + state.q + sigma2;
  // R >= (sqrt(rho) − sqrt(q))² + sigma2 >= 0 at every state the channel produces (Cauchy–
  // Schwarz: m² <= rho·q). A negative R is either rounding where R ≈ 0 (noiseless recovery) or an
  // Anderson extrapolation that left that set; both the channel noise delta and qhat then use
  // R⁺ = max(R, 0) (as the zero-temperature and 1RSB conjugates do), and R itself is reported.
  const Rplus = Math.max(R, 0);
  return { chi, mhat, qhat: (mhat * mhat * Rplus) / alpha, R, delta: Rplus / alpha };
}

/**
 * One undamped step of the RS fixed-point iteration: the conjugates at `state`, then the
 * channel averages. This is also AMP's state evolution.
 *
 * @example
 * ```ts
 * import { continuous } from "../quantizers/quantizer.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 1, lambda: 1, quantizer: continuous() });
 * const { state } = rsStep(model, { m: 0, q: 0, V: 1 });
 * // Gaussian posterior: V = 1/(mhat + beta·lambda) with mhat = alpha·beta/(1 + beta·V) = 1
 * if (Math.abs(state.V - 0.5) > 1e-15) throw new Error();
 * ```
 */
export function rsStep(
  model: Model,
  state: RsState,
): { state: RsState; conjugates: RsConjugates; averages: ChannelAverages } {
  const conj = rsConjugates(model, state);
  const quad = conj.mhat + (model.lambda === 0 ? 0 : model.beta * model.lambda);
  const averages = channelAverages(model.quantizer, model.teacher, {
    mhat: conj.mhat,
    quad,
  }, conj.delta);
  return {
    state: { m: averages.m, q: averages.q, V: averages.meanVariance },
    conjugates: conj,
    averages,
  };
}

/** The beta = 0 state: the base measure's moments. */
export function priorState(model: Model): RsState {
  const q = model.quantizer;
  if (q.kind === "continuous") {
    const v = Number.isFinite(q.priorVariance) ? q.priorVariance : 1;
    return { m: 0, q: 0, V: v };
  }
  let s1 = 0, s2 = 0;
  for (let i = 0; i < q.levels.length; i++) {
    const p = Math.exp(q.logPi[i]);
    s1 += p * q.levels[i];
    s2 += p * q.levels[i] * q.levels[i];
  }
  return { m: 0, q: s1 * s1, V: Math.max(s2 - s1 * s1, 1e-12) };
}

function informedState(model: Model): RsState {
  const prior = priorState(model);
  const scale = Math.min(model.teacher.rho, prior.q + prior.V);
  return { m: 0.99 * scale, q: 0.99 * scale, V: Math.min(prior.V, 1 / model.beta) };
}

function checkOptions(
  options: RsOptions,
): Required<Omit<RsOptions, "start" | "acceleration">> {
  checkKeys(options, RS_OPTION_KEYS, "RS options");
  options ??= {};
  if (
    options.acceleration !== undefined && options.acceleration !== "anderson" &&
    options.acceleration !== "none"
  ) {
    throw new RangeError(
      `acceleration: expected "anderson" or "none", got ${JSON.stringify(options.acceleration)}`,
    );
  }
  return iterationControls(options, { tolerance: 1e-10, maxIterations: 5000, damping: 0 });
}

/**
 * Iterates the RS equations to a fixed point with adaptive damping, from `start`.
 * Works at finite beta and, for `lambda = 0`, at beta = ∞ in the "soft" (interpolating)
 * phase where `mhat = alpha/V` stays finite.
 */
export function iterateRs(
  model: Model,
  start: RsState,
  options: RsOptions = {},
): { state: RsState; converged: boolean; iterations: number; residual: number } {
  const checked = checkOptions(options);
  const { tolerance, maxIterations } = checked;
  let damping = checked.damping;
  let useAnderson = options?.acceleration !== "none";
  // Anderson acceleration on (m, q, log V); log V keeps V > 0 and makes the scale uniform
  const mixer = andersonMixer(3, { memory: 3 });
  let x = { ...start };
  let residual = Infinity;
  let best = Infinity;
  let previous = Infinity;
  let calm = 0;
  let bad = 0;
  for (let it = 1; it <= maxIterations; it++) {
    const fx = rsStep(model, x).state;
    // at finite beta a posterior variance that underflows (e.g. beta·lambda = 1e31 pinning every
    // weight to the level 0) is a valid V = 0+; keep it positive for the log-scale mixing
    if (fx.V === 0 && Number.isFinite(model.beta)) fx.V = 1e-300;
    const chiScale = Number.isFinite(model.beta) ? model.beta / (1 + model.beta * x.V) : 1 / x.V;
    residual = Math.max(
      Math.abs(fx.m - x.m),
      Math.abs(fx.q - x.q),
      Math.abs(fx.V - x.V) * chiScale,
    );
    // V must stay positive and finite; at beta = ∞ a V collapsing to 0 means the soft
    // (interpolating) branch does not exist here: stop and report it, never throw
    const collapsed = !Number.isFinite(model.beta) && fx.V < 1e-13;
    if (!Number.isFinite(residual) || !(fx.V > 0 && Number.isFinite(fx.V)) || collapsed) {
      return {
        state: x,
        converged: false,
        iterations: it,
        residual: Number.isFinite(residual) ? residual : Infinity,
      };
    }
    if (residual < tolerance) {
      return { state: fx, converged: true, iterations: it, residual };
    }
    // extrapolate only close to the fixed point, where the map is nearly linear
    if (useAnderson && residual < 0.05) {
      if (residual > 10 * best) {
        // the extrapolation went astray: forget it; give up on it after repeated failures
        mixer.reset();
        if (++bad > 3) useAnderson = false;
      }
      best = Math.min(best, residual);
      const next = mixer.next([x.m, x.q, Math.log(x.V)], [fx.m, fx.q, Math.log(fx.V)]);
      // accept the extrapolation only within a factor e^4 of the plain step's V
      if (next.every(Number.isFinite) && Math.abs(next[2] - Math.log(fx.V)) < 4) {
        x = { m: next[0], q: next[1], V: Math.exp(next[2]) };
        continue;
      }
      mixer.reset();
    }
    if (residual > previous) {
      // oscillation or overshoot: damp harder
      damping = Math.min(0.95, damping + 0.5 * (1 - damping));
      calm = 0;
    } else if (++calm > 20 && damping > 0) {
      damping *= 0.7;
      calm = 0;
    }
    previous = residual;
    x = {
      m: (1 - damping) * fx.m + damping * x.m,
      q: (1 - damping) * fx.q + damping * x.q,
      // V must stay > 0: mix geometrically
      V: Math.exp((1 - damping) * Math.log(fx.V) + damping * Math.log(x.V)),
    };
  }
  return { state: x, converged: false, iterations: maxIterations, residual };
}

/**
 * All RS observables at a state (assumed to be a fixed point; nothing is iterated).
 *
 * @example
 * ```ts
 * import { continuous } from "../quantizers/quantizer.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 1, lambda: 1, quantizer: continuous() });
 * const s = rsObservables(model, { m: 0.5, q: 0.5, V: 0.5 }, { converged: true, iterations: 0, residual: 0 });
 * if (Math.abs(s.genError - (1 - 1 + 1)) > 1e-15) throw new Error();
 * ```
 */
export function rsObservables(
  model: Model,
  state: RsState,
  status: { converged: boolean; iterations: number; residual: number },
): RsSolution {
  const { alpha, beta, lambda, sigma2, teacher, quantizer } = model;
  const step = rsStep(model, state);
  const { chi, mhat, qhat, R } = step.conjugates;
  const avg = step.averages;
  const { m, q, V } = state;
  const Q = q + V;
  const trainError = V / (1 + chi) + R / (1 + chi) ** 2;
  const genError = teacher.rho - 2 * m + Q + sigma2;
  const energy = 0.5 * alpha * trainError + 0.5 * lambda * Q;
  // Phi = −mhat·m + ½·Qhat·Q + ½·qhat·q + E[log Z] + alpha·G_E (Qhat = mhat − qhat) cancels
  // catastrophically at large beta·lambda, alpha or mhat (terms of 1e30 for an O(1) result).
  // At a fixed point, E[log Z] = E[−KL] − ½·quad·Q + mhat·(m + Delta·mhat·V) (Stein's lemma
  // on r = w0 + sqrt(Delta)·z), and everything large cancels exactly, leaving
  //   s = Phi + beta·energy = E[−KL(p(w|r) ‖ pi)] + ½·alpha·(chi/(1 + chi) − log(1 + chi)),
  // a sum of two terms <= 0 computed without cancellation (docs/theory.md §2).
  const entropy = avg.relativeEntropy + 0.5 * alpha * chiEntropyTerm(chi);
  const freeEntropy = entropy - beta * energy;
  let shannonEntropy: number | null = null;
  if (quantizer.kind === "levels") {
    const uniform = quantizer.logPi.every((v) => v === quantizer.logPi[0]);
    // uniform base: E[−KL] + log K = E[H(p(w|r))] is in [0, log K]
    if (uniform) shannonEntropy = entropy + Math.log(quantizer.levels.length);
  }
  const at = ((mhat * mhat) / alpha) * avg.varianceSquared;
  const finite = [m, q, V, chi, mhat, qhat, R, trainError, genError, energy, entropy, at]
    .every(Number.isFinite) && Number.isFinite(freeEntropy);
  const solution: RsSolution = {
    m,
    q,
    V,
    Q,
    chi,
    mhat,
    qhat,
    Qhat: mhat - qhat,
    R,
    trainError,
    genError,
    meanError: R,
    freeEntropy,
    freeEnergy: -freeEntropy / beta,
    energy,
    entropy,
    shannonEntropy,
    at,
    stable: at < 1,
    converged: status.converged && finite && Number.isFinite(status.residual),
    iterations: status.iterations,
    residual: finite ? status.residual : Infinity,
    model,
  };
  return withDisplay(solution, rsDisplay);
}

/**
 * `chi/(1 + chi) − log(1 + chi)` (<= 0), by its series `Σ_{n>=2} (−1)^(n+1)·(n−1)/n·chi^n`
 * below chi = 0.01, where the direct difference would lose the leading `−chi²/2` to rounding
 * (at alpha = 1e11 that rounding is 1e-5 of entropy).
 *
 * @example
 * ```ts
 * const chi = 1e-9;
 * if (Math.abs(chiEntropyTerm(chi) / (-0.5 * chi * chi) - 1) > 1e-8) throw new Error();
 * if (Math.abs(chiEntropyTerm(1) - (0.5 - Math.log(2))) > 1e-15) throw new Error();
 * ```
 */
export function chiEntropyTerm(chi: number): number {
  if (chi === Infinity) return -Infinity;
  if (!(chi >= 0.01)) {
    let term = -chi * chi, sum = 0;
    for (let n = 2; n <= 12; n++) {
      sum += (term * (n - 1)) / n;
      term *= -chi;
    }
    return sum;
  }
  return chi / (1 + chi) - Math.log1p(chi);
}

function rsDisplay(s: RsSolution): Record<string, string> {
  const rows: [string, number | boolean | null][] = [
    ["m", s.m],
    ["q", s.q],
    ["Q", s.Q],
    ["chi", s.chi],
    ["train error", s.trainError],
    ["gen error (Gibbs)", s.genError],
    ["gen error (mean)", s.meanError],
    ["free entropy", s.freeEntropy],
    ["entropy", s.entropy],
    ["AT replicon", s.at],
    ["stable", s.stable],
    ["converged", s.converged],
    ["iterations", s.iterations],
  ];
  const { alpha, beta, sigma2, lambda } = s.model;
  return keyValueBundle(
    `RS solution (alpha=${alpha}, beta=${beta}, sigma2=${sigma2}, lambda=${lambda})`,
    rows,
  );
}

/**
 * Solves the RS equations at finite beta (docs/theory.md §2) and returns every observable,
 * with `converged`, `iterations` and `residual`. For beta = Infinity use
 * `solveZeroTemperature`.
 *
 * @throws {RangeError} on invalid parameters, or for the improper flat-measure posterior
 *   (continuous weights, lambda = 0, alpha <= 1).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = solveRs({ alpha: 2, beta: 5, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) });
 * if (!s.converged || !(s.meanError > 0.1)) throw new Error();
 * ```
 */
export function solveRs(params: ModelParams, options: RsOptions = {}): RsSolution {
  const model = resolveModel(params);
  checkOptions(options);
  options ??= {};
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(
      `beta: solveRs needs a finite beta > 0, got ${model.beta}; use solveZeroTemperature for beta = Infinity`,
    );
  }
  checkImproper(model);
  const start = options.start === "informed"
    ? informedState(model)
    : options.start === undefined || options.start === "uninformed"
    ? priorState(model)
    : { m: options.start.m, q: options.start.q, V: options.start.V };
  if (!(start.V > 0 && Number.isFinite(start.m) && Number.isFinite(start.q))) {
    throw new RangeError(`start: expected finite m, q and V > 0, got ${JSON.stringify(start)}`);
  }
  const run = iterateRs(model, start, options);
  return rsObservables(model, run.state, run);
}

/** Throws for the improper flat posterior of ridgeless regression with alpha <= 1. */
export function checkImproper(model: Model): void {
  const q = model.quantizer;
  if (
    q.kind === "continuous" && !Number.isFinite(q.priorVariance) && model.lambda === 0 &&
    model.alpha <= 1 && Number.isFinite(model.beta)
  ) {
    throw new RangeError(
      `alpha: with continuous flat weights and lambda = 0 the Gibbs measure is improper for alpha <= 1, got alpha = ${model.alpha} (use lambda > 0, a finite priorVariance, or beta = Infinity)`,
    );
  }
}

/**
 * Solves from both an informed and an uninformed start and returns both branches when they
 * differ (a first-order transition), the one with the larger free entropy first.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const b = solveRsBranches({ alpha: 1.5, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * if (b.branches.length < 1 || !b.best.converged) throw new Error();
 * ```
 */
export function solveRsBranches(
  params: ModelParams,
  options: Omit<RsOptions, "start"> = {},
): { best: RsSolution; branches: RsSolution[] } {
  checkKeys(
    options,
    RS_OPTION_KEYS.filter((k) => k !== "start"),
    "solveRsBranches options",
  );
  const a = solveRs(params, { ...options, start: "informed" });
  const b = solveRs(params, { ...options, start: "uninformed" });
  const same = Math.abs(a.m - b.m) < 1e-6 && Math.abs(a.q - b.q) < 1e-6;
  const branches = same ? [a] : [a, b].sort((x, y) => y.freeEntropy - x.freeEntropy);
  return { best: branches[0], branches };
}
