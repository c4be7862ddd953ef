/**
 * Generalization error against the sample ratio α = M/N (double descent): one curve per bit
 * count plus the unquantized baseline (`bits: Infinity`), with vertical rules at the
 * interpolation thresholds (where training error reaches zero, docs/theory.md §2 "Zero
 * temperature").
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
import { bitColor, bitLabel, seriesColorScale } from "./palette.ts";
import { pointDetailColumns, type PointDetails } from "./point_details.ts";

/** One point of an error-vs-α curve. */
export interface ErrorVsAlphaRow {
  /** Sample ratio α = M/N. */
  readonly alpha: number;
  /** Generalization error; `null` leaves a gap (e.g. where the error diverges). */
  readonly error: number | null;
  /** Bits per weight; `Infinity` for the unquantized (real-weight) baseline. */
  readonly bits: number;
  /**
   * Tooltip details of this point (e.g. the RS solution: m, q, Q, AT, entropy, errors,
   * converged); when any row has details the curves get hoverable points.
   */
  readonly details?: PointDetails;
}

/** A vertical rule at an interpolation threshold. */
export interface AlphaThreshold {
  /** α at the threshold. */
  readonly alpha: number;
  /** Bit count it belongs to (colours the rule); omit for a grey rule. */
  readonly bits?: number;
  /** Text drawn at the top of the rule. Default `α_c`. */
  readonly label?: string;
}

/** Options for {@link errorVsAlphaSpec}. */
export interface ErrorVsAlphaOptions extends ChartOptions {
  /** x-axis title. Default {@link AXIS_TITLES}.alpha. */
  xTitle?: string;
  /** y-axis title. Default {@link AXIS_TITLES}.error. */
  yTitle?: string;
  /** Logarithmic error axis (errors must be > 0). Default false. */
  logY?: boolean;
  /** Logarithmic α axis (α must be > 0). Default false. */
  logX?: boolean;
  /** Fixed error-axis range; curves are clipped to it (useful at a divergent peak). */
  yDomain?: readonly [number, number];
  /** Vertical rules at interpolation thresholds. */
  thresholds?: readonly AlphaThreshold[];
  /** Colour per series label; default from the palette. */
  colors?: Readonly<Record<string, string>>;
}

/**
 * Vega-Lite v5 spec: error vs α, one curve per bit count and a black "unquantized" baseline,
 * dashed vertical rules at the given thresholds.
 *
 * @throws {TypeError} if `rows` is not an array; {@link RangeError} on an empty input,
 *   a non-finite α/error (or ≤ 0 on a log axis), bits not > 0, or a bad `yDomain`.
 * @example
 * ```ts
 * const spec = errorVsAlphaSpec([
 *   { alpha: 0.5, error: 0.6, bits: Infinity }, { alpha: 2, error: 0.3, bits: Infinity },
 *   { alpha: 0.5, error: 0.7, bits: 1 }, { alpha: 2, error: 0.5, bits: 1 },
 * ], { thresholds: [{ alpha: 1 }, { alpha: 1.3, bits: 1 }] });
 * const layers = spec.layer as { mark: { type: string } }[];
 * if (!layers.some((l) => l.mark.type === "rule")) throw new Error("threshold rules missing");
 * ```
 */
