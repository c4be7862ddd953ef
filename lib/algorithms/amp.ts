/**
 * Approximate message passing for the Gibbs measure of docs/theory.md §1, in the GAMP form of
 * docs/theory.md §4 (Rangan 2011, "Generalized approximate message passing for estimation with
 * random linear mixing"; Krzakala, Mézard, Sausset, Sun, Zdeborová 2012 for the Gaussian output
 * channel), with output variance `1/beta`:
 *
 *     V_t   = mean_i v_i
 *     g_mu  = (y_mu − (X a)_mu + V_t·g_mu^{t−1}) / (1/beta + V_t)      (Onsager term)
 *     Sigma = (1/beta + V_t) / alpha
 *     r_i   = a_i + Sigma·(X^T g)_i
 *     a_i, v_i = mean and variance of pi(w)·exp(−(w − r_i)²/(2·Sigma) − ½·beta·lambda·w²)
 *
 * The denoiser is the RS scalar channel's `denoise` with `mhat = 1/Sigma`,
 * `quad = 1/Sigma + beta·lambda`. Its state evolution is the RS iteration `rsStep`
 * (Bayati–Montanari 2011), exposed as {@link ampStateEvolution}.
 *
 * Both matrix products of an iteration are one streaming pass over X (`amp_kernel.ts`).
 *
 * @module
 */
import { checkKeys, iterationControls } from "../model/options.ts";
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import { denoise } from "../theory/scalar_channel.ts";
import { checkImproper, priorState, rsConjugates, type RsState, rsStep } from "../theory/rs.ts";
import { type AmpKernel, createAmpKernel } from "./amp_kernel.ts";
import { seedInstance, type SyntheticData } from "./synthetic.ts";
import { algorithmTable, withDisplay } from "./display.ts";

/** One iteration of AMP (or of its state evolution): the state after `iteration` steps. */
export interface AmpTraceEntry {
  /** Iteration number (1-based). */
  iteration: number;
  /** `w0·a/N` */
  m: number;
  /** `a·a/N` */
  q: number;
  /** `q + V` */
  Q: number;
  /** `V = mean_i v_i` (Onsager-corrected variance of the estimates). */
  V: number;
  /** `Sigma = (1/beta + V)/alpha`, the variance of the effective channel `r_i`. */
  Sigma: number;
  /** Gibbs training error per sample `mean (y − omega)²/(1+chi)² + V/(1+chi)`, chi = beta·V. */
  trainError: number;
  /** Gibbs generalization error `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Posterior-mean generalization error `rho − 2m + q + sigma2`. */
  meanError: number;
  /**
   * Empirical de Almeida–Thouless replicon `at = (1/Sigma)²/alpha · mean_i v_i²` (SE: with
   * `E[Var(w)²]`); at a fixed point it is the AT quantity of `solveRs` (same name `at`), and a
   * fixed point with `at >= 1` is unstable without damping.
   */
  at: number;
  /** AMP: rms undamped change of the estimates that produced this state (NaN at 0). */
  residual: number;
  /** AMP: damping used for the step that produced this state. */
  damping: number;
}

/**
 * Why AMP stopped: `"converged"`; `"unstable"` = the iteration settled (with damping) on a
 * fixed point whose replicon `at` is >= 1, which undamped AMP cannot reach and which is not the
 * RS answer (the RSB phase); `"max-iterations"`; `"diverged"`; `"nan"`.
 */
export type AmpStopReason = "converged" | "unstable" | "max-iterations" | "diverged" | "nan";

