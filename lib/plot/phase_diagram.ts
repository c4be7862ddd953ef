/**
 * Phase diagram: a heat map of a scalar over two parameters (by default the de Almeida–Thouless
 * replicon "AT", whose value 1 separates the RS-stable from the RSB phase, docs/theory.md §2
 * "Stability"), with overlaid phase lines (AT = 1, zero entropy, …) and region labels.
 *
 * Reference for the AT line: J. R. L. de Almeida and D. J. Thouless, J. Phys. A 11, 983 (1978).
 *
 * @module
 */

import {
  AXIS_TITLES,
  type ChartOptions,
  checkFiniteNumber,
  checkPositiveNumber,
  checkSeriesName,
  finishChartSpec,
  type VegaLiteSpec,
} from "./chart_spec.ts";
import { pointDetailColumns, type PointDetails } from "./point_details.ts";

/** A curve drawn over the heat map, e.g. the AT line or the zero-entropy line. */
export interface PhaseLine {
  /** Legend name, e.g. "AT = 1". */
  readonly name: string;
  /** x coordinates, in drawing order (the curve need not be a function of x). */
  readonly x: readonly (number | null)[];
  /** y coordinates; a `null` in x or y breaks the curve there. */
  readonly y: readonly (number | null)[];
}

/** A text label placed in data coordinates, e.g. "RS" or "RSB". */
export interface PhaseLabel {
  /** Label text. */
  readonly text: string;
  /** x position (data units). */
  readonly x: number;
  /** y position (data units). */
  readonly y: number;
}

/** Input of {@link phaseDiagramSpec}. */
export interface PhaseDiagramData {
  /** Grid of x values (strictly increasing, at least 2). */
  readonly x: readonly number[];
  /** Grid of y values (strictly increasing, at least 2). */
  readonly y: readonly number[];
  /** `values[j][i]` is the scalar at `(x[i], y[j])`; `null` leaves the cell empty. */
  readonly values: readonly (readonly (number | null)[])[];
  /** Curves to overlay. */
  readonly lines?: readonly PhaseLine[];
  /** Region labels. */
  readonly labels?: readonly PhaseLabel[];
  /**
   * Per-cell tooltip details, same shape as `values` (`details[j][i]` for `(x[i], y[j])`),
   * e.g. the whole RS solution of the cell (see {@link pointDetailColumns}).
   */
  readonly details?: readonly (readonly (PointDetails | null | undefined)[])[];
}

/** Options for {@link phaseDiagramSpec}. */
export interface PhaseDiagramOptions extends ChartOptions {
  /** x-axis title. Default {@link AXIS_TITLES}.alpha. */
  xTitle?: string;
  /** y-axis title. Default {@link AXIS_TITLES}.width. */
  yTitle?: string;
  /** Colour legend title. Default {@link AXIS_TITLES}.replicon. */
  valueTitle?: string;
  /** Colour scale type. Default "log" (values must then be > 0 after clipping). */
  colorScale?: "log" | "symlog" | "linear";
  /** Clip values into `[min, max]` before colouring; the colour domain becomes that range. */
  clip?: { min?: number; max?: number };
  /** Vega colour scheme. Default "blueorange" (blue below `domainMid`, orange above). */
  scheme?: string;
  /** Value at the centre of the diverging scheme. Default 1 (the AT threshold); null: none. */
  domainMid?: number | null;
  /** x axis scale. Default "linear". */
  xScale?: "linear" | "log";
  /** y axis scale. Default "linear". */
  yScale?: "linear" | "log";
  /** Colour of overlaid lines and labels. Default black. */
  lineColor?: string;
}

const DASHES = [[1, 0], [6, 4], [2, 3], [10, 3, 2, 3], [1, 5]];

function checkGrid(name: string, g: readonly number[], log: boolean): void {
  if (!Array.isArray(g)) throw new TypeError(`${name}: expected an array of numbers`);
  if (g.length < 2) {
    throw new RangeError(`${name}: expected at least 2 grid points, got ${g.length}`);
  }
  g.forEach((v, i) => {
    if (log) checkPositiveNumber(`${name}[${i}]`, v, "log axis");
    else checkFiniteNumber(`${name}[${i}]`, v);
    if (i > 0 && !(v > g[i - 1])) {
      throw new RangeError(
        `${name}[${i}]: grid must be strictly increasing, got ${g[i - 1]} then ${v}`,
      );
    }
  });
}

