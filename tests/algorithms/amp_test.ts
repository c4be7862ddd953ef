// AMP against the RS theory (stable phase), its state evolution against the RS iteration,
// its behaviour in the RSB phase, determinism and input validation.
import assert from "node:assert/strict";
import {
  ampSeedTask,
  ampStateEvolution,
  runAmp,
  runAmpSeeds,
  SEED_FIELDS,
  teacherStudentData,
} from "../../lib/algorithms/mod.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { continuous } from "../../lib/quantizers/quantizer.ts";
import { levelsTeacher } from "../../lib/model/teacher.ts";
import { resolveModel } from "../../lib/model/params.ts";
import { iterateRs, priorState, rsStep, solveRs } from "../../lib/theory/rs.ts";
import type { ModelParams } from "../../lib/model/params.ts";

const q2 = uniformQuantizer({ bits: 2, width: 1 });
/** RS-stable points (AT < 1, checked below), covering bits, widths, lambda, sigma2, teachers. */
const STABLE: [string, ModelParams][] = [
  ["b=2 w=1.2 a=2 beta=5 s2=0.1", {
    alpha: 2,
    beta: 5,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  }],
  ["b=1 w=1 a=3 beta=2", { alpha: 3, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) }],
  ["b=3 w=2 a=1.5 beta=10 s2=0.05 lambda=0.1", {
    alpha: 1.5,
    beta: 10,
    sigma2: 0.05,
    lambda: 0.1,
    quantizer: uniformQuantizer({ bits: 3, width: 2 }),
  }],
  ["continuous a=0.8 beta=4 s2=0.1 lambda=0.5", {
    alpha: 0.8,
    beta: 4,
    sigma2: 0.1,
    lambda: 0.5,
    quantizer: continuous(),
  }],
  ["b=2 w=1 levels teacher a=1.2 beta=5 s2=0.2", {
    alpha: 1.2,
    beta: 5,
    sigma2: 0.2,
    quantizer: q2,
    teacher: levelsTeacher(q2.levels),
  }],
];
const N = 2000;
const SEEDS = [101, 102, 103, 104, 105, 106];

Deno.test({
  name: "AMP at N = 2000 over 6 seeds agrees with RS in the stable phase (5 points)",
  sanitizeResources: false,
  fn: async () => {
    for (const [label, params] of STABLE) {
      const theory = solveRs(params);
      assert.ok(
        theory.converged && theory.at < 1,
        `${label}: must be RS-stable (AT = ${theory.at})`,
      );
      const s = await runAmpSeeds(params, { n: N, seeds: SEEDS, workers: 2 });
      assert.equal(s.averaged, SEEDS.length, `${label}: every run converges`);
      for (const f of SEED_FIELDS) {
        const mean = s.mean[f]!, se = s.stderr[f]!, th = theory[f];
        // Seeds are independent instances, so (mean − E_N[x])/stderr is Student-t with 5 dof
        // (fluctuations O(1/sqrt(N)), including the sample teacher norm rhoHat); 4 is its
        // 99% two-sided quantile. AMP's fixed point at finite N differs from N = ∞ by a bias
        // O(1/N) (Bayati–Montanari 2011): allowance 5/N = 0.0025. stderr must itself be small
        // (< 0.02) so that the check has teeth.
        assert.ok(se < 0.02, `${label} ${f}: stderr ${se}`);
        assert.ok(
          Math.abs(mean - th) < 4 * se + 5 / N,
          `${label} ${f}: AMP ${mean} ± ${se} vs RS ${th}`,
        );
      }
      // the empirical replicon at the fixed point estimates the AT quantity
      const rep = s.runs.reduce((a, r) => a + r.at, 0) / s.runs.length;
      assert.ok(Math.abs(rep - theory.at) < 0.1, `${label}: replicon ${rep} vs AT ${theory.at}`);
    }
  },
});

Deno.test("AMP's trace follows state evolution over the first iterations (undamped)", async () => {
  const params = STABLE[0][1];
  const s = await runAmpSeeds(params, {
    n: N,
    seeds: SEEDS.slice(0, 4),
    workers: 2,
    maxIterations: 6,
    adaptiveDamping: false,
  });
  const se = ampStateEvolution(params, { iterations: 6 });
  for (let t = 1; t <= 6; t++) {
    for (const f of ["m", "q", "V", "trainError", "Sigma"] as const) {
      const xs = s.runs.map((r) => r.trace[t][f]);
      const mean = xs.reduce((a, b) => a + b) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mean) ** 2, 0) / (xs.length - 1));
      // t-quantile with 3 dof at 99.5% is 5.8; plus the O(1/N) allowance
      assert.ok(
        Math.abs(mean - se[t][f]) < 5.8 * sd / 2 + 5 / N,
        `t=${t} ${f}: AMP ${mean} ± ${sd / 2} vs SE ${se[t][f]}`,
      );
    }
  }
});