/** A finished AMP run on one instance. */
export interface AmpRun {
  /** Discriminant: an AMP run. */
  algorithm: "amp";
  /** Number of weights N. */
  n: number;
  /** Number of samples M. */
  samples: number;
  /** Seed of the instance (data). */
  seed: number;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Inverse temperature (Infinity: zero temperature). */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** The instance's teacher norm `|w0|²/N` (errors use it). */
  rhoHat: number;
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Two-replica overlap `q`. */
  q: number;
  /** Self-overlap `Q = w·w/N`. */
  Q: number;
  /** `V = Q − q`, the average posterior variance. */
  V: number;
  /** Training error per sample. */
  trainError: number;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Generalization error of the posterior mean `rho − 2m + q + sigma2`. */
  meanError: number;
  /** Empirical AT replicon at the last state (see {@link AmpTraceEntry.at}). */
  at: number;
  /** True only for reason `"converged"`. */
  converged: boolean;
  /** Why the iteration stopped. */
  reason: AmpStopReason;
  /** Iterations used. */
  iterations: number;
  /** Last rms undamped change of the estimates. */
  residual: number;
  /** Damping at the end. */
  damping: number;
  /** Matrix backend used. */
  backend: string;
  /**
   * Trace of the states after 0, k, 2k, ... iterations and the last one, `k = traceEvery`
   * (empty if `traceEvery: 0`).
   */
  trace: AmpTraceEntry[];
  /** Final estimates a_i (posterior means) if `keepEstimates`. */
  estimate?: Float64Array;
  /** Final variances v_i if `keepEstimates`. */
  variance?: Float64Array;
}

/** Options for {@link runAmp}. */
export interface AmpOptions {
  /** Stop when the rms undamped change of the estimates is below this. Default 1e-5. */
  tolerance?: number;
  /** Default 500. */
  maxIterations?: number;
  /** Damping d in `a ← (1 − d)·F(a) + d·a` (also for v), in [0, 1). Default 0. */
  damping?: number;
  /**
   * Adaptive damping (default true): the step size `1 − d` is halved whenever the residual
   * grows by more than half in one step (smaller rises are finite-N noise), multiplied by 0.7
   * after 3 successive steps that point back and forth (cosine < −0.3 between successive
   * undamped steps: a slow period-2 mode), and relaxed towards `1 − damping` after 10 calm
   * steps.
   */
  adaptiveDamping?: boolean;
  /** Largest damping adaptive damping may reach. Default 0.95. */
  maxDamping?: number;
  /**
   * Divergence: stop when the residual exceeds this multiple of `sqrt(rhoHat)` (estimates
   * moving by more than the teacher's own scale per step). Default 100.
   */
  divergence?: number;
  /**
   * Record the state every this many iterations in `trace` (0 = no trace, 1 = every iteration,
   * k = iterations 0, k, 2k, ... and the last). Default 1. Same name as Monte Carlo's option.
   */
  traceEvery?: number;
  /** Keep the final estimates and variances in the result. Default false. */
  keepEstimates?: boolean;
  /** Matrix backend: default wasm (SIMD) when X fits, else js. */
  backend?: "wasm" | "js";
  /**
   * Threads of the float32 matrix pass (see `createAmpKernel`): 1, 2 or `"auto"` (default: 2
   * for matrices of 2^21 entries or more, outside workers). Results do not depend on it.
   */
  threads?: 1 | 2 | "auto";
}

const AMP_OPTION_KEYS = [
  "tolerance",
  "maxIterations",
  "damping",
  "adaptiveDamping",
  "maxDamping",
  "divergence",
  "traceEvery",
  "keepEstimates",
  "backend",
  "threads",
];

interface ResolvedAmpOptions {
  tolerance: number;
  maxIterations: number;
  damping: number;
  adaptiveDamping: boolean;
  maxDamping: number;
  divergence: number;
  traceEvery: number;
  keepEstimates: boolean;
  backend?: "wasm" | "js";
  threads: 1 | 2 | "auto";
}

/**
 * Validates AMP options and fills in the defaults.
 *
 * @throws {RangeError} naming the option, its value and the allowed range.
 * @example
 * ```ts
 * const o = resolveAmpOptions({ damping: 0.3 });
 * if (o.tolerance !== 1e-5 || o.maxIterations !== 500 || o.damping !== 0.3) throw new Error();
 * ```
 */
