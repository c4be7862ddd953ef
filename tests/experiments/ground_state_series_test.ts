// Ground-state series: the 1/N extrapolation (exact lines, its error bars against their
// two-point closed form and against the scatter of refits), per-size statistics against
// direct runs, a known limit, and input validation before any work.
import assert from "node:assert/strict";
import {
  extrapolateInverseN,
  fitFiniteSize,
  groundStateSeries,
  rsGroundStateRow,
} from "../../lib/experiments/ground_state_series.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { exactGroundState } from "../../lib/algorithms/ground_state_enumerate.ts";
import { seedInstance } from "../../lib/algorithms/synthetic.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import { levelsTeacher } from "../../lib/model/teacher.ts";
import { createRng } from "../../lib/numerics/rng.ts";

Deno.test("1/N extrapolation recovers a known line, weighted or not", () => {
  const line = (n: number) => 0.42 + 3.1 / n;
  const sizes = [8, 12, 16, 24];
  const w = extrapolateInverseN(
    sizes.map((n, j) => ({ n, mean: line(n), stderr: 0.01 * (j + 1) })),
  )!;
  assert.equal(w.weighting, "weighted");
  assert.ok(Math.abs(w.value - 0.42) < 1e-12 && Math.abs(w.slope - 3.1) < 1e-10);
  assert.ok(w.chi2PerDof !== null && w.chi2PerDof < 1e-20);
  const u = extrapolateInverseN(sizes.map((n) => ({ n, mean: line(n), stderr: 0 })))!;
  assert.equal(u.weighting, "unweighted");
  assert.ok(Math.abs(u.value - 0.42) < 1e-12 && u.stderr! < 1e-10);
  assert.equal(extrapolateInverseN([{ n: 8, mean: 1, stderr: 0.1 }]), null);
  assert.equal(
    extrapolateInverseN([{ n: 8, mean: 1, stderr: 0.1 }, { n: 8, mean: 2, stderr: 0.1 }]),
    null,
  );
});

Deno.test("finite-size fits: the 1/N model equals the straight-line fit; χ² averages its degrees of freedom", () => {
  const rng = createRng(11);
  const sizes = [10, 14, 20, 28, 40, 56], s = [0.05, 0.04, 0.03, 0.03, 0.02, 0.02];
  let chi2Lin = 0, chi2Quad = 0, chi2Pow = 0;
  const reps = 2000;
  for (let r = 0; r < reps; r++) {
    // truth with a 1/N² term: the line is biased, the quadratic model is not
    const pts = sizes.map((n, j) => ({
      n,
      mean: 0.1 + 0.8 / n + 4 / n ** 2 + s[j] * rng.normal(),
      stderr: s[j],
    }));
    const lin = fitFiniteSize(pts, [1])!, ref = extrapolateInverseN(pts)!;
    assert.ok(
      Math.abs(lin.value - ref.value) < 1e-12 && Math.abs(lin.stderr! - ref.stderr!) < 1e-12,
    );
    assert.equal(lin.dof, 4);
    chi2Lin += lin.chi2! / reps;
    chi2Quad += fitFiniteSize(pts, [1, 2])!.chi2! / reps;
    chi2Pow += fitFiniteSize(pts, [2 / 3])!.chi2! / reps;
  }
  // the quadratic model is the truth: E χ² = dof = 3 (sd of the mean over 2000 reps ~0.05)
  assert.ok(Math.abs(chi2Quad - 3) < 0.25, `${chi2Quad}`);
  assert.ok(chi2Lin > 3.2 && chi2Pow > chi2Lin, `${chi2Lin} ${chi2Pow}`);
  assert.equal(
    fitFiniteSize([{ n: 10, mean: 1, stderr: 0.1 }, { n: 20, mean: 1, stderr: 0.1 }], [1, 2]),
    null,
  );
  assert.throws(() => fitFiniteSize([], []), /exponents/);
});

