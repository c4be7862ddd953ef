// Finding (vi): the beta = ∞ figure (RS vs 1RSB ground state vs finite-N ground states) on a
// tiny grid, against direct solver calls, closed forms and its own consistency properties.
import assert from "node:assert/strict";
import {
  buildGroundStateFigure,
  computeGroundStateFigure,
  crossingAlpha,
  type FiniteNSpec,
  groundStateAlphaSpec,
  type GroundStateFigureData,
  groundStateMapSpec,
  type GroundStatePoint,
  groundStateReport,
  groundStateSummary,
  groundStateWidthSpec,
} from "../../lib/figures/ground_state.ts";
import { fitFiniteSize, groundStateSeries } from "../../lib/experiments/ground_state_series.ts";
import { fmtNumber } from "../../lib/figures/figure.ts";
import {
  computeOneRsbPhaseDiagramFigure,
  oneRsbPhaseDiagramReport,
  oneRsbPhaseDiagramSpec,
  oneRsbPhaseDiagramSummary,
} from "../../lib/figures/one_rsb_phase_diagram.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { FIGURE_REGISTRY } from "../../lib/figures/registry.ts";
import { interpolationThreshold, solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { lloydMaxOptimalWidth } from "../../lib/quantizers/lloyd_max.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import type { VegaLiteSpec } from "../../lib/plot/chart_spec.ts";
import { solveOneRsbGroundState } from "../../lib/theory/one_rsb_ground_state.ts";
import { close4, detailRows, tooltipTitles } from "./tooltip_util.ts";

const figure = await buildGroundStateFigure({
  bits: [1, 2],
  alphaFactors: [0.6, 0.8, 1, 1.3],
  extraAlphas: [2],
  rsSamples: 12,
  widthFactors: [0.75, 0.87, 1],
  mapBits: [1],
  mapWidthFactors: [0.75, 1.5],
  mapAlphas: [0.3, 1.5],
  finiteN: [
    { bits: 1, alpha: 0.5, sizes: [8, 10, 12] },
    { bits: 1, width: 1, alpha: 0.5, sizes: [8, 12, 16] },
  ],
  seeds: [1, 2, 3, 4, 5, 6],
  workers: 1,
});
const data = figure.data;
const summary = figure.summary;
const theory: GroundStatePoint[] = [...data.alphaPoints, ...data.widthPoints, ...data.mapPoints];

Deno.test("shape: grids, parts, charts, table, registry entry", () => {
  assert.equal(figure.id, "ground_state");
  assert.equal(data.quantizers.length, 2);
  // 4 factors + alpha = 2 per bit count, 3 widths per bit count, 2 x 2 map
  assert.equal(data.alphaPoints.length, 10);
  assert.equal(data.widthPoints.length, 6);
  assert.equal(data.mapPoints.length, 4);
  assert.equal(data.finiteN.length, 2);
  assert.deepEqual(data.finiteN[0].sizes.map((s) => s.n), [8, 10, 12]);
  assert.equal(figure.charts.length, 5);
  for (const c of figure.charts) {
    assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
  }
  const parts = new Set(figure.table.map((r) => r.part));
  for (const p of ["rs_curve", "alpha", "width", "map", "finite_n", "finite_n_extrapolated"]) {
    assert.ok(parts.has(p), p);
  }
  assert.ok(FIGURE_REGISTRY.some((f) => f.id === "ground_state"));
});

Deno.test("quantizers: Lloyd–Max width and alpha_c equal direct calls", () => {
  for (const q of data.quantizers) {
    assert.equal(q.width, lloydMaxOptimalWidth(q.bits));
    const t = interpolationThreshold({
      quantizer: uniformQuantizer({ bits: q.bits, width: q.width }),
      sigma2: 0.1,
    });
    assert.equal(q.alphaC, t.alphaC);
  }
});

Deno.test("RS values equal solveZeroTemperature at every point", () => {
  for (const p of [...data.rsCurves.filter((_, i) => i % 5 === 0), ...theory]) {
    const s = solveZeroTemperature({
      alpha: p.alpha,
      sigma2: p.sigma2,
      quantizer: uniformQuantizer({ bits: p.bits, width: p.width }),
    });
    assert.equal(p.rsTrainError, s.trainError);
    assert.equal(p.rsGenError, s.genError);
    assert.equal(p.rsMeanError, s.meanError);
  }
});

Deno.test("1RSB: converged, y* > 0, training error >= RS's (1RSB raises the ground-state energy)", () => {
  assert.equal(summary.notConverged, 0);
  for (const p of theory) {
    assert.equal(p.rsbConverged, true, `${p.bits} bits, α = ${p.alpha}, ω = ${p.width}`);
    assert.ok(p.y! > 0 && Number.isFinite(p.y!));
    assert.ok(
      p.rsbTrainError! >= p.rsTrainError - 1e-9,
      `${p.bits} bits α = ${p.alpha}: 1RSB ${p.rsbTrainError} < RS ${p.rsTrainError}`,
    );
  }
  assert.equal(summary.rsbAboveRs, true);
});

Deno.test("below the RS alpha_c RS interpolates, 1RSB does not (a crossover)", () => {
  let below = 0;
  for (const q of data.quantizers) {
    for (const p of data.alphaPoints.filter((x) => x.bits === q.bits && x.alpha < q.alphaC)) {
      below++;
      assert.equal(p.rsTrainError, 0);
      assert.ok(p.rsbTrainError! > 0);
      assert.equal(p.relTrainChange, Infinity);
    }
    // the 1RSB training error grows with alpha on the grid
    const c = data.alphaPoints.filter((x) => x.bits === q.bits).sort((a, b) => a.alpha - b.alpha);
    for (let i = 1; i < c.length; i++) assert.ok(c[i].rsbTrainError! > c[i - 1].rsbTrainError!);
  }
  assert.ok(below >= 2);
  for (const t of summary.thresholds) {
    assert.ok(t.minRsbTrainError > 0);
    // the crossover of the lowest level lies on the grid and below the RS alpha_c
    const c = t.crossings[0].alpha;
    assert.ok(c !== null && c < t.alphaC, `${t.bits} bits: crossing ${c}`);
  }
});

Deno.test("small alpha: the 1RSB training error decays at the counting rate 2 ln K", () => {
  // K^N configurations, each fitting below eps per sample with chance ~ eps^(M/2): the best
  // reaches eps ~ K^(-2/alpha). The law is asymptotic (eps << R, alpha -> 0); between 0.6 and
  // 0.8 alpha_c the 1RSB slope is within 10 % of it (the gap shrinks at smaller alpha).
  for (const t of summary.thresholds) {
    assert.equal(t.countingRate, 2 * t.bits * Math.log(2));
    const pts = data.alphaPoints.filter((p) => p.bits === t.bits).sort((a, b) => a.alpha - b.alpha);
    const [a, b] = pts;
    const rate = Math.log(b.rsbTrainError! / a.rsbTrainError!) / (1 / a.alpha - 1 / b.alpha);
    assert.ok(Math.abs(rate - t.decayRate!) < 1e-12);
    assert.ok(Math.abs(rate / t.countingRate - 1) < 0.1, `${t.bits} bits: ${rate}`);
  }
});

Deno.test("finite-N ground states: non-negative training errors, errors from the seeds", () => {
  const f = data.finiteN[0];
  assert.equal(f.seeds, 6);
  for (const s of f.sizes) {
    assert.ok(s.trainError >= 0 && Number.isFinite(s.trainError));
    assert.ok(s.trainStderr !== null && s.trainStderr > 0);
    assert.ok(s.genError > 0);
  }
  assert.ok(f.trainError !== null && Number.isFinite(f.trainError));
  // the theory values at the same point are the ones of the alpha grid's task
  assert.ok(f.rsbTrainError >= f.rsTrainError);
  const row = summary.finiteN[0];
  assert.ok(["RS", "1RSB", "unresolved"].includes(row.closerTo));
  assert.equal(row.separation, Math.abs(f.rsbTrainError - f.rsTrainError) / f.trainStderr!);
});

Deno.test("finite-N at its own width: theory at that width, fits from the per-size means, off the charts", async () => {
  const f = data.finiteN[1];
  assert.equal(f.width, 1);
  const rs = solveZeroTemperature({
    alpha: 0.5,
    beta: Infinity,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 1, width: 1 }),
  });
  assert.ok(Math.abs(f.rsTrainError - rs.trainError) < 1e-12);
  const rsb = solveOneRsbGroundState({
    alpha: 0.5,
    beta: Infinity,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 1, width: 1 }),
  }, { y: "optimize", tolerance: 1e-8 });
  assert.ok(Math.abs(f.rsbTrainError - rsb.trainError) < 1e-6);
  // the per-size means are those of a direct (sphere-decoding) series at the same point
  const direct = await groundStateSeries(
    { alpha: 0.5, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) },
    { sizes: [8, 12, 16], seeds: [1, 2, 3, 4, 5, 6], method: "enumerate", workers: 1 },
  );
  for (const [j, z] of f.sizes.entries()) {
    assert.ok(Math.abs(z.trainError - direct.points[j].mean.trainError!) < 1e-12);
    assert.equal(z.converged, 6);
    assert.ok(z.maxNodes >= z.medianNodes && z.medianNodes > 0);
  }
  // the 1/N fit is the extrapolation; the other models are fitted to the same means
  const pts = f.sizes.map((z) => ({ n: z.n, mean: z.trainError, stderr: z.trainStderr }));
  assert.deepEqual(f.fits.map((x) => x.model), ["1/N", "1/N + 1/N²", "N^(−2/3)"]);
  assert.ok(Math.abs(f.fits[0].fit!.value - f.trainError!) < 1e-12);
  assert.ok(Math.abs(f.fits[2].fit!.value - fitFiniteSize(pts, [2 / 3])!.value) < 1e-15);
  assert.equal(f.fits[1].fit!.dof, 0);
  // only the Lloyd–Max-width point is drawn: one diamond (plus its rule layer data)
  const spec = JSON.stringify(groundStateAlphaSpec(data, "train"));
  assert.ok(spec.includes(String(data.finiteN[0].trainError)));
  assert.ok(!spec.includes(String(f.trainError)));
  assert.equal(
    figure.table.filter((r) => r.part === "finite_n_fit").length,
    2 * 3,
  );
});

