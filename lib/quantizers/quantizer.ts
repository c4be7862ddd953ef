/**
 * The student's weight space: a finite level set with a base measure (a quantizer), or real
 * weights with a Gaussian (or flat) base measure, the unquantized baseline. Every theory and
 * algorithm call takes a {@link Quantizer}, so "no quantization" goes through the same code.
 *
 * Level sets are frozen objects (their fields cannot be reassigned). Their `levels` and `logPi`
 * are private copies made at construction; JavaScript cannot freeze a non-empty typed array, so
 * treat them as read-only (the scalar channel caches per-level-set data on that assumption).
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";

/** Families of level sets that typiquant can build. `custom` is any user-given sorted set. */
export type LevelFamily =
  | "uniform"
  | "midtread"
  | "gauss-quantile"
  | "lloyd-max"
  | "mu-law"
  | "pow2"
  | "custom";

/** A finite, sorted level set `l_1 < … < l_K` with base weights `pi` (normalised). */
export interface LevelSet {
  /** Discriminant: a finite level set. */
  readonly kind: "levels";
  /** Which constructor made it. */
  readonly family: LevelFamily;
  /** Sorted, distinct, finite levels. */
  readonly levels: Float64Array;
  /** `log pi(l_k)`, normalised so that `sum exp(logPi) = 1`. */
  readonly logPi: Float64Array;
  /** Largest |level| (the quantization range `omega` for symmetric sets). */
  readonly width: number;
  /** Bits used: `log2(K)` (not necessarily an integer for mid-tread or custom sets). */
  readonly bits: number;
  /** Family parameter (e.g. mu for mu-law), when the family has one. */
  readonly parameter?: number;
}

/**
 * Real-valued weights with base measure N(0, priorVariance), or the flat (Lebesgue) measure
 * when `priorVariance` is Infinity: ridge / ridgeless regression in the same framework.
 */
export interface ContinuousWeights {
  /** Discriminant: real (unquantized) weights. */
  readonly kind: "continuous";
  /** Variance of the Gaussian base measure; Infinity for the flat measure. */
  readonly priorVariance: number;
}

/** Any student weight space. */
export type Quantizer = LevelSet | ContinuousWeights;

/** Options for {@link levelSet}. */
export interface LevelSetOptions {
  /** Base weights pi(l_k) > 0, one per level (normalised internally). Default uniform. */
  pi?: ArrayLike<number>;
  /** Family tag recorded on the result. Default `"custom"`. */
  family?: LevelFamily;
  /** Family parameter recorded on the result. */
  parameter?: number;
}

/**
 * Builds a {@link LevelSet} from sorted, distinct, finite levels and optional base weights.
 *
 * @throws {RangeError} if levels are empty, not finite, not strictly increasing, or a weight is
 *   not finite and > 0.
 * @example
 * ```ts
 * const q = levelSet([-1, 0, 2], { pi: [1, 2, 1] });
 * if (q.levels.length !== 3 || Math.abs(Math.exp(q.logPi[1]) - 0.5) > 1e-15) throw new Error();
 * ```
 */
export function levelSet(levels: ArrayLike<number>, options: LevelSetOptions = {}): LevelSet {
  if (!Array.isArray(levels) && !(ArrayBuffer.isView(levels) && !(levels instanceof DataView))) {
    throw new TypeError(
      `levels: expected an array of numbers, got ${
        levels === null || levels === undefined ? String(levels) : typeof levels
      }`,
    );
  }
  checkKeys(options, ["pi", "family", "parameter"], "levelSet options");
  options ??= {};
  const k = levels.length;
  if (k < 1) throw new RangeError(`levels: expected at least 1 level, got ${k}`);
  const l = Float64Array.from(levels);
  for (let i = 0; i < k; i++) {
    if (typeof levels[i] !== "number" || !Number.isFinite(l[i])) {
      throw new RangeError(`levels[${i}]: expected a finite number, got ${String(levels[i])}`);
    }
    if (i > 0 && !(l[i] > l[i - 1])) {
      throw new RangeError(
        `levels[${i}]: levels must be sorted and distinct, got ${l[i - 1]} then ${l[i]}`,
      );
    }
  }
  const logPi = new Float64Array(k);
  if (options.pi !== undefined) {
    if (options.pi.length !== k) {
      throw new RangeError(`pi: expected ${k} weights (one per level), got ${options.pi.length}`);
    }
    let total = 0;
    for (let i = 0; i < k; i++) {
      const p = options.pi[i];
      if (!(Number.isFinite(p) && p > 0)) {
        throw new RangeError(`pi[${i}]: expected a finite number > 0, got ${p}`);
      }
      total += p;
    }
    for (let i = 0; i < k; i++) logPi[i] = Math.log(options.pi[i] / total);
  } else {
    logPi.fill(-Math.log(k));
  }
  const width = Math.max(Math.abs(l[0]), Math.abs(l[k - 1]));
  const result: LevelSet = {
    kind: "levels",
    family: options.family ?? "custom",
    levels: l,
    logPi,
    width,
    bits: Math.log2(k),
  };
  return Object.freeze(
    options.parameter === undefined ? result : { ...result, parameter: options.parameter },
  );
}

/**
 * The unquantized baseline: real weights with a N(0, priorVariance) base measure (default flat,
 * `priorVariance = Infinity`, i.e. ridge with `lambda`, ridgeless at `lambda = 0`).
 *
 * @throws {RangeError} if priorVariance is not > 0 (Infinity allowed).
 * @example
 * ```ts
 * const c = continuous();
 * if (c.kind !== "continuous" || c.priorVariance !== Infinity) throw new Error();
 * ```
 */
export function continuous(options: { priorVariance?: number } = {}): ContinuousWeights {
  checkKeys(options, ["priorVariance"], "continuous options");
  const v = options?.priorVariance ?? Infinity;
  if (!(v > 0) || Number.isNaN(v)) {
    throw new RangeError(`priorVariance: expected a number > 0 or Infinity, got ${v}`);
  }
  return Object.freeze({ kind: "continuous", priorVariance: v });
}
