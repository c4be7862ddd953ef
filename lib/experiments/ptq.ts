/**
 * Post-training quantization (PTQ) baseline (beyond the paper): train real weights by ridge /
 * least squares, then round them to the level set, against learning directly in the
 * quantized weight space.
 *
 * Theory through the decoupled scalar channel (docs/theory.md §2, "Zero temperature"): the
 * continuous ridge estimator (`solveZeroTemperature` with `continuous()` weights) behaves, per
 * weight, like `w_hat = k·r` with `r = w0 + sqrt(Delta)·z`, `Delta = R/alpha`, where R is its
 * generalization error and `k = D` its gain (`k = alpha/(alpha/(1 + chi) + lambda)·1/(1 + chi)`
 * for ridge; 1 for least squares with alpha > 1; alpha for the minimum-norm interpolator).
 * Rounding to the level set gives the generalization error
 *
 *     E_PTQ = E[(w0 − Q(k·r))²] + sigma2,
 *
 * an exact sum of Gaussian interval integrals over the rounding thresholds
 * ({@link roundingError}); optionally at the best width for rounding. Learning in the
 * quantized space is the RS solution with the same level set at the model's beta
 * (`solveZeroTemperature` at beta = Infinity, the training-error minimiser; `solveRs` at
 * finite beta, whose Gibbs sample has weights in the level set — its posterior mean does not).
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { continuous } from "../quantizers/quantizer.ts";
import { quantize } from "../quantizers/quantize.ts";
import { solveRs } from "../theory/rs.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { resolveModel } from "../model/params.ts";
import { teacherStudentData } from "../algorithms/synthetic.ts";
import { type JupyterDisplayable, withDisplay } from "../jupyter/with_display.ts";
import { experimentModelParams, type ExperimentParams, quantizerAtWidth } from "./params.ts";
import { roundingError, roundingOptimalWidth } from "./gaussian_rounding.ts";
import { optimalWidth } from "./optimal_width.ts";
import { ridgeEstimate } from "./ridge.ts";

/** The continuous (real-weight) estimator's channel. */
export interface PtqChannel {
  /** Its generalization error R (includes sigma2). */
  error: number;
  /** Gain k of `w_hat = k·r`. */
  gain: number;
  /** Channel noise `Delta = R/alpha`. */
  delta: number;
  /** "ground-state" (ridge / least squares) or "interpolating" (minimum norm). */
  phase: "ground-state" | "interpolating";
}

/** Learning in the quantized space at one width. */
export interface QuantizedLearning {
  /** The beta used (Infinity: ground state). */
  beta: number;
  /** Error of a Gibbs sample (weights in the level set); at beta = Infinity the ground state's. */
  genError: number;
  /** Error of the posterior mean (not in the level set at finite beta). */
  meanError: number;
  /** Replicon (Infinity for a level set at beta = Infinity). */
  at: number;
  /** RS-valid there (false in the interpolating ground state of a level set). */
  valid: boolean;
  /** The solve converged. */
  converged: boolean;
}

/** Options for {@link ptqTheory}. */
export interface PtqTheoryOptions {
  /** Also optimise the width for rounding and for quantized learning. Default true. */
  optimiseWidth?: boolean;
}

/** The result of {@link ptqTheory}. */
export interface PtqTheory {
  /** Quantizer family of the level set. */
  family: string;
  /** Bit depth. */
  bits: number;
  /** The width of the level set (as given). */
  width: number;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** The real-weight estimator that PTQ rounds. */
  continuous: PtqChannel;
  /** `E[(w0 − Q(k·r))²] + sigma2` at `width`. */
  ptqError: number;
  /** The width minimising the PTQ error, and that error (null unless optimiseWidth). */
  ptqBestWidth: number | null;
  /** The minimal PTQ error (null unless optimiseWidth). */
  ptqBestError: number | null;
  /** Learning in the quantized space at `width` and the model's beta. */
  quantized: QuantizedLearning;
  /** Learning in the quantized space at its own optimal width (Gibbs error; null unless optimiseWidth). */
  quantizedBestWidth: number | null;
  /** Its Gibbs error (null unless optimiseWidth). */
  quantizedBestError: number | null;
  /** Every solve and minimisation converged. */
  converged: boolean;
}