export function resolveAmpOptions(options: AmpOptions = {}): ResolvedAmpOptions {
  checkKeys(options, AMP_OPTION_KEYS, "runAmp options");
  options ??= {};
  const { tolerance, maxIterations, damping } = iterationControls(options, {
    tolerance: 1e-5,
    maxIterations: 500,
    damping: 0,
  });
  const maxDamping = options.maxDamping ?? 0.95;
  const divergence = options.divergence ?? 100;
  if (!(maxDamping >= damping && maxDamping < 1)) {
    throw new RangeError(`maxDamping: expected a number in [damping, 1), got ${maxDamping}`);
  }
  if (!(Number.isFinite(divergence) && divergence > 0)) {
    throw new RangeError(`divergence: expected a finite number > 0, got ${divergence}`);
  }
  if (options.backend !== undefined && options.backend !== "wasm" && options.backend !== "js") {
    throw new RangeError(`backend: expected "wasm" or "js", got ${String(options.backend)}`);
  }
  const traceEvery = options.traceEvery ?? 1;
  if (!(Number.isInteger(traceEvery) && traceEvery >= 0)) {
    throw new RangeError(`traceEvery: expected an integer >= 0, got ${traceEvery}`);
  }
  const threads = options.threads ?? "auto";
  if (threads !== 1 && threads !== 2 && threads !== "auto") {
    throw new RangeError(`threads: expected 1, 2 or "auto", got ${String(options.threads)}`);
  }
  return {
    tolerance,
    maxIterations,
    damping,
    adaptiveDamping: options.adaptiveDamping ?? true,
    maxDamping,
    divergence,
    traceEvery,
    keepEstimates: options.keepEstimates ?? false,
    backend: options.backend,
    threads,
  };
}

/**
 * Checks that the instance was generated for these model parameters (same M/N up to rounding,
 * same sigma2).
 *
 * @throws {TypeError} if `data` is not a SyntheticData; {@link RangeError} on a mismatch.
 * @example
 * ```ts
 * import { resolveModel } from "../model/params.ts";
 * import { continuous } from "../quantizers/quantizer.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 10, alpha: 2, seed: 1 });
 * checkDataMatchesModel(data, resolveModel({ alpha: 2, beta: 1, quantizer: continuous() }));
 * let threw = false;
 * try {
 *   checkDataMatchesModel(data, resolveModel({ alpha: 3, beta: 1, quantizer: continuous() }));
 * } catch { threw = true; }
 * if (!threw) throw new Error();
 * ```
 */
export function checkDataMatchesModel(data: SyntheticData, model: Model): void {
  if (!(data?.X && data.w0 && data.y && data.n >= 1)) {
    throw new TypeError(`data: expected a SyntheticData object (see teacherStudentData)`);
  }
  if (Math.abs(model.alpha * data.n - data.samples) > 0.5 + 1e-9 * data.samples) {
    throw new RangeError(
      `alpha: the data has M/N = ${data.samples}/${data.n} = ${data.alpha}, got alpha = ${model.alpha}`,
    );
  }
  if (Math.abs(model.sigma2 - data.sigma2) > 1e-12 * (1 + data.sigma2)) {
    throw new RangeError(
      `sigma2: the data was generated with sigma2 = ${data.sigma2}, got sigma2 = ${model.sigma2}`,
    );
  }
}

