// deno-lint-ignore-file no-explicit-any
import assert from "node:assert/strict";
import { compileVegaLite, VEGA_LITE_V5_SCHEMA, type VegaLiteSpec } from "../../lib/plot/mod.ts";

/** Asserts the spec declares Vega-Lite v5 and compiles with no warning. */
export function assertCleanSpec(spec: VegaLiteSpec): Record<string, unknown> {
  assert.equal(spec.$schema, VEGA_LITE_V5_SCHEMA);
  const { vega, warnings } = compileVegaLite(spec);
  assert.deepEqual(warnings, [], "vega-lite compile warnings");
  assert.ok(Array.isArray(vega.marks) && vega.marks.length > 0, "compiled spec has marks");
  // The spec is plain JSON: a round trip changes nothing.
  assert.deepEqual(JSON.parse(JSON.stringify(spec)), spec);
  return vega;
}

/** The layers of a layered spec. */
export function layers(spec: VegaLiteSpec): Record<string, any>[] {
  assert.ok(Array.isArray(spec.layer), "layered spec");
  return spec.layer as Record<string, any>[];
}

/** Data rows of layer `i`. */
export function layerRows(spec: VegaLiteSpec, i: number): Record<string, any>[] {
  return layers(spec)[i].data.values;
}

/** Asserts `fn` throws an error of `type` whose message contains every one of `parts`. */
export function assertThrowsNaming(
  fn: () => unknown,
  type: ErrorConstructor | RangeErrorConstructor | TypeErrorConstructor,
  ...parts: string[]
): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof type, `expected ${type.name}, got ${e}`);
    for (const p of parts) {
      assert.ok((e as Error).message.includes(p), `"${(e as Error).message}" lacks "${p}"`);
    }
    return true;
  });
}
