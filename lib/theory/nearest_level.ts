/**
 * Index of the level nearest to a point, by binary search over a sorted level set (shared by
 * the RS and the frozen 1RSB scalar channels; internal to lib/theory).
 *
 * @module
 */

/**
 * Index of the level nearest to `x` in the sorted `levels` (ties go to the lower level; below
 * the first level 0, above the last the last index).
 *
 * @example
 * ```ts
 * const levels = Float64Array.of(-1, -1 / 3, 1 / 3, 1);
 * if (nearestIndex(levels, 0.2) !== 2 || nearestIndex(levels, -5) !== 0) throw new Error();
 * ```
 */
export function nearestIndex(levels: Float64Array, x: number): number {
  let lo = 0, hi = levels.length - 1;
  if (!(x > levels[0])) return 0;
  if (x >= levels[hi]) return hi;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (levels[mid] <= x) lo = mid;
    else hi = mid;
  }
  return x - levels[lo] <= levels[hi] - x ? lo : hi;
}
