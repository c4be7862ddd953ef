/**
 * Experiments on top of the RS theory: transition lines (AT and zero entropy) along any
 * parameter, phase diagrams over any two, the optimal quantization width against the
 * Lloyd–Max width, non-uniform against uniform quantization, the post-training quantization
 * baseline, and parameter sweeps with CSV / JSON output.
 *
 * @module
 */
export * from "./params.ts";
export * from "./continuation.ts";
export * from "./rs_scan.ts";
export * from "./transition_lines.ts";
export * from "./grid_rows.ts";
export * from "./phase_diagram_row.ts";
export * from "./phase_diagram.ts";
export * from "./one_rsb_phase_diagram.ts";
export * from "./gaussian_rounding.ts";
export * from "./optimal_width.ts";
export * from "./nonuniform.ts";
export * from "./ridge.ts";
export * from "./ptq.ts";
export * from "./sweep.ts";
export * from "./shannon_entropy.ts";
export * from "./grid_contour.ts";
export * from "./hypothesis.ts";
export * from "./ground_state_series.ts";
export * from "./explore_grid.ts";