Deno.test("state evolution is the RS iteration (rsStep / iterateRs) to 1e-12", () => {
  for (const [label, params] of STABLE) {
    const model = resolveModel(params);
    const se = ampStateEvolution(params, { iterations: 400 });
    const start = priorState(model);
    assert.equal(se[0].m, start.m);
    assert.equal(se[0].V, start.V);
    // iterateRs without damping for the first steps (it adapts its damping later on)
    for (const T of [1, 2]) {
      const it = iterateRs(model, start, { maxIterations: T, tolerance: 1e-300, damping: 0 });
      assert.ok(Math.abs(it.state.m - se[T].m) <= 1e-12, label);
      assert.ok(Math.abs(it.state.q - se[T].q) <= 1e-12, label);
      assert.ok(Math.abs(it.state.V - se[T].V) <= 1e-12 * se[T].V, label);
    }
    // every step is one rsStep; observables are the RS formulas
    const { alpha, beta, sigma2 } = model;
    const rho = model.teacher.rho;
    for (const t of [0, 1, 3, 10, 50]) {
      const next = rsStep(model, { m: se[t].m, q: se[t].q, V: se[t].V }).state;
      assert.ok(Math.abs(next.m - se[t + 1].m) <= 1e-12, `${label} t=${t}`);
      assert.ok(Math.abs(next.q - se[t + 1].q) <= 1e-12);
      assert.ok(Math.abs(next.V - se[t + 1].V) <= 1e-12);
      const { m, q, V } = se[t];
      const chi = beta * V, R = rho - 2 * m + q + sigma2;
      assert.ok(Math.abs(se[t].trainError - (V / (1 + chi) + R / (1 + chi) ** 2)) <= 1e-12);
      assert.ok(Math.abs(se[t].genError - (rho - 2 * m + q + V + sigma2)) <= 1e-12);
      assert.ok(Math.abs(se[t].Sigma - (1 / beta + V) / alpha) <= 1e-12);
      assert.ok(Math.abs(se[t].Q - (q + V)) <= 1e-12);
    }
    // its fixed point is the RS solution, its replicon the AT quantity
    const rs = solveRs(params, { tolerance: 1e-13 });
    const last = se[400];
    for (const f of ["m", "q", "Q", "trainError", "genError", "meanError"] as const) {
      assert.ok(Math.abs(last[f] - rs[f]) < 1e-9, `${label} ${f}: ${last[f]} vs ${rs[f]}`);
    }
    assert.ok(Math.abs(last.at - rs.at) < 1e-8, `${label} replicon`);
  }
});

Deno.test("RSB phase: AMP reports non-convergence, not a wrong answer", () => {
  // few bits, wide width, low temperature, alpha < 1
  const params = { alpha: 0.9, beta: 20, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) };
  const rs = solveRs(params);
  assert.ok(rs.converged && rs.at > 1, `AT = ${rs.at} must exceed 1 here`);
  for (const seed of [1, 2]) {
    const run = ampSeedTask({ params, n: N, seed, options: { maxIterations: 300 } });
    assert.equal(run.converged, false, `seed ${seed}: ${run.reason}`);
    assert.ok(["max-iterations", "unstable"].includes(run.reason));
    assert.ok(run.residual > 1e-3, `still moving: residual ${run.residual}`);
  }
  // heavy fixed damping lets the iteration settle on a fixed point, but that fixed point is
  // unstable (replicon > 1) and is reported as such
  const damped = ampSeedTask({
    params,
    n: 1000,
    seed: 1,
    options: { damping: 0.95, adaptiveDamping: false, maxIterations: 3000, traceEvery: 0 },
  });
  assert.equal(damped.reason, "unstable");
  assert.equal(damped.converged, false);
  assert.ok(damped.at > 1);
  // in the stable phase the same machinery reports a stable fixed point
  const ok = ampSeedTask({ params: STABLE[0][1], n: 1000, seed: 1, options: { traceEvery: 0 } });
  assert.equal(ok.reason, "converged");
  assert.ok(ok.at < 1);
});

