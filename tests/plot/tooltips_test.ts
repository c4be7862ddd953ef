// Per-point tooltip details: validation, compiled Vega-Lite (fields in the tooltip signal and
// the data), the tooltip a renderer evaluates per item (headless vega View), SVG unaffected,
// and phase-diagram cells against independent cold-start RS solves.
import assert from "node:assert/strict";
import {
  errorVsAlphaSpec,
  errorVsWidthSpec,
  phaseDiagramSpec,
  pointDetailColumns,
  renderSvg,
  theoryVsExperimentSpec,
} from "../../lib/plot/mod.ts";
import { computePhaseDiagram, phaseDiagramChart } from "../../lib/experiments/phase_diagram.ts";
import {
  experimentModelParams,
  type ExperimentParams,
  withExperimentParameter,
} from "../../lib/experiments/params.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { assertCleanSpec, assertThrowsNaming } from "./_helpers.ts";
import { g4, tooltipItems } from "./_tooltips.ts";

/** The tooltip signal expressions of every compiled mark, as one string. */
function tooltipSignals(vg: Record<string, unknown>): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== "object") return;
    const rec = node as Record<string, unknown>;
    const tip = ((rec.encode as Record<string, Record<string, unknown>> | undefined)?.update)
      ?.tooltip as { signal?: string } | undefined;
    if (tip?.signal) out.push(tip.signal);
    Object.values(rec).forEach(walk);
  };
  walk(vg.marks);
  return out.join("\n");
}

Deno.test("pointDetailColumns: types, text for Infinity / null / missing, bad input", () => {
  const d = pointDetailColumns([
    { m: 0.25, S: -0.5, at: 2, ok: true, tag: "a" },
    { m: 0.5, S: null, at: Infinity, ok: false, tag: "b" },
    { m: 1e-9, S: 0.125, at: -Infinity, ok: true },
  ], "rows");
  const types = Object.fromEntries(d.tooltip.map((t) => [t.title, t.type]));
  assert.deepEqual(types, {
    m: "quantitative",
    S: "nominal",
    at: "nominal",
    ok: "nominal",
    tag: "nominal",
  });
  assert.ok(d.tooltip.every((t) => t.field === `d_${t.title}`));
  assert.deepEqual(d.fields(0), {
    d_m: 0.25,
    d_S: "−0.5000",
    d_at: "2.000",
    d_ok: "true",
    d_tag: "a",
  });
  assert.deepEqual(d.fields(1), { d_m: 0.5, d_S: "–", d_at: "∞", d_ok: "false", d_tag: "b" });
  assert.deepEqual(d.fields(2), { d_m: 1e-9, d_S: "0.1250", d_at: "−∞", d_ok: "true", d_tag: "–" });
  // a point without details makes every key text ("–" there)
  const gap = pointDetailColumns([{ m: 1 }, undefined, { m: 2 }], "rows");
  assert.equal(gap.tooltip[0].type, "nominal");
  assert.equal(gap.fields(1).d_m, "–");
  assertThrowsNaming(() => pointDetailColumns([{ "a.b": 1 }], "rows"), TypeError, "rows[0]", "a.b");
  assertThrowsNaming(
    () => pointDetailColumns([{}, { m: NaN }], "pts"),
    RangeError,
    "pts[1].details.m",
  );
  assertThrowsNaming(
    () => pointDetailColumns([{ m: [1] as unknown as number }], "rows"),
    TypeError,
    "rows[0].details.m",
  );
});

