// PTQ against learning on the grid: points are ptqTheory's; the summary's crossovers follow.
import assert from "node:assert/strict";
import {
  buildPostTrainingFigure,
  computePostTraining,
  postTrainingSpec,
  postTrainingSummary,
} from "../../lib/figures/post_training.ts";
import { ptqTheory } from "../../lib/experiments/ptq.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { close4, detailRows, tooltipTitles } from "./tooltip_util.ts";

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

Deno.test("PTQ tooltips: channel and best widths, the ground state at the learned width, seeds", () => {
  const spec = postTrainingSpec(data);
  const t = tooltipTitles(spec);
  for (const k of ["gain", "delta", "ptqWidth", "m", "q", "Q", "valid", "N", "seeds"]) {
    assert.ok(t.has(k), k);
  }
  const rows = detailRows(spec);
  const p = data.points.find((x) => x.alpha === 3)!;
  const learned = rows.find((r) => r.series === "learned, 2 bits" && r.x === 3)!;
  const z = solveZeroTemperature({
    alpha: 3,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: p.learnedWidth! }),
  });
  assert.ok(close4(learned.d_m, z.m) && close4(learned.d_genError, p.learnedError!, 1e-9));
  const r = ptqTheory({
    alpha: 3,
    beta: Infinity,
    sigma2: 0.1,
    quantizer: { quantizer: "uniform", bits: 2, width: 1 },
  });
  const ptq = rows.find((x) => x.series === "PTQ, 2 bits" && x.x === 3 && x.method === undefined)!;
  assert.ok(close4(ptq.d_gain, r.continuous.gain) && close4(ptq.d_ptqWidth, r.ptqBestWidth!));
  const sim = rows.find((x) => typeof x.method === "string" && x.d_seeds !== undefined)!;
  assert.equal(sim.d_seeds, "1,2");
  assert.equal(sim.d_N, 80);
});
