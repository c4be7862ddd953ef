/**
 * Convergence traces: a quantity (residual, order parameter, error) against the iteration
 * number for several runs (seeds, damping values, algorithms), optionally on a log axis with a
 * tolerance line.
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
import { seriesLineLayer } from "./series_lines.ts";

/** One step of one run. */
export interface ConvergenceRow {
  /** Iteration number. */
  readonly iteration: number;
  /** Traced quantity at that iteration; `null` leaves a gap. */
  readonly value: number | null;
  /** Run name (legend entry), e.g. "seed 1" or "damping 0.5". */
  readonly run: string;
}

/** Options for {@link convergenceTraceSpec}. */
export interface ConvergenceTraceOptions extends ChartOptions {
  /** x-axis title. Default {@link AXIS_TITLES}.iteration. */
  xTitle?: string;
  /** y-axis title (name the quantity). Default "residual". */
  yTitle?: string;
  /** Legend title. Default "run". */
  seriesTitle?: string;
  /** Logarithmic y axis (values must be > 0). Default false. */
  logY?: boolean;
  /** Draw a dashed horizontal rule at this value (e.g. the convergence tolerance). */
  tolerance?: number;
  /** Mark every iteration with a point. Default false. */
  points?: boolean;
  /** Colour per run name; default from the palette. */
  colors?: Readonly<Record<string, string>>;
}

/**
 * Vega-Lite v5 spec: one line per run of `value` against `iteration`, optional log y axis and
 * tolerance rule.
 *
 * @throws {TypeError} if `rows` is not an array or a run name is empty; {@link RangeError} on an
 *   empty input, non-finite numbers, or values ≤ 0 (including `tolerance`) with `logY`.
 * @example
 * ```ts
 * const rows = [0, 1, 2, 3].flatMap((t) => [
 *   { iteration: t, value: 10 ** -t, run: "damping 0" },
 *   { iteration: t, value: 10 ** (-t / 2), run: "damping 0.5" },
 * ]);
 * const spec = convergenceTraceSpec(rows, { logY: true, tolerance: 1e-3 });
 * const layers = spec.layer as { encoding: { y?: { scale?: { type?: string } } } }[];
 * if (layers.length !== 2 || layers[0].encoding.y?.scale?.type !== "log") throw new Error();
 * ```
 */
export function convergenceTraceSpec(
  rows: readonly ConvergenceRow[],
  options: ConvergenceTraceOptions = {},
): VegaLiteSpec {
  checkRows("rows", rows, 1);
  const logY = options.logY ?? false;
  const { layer } = seriesLineLayer(
    rows.map((r) => ({ x: r.iteration, y: r.value, series: r.run })),
    {
      inputName: "rows(iteration→x, value→y, run→series)",
      xTitle: options.xTitle ?? AXIS_TITLES.iteration,
      yTitle: options.yTitle ?? "residual",
      seriesTitle: options.seriesTitle ?? "run",
      logY,
      points: options.points ?? false,
      colors: options.colors,
    },
  );
  const layers: Record<string, unknown>[] = [layer];
  if (options.tolerance !== undefined) {
    const tol = logY
      ? checkPositiveNumber("tolerance", options.tolerance, "logY")
      : checkFiniteNumber("tolerance", options.tolerance);
    layers.push({
      data: { values: [{ tolerance: tol, label: "tolerance" }] },
      mark: { type: "rule", strokeDash: [4, 4], color: "#777777" },
      encoding: { y: { field: "tolerance", type: "quantitative" } },
    });
  }
  return finishChartSpec({ layer: layers }, options);
}
