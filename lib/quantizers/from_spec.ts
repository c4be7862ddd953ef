/**
 * Builds a {@link Quantizer} from a plain, JSON-like description (what the CLI and experiment
 * files carry), e.g. `{ quantizer: "lloyd-max", bits: 3, width: 2 }`.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { continuous, levelSet, type Quantizer } from "./quantizer.ts";
import { gaussQuantileQuantizer } from "./gauss_quantile.ts";
import { lloydMaxQuantizer } from "./lloyd_max.ts";
import { muLawQuantizer } from "./mu_law.ts";
import { pow2Quantizer } from "./pow2.ts";
import { midtreadQuantizer, uniformQuantizer } from "./uniform.ts";

/**
 * Names accepted by {@link quantizerFromSpec}.
 *
 * @example
 * ```ts
 * if (!QUANTIZER_NAMES.includes("lloyd-max") || QUANTIZER_NAMES.length !== 8) throw new Error();
 * ```
 */
export const QUANTIZER_NAMES = [
  "uniform",
  "midtread",
  "gauss-quantile",
  "lloyd-max",
  "mu-law",
  "pow2",
  "custom",
  "continuous",
] as const;

/** One of {@link QUANTIZER_NAMES}. */
export type QuantizerName = typeof QUANTIZER_NAMES[number];

/** A plain description of a quantizer. */
export interface QuantizerSpec {
  /** The family. `"custom"` requires `levels`. */
  quantizer: QuantizerName;
  /** Bit depth (families with levels). */
  bits?: number;
  /** Outermost level (families with levels). */
  width?: number;
  /** Explicit sorted levels: override bits/width and give a `"custom"` level set. */
  levels?: ArrayLike<number>;
  /** Mu-law compression parameter (default 255). */
  mu?: number;
  /** `"continuous"` only: variance of the Gaussian base measure (default Infinity, flat). */
  priorVariance?: number;
}

/**
 * Builds the quantizer a {@link QuantizerSpec} describes. When `levels` is given it overrides
 * `bits`/`width` and the result is a `"custom"` level set (uniform base measure).
 *
 * @throws {RangeError} naming the offending field: an unknown `quantizer`, missing or invalid
 *   `bits`/`width`/`mu`/`levels`, or `levels` with `quantizer: "continuous"`.
 * @example
 * ```ts
 * const q = quantizerFromSpec({ quantizer: "uniform", bits: 1, width: 2 });
 * if (q.kind !== "levels" || q.levels.join() !== "-2,2") throw new Error();
 * const c = quantizerFromSpec({ quantizer: "continuous" });
 * if (c.kind !== "continuous") throw new Error();
 * let message = "";
 * try { quantizerFromSpec({ quantizer: "foo" as "uniform" }); } catch (e) { message = String(e); }
 * if (!message.includes('got "foo"')) throw new Error(message);
 * ```
 */
export function quantizerFromSpec(spec: QuantizerSpec): Quantizer {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`spec: expected an object like { quantizer: "uniform", ... }, got ${spec}`);
  }
  checkKeys(
    spec,
    ["quantizer", "bits", "width", "levels", "mu", "priorVariance"],
    "quantizerFromSpec spec",
  );
  const name = spec.quantizer;
  if (!(QUANTIZER_NAMES as readonly unknown[]).includes(name)) {
    throw new RangeError(
      `quantizer: expected one of ${QUANTIZER_NAMES.join("|")}, got ${JSON.stringify(name)}`,
    );
  }
  if (name === "continuous") {
    if (spec.levels !== undefined) {
      throw new RangeError(`levels: not allowed with quantizer "continuous" (real weights)`);
    }
    return continuous({ priorVariance: spec.priorVariance });
  }
  if (spec.levels !== undefined) {
    if (!Array.isArray(spec.levels) && !ArrayBuffer.isView(spec.levels)) {
      throw new RangeError(`levels: expected an array of numbers, got ${spec.levels}`);
    }
    return levelSet(spec.levels, { family: "custom" });
  }
  const { bits, width } = spec as { bits: number; width: number };
  switch (name) {
    case "custom":
      throw new RangeError(
        `levels: expected an array of numbers for quantizer "custom", got undefined`,
      );
    case "uniform":
      return uniformQuantizer({ bits, width });
    case "midtread":
      return midtreadQuantizer({ bits, width });
    case "gauss-quantile":
      return gaussQuantileQuantizer({ bits, width });
    case "lloyd-max":
      return lloydMaxQuantizer({ bits, width });
    case "mu-law":
      return muLawQuantizer({ bits, width, mu: spec.mu });
    case "pow2":
      return pow2Quantizer({ bits, width });
  }
}
