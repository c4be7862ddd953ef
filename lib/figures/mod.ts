/**
 * The figures of the reproduction: one module per figure/finding, each with a pure
 * `compute…` function returning plain data, `…Spec` chart builders and a `…Summary` of the
 * key numbers; `deno task reproduce` and the notebooks call the same functions.
 *
 * @example
 * ```ts
 * import { computeDoubleDescent } from "./mod.ts";
 * const d = computeDoubleDescent({ bits: [1], betas: [Infinity], samples: 5, unquantized: false });
 * if (!(d.thresholds[0].alphaC < 1)) throw new Error();
 * ```
 *
 * @module
 */
export * from "./figure.ts";
export * from "./registry.ts";
export * from "./write.ts";
export * from "./phase_diagram.ts";
export * from "./optimal_width.ts";
export * from "./double_descent.ts";
export * from "./nonuniform.ts";
export * from "./amp_validation.ts";
export * from "./rsb_comparison.ts";
export * from "./ground_state.ts";
export * from "./one_rsb_phase_diagram.ts";
export * from "./post_training.ts";
export * from "./rs_checks.ts";
