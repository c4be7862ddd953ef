/**
 * Parameters of an experiment: a point of the model (docs/theory.md §1) in plain, structured-
 * cloneable form, so that it can be sent to a worker, written to JSON and varied one parameter
 * at a time. The quantizer is given either as a {@link QuantizerSpec} (a family name plus bits,
 * width, …) or as a ready {@link Quantizer}; varying the width rebuilds the family at the new
 * width (or rescales the levels of a given level set, keeping its base measure).
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { MODEL_PARAM_KEYS, type ModelParams } from "../model/params.ts";
import type { Teacher } from "../model/teacher.ts";
import { levelSet, type Quantizer } from "../quantizers/quantizer.ts";
import { quantizerFromSpec, type QuantizerSpec } from "../quantizers/from_spec.ts";

/** A model point with the quantizer as a spec or a ready quantizer (all plain data). */
export interface ExperimentParams {
  /** Samples per weight, > 0. */
  alpha: number;
  /** Inverse temperature, > 0 (Infinity: the ground state, where supported). */
  beta: number;
  /** Label-noise variance, >= 0. Default 0. */
  sigma2?: number;
  /** Weight decay, >= 0. Default 0. */
  lambda?: number;
  /** The student's weight space: a spec such as `{ quantizer: "uniform", bits: 2, width: 1 }`, or a quantizer. */
  quantizer: QuantizerSpec | Quantizer;
  /** Teacher prior. Default Gaussian, rho = 1. */
  teacher?: Teacher;
}

/**
 * The parameters a transition line or a phase diagram can vary.
 *
 * @example
 * ```ts
 * if (!VARY_PARAMETERS.includes("width") || VARY_PARAMETERS.length !== 5) throw new Error();
 * ```
 */
export const VARY_PARAMETERS = ["width", "alpha", "beta", "sigma2", "lambda"] as const;

/** One of {@link VARY_PARAMETERS}. */
export type VaryParameter = typeof VARY_PARAMETERS[number];

/**
 * Checks that `name` is one of {@link VARY_PARAMETERS}.
 *
 * @throws {RangeError} `vary: expected one of width|alpha|beta|sigma2|lambda, got "bits"`.
 * @example
 * ```ts
 * if (checkVaryParameter("alpha") !== "alpha") throw new Error();
 * let msg = "";
 * try { checkVaryParameter("bits"); } catch (e) { msg = (e as Error).message; }
 * if (!msg.includes('got "bits"')) throw new Error(msg);
 * ```
 */
export function checkVaryParameter(name: unknown, label = "vary"): VaryParameter {
  if (!(VARY_PARAMETERS as readonly unknown[]).includes(name)) {
    throw new RangeError(
      `${label}: expected one of ${VARY_PARAMETERS.join("|")}, got ${JSON.stringify(name)}`,
    );
  }
  return name as VaryParameter;
}

function isQuantizer(q: QuantizerSpec | Quantizer): q is Quantizer {
  return typeof (q as Quantizer).kind === "string";
}

/**
 * The quantizer described by `q`, at `width` when given: a spec is built at that width (a spec
 * with explicit `levels` has them rescaled so that the outermost |level| is `width`); a level
 * set is rescaled likewise, keeping its base measure and family tag.
 *
 * @throws {RangeError} if width is not finite and > 0, or for continuous weights (no width).
 * @example
 * ```ts
 * const q = quantizerAtWidth({ quantizer: "uniform", bits: 1, width: 1 }, 3);
 * if (q.kind !== "levels" || q.levels.join() !== "-3,3") throw new Error();
 * const r = quantizerAtWidth(q, 1.5);
 * if (r.kind !== "levels" || r.levels.join() !== "-1.5,1.5") throw new Error();
 * ```
 */
export function quantizerAtWidth(q: QuantizerSpec | Quantizer, width?: number): Quantizer {
  if (q === null || typeof q !== "object") {
    throw new TypeError(`quantizer: expected a QuantizerSpec or a Quantizer, got ${String(q)}`);
  }
  if (width !== undefined && !(Number.isFinite(width) && width > 0)) {
    throw new RangeError(`width: expected a finite number > 0, got ${width}`);
  }
  if (isQuantizer(q)) {
    if (width === undefined) return q;
    if (q.kind === "continuous") {
      throw new RangeError(`width: continuous weights have no width to vary (got width ${width})`);
    }
    const scale = width / q.width;
    return levelSet(q.levels.map((l) => l * scale), {
      pi: q.logPi.map(Math.exp),
      family: q.family,
      parameter: q.parameter,
    });
  }
  if (width === undefined) return quantizerFromSpec(q);
  if (q.quantizer === "continuous") {
    throw new RangeError(`width: continuous weights have no width to vary (got width ${width})`);
  }
  if (q.levels !== undefined) {
    const base = quantizerFromSpec(q);
    return quantizerAtWidth(base, width);
  }
  return quantizerFromSpec({ ...q, width });
}

/**
 * The current value of a varied parameter (`width`: the quantizer's outermost |level|).
 *
 * @throws {RangeError} for `width` of continuous weights.
 * @example
 * ```ts
 * const p = { alpha: 2, beta: 5, quantizer: { quantizer: "uniform" as const, bits: 2, width: 1.5 } };
 * if (experimentParameter(p, "width") !== 1.5 || experimentParameter(p, "sigma2") !== 0) throw new Error();
 * ```
 */