function checkFiniteBeta(model: Model, what: string): void {
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: ${what} needs a finite beta > 0, got ${model.beta}`);
  }
}

/**
 * Model parameters of {@link runAmp}: alpha and sigma2 are read from the data, so they may be
 * left out; if given they must be the data's.
 */
export type AmpParams = Omit<ModelParams, "alpha" | "sigma2"> & {
  /** Samples per weight; default the data's `M/N`. */
  alpha?: number;
  /** Label-noise variance; default the data's. */
  sigma2?: number;
};

/**
 * Runs AMP on one instance at the model's beta, lambda and quantizer; alpha and sigma2 are the
 * data's (`params.alpha`/`params.sigma2` may be omitted; if given and different from the
 * data's, a RangeError names the parameter). Stops on convergence (rms undamped change of the
 * estimates below `tolerance`), at `maxIterations`, on divergence, or on a non-finite value, and says which
 * in `reason`. A fixed point whose empirical replicon `at` is >= 1 (reachable only thanks to
 * damping, deep in the RSB phase) is reported as `"unstable"`. `converged` is true only for
 * a stable fixed point.
 *
 * @throws {RangeError} on bad options, infinite beta, data that does not match the model, or
 *   the improper flat posterior (continuous weights, lambda = 0, alpha <= 1).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 300, alpha: 2, sigma2: 0.1, seed: 1 });
 * // alpha and sigma2 come from the data
 * const run = runAmp(data, { beta: 5, quantizer: uniformQuantizer({ bits: 2, width: 1.2 }) });
 * if (!run.converged || !(run.m > 0.5 && run.m < 1)) throw new Error(JSON.stringify(run.m));
 * ```
 */
export function runAmp(data: SyntheticData, params: AmpParams, options: AmpOptions = {}): AmpRun {
  if (!(data?.X && data.w0 && data.y && data.n >= 1)) {
    throw new TypeError(`data: expected a SyntheticData object (see teacherStudentData)`);
  }
  // alpha and sigma2 default to the data's; given ones are checked against it below
  const model = resolveModel(
    params !== null && typeof params === "object"
      ? { ...params, alpha: params.alpha ?? data.alpha, sigma2: params.sigma2 ?? data.sigma2 }
      : params as ModelParams,
  );
  checkFiniteBeta(model, "AMP");
  checkImproper(model);
  checkDataMatchesModel(data, model);
  const opt = resolveAmpOptions(options);
  const kernel = createAmpKernel(data.X, data.samples, data.n, data.y, {
    backend: opt.backend,
    threads: opt.threads,
  });
  try {
    return ampLoop(data, model, opt, kernel);
  } finally {
    kernel.dispose();
  }
}

function ampLoop(
  data: SyntheticData,
  model: Model,
  opt: ResolvedAmpOptions,
  kernel: AmpKernel,
): AmpRun {
  const { n, samples, w0, rhoHat } = data;
  const alpha = samples / n;
  const { beta, lambda, quantizer } = model;
  const sigma2 = data.sigma2;

  const start = priorState(model);
  const a = new Float64Array(n).fill(meanLevel(model));
  const v = new Float64Array(n).fill(start.V);
  const aNew = new Float64Array(n);
  const vNew = new Float64Array(n);
  const r = new Float64Array(n);
  const trace: AmpTraceEntry[] = [];
  const scale = Math.sqrt(rhoHat);

  let damping = opt.damping;
  let residual = NaN;
  let previous = Infinity;
  let calm = 0;
  let flips = 0;
  const step = new Float64Array(n); // previous undamped step F(a) − a
  let reason: AmpStopReason = "max-iterations";
  let entry: AmpTraceEntry | null = null;
  let iteration = 0;
  for (;;) {
    // state t: moments of (a, v), and the fused pass at a_t
    let sm = 0, sq = 0, sv = 0, sv2 = 0;
    for (let i = 0; i < n; i++) {
      sm += w0[i] * a[i];
      sq += a[i] * a[i];
      sv += v[i];
      sv2 += v[i] * v[i];
    }
    const m = sm / n, q = sq / n, V = sv / n;
    const inv = 1 / beta + V;
    const { g, out } = kernel.run(a, 1 / inv, V / inv);
    let sg = 0;
    for (let mu = 0; mu < samples; mu++) sg += g[mu] * g[mu];
    const chi = beta * V;
    // (y − omega)_mu = g_mu·(1/beta + V)
    const trainError = ((sg / samples) * inv * inv) / ((1 + chi) * (1 + chi)) + V / (1 + chi);
    const Sigma = inv / alpha;
    entry = {
      iteration,
      m,
      q,
      Q: q + V,
      V,
      Sigma,
      trainError,
      genError: rhoHat - 2 * m + q + V + sigma2,
      meanError: rhoHat - 2 * m + q + sigma2,
      at: sv2 / n / (Sigma * Sigma * alpha),
      residual,
      damping: iteration === 0 ? 0 : damping,
    };
    if (opt.traceEvery > 0 && iteration % opt.traceEvery === 0) trace.push(entry);
    if (![m, q, V, trainError].every(Number.isFinite)) {
      reason = "nan";
      break;
    }
    if (iteration > 0 && residual < opt.tolerance) {
      reason = entry.at < 1 ? "converged" : "unstable";
      break;
    }
    if (iteration > 0 && residual > opt.divergence * scale) {
      reason = "diverged";
      break;
    }
    if (iteration >= opt.maxIterations) {
      reason = "max-iterations";
      break;
    }
    // the step: r, denoiser, damping
    for (let i = 0; i < n; i++) r[i] = a[i] + Sigma * out[i];
    const mhat = 1 / Sigma;
    denoise(quantizer, r, { mhat, quad: mhat + (lambda === 0 ? 0 : beta * lambda) }, aNew, vNew);
    let d2 = 0, cross = 0, p2 = 0;
    for (let i = 0; i < n; i++) {
      const d = aNew[i] - a[i];
      d2 += d * d;
      cross += d * step[i];
      p2 += step[i] * step[i];
      step[i] = d;
    }
    residual = Math.sqrt(d2 / n);
    if (opt.adaptiveDamping && iteration > 0) {
      const cos = cross / Math.sqrt(d2 * p2 || 1);
      if (residual > 1.5 * previous) {
        // growth: halve the step
        damping = Math.min(opt.maxDamping, 1 - 0.5 * (1 - damping));
        calm = 0;
        flips = 0;
      } else if (cos < -0.3) {
        // successive steps point back and forth: a slowly decaying period-2 mode
        calm = 0;
        if (++flips >= 3) {
          damping = Math.min(opt.maxDamping, 1 - 0.7 * (1 - damping));
          flips = 0;
        }
      } else {
        flips = 0;
        if (++calm >= 10 && damping > opt.damping) {
          damping = Math.max(opt.damping, 1 - 1.2 * (1 - damping));
          calm = 0;
        }
      }
    }
    previous = residual;
    const s = 1 - damping;
    for (let i = 0; i < n; i++) {
      a[i] = s * aNew[i] + damping * a[i];
      v[i] = s * vNew[i] + damping * v[i];
    }
    if (!Number.isFinite(residual)) {
      reason = "nan";
      iteration++;
      break;
    }
    iteration++;
  }
  const last = entry!;
  if (opt.traceEvery > 0 && trace[trace.length - 1] !== last) trace.push(last);
  const run: AmpRun = {
    algorithm: "amp",
    n,
    samples,
    seed: data.seed,
    alpha,
    beta,
    sigma2,
    lambda,
    rhoHat,
    m: last.m,
    q: last.q,
    Q: last.Q,
    V: last.V,
    trainError: last.trainError,
    genError: last.genError,
    meanError: last.meanError,
    at: last.at,
    converged: reason === "converged",
    reason,
    iterations: iteration,
    residual,
    damping,
    backend: kernel.backend,
    trace,
  };
  if (opt.keepEstimates) {
    run.estimate = a;
    run.variance = v;
  }
  return withAmpRunDisplay(run);
}

/** The base measure's mean (AMP's start; its square is `priorState(model).q`). */
function meanLevel(model: Model): number {
  const q = model.quantizer;
  if (q.kind === "continuous") return 0;
  let s = 0;
  for (let i = 0; i < q.levels.length; i++) s += Math.exp(q.logPi[i]) * q.levels[i];
  return s;
}

/**
 * Attaches the Jupyter table rendering of an AMP run (e.g. to a run that came back from a
 * worker, which drops the non-enumerable display method). Returns the same object.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const run = withAmpRunDisplay(structuredClone(ampSeedTask({ params, n: 100, seed: 1 })));
 * const show = (run as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")];
 * if (!show.call(run)["text/html"].includes("<table>")) throw new Error();
 * ```
 */
export function withAmpRunDisplay(run: AmpRun): AmpRun {
  return withDisplay(run, (r) =>
    algorithmTable(
      `AMP (N=${r.n}, alpha=${
        fmt(r.alpha)
      }, beta=${r.beta}, seed=${r.seed}): ${r.reason} after ${r.iterations} iterations`,
      ["quantity", "value"],
      [
        ["m", r.m],
        ["q", r.q],
        ["Q", r.Q],
        ["train error", r.trainError],
        ["gen error (Gibbs)", r.genError],
        ["gen error (mean)", r.meanError],
        ["AT replicon", r.at],
        ["residual", r.residual],
        ["damping", r.damping],
        ["rho (sample)", r.rhoHat],
      ],
    ));
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(5)));
}

