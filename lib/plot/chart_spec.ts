/**
 * Shared pieces of every typiquant chart: the Vega-Lite v5 spec type, common options (title,
 * size, overrides), default axis titles, and input checks.
 *
 * The specs declare the Vega-Lite **v5** schema and use only v5 features, because JupyterLab and
 * VS Code render `application/vnd.vegalite.v5+json` only; they are compiled here by the
 * vega-lite 6 package, whose spec language is a superset for everything used.
 *
 * @module
 */

import { mergeChartOverrides } from "./merge.ts";

/** The `$schema` that every typiquant chart declares. */
export const VEGA_LITE_V5_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** A Vega-Lite spec as a plain JSON object (top-level `$schema` required). */
export interface VegaLiteSpec {
  /** Schema URL; typiquant emits {@link VEGA_LITE_V5_SCHEMA}. */
  $schema: string;
  /** Any other Vega-Lite property. */
  [key: string]: unknown;
}

/** Options accepted by every chart function. */
export interface ChartOptions {
  /** Chart title (omitted when undefined). */
  title?: string;
  /** Subtitle under the title. */
  subtitle?: string;
  /** Plot width in pixels. Default 480. */
  width?: number;
  /** Plot height in pixels. Default 300. */
  height?: number;
  /** Deep-merged into the finished spec (see {@link mergeChartOverrides}); wins over all else. */
  overrides?: Readonly<Record<string, unknown>>;
}

/** Default axis titles: symbol first, meaning in parentheses. */
export const AXIS_TITLES: Readonly<{
  width: string;
  alpha: string;
  error: string;
  bits: string;
  iteration: string;
  replicon: string;
  beta: string;
}> = Object.freeze({
  width: "ω (quantization width)",
  alpha: "α (samples per weight, M/N)",
  error: "ε_g (generalization error)",
  bits: "b (bits per weight)",
  iteration: "t (iteration)",
  replicon: "AT (replicon)",
  beta: "β (inverse temperature)",
});

/** Default plot width in pixels. */
export const DEFAULT_CHART_WIDTH = 480;
/** Default plot height in pixels. */
export const DEFAULT_CHART_HEIGHT = 300;

function checkSize(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new RangeError(`${name}: expected a finite number > 0, got ${value}`);
  }
  return value;
}

/**
 * Wraps a chart body (data, mark/layer, encoding, …) into a complete v5 spec: adds `$schema`,
 * size, title and a white background, then deep-merges `options.overrides`.
 *
 * @throws {RangeError} if `width`/`height` is not a finite number > 0.
 * @example
 * ```ts
 * const spec = finishChartSpec({ mark: "point" }, { title: "T", width: 200 });
 * if (spec.$schema !== VEGA_LITE_V5_SCHEMA || spec.width !== 200) throw new Error();
 * if ((spec.title as { text: string }).text !== "T") throw new Error();
 * ```
 */
export function finishChartSpec(
  body: Readonly<Record<string, unknown>>,
  options: ChartOptions = {},
): VegaLiteSpec {
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_V5_SCHEMA,
    width: checkSize("width", options.width, DEFAULT_CHART_WIDTH),
    height: checkSize("height", options.height, DEFAULT_CHART_HEIGHT),
    background: "white",
    padding: 8,
  };
  if (options.title !== undefined || options.subtitle !== undefined) {
    const title: Record<string, unknown> = { text: options.title ?? "" };
    if (options.subtitle !== undefined) title.subtitle = options.subtitle;
    spec.title = title;
  }
  Object.assign(spec, body);
  spec.config = mergeChartOverrides(
    {
      legend: { orient: "right", symbolStrokeWidth: 2, symbolSize: 120 },
      axis: { titleFontSize: 12, labelFontSize: 11 },
    },
    (body.config ?? {}) as Record<string, unknown>,
  );
  return mergeChartOverrides(spec, options.overrides ?? {});
}

/**
 * Checks that `value` is a finite number.
 *
 * @throws {RangeError} naming `name` otherwise.
 * @example
 * ```ts
 * checkFiniteNumber("x", 1);
 * let threw = false;
 * try { checkFiniteNumber("rows[0].x", NaN); } catch (e) { threw = e instanceof RangeError; }
 * if (!threw) throw new Error("NaN must be rejected");
 * ```
 */
export function checkFiniteNumber(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${name}: expected a finite number, got ${String(value)}`);
  }
  return value;
}

/**
 * Checks that `value` is a finite number > 0 (for log scales).
 *
 * @throws {RangeError} naming `name` otherwise.
 * @example
 * ```ts
 * let threw = false;
 * try { checkPositiveNumber("rows[2].value", 0, "log y axis"); } catch { threw = true; }
 * if (!threw) throw new Error("0 must be rejected");
 * ```
 */
export function checkPositiveNumber(name: string, value: unknown, why = "log scale"): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !(value > 0)) {
    throw new RangeError(`${name}: expected a finite number > 0 (${why}), got ${String(value)}`);
  }
  return value;
}

/**
 * Checks that `rows` is an array (of any length ≥ `min`).
 *
 * @throws {TypeError} if not an array; {@link RangeError} if shorter than `min`.
 * @example
 * ```ts
 * checkRows("rows", [{}], 1);
 * let threw = false;
 * try { checkRows("rows", [], 1); } catch (e) { threw = e instanceof RangeError; }
 * if (!threw) throw new Error();
 * ```
 */
export function checkRows(name: string, rows: unknown, min = 0): void {
  if (!Array.isArray(rows)) {
    throw new TypeError(`${name}: expected an array, got ${typeof rows}`);
  }
  if (rows.length < min) {
    throw new RangeError(`${name}: expected at least ${min} entries, got ${rows.length}`);
  }
}

/**
 * Checks that a series name is a non-empty string.
 *
 * @throws {TypeError} naming `name` otherwise.
 * @example
 * ```ts
 * if (checkSeriesName("rows[0].series", "AMP") !== "AMP") throw new Error();
 * ```
 */
export function checkSeriesName(name: string, value: unknown): string {
  if (typeof value !== "string" || value.length === 0) {
    throw new TypeError(`${name}: expected a non-empty string, got ${String(value)}`);
  }
  return value;
}
