/**
 * The teacher-student model of docs/theory.md §1 and the validation of its parameters.
 *
 * @module
 */
import type { Quantizer } from "../quantizers/quantizer.ts";
import { gaussianTeacher, type Teacher } from "./teacher.ts";
import { checkKeys } from "./options.ts";

/** The keys {@link ModelParams} accepts. */
export const MODEL_PARAM_KEYS: readonly string[] = Object.freeze([
  "alpha",
  "beta",
  "sigma2",
  "lambda",
  "quantizer",
  "teacher",
]);

/** Model parameters as a user passes them (defaults: sigma2 = 0, lambda = 0, Gaussian teacher). */
export interface ModelParams {
  /** Samples per weight, `alpha = M/N > 0`. */
  alpha: number;
  /** Inverse temperature, `beta > 0`; `Infinity` is the ground state (zero temperature). */
  beta: number;
  /** Label-noise variance, `sigma2 >= 0`. Default 0. */
  sigma2?: number;
  /** Weight decay (ridge) `lambda >= 0`. Default 0. */
  lambda?: number;
  /** The student's weight space. */
  quantizer: Quantizer;
  /** The teacher prior. Default Gaussian, rho = 1. */
  teacher?: Teacher;
}

/** Model parameters with every default filled in and every value validated. */
export interface Model {
  /** Samples per weight `alpha = M/N > 0`. */
  readonly alpha: number;
  /** Inverse temperature `beta > 0` (Infinity: zero temperature). */
  readonly beta: number;
  /** Label-noise variance `sigma2 >= 0`. */
  readonly sigma2: number;
  /** Weight decay (ridge) `lambda >= 0`. */
  readonly lambda: number;
  /** The student's weight space. */
  readonly quantizer: Quantizer;
  /** The teacher prior. */
  readonly teacher: Teacher;
}

/**
 * Validates model parameters and fills in the defaults.
 *
 * @throws {RangeError} naming the parameter, its value and the allowed range.
 * @throws {TypeError} if params is not an object, has an unknown key (`{ lamda: 5 }`), or the
 *   quantizer or teacher is not one of typiquant's objects.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const m = resolveModel({ alpha: 2, beta: 10, quantizer: uniformQuantizer({ bits: 2, width: 1 }) });
 * if (m.sigma2 !== 0 || m.teacher.rho !== 1) throw new Error();
 * ```
 */
export function resolveModel(params: ModelParams): Model {
  if (params === undefined || params === null || typeof params !== "object") {
    throw new TypeError(
      `params: expected an object with alpha, beta, quantizer, got ${String(params)}`,
    );
  }
  checkKeys(params, MODEL_PARAM_KEYS, "model params");
  const { alpha, beta } = params;
  if (typeof alpha !== "number") {
    throw new TypeError(`alpha: expected a finite number > 0, got ${String(alpha)}`);
  }
  if (typeof beta !== "number") {
    throw new TypeError(`beta: expected a number > 0 (or Infinity), got ${String(beta)}`);
  }
  const sigma2 = params.sigma2 ?? 0;
  const lambda = params.lambda ?? 0;
  if (!(Number.isFinite(alpha) && alpha > 0)) {
    throw new RangeError(`alpha: expected a finite number > 0, got ${alpha}`);
  }
  if (!(beta > 0) || Number.isNaN(beta)) {
    throw new RangeError(`beta: expected a number > 0 (or Infinity), got ${beta}`);
  }
  if (!(typeof sigma2 === "number" && Number.isFinite(sigma2) && sigma2 >= 0)) {
    throw new RangeError(`sigma2: expected a finite number >= 0, got ${sigma2}`);
  }
  if (!(typeof lambda === "number" && Number.isFinite(lambda) && lambda >= 0)) {
    throw new RangeError(`lambda: expected a finite number >= 0, got ${lambda}`);
  }
  const q = params.quantizer as Quantizer | undefined;
  if (q === undefined || q === null || (q.kind !== "levels" && q.kind !== "continuous")) {
    throw new TypeError(`quantizer: expected a LevelSet or ContinuousWeights, got ${String(q)}`);
  }
  const teacher = params.teacher ?? gaussianTeacher();
  if (
    teacher === null || typeof teacher !== "object" || !Array.isArray(teacher.components) ||
    !(teacher.rho > 0)
  ) {
    throw new TypeError(`teacher: expected a Teacher (see teacher.ts), got ${String(teacher)}`);
  }
  return Object.freeze({ alpha, beta, sigma2, lambda, quantizer: q, teacher });
}
