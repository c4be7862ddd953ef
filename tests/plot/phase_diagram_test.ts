import assert from "node:assert/strict";
import { phaseDiagramSpec, renderSvg } from "../../lib/plot/mod.ts";
import { assertCleanSpec, assertThrowsNaming, layerRows, layers } from "./_helpers.ts";
import { countMarks, svgTexts, textsInRole } from "./_svg.ts";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(b));

function grid(nx: number, ny: number) {
  const x = Array.from({ length: nx }, (_, i) => 0.2 + 0.1 * i);
  const y = Array.from({ length: ny }, (_, j) => 0.5 + 0.25 * j);
  // A synthetic replicon: exp(y − 1 − x) crosses 1 on the line y = 1 + x.
  const values = y.map((w) => x.map((a) => Math.exp(w - 1 - a)));
  return { x, y, values };
}

Deno.test("phaseDiagramSpec: one cell per grid point, cells tile the plane", () => {
  const { x, y, values } = grid(7, 5);
  const spec = phaseDiagramSpec({ x, y, values });
  assertCleanSpec(spec);
  const cells = layerRows(spec, 0);
  assert.equal(cells.length, 35);
  for (const c of cells) {
    // Uniform grid: each cell is centred on its point, width 0.1 and height 0.25.
    assert.ok(close(c.x1 - c.x0, 0.1) && close((c.x0 + c.x1) / 2, c.x), `x cell ${c.x}`);
    assert.ok(close(c.y1 - c.y0, 0.25) && close((c.y0 + c.y1) / 2, c.y), `y cell ${c.y}`);
    assert.ok(close(c.value, Math.exp(c.y - 1 - c.x)));
  }
  const enc = layers(spec)[0].encoding;
  assert.ok(close(enc.x.scale.domain[0], 0.15) && close(enc.x.scale.domain[1], 0.85));
  assert.ok(close(enc.y.scale.domain[0], 0.375) && close(enc.y.scale.domain[1], 1.625));
  assert.equal(enc.color.scale.type, "log");
  assert.equal(enc.color.scale.domainMid, 1);
});

Deno.test("phaseDiagramSpec: non-uniform and log grids use (geometric) midpoints", () => {
  const lin = phaseDiagramSpec({ x: [0, 1, 3], y: [0, 1], values: [[1, 1, 1], [1, 1, 1]] });
  const xs = layerRows(lin, 0).filter((c) => c.y === 0).map((c) => [c.x0, c.x1]);
  assert.deepEqual(xs, [[-0.5, 0.5], [0.5, 2], [2, 4]]);
  const log = phaseDiagramSpec(
    { x: [1, 10, 100], y: [0, 1], values: [[1, 1, 1], [1, 1, 1]] },
    { xScale: "log" },
  );
  assertCleanSpec(log);
  const edges = layerRows(log, 0).filter((c) => c.y === 0).map((c) => [c.x0, c.x1]);
  const r = Math.sqrt(10);
  const expected = [[1 / r, r], [r, 10 * r], [10 * r, 100 * r]];
  edges.flat().forEach((e, i) => assert.ok(close(e, expected.flat()[i]), `${e}`));
  assert.equal(layers(log)[0].encoding.x.scale.type, "log");
});

Deno.test("phaseDiagramSpec: null cells are skipped, clip bounds values and the domain", () => {
  const { x, y, values } = grid(4, 3);
  const v = values.map((row) => [...row]) as (number | null)[][];
  v[1][2] = null;
  v[0][0] = 1e-9;
  v[2][3] = 1e9;
  const spec = phaseDiagramSpec({ x, y, values: v }, { clip: { min: 0.1, max: 10 } });
  assertCleanSpec(spec);
  const cells = layerRows(spec, 0);
  assert.equal(cells.length, 11);
  assert.ok(cells.every((c) => c.value >= 0.1 && c.value <= 10));
  const low = cells.find((c) => c.x === x[0] && c.y === y[0])!;
  assert.deepEqual([low.value, low.raw], [0.1, 1e-9]);
  assert.deepEqual(layers(spec)[0].encoding.color.scale.domain, [0.1, 10]);
});

