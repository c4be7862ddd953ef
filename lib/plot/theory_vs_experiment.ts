/**
 * Theory curves with experimental points and error bars on top (AMP runs, Monte Carlo), several
 * series sharing one colour each: the basic "theory vs simulation" figure.
 *
 * @module
 */

import {
  type ChartOptions,
  checkFiniteNumber,
  checkPositiveNumber,
  checkRows,
  checkSeriesName,
  finishChartSpec,
  type VegaLiteSpec,
} from "./chart_spec.ts";
import { seriesColorScale } from "./palette.ts";
import { pointDetailColumns, type PointDetails } from "./point_details.ts";

/** One point of a theory curve. */
export interface TheoryPoint {
  /** Abscissa (e.g. α or ω). */
  readonly x: number;
  /** Theory value; `null` leaves a gap. */
  readonly y: number | null;
  /** Series name (shared with the matching experiment), e.g. `bitLabel(2)`. */
  readonly series: string;
  /**
   * Tooltip details (e.g. the RS solution at this point); when any theory point has details
   * the theory curves get hoverable points.
   */
  readonly details?: PointDetails;
}

/** One experimental measurement: a mean with an error bar. */
export interface ExperimentPoint {
  /** Abscissa. */
  readonly x: number;
  /** Measured mean. */
  readonly y: number;
  /** Series name (its colour matches the theory curve of the same name). */
  readonly series: string;
  /** Symmetric error (e.g. standard error): bar from `y − yErr` to `y + yErr`. */
  readonly yErr?: number;
  /** Lower end of the bar (overrides `yErr` below). */
  readonly yLow?: number;
  /** Upper end of the bar (overrides `yErr` above). */
  readonly yHigh?: number;
  /** Experiment kind, shown by marker shape, e.g. "AMP", "Monte Carlo". Default "experiment". */
  readonly method?: string;
  /** Tooltip details (e.g. seeds, N, iterations), added to the point's tooltip. */
  readonly details?: PointDetails;
}

/** Input of {@link theoryVsExperimentSpec}. */
export interface TheoryVsExperimentData {
  /** Theory curves (drawn as lines). */
  readonly theory: readonly TheoryPoint[];
  /** Measurements (drawn as points with error bars). */
  readonly experiment: readonly ExperimentPoint[];
}

/** Options for {@link theoryVsExperimentSpec}. */
export interface TheoryVsExperimentOptions extends ChartOptions {
  /** x-axis title. Default "x". */
  xTitle?: string;
  /** y-axis title. Default "y". */
  yTitle?: string;
  /** Logarithmic x axis. Default false. */
  logX?: boolean;
  /** Logarithmic y axis (every value and bar end must be > 0). Default false. */
  logY?: boolean;
  /** Colour legend title. Default "series". */
  seriesTitle?: string;
  /** Colour per series name; default from the palette (bit labels keep their colours). */
  colors?: Readonly<Record<string, string>>;
}

/**
 * Vega-Lite v5 spec: theory as lines, experiments as points (shape = method) with error bars,
 * one colour per series.
 *
 * @throws {TypeError} on non-array inputs or empty series names; {@link RangeError} on
 *   non-finite numbers, a negative `yErr`, `yLow > yHigh`, or values ≤ 0 on a log axis.
 * @example
 * ```ts
 * const spec = theoryVsExperimentSpec({
 *   theory: [{ x: 1, y: 0.5, series: "1 bit" }, { x: 2, y: 0.3, series: "1 bit" }],
 *   experiment: [{ x: 1.5, y: 0.42, yErr: 0.02, series: "1 bit", method: "AMP" }],
 * }, { xTitle: "α", yTitle: "ε_g" });
 * const marks = (spec.layer as { mark: { type: string } }[]).map((l) => l.mark.type);
 * if (marks.join() !== "line,errorbar,point") throw new Error(marks.join());
 * ```
 */