Deno.test({
  name: "same seed, same numbers (also across workers and threads); backends agree",
  sanitizeResources: false,
  fn: async () => {
    const params = STABLE[2][1];
    const a = ampSeedTask({ params, n: 500, seed: 7 });
    const b = ampSeedTask({ params, n: 500, seed: 7 });
    assert.deepEqual(JSON.stringify(a), JSON.stringify(b));
    const c = ampSeedTask({ params, n: 500, seed: 8 });
    assert.notEqual(a.m, c.m);
    const s1 = await runAmpSeeds(params, { n: 500, seeds: [7, 8], workers: 1 });
    const s2 = await runAmpSeeds(params, { n: 500, seeds: [7, 8], workers: 2 });
    assert.deepEqual(JSON.stringify(s1.runs), JSON.stringify(s2.runs));
    assert.equal(s1.runs[0].m, a.m);
    // the float32 pass in one and in two threads: bit-identical runs and estimates
    const t1 = ampSeedTask({
      params,
      n: 500,
      seed: 7,
      options: { threads: 1, keepEstimates: true },
    });
    const t2 = ampSeedTask({
      params,
      n: 500,
      seed: 7,
      options: { threads: 2, keepEstimates: true },
    });
    assert.equal(t1.backend, "wasm-f32");
    assert.deepEqual(t2.estimate, t1.estimate);
    assert.equal(
      JSON.stringify({ ...t2, estimate: 0, variance: 0 }),
      JSON.stringify({ ...t1, estimate: 0, variance: 0 }),
    );
    // float64 wasm and plain js compute the same AMP
    const data = teacherStudentData({
      n: 300,
      alpha: 1.5,
      sigma2: 0.05,
      seed: 2,
      precision: "float64",
    });
    const w = runAmp(data, params, { backend: "wasm" });
    const j = runAmp(data, params, { backend: "js" });
    assert.equal(w.backend, "wasm-f64");
    assert.equal(j.backend, "js");
    assert.equal(w.iterations, j.iterations);
    assert.ok(Math.abs(w.m - j.m) < 1e-9 && Math.abs(w.trainError - j.trainError) < 1e-9);
  },
});

Deno.test("results render in Jupyter as a compact table", async () => {
  const run = ampSeedTask({ params: STABLE[1][1], n: 200, seed: 1 });
  const display = (run as unknown as Record<symbol, () => Promise<Record<string, string>>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = await display.call(run);
  assert.match(bundle["text/plain"], /^AMP \(N=200/);
  assert.match(bundle["text/html"], /<table>.*<td[^>]*>m<\/td>/s);
  assert.ok(!Object.keys(run).includes("Symbol(Jupyter.display)"));
});

Deno.test("bad inputs are rejected with errors naming the parameter", async () => {
  const params = STABLE[0][1];
  const data = teacherStudentData({ n: 50, alpha: 2, sigma2: 0.1, seed: 1 });
  assert.throws(
    () => runAmp(data, { ...params, beta: Infinity }),
    /beta: AMP needs a finite beta > 0, got Infinity/,
  );
  assert.throws(
    () => runAmp(data, { ...params, alpha: 3 }),
    /alpha: the data has M\/N = 100\/50 = 2, got alpha = 3/,
  );
  assert.throws(
    () => runAmp(data, { ...params, sigma2: 0 }),
    /sigma2: the data was generated with sigma2 = 0.1, got sigma2 = 0/,
  );
  assert.throws(
    () => runAmp(data, params, { tolerance: 0 }),
    /tolerance: expected a finite number > 0, got 0/,
  );
  assert.throws(
    () => runAmp(data, params, { maxIterations: 0 }),
    /maxIterations: expected an integer >= 1/,
  );
  assert.throws(
    () => runAmp(data, params, { damping: 1 }),
    /damping: expected a number in \[0, 1\), got 1/,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => runAmp(data, params, { backend: "gpu" as any }), /backend/);
  // deno-lint-ignore no-explicit-any
  assert.throws(() => runAmp({} as any, params), TypeError);
  assert.throws(
    () => ampStateEvolution(params, { iterations: -1 }),
    /iterations: expected an integer >= 0, got -1/,
  );
  const flat = teacherStudentData({ n: 50, alpha: 0.8, seed: 1 });
  assert.throws(() => runAmp(flat, { alpha: 0.8, beta: 1, quantizer: continuous() }), /improper/);
  await assert.rejects(
    () => runAmpSeeds(params, { n: 50, seeds: [] }),
    /seeds: expected a non-empty array/,
  );
  await assert.rejects(
    () => runAmpSeeds(params, { n: 50, seeds: [1, 1] }),
    /seeds: expected distinct seeds/,
  );
  await assert.rejects(
    () => runAmpSeeds(params, { n: 0, seeds: [1] }),
    /n: expected an integer >= 1, got 0/,
  );
});