Deno.test("finite-N verdict: computed from the numbers, robust only when every model agrees", () => {
  const base = structuredClone(data) as GroundStateFigureData;
  const f = base.finiteN[1];
  const rs = f.rsTrainError, rsb = f.rsbTrainError, gap = rsb - rs;
  const fit = (value: number, stderr: number) => ({
    exponents: [1],
    value,
    stderr,
    coefficients: [0],
    chi2: 1,
    dof: 1,
    residuals: [0.5, -0.5, 0.5],
  });
  // (a) every model near 1RSB with small errors: robust, closer to 1RSB
  f.trainError = rsb;
  f.trainStderr = gap / 10;
  f.fits = f.fits.map((x) => ({ ...x, fit: fit(rsb + gap / 20, gap / 8) }));
  base.finiteN = [f];
  let s = groundStateSummary(base).finiteN[0];
  assert.equal(s.closerTo, "1RSB");
  assert.ok(s.robust);
  let md = groundStateReport(groundStateSummary(base));
  assert.ok(md.includes("every finite-size model puts it closer to 1RSB"), md);
  // RS is 8.4 s.e. below every model's value (gap·(1 + 1/20)/(gap/8)); 1RSB within 0.4 s.e.
  assert.ok(md.includes("above RS by at least 8.4 standard errors"), md);
  assert.ok(md.includes("within two standard errors under every model at 1 of 1 points"), md);
  // (b) one model points to RS: not robust, and the text says the model decides
  f.fits[2] = { ...f.fits[2], fit: fit(rs, gap / 8) };
  s = groundStateSummary(base).finiteN[0];
  assert.equal(s.robust, false);
  assert.equal(s.fits[2].closerTo, "RS");
  md = groundStateReport(groundStateSummary(base));
  assert.ok(md.includes("closer to RS with N^(−2/3): the finite-size model, not the data"), md);
  // (c) errors larger than the gap everywhere: unresolved, and the report says so
  f.trainStderr = gap;
  f.fits = f.fits.map((x) => ({ ...x, fit: fit(rsb, gap) }));
  s = groundStateSummary(base).finiteN[0];
  assert.equal(s.closerTo, "unresolved");
  md = groundStateReport(groundStateSummary(base));
  assert.ok(md.includes("do not decide between them"), md);
});