/** Cell edges around grid points: midpoints (geometric means on a log axis). */
function cellEdges(g: readonly number[], log: boolean): number[] {
  const mid = (a: number, b: number) => log ? Math.sqrt(a * b) : (a + b) / 2;
  const n = g.length;
  const edges = new Array<number>(n + 1);
  for (let i = 1; i < n; i++) edges[i] = mid(g[i - 1], g[i]);
  edges[0] = log ? g[0] * g[0] / edges[1] : 2 * g[0] - edges[1];
  edges[n] = log ? g[n - 1] * g[n - 1] / edges[n - 1] : 2 * g[n - 1] - edges[n - 1];
  return edges;
}

/**
 * Vega-Lite v5 spec of a phase diagram: a heat map of `values` on the `(x, y)` grid (cells
 * centred on grid points, so non-uniform grids work), overlaid `lines` (black, one dash style
 * each, with a legend) and bold text `labels`.
 *
 * @throws {TypeError}/{@link RangeError} on a grid that is not strictly increasing finite
 *   numbers (positive on a log axis), a `values` shape other than `y.length × x.length`, a
 *   non-finite value, a value ≤ 0 for a log colour scale after clipping, or bad lines/labels.
 * @example
 * ```ts
 * const spec = phaseDiagramSpec({
 *   x: [0.5, 1, 1.5], y: [1, 2],
 *   values: [[0.2, 0.5, 0.9], [0.8, 1.5, 3]],
 *   lines: [{ name: "AT = 1", x: [0.5, 1.5], y: [1.8, 1.2] }],
 *   labels: [{ text: "RS", x: 0.6, y: 1 }, { text: "RSB", x: 1.4, y: 2 }],
 * });
 * const heat = (spec.layer as { data: { values: unknown[] } }[])[0];
 * if (heat.data.values.length !== 6) throw new Error("one rect per grid cell");
 * ```
 */