export function experimentParameter(params: ExperimentParams, name: VaryParameter): number {
  switch (checkVaryParameter(name)) {
    case "alpha":
      return params.alpha;
    case "beta":
      return params.beta;
    case "sigma2":
      return params.sigma2 ?? 0;
    case "lambda":
      return params.lambda ?? 0;
    case "width": {
      const q = quantizerAtWidth(params.quantizer);
      if (q.kind === "continuous") {
        throw new RangeError(`width: continuous weights have no width`);
      }
      return q.width;
    }
  }
}

/**
 * A copy of `params` with one parameter replaced (the quantizer is rebuilt for `width`).
 *
 * @example
 * ```ts
 * const p = { alpha: 2, beta: 5, quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 } };
 * const q = withExperimentParameter(p, "width", 2);
 * if (experimentParameter(q, "width") !== 2 || experimentParameter(p, "width") !== 1) throw new Error();
 * ```
 */
export function withExperimentParameter(
  params: ExperimentParams,
  name: VaryParameter,
  value: number,
): ExperimentParams {
  switch (checkVaryParameter(name)) {
    case "width":
      return { ...params, quantizer: quantizerAtWidth(params.quantizer, value) };
    default:
      return { ...params, [name]: value };
  }
}

/**
 * The {@link ModelParams} of an experiment point (the quantizer built from its spec).
 *
 * @example
 * ```ts
 * const m = experimentModelParams({ alpha: 2, beta: 5, quantizer: { quantizer: "lloyd-max", bits: 2, width: 1 } });
 * if (m.quantizer.kind !== "levels" || m.quantizer.family !== "lloyd-max") throw new Error();
 * ```
 */
export function experimentModelParams(params: ExperimentParams): ModelParams {
  if (params === null || typeof params !== "object") {
    throw new TypeError(`params: expected an object { alpha, beta, quantizer, … }, got ${params}`);
  }
  checkKeys(params, MODEL_PARAM_KEYS, "experiment params");
  const out: ModelParams = {
    alpha: params.alpha,
    beta: params.beta,
    sigma2: params.sigma2,
    lambda: params.lambda,
    quantizer: quantizerAtWidth(params.quantizer),
  };
  if (params.teacher !== undefined) out.teacher = params.teacher;
  return out;
}

/** Spacing of a parameter grid. */
export type GridScale = "linear" | "log";

/**
 * `samples` points from `from` to `to` inclusive, evenly spaced (or geometrically for "log").
 *
 * @throws {RangeError} if from/to are not finite with from < to (both > 0 for "log"), or
 *   samples is not an integer >= 2.
 * @example
 * ```ts
 * if (parameterGrid(0, 1, 5).join() !== "0,0.25,0.5,0.75,1") throw new Error();
 * const g = parameterGrid(1, 100, 3, "log");
 * if (Math.abs(g[1] - 10) > 1e-12 || g[2] !== 100) throw new Error();
 * ```
 */
export function parameterGrid(
  from: number,
  to: number,
  samples: number,
  scale: GridScale = "linear",
  name = "range",
): number[] {
  if (!Number.isFinite(from)) throw new RangeError(`from: expected a finite number, got ${from}`);
  if (!(Number.isFinite(to) && to > from)) {
    throw new RangeError(`to: expected a finite number > from = ${from}, got ${to} (${name})`);
  }
  if (!(Number.isInteger(samples) && samples >= 2)) {
    throw new RangeError(`samples: expected an integer >= 2, got ${samples}`);
  }
  if (scale !== "linear" && scale !== "log") {
    throw new RangeError(`scale: expected "linear" or "log", got ${JSON.stringify(scale)}`);
  }
  if (scale === "log" && !(from > 0)) {
    throw new RangeError(`from: expected a number > 0 for a log grid, got ${from}`);
  }
  const out = new Array<number>(samples);
  for (let i = 0; i < samples; i++) {
    const t = i / (samples - 1);
    out[i] = scale === "log" ? from * Math.pow(to / from, t) : from + (to - from) * t;
  }
  out[0] = from;
  out[samples - 1] = to;
  return out;
}

/**
 * Checks that a value is allowed for a parameter (width, alpha > 0; beta > 0; sigma2,
 * lambda >= 0; all finite except beta).
 *
 * @throws {RangeError} naming the parameter, the value and the allowed range.
 * @example
 * ```ts
 * checkParameterValue("sigma2", 0);
 * let msg = "";
 * try { checkParameterValue("alpha", 0); } catch (e) { msg = (e as Error).message; }
 * if (msg !== "alpha: expected a finite number > 0, got 0") throw new Error(msg);
 * ```
 */
export function checkParameterValue(name: VaryParameter, value: number): number {
  const positive = name === "width" || name === "alpha" || name === "beta";
  const ok = Number.isFinite(value) && (positive ? value > 0 : value >= 0);
  if (!ok) {
    throw new RangeError(
      `${name}: expected a finite number ${positive ? "> 0" : ">= 0"}, got ${value}`,
    );
  }
  return value;
}
