// Optimal width: a true interior minimum (checked with independent cold solves at ±1 % and on
// a dense grid), stability flags, and the MSE-optimal widths against Lloyd–Max / Max (1960).
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { lloydMaxOptimalWidth } from "../../lib/quantizers/lloyd_max.ts";
import { gaussianTeacher } from "../../lib/model/teacher.ts";
import {
  experimentModelParams,
  type ExperimentParams,
  withExperimentParameter,
} from "../../lib/experiments/params.ts";
import { optimalWidth, type WidthObjective } from "../../lib/experiments/optimal_width.ts";
import { familyMseOptimalWidth } from "../../lib/experiments/gaussian_rounding.ts";

/** Independent cold-start objective at one width. */
function objectiveAt(p: ExperimentParams, w: number, objective: WidthObjective): number {
  const params = experimentModelParams(withExperimentParameter(p, "width", w));
  const s = Number.isFinite(p.beta) ? solveRs(params) : solveZeroTemperature(params);
  assert.ok(s.converged);
  return s[objective];
}

const point = (bits: number, beta: number, family = "uniform"): ExperimentParams => ({
  alpha: 2,
  beta,
  sigma2: 0.1,
  quantizer: { quantizer: family as "uniform", bits, width: 1 },
});

for (const beta of [10, Infinity]) {
  for (const objective of ["genError", "meanError"] as const) {
    Deno.test(`omega* (${objective}, beta = ${beta}) beats ±1 % and is interior to its bracket`, () => {
      for (const bits of [1, 2, 3]) {
        const p = point(bits, beta);
        const r = optimalWidth(p, { objective });
        assert.equal(r.converged, true, `bits ${bits}`);
        assert.ok(r.interior && r.bracket[0] < r.width && r.width < r.bracket[1]);
        const f0 = objectiveAt(p, r.width, objective);
        assert.ok(Math.abs(f0 - r[objective]) < 1e-8);
        for (const factor of [0.99, 1.01]) {
          const f = objectiveAt(p, r.width * factor, objective);
          assert.ok(f > f0, `bits ${bits}: ${objective}(${factor}·w*) = ${f} <= ${f0}`);
        }
      }
    });
  }
}

Deno.test("omega* is the global minimum of a dense independent scan", () => {
  const p = point(2, 10);
  const r = optimalWidth(p);
  let best = Infinity;
  for (let w = 0.2; w <= 5; w += 0.05) best = Math.min(best, objectiveAt(p, w, "genError"));
  assert.ok(r.genError <= best + 1e-12, `${r.genError} vs scan ${best}`);
});

Deno.test("stability flags: stable = (at < 1) and (Shannon entropy >= 0); never at beta = inf", () => {
  for (const bits of [1, 2, 3]) {
    const r = optimalWidth(point(bits, 10));
    assert.equal(r.stable, r.at < 1 && r.shannonEntropy! >= 0);
    const s = solveRs(
      experimentModelParams(withExperimentParameter(point(bits, 10), "width", r.width)),
    );
    assert.ok(Math.abs(s.at - r.at) < 1e-7);
  }
  // 1 bit at alpha = 2, beta = 10: the optimum lies beyond the AT line (finding (i))
  assert.equal(optimalWidth(point(1, 10)).stable, false);
  const z = optimalWidth(point(2, Infinity));
  assert.equal(z.at, Infinity);
  assert.equal(z.stable, false);
  assert.equal(z.phase, "ground-state");
});

Deno.test("Lloyd–Max width and the family's MSE-optimal width (N(0, rho) source)", () => {
  const rho = 2;
  const p: ExperimentParams = { ...point(2, 10), teacher: gaussianTeacher({ rho }) };
  const r = optimalWidth(p);
  assert.ok(Math.abs(r.lloydMaxWidth! - lloydMaxOptimalWidth(2) * Math.sqrt(rho)) < 1e-12);
  // Max (1960), table II: optimal uniform 2-bit step 0.9957·sigma → outer level 1.5 steps
  assert.ok(Math.abs(r.mseOptimalWidth - 1.5 * 0.9957 * Math.sqrt(rho)) < 3e-4);
  // for the Lloyd–Max family the numerical minimisation recovers the Lloyd–Max level
  for (const bits of [1, 2, 3, 4]) {
    const lm = familyMseOptimalWidth({ quantizer: "lloyd-max", bits }, { rho });
    assert.ok(
      Math.abs(lm.width - lloydMaxOptimalWidth(bits) * Math.sqrt(rho)) < 1e-6,
      `bits ${bits}`,
    );
  }
  // 1 bit, any family: E|X| = sqrt(2 rho / pi)
  const one = familyMseOptimalWidth({ quantizer: "pow2", bits: 1 }, { rho });
  assert.ok(Math.abs(one.width - Math.sqrt(2 * rho / Math.PI)) < 1e-7);
});

Deno.test("non-uniform families and an explicit range", () => {
  for (const family of ["lloyd-max", "gauss-quantile", "mu-law", "pow2"]) {
    const r = optimalWidth(point(3, 10, family));
    assert.ok(r.converged, family);
    assert.equal(r.family, family);
    for (const factor of [0.99, 1.01]) {
      assert.ok(objectiveAt(point(3, 10, family), r.width * factor, "genError") > r.genError);
    }
  }
  // a range that excludes the optimum: the minimum sits on the edge, reported as not interior
  const edge = optimalWidth(point(2, 10), { from: 0.2, to: 0.8 });
  assert.equal(edge.interior, false);
  assert.equal(edge.converged, false);
});

Deno.test("bad inputs are rejected with clear errors", () => {
  assert.throws(
    () => optimalWidth({ ...point(2, 10), quantizer: { quantizer: "continuous" } }),
    /quantizer: continuous weights have no width/,
  );
  assert.throws(
    () => optimalWidth(point(2, 10), { objective: "trainError" as WidthObjective }),
    /objective: expected "genError" or "meanError", got "trainError"/,
  );
  assert.throws(
    () => optimalWidth(point(2, 10), { samples: 2 }),
    /samples: expected an integer >= 3/,
  );
  assert.throws(
    () => optimalWidth(point(2, 10), { from: -1 }),
    /from: expected a finite width > 0/,
  );
  assert.throws(
    () => optimalWidth(point(2, 10), { from: 2, to: 1 }),
    /to: expected a finite number > from/,
  );
  assert.throws(
    () => optimalWidth({ ...point(2, 10), alpha: 0 }),
    /alpha: expected a finite number > 0/,
  );
});
