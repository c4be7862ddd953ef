/**
 * Replica-symmetric ground state, beta → ∞ (docs/theory.md §2, "Zero temperature").
 *
 * Ground-state phase (chi finite): the scalar posterior collapses to the decision rule
 * `w*(r) = argmin_l ½·alpha/(1+chi)·(l − r)² + ½·lambda·l²` (the nearest level when
 * lambda = 0), and every average is an interval sum of Gaussian integrals between the
 * decision thresholds. `D = E[dw*(r)/dr]` is the sum over thresholds of jump × density of `r`,
 * `chi = D/(alpha − D)`, `E_train = R/(1+chi)²`, `E_gen = E_mean = R` (Q = q).
 *
 * Interpolating phase (lambda = 0 and D >= alpha, i.e. alpha below the interpolation
 * threshold `alpha_c` where `D = alpha`): chi = ∞, the training error is zero, and the Gibbs
 * measure stays spread over the near-interpolating configurations with `mhat = alpha/(Q − q)`
 * finite. For a level set its RS entropy tends to −∞ as beta grows (each of the M
 * constraints shrinks the volume by a factor ~ beta^-1/2), so RS cannot be right there at
 * zero temperature: `valid` is false and 1RSB must qualify it. For continuous weights this
 * phase is ridgeless regression's minimum-norm interpolator (alpha < 1).
 *
 * @module
 */
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import { normalCdf, normalPdf } from "../numerics/special.ts";
import { brentRoot } from "../numerics/roots.ts";
import { levelEnvelope } from "./scalar_channel.ts";
import { iterateRs, priorState, rsStep } from "./rs.ts";
import { keyValueBundle, withDisplay } from "../jupyter/with_display.ts";
import { checkKeys, iterationControls } from "../model/options.ts";

/** The RS ground state. Quantities undefined at beta = ∞ are null. */
export interface ZeroTemperatureSolution {
  /** `"ground-state"` (chi finite, alpha above alpha_c) or `"interpolating"` (chi = ∞). */
  phase: "ground-state" | "interpolating";
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Overlap `q` (= Q in the ground-state phase). */
  q: number;
  /** Self-overlap `Q = w·w/N`. */
  Q: number;
  /** `V = Q − q`: 0 in the ground-state phase. */
  V: number;
  /** `lim beta·(Q − q)`; Infinity in the interpolating phase. */
  chi: number;
  /** `D = E[dw*(r)/dr]` (ground-state phase); in the interpolating phase `alpha`. */
  D: number;
  /** `R = rho − 2m + q + sigma2`. */
  R: number;
  /** Training error per sample `R/(1 + chi)²` (0 in the interpolating phase). */
  trainError: number;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Generalization error of the posterior mean `rho − 2m + q + sigma2`. */
  meanError: number;
  /** Ground-state energy per weight `½·alpha·trainError + ½·lambda·Q` (= the free energy). */
  energy: number;
  /** Free energy per weight (= energy at beta = ∞). */
  freeEnergy: number;
  /** Undefined at beta = ∞. */
  freeEntropy: null;
  /** Undefined (ground-state phase) or −Infinity (interpolating phase of a level set). */
  entropy: number | null;
  /** The replicon diverges for a level set at beta = ∞ (Infinity); finite for real weights. */
  at: number;
  /** `at < 1`: RS is locally stable. */
  stable: boolean;
  /**
   * False where RS is known to be wrong (interpolating phase of a level set), or where an
   * observable diverges (ridgeless regression with label noise at alpha = 1: `R = Infinity`).
   */
  valid: boolean;
  /** Computed from the residual and the iteration cap, never asserted. */
  converged: boolean;
  /** Iterations used. */
  iterations: number;
  /** Last change of the state. */
  residual: number;
  /** The model the result belongs to. */
  model: Model;
}

/** Options for {@link solveZeroTemperature}. */
export interface ZeroTemperatureOptions {
  /** Default 1e-12. */
  tolerance?: number;
  /** Default 10000. */
  maxIterations?: number;
}

interface HardState {
  m: number;
  q: number;
  chi: number;
}

interface HardAverages {
  m: number;
  q: number;
  D: number;
}

/**
 * Averages of the zero-temperature decision rule over the teacher and the channel noise, as
 * exact interval sums: cells of `r` between thresholds, `r ~ N(mu, v + delta)` within each
 * teacher component.
 */
