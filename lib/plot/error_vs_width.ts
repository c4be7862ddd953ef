/**
 * Generalization error against the quantization width ω, one curve per bit count, with the
 * optimum of each curve marked and RS-unstable stretches (AT ≥ 1) drawn dashed.
 *
 * @module
 */

import {
  AXIS_TITLES,
  type ChartOptions,
  checkFiniteNumber,
  checkPositiveNumber,
  checkRows,
  finishChartSpec,
  type VegaLiteSpec,
} from "./chart_spec.ts";
import { bitLabel, seriesColorScale } from "./palette.ts";
import { pointDetailColumns, type PointDetails } from "./point_details.ts";

/** One point of an error-vs-width curve. */
export interface ErrorVsWidthRow {
  /** Quantization width ω. */
  readonly width: number;
  /** Generalization error at that width. */
  readonly error: number;
  /** Bits per weight of the curve this point belongs to. */
  readonly bits: number;
  /** Whether the RS solution is stable here (AT < 1). Default true. */
  readonly stable?: boolean;
  /**
   * Tooltip details of this point (e.g. the RS solution: m, q, Q, AT, entropy, errors,
   * converged); when any row has details the curves get hoverable points.
   */
  readonly details?: PointDetails;
}

/** The marked optimum of one curve. */
export interface WidthOptimum {
  /** Bits per weight of the curve. */
  readonly bits: number;
  /** Width ω at the optimum. */
  readonly width: number;
  /** Error at the optimum. */
  readonly error: number;
}

/** Options for {@link errorVsWidthSpec}. */
export interface ErrorVsWidthOptions extends ChartOptions {
  /** x-axis title. Default {@link AXIS_TITLES}.width. */
  xTitle?: string;
  /** y-axis title. Default {@link AXIS_TITLES}.error. */
  yTitle?: string;
  /** Logarithmic error axis (errors must be > 0). Default false. */
  logY?: boolean;
  /**
   * Optima to mark. Default: for each bit count, the stable row of least error (curves with no
   * stable row get no mark). Pass `[]` to mark none.
   */
  optima?: readonly WidthOptimum[];
  /** Legend labels of the two line styles. Default "RS stable (AT < 1)" / "RSB (AT ≥ 1)". */
  stabilityLabels?: { stable: string; unstable: string };
  /** Colour per series label (e.g. `{"2 bits": "#123456"}`); default from the palette. */
  colors?: Readonly<Record<string, string>>;
}

interface Run {
  start: number;
  end: number; // inclusive
  stable: boolean;
}

/** Splits a polyline into runs of equal stability; a link is stable iff both ends are. */
function stabilityRuns(stable: readonly boolean[]): Run[] {
  const n = stable.length;
  if (n === 1) return [{ start: 0, end: 0, stable: stable[0] }];
  const runs: Run[] = [];
  let run: Run = { start: 0, end: 1, stable: stable[0] && stable[1] };
  for (let i = 1; i < n - 1; i++) {
    const link = stable[i] && stable[i + 1];
    if (link === run.stable) {
      run.end = i + 1;
    } else {
      runs.push(run);
      run = { start: i, end: i + 1, stable: link };
    }
  }
  runs.push(run);
  return runs;
}

/**
 * Default optima: per bit count, the stable row of least error (first one on ties, after
 * sorting by width).
 *
 * @throws {RangeError} on a non-finite width/error or bits not > 0.
 * @example
 * ```ts
 * const opt = widthOptima([
 *   { width: 1, error: 0.5, bits: 1 },
 *   { width: 2, error: 0.1, bits: 1, stable: false },
 *   { width: 3, error: 0.3, bits: 1 },
 * ]);
 * if (opt.length !== 1 || opt[0].width !== 3) throw new Error("unstable rows are skipped");
 * ```
 */
export function widthOptima(rows: readonly ErrorVsWidthRow[]): WidthOptimum[] {
  const best = new Map<number, WidthOptimum>();
  rows.forEach((r, i) => {
    checkFiniteNumber(`rows[${i}].width`, r.width);
    checkFiniteNumber(`rows[${i}].error`, r.error);
    bitLabel(r.bits);
    if (r.stable === false) return;
    const cur = best.get(r.bits);
    if (
      cur === undefined || r.error < cur.error || (r.error === cur.error && r.width < cur.width)
    ) {
      best.set(r.bits, { bits: r.bits, width: r.width, error: r.error });
    }
  });
  return [...best.values()].sort((a, b) => a.bits - b.bits);
}

/**
 * Vega-Lite v5 spec: error vs width ω, one coloured curve per bit count (colours from
 * {@link bitColor}), RS-unstable stretches dashed, optimum of each curve marked with a point.
 *
 * @throws {TypeError} if `rows` is not an array; {@link RangeError} on an empty input,
 *   a non-finite width or error (or error ≤ 0 with `logY`), or bits not > 0.
 * @example
 * ```ts
 * const spec = errorVsWidthSpec([
 *   { width: 0.5, error: 0.4, bits: 1 }, { width: 1, error: 0.3, bits: 1 },
 *   { width: 1.5, error: 0.35, bits: 1, stable: false },
 *   { width: 0.5, error: 0.2, bits: 2 }, { width: 1, error: 0.15, bits: 2 },
 * ], { title: "Error vs width" });
 * const layers = spec.layer as unknown[];
 * if (!spec.$schema.endsWith("/v5.json") || layers.length !== 2) throw new Error();
 * ```
 */