Deno.test("two-point extrapolation error equals the closed form of the intercept of a line", () => {
  // through two points the intercept is (x2·y1 − x1·y2)/(x2 − x1), with variance
  // (x2²·s1² + x1²·s2²)/(x2 − x1)²
  const n1 = 10, n2 = 30, s1 = 0.05, s2 = 0.02;
  const f = extrapolateInverseN([{ n: n1, mean: 0.7, stderr: s1 }, {
    n: n2,
    mean: 0.6,
    stderr: s2,
  }])!;
  const x1 = 1 / n1, x2 = 1 / n2;
  assert.ok(Math.abs(f.value - (x2 * 0.7 - x1 * 0.6) / (x2 - x1)) < 1e-12);
  const se = Math.sqrt((x2 * x2 * s1 * s1 + x1 * x1 * s2 * s2) / (x2 - x1) ** 2);
  assert.ok(Math.abs(f.stderr! - se) < 1e-12 * se);
});

Deno.test("the extrapolation's standard error matches the scatter of refits of noisy lines", () => {
  const rng = createRng(3);
  const sizes = [8, 12, 16, 20, 28], s = [0.04, 0.03, 0.03, 0.02, 0.02];
  const values: number[] = [];
  let predicted = 0;
  const reps = 4000;
  for (let r = 0; r < reps; r++) {
    const f = extrapolateInverseN(
      sizes.map((n, j) => ({ n, mean: 0.3 - 1.5 / n + s[j] * rng.normal(), stderr: s[j] })),
    )!;
    values.push(f.value);
    predicted = f.stderr!;
  }
  const mean = values.reduce((a, b) => a + b) / reps;
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (reps - 1));
  // sd of a sample sd over 4000 draws is ~1.1%: 5% is > 4 sigma
  assert.ok(Math.abs(sd / predicted - 1) < 0.05, `${sd} vs ${predicted}`);
  assert.ok(Math.abs(mean - 0.3) < 4 * predicted / Math.sqrt(reps));
});

Deno.test("series statistics equal direct runs; the teacher on the level set is recovered at every N", async () => {
  const params = { alpha: 1.5, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
  const s = await groundStateSeries(params, { sizes: [6, 9], seeds: [1, 2, 3, 4], workers: 2 });
  assert.deepEqual(s.points.map((p) => p.n), [6, 9]);
  for (const p of s.points) {
    const direct = [1, 2, 3, 4].map((seed) =>
      exactGroundState(seedInstance({ ...params, beta: Infinity }, p.n, seed, "float64"), params)
    );
    const mean = direct.reduce((a, g) => a + g.genError, 0) / 4;
    const sd = Math.sqrt(direct.reduce((a, g) => a + (g.genError - mean) ** 2, 0) / 3);
    assert.ok(Math.abs(p.mean.genError! - mean) < 1e-14);
    assert.ok(Math.abs(p.stderr.genError! - sd / 2) < 1e-14);
    assert.deepEqual(p.runs.map((r) => r.energy), direct.map((g) => g.energy));
    assert.equal(p.converged, 4);
  }
  assert.ok(s.extrapolation.trainError !== null && s.rs.reason === null && s.rs.converged);
  // sigma2 = 0, teacher on {±1}, alpha = 3: w* = w0 at every N, so every mean is exact
  const q = levelSet([-1, 1]), teacher = levelsTeacher([-1, 1]);
  const t = await groundStateSeries({ alpha: 3, quantizer: q, teacher }, {
    sizes: [8, 10, 12],
    seeds: [1, 2],
    workers: 1,
  });
  for (const p of t.points) {
    assert.equal(p.mean.m, 1);
    assert.equal(p.mean.genError, 0);
  }
  assert.equal(t.extrapolation.m!.value, 1);
  assert.equal(t.extrapolation.m!.weighting, "unweighted");
});

Deno.test("sphere-decoding series (the default) equals the enumeration series; a budget stop is counted", async () => {
  for (const [bits, alpha, sizes] of [[1, 0.5, [10, 14]], [2, 1, [6, 8]]] as const) {
    const params = { alpha, sigma2: 0.1, quantizer: uniformQuantizer({ bits, width: 1 }) };
    const seeds = [1, 2, 3];
    const s = await groundStateSeries(params, { sizes: [...sizes], seeds, workers: 2 });
    const e = await groundStateSeries(params, {
      sizes: [...sizes],
      seeds,
      method: "enumerate",
      workers: 1,
    });
    assert.equal(s.method, "sphere");
    for (const [j, p] of s.points.entries()) {
      assert.equal(p.converged, seeds.length);
      for (const [k, r] of p.runs.entries()) {
        const ref = e.points[j].runs[k].energy;
        assert.ok(Math.abs(r.energy - ref) <= 1e-10 * Math.abs(ref), `${bits} bits N ${p.n}`);
        assert.equal(r.method, "sphere");
      }
    }
  }
  const params = { alpha: 1, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) };
  const cut = await groundStateSeries(params, {
    sizes: [30],
    seeds: [1, 2],
    sphere: { maxNodes: 20 },
    workers: 1,
  });
  assert.equal(cut.points[0].converged, 0);
  assert.ok(cut.points[0].runs.every((r) => r.bound === "upper"));
});