/**
 * The PTQ error from theory, with learning in the quantized space alongside (module doc).
 *
 * @throws {RangeError} for continuous student weights or invalid parameters.
 * @example
 * ```ts
 * const r = ptqTheory({ alpha: 3, beta: Infinity, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2, width: 1.5 } },
 *   { optimiseWidth: false });
 * // least squares at alpha = 3: R = sigma2·alpha/(alpha − 1), gain 1
 * if (Math.abs(r.continuous.error - 0.15) > 1e-9 || Math.abs(r.continuous.gain - 1) > 1e-12) throw new Error();
 * if (!(r.ptqError > r.continuous.error)) throw new Error();
 * ```
 */
export function ptqTheory(
  params: ExperimentParams,
  options: PtqTheoryOptions = {},
): PtqTheory & JupyterDisplayable {
  checkKeys(options, ["optimiseWidth"], "ptqTheory options");
  options ??= {};
  const model = resolveModel(experimentModelParams(params));
  const q = model.quantizer;
  if (q.kind !== "levels") {
    throw new RangeError(`quantizer: PTQ needs a level set to round to, got continuous weights`);
  }
  const optimise = options.optimiseWidth ?? true;
  const { alpha, sigma2, lambda, teacher } = model;
  const cont = solveZeroTemperature({ alpha, sigma2, lambda, teacher, quantizer: continuous() });
  const channel: PtqChannel = {
    error: cont.meanError,
    gain: cont.D,
    delta: cont.R / alpha,
    phase: cont.phase,
  };
  const ptqError = roundingError(q, { teacher, delta: channel.delta, gain: channel.gain }) + sigma2;
  let ptqBestWidth: number | null = null, ptqBestError: number | null = null;
  let bestOk = true;
  if (optimise) {
    const best = roundingOptimalWidth(q, {
      teacher,
      delta: channel.delta,
      gain: channel.gain,
    });
    ptqBestWidth = best.width;
    ptqBestError = best.mse + sigma2;
    bestOk = best.converged;
  }
  let quantized: QuantizedLearning;
  if (Number.isFinite(model.beta)) {
    const s = solveRs(model);
    quantized = {
      beta: model.beta,
      genError: s.genError,
      meanError: s.meanError,
      at: s.at,
      valid: true,
      converged: s.converged,
    };
  } else {
    const s = solveZeroTemperature(model);
    quantized = {
      beta: Infinity,
      genError: s.genError,
      meanError: s.meanError,
      at: s.at,
      valid: s.valid,
      converged: s.converged,
    };
  }
  let quantizedBestWidth: number | null = null, quantizedBestError: number | null = null;
  if (optimise) {
    const o = optimalWidth(params, { objective: "genError" });
    quantizedBestWidth = o.width;
    quantizedBestError = o.genError;
    bestOk &&= o.converged;
  }
  const result: PtqTheory = {
    family: q.family,
    bits: q.bits,
    width: q.width,
    alpha,
    sigma2,
    lambda,
    continuous: channel,
    ptqError,
    ptqBestWidth,
    ptqBestError,
    quantized,
    quantizedBestWidth,
    quantizedBestError,
    converged: cont.converged && quantized.converged && bestOk,
  };
  return withDisplay(result, (r) => {
    const f = (v: number | null) => (v === null ? "-" : v.toPrecision(5));
    return {
      "text/plain": [
        `PTQ vs quantized learning (${r.family}, ${r.bits} bits, width ${
          f(r.width)
        }, alpha ${r.alpha}, sigma2 ${r.sigma2}, lambda ${r.lambda})`,
        `  continuous estimator error ${f(r.continuous.error)} (gain ${f(r.continuous.gain)})`,
        `  PTQ error ${f(r.ptqError)}; at its best width ${f(r.ptqBestWidth)}: ${
          f(r.ptqBestError)
        }`,
        `  quantized learning (beta ${r.quantized.beta}) Gibbs error ${
          f(r.quantized.genError)
        }, mean error ${f(r.quantized.meanError)}; at its best width ${f(r.quantizedBestWidth)}: ${
          f(r.quantizedBestError)
        }`,
      ].join("\n"),
    };
  });
}