function hardAverages(model: Model, chi: number, delta: number): HardAverages {
  const { alpha, lambda, quantizer, teacher } = model;
  const mhat0 = alpha / (1 + chi);
  if (quantizer.kind === "continuous") {
    // w* = k·r with k = mhat0/(mhat0 + lambda + 0): ridge shrinkage (flat base at beta = ∞)
    const k = lambda === 0 ? 1 : mhat0 / (mhat0 + lambda);
    return { m: k * teacher.rho, q: k * k * (teacher.rho + delta), D: k };
  }
  // thresholds depend only on quad/mhat = 1 + lambda·(1 + chi)/alpha (midpoints at lambda = 0)
  const ratio = lambda === 0 ? 1 : 1 + lambda / mhat0;
  const env = levelEnvelope(quantizer.levels, null, { mhat: 1, quad: ratio });
  const L = env.index;
  const t = env.thresholds;
  let m = 0, q = 0, D = 0;
  for (const c of teacher.components) {
    const variance = c.variance + delta;
    const shrink = variance > 0 ? c.variance / variance : 0;
    const sd = Math.sqrt(variance);
    if (sd === 0) {
      let j = 0;
      while (j < t.length && t[j] < c.mean) j++;
      const l = quantizer.levels[L[j]];
      m += c.weight * c.mean * l;
      q += c.weight * l * l;
      continue;
    }
    let cdfPrev = 0, pdfPrev = 0;
    for (let j = 0; j <= t.length; j++) {
      const z = j < t.length ? (t[j] - c.mean) / sd : Infinity;
      const cdf = j < t.length ? normalCdf(z) : 1;
      const pdf = j < t.length ? normalPdf(z) : 0;
      const l = quantizer.levels[L[j]];
      const p = cdf - cdfPrev;
      // E[w0·1_cell] = mu·P + shrink·E[(r − mu)·1_cell], E[(r − mu)·1_cell] = sd·(pdfPrev − pdf)
      m += c.weight * l * (c.mean * p + shrink * sd * (pdfPrev - pdf));
      q += c.weight * l * l * p;
      if (j < t.length) D += (c.weight * (quantizer.levels[L[j + 1]] - l) * pdf) / sd;
      cdfPrev = cdf;
      pdfPrev = pdf;
    }
  }
  return { m, q, D };
}

function hardIterate(
  model: Model,
  tolerance: number,
  maxIterations: number,
): { state: HardState; D: number; converged: boolean; iterations: number; residual: number } {
  const { alpha, sigma2, teacher, lambda } = model;
  let x: HardState = { m: 0, q: 0, chi: 0 };
  let residual = Infinity, previous = Infinity, damping = 0, D = 0;
  for (let it = 1; it <= maxIterations; it++) {
    const R = teacher.rho - 2 * x.m + x.q + sigma2;
    const avg = hardAverages(model, x.chi, Math.max(R, 0) / alpha);
    D = avg.D;
    // with lambda = 0 the thresholds do not depend on chi; D >= alpha is reported by the caller
    const chi = D < alpha ? D / (alpha - D) : lambda === 0 ? Infinity : 2 * x.chi + 1;
    const chiChange = lambda === 0 ? 0 : Math.abs(chi / (1 + chi) - x.chi / (1 + x.chi)) || 0;
    residual = Math.max(Math.abs(avg.m - x.m), Math.abs(avg.q - x.q), chiChange);
    if (residual < tolerance) {
      return { state: { m: avg.m, q: avg.q, chi }, D, converged: true, iterations: it, residual };
    }
    if (residual > previous) damping = Math.min(0.9, damping + 0.5 * (1 - damping));
    previous = residual;
    const mix = (a: number, b: number) => (1 - damping) * a + damping * b;
    x = {
      m: mix(avg.m, x.m),
      q: mix(avg.q, x.q),
      chi: lambda === 0 ? chi : Number.isFinite(chi) ? mix(chi, x.chi) : chi,
    };
  }
  return { state: x, D, converged: false, iterations: maxIterations, residual };
}

/**
 * Solves the RS equations at beta = ∞. Above the interpolation threshold (or for any
 * lambda > 0) this is the ground state with finite chi; below it, with lambda = 0, the
 * interpolating phase (see the module doc), flagged `valid: false` for level sets.
 *
 * @throws {RangeError} on invalid parameters.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = solveZeroTemperature({ alpha: 3, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) });
 * if (s.phase !== "ground-state" || !(s.D < 3) || s.trainError >= s.meanError) throw new Error();
 * ```
 */