Deno.test("errorVsAlphaSpec: details reach the compiled tooltip and every point's tooltip", async () => {
  const rows = [0.5, 1, 2, 4].flatMap((alpha) =>
    [1, 2].map((bits) => ({
      alpha,
      bits,
      error: 1 / (alpha + bits),
      details: { m: alpha / (alpha + bits), q: 0.1 * bits + alpha / 100, converged: true },
    }))
  );
  const spec = errorVsAlphaSpec(rows);
  const vg = assertCleanSpec(spec);
  const sig = tooltipSignals(vg);
  for (const f of ["d_m", "d_q", "d_converged"]) assert.ok(sig.includes(`datum["${f}"]`), f);
  const { items } = await tooltipItems(spec);
  const pts = items.filter((it) => it.marktype === "symbol");
  assert.equal(pts.length, rows.length, "one hoverable point per row");
  for (const it of pts) {
    const r = rows.find((r) =>
      r.alpha === it.datum.alpha && `${r.bits} bit${r.bits > 1 ? "s" : ""}` === it.datum.series
    )!;
    assert.ok(r, JSON.stringify(it.datum));
    assert.equal(it.tooltip.m, g4(r.details.m));
    assert.equal(it.tooltip.q, g4(r.details.q));
    assert.equal(it.tooltip.converged, "true");
    assert.equal(it.tooltip.error, g4(r.error));
  }
  // Without details the spec is exactly the old one (no points, no tooltip on the line).
  const plain = errorVsAlphaSpec(rows.map(({ details: _, ...r }) => r));
  const line =
    (plain.layer as { mark: Record<string, unknown>; encoding: Record<string, unknown> }[])[0];
  assert.equal(line.mark.point, undefined);
  assert.equal(line.encoding.tooltip, undefined);
  // SVG: the transparent points are drawn invisible; the curves are unchanged
  const svg = await renderSvg(spec);
  const svgPlain = await renderSvg(plain);
  const paths = (s: string) =>
    [...s.matchAll(/aria-roledescription="line mark"[^>]* d="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(paths(svg), paths(svgPlain));
});

Deno.test("errorVsWidthSpec and theoryVsExperimentSpec: details in tooltips", async () => {
  const wrows = [0.5, 1, 1.5].map((width, i) => ({
    width,
    error: 0.3 + 0.1 * i,
    bits: 2,
    stable: i < 2,
    details: { at: 0.5 + 0.4 * i, S: 0.2 - 0.15 * i },
  }));
  const w = errorVsWidthSpec(wrows);
  assert.ok(tooltipSignals(assertCleanSpec(w)).includes('datum["d_at"]'));
  const wItems = (await tooltipItems(w)).items.filter((it) =>
    it.marktype === "symbol" && "at" in it.tooltip
  );
  // a stability-run boundary point appears in both runs
  assert.ok(wItems.length >= 3);
  for (const r of wrows) {
    const it = wItems.find((it) => it.datum.width === r.width)!;
    assert.equal(it.tooltip.at, g4(r.details.at));
    assert.equal(it.tooltip.S, g4(r.details.S));
  }
  const t = theoryVsExperimentSpec({
    theory: [1, 2, 3].map((x) => ({ x, y: 1 / x, series: "RS", details: { m: x / 4 } })),
    experiment: [{ x: 2, y: 0.52, yErr: 0.02, series: "RS", details: { seeds: 8 } }],
  });
  assertCleanSpec(t);
  const tItems = (await tooltipItems(t)).items;
  const theory = tItems.filter((it) => it.marktype === "symbol" && "m" in it.tooltip);
  assert.deepEqual(theory.map((it) => it.tooltip.m).sort(), ["0.2500", "0.5000", "0.7500"]);
  const exp = tItems.filter((it) => "seeds" in it.tooltip);
  assert.equal(exp.length, 1);
  assert.equal(exp[0].tooltip.seeds, g4(8));
});

Deno.test("phaseDiagramSpec: details shape is checked; cells carry them", async () => {
  const base = { x: [1, 2], y: [1, 2, 3], values: [[1, 2], [3, 4], [5, 6]] };
  assertThrowsNaming(
    () => phaseDiagramSpec({ ...base, details: [[{}, {}], [{}, {}]] }),
    RangeError,
    "details",
    "3 rows of 2",
  );
  const spec = phaseDiagramSpec({
    ...base,
    details: base.values.map((row) => row.map((v) => ({ m: v / 10, converged: v !== 4 }))),
  });
  assertCleanSpec(spec);
  const { items } = await tooltipItems(spec);
  const cells = items.filter((it) => it.marktype === "rect");
  assert.equal(cells.length, 6);
  for (const c of cells) {
    assert.equal(c.tooltip.m, g4(c.datum.raw / 10));
    assert.equal(c.tooltip.converged, String(c.datum.raw !== 4));
  }
  // the tooltip text stays out of the SVG (no per-cell aria-labels)
  const svg = await renderSvg(spec);
  assert.ok(!svg.includes("converged"));
});

Deno.test("phaseDiagramChart: each cell's tooltip is its RS solution (independent cold solves)", async () => {
  const P: ExperimentParams = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: { quantizer: "uniform", bits: 2, width: 1 },
  };
  const d = await computePhaseDiagram(P, {
    x: { parameter: "alpha", values: [0.5, 1, 2, 4] },
    y: { parameter: "width", values: [0.6, 1.2, 2.4] },
    workers: 1,
  });
  assert.ok(d.converged);
  const spec = phaseDiagramChart(d);
  const vg = assertCleanSpec(spec);
  const sig = tooltipSignals(vg);
  for (
    const k of [
      "m",
      "q",
      "Q",
      "AT",
      "shannonEntropy",
      "trainError",
      "genError",
      "meanError",
      "converged",
    ]
  ) {
    assert.ok(sig.includes(`datum["d_${k}"]`), k);
  }
  const { items } = await tooltipItems(spec);
  const cells = items.filter((it) => it.marktype === "rect");
  assert.equal(cells.length, 12);
  for (const c of cells) {
    const point = withExperimentParameter(
      withExperimentParameter(P, "width", c.datum.y),
      "alpha",
      c.datum.x,
    );
    const s = solveRs(experimentModelParams(point));
    assert.ok(s.converged);
    // both solves stop at a state change < 1e-10: 4 significant digits agree unless a value
    // sits on a rounding boundary, so compare numerically at half a unit of the 4th digit
    const near = (text: string, v: number, what: string) => {
      const t = Number(text.replace("\u2212", "-"));
      assert.ok(
        Math.abs(t - v) <= 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(v))) - 3) + 1e-9,
        `${what}: ${text} vs ${v}`,
      );
    };
    near(c.tooltip.m, s.m, "m");
    near(c.tooltip.q, s.q, "q");
    near(c.tooltip.Q, s.Q, "Q");
    near(c.tooltip.AT, s.at, "AT");
    near(c.tooltip.shannonEntropy, s.shannonEntropy!, "shannonEntropy");
    near(c.tooltip.trainError, s.trainError, "trainError");
    near(c.tooltip.genError, s.genError, "genError");
    near(c.tooltip.meanError, s.meanError, "meanError");
    assert.equal(c.tooltip.converged, "true");
  }
});
