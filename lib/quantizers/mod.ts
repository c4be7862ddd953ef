/**
 * Quantizers: the student's weight space. Level-set families (uniform mid-rise / mid-tread,
 * Gaussian-quantile, Lloyd–Max, mu-law, power-of-two, custom), the continuous baseline,
 * nearest-level rounding, and construction from a plain spec.
 *
 * @module
 */
export * from "./quantizer.ts";
export * from "./uniform.ts";
export * from "./gauss_quantile.ts";
export * from "./lloyd_max.ts";
export * from "./mu_law.ts";
export * from "./pow2.ts";
export * from "./quantize.ts";
export * from "./from_spec.ts";
export { QUANTIZER_MAX_BITS } from "./validate.ts";
