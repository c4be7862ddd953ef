/**
 * Uniform level sets (docs/theory.md §1): the mid-rise set with `2^b` levels and no zero, and the
 * mid-tread set with `2^b - 1` levels including 0.
 *
 * @module
 */
import { type LevelSet, levelSet } from "./quantizer.ts";
import {
  validateQuantizerBits,
  validateQuantizerOptions,
  validateQuantizerPositive,
} from "./validate.ts";

/** Options shared by the fixed-bits families: bit depth and outermost level. */
export interface BitsWidthOptions {
  /** Bit depth, an integer in 1..16. */
  bits: number;
  /** Outermost level `omega` (finite, > 0); levels lie in `[-width, width]`. */
  width: number;
}

/** `K` levels `width * (2k - (K-1)) / (K-1)`, k = 0..K-1: exactly symmetric, ends at ±width. */
function evenLevels(k: number, width: number): Float64Array {
  const levels = new Float64Array(k);
  for (let i = 0; i < k; i++) levels[i] = width * ((2 * i - (k - 1)) / (k - 1));
  return levels;
}

/**
 * Mid-rise uniform quantizer: `K = 2^bits` levels evenly spaced on `[-width, width]`,
 * `l_k = -width + 2 width (k-1)/(K-1)`, k = 1..K (no zero level). `bits = 1` gives
 * `{-width, +width}` (binary weights).
 *
 * @throws {RangeError} if bits is not an integer in 1..16 or width is not finite and > 0.
 * @example
 * ```ts
 * const q = uniformQuantizer({ bits: 2, width: 3 });
 * if (q.levels.join() !== "-3,-1,1,3" || q.family !== "uniform" || q.bits !== 2) {
 *   throw new Error();
 * }
 * ```
 */
export function uniformQuantizer(options: BitsWidthOptions): LevelSet {
  validateQuantizerOptions(options, ["bits", "width"], "uniformQuantizer options");
  const bits = validateQuantizerBits(options.bits);
  const width = validateQuantizerPositive(options.width, "width");
  return levelSet(evenLevels(2 ** bits, width), { family: "uniform" });
}

/**
 * Mid-tread uniform quantizer: `K = 2^bits - 1` levels evenly spaced on `[-width, width]`,
 * including 0 (so `bits = 2` gives the ternary set `{-width, 0, width}`). `bits = 1` would give
 * the single level `{0}`, so mid-tread requires `bits >= 2`. The recorded `bits` is
 * `log2(2^bits - 1)`, the information content of the level set.
 *
 * @throws {RangeError} if bits is not an integer in 2..16 or width is not finite and > 0.
 * @example
 * ```ts
 * const q = midtreadQuantizer({ bits: 2, width: 1 });
 * if (q.levels.join() !== "-1,0,1" || q.family !== "midtread") throw new Error();
 * ```
 */
export function midtreadQuantizer(options: BitsWidthOptions): LevelSet {
  validateQuantizerOptions(options, ["bits", "width"], "midtreadQuantizer options");
  const bits = validateQuantizerBits(options.bits, {
    min: 2,
    context: "for the mid-tread quantizer (2^bits - 1 levels; bits = 1 is the single level 0)",
  });
  const width = validateQuantizerPositive(options.width, "width");
  return levelSet(evenLevels(2 ** bits - 1, width), { family: "midtread" });
}
