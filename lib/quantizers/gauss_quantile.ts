/**
 * Gaussian-quantile level sets: one level per equal-probability cell of N(0, 1), placed at the
 * cell's median, so the levels follow the density of a Gaussian weight distribution (denser
 * near 0). This is the "quantile" or "equiprobable" quantizer (e.g. the NF4 data type of
 * Dettmers et al. 2023, "QLoRA", is of this kind).
 *
 * @module
 */
import { normalQuantile } from "../numerics/special.ts";
import { type LevelSet, levelSet } from "./quantizer.ts";
import type { BitsWidthOptions } from "./uniform.ts";
import {
  mirrorQuantizerLevels,
  validateQuantizerBits,
  validateQuantizerOptions,
  validateQuantizerPositive,
} from "./validate.ts";

/**
 * Gaussian-quantile quantizer: `K = 2^bits` levels at `Phi^{-1}((k - 1/2)/K)`, k = 1..K (the
 * normal quantiles of the centres of K equal-probability cells), rescaled so that the outermost
 * level is exactly `width`. `bits = 1` gives `{-width, width}`.
 *
 * @throws {RangeError} if bits is not an integer in 1..16 or width is not finite and > 0.
 * @example
 * ```ts
 * const q = gaussQuantileQuantizer({ bits: 2, width: 1 });
 * // Phi^{-1}(5/8) / Phi^{-1}(7/8) = 0.318639 / 1.150349
 * if (Math.abs(q.levels[2] - 0.318639 / 1.150349) > 1e-6 || q.levels[3] !== 1) throw new Error();
 * ```
 */
export function gaussQuantileQuantizer(options: BitsWidthOptions): LevelSet {
  validateQuantizerOptions(options, ["bits", "width"], "gaussQuantileQuantizer options");
  const bits = validateQuantizerBits(options.bits);
  const width = validateQuantizerPositive(options.width, "width");
  const k = 2 ** bits;
  const levels = new Float64Array(k);
  // Lower half from the (accurate) lower-tail quantiles, then mirrored for exact symmetry.
  const outer = normalQuantile(0.5 / k);
  levels[0] = -width;
  for (let i = 1; i < k >> 1; i++) levels[i] = -width * (normalQuantile((i + 0.5) / k) / outer);
  return levelSet(mirrorQuantizerLevels(levels), { family: "gauss-quantile" });
}