Deno.test("verdicts and report quote the computed numbers", () => {
  const v = summary.verdicts;
  for (const w of summary.widths) {
    assert.ok(v.optimalWidth.includes(fmtNumber(w.rsWidth)), `${w.bits}: ${v.optimalWidth}`);
    assert.ok(v.optimalWidth.includes(fmtNumber(w.rsbWidth)));
  }
  for (const t of summary.thresholds) {
    assert.ok(v.delayedOnset.includes(fmtNumber(t.crossings[0].alpha)));
    assert.ok(v.delayedOnset.includes(fmtNumber(t.alphaC, 4)));
  }
  for (const p of summary.peaks.filter((x) => x.error === "mean")) {
    assert.ok(v.doubleDescent.includes(fmtNumber(p.rsHeight)));
  }
  for (const text of [v.optimalWidth, v.delayedOnset, v.doubleDescent]) {
    assert.ok(figure.report.includes(text));
  }
  assert.ok(!/NaN|undefined/.test(figure.report), figure.report);
});

Deno.test("crossingAlpha: exact on a log-linear curve; null outside the grid", () => {
  // value = exp(a + b·alpha): the log-linear interpolation is exact
  const a = -12, b = 9;
  const curve = [0.3, 0.6, 0.9, 1.2].map((alpha) => ({ alpha, value: Math.exp(a + b * alpha) }));
  for (const level of [1e-4, 1e-3, 1e-2]) {
    const expected = (Math.log(level) - a) / b;
    assert.ok(Math.abs(crossingAlpha(curve, level)! - expected) < 1e-12);
  }
  assert.equal(crossingAlpha(curve, 1e-6), null); // first point already above
  assert.equal(crossingAlpha(curve, 10), null); // never reached
});

