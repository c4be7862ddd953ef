/**
 * Rounding to the nearest level of a {@link LevelSet}, and the geometry of the level set
 * (decision thresholds, gaps). Level sets are treated as immutable: thresholds are cached per
 * level array.
 *
 * @module
 */
import type { LevelSet } from "./quantizer.ts";

const thresholdCache = new WeakMap<Float64Array, Float64Array>();

/** Midpoint of a < b without overflow for huge levels. */
function midpoint(a: number, b: number): number {
  const s = a + b;
  return Number.isFinite(s) ? s / 2 : a / 2 + b / 2;
}

function cachedThresholds(levels: Float64Array): Float64Array {
  let t = thresholdCache.get(levels);
  if (t === undefined) {
    t = new Float64Array(Math.max(0, levels.length - 1));
    for (let i = 0; i < t.length; i++) t[i] = midpoint(levels[i], levels[i + 1]);
    thresholdCache.set(levels, t);
  }
  return t;
}

/** Index of the first threshold > x (= index of the nearest level), by binary search. */
function search(t: Float64Array, x: number): number {
  let lo = 0;
  let hi = t.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (t[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Decision thresholds of nearest-level rounding: the `K - 1` midpoints
 * `(l_k + l_{k+1}) / 2` between consecutive levels (a fresh copy).
 *
 * @example
 * ```ts
 * import { levelSet } from "./quantizer.ts";
 * const t = thresholds(levelSet([-1, 0, 3]));
 * if (t.join() !== "-0.5,1.5") throw new Error();
 * ```
 */
export function thresholds(q: LevelSet): Float64Array {
  return cachedThresholds(q.levels).slice();
}

/**
 * Index (0-based) of the level nearest to `x`. A value exactly on a threshold (equidistant from
 * two levels) goes to the upper level; ±Infinity go to the outermost levels.
 *
 * @throws {RangeError} if x is NaN.
 * @example
 * ```ts
 * import { levelSet } from "./quantizer.ts";
 * const q = levelSet([-1, 0, 1]);
 * if (quantizeIndex(q, 0.4) !== 1 || quantizeIndex(q, 0.5) !== 2 || quantizeIndex(q, -9) !== 0) {
 *   throw new Error();
 * }
 * ```
 */
export function quantizeIndex(q: LevelSet, x: number): number {
  if (Number.isNaN(x)) throw new RangeError(`x: expected a number (not NaN), got ${x}`);
  return search(cachedThresholds(q.levels), x);
}

/**
 * Rounds every value to its nearest level (binary search over the midpoints, O(log K) per
 * value). Ties (a value exactly on a midpoint) go to the upper level, as in
 * {@link quantizeIndex}. Writes into `out` when given (it may alias `values`).
 *
 * @throws {RangeError} if a value is NaN (naming its index) or `out` has the wrong length.
 * @example
 * ```ts
 * import { uniformQuantizer } from "./uniform.ts";
 * const q = uniformQuantizer({ bits: 2, width: 3 }); // -3, -1, 1, 3
 * const y = quantize(q, [-5, -0.2, 0, 1.9, 2.5]);
 * if (y.join() !== "-3,-1,1,1,3") throw new Error(y.join());
 * ```
 */
export function quantize(
  q: LevelSet,
  values: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const n = values.length;
  if (out !== undefined && out.length !== n) {
    throw new RangeError(`out: expected length ${n} (values.length), got ${out.length}`);
  }
  const result = out ?? new Float64Array(n);
  const levels = q.levels;
  const t = cachedThresholds(levels);
  const m = t.length;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (Number.isNaN(x)) {
      throw new RangeError(`values[${i}]: expected a number (not NaN), got ${x}`);
    }
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    result[i] = levels[lo];
  }
  return result;
}

/** Gaps between consecutive levels, from {@link levelSpacing}. */
export interface LevelSpacing {
  /** Smallest gap `l_{k+1} - l_k`. */
  readonly min: number;
  /** Largest gap. */
  readonly max: number;
  /** Mean gap, `(l_K - l_1) / (K - 1)`. */
  readonly mean: number;
}

/**
 * Smallest, largest and mean gap between consecutive levels (all equal for uniform sets).
 *
 * @throws {RangeError} if the set has a single level (no gap).
 * @example
 * ```ts
 * import { levelSet } from "./quantizer.ts";
 * const s = levelSpacing(levelSet([-1, 0, 3]));
 * if (s.min !== 1 || s.max !== 3 || s.mean !== 2) throw new Error();
 * ```
 */
export function levelSpacing(q: LevelSet): LevelSpacing {
  const l = q.levels;
  const k = l.length;
  if (k < 2) {
    throw new RangeError(`levelSet: expected at least 2 levels to measure spacing, got ${k}`);
  }
  let min = Infinity;
  let max = 0;
  for (let i = 1; i < k; i++) {
    const gap = l[i] - l[i - 1];
    if (gap < min) min = gap;
    if (gap > max) max = gap;
  }
  return { min, max, mean: (l[k - 1] - l[0]) / (k - 1) };
}