/** Options for {@link ampStateEvolution}. */
export interface StateEvolutionOptions {
  /** Number of iterations T (the trajectory has T + 1 entries). */
  iterations: number;
  /** Start state; default `"uninformed"`, AMP's start (the base measure's moments). */
  start?: RsState | "uninformed";
}

/**
 * AMP's state evolution: the undamped RS iteration `rsStep` from AMP's start, with the same
 * observables as an AMP trace (entry t = state after t iterations), so the two can be compared
 * iteration by iteration. `residual` and `damping` are NaN and 0.
 *
 * @throws {RangeError} on bad parameters, infinite beta or a bad iteration count.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { solveRs } from "../theory/rs.ts";
 * const params = { alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 2, width: 1 }) };
 * const se = ampStateEvolution(params, { iterations: 200 });
 * const rs = solveRs(params);
 * if (Math.abs(se[200].m - rs.m) > 1e-8) throw new Error();
 * ```
 */
export function ampStateEvolution(
  params: ModelParams,
  options: StateEvolutionOptions,
): AmpTraceEntry[] {
  const model = resolveModel(params);
  checkFiniteBeta(model, "ampStateEvolution");
  checkImproper(model);
  const T = options?.iterations;
  if (!(Number.isInteger(T) && T >= 0)) {
    throw new RangeError(`iterations: expected an integer >= 0, got ${T}`);
  }
  const start = options.start === undefined || options.start === "uninformed"
    ? priorState(model)
    : options.start;
  if (!(Number.isFinite(start.m) && Number.isFinite(start.q) && start.V > 0)) {
    throw new RangeError(`start: expected finite m, q and V > 0, got ${JSON.stringify(start)}`);
  }
  let state: RsState = { m: start.m, q: start.q, V: start.V };
  // at the start every weight has the same variance V, so E[Var²] = V²
  const out: AmpTraceEntry[] = [seEntry(model, state, 0, state.V * state.V)];
  for (let t = 1; t <= T; t++) {
    const step = rsStep(model, state);
    state = step.state;
    out.push(seEntry(model, state, t, step.averages.varianceSquared));
  }
  return out;
}