/** Options for {@link ptqSimulation}. */
export interface PtqSimulationOptions {
  /** Number of weights N. Default 400. */
  n?: number;
  /** Seed of the instance. */
  seed: number;
  /** Round at this width instead of the quantizer's own. */
  width?: number;
}

/** One finite-N PTQ measurement. */
export interface PtqSimulation {
  /** Number of weights N. */
  n: number;
  /** Number of samples M. */
  samples: number;
  /** Seed of the instance. */
  seed: number;
  /** `|w0 − w_hat|²/N + sigma2` of the real-weight ridge estimator. */
  continuousError: number;
  /** `|w0 − Q(w_hat)|²/N + sigma2` after rounding. */
  ptqError: number;
  /** The width rounded to. */
  width: number;
}

/**
 * Measures the PTQ error on one synthetic instance (docs/theory.md §1 data from
 * `teacherStudentData`): the ridge estimator by Cholesky (`ridgeEstimate`), rounded to the
 * level set. Errors are generalization errors per weight, `|w0 − w|²/N + sigma2` (for
 * `x ~ N(0, I/N)` the expected squared label error of a fresh sample).
 *
 * @throws {RangeError} on invalid parameters or continuous student weights.
 * @example
 * ```ts
 * const s = ptqSimulation({ alpha: 2, beta: Infinity, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2, width: 1.5 } },
 *   { n: 100, seed: 1 });
 * if (!(s.ptqError > s.continuousError) || s.samples !== 200) throw new Error();
 * ```
 */
export function ptqSimulation(
  params: ExperimentParams,
  options: PtqSimulationOptions,
): PtqSimulation {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options: expected an object with seed, got ${String(options)}`);
  }
  checkKeys(options, ["n", "seed", "width"], "ptqSimulation options");
  const model = resolveModel(experimentModelParams(params));
  const q = options.width === undefined
    ? model.quantizer
    : quantizerAtWidth(params.quantizer, options.width);
  if (q.kind !== "levels") {
    throw new RangeError(`quantizer: PTQ needs a level set to round to, got continuous weights`);
  }
  const n = options.n ?? 400;
  const { samples, w0, w } = ridgeInstance(model, n, options.seed);
  const wq = quantize(q, w);
  let ec = 0, eq = 0;
  for (let i = 0; i < n; i++) {
    ec += (w0[i] - w[i]) ** 2;
    eq += (w0[i] - wq[i]) ** 2;
  }
  return {
    n,
    samples,
    seed: options.seed,
    continuousError: ec / n + model.sigma2,
    ptqError: eq / n + model.sigma2,
    width: q.width,
  };
}

/** A finite-N instance's teacher and real-weight ridge estimate (what PTQ rounds). */
interface RidgeInstance {
  samples: number;
  w0: Float64Array;
  w: Float64Array;
}

/**
 * Memo of the last ridge estimates: the instance and its estimate depend on N, alpha, sigma2,
 * lambda, the teacher and the seed but not on the level set, so a sweep over bit depths or
 * widths (the post-training figure) solves each instance once. The values are those a fresh
 * solve gives (the solve is deterministic); the arrays never leave this module.
 */
const ridgeMemo = new Map<string, RidgeInstance>();
const RIDGE_MEMO_SIZE = 64;

function ridgeInstance(
  model: ReturnType<typeof resolveModel>,
  n: number,
  seed: number,
): RidgeInstance {
  const key = JSON.stringify([n, model.alpha, model.sigma2, model.lambda, model.teacher, seed]);
  const hit = ridgeMemo.get(key);
  if (hit !== undefined) return hit;
  const data = teacherStudentData({
    n,
    alpha: model.alpha,
    sigma2: model.sigma2,
    teacher: model.teacher,
    seed,
    precision: "float64",
  });
  const w = ridgeEstimate(data.X, data.y, n, model.lambda);
  const entry = { samples: data.samples, w0: data.w0, w };
  if (ridgeMemo.size >= RIDGE_MEMO_SIZE) ridgeMemo.delete(ridgeMemo.keys().next().value!);
  ridgeMemo.set(key, entry);
  return entry;
}
