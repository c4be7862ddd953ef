// PTQ against learning on the grid: points are ptqTheory's; the summary's crossovers follow.
import assert from "node:assert/strict";
import {
  buildPostTrainingFigure,
  computePostTraining,
  postTrainingSummary,
} from "../../lib/figures/post_training.ts";
import { ptqTheory } from "../../lib/experiments/ptq.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";

const data = computePostTraining({
  bits: [2],
  alphas: [0.5, 0.95, 3],
  simulationAlphas: [3],
  simulationN: 80,
  seeds: [1, 2],
});

Deno.test("points equal direct ptqTheory calls", () => {
  for (const p of data.points) {
    const r = ptqTheory({
      alpha: p.alpha,
      beta: Infinity,
      sigma2: 0.1,
      quantizer: { quantizer: "uniform", bits: 2, width: 1 },
    });
    assert.equal(p.ptqError, r.ptqBestError);
    assert.equal(p.learnedError, r.quantizedBestError);
    assert.equal(p.continuousError, r.continuous.error);
  }
});

Deno.test("summary: where learning wins, the gap at the largest alpha, simulation z-score", () => {
  const s = postTrainingSummary(data);
  const b = s.perBits[0];
  const wins = data.points.filter((p) => p.learnedError! < p.ptqError!).map((p) => p.alpha);
  assert.equal(b.learnedWinsFrom, wins.length ? Math.min(...wins) : null);
  const last = data.points.find((p) => p.alpha === 3)!;
  assert.equal(b.gapAtLargestAlpha, last.learnedError! - last.ptqError!);
  const sim = data.simulations[0];
  assert.equal(s.simulationMaxZ, Math.abs(sim.ptqError - sim.theoryPtqError) / sim.ptqStderr);
  assert.deepEqual(s.failures, []);
});

Deno.test("a failing point is recorded with its message, not dropped", () => {
  // alpha = 1 exactly: the ridgeless estimator diverges, PTQ is undefined
  const d = computePostTraining({
    bits: [1],
    alphas: [1],
    simulationAlphas: [2],
    simulationN: 40,
    seeds: [1, 2],
  });
  assert.equal(d.points[0].converged, false);
  assert.match(d.points[0].failure ?? "", /Error/);
  assert.equal(postTrainingSummary(d).failures.length, 1);
});

Deno.test("PTQ chart compiles", () => {
  const f = buildPostTrainingFigure({ quick: true });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
});