export function theoryVsExperimentSpec(
  data: TheoryVsExperimentData,
  options: TheoryVsExperimentOptions = {},
): VegaLiteSpec {
  if (data === null || typeof data !== "object") {
    throw new TypeError(`data: expected { theory, experiment }, got ${String(data)}`);
  }
  checkRows("theory", data.theory);
  checkRows("experiment", data.experiment);
  if (data.theory.length + data.experiment.length === 0) {
    throw new RangeError("data: expected at least one theory point or experiment, got none");
  }
  const logX = options.logX ?? false;
  const logY = options.logY ?? false;
  const xCheck = (name: string, v: unknown) =>
    logX ? checkPositiveNumber(name, v, "logX") : checkFiniteNumber(name, v);
  const yCheck = (name: string, v: unknown) =>
    logY ? checkPositiveNumber(name, v, "logY") : checkFiniteNumber(name, v);
  const names: string[] = [];
  const theoryRows: Record<string, unknown>[] = [];
  const bySeries = new Map<string, { p: TheoryPoint; i: number }[]>();
  const theoryHasDetails = data.theory.some((p) => p.details !== undefined);
  const theoryDetails = pointDetailColumns(data.theory.map((p) => p.details), "theory");
  const expHasDetails = data.experiment.some((p) => p.details !== undefined);
  const expDetails = pointDetailColumns(data.experiment.map((p) => p.details), "experiment");
  data.theory.forEach((p, i) => {
    const s = checkSeriesName(`theory[${i}].series`, p.series);
    xCheck(`theory[${i}].x`, p.x);
    if (p.y !== null) yCheck(`theory[${i}].y`, p.y);
    if (!names.includes(s)) names.push(s);
    const g = bySeries.get(s) ?? [];
    g.push({ p, i });
    bySeries.set(s, g);
  });
  for (const [s, pts] of bySeries) {
    let seg = 0;
    for (const { p, i } of [...pts].sort((a, b) => a.p.x - b.p.x)) {
      if (p.y === null) {
        seg++;
        continue;
      }
      theoryRows.push({
        x: p.x,
        y: p.y,
        series: s,
        segment: `${s}#${seg}`,
        ...(theoryHasDetails ? theoryDetails.fields(i) : {}),
      });
    }
  }
  const methods: string[] = [];
  const expRows = data.experiment.map((p, i) => {
    const s = checkSeriesName(`experiment[${i}].series`, p.series);
    if (!names.includes(s)) names.push(s);
    const method = p.method === undefined
      ? "experiment"
      : checkSeriesName(`experiment[${i}].method`, p.method);
    if (!methods.includes(method)) methods.push(method);
    const x = xCheck(`experiment[${i}].x`, p.x);
    const y = yCheck(`experiment[${i}].y`, p.y);
    let err = 0;
    if (p.yErr !== undefined) {
      err = checkFiniteNumber(`experiment[${i}].yErr`, p.yErr);
      if (err < 0) throw new RangeError(`experiment[${i}].yErr: expected ≥ 0, got ${err}`);
    }
    const yLow = p.yLow === undefined
      ? y - err
      : checkFiniteNumber(`experiment[${i}].yLow`, p.yLow);
    const yHigh = p.yHigh === undefined
      ? y + err
      : checkFiniteNumber(`experiment[${i}].yHigh`, p.yHigh);
    if (!(yLow <= yHigh)) {
      throw new RangeError(`experiment[${i}]: expected yLow ≤ yHigh, got ${yLow} > ${yHigh}`);
    }
    if (logY) checkPositiveNumber(`experiment[${i}].yLow`, yLow, "logY");
    return {
      x,
      y,
      yLow,
      yHigh,
      series: s,
      method,
      ...(expHasDetails ? expDetails.fields(i) : {}),
    };
  });
  const color = seriesColorScale(names, options.colors);
  const x = {
    field: "x",
    type: "quantitative",
    title: options.xTitle ?? "x",
    scale: logX ? { type: "log", nice: false } : { zero: false, nice: false, padding: 8 },
  };
  const y = {
    field: "y",
    type: "quantitative",
    title: options.yTitle ?? "y",
    scale: logY ? { type: "log", nice: false, padding: 8 } : { zero: false, padding: 8 },
  };
  const colorEnc = {
    field: "series",
    type: "nominal",
    title: options.seriesTitle ?? "series",
    scale: color,
    legend: { symbolType: "stroke" },
  };
  const layer: Record<string, unknown>[] = [];
  if (theoryRows.length > 0) {
    const encoding: Record<string, unknown> = {
      x,
      y,
      color: colorEnc,
      detail: { field: "segment" },
    };
    const mark: Record<string, unknown> = { type: "line", strokeWidth: 2 };
    if (theoryHasDetails) {
      // transparent points on the line: one tooltip per point
      // (what "transparent" draws, without the per-point aria-labels that would copy every
      // tooltip into the static SVG)
      mark.point = { opacity: 0, aria: false };
      encoding.tooltip = [
        { field: "series", type: "nominal" },
        { field: "x", type: "quantitative", format: ".4g" },
        { field: "y", type: "quantitative", format: ".4g" },
        ...theoryDetails.tooltip,
      ];
    }
    layer.push({ data: { values: theoryRows }, mark, encoding });
  }
  if (expRows.length > 0) {
    layer.push({
      data: { values: expRows },
      mark: { type: "errorbar", ticks: true },
      encoding: {
        x,
        y: { ...y, field: "yLow" },
        y2: { field: "yHigh" },
        color: colorEnc,
      },
    });
    layer.push({
      data: { values: expRows },
      mark: { type: "point", filled: true, size: 50, opacity: 1 },
      encoding: {
        x,
        y,
        color: colorEnc,
        shape: {
          field: "method",
          type: "nominal",
          title: "experiment",
          scale: { domain: methods },
        },
        tooltip: [
          { field: "series" },
          { field: "method" },
          { field: "x", format: ".4g" },
          { field: "y", format: ".4g" },
          { field: "yLow", format: ".4g" },
          { field: "yHigh", format: ".4g" },
          ...expDetails.tooltip,
        ],
      },
    });
  }
  return finishChartSpec({ layer }, options);
}
