/**
 * Multi-series line layers shared by the generic charts: validation, sorting by x, gaps at
 * `null` values, and a colour scale that keeps bit labels on their fixed colours.
 *
 * @module
 */

import {
  checkFiniteNumber,
  checkPositiveNumber,
  checkRows,
  checkSeriesName,
} from "./chart_spec.ts";
import { type ColorScale, seriesColorScale } from "./palette.ts";
import { pointDetailColumns, type PointDetails } from "./point_details.ts";

/** One point of a named series. */
export interface SeriesPoint {
  /** Abscissa. */
  readonly x: number;
  /** Ordinate; `null` breaks the line there. */
  readonly y: number | null;
  /** Series name (legend entry). */
  readonly series: string;
  /** Tooltip details of this point (see `point_details.ts`), added to its tooltip. */
  readonly details?: PointDetails;
}

/** Options for {@link seriesLineLayer}. */
export interface SeriesLineLayerOptions {
  /** Name of the input array, used in error messages. Default "rows". */
  inputName?: string;
  /** x-axis title. */
  xTitle: string;
  /** y-axis title. */
  yTitle: string;
  /** Legend title. */
  seriesTitle: string;
  /** Log x axis (x must be > 0). */
  logX?: boolean;
  /** Log y axis (y must be > 0). */
  logY?: boolean;
  /** Fixed y range; lines are clipped to it. */
  yDomain?: readonly [number, number];
  /** Series drawn dashed. */
  dashedSeries?: readonly string[];
  /** Draw a point at every datum too. */
  points?: boolean;
  /** Colour per series name. */
  colors?: Readonly<Record<string, string>>;
}

/** Result of {@link seriesLineLayer}. */
export interface SeriesLineLayer {
  /** The Vega-Lite layer (data + line mark + encoding). */
  readonly layer: Record<string, unknown>;
  /** Series names in first-seen order. */
  readonly names: string[];
  /** The colour scale used. */
  readonly color: ColorScale;
}

/**
 * Builds a line layer with one coloured line per series (points sorted by x, `null` y values
 * leaving gaps), with the legend drawn as strokes.
 *
 * @throws {TypeError} if `rows` is not an array or a series name is empty; {@link RangeError}
 *   on an empty input, a non-finite x/y, a value ≤ 0 on a log axis, or a bad `yDomain`.
 * @example
 * ```ts
 * const { layer, names } = seriesLineLayer(
 *   [{ x: 2, y: 1, series: "a" }, { x: 1, y: null, series: "a" }, { x: 0, y: 3, series: "b" }],
 *   { xTitle: "x", yTitle: "y", seriesTitle: "s" },
 * );
 * const rows = (layer.data as { values: { x: number }[] }).values;
 * if (names.join() !== "a,b" || rows.length !== 2) throw new Error();
 * ```
 */
export function seriesLineLayer(
  rows: readonly SeriesPoint[],
  options: SeriesLineLayerOptions,
): SeriesLineLayer {
  const input = options.inputName ?? "rows";
  checkRows(input, rows, 1);
  const logX = options.logX ?? false;
  const logY = options.logY ?? false;
  const yDomain = options.yDomain;
  if (yDomain !== undefined) {
    checkFiniteNumber("yDomain[0]", yDomain[0]);
    checkFiniteNumber("yDomain[1]", yDomain[1]);
    if (!(yDomain[1] > yDomain[0]) || (logY && !(yDomain[0] > 0))) {
      throw new RangeError(
        `yDomain: expected [lo, hi] with lo < hi${logY ? " and lo > 0" : ""}, got [${yDomain}]`,
      );
    }
  }
  const groups = new Map<string, { r: SeriesPoint; i: number }[]>();
  const details = pointDetailColumns(rows.map((r) => r.details), input);
  rows.forEach((r, i) => {
    const s = checkSeriesName(`${input}[${i}].series`, r.series);
    if (logX) checkPositiveNumber(`${input}[${i}].x`, r.x, "logX");
    else checkFiniteNumber(`${input}[${i}].x`, r.x);
    if (r.y !== null) {
      if (logY) checkPositiveNumber(`${input}[${i}].y`, r.y, "logY");
      else checkFiniteNumber(`${input}[${i}].y`, r.y);
    }
    const g = groups.get(s) ?? [];
    g.push({ r, i });
    groups.set(s, g);
  });
  const names = [...groups.keys()];
  const values: Record<string, unknown>[] = [];
  for (const [s, pts] of groups) {
    let seg = 0;
    for (const { r: p, i } of [...pts].sort((a, b) => a.r.x - b.r.x)) {
      if (p.y === null) {
        seg++;
        continue;
      }
      values.push({ x: p.x, y: p.y, series: s, segment: `${s}#${seg}`, ...details.fields(i) });
    }
  }
  const color = seriesColorScale(names, options.colors);
  const yScale: Record<string, unknown> = logY
    ? { type: "log", nice: false, padding: 8 }
    : { zero: false, padding: 8 };
  if (yDomain !== undefined) {
    yScale.domain = [yDomain[0], yDomain[1]];
    delete yScale.padding;
  }
  const encoding: Record<string, unknown> = {
    x: {
      field: "x",
      type: "quantitative",
      title: options.xTitle,
      scale: logX
        ? { type: "log", nice: false, padding: 8 }
        : { zero: false, nice: false, padding: 8 },
    },
    y: { field: "y", type: "quantitative", title: options.yTitle, scale: yScale },
    color: {
      field: "series",
      type: "nominal",
      title: options.seriesTitle,
      scale: color,
      legend: { symbolType: "stroke" },
    },
    detail: { field: "segment" },
    tooltip: [
      { field: "series" },
      { field: "x", format: ".4g" },
      { field: "y", format: ".4g" },
      ...details.tooltip,
    ],
  };
  const dashed = options.dashedSeries ?? [];
  if (dashed.length > 0) {
    encoding.strokeDash = {
      field: "series",
      type: "nominal",
      title: options.seriesTitle,
      scale: { domain: names, range: names.map((n) => dashed.includes(n) ? [6, 4] : [1, 0]) },
      legend: { symbolType: "stroke" },
    };
  }
  const mark: Record<string, unknown> = { type: "line", strokeWidth: 2, clip: true };
  if (options.points) {
    // with details, keep the tooltip text out of the static SVG's per-point aria-labels
    mark.point = details.tooltip.length > 0
      ? { filled: true, size: 30, aria: false }
      : { filled: true, size: 30 };
  }
  return { layer: { data: { values }, mark, encoding }, names, color };
}
