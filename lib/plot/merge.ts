/**
 * Deep merge of chart overrides into a Vega-Lite spec.
 *
 * @module
 */

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cloneValue(v);
    return out;
  }
  return value;
}

/**
 * Returns a new object: `base` with `overrides` merged in recursively. Plain objects are merged
 * key by key; arrays and every other value in `overrides` replace the base value; keys whose
 * override is `undefined` are left as in `base`. Neither argument is modified, and the result
 * shares no plain object or array with either.
 *
 * @example
 * ```ts
 * const base = { width: 480, encoding: { x: { field: "a", title: "A" } }, layer: [1, 2] };
 * const out = mergeChartOverrides(base, { encoding: { x: { title: "B" } }, layer: [3] });
 * if (out.encoding.x.field !== "a" || out.encoding.x.title !== "B") throw new Error();
 * if (out.layer.length !== 1 || base.encoding.x.title !== "A") throw new Error();
 * ```
 */
export function mergeChartOverrides<T extends Record<string, unknown>>(
  base: T,
  overrides: Readonly<Record<string, unknown>> = {},
): T {
  if (!isPlainObject(overrides)) {
    throw new TypeError(`overrides: expected a plain object, got ${String(overrides)}`);
  }
  const out = cloneValue(base) as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value)
      ? mergeChartOverrides(current, value)
      : cloneValue(value);
  }
  return out as T;
}