Deno.test("summary: the optimal width is the parabola vertex, peaks and departures on synthetic data", () => {
  const point = (bits: number, width: number, alpha: number, rs: number, rsb: number) => ({
    bits,
    width,
    alpha,
    sigma2: 0.1,
    rsPhase: "ground-state",
    rsTrainError: 0.1,
    rsGenError: rs,
    rsMeanError: rs,
    rsConverged: true,
    y: 5,
    rsbPhase: "1rsb",
    rsbTrainError: 0.1 * (1 + rsb),
    rsbGenError: rsb,
    rsbMeanError: rsb,
    rsbConverged: true,
    relTrainChange: rsb,
    rsSolution: {},
    rsbSolution: null,
  });
  // error (w − 1.3)² + 0.2 (RS) and 2·(w − 1.5)² + 0.1 (1RSB): vertices 1.3 and 1.5
  const widthPoints = [1, 1.4, 2].map((w) =>
    point(1, w, 2, (w - 1.3) ** 2 + 0.2, 2 * (w - 1.5) ** 2 + 0.1)
  );
  const alphaPoints = [0.5, 1, 1.5, 2].map((al, i) =>
    point(1, 1, al, 0.5, [0.3, 0.8, 0.6, 0.4][i])
  );
  const synthetic: GroundStateFigureData = {
    sigma2: 0.1,
    widthAlpha: 2,
    departure: 0.01,
    levels: [1e-3],
    quantizers: [{ bits: 1, width: 1.6, alphaC: 1 }],
    rsCurves: [],
    alphaPoints,
    widthPoints,
    mapPoints: [
      { ...point(1, 1, 1, 0.5, 0.005), alphaC: 0.3 },
      { ...point(1, 1, 2, 0.5, 0.5), alphaC: 0.3 },
    ],
    finiteN: [],
  };
  const s = groundStateSummary(synthetic);
  assert.ok(Math.abs(s.widths[0].rsWidth - 1.3) < 1e-12);
  assert.ok(Math.abs(s.widths[0].rsError - 0.2) < 1e-12);
  assert.ok(Math.abs(s.widths[0].rsbWidth - 1.5) < 1e-12);
  assert.ok(Math.abs(s.widths[0].widthShift - (1.5 / 1.3 - 1)) < 1e-12);
  const peak = s.peaks.find((p) => p.error === "mean")!;
  assert.equal(peak.rsbAlpha, 1);
  assert.equal(peak.rsbHeight, 0.8);
  assert.equal(peak.rsAlpha, null); // RS curve empty here
  // one of the two map points changes by more than 1 %
  assert.equal(s.departures[0].share, 0.5);
  assert.ok(s.verdicts.optimalWidth.includes("1.5"));
  assert.ok(s.verdicts.optimalWidth.includes("below the Lloyd–Max width"));
  for (const spec of [groundStateWidthSpec(synthetic), groundStateMapSpec(synthetic)]) {
    assert.deepEqual(compileVegaLite(spec).warnings, []);
  }
});

