/**
 * Generic comparison chart: several named series on one set of axes, e.g. non-uniform against
 * uniform quantizers (error vs bits, vs α, …), optionally with some series dashed.
 *
 * @module
 */

import { type ChartOptions, finishChartSpec, type VegaLiteSpec } from "./chart_spec.ts";
import { seriesLineLayer, type SeriesPoint } from "./series_lines.ts";

/** Options for {@link compareQuantizersSpec}. */
export interface CompareQuantizersOptions extends ChartOptions {
  /** x-axis title. Default "x". */
  xTitle?: string;
  /** y-axis title. Default "y". */
  yTitle?: string;
  /** Legend title. Default "quantizer". */
  seriesTitle?: string;
  /** Logarithmic x axis. Default false. */
  logX?: boolean;
  /** Logarithmic y axis. Default false. */
  logY?: boolean;
  /** Fixed y range (lines clipped to it). */
  yDomain?: readonly [number, number];
  /** Names of series to draw dashed (e.g. the uniform reference). */
  dashedSeries?: readonly string[];
  /** Mark every data point. Default true. */
  points?: boolean;
  /** Colour per series name; default from the palette (bit labels keep their colours). */
  colors?: Readonly<Record<string, string>>;
}

/**
 * Vega-Lite v5 spec: one line per series (sorted by x, gaps at `null`), with points and an
 * optional dashed style for reference series.
 *
 * @throws {TypeError}/{@link RangeError} as {@link seriesLineLayer} does.
 * @example
 * ```ts
 * const spec = compareQuantizersSpec([
 *   { x: 1, y: 0.40, series: "uniform" }, { x: 2, y: 0.20, series: "uniform" },
 *   { x: 1, y: 0.35, series: "Lloyd–Max" }, { x: 2, y: 0.15, series: "Lloyd–Max" },
 * ], { xTitle: "b (bits per weight)", yTitle: "ε_g", dashedSeries: ["uniform"] });
 * const enc = (spec.layer as { encoding: { strokeDash?: unknown } }[])[0].encoding;
 * if (enc.strokeDash === undefined) throw new Error("dashed series need a strokeDash");
 * ```
 */
export function compareQuantizersSpec(
  rows: readonly SeriesPoint[],
  options: CompareQuantizersOptions = {},
): VegaLiteSpec {
  const { layer } = seriesLineLayer(rows, {
    xTitle: options.xTitle ?? "x",
    yTitle: options.yTitle ?? "y",
    seriesTitle: options.seriesTitle ?? "quantizer",
    logX: options.logX,
    logY: options.logY,
    yDomain: options.yDomain,
    dashedSeries: options.dashedSeries,
    points: options.points ?? true,
    colors: options.colors,
  });
  return finishChartSpec({ layer: [layer] }, options);
}
