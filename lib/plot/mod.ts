/**
 * Plotting layer of typiquant: pure functions from plain data arrays to Vega-Lite v5 specs
 * (phase diagrams, error vs width, double descent, theory vs experiment, convergence traces,
 * quantizer comparisons), a colour-blind-safe palette with fixed per-bit-count colours, and
 * headless SVG/PNG rendering.
 *
 * @example
 * ```ts
 * const spec = errorVsWidthSpec([
 *   { width: 0.5, error: 0.4, bits: 1 }, { width: 1, error: 0.3, bits: 1 },
 * ]);
 * const svg = await renderSvg(spec);
 * if (!svg.includes("ω (quantization width)")) throw new Error("axis title missing");
 * ```
 *
 * @module
 */

export {
  bitColor,
  bitLabel,
  type ColorScale,
  OKABE_ITO,
  SERIES_COLORS,
  seriesColorScale,
  UNQUANTIZED_LABEL,
} from "./palette.ts";
export { mergeChartOverrides } from "./merge.ts";
export {
  AXIS_TITLES,
  type ChartOptions,
  DEFAULT_CHART_HEIGHT,
  DEFAULT_CHART_WIDTH,
  finishChartSpec,
  VEGA_LITE_V5_SCHEMA,
  type VegaLiteSpec,
} from "./chart_spec.ts";
export {
  type PhaseDiagramData,
  type PhaseDiagramOptions,
  phaseDiagramSpec,
  type PhaseLabel,
  type PhaseLine,
} from "./phase_diagram.ts";
export {
  type ErrorVsWidthOptions,
  type ErrorVsWidthRow,
  errorVsWidthSpec,
  widthOptima,
  type WidthOptimum,
} from "./error_vs_width.ts";
export {
  type AlphaThreshold,
  type ErrorVsAlphaOptions,
  type ErrorVsAlphaRow,
  errorVsAlphaSpec,
} from "./error_vs_alpha.ts";
export {
  type ExperimentPoint,
  type TheoryPoint,
  type TheoryVsExperimentData,
  type TheoryVsExperimentOptions,
  theoryVsExperimentSpec,
} from "./theory_vs_experiment.ts";
export {
  type ConvergenceRow,
  type ConvergenceTraceOptions,
  convergenceTraceSpec,
} from "./convergence_trace.ts";
export { type CompareQuantizersOptions, compareQuantizersSpec } from "./compare_quantizers.ts";
export { type SeriesPoint } from "./series_lines.ts";
export { type DetailValue, pointDetailColumns, type PointDetails } from "./point_details.ts";
export {
  type CompiledChart,
  compileVegaLite,
  PNG_FONT_FAMILY,
  renderPng,
  type RenderPngOptions,
  renderSvg,
  saveChart,
  type SaveChartOptions,
  type SavedChart,
  svgToPng,
} from "./render.ts";