export function errorVsAlphaSpec(
  rows: readonly ErrorVsAlphaRow[],
  options: ErrorVsAlphaOptions = {},
): VegaLiteSpec {
  checkRows("rows", rows, 1);
  const logY = options.logY ?? false;
  const logX = options.logX ?? false;
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
  const groups = new Map<number, { r: ErrorVsAlphaRow; i: number }[]>();
  const hasDetails = rows.some((r) => r.details !== undefined);
  const details = pointDetailColumns(rows.map((r) => r.details), "rows");
  rows.forEach((r, i) => {
    if (logX) checkPositiveNumber(`rows[${i}].alpha`, r.alpha, "logX");
    else checkFiniteNumber(`rows[${i}].alpha`, r.alpha);
    if (r.error !== null) {
      if (logY) checkPositiveNumber(`rows[${i}].error`, r.error, "logY");
      else checkFiniteNumber(`rows[${i}].error`, r.error);
    }
    bitLabel(r.bits);
    const g = groups.get(r.bits) ?? [];
    g.push({ r, i });
    groups.set(r.bits, g);
  });
  const bitsSorted = [...groups.keys()].sort((a, b) => a - b);
  const lineRows: Record<string, unknown>[] = [];
  for (const bits of bitsSorted) {
    const series = bitLabel(bits);
    let seg = 0;
    for (const { r, i } of [...groups.get(bits)!].sort((a, b) => a.r.alpha - b.r.alpha)) {
      if (r.error === null) {
        seg++;
        continue;
      }
      lineRows.push({
        alpha: r.alpha,
        error: r.error,
        series,
        segment: `${series}#${seg}`,
        ...(hasDetails ? details.fields(i) : {}),
      });
    }
  }
  const color = seriesColorScale(bitsSorted.map(bitLabel), options.colors);
  const x = {
    field: "alpha",
    type: "quantitative",
    title: options.xTitle ?? AXIS_TITLES.alpha,
    scale: logX ? { type: "log", nice: false } : { zero: false, nice: false },
  };
  const yScale: Record<string, unknown> = logY ? { type: "log", nice: false } : { zero: false };
  if (yDomain !== undefined) yScale.domain = [yDomain[0], yDomain[1]];
  const y = {
    field: "error",
    type: "quantitative",
    title: options.yTitle ?? AXIS_TITLES.error,
    scale: yScale,
  };
  const lineEncoding: Record<string, unknown> = {
    x,
    y,
    color: {
      field: "series",
      type: "nominal",
      title: "bits",
      scale: color,
      legend: { symbolType: "stroke" },
    },
    detail: { field: "segment" },
  };
  const lineMark: Record<string, unknown> = { type: "line", strokeWidth: 2, clip: true };
  if (hasDetails) {
    // transparent points on the line: one tooltip per point (a line has one for the whole path)
    // (what "transparent" draws, without the per-point aria-labels that would copy every
    // tooltip into the static SVG)
    lineMark.point = { opacity: 0, aria: false };
    lineEncoding.tooltip = [
      { field: "series", type: "nominal", title: "bits" },
      { field: "alpha", type: "quantitative", title: "α", format: ".4g" },
      { field: "error", type: "quantitative", title: "error", format: ".4g" },
      ...details.tooltip,
    ];
  }
  const layer: Record<string, unknown>[] = [{
    data: { values: lineRows },
    mark: lineMark,
    encoding: lineEncoding,
  }];
  const thresholds = (options.thresholds ?? []).map((t, i) => {
    if (logX) checkPositiveNumber(`thresholds[${i}].alpha`, t.alpha, "logX");
    else checkFiniteNumber(`thresholds[${i}].alpha`, t.alpha);
    return {
      alpha: t.alpha,
      color: t.bits === undefined ? "#777777" : bitColor(t.bits),
      label: t.label ?? "α_c",
      labelY: 0,
    };
  });
  // Stagger the labels (in α order) so that neighbouring thresholds do not overprint.
  [...thresholds].sort((a, b) => a.alpha - b.alpha).forEach((t, k) => t.labelY = 4 + 14 * k);
  if (thresholds.length > 0) {
    const ruleX = { field: "alpha", type: "quantitative" };
    layer.push({
      data: { values: thresholds },
      mark: { type: "rule", strokeDash: [4, 4], strokeWidth: 1.5 },
      encoding: { x: ruleX, color: { field: "color", type: "nominal", scale: null } },
    });
    layer.push({
      data: { values: thresholds },
      mark: { type: "text", dx: 4, align: "left", baseline: "top", fontSize: 11 },
      encoding: {
        x: ruleX,
        y: { field: "labelY", type: "quantitative", scale: null },
        text: { field: "label" },
        color: { field: "color", type: "nominal", scale: null },
      },
    });
  }
  return finishChartSpec({ layer }, options);
}
