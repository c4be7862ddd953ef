import assert from "node:assert/strict";
import { mergeChartOverrides } from "../../lib/plot/mod.ts";

Deno.test("mergeChartOverrides: nested objects merge, arrays and scalars replace", () => {
  const base = {
    width: 480,
    encoding: { x: { field: "a", scale: { type: "log", nice: false } }, y: { field: "b" } },
    layer: [{ mark: "line" }, { mark: "point" }],
  };
  const out = mergeChartOverrides(base, {
    width: 300,
    encoding: { x: { scale: { nice: true } } },
    layer: [{ mark: "rule" }],
    config: { axis: { grid: false } },
  });
  assert.deepEqual(out, {
    width: 300,
    encoding: { x: { field: "a", scale: { type: "log", nice: true } }, y: { field: "b" } },
    layer: [{ mark: "rule" }],
    config: { axis: { grid: false } },
  });
});

Deno.test("mergeChartOverrides: inputs untouched, result shares nothing", () => {
  const base = { a: { b: [1, 2] } };
  const over = { c: { d: [3] } };
  const out = mergeChartOverrides(base, over);
  (out.a.b as number[]).push(99);
  (out as unknown as { c: { d: number[] } }).c.d.push(99);
  assert.deepEqual(base, { a: { b: [1, 2] } });
  assert.deepEqual(over, { c: { d: [3] } });
});

Deno.test("mergeChartOverrides: undefined overrides are ignored, null replaces", () => {
  const out = mergeChartOverrides({ a: 1, b: { c: 2 } }, { a: undefined, b: null });
  assert.deepEqual(out, { a: 1, b: null });
});

Deno.test("mergeChartOverrides: non-object overrides are a TypeError", () => {
  assert.throws(
    () => mergeChartOverrides({}, [] as unknown as Record<string, unknown>),
    (e: Error) => e instanceof TypeError && /overrides/.test(e.message),
  );
});