export function solveZeroTemperature(
  params: Omit<ModelParams, "beta"> & { beta?: number },
  options: ZeroTemperatureOptions = {},
): ZeroTemperatureSolution {
  if (params === undefined || params === null || typeof params !== "object") {
    throw new TypeError(`params: expected an object with alpha, quantizer, got ${String(params)}`);
  }
  const model = resolveModel({ ...params, beta: params.beta ?? Infinity });
  if (Number.isFinite(model.beta)) {
    throw new RangeError(`beta: solveZeroTemperature needs beta = Infinity, got ${model.beta}`);
  }
  checkKeys(options, ["tolerance", "maxIterations"], "solveZeroTemperature options");
  const { tolerance, maxIterations } = iterationControls(options, {
    tolerance: 1e-12,
    maxIterations: 10000,
    damping: 0,
  });
  const { alpha, lambda, sigma2, teacher, quantizer } = model;
  if (
    quantizer.kind === "continuous" && !Number.isFinite(quantizer.priorVariance) &&
    lambda === 0
  ) {
    return alpha <= 1 ? minimumNormInterpolator(model, tolerance) : leastSquares(model, tolerance);
  }
  const hard = hardIterate(model, tolerance, maxIterations);
  if (Number.isFinite(hard.state.chi) || lambda > 0) {
    const { m, q, chi } = hard.state;
    const R = teacher.rho - 2 * m + q + sigma2;
    const trainError = R / (1 + chi) ** 2;
    const energy = 0.5 * alpha * trainError + 0.5 * lambda * q;
    // replicon: infinite for a level set; for real weights (mhat0²/alpha)·E[Var²]·beta²→ k²/alpha
    const at = quantizer.kind === "continuous"
      ? (((alpha / (1 + chi)) ** 2) / alpha) / (alpha / (1 + chi) + lambda) ** 2
      : Infinity;
    return finish({
      phase: "ground-state",
      m,
      q,
      Q: q,
      V: 0,
      chi,
      D: hard.D,
      R,
      trainError,
      genError: R,
      meanError: R,
      energy,
      freeEnergy: energy,
      freeEntropy: null,
      entropy: null,
      at,
      stable: at < 1,
      valid: true,
      converged: hard.converged,
      iterations: hard.iterations,
      residual: hard.residual,
      model,
    });
  }
  // interpolating phase (lambda = 0, D >= alpha)
  const start = priorState(model);
  const run = iterateRs(model, start, { tolerance: Math.max(tolerance, 1e-11), maxIterations });
  const { m, q, V } = run.state;
  const step = rsStep(model, run.state);
  const R = step.conjugates.R;
  const at = ((step.conjugates.mhat ** 2) / alpha) * step.averages.varianceSquared;
  return finish({
    phase: "interpolating",
    m,
    q,
    Q: q + V,
    V,
    chi: Infinity,
    D: alpha,
    R,
    trainError: 0,
    genError: teacher.rho - 2 * m + q + V + sigma2,
    meanError: R,
    energy: 0,
    freeEnergy: 0,
    freeEntropy: null,
    entropy: quantizer.kind === "levels" ? -Infinity : null,
    at,
    stable: at < 1,
    valid: quantizer.kind === "continuous",
    converged: run.converged,
    iterations: hard.iterations + run.iterations,
    residual: run.residual,
    model,
  });
}

/**
 * Ridgeless regression at alpha <= 1 in closed form: the minimum-norm interpolator, posterior
 * mean `k·r` with `k = alpha`, `R = (rho·(1 − alpha)² + sigma2)/(1 − alpha)` (docs/theory.md §2,
 * "Zero temperature"; the double-descent peak of Hastie, Montanari, Rosset & Tibshirani 2022).
 * The flat measure on the interpolating subspace has infinite variance, so a Gibbs sample's
 * error is infinite. At alpha = 1 the mean error diverges when sigma2 > 0 (reported as
 * Infinity with `valid: false`). The residual is that of the closed form in the fixed-point
 * equation `R = rho − 2m + q + sigma2`, computed, not assumed.
 */
function minimumNormInterpolator(model: Model, tolerance: number): ZeroTemperatureSolution {
  const { alpha, sigma2, teacher } = model;
  const rho = teacher.rho;
  let m: number, q: number, R: number;
  if (alpha < 1) {
    R = (rho * (1 - alpha) ** 2 + sigma2) / (1 - alpha);
    m = alpha * rho;
    q = alpha * alpha * rho + alpha * R; // k²·E[r²], E[r²] = rho + R/alpha
  } else {
    // alpha = 1: the square system is solved exactly without noise; with noise it diverges
    m = rho;
    R = sigma2 > 0 ? Infinity : 0;
    q = sigma2 > 0 ? Infinity : rho;
  }
  const residual = Number.isFinite(R) ? Math.abs(R - (rho - 2 * m + q + sigma2)) : 0;
  const converged = residual <= Math.max(tolerance, 1e-14 * (1 + Math.abs(R)));
  return finish({
    phase: "interpolating",
    m,
    q,
    Q: Infinity,
    V: Infinity,
    chi: Infinity,
    D: alpha,
    R,
    trainError: 0,
    genError: Infinity,
    meanError: R,
    energy: 0,
    freeEnergy: 0,
    freeEntropy: null,
    entropy: null,
    at: alpha,
    stable: true,
    valid: Number.isFinite(R),
    converged,
    iterations: 0,
    residual,
    model,
  });
}