Deno.test("phaseDiagramSpec: log colour needs positive values (clip or symlog fixes it)", () => {
  const data = { x: [0, 1], y: [0, 1], values: [[0.5, 2], [-1, 3]] };
  assertThrowsNaming(() => phaseDiagramSpec(data), RangeError, "values[1][0]", "-1");
  assertCleanSpec(phaseDiagramSpec(data, { colorScale: "symlog" }));
  assertCleanSpec(phaseDiagramSpec(data, { clip: { min: 1e-3 } }));
  const lin = phaseDiagramSpec(data, { colorScale: "linear", domainMid: null, scheme: "viridis" });
  assertCleanSpec(lin);
  const scale = layers(lin)[0].encoding.color.scale;
  assert.deepEqual([scale.type, scale.scheme, scale.domainMid], ["linear", "viridis", undefined]);
});

Deno.test("phaseDiagramSpec: lines keep their point order and break at null", () => {
  const { x, y, values } = grid(5, 5);
  const spec = phaseDiagramSpec({
    x,
    y,
    values,
    lines: [
      // A curve that is not a function of x (goes back): order must be kept.
      { name: "AT = 1", x: [0.2, 0.6, 0.4, null, 0.3], y: [0.5, 1, 1.4, 1.5, 1.5] },
      { name: "s = 0", x: [0.2, 0.6], y: [1.2, 1.6] },
    ],
    labels: [{ text: "RS", x: 0.6, y: 0.6 }, { text: "RSB", x: 0.3, y: 1.4 }],
  });
  assertCleanSpec(spec);
  const rows = layerRows(spec, 1);
  const at = rows.filter((r) => r.name === "AT = 1");
  assert.deepEqual(at.map((r) => [r.x, r.order]), [[0.2, 0], [0.6, 1], [0.4, 2], [0.3, 4]]);
  assert.equal(new Set(at.map((r) => r.segment)).size, 2);
  assert.equal(layers(spec)[1].encoding.order.field, "order");
  assert.deepEqual(layerRows(spec, 2).map((l) => l.text), ["RS", "RSB"]);
});

Deno.test("phaseDiagramSpec SVG: rects, line legend, region labels, axis titles", async () => {
  const { x, y, values } = grid(8, 6);
  const svg = await renderSvg(phaseDiagramSpec({
    x,
    y,
    values,
    lines: [{ name: "AT = 1", x: [0.2, 0.9], y: [1.2, 1.9] }, {
      name: "s = 0",
      x: [0.2, 0.9],
      y: [1.5, 2],
    }],
    labels: [{ text: "RS", x: 0.7, y: 0.7 }, { text: "RSB", x: 0.3, y: 1.6 }],
  }, { title: "Phase diagram" }));
  assert.equal(countMarks(svg, "rect mark"), 48);
  assert.equal(countMarks(svg, "line mark"), 2);
  const texts = svgTexts(svg);
  for (const t of ["RS", "RSB", "AT = 1", "s = 0", "Phase diagram", "AT (replicon)"]) {
    assert.ok(texts.includes(t), t);
  }
  assert.deepEqual(
    textsInRole(svg, "role-axis-title").sort(),
    ["α (samples per weight, M/N)", "ω (quantization width)"].sort(),
  );
});

Deno.test("phaseDiagramSpec: bad grids and shapes name the parameter", () => {
  const ok = { x: [0, 1], y: [0, 1], values: [[1, 1], [1, 1]] };
  assertThrowsNaming(() => phaseDiagramSpec({ ...ok, x: [0] }), RangeError, "x", "at least 2");
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, x: [1, 0] }),
    RangeError,
    "x[1]",
    "increasing",
  );
  assertThrowsNaming(() => phaseDiagramSpec({ ...ok, y: [0, NaN] }), RangeError, "y[1]");
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, values: [[1, 1]] }),
    RangeError,
    "values",
    "2 rows",
  );
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, values: [[1, 1], [1]] }),
    RangeError,
    "values[1]",
    "2 entries",
  );
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, values: [[1, NaN], [1, 1]] }),
    RangeError,
    "values[0][1]",
  );
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, x: [0, 1] }, { xScale: "log" }),
    RangeError,
    "x[0]",
    "> 0",
  );
  assertThrowsNaming(
    () => phaseDiagramSpec(ok, { clip: { min: 2, max: 1 } }),
    RangeError,
    "clip",
  );
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, lines: [{ name: "L", x: [0, 1], y: [0] }] }),
    RangeError,
    "lines[0]",
  );
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...ok, labels: [{ text: "", x: 0, y: 0 }] }),
    TypeError,
    "labels[0].text",
  );
});
