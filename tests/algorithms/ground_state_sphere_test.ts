// Sphere decoding (branch and bound) at beta = ∞: the same minimum as meet-in-the-middle
// enumeration and as an independent brute force written here (energy to 1e-10 relative, the
// configuration where the minimum is unique, the degeneracy), independent of the column order
// and of the compensated diagonal shift, a budget stop reported as not converged, bad input.
import assert from "node:assert/strict";
import { exactGroundState } from "../../lib/algorithms/ground_state_enumerate.ts";
import {
  sphereGroundState,
  sphereGroundStateSeedTask,
} from "../../lib/algorithms/ground_state_sphere.ts";
import { type SyntheticData, teacherStudentData } from "../../lib/algorithms/synthetic.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { bruteForceGroundState } from "./brute_force.ts";

/** Plain brute force (tests/algorithms/brute_force.ts), the energy per weight. */
function bruteForce(data: SyntheticData, levels: number[], lambda: number) {
  const b = bruteForceGroundState(data, levels, lambda);
  return { energy: b.energy / data.n, weights: b.weights };
}

const relDiff = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

Deno.test("sphere decoding equals meet in the middle (1 and 2 bits; alpha 0.5, 1, 2; lambda 0 and 0.3; 3 seeds)", () => {
  let unique = 0, cases = 0;
  for (const bits of [1, 2]) {
    const n = bits === 1 ? 14 : 7;
    for (const alpha of [0.5, 1, 2]) {
      for (const lambda of [0, 0.3]) {
        for (const seed of [1, 2, 3]) {
          const sigma2 = 0.1;
          const data = teacherStudentData({ n, alpha, sigma2, seed, precision: "float64" });
          const params = { alpha, sigma2, lambda, quantizer: uniformQuantizer({ bits, width: 1 }) };
          const e = exactGroundState(data, params);
          const g = sphereGroundState(data, params);
          const where = `bits ${bits} alpha ${alpha} lambda ${lambda} seed ${seed}`;
          assert.ok(g.converged && g.bound === "exact" && !g.budgetExceeded, where);
          assert.ok(relDiff(g.energy, e.energy) < 1e-10, `${where}: ${g.energy} vs ${e.energy}`);
          assert.ok(relDiff(g.trainError, e.trainError) < 1e-8 || e.trainError < 1e-12, where);
          assert.equal(g.degeneracy, e.degeneracy, where);
          if (e.degeneracy === 1) {
            assert.deepEqual([...g.weights], [...e.weights], where);
            unique++;
          }
          // the tree visits far fewer nodes than the K^N leaves of the enumeration
          assert.ok(g.nodes > 0 && g.nodes === g.visited, where);
          cases++;
        }
      }
    }
  }
  assert.equal(cases, 36);
  assert.ok(unique >= 30, `unique minima in ${unique} of 36 cases`);
});

Deno.test("sphere decoding equals brute force on an asymmetric level set with M < N, and on K = 3 with ridge", () => {
  const sets = [[-1, 0.2, 0.5, 2], [-1, 0.3, 1.2]];
  for (const levels of sets) {
    for (const [alpha, lambda] of [[0.5, 0], [1.5, 0], [0.5, 0.4]]) {
      for (const seed of [4, 5]) {
        const n = 6;
        const data = teacherStudentData({ n, alpha, sigma2: 0.2, seed, precision: "float64" });
        const params = { alpha, sigma2: 0.2, lambda, quantizer: levelSet(levels) };
        const b = bruteForce(data, levels, lambda);
        const g = sphereGroundState(data, params);
        const where = `levels ${levels} alpha ${alpha} lambda ${lambda} seed ${seed}`;
        assert.ok(g.converged, where);
        assert.ok(relDiff(g.energy, b.energy) < 1e-10, `${where}: ${g.energy} vs ${b.energy}`);
        if (g.degeneracy === 1) assert.deepEqual([...g.weights], b.weights, where);
      }
    }
  }
});

