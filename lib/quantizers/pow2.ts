/**
 * Power-of-two (logarithmic) level sets, the multiplier-free quantizers of hardware-oriented
 * network quantization (e.g. Miyashita, Lee & Murmann 2016, "Convolutional neural networks
 * using logarithmic data representation"; Zhou et al. 2017, "Incremental network quantization").
 *
 * @module
 */
import { type LevelSet, levelSet } from "./quantizer.ts";
import type { BitsWidthOptions } from "./uniform.ts";
import {
  mirrorQuantizerLevels,
  validateQuantizerBits,
  validateQuantizerOptions,
  validateQuantizerPositive,
} from "./validate.ts";

/** Smallest positive normal double, 2^-1022. */
const MIN_NORMAL = 2 ** -1022;

/**
 * Largest bit depth for which the power-of-two set of outermost level `width` is representable
 * with normal doubles: the smallest level `width * 2^-(2^(bits-1) - 1)` must be >= 2^-1022.
 * For `width = 1` this is 10 bits (smallest level 2^-511); 11 bits would need 2^-1023.
 *
 * @throws {RangeError} if width is not finite and > 0.
 * @example
 * ```ts
 * if (pow2MaxBits(1) !== 10 || pow2MaxBits(2 ** 600) !== 11) throw new Error();
 * ```
 */
export function pow2MaxBits(width: number): number {
  validateQuantizerPositive(width, "width");
  let bits = 1;
  while (bits < 16 && width * 2 ** -(2 ** bits - 1) >= MIN_NORMAL) bits++;
  return bits;
}

/**
 * Power-of-two quantizer: `K = 2^bits` levels `± width * 2^-j`, j = 0..2^(bits-1) - 1
 * (symmetric, no zero level); `bits = 1` gives `{-width, width}`. The levels are geometric, so
 * the smallest magnitude `width * 2^-(2^(bits-1) - 1)` shrinks doubly exponentially with bits:
 * only bit depths up to {@link pow2MaxBits}`(width)` (10 for width = 1) are representable.
 *
 * @throws {RangeError} if bits is not an integer in 1..16 (or above `pow2MaxBits(width)`), or
 *   width is not finite and > 0.
 * @example
 * ```ts
 * const q = pow2Quantizer({ bits: 3, width: 2 });
 * if (q.levels.join() !== "-2,-1,-0.5,-0.25,0.25,0.5,1,2" || q.family !== "pow2") {
 *   throw new Error();
 * }
 * ```
 */
export function pow2Quantizer(options: BitsWidthOptions): LevelSet {
  validateQuantizerOptions(options, ["bits", "width"], "pow2Quantizer options");
  const width = validateQuantizerPositive(options.width, "width");
  const bits = validateQuantizerBits(options.bits);
  const maxBits = pow2MaxBits(width);
  if (bits > maxBits) {
    validateQuantizerBits(bits, {
      max: maxBits,
      context: `for the pow2 quantizer at width = ${width} (the smallest level width * ` +
        `2^-(2^(bits-1) - 1) must stay a normal double)`,
    });
  }
  const k = 2 ** bits;
  const levels = new Float64Array(k);
  // Negative half, outermost first: -width * 2^-j, j = 0..k/2-1 (exact: scaling by 2^-j).
  for (let j = 0; j < k >> 1; j++) levels[j] = -width * 2 ** -j;
  return levelSet(mirrorQuantizerLevels(levels), { family: "pow2" });
}