export function phaseDiagramSpec(
  data: PhaseDiagramData,
  options: PhaseDiagramOptions = {},
): VegaLiteSpec {
  if (data === null || typeof data !== "object") {
    throw new TypeError(`data: expected { x, y, values }, got ${String(data)}`);
  }
  const xLog = (options.xScale ?? "linear") === "log";
  const yLog = (options.yScale ?? "linear") === "log";
  checkGrid("x", data.x, xLog);
  checkGrid("y", data.y, yLog);
  const nx = data.x.length;
  const ny = data.y.length;
  if (!Array.isArray(data.values) || data.values.length !== ny) {
    throw new RangeError(
      `values: expected ${ny} rows (one per y), got ${
        Array.isArray(data.values) ? data.values.length : typeof data.values
      }`,
    );
  }
  const colorType = options.colorScale ?? "log";
  const clipMin = options.clip?.min;
  const clipMax = options.clip?.max;
  if (clipMin !== undefined) checkFiniteNumber("clip.min", clipMin);
  if (clipMax !== undefined) checkFiniteNumber("clip.max", clipMax);
  if (clipMin !== undefined && clipMax !== undefined && !(clipMax > clipMin)) {
    throw new RangeError(`clip: expected min < max, got min ${clipMin}, max ${clipMax}`);
  }
  const xe = cellEdges(data.x, xLog);
  const ye = cellEdges(data.y, yLog);
  if (data.details !== undefined) {
    const d = data.details;
    if (
      !Array.isArray(d) || d.length !== ny || d.some((r) => !Array.isArray(r) || r.length !== nx)
    ) {
      throw new RangeError(`details: expected ${ny} rows of ${nx} entries (the shape of values)`);
    }
  }
  const flatDetails = data.details?.flat() ?? [];
  const detailCols = pointDetailColumns(flatDetails, "details");
  const cells: Record<string, unknown>[] = [];
  for (let j = 0; j < ny; j++) {
    const row = data.values[j];
    if (!Array.isArray(row) || row.length !== nx) {
      throw new RangeError(
        `values[${j}]: expected ${nx} entries (one per x), got ${
          Array.isArray(row) ? row.length : typeof row
        }`,
      );
    }
    for (let i = 0; i < nx; i++) {
      const raw = row[i];
      if (raw === null) continue;
      checkFiniteNumber(`values[${j}][${i}]`, raw);
      let v = raw;
      if (clipMin !== undefined && v < clipMin) v = clipMin;
      if (clipMax !== undefined && v > clipMax) v = clipMax;
      if (colorType === "log" && !(v > 0)) {
        throw new RangeError(
          `values[${j}][${i}]: expected a value > 0 for the log colour scale (or set clip.min > 0 ` +
            `or colorScale "symlog"), got ${raw}`,
        );
      }
      cells.push({
        x: data.x[i],
        y: data.y[j],
        x0: xe[i],
        x1: xe[i + 1],
        y0: ye[j],
        y1: ye[j + 1],
        value: v,
        raw,
        ...(data.details === undefined ? {} : detailCols.fields(j * nx + i)),
      });
    }
  }
  const lineColor = options.lineColor ?? "black";
  const xTitle = options.xTitle ?? AXIS_TITLES.alpha;
  const yTitle = options.yTitle ?? AXIS_TITLES.width;
  const axisScale = (log: boolean, lo: number, hi: number) =>
    log ? { type: "log", domain: [lo, hi], nice: false } : {
      type: "linear",
      domain: [lo, hi],
      nice: false,
      zero: false,
    };
  const xScale = axisScale(xLog, xe[0], xe[nx]);
  const yScale = axisScale(yLog, ye[0], ye[ny]);
  const colorScaleSpec: Record<string, unknown> = {
    type: colorType,
    scheme: options.scheme ?? "blueorange",
  };
  const mid = options.domainMid === undefined ? 1 : options.domainMid;
  if (mid !== null) colorScaleSpec.domainMid = checkFiniteNumber("domainMid", mid);
  if (clipMin !== undefined || clipMax !== undefined) {
    const vals = cells.map((c) => c.value as number);
    colorScaleSpec.domain = [
      clipMin ?? Math.min(...vals),
      clipMax ?? Math.max(...vals),
    ];
  }
  const layer: Record<string, unknown>[] = [{
    data: { values: cells },
    // A thin stroke in the cell's own colour hides anti-aliasing seams between cells
    // ("color" is the name vega-lite gives the colour scale).
    mark: {
      type: "rect",
      strokeWidth: 0.6,
      stroke: { expr: "scale('color', datum.value)" },
      // with details, keep the long tooltip text out of the SVG's per-cell aria-labels
      ...(data.details === undefined ? {} : { aria: false }),
    },
    encoding: {
      x: { field: "x0", type: "quantitative", title: xTitle, scale: xScale },
      x2: { field: "x1" },
      y: { field: "y0", type: "quantitative", title: yTitle, scale: yScale },
      y2: { field: "y1" },
      color: {
        field: "value",
        type: "quantitative",
        title: options.valueTitle ?? AXIS_TITLES.replicon,
        scale: colorScaleSpec,
        legend: { type: "gradient", gradientLength: 200 },
      },
      tooltip: [
        { field: "x", type: "quantitative", title: xTitle, format: ".4g" },
        { field: "y", type: "quantitative", title: yTitle, format: ".4g" },
        { field: "raw", type: "quantitative", title: "value", format: ".4g" },
        ...detailCols.tooltip,
      ],
    },
  }];
  const lines = data.lines ?? [];
  const lineRows: Record<string, unknown>[] = [];
  const names: string[] = [];
  lines.forEach((line, k) => {
    const name = checkSeriesName(`lines[${k}].name`, line.name);
    if (!names.includes(name)) names.push(name);
    if (!Array.isArray(line.x) || !Array.isArray(line.y) || line.x.length !== line.y.length) {
      throw new RangeError(`lines[${k}]: expected x and y arrays of equal length`);
    }
    let seg = 0;
    for (let i = 0; i < line.x.length; i++) {
      const px = line.x[i];
      const py = line.y[i];
      if (px === null || py === null) {
        seg++;
        continue;
      }
      if (xLog) checkPositiveNumber(`lines[${k}].x[${i}]`, px, "log axis");
      else checkFiniteNumber(`lines[${k}].x[${i}]`, px);
      if (yLog) checkPositiveNumber(`lines[${k}].y[${i}]`, py, "log axis");
      else checkFiniteNumber(`lines[${k}].y[${i}]`, py);
      lineRows.push({ x: px, y: py, name, segment: `${k}#${seg}`, order: i });
    }
  });
  if (lineRows.length > 0) {
    layer.push({
      data: { values: lineRows },
      mark: { type: "line", color: lineColor, strokeWidth: 2, clip: true },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        detail: { field: "segment" },
        order: { field: "order", type: "quantitative" },
        strokeDash: {
          field: "name",
          type: "nominal",
          title: "lines",
          scale: { domain: names, range: names.map((_, i) => DASHES[i % DASHES.length]) },
          legend: { symbolStrokeColor: lineColor, symbolStrokeWidth: 2 },
        },
      },
    });
  }
  const labels = (data.labels ?? []).map((l, k) => ({
    text: checkSeriesName(`labels[${k}].text`, l.text),
    x: xLog ? checkPositiveNumber(`labels[${k}].x`, l.x) : checkFiniteNumber(`labels[${k}].x`, l.x),
    y: yLog ? checkPositiveNumber(`labels[${k}].y`, l.y) : checkFiniteNumber(`labels[${k}].y`, l.y),
  }));
  if (labels.length > 0) {
    layer.push({
      data: { values: labels },
      mark: { type: "text", fontSize: 16, fontWeight: "bold", color: lineColor },
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        text: { field: "text" },
      },
    });
  }
  return finishChartSpec({ layer }, options);
}
