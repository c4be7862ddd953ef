/**
 * typiquant: typical-case (replica) analysis of learning with quantized weights.
 *
 * Quantizers and teacher priors, the replica-symmetric theory at finite and zero temperature
 * with its stability, finite-size algorithms (AMP, Monte Carlo), experiments (phase diagrams,
 * optimal widths), Vega-Lite charts and Jupyter display helpers.
 *
 * @example
 * ```ts
 * import { solveRs, uniformQuantizer } from "./mod.ts";
 * const s = solveRs({ alpha: 2, beta: 10, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 2, width: 1.2 }) });
 * if (!s.converged) throw new Error("not converged");
 * ```
 * @module
 */
export * from "./lib/numerics/mod.ts";
export * from "./lib/quantizers/mod.ts";
export * from "./lib/model/mod.ts";
export * from "./lib/theory/mod.ts";
export * from "./lib/algorithms/mod.ts";
export * from "./lib/experiments/mod.ts";
export * from "./lib/figures/mod.ts";
export * from "./lib/parallel/mod.ts";
export * from "./lib/plot/mod.ts";
export * from "./lib/jupyter/mod.ts";