Deno.test("bad options: named RangeError / TypeError", async () => {
  await assert.rejects(() => computeGroundStateFigure({ sigma2: -1 }), RangeError);
  await assert.rejects(() => computeGroundStateFigure({ bits: [0] }), RangeError);
  await assert.rejects(() => computeGroundStateFigure({ levels: [2] }), /levels\[0\]/);
  await assert.rejects(() => computeGroundStateFigure({ widthAlpha: 0 }), /widthAlpha/);
  await assert.rejects(
    () => computeGroundStateFigure({ finiteN: [{ bits: 1, alpha: 1, sizes: [8], width: -1 }] }),
    /^RangeError: finiteN\[0\]\.width: expected a finite number > 0, got -1/,
  );
  await assert.rejects(
    () =>
      computeGroundStateFigure({
        finiteN: [{ bits: 1, alpha: 1, sizes: [8], widht: 1 } as unknown as FiniteNSpec],
      }),
    TypeError,
  );
  await assert.rejects(
    () => computeGroundStateFigure({ width: 1 } as unknown as Record<string, never>),
    TypeError,
  );
});

// the finite-beta 1RSB phase diagram figure (lib/figures/one_rsb_phase_diagram.ts)
Deno.test("1RSB phase diagram at beta = 10: x* < 1 past the AT line, x* = 1 deep in the RS phase", async () => {
  const d = await computeOneRsbPhaseDiagramFigure({
    bits: [1],
    widths: { 1: [0.4, 1.2] },
    alphas: [1, 2],
    atAlphas: [1, 2],
    workers: 1,
  });
  assert.equal(d.cells.length, 4);
  for (const c of d.cells) {
    assert.ok(c.converged && c.x !== null && c.x > 0 && c.x <= 1);
    // the replicon is the RS one at the same point
    const rs = solveRs({
      alpha: c.alpha,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: 1, width: c.width }),
    });
    assert.ok(Math.abs(c.at! - rs.at) < 1e-6, `${c.at} vs ${rs.at}`);
    if (c.at! > 1.2) assert.ok(c.x! < 1, `AT ${c.at} but x* = ${c.x}`);
    if (c.at! < 0.5) assert.equal(c.x, 1);
  }
  // each AT crossing is a root of at - 1
  for (const p of d.atLine) {
    const rs = solveRs({
      alpha: p.alpha,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: 1, width: p.width }),
    });
    assert.ok(Math.abs(rs.at - 1) < 1e-6);
  }
  const s = oneRsbPhaseDiagramSummary(d);
  assert.equal(s.rows[0].cells, 4);
  assert.equal(s.rows[0].broken, d.cells.filter((c) => c.x! < 1 - 1e-6).length);
  assert.ok(s.rows[0].broken >= 1 && s.rows[0].broken <= 3);
  assert.ok(oneRsbPhaseDiagramReport(s).includes(`| 1 | 4 | ${s.rows[0].broken} |`));
  assert.deepEqual(compileVegaLite(oneRsbPhaseDiagramSpec(d)).warnings, []);
});