export function errorVsWidthSpec(
  rows: readonly ErrorVsWidthRow[],
  options: ErrorVsWidthOptions = {},
): VegaLiteSpec {
  checkRows("rows", rows, 1);
  const logY = options.logY ?? false;
  const labels = options.stabilityLabels ?? {
    stable: "RS stable (AT < 1)",
    unstable: "RSB (AT ≥ 1)",
  };
  const groups = new Map<number, { r: ErrorVsWidthRow; i: number }[]>();
  const hasDetails = rows.some((r) => r.details !== undefined);
  const details = pointDetailColumns(rows.map((r) => r.details), "rows");
  rows.forEach((r, i) => {
    checkFiniteNumber(`rows[${i}].width`, r.width);
    if (logY) checkPositiveNumber(`rows[${i}].error`, r.error, "logY");
    else checkFiniteNumber(`rows[${i}].error`, r.error);
    bitLabel(r.bits);
    const g = groups.get(r.bits) ?? [];
    g.push({ r, i });
    groups.set(r.bits, g);
  });
  const bitsSorted = [...groups.keys()].sort((a, b) => a - b);
  const lineRows: Record<string, unknown>[] = [];
  let anyUnstable = false;
  for (const bits of bitsSorted) {
    const g = [...groups.get(bits)!].sort((a, b) => a.r.width - b.r.width);
    const series = bitLabel(bits);
    const flags = g.map(({ r }) => r.stable !== false);
    if (flags.includes(false)) anyUnstable = true;
    stabilityRuns(flags).forEach((run, k) => {
      for (let i = run.start; i <= run.end; i++) {
        lineRows.push({
          width: g[i].r.width,
          error: g[i].r.error,
          series,
          segment: `${series}#${k}`,
          stability: run.stable ? labels.stable : labels.unstable,
          ...(hasDetails ? details.fields(g[i].i) : {}),
        });
      }
    });
  }
  const optima = (options.optima ?? widthOptima(rows)).map((o, i) => {
    checkFiniteNumber(`optima[${i}].width`, o.width);
    checkFiniteNumber(`optima[${i}].error`, o.error);
    return { width: o.width, error: o.error, series: bitLabel(o.bits) };
  });
  const color = seriesColorScale(bitsSorted.map(bitLabel), options.colors);
  const x = {
    field: "width",
    type: "quantitative",
    title: options.xTitle ?? AXIS_TITLES.width,
    scale: { zero: false, nice: false, padding: 8 },
  };
  const y = {
    field: "error",
    type: "quantitative",
    title: options.yTitle ?? AXIS_TITLES.error,
    scale: logY ? { type: "log", nice: false, padding: 8 } : { zero: false, padding: 8 },
  };
  const colorEnc = {
    field: "series",
    type: "nominal",
    title: "bits",
    scale: color,
    legend: { symbolType: "stroke" },
  };
  const lineEncoding: Record<string, unknown> = {
    x,
    y,
    color: colorEnc,
    detail: { field: "segment" },
  };
  if (anyUnstable) {
    lineEncoding.strokeDash = {
      field: "stability",
      type: "nominal",
      title: "RS stability",
      scale: { domain: [labels.stable, labels.unstable], range: [[1, 0], [6, 4]] },
    };
  }
  const lineMark: Record<string, unknown> = { type: "line", strokeWidth: 2 };
  if (hasDetails) {
    // transparent points on the line: one tooltip per point (a line has one for the whole path)
    // (what "transparent" draws, without the per-point aria-labels that would copy every
    // tooltip into the static SVG)
    lineMark.point = { opacity: 0, aria: false };
    lineEncoding.tooltip = [
      { field: "series", type: "nominal", title: "bits" },
      { field: "width", type: "quantitative", title: "ω", format: ".4g" },
      { field: "error", type: "quantitative", title: "error", format: ".4g" },
      ...details.tooltip,
    ];
  }
  const layer: Record<string, unknown>[] = [
    { data: { values: lineRows }, mark: lineMark, encoding: lineEncoding },
  ];
  if (optima.length > 0) {
    layer.push({
      data: { values: optima },
      mark: { type: "point", filled: true, size: 80, stroke: "black", strokeWidth: 1, opacity: 1 },
      encoding: {
        x,
        y,
        color: colorEnc,
        tooltip: [
          { field: "series", title: "bits" },
          { field: "width", title: "ω*", format: ".4g" },
          { field: "error", title: "error", format: ".4g" },
        ],
      },
    });
  }
  return finishChartSpec({ layer }, options);
}