/**
 * Ridgeless least squares at alpha > 1 in closed form (the fixed-point iteration contracts only
 * at rate 1/alpha, hopeless near alpha = 1): `m = rho`, `R = sigma2·alpha/(alpha − 1)`,
 * `q = rho + R/alpha`, `chi = 1/(alpha − 1)`, `E_train = sigma2·(alpha − 1)/alpha`.
 */
function leastSquares(model: Model, tolerance: number): ZeroTemperatureSolution {
  const { alpha, sigma2, teacher } = model;
  const rho = teacher.rho;
  const R = (sigma2 * alpha) / (alpha - 1);
  const m = rho, q = rho + R / alpha, chi = 1 / (alpha - 1);
  const trainError = R / (1 + chi) ** 2;
  const residual = Math.abs(R - (rho - 2 * m + q + sigma2));
  return finish({
    phase: "ground-state",
    m,
    q,
    Q: q,
    V: 0,
    chi,
    D: 1,
    R,
    trainError,
    genError: R,
    meanError: R,
    energy: 0.5 * alpha * trainError,
    freeEnergy: 0.5 * alpha * trainError,
    freeEntropy: null,
    entropy: null,
    at: 1 / alpha,
    stable: true,
    valid: true,
    converged: residual <= Math.max(tolerance, 1e-14 * (1 + R)),
    iterations: 0,
    residual,
    model,
  });
}

function finish(s: ZeroTemperatureSolution): ZeroTemperatureSolution {
  // no NaN leaves the solver: a NaN observable means the solve failed
  const numbers = [s.m, s.q, s.Q, s.V, s.chi, s.D, s.R, s.trainError, s.genError, s.energy, s.at];
  if (numbers.some(Number.isNaN) || Number.isNaN(s.residual)) {
    s = { ...s, converged: false, valid: false, residual: Infinity };
  }
  return withDisplay(s, (x) => {
    const rows = [
      ["phase", x.phase],
      ["m", x.m],
      ["q = Q", x.q],
      ["chi", x.chi],
      ["D", x.D],
      ["train error", x.trainError],
      ["gen error (Gibbs)", x.genError],
      ["gen error (mean)", x.meanError],
      ["valid (RS)", x.valid],
      ["converged", x.converged],
    ] as const;
    return keyValueBundle(
      `RS ground state (alpha=${x.model.alpha}, beta=∞, lambda=${x.model.lambda})`,
      rows,
    );
  });
}

/**
 * The interpolation threshold `alpha_c` (lambda = 0): the largest alpha at which `D = alpha`
 * on the ground-state branch. Above it the ground state has positive training error; below
 * it the RS ground state interpolates. For real weights `alpha_c = 1`.
 *
 * @throws {RangeError} if lambda > 0 (the ground state never interpolates then).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const a = interpolationThreshold({ quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * if (!(a.alphaC > 0 && a.alphaC < 1) || !a.converged) throw new Error();
 * ```
 */
export function interpolationThreshold(
  params: Omit<ModelParams, "beta" | "alpha">,
  options: { lo?: number; hi?: number } = {},
): { alphaC: number; converged: boolean; iterations: number } {
  const base = resolveModel({ ...params, alpha: 1, beta: Infinity });
  if (base.lambda > 0) {
    throw new RangeError(
      `lambda: the interpolation threshold needs lambda = 0, got ${base.lambda}`,
    );
  }
  if (base.quantizer.kind === "continuous") return { alphaC: 1, converged: true, iterations: 0 };
  const g = (alpha: number): number => {
    const model = { ...base, alpha };
    const h = hardIterate(model, 1e-13, 20000);
    return h.D - alpha;
  };
  const lo = options.lo ?? 1e-3, hi = options.hi ?? 64;
  // scan a log grid downwards from hi for the largest sign change
  const n = 60;
  let b = hi, gb = g(hi);
  if (gb > 0) throw new RangeError(`hi: D > alpha still at alpha = ${hi}; raise hi`);
  for (let i = 1; i <= n; i++) {
    const a = hi * Math.pow(lo / hi, i / n);
    const ga = g(a);
    if (ga > 0) {
      const root = brentRoot(g, a, b, { tolerance: 1e-12 });
      return { alphaC: root.x, converged: root.converged, iterations: root.iterations };
    }
    b = a;
    gb = ga;
  }
  return { alphaC: 0, converged: false, iterations: n };
}