Deno.test("tooltips: every point carries its whole solution (RS, 1RSB, finite-N over seeds)", () => {
  const chart = (name: string) => figure.charts.find((c) => c.name === name)!.spec;
  // a faceted chart keeps its layers in `spec`
  const titlesOf = (name: string) =>
    tooltipTitles((chart(name).spec as VegaLiteSpec | undefined) ?? chart(name));
  for (const name of ["train_error", "test_error", "mean_error", "width", "map"]) {
    const titles = titlesOf(name);
    // 1RSB ground state (docs/theory.md §3b): y = lim beta·x, q0, q1 = Q, complexity
    for (const k of ["y", "m", "q0", "q1", "Q", "complexity", "trainError", "converged"]) {
      assert.ok(titles.has(k), `${name}: ${k}`);
    }
    if (name !== "map") {
      // RS ground state: q, the replicon and whether it exists (D < alpha)
      for (const k of ["q", "at", "valid", "iterations"]) assert.ok(titles.has(k), `${name}: ${k}`);
    }
  }
  for (const name of ["train_error", "test_error"]) {
    const titles = titlesOf(name);
    for (const k of ["N", "seeds", "averaged", "sizes", "trainErrorExtrapolated"]) {
      assert.ok(titles.has(k), `${name}: ${k}`);
    }
  }
  // the values against independent solves: an RS point and a 1RSB point of the test-error chart
  const rows = detailRows(chart("test_error"));
  const rsRow = rows.find((r) => r.theory === "RS" && r.series === "1 bit")!;
  const rs = solveZeroTemperature({
    alpha: rsRow.alpha as number,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 1, width: lloydMaxOptimalWidth(1) }),
  });
  assert.ok(close4(rsRow.d_m, rs.m) && close4(rsRow.d_Q, rs.Q), JSON.stringify(rsRow));
  assert.ok(close4(rsRow.d_genError, rs.genError) && close4(rsRow.value, rs.genError));
  const rsbRow = rows.find((r) => r.theory === "1RSB" && r.series === "2 bits")!;
  const rsb = solveOneRsbGroundState({
    alpha: rsbRow.alpha as number,
    beta: Infinity,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: lloydMaxOptimalWidth(2) }),
  }, { y: "optimize", tolerance: 1e-8 });
  for (const k of ["m", "q0", "q1", "Q", "genError"] as const) {
    assert.ok(close4(rsbRow[`d_${k}`], rsb[k], 1e-6), `${k}: ${rsbRow[`d_${k}`]} vs ${rsb[k]}`);
  }
  assert.ok(close4(rsbRow.d_y, rsb.y, 1e-3 * rsb.y), `y: ${rsbRow.d_y} vs ${rsb.y}`);
  // finite N: the largest size's mean over the 6 seeds, from the table's own per-size row
  const diamond = rows.find((r) => r.d_N !== undefined)!;
  const f = data.finiteN[0];
  assert.equal(diamond.d_N, 12);
  assert.equal(diamond.d_seeds, "1,2,3,4,5,6");
  assert.equal(diamond.d_converged, "6/6");
  assert.equal(diamond.d_sizes, "8,10,12");
  assert.ok(close4(String(diamond.d_trainError).split(" ± ")[0], f.sizes[2].trainError));
  // the flat table stays flat (no detail objects)
  for (const r of figure.table) {
    for (const v of Object.values(r)) assert.ok(v === null || typeof v !== "object");
  }
});
