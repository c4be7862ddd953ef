import assert from "node:assert/strict";
import {
  bitColor,
  bitLabel,
  type ErrorVsWidthRow,
  errorVsWidthSpec,
  renderSvg,
  widthOptima,
} from "../../lib/plot/mod.ts";
import { assertCleanSpec, assertThrowsNaming, layerRows, layers } from "./_helpers.ts";
import { linePaths, svgTexts, textsInRole } from "./_svg.ts";

// Parabolas with known minima: error_b(w) = 0.1/b + (w − b/2)², on the grid w = 0.1, 0.2, …, 3.
const grid = Array.from({ length: 30 }, (_, i) => Number(((i + 1) / 10).toFixed(1)));
function parabolas(
  unstable: (bits: number, w: number) => boolean = () => false,
): ErrorVsWidthRow[] {
  return [1, 2, 3].flatMap((bits) =>
    grid.map((w) => ({
      width: w,
      bits,
      error: 0.1 / bits + (w - bits / 2) ** 2,
      stable: !unstable(bits, w),
    }))
  );
}

Deno.test("errorVsWidthSpec: clean v5 spec, optimum at the parabola minimum", () => {
  const spec = errorVsWidthSpec(parabolas(), { title: "T", subtitle: "S" });
  assertCleanSpec(spec);
  assert.deepEqual(spec.title, { text: "T", subtitle: "S" });
  assert.equal(spec.width, 480);
  const optima = layerRows(spec, 1);
  assert.deepEqual(
    optima.map((o) => [o.series, o.width]),
    [["1 bit", 0.5], ["2 bits", 1], ["3 bits", 1.5]],
  );
  for (const o of optima) {
    const bits = Number.parseInt(o.series);
    assert.ok(Math.abs(o.error - 0.1 / bits) < 1e-12);
  }
});

Deno.test("errorVsWidthSpec: no stability legend when everything is stable", () => {
  const spec = errorVsWidthSpec(parabolas());
  assert.equal(layers(spec)[0].encoding.strokeDash, undefined);
});

Deno.test("errorVsWidthSpec: unstable stretch becomes its own dashed segment", () => {
  // 1 bit: stable, stable, unstable, unstable, stable, stable.
  const flags = [true, true, false, false, true, true];
  const rows = flags.map((stable, i) => ({ width: i + 1, error: 1 / (i + 1), bits: 1, stable }));
  const spec = errorVsWidthSpec(rows);
  assertCleanSpec(spec);
  const lineRows = layerRows(spec, 0);
  const bySeg = Map.groupBy(lineRows, (r) => r.segment as string);
  // Links (i, i+1) are stable iff both ends are: T, F, F, F, T → runs [1..2], [2..5], [5..6].
  assert.deepEqual(
    [...bySeg.values()].map((g) => [g.map((r) => r.width), g[0].stability]),
    [
      [[1, 2], "RS stable (AT < 1)"],
      [[2, 3, 4, 5], "RSB (AT ≥ 1)"],
      [[5, 6], "RS stable (AT < 1)"],
    ],
  );
  // The optimum ignores unstable rows: least error among stable widths {1, 2, 5, 6} is at 6.
  assert.deepEqual(layerRows(spec, 1).map((o) => o.width), [6]);
});

Deno.test("errorVsWidthSpec SVG: one path per segment, dashed where unstable, legend", async () => {
  const rows = parabolas((bits, w) => bits === 1 && w > 1.95 && w < 2.55);
  const svg = await renderSvg(errorVsWidthSpec(rows));
  const paths = linePaths(svg);
  // 1 bit: stable / unstable / stable; 2 and 3 bits: one stable path each.
  assert.equal(paths.length, 5);
  const dashed = paths.filter((p) => p.dash !== undefined && p.dash !== "1,0");
  assert.equal(dashed.length, 1);
  assert.equal(dashed[0].stroke, bitColor(1).toUpperCase());
  assert.deepEqual(
    new Set(paths.map((p) => p.stroke)),
    new Set([1, 2, 3].map((b) => bitColor(b).toUpperCase())),
  );
  const legend = textsInRole(svg, "role-legend-label");
  for (const b of [1, 2, 3]) assert.ok(legend.includes(bitLabel(b)), bitLabel(b));
  assert.ok(legend.includes("RSB (AT ≥ 1)"));
  const axisTitles = textsInRole(svg, "role-axis-title");
  assert.deepEqual(
    axisTitles.sort(),
    ["ε_g (generalization error)", "ω (quantization width)"].sort(),
  );
  // Three optimum points.
  assert.equal([...svg.matchAll(/aria-roledescription="point"/g)].length, 3);
  assert.ok(svgTexts(svg).length > 0);
});

Deno.test("errorVsWidthSpec: explicit optima, [] marks none; overrides win", () => {
  const rows = parabolas();
  const none = errorVsWidthSpec(rows, { optima: [] });
  assert.equal(layers(none).length, 1);
  const given = errorVsWidthSpec(rows, {
    optima: [{ bits: 2, width: 1.23, error: 0.4 }],
    overrides: { width: 300, config: { axis: { grid: false } } },
  });
  assert.deepEqual(layerRows(given, 1), [{ width: 1.23, error: 0.4, series: "2 bits" }]);
  assert.equal(given.width, 300);
  const config = given.config as { axis: Record<string, unknown> };
  assert.equal(config.axis.grid, false);
  assert.equal(config.axis.titleFontSize, 12, "deep merge keeps sibling keys");
});

Deno.test("errorVsWidthSpec: log y axis", () => {
  const spec = errorVsWidthSpec(parabolas(), { logY: true });
  assertCleanSpec(spec);
  assert.equal(layers(spec)[0].encoding.y.scale.type, "log");
  assertThrowsNaming(
    () => errorVsWidthSpec([{ width: 1, error: 0, bits: 1 }], { logY: true }),
    RangeError,
    "rows[0].error",
    "0",
  );
});

Deno.test("errorVsWidthSpec: bad input names the parameter", () => {
  assertThrowsNaming(() => errorVsWidthSpec([]), RangeError, "rows");
  assertThrowsNaming(() => errorVsWidthSpec("x" as never), TypeError, "rows");
  assertThrowsNaming(
    () => errorVsWidthSpec([{ width: 1, error: 1, bits: 1 }, { width: NaN, error: 1, bits: 1 }]),
    RangeError,
    "rows[1].width",
    "NaN",
  );
  assertThrowsNaming(
    () => errorVsWidthSpec([{ width: 1, error: Infinity, bits: 1 }]),
    RangeError,
    "rows[0].error",
  );
  assertThrowsNaming(() => errorVsWidthSpec([{ width: 1, error: 1, bits: 0 }]), RangeError, "bits");
  assertThrowsNaming(
    () => errorVsWidthSpec([{ width: 1, error: 1, bits: 1 }], { width: -1 }),
    RangeError,
    "width",
    "-1",
  );
});

Deno.test("widthOptima: ties go to the smaller width; no stable rows → no optimum", () => {
  const opt = widthOptima([
    { width: 2, error: 0.1, bits: 1 },
    { width: 1, error: 0.1, bits: 1 },
    { width: 1, error: 0.5, bits: 2, stable: false },
  ]);
  assert.deepEqual(opt, [{ bits: 1, width: 1, error: 0.1 }]);
});
