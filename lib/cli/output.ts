/**
 * CLI output helpers: JSON with non-finite numbers as null, and aligned plain-text tables.
 *
 * @module
 */

/**
 * JSON text in which NaN, ±Infinity become null and typed arrays become arrays.
 *
 * @example
 * ```ts
 * if (toJson({ a: Infinity, b: new Float64Array([1]) }) !== '{"a":null,"b":[1]}') throw new Error();
 * ```
 */
export function toJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_k, v) => {
      if (typeof v === "number" && !Number.isFinite(v)) return null;
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        return Array.from(v as unknown as ArrayLike<number>);
      }
      return v;
    },
    space,
  );
}

/**
 * Formats rows of `[name, value]` as an aligned two-column table.
 *
 * @example
 * ```ts
 * const t = formatTable([["m", 0.5], ["converged", true]]);
 * if (!t.includes("m          0.500000")) throw new Error(t);
 * ```
 */
export function formatTable(rows: [string, unknown][]): string {
  const width = Math.max(...rows.map(([k]) => k.length)) + 1;
  return rows.map(([k, v]) => `${k.padEnd(Math.max(width, 11))}${formatValue(v)}`).join("\n");
}

/** Formats one value for a table: 6 significant digits for non-integers. */
export function formatValue(v: unknown): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return String(v);
    return v.toPrecision(6);
  }
  return v === null ? "null" : String(v);
}