Deno.test("annealing series runs in workers; bad input is refused before any work", async () => {
  const params = { alpha: 2, quantizer: uniformQuantizer({ bits: 2, width: 1 }) };
  const s = await groundStateSeries(params, {
    sizes: [20, 40],
    seeds: [1, 2],
    method: "anneal",
    anneal: { restarts: 2, sweeps: 30 },
    workers: 2,
  });
  assert.equal(s.method, "anneal");
  assert.ok(s.points.every((p) => p.runs.every((r) => r.bound === "upper")));
  await assert.rejects(
    () => groundStateSeries(params, { sizes: [10, 20], seeds: [1], method: "enumerate" }),
    /n: exact enumeration of K\^N = 4\^20/,
  );
  await assert.rejects(
    () => groundStateSeries(params, { sizes: [10, 3000], seeds: [1] }),
    /sizes: sphere decoding accepts N in \[1, 2000\], got 3000/,
  );
  await assert.rejects(
    () => groundStateSeries(params, { sizes: [10], seeds: [1], sphere: { maxNodes: -1 } }),
    /maxNodes: expected an integer/,
  );
  await assert.rejects(
    () =>
      groundStateSeries(params, {
        sizes: [10],
        seeds: [1],
        method: "anneal",
        anneal: { sweeps: 0 },
      }),
    /sweeps: expected an integer in \[1, 100000\], got 0/,
  );
  await assert.rejects(() => groundStateSeries(params, { sizes: [10, 10], seeds: [1] }), /sizes/);
  await assert.rejects(() => groundStateSeries(params, { sizes: [10], seeds: [-1] }), /seeds/);
  await assert.rejects(
    () => groundStateSeries({ ...params, beta: 4 }, { sizes: [10], seeds: [1] }),
    /beta/,
  );
  await assert.rejects(
    () => groundStateSeries(params, { sizes: [10], seeds: [1], method: "sa" as never }),
    /method/,
  );
});

Deno.test("the RS row says why the solver refused, and does not swallow other errors", () => {
  const quantizer = uniformQuantizer({ bits: 2, width: 1.5 });
  // the row is the solver's own answer
  const ok = rsGroundStateRow({ alpha: 3, sigma2: 0.1, quantizer });
  const direct = solveZeroTemperature({ alpha: 3, sigma2: 0.1, quantizer });
  assert.equal(ok.reason, null);
  assert.equal(ok.trainError, direct.trainError);
  assert.equal(ok.phase, direct.phase);
  // a RangeError of the solver becomes a failed row naming the parameter and its value
  const bad = rsGroundStateRow({ alpha: 3, sigma2: -1, quantizer });
  assert.equal(bad.phase, "failed");
  assert.equal(bad.converged, false);
  assert.equal(bad.trainError, null);
  assert.match(bad.reason!, /^RS ground state: sigma2: .*-1/);
  // anything else propagates
  assert.throws(() => rsGroundStateRow(null as never), TypeError);
});