Deno.test("column order and diagonal shift do not change the minimum (they only change the work)", () => {
  const q = uniformQuantizer({ bits: 2, width: 1.5 });
  for (const [alpha, seed] of [[0.5, 1], [1, 2], [2, 3]]) {
    const n = 16;
    const data = teacherStudentData({ n, alpha, sigma2: 0.1, seed, precision: "float64" });
    const params = { alpha, sigma2: 0.1, quantizer: q };
    const ref = sphereGroundState(data, params);
    for (const options of [{ order: "natural" as const }, { shift: 0.05 }, { shift: 0.5 }]) {
      const g = sphereGroundState(data, params, options);
      assert.ok(g.converged, JSON.stringify(options));
      assert.ok(relDiff(g.energy, ref.energy) < 1e-10, `${JSON.stringify(options)} alpha ${alpha}`);
      assert.equal(g.degeneracy, ref.degeneracy);
    }
    if (alpha >= 1) {
      const g0 = sphereGroundState(data, params, { shift: 0 });
      assert.ok(g0.converged && relDiff(g0.energy, ref.energy) < 1e-10 && g0.shift === 0);
    }
  }
});

Deno.test("degenerate minima: two identical columns make every minimum with w_0 ≠ w_1 come in pairs", () => {
  const n = 10, alpha = 1.5;
  const base = teacherStudentData({ n, alpha, sigma2: 0.1, seed: 7, precision: "float64" });
  const X = Float64Array.from(base.X);
  for (let mu = 0; mu < base.samples; mu++) X[mu * n + 1] = X[mu * n];
  const data: SyntheticData = { ...base, X };
  const params = { alpha, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
  const e = exactGroundState(data, params);
  const g = sphereGroundState(data, params);
  assert.ok(relDiff(g.energy, e.energy) < 1e-10);
  assert.equal(g.degeneracy, e.degeneracy);
  assert.equal(g.degeneracy! % 2 === 0, g.weights[0] !== g.weights[1]);
});

Deno.test("a node budget stop is reported: converged false, an upper bound, nodes within the budget", () => {
  const alpha = 1, n = 40;
  const params = { alpha, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) };
  const full = sphereGroundStateSeedTask({ params, n, seed: 2 });
  assert.ok(full.converged && full.nodes > 200);
  const cut = sphereGroundStateSeedTask({ params, n, seed: 2, options: { maxNodes: 50 } });
  assert.equal(cut.converged, false);
  assert.equal(cut.bound, "upper");
  assert.equal(cut.budgetExceeded, true);
  assert.equal(cut.degeneracy, null);
  assert.ok(cut.nodes <= 50);
  assert.ok(cut.energy >= full.energy - 1e-12, `${cut.energy} < ${full.energy}`);
  assert.ok(Number.isFinite(cut.trainError) && cut.weights.length === n);
});

Deno.test("sphere decoding input validation names the parameter", () => {
  const data = teacherStudentData({ n: 6, alpha: 1, seed: 1, precision: "float64" });
  const params = { alpha: 1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ maxNodes: 0 }, /^maxNodes: expected an integer in \[1, /],
    [{ maxNodes: 1.5 }, /^maxNodes/],
    [{ tieTolerance: -1 }, /^tieTolerance: expected a number in \[0, 1e-6\], got -1/],
    [{ shift: -0.1 }, /^shift: expected a number in \[0, 1e6\], got -0.1/],
    [{ shift: NaN }, /^shift/],
    [{ order: "random" }, /^order: expected "vblast" or "natural"/],
  ];
  for (const [o, re] of bad) {
    assert.throws(() => sphereGroundState(data, params, o), (e: Error) => {
      return e instanceof RangeError && re.test(e.message);
    }, JSON.stringify(o));
  }
  assert.throws(() => sphereGroundState(data, params, { maxNode: 5 } as never), TypeError);
  assert.throws(() => sphereGroundState(data, { ...params, beta: 2 }), /^RangeError: beta/);
  assert.throws(() => sphereGroundState(data, { alpha: 1, quantizer: continuous() }), TypeError);
  assert.throws(() => sphereGroundState(data, { ...params, alpha: 2 }), RangeError);
});
