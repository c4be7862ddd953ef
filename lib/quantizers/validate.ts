/**
 * Parameter validation shared by every quantizer family, so that each constructor reports bad
 * input the same way: a RangeError naming the parameter, its value and the allowed range.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";

/** Formats a user-supplied value for an error message (strings quoted, others as-is). */
function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Largest bit depth any family accepts (2^16 = 65536 levels).
 *
 * @example
 * ```ts
 * if (2 ** QUANTIZER_MAX_BITS !== 65536) throw new Error();
 * ```
 */
export const QUANTIZER_MAX_BITS = 16;

/**
 * Checks that `bits` is an integer in `min..max` (default `1..16`) and returns it.
 *
 * @param bits the bit depth to check (any value: non-numbers are rejected).
 * @param options `min`/`max` bounds and an optional `context` appended to the message.
 * @throws {RangeError} `bits: expected an integer in 1..16, got 2.5`.
 * @example
 * ```ts
 * if (validateQuantizerBits(3) !== 3) throw new Error();
 * let message = "";
 * try { validateQuantizerBits(2.5); } catch (e) { message = (e as Error).message; }
 * if (message !== "bits: expected an integer in 1..16, got 2.5") throw new Error(message);
 * ```
 */
export function validateQuantizerBits(
  bits: unknown,
  options: { min?: number; max?: number; context?: string } = {},
): number {
  const min = options.min ?? 1;
  const max = options.max ?? QUANTIZER_MAX_BITS;
  if (typeof bits !== "number" || !Number.isInteger(bits) || bits < min || bits > max) {
    const context = options.context === undefined ? "" : ` ${options.context}`;
    throw new RangeError(
      `bits: expected an integer in ${min}..${max}${context}, got ${show(bits)}`,
    );
  }
  return bits;
}

/**
 * Checks that a scale parameter (by default `width`) is a finite number > 0 and returns it.
 *
 * @param value the value to check.
 * @param name the parameter name used in the error message. Default `"width"`.
 * @throws {RangeError} `width: expected a finite number > 0, got -1`.
 * @example
 * ```ts
 * if (validateQuantizerPositive(0.5) !== 0.5) throw new Error();
 * let message = "";
 * try { validateQuantizerPositive(-1); } catch (e) { message = (e as Error).message; }
 * if (message !== "width: expected a finite number > 0, got -1") throw new Error(message);
 * ```
 */
export function validateQuantizerPositive(value: unknown, name = "width"): number {
  if (typeof value !== "number" || !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name}: expected a finite number > 0, got ${show(value)}`);
  }
  return value;
}

/**
 * Fills `levels` (length K, any parity) with the mirror image of its lower half so that
 * `levels[K-1-i] === -levels[i]` exactly, and sets an odd K's middle level to 0.
 *
 * @example
 * ```ts
 * const l = Float64Array.from([-2, -1, 0, 0, 0]);
 * mirrorQuantizerLevels(l);
 * if (l.join() !== "-2,-1,0,1,2") throw new Error(l.join());
 * ```
 */
export function mirrorQuantizerLevels(levels: Float64Array): Float64Array {
  const k = levels.length;
  for (let i = 0; i < k >> 1; i++) levels[k - 1 - i] = -levels[i];
  if (k % 2 === 1) levels[k >> 1] = 0;
  return levels;
}

/**
 * Checks that a constructor's options are an object whose keys are all in `known` (a
 * misspelled key is an error, never a silent default).
 *
 * @param options what the caller passed.
 * @param known the accepted keys (the required ones first: they are named in the message).
 * @param where the function name used in the message, e.g. `"uniformQuantizer options"`.
 * @throws {TypeError} `uniformQuantizer options: expected an object with bits, width, got undefined`.
 * @example
 * ```ts
 * validateQuantizerOptions({ bits: 2, width: 1 }, ["bits", "width"], "uniformQuantizer options");
 * let message = "";
 * try { validateQuantizerOptions({ bits: 2, widht: 1 }, ["bits", "width"], "f options"); }
 * catch (e) { message = (e as Error).message; }
 * if (!message.includes('unknown key "widht"')) throw new Error(message);
 * ```
 */
export function validateQuantizerOptions(
  options: unknown,
  known: readonly string[],
  where: string,
): void {
  if (options === undefined || options === null || typeof options !== "object") {
    throw new TypeError(
      `${where}: expected an object with ${known.join(", ")}, got ${show(options)}`,
    );
  }
  checkKeys(options, known, where);
}
