// Shared helpers of lib/figures: JSON round trip, CSV, number formatting, grids, writing.
import assert from "node:assert/strict";
import {
  checkFigureBits,
  figureCsv,
  figureGrid,
  figureJson,
  fmtNumber,
  parseFigureJson,
} from "../../lib/figures/figure.ts";
import { reportMarkdown, writeFigure } from "../../lib/figures/write.ts";
import { selectFigures } from "../../lib/figures/registry.ts";

Deno.test("figureJson keeps non-finite numbers and parseFigureJson restores them", () => {
  const value = { a: [Infinity, -Infinity, 1.5], b: { c: NaN }, d: new Float64Array([2, 3]) };
  const back = parseFigureJson<{ a: number[]; b: { c: number }; d: number[] }>(figureJson(value));
  assert.deepEqual(back.a, [Infinity, -Infinity, 1.5]);
  assert.ok(Number.isNaN(back.b.c));
  assert.deepEqual(back.d, [2, 3]);
});

Deno.test("figureCsv: header from all keys, quoting, empty cells for null/missing", () => {
  const csv = figureCsv([{ x: 1, s: 'a"b' }, { y: true, x: 0.1 + 0.2 }]);
  const lines = csv.trimEnd().split("\n");
  assert.equal(lines[0], "x,s,y");
  assert.equal(lines[1], '1,"a""b",');
  // full precision round trip
  assert.equal(Number(lines[2].split(",")[0]), 0.1 + 0.2);
  assert.equal(lines[2].split(",")[2], "true");
  assert.throws(() => figureCsv([null as unknown as Record<string, number>]), TypeError);
});

Deno.test("fmtNumber: significant digits, infinities, missing values", () => {
  assert.equal(fmtNumber(0.0012345), "0.00123");
  assert.equal(fmtNumber(123456), "123000");
  assert.equal(fmtNumber(-Infinity), "−∞");
  assert.equal(fmtNumber(undefined), "n/a");
  assert.equal(fmtNumber(0.5, 1), "0.5");
});

Deno.test("figureGrid: endpoints exact, spacing linear or geometric, bad input rejected", () => {
  const g = figureGrid(0.05, 3, 60);
  assert.equal(g.length, 60);
  assert.equal(g[0], 0.05);
  assert.equal(g[59], 3);
  for (let i = 1; i < g.length; i++) assert.ok(Math.abs(g[i] - g[i - 1] - 2.95 / 59) < 1e-10);
  const l = figureGrid(1, 1e4, 5, "log");
  assert.deepEqual(l.map((v) => Math.round(Math.log10(v))), [0, 1, 2, 3, 4]);
  assert.throws(() => figureGrid(1, 1, 3), /range/);
  assert.throws(() => figureGrid(0, 1, 3, "log"), /from/);
  assert.throws(() => figureGrid(0, 1, 1), /samples/);
  assert.throws(() => checkFigureBits([1, 2.5]), /bits\[1\]/);
});

Deno.test("writeFigure writes charts, CSV and JSON; reportMarkdown lists sections and failures", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const spec = {
      $schema: "https://vega.github.io/schema/vega-lite/v5.json",
      data: { values: [{ x: 1, y: 2 }] },
      mark: "point",
      encoding: {
        x: { field: "x", type: "quantitative" },
        y: { field: "y", type: "quantitative" },
      },
    };
    const figure = {
      id: "demo",
      title: "Demo figure",
      finding: "a finding",
      data: { v: Infinity },
      summary: { best: 0.25 },
      charts: [{ name: "a", spec }, { name: "b", spec }],
      table: [{ x: 1, y: 2 }],
      report: "The best value is 0.25.",
    };
    const w = await writeFigure(figure, dir, { png: true });
    for (
      const f of [
        "demo_a.svg",
        "demo_a.png",
        "demo_a.vl.json",
        "demo_b.svg",
        "demo.csv",
        "demo.json",
      ]
    ) {
      assert.ok(w.files.includes(f), f);
      assert.ok((await Deno.stat(`${dir}/${f}`)).size > 0, f);
    }
    const json = parseFigureJson<{ summary: { best: number }; data: { v: number } }>(
      await Deno.readTextFile(`${dir}/demo.json`),
    );
    assert.equal(json.summary.best, 0.25);
    assert.equal(json.data.v, Infinity);
    const md = reportMarkdown(
      [{ figure, seconds: 1.25, charts: ["demo_a", "demo_b"] }],
      [{ id: "bad", title: "Bad", error: "RangeError: boom" }],
      { quick: false, seconds: 2 },
    );
    assert.ok(md.includes("## Demo figure"));
    assert.ok(md.includes("![demo_b](demo_b.svg)"));
    assert.ok(md.includes("The best value is 0.25."));
    assert.ok(md.includes("RangeError: boom"));
    assert.ok(!md.includes("Quick run"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("selectFigures keeps report order and rejects unknown ids", () => {
  const all = selectFigures();
  assert.ok(all.length >= 8);
  const two = selectFigures(["double_descent", "rs_checks"]);
  assert.deepEqual(two.map((f) => f.id), ["rs_checks", "double_descent"]);
  assert.throws(() => selectFigures(["nope"]), /only: unknown figure "nope"/);
});
