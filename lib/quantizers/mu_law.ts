/**
 * Companding (mu-law) level sets: a uniform mid-rise grid pushed through the inverse mu-law
 * compressor, so levels are dense near 0 and sparse near ±width. The mu-law compander is the
 * ITU-T G.711 one (mu = 255 in telephony); see Gersho & Gray, "Vector Quantization and Signal
 * Compression" (1992), section 5.5, for companding as non-uniform scalar quantization.
 *
 * @module
 */
import { type LevelSet, levelSet } from "./quantizer.ts";
import {
  mirrorQuantizerLevels,
  validateQuantizerBits,
  validateQuantizerOptions,
  validateQuantizerPositive,
} from "./validate.ts";

/** Options for {@link muLawQuantizer}. */
export interface MuLawOptions {
  /** Bit depth, an integer in 1..16 (K = 2^bits levels). */
  bits: number;
  /** Outermost level (finite, > 0). */
  width: number;
  /** Compression parameter mu (finite, > 0). Default 255; mu -> 0 recovers uniform levels. */
  mu?: number;
}

/**
 * Mu-law companded quantizer: with the uniform mid-rise grid `u_k = (2k - (K-1))/(K-1)` in
 * `[-1, 1]` (k = 0..K-1, K = 2^bits), the levels are
 * `width * sign(u_k) * ((1 + mu)^|u_k| - 1) / mu` (the inverse of the compressor
 * `c(x) = sign(x) log(1 + mu|x|)/log(1 + mu)`). The outermost level is exactly `width`;
 * `bits = 1` gives `{-width, width}`. The result records `parameter = mu`.
 *
 * @throws {RangeError} if bits is not an integer in 1..16, width or mu is not finite and > 0,
 *   or mu is so large (relative to width) that the innermost levels underflow to 0 or
 *   collide (the message names mu).
 * @example
 * ```ts
 * const q = muLawQuantizer({ bits: 2, width: 1, mu: 8 });
 * // u = ±1/3: (9^(1/3) - 1)/8; u = ±1: width
 * const inner = (Math.cbrt(9) - 1) / 8;
 * if (Math.abs(q.levels[2] - inner) > 1e-15 || q.levels[3] !== 1 || q.parameter !== 8) {
 *   throw new Error();
 * }
 * ```
 */
export function muLawQuantizer(options: MuLawOptions): LevelSet {
  validateQuantizerOptions(options, ["bits", "width", "mu"], "muLawQuantizer options");
  const bits = validateQuantizerBits(options.bits);
  const width = validateQuantizerPositive(options.width, "width");
  const mu = validateQuantizerPositive(options.mu ?? 255, "mu");
  const k = 2 ** bits;
  const logMu1 = Math.log1p(mu);
  const levels = new Float64Array(k);
  for (let i = 0; i < k >> 1; i++) {
    const u = (k - 1 - 2 * i) / (k - 1); // |u| of the i-th (negative) level
    // (1+mu)^u - 1 = expm1(u log1p(mu)), accurate for small u and small mu.
    levels[i] = i === 0 ? -width : -width * (Math.expm1(u * logMu1) / mu);
  }
  mirrorQuantizerLevels(levels);
  let distinct = true;
  for (let i = k >> 1; i < k; i++) {
    if (!(levels[i] > (i === k >> 1 ? 0 : levels[i - 1]))) distinct = false;
  }
  if (!distinct) {
    throw new RangeError(
      `mu: expected a finite number > 0 small enough that the ${k} levels stay distinct, got ${mu}`,
    );
  }
  return levelSet(levels, { family: "mu-law", parameter: mu });
}
