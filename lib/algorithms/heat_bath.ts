/**
 * Heat-bath (Gibbs) draws of one weight from its conditional distribution
 * `p(l) ∝ pi(l)·exp(B·l − ½·A·l²)` over a level set (or a Gaussian for continuous weights).
 * For the training energy `H = ½‖y − Xw‖² + ½·lambda‖w‖²` at inverse temperature beta, with the
 * residual `res = y − Xw` and column `x_i`: `A = beta·(‖x_i‖² + lambda)`,
 * `B = beta·(x_i·res + ‖x_i‖²·w_i)`.
 *
 * @module
 */
import type { Quantizer } from "../quantizers/quantizer.ts";

const CUT = 40; // levels with log-weight below the top by more than this (e^-40) are skipped

/** A sampler of one weight's conditional, with its scratch space. */
export interface LevelSampler {
  /** Draws a level given `A > 0`, `B` and a uniform `u` in [0, 1) (and a normal `z` for
   * continuous weights). */
  draw(A: number, B: number, u: number, z: number): number;
}

/**
 * A heat-bath sampler for the quantizer. Level sets: exact categorical draw by inversion over
 * the levels within e^-40 of the most likely one (all levels when K <= 16). Continuous weights
 * with base measure N(0, s²) (or flat): `w ~ N(B/(A + 1/s²), 1/(A + 1/s²))`.
 *
 * @example
 * ```ts
 * import { levelSet } from "../quantizers/quantizer.ts";
 * const s = levelSampler(levelSet([-1, 1]));
 * // p(−1) = e^-B / (e^B + e^-B) ≈ 0.269 for B = 0.5: levels are drawn by inversion in order
 * if (s.draw(1, 0.5, 0.2, 0) !== -1 || s.draw(1, 0.5, 0.3, 0) !== 1) throw new Error();
 * ```
 */
export function levelSampler(quantizer: Quantizer): LevelSampler {
  if (quantizer.kind === "continuous") {
    const prec0 = 1 / quantizer.priorVariance;
    return {
      draw(A: number, B: number, _u: number, z: number): number {
        const prec = A + prec0;
        return B / prec + z / Math.sqrt(prec);
      },
    };
  }
  const levels = quantizer.levels;
  const logPi = quantizer.logPi;
  const k = levels.length;
  let maxLogPi = -Infinity;
  for (let i = 0; i < k; i++) maxLogPi = Math.max(maxLogPi, logPi[i]);
  const weights = new Float64Array(k);
  if (k <= 16) {
    return {
      draw(A: number, B: number, u: number): number {
        let top = -Infinity;
        for (let j = 0; j < k; j++) {
          const l = levels[j];
          const lw = logPi[j] + l * (B - 0.5 * A * l);
          weights[j] = lw;
          if (lw > top) top = lw;
        }
        let s = 0;
        for (let j = 0; j < k; j++) s += weights[j] = Math.exp(weights[j] - top);
        let t = u * s;
        for (let j = 0; j < k - 1; j++) {
          t -= weights[j];
          if (t < 0) return levels[j];
        }
        return levels[k - 1];
      },
    };
  }
  // log-weight of level j (a named function, not a closure made per draw: draws allocate nothing)
  const logWeight = (j: number, A: number, B: number): number =>
    logPi[j] + levels[j] * (B - 0.5 * A * levels[j]);
  return {
    draw(A: number, B: number, u: number): number {
      const lstar = B / A;
      // the most likely level: walk from the level nearest the quadratic's maximum
      let lo = 0, hi = k - 1;
      if (lstar <= levels[0]) hi = 0;
      else if (lstar >= levels[k - 1]) lo = k - 1;
      else {
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (levels[mid] <= lstar) lo = mid;
          else hi = mid;
        }
      }
      let best = lo;
      let ubest = logWeight(best, A, B);
      for (let j = best + 1; j < k; j++) {
        const v = logWeight(j, A, B);
        if (v > ubest) {
          best = j;
          ubest = v;
        } else if (levels[j] > lstar && maxLogPi + levels[j] * (B - 0.5 * A * levels[j]) < ubest) {
          break;
        }
      }
      for (let j = best - 1; j >= 0; j--) {
        const v = logWeight(j, A, B);
        if (v > ubest) {
          best = j;
          ubest = v;
        } else if (levels[j] < lstar && maxLogPi + levels[j] * (B - 0.5 * A * levels[j]) < ubest) {
          break;
        }
      }
      const floor = ubest - CUT;
      lo = best;
      hi = best;
      while (lo > 0) {
        const l = levels[lo - 1];
        if (maxLogPi + l * (B - 0.5 * A * l) < floor && l < lstar) break;
        lo--;
      }
      while (hi < k - 1) {
        const l = levels[hi + 1];
        if (maxLogPi + l * (B - 0.5 * A * l) < floor && l > lstar) break;
        hi++;
      }
      let s = 0;
      for (let j = lo; j <= hi; j++) s += weights[j] = Math.exp(logWeight(j, A, B) - ubest);
      let t = u * s;
      for (let j = lo; j < hi; j++) {
        t -= weights[j];
        if (t < 0) return levels[j];
      }
      return levels[hi];
    },
  };
}
