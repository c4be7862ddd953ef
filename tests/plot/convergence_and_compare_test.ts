import assert from "node:assert/strict";
import {
  bitColor,
  compareQuantizersSpec,
  convergenceTraceSpec,
  renderSvg,
} from "../../lib/plot/mod.ts";
import { assertCleanSpec, assertThrowsNaming, layerRows, layers } from "./_helpers.ts";
import { linePaths, textsInRole } from "./_svg.ts";

// Geometric convergence r_t = r_0 q^t for three contraction factors.
const traces = [0.5, 0.7, 0.9].flatMap((q) =>
  Array.from({ length: 30 }, (_, t) => ({ iteration: t, value: q ** t, run: `q = ${q}` }))
);

Deno.test("convergenceTraceSpec: clean, log y, tolerance rule, one line per run", async () => {
  const spec = convergenceTraceSpec(traces, { logY: true, tolerance: 1e-6, yTitle: "‖Δm‖" });
  assertCleanSpec(spec);
  assert.equal(layers(spec)[0].encoding.y.scale.type, "log");
  assert.deepEqual(layerRows(spec, 1), [{ tolerance: 1e-6, label: "tolerance" }]);
  const svg = await renderSvg(spec);
  assert.equal(linePaths(svg).length, 3);
  assert.deepEqual(textsInRole(svg, "role-legend-label"), ["q = 0.5", "q = 0.7", "q = 0.9"]);
  assert.deepEqual(textsInRole(svg, "role-axis-title").sort(), ["t (iteration)", "‖Δm‖"].sort());
});

Deno.test("convergenceTraceSpec: linear y and gaps; zero on a log axis is refused", () => {
  const spec = convergenceTraceSpec([
    { iteration: 0, value: 1, run: "a" },
    { iteration: 1, value: null, run: "a" },
    { iteration: 2, value: 0, run: "a" },
  ], { points: true });
  assertCleanSpec(spec);
  assert.equal(new Set(layerRows(spec, 0).map((r) => r.segment)).size, 2);
  assertThrowsNaming(
    () => convergenceTraceSpec([{ iteration: 0, value: 0, run: "a" }], { logY: true }),
    RangeError,
    "[0].y",
    "logY",
  );
  assertThrowsNaming(
    () =>
      convergenceTraceSpec([{ iteration: 0, value: 1, run: "a" }], { logY: true, tolerance: 0 }),
    RangeError,
    "tolerance",
  );
  assertThrowsNaming(() => convergenceTraceSpec([]), RangeError, "rows");
});

Deno.test("compareQuantizersSpec: clean, dashed reference, bit labels keep colours", async () => {
  const rows = [1, 2, 3, 4].flatMap((b) => [
    { x: b, y: 2 ** (-2 * b), series: "uniform" },
    { x: b, y: 0.7 * 2 ** (-2 * b), series: "Lloyd–Max" },
    { x: b, y: 0.5 * 2 ** (-2 * b), series: "3 bits" },
  ]);
  const spec = compareQuantizersSpec(rows, {
    logY: true,
    dashedSeries: ["uniform"],
    xTitle: "b (bits per weight)",
    yTitle: "ε_g",
  });
  assertCleanSpec(spec);
  const enc = layers(spec)[0].encoding;
  assert.deepEqual(enc.strokeDash.scale.range, [[6, 4], [1, 0], [1, 0]]);
  assert.equal(enc.color.scale.range[2], bitColor(3));
  const svg = await renderSvg(spec);
  const paths = linePaths(svg);
  assert.equal(paths.length, 3);
  assert.equal(paths.filter((p) => p.dash === "6,4").length, 1);
  assert.deepEqual(textsInRole(svg, "role-legend-label"), ["uniform", "Lloyd–Max", "3 bits"]);
});

Deno.test("compareQuantizersSpec: data sorted by x; bad input names the parameter", () => {
  const spec = compareQuantizersSpec([
    { x: 3, y: 1, series: "a" },
    { x: 1, y: 2, series: "a" },
    { x: 2, y: 3, series: "a" },
  ]);
  assert.deepEqual(layerRows(spec, 0).map((r) => r.x), [1, 2, 3]);
  assertThrowsNaming(
    () => compareQuantizersSpec([{ x: Infinity, y: 1, series: "a" }]),
    RangeError,
    "rows[0].x",
  );
  assertThrowsNaming(
    () => compareQuantizersSpec([{ x: 1, y: 1, series: "a" }], { yDomain: [0, 0] }),
    RangeError,
    "yDomain",
  );
});
