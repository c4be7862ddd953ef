// 1RSB against RS: worker results equal direct solves; the summary's numbers follow.
import assert from "node:assert/strict";
import {
  buildRsbComparisonFigure,
  computeRsbComparison,
  rsbComparisonSummary,
  rsbPointTask,
} from "../../lib/figures/rsb_comparison.ts";
import { solveOneRsb } from "../../lib/theory/one_rsb.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { at4, detailNumber, detailRows, tooltipTitles } from "./tooltip_util.ts";

/** The model of the default sweep (2 bits, alpha 2, beta 10, sigma2 0.1) at one width. */
const sweepParams = (width: number) => ({
  alpha: 2,
  beta: 10,
  sigma2: 0.1,
  quantizer: uniformQuantizer({ bits: 2, width }),
});

Deno.test("a point equals direct RS and 1RSB solves", () => {
  const task = { bits: 2, width: 2.2, alpha: 2, beta: 10, sigma2: 0.1 };
  const p = rsbPointTask(task);
  const params = sweepParams(2.2);
  const rs = solveRs(params), rsb = solveOneRsb(params);
  assert.equal(p.rsTrainError, rs.trainError);
  assert.equal(p.rsbTrainError, rsb.trainError);
  assert.equal(p.x, rsb.x);
  assert.ok(p.rsAt > 1 && p.x < 1 && rsb.freeEntropy < rs.freeEntropy);
});

Deno.test("summary: crisis change, first broken width, entropies", async () => {
  const d = await computeRsbComparison({ widths: [1.2, 2.4], mcmcN: 0, workers: 2 });
  const s = rsbComparisonSummary(d);
  const c = d.crisis;
  assert.equal(s.crisis.relativeChange, (c.rsbTrainError - c.rsTrainError) / c.rsTrainError);
  assert.ok(s.crisis.rsShannonEntropy < 0 && s.crisis.rsbShannonEntropy >= 0);
  assert.equal(s.firstBrokenWidth, 2.4); // width 1.2 is RS-stable (x* = 1)
  assert.equal(d.sweep[0].x, 1);
  assert.ok(s.rsbEntropyNonNegative);
  assert.equal(s.mcDistanceRs, null); // no Monte Carlo requested
});

Deno.test("1RSB charts compile", async () => {
  const f = await buildRsbComparisonFigure({ quick: true, workers: 1 });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
});

Deno.test("1RSB charts: tooltips carry the RS and 1RSB solutions and the Monte Carlo seeds", async () => {
  const f = await buildRsbComparisonFigure({ quick: true, workers: 2 });
  const spec = f.charts.find((c) => c.name === "train_error")!.spec;
  const rows = detailRows(spec);
  const titles = tooltipTitles(spec);
  for (const k of ["m", "q", "Q", "at", "x", "q0", "q1", "shannonEntropy", "iterations", "seeds"]) {
    assert.ok(titles.has(k), k);
  }
  // the 1RSB point at the unstable width, against an independent solve
  const params = sweepParams(2.4);
  const rsb = solveOneRsb(params), rs = solveRs(params);
  const r1 = rows.find((r) => r.series === "1RSB" && r.x === 2.4)!;
  assert.equal(detailNumber(r1.d_x), at4(rsb.x));
  assert.equal(detailNumber(r1.d_q1), at4(rsb.q1));
  const r0 = rows.find((r) => r.series === "RS" && r.x === 2.4)!;
  assert.equal(detailNumber(r0.d_m), at4(rs.m));
  assert.equal(detailNumber(r0.d_at), at4(rs.at));
  // Monte Carlo points: N, the two quick seeds, "k/2" converged, mean ± stderr text
  const mc = rows.filter((r) => r.method === "Monte Carlo");
  assert.deepEqual([...new Set(mc.map((r) => r.x))].sort(), [1.2, 2.4]); // point and error-bar layers
  for (const r of mc) {
    assert.equal(r.d_seeds, "1,2");
    assert.match(String(r.d_converged), /^[0-2]\/2$/);
    assert.match(String(r.d_trainError), /^[0-9.e-]+ ± [0-9.e-]+$/);
  }
});
