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

Deno.test("a point equals direct RS and 1RSB solves", () => {
  const task = { bits: 2, width: 2.2, alpha: 2, beta: 10, sigma2: 0.1 };
  const p = rsbPointTask(task);
  const params = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 2.2 }),
  };
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
