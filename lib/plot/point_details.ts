/**
 * Per-point details for chart tooltips: a plain record per data point (e.g. the whole RS
 * solution there: m, q, Q, replicon, entropy, errors, converged) that the chart builders copy
 * into the data rows and list in the Vega-Lite `tooltip` encoding. Details change only what
 * an interactive renderer shows on hover; the static SVG is unaffected.
 *
 * Each detail key `k` becomes the data field `d_k` (so that it can never collide with a
 * chart's own fields) and a tooltip entry titled `k`. A key whose values are all finite
 * numbers on every point is shown quantitative with format `.4g`; any other key is shown as
 * text, its numbers written with 4 significant digits, ±Infinity as "∞" / "−∞" (JSON has no
 * Infinity) and `null` or a missing value as "–" (vega-lite would format null as 0). Numbers
 * are stored rounded to 4 significant digits (what `.4g` shows).
 *
 * @module
 */

/** One detail value. Numbers must not be NaN; ±Infinity is shown as "∞" / "−∞". */
export type DetailValue = number | string | boolean | null;

/** The details of one data point: key → value; keys are identifiers (`/^[A-Za-z_]\w*$/`). */
export type PointDetails = Readonly<Record<string, DetailValue>>;

/** A Vega-Lite tooltip field definition. */
export interface TooltipField {
  /** Data field. */
  field: string;
  /** Encoding type. */
  type: "quantitative" | "nominal";
  /** Title shown in the tooltip. */
  title: string;
  /** d3 format (quantitative fields). */
  format?: string;
}

/** Result of {@link pointDetailColumns}. */
export interface PointDetailColumns {
  /** Tooltip entries, one per key in first-seen order. */
  tooltip: TooltipField[];
  /** The data fields of point `i` (`d_key` → value), to merge into that point's data row. */
  fields(i: number): Record<string, DetailValue>;
}

/** Prefix of the data field that holds a detail. */
export const DETAIL_FIELD_PREFIX = "d_";

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** "–" for null, 4 significant digits for numbers, "∞" for Infinity. */
function asText(v: DetailValue): string {
  if (v === null) return "–";
  if (typeof v === "number") {
    if (v === Infinity) return "∞";
    if (v === -Infinity) return "−∞";
    return v.toPrecision(4).replace("-", "−");
  }
  return String(v);
}

/**
 * Validates per-point details (entries may be `undefined`/`null`: no details) and returns
 * the tooltip entries and a function giving each point's data fields.
 *
 * @param details one entry per data point (or undefined).
 * @param name the input's name for error messages, e.g. "rows" (entries are `name[i].details`).
 * @throws {TypeError} on a details entry that is not a plain object, a key that is not an
 *   identifier, or a value that is not a number, string, boolean or null;
 *   {@link RangeError} on a NaN value.
 * @example
 * ```ts
 * const d = pointDetailColumns([{ m: 0.5, at: 2 }, { m: 0.25, at: Infinity }], "rows");
 * if (d.tooltip.map((t) => t.title).join() !== "m,at") throw new Error();
 * if (d.tooltip[0].type !== "quantitative" || d.tooltip[1].type !== "nominal") throw new Error();
 * if (d.fields(0).d_m !== 0.5 || d.fields(0).d_at !== "2.000" || d.fields(1).d_at !== "∞") {
 *   throw new Error();
 * }
 * ```
 */
export function pointDetailColumns(
  details: readonly (PointDetails | null | undefined)[],
  name: string,
): PointDetailColumns {
  const keys: string[] = [];
  const numeric = new Map<string, boolean>();
  details.forEach((d, i) => {
    if (d === undefined || d === null) {
      for (const k of keys) numeric.set(k, false);
      return;
    }
    if (typeof d !== "object" || Array.isArray(d)) {
      throw new TypeError(`${name}[${i}].details: expected a plain object, got ${String(d)}`);
    }
    for (const [k, v] of Object.entries(d)) {
      if (!KEY.test(k)) {
        throw new TypeError(
          `${name}[${i}].details: key ${
            JSON.stringify(k)
          } is not an identifier (letters, digits, _)`,
        );
      }
      const ok = v === null || typeof v === "number" || typeof v === "string" ||
        typeof v === "boolean";
      if (!ok) {
        throw new TypeError(
          `${name}[${i}].details.${k}: expected a number, string, boolean or null, got ${typeof v}`,
        );
      }
      if (typeof v === "number" && Number.isNaN(v)) {
        throw new RangeError(`${name}[${i}].details.${k}: expected a number, got NaN`);
      }
      if (!numeric.has(k)) {
        keys.push(k);
        // a key first seen after point 0 is missing on an earlier point
        numeric.set(k, details.slice(0, i).every((e) => e !== undefined && e !== null && k in e));
      }
      if (!(typeof v === "number" && Number.isFinite(v))) numeric.set(k, false);
    }
    for (const k of keys) if (!(k in d)) numeric.set(k, false);
  });
  const tooltip: TooltipField[] = keys.map((k) =>
    numeric.get(k)
      ? { field: DETAIL_FIELD_PREFIX + k, type: "quantitative", title: k, format: ".4g" }
      : { field: DETAIL_FIELD_PREFIX + k, type: "nominal", title: k }
  );
  return {
    tooltip,
    fields(i: number): Record<string, DetailValue> {
      const d = details[i] ?? {};
      const out: Record<string, DetailValue> = {};
      for (const k of keys) {
        const v = d[k] ?? null;
        // 4 significant digits, what the tooltip shows (`.4g` of the rounded number is the
        // same text), keeps the embedded data small
        out[DETAIL_FIELD_PREFIX + k] = numeric.get(k)
          ? Number((v as number).toPrecision(4))
          : asText(v);
      }
      return out;
    },
  };
}