function seEntry(
  model: Model,
  state: RsState,
  iteration: number,
  varianceSquared: number,
): AmpTraceEntry {
  const { chi, mhat, R } = rsConjugates(model, state);
  const { m, q, V } = state;
  const rho = model.teacher.rho;
  return {
    iteration,
    m,
    q,
    Q: q + V,
    V,
    Sigma: 1 / mhat,
    trainError: V / (1 + chi) + R / ((1 + chi) * (1 + chi)),
    genError: rho - 2 * m + q + V + model.sigma2,
    meanError: rho - 2 * m + q + model.sigma2,
    at: (mhat * mhat * varianceSquared) / model.alpha,
    residual: NaN,
    damping: 0,
  };
}

/** A task for {@link ampSeedTask}: one seed of an AMP experiment (structured-cloneable). */
export interface AmpSeedTask {
  params: ModelParams;
  n: number;
  seed: number;
  precision?: "float32" | "float64";
  options?: AmpOptions;
}

/**
 * Generates the instance of one seed and runs AMP on it (the unit of work of
 * `runAmpSeeds`, also run in module workers).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const run = ampSeedTask({ params, n: 200, seed: 3, options: { traceEvery: 0 } });
 * if (run.seed !== 3 || run.trace.length !== 0) throw new Error();
 * ```
 */
export function ampSeedTask(task: AmpSeedTask): AmpRun {
  const model = resolveModel(task.params);
  const key = JSON.stringify([
    task.n,
    model.alpha,
    model.sigma2,
    model.teacher,
    task.seed,
    task.precision ?? "float32",
  ]);
  let data = lastInstance?.key === key ? lastInstance.data : undefined;
  if (data === undefined) {
    lastInstance = null; // free the previous instance before generating the next
    data = seedInstance(task.params, task.n, task.seed, task.precision);
    lastInstance = { key, data };
  }
  return runAmp(data, task.params, task.options);
}

/**
 * The last instance {@link ampSeedTask} generated (one per thread): the instance depends on N,
 * alpha, sigma2, the teacher, the seed and the precision but not on beta, lambda or the
 * quantizer, so the seeds of a sweep over widths (queued seed by seed by `runSeedBatch`)
 * generate each instance once. AMP only reads the data, and the instance never leaves this
 * module, so a reused instance gives the run a fresh one would.
 */
let lastInstance: { key: string; data: SyntheticData } | null = null;
