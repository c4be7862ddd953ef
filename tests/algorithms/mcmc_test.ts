// Monte Carlo: the heat-bath draw, exact enumeration as ground truth, agreement with RS in the
// stable phase, determinism and input validation.
import assert from "node:assert/strict";
import {
  ampSeedTask,
  exactGibbs,
  gelmanRubin,
  levelSampler,
  McmcSampler,
  mcmcSeedTask,
  runAmpSeeds,
  runMcmc,
  runMcmcSeeds,
  runSeedBatch,
  SEED_FIELDS,
  teacherStudentData,
} from "../../lib/algorithms/mod.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { createRng } from "../../lib/numerics/rng.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { resolveModel } from "../../lib/model/params.ts";
import type { ModelParams } from "../../lib/model/params.ts";

Deno.test("heat-bath draw matches the conditional distribution (short and windowed level sets)", () => {
  const rng = createRng(1);
  const sets = [
    levelSet([-1.5, -0.5, 0.5, 1.5], { pi: [1, 2, 3, 4] }), // full scan (K <= 16)
    uniformQuantizer({ bits: 5, width: 1 }), // windowed (K = 32)
    levelSet(Array.from({ length: 40 }, (_, k) => (k - 20) / 10 + ((k * 7) % 3) / 100), {
      pi: Array.from({ length: 40 }, (_, k) => 1 + (k % 5)),
    }),
  ];
  for (const q of sets) {
    if (q.kind !== "levels") throw new Error();
    for (const [A, B] of [[3, 1.2], [40, -10], [0.5, 0.1]]) {
      // exact probabilities, computed directly
      const lw = Array.from(q.levels, (l, k) => q.logPi[k] + B * l - 0.5 * A * l * l);
      const top = Math.max(...lw);
      const w = lw.map((v) => Math.exp(v - top));
      const Z = w.reduce((a, b) => a + b);
      const p = w.map((v) => v / Z);
      const draws = 20000;
      const counts = new Map<number, number>();
      const s = levelSampler(q);
      for (let t = 0; t < draws; t++) {
        const l = s.draw(A, B, rng.uniform(), 0);
        counts.set(l, (counts.get(l) ?? 0) + 1);
      }
      q.levels.forEach((l, k) => {
        const count = counts.get(l) ?? 0, expected = draws * p[k];
        // binomial: 5 sd, plus 3 counts for the rare levels where the normal law is poor
        const sd = Math.sqrt(expected * (1 - p[k]));
        assert.ok(
          Math.abs(count - expected) < 5 * sd + 3,
          `K=${q.levels.length} A=${A} B=${B} level ${l}: ${count} draws vs ${expected} expected`,
        );
      });
    }
  }
  // continuous, prior N(0, 2): w ~ N(B/(A + 1/2), 1/(A + 1/2))
  const c = levelSampler(continuous({ priorVariance: 2 }));
  let s1 = 0, s2 = 0;
  const draws = 20000;
  for (let t = 0; t < draws; t++) {
    const x = c.draw(1.5, 1, 0, rng.normal());
    s1 += x;
    s2 += x * x;
  }
  const mean = s1 / draws, v = s2 / draws - mean * mean;
  assert.ok(Math.abs(mean - 0.5) < 5 * Math.sqrt(0.5 / draws));
  assert.ok(Math.abs(v - 0.5) < 5 * 0.5 * Math.sqrt(2 / draws));
});

Deno.test("exact enumeration equals a brute-force sum written out independently", () => {
  const q = levelSet([-1, 0.2, 1.3], { pi: [1, 2, 1] });
  const params = { alpha: 2, beta: 1.7, sigma2: 0.3, lambda: 0.4, quantizer: q };
  const d = teacherStudentData({ n: 3, alpha: 2, sigma2: 0.3, seed: 4, precision: "float64" });
  const g = exactGibbs(d, params);
  const L = [-1, 0.2, 1.3], pi = [0.25, 0.5, 0.25];
  let Z = 0, E = 0, m = 0, Q = 0;
  const mean = [0, 0, 0];
  for (const a of [0, 1, 2]) {
    for (const b of [0, 1, 2]) {
      for (const c of [0, 1, 2]) {
        const w = [L[a], L[b], L[c]];
        let H = 0.5 * 0.4 * (w[0] ** 2 + w[1] ** 2 + w[2] ** 2);
        for (let mu = 0; mu < 6; mu++) {
          const r = d.y[mu] -
            (d.X[mu * 3] * w[0] + d.X[mu * 3 + 1] * w[1] + d.X[mu * 3 + 2] * w[2]);
          H += 0.5 * r * r;
        }
        const p = pi[a] * pi[b] * pi[c] * Math.exp(-1.7 * H);
        Z += p;
        E += p * H;
        m += p * (d.w0[0] * w[0] + d.w0[1] * w[1] + d.w0[2] * w[2]);
        Q += p * (w[0] ** 2 + w[1] ** 2 + w[2] ** 2);
        for (let i = 0; i < 3; i++) mean[i] += p * w[i];
      }
    }
  }
  assert.equal(g.configurations, 27);
  assert.ok(Math.abs(g.logZ - Math.log(Z)) < 1e-12);
  assert.ok(Math.abs(g.energy - E / Z / 3) < 1e-12);
  assert.ok(Math.abs(g.m - m / Z / 3) < 1e-12);
  assert.ok(Math.abs(g.Q - Q / Z / 3) < 1e-12);
  assert.ok(Math.abs(g.q - mean.reduce((a, v) => a + (v / Z) ** 2, 0) / 3) < 1e-12);
});

function closeToExact(
  label: string,
  mc: ReturnType<typeof runMcmc>,
  ex: Record<string, number>,
): void {
  for (const f of ["energy", "m", "Q", "q", "trainError"] as const) {
    const se = mc.stderr[f]!;
    // 16 chains: the jackknife error has 15 dof; 4.1 is the two-sided 99.9% t quantile.
    // Q of a ±w level set is exactly w², with zero error: allow rounding.
    assert.ok(
      Math.abs(mc[f] - ex[f]) <= 4.1 * se + 1e-9,
      `${label} ${f}: MC ${mc[f]} ± ${se} vs exact ${ex[f]}`,
    );
  }
}

Deno.test("Monte Carlo agrees with exact enumeration on the same instance (N = 8 and 10)", () => {
  // moderate temperature, 4 levels: plain annealing
  const p1 = {
    alpha: 2,
    beta: 2,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  };
  const d1 = teacherStudentData({ n: 8, alpha: 2, sigma2: 0.1, seed: 5, precision: "float64" });
  const mc1 = runMcmc(d1, p1, { chains: 16, sweeps: 4000, traceEvery: 0 });
  closeToExact("b=2 beta=2", mc1, exactGibbs(d1, p1) as unknown as Record<string, number>);
  assert.ok(mc1.stderr.m! > 0 && mc1.stderr.m! < 0.01);
  // low temperature in the glassy region (b=1, w=1.5, alpha=0.7, beta=20): parallel tempering
  const p2 = {
    alpha: 0.7,
    beta: 20,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 1, width: 1.5 }),
  };
  const d2 = teacherStudentData({ n: 10, alpha: 0.7, sigma2: 0.1, seed: 5, precision: "float64" });
  const mc2 = runMcmc(d2, p2, { chains: 16, sweeps: 3000, replicas: 6, traceEvery: 0 });
  closeToExact(
    "b=1 beta=20 tempering",
    mc2,
    exactGibbs(d2, p2) as unknown as Record<string, number>,
  );
  assert.ok(mc2.swapRate! > 0.1);
});

Deno.test("Gaussian heat-bath for continuous weights matches the closed-form Gaussian posterior", () => {
  const n = 4, beta = 2, lambda = 0.3, s2 = 1;
  const params = {
    alpha: 2,
    beta,
    lambda,
    sigma2: 0.2,
    quantizer: continuous({ priorVariance: s2 }),
  };
  const d = teacherStudentData({ n, alpha: 2, sigma2: 0.2, seed: 3, precision: "float64" });
  // precision matrix P = beta·X^T X + (beta·lambda + 1/s2)·I, mean = P^-1 beta X^T y
  const P = Array.from({ length: n }, () => new Array(n).fill(0));
  const b = new Array(n).fill(0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      for (let mu = 0; mu < d.samples; mu++) P[i][j] += beta * d.X[mu * n + i] * d.X[mu * n + j];
    }
    P[i][i] += beta * lambda + 1 / s2;
    for (let mu = 0; mu < d.samples; mu++) b[i] += beta * d.X[mu * n + i] * d.y[mu];
  }
  // invert P by Gauss–Jordan
  const A = P.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const piv = A[c][c];
    for (let j = 0; j < 2 * n; j++) A[c][j] /= piv;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r][c];
      for (let j = 0; j < 2 * n; j++) A[r][j] -= f * A[c][j];
    }
  }
  const inv = A.map((row) => row.slice(n));
  const mean = inv.map((row) => row.reduce((s, v, j) => s + v * b[j], 0));
  const m = mean.reduce((s, v, i) => s + v * d.w0[i], 0) / n;
  const q = mean.reduce((s, v) => s + v * v, 0) / n;
  const Q = q + inv.reduce((s, row, i) => s + row[i], 0) / n;
  const mc = runMcmc(d, params, { chains: 16, sweeps: 4000, traceEvery: 0 });
  // the posterior-mean error |w0 − mean|²/N + sigma2, computed from the closed-form mean
  const meanError = mean.reduce((s, v, i) => s + (v - d.w0[i]) ** 2, 0) / n + 0.2;
  for (const [f, exact] of [["m", m], ["q", q], ["Q", Q], ["meanError", meanError]] as const) {
    assert.ok(
      Math.abs(mc[f] - exact) < 4.1 * mc.stderr[f]!,
      `${f}: ${mc[f]} ± ${mc.stderr[f]} vs ${exact}`,
    );
  }
});

Deno.test({
  name:
    "Monte Carlo at N = 400 over 6 seeds agrees with RS in the stable phase, and with AMP per instance",
  sanitizeResources: false,
  fn: async () => {
    const params: ModelParams = {
      alpha: 2,
      beta: 5,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
    };
    const n = 400, seeds = [11, 12, 13, 14, 15, 16];
    const theory = solveRs(params);
    assert.ok(theory.at < 1);
    const s = await runMcmcSeeds(params, {
      n,
      seeds,
      workers: 2,
      sweeps: 150,
      chains: 4,
      traceEvery: 0,
    });
    assert.ok(s.runs.every((r) => r.converged), "chains agree (R-hat < 1.1)");
    for (const f of SEED_FIELDS) {
      const mean = s.mean[f]!, se = s.stderr[f]!;
      // as for AMP: t with 5 dof (99%: 4.03) plus an O(1/N) finite-size allowance 5/N
      assert.ok(se < 0.05, `${f}: stderr ${se}`);
      assert.ok(
        Math.abs(mean - theory[f]) < 4 * se + 5 / n,
        `${f}: MC ${mean} ± ${se} vs RS ${theory[f]}`,
      );
    }
    // paired with AMP on the same instances (float64 X as for MC): both estimate the Gibbs
    // measure of the instance, so they differ by far less than the seed-to-seed spread
    for (const run of s.runs) {
      const amp = ampSeedTask({
        params,
        n,
        seed: run.seed,
        precision: "float64",
        options: { traceEvery: 0 },
      });
      assert.ok(amp.converged);
      for (const f of ["m", "Q", "trainError"] as const) {
        assert.ok(
          Math.abs(amp[f] - run[f]) < 0.01,
          `seed ${run.seed} ${f}: AMP ${amp[f]} MC ${run[f]}`,
        );
      }
    }
  },
});

Deno.test("same seed, same numbers", () => {
  const params = { alpha: 1.5, beta: 3, quantizer: uniformQuantizer({ bits: 2, width: 1 }) };
  const a = mcmcSeedTask({ params, n: 60, seed: 3, options: { sweeps: 30 } });
  const b = mcmcSeedTask({ params, n: 60, seed: 3, options: { sweeps: 30 } });
  assert.equal(JSON.stringify(a), JSON.stringify(b));
  const c = mcmcSeedTask({ params, n: 60, seed: 3, options: { sweeps: 30, seed: 99 } });
  assert.notEqual(a.m, c.m); // other chain seed, same instance
  assert.equal(a.rhoHat, c.rhoHat);
});

Deno.test("Gelman–Rubin: frozen disagreeing chains give Infinity, identical ones 1", () => {
  assert.equal(gelmanRubin([new Float64Array(10).fill(1), new Float64Array(10).fill(2)]), Infinity);
  assert.equal(gelmanRubin([new Float64Array(10).fill(1), new Float64Array(10).fill(1)]), 1);
  const rng = createRng(2);
  const a = new Float64Array(1000), b = new Float64Array(1000);
  rng.fillNormal(a);
  rng.fillNormal(b);
  assert.ok(Math.abs(gelmanRubin([a, b]) - 1) < 0.01);
  b.forEach((_, i) => (b[i] += 3)); // shifted chain
  assert.ok(gelmanRubin([a, b]) > 1.5);
});

Deno.test("results render in Jupyter; bad inputs are rejected naming the parameter", async () => {
  const params = { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
  const d = teacherStudentData({ n: 12, alpha: 2, seed: 1 });
  const run = runMcmc(d, params, { sweeps: 10, chains: 2 });
  assert.equal(run.chains, 2);
  assert.ok(run.stderr.q !== null); // two chains: errors from time blocks
  const display = (run as unknown as Record<symbol, () => Promise<Record<string, string>>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = await display.call(run);
  assert.match(bundle["text/plain"], /^Monte Carlo \(N=12/);
  assert.match(bundle["text/html"], /<th>stderr<\/th>/);
  assert.throws(() => runMcmc(d, params, { chains: 1 }), /chains: expected an integer >= 2, got 1/);
  assert.throws(() => runMcmc(d, params, { sweeps: 0 }), /sweeps: expected an integer >= 1, got 0/);
  assert.throws(
    () => runMcmc(d, params, { betaStart: 5 }),
    /betaStart: expected a number in \(0, beta = 2\], got 5/,
  );
  assert.throws(() => runMcmc(d, params, { replicas: 0 }), /replicas/);
  assert.throws(
    () => runMcmc(d, { ...params, beta: Infinity }),
    /beta: Monte Carlo needs a finite beta/,
  );
  assert.throws(() => runMcmc(d, { ...params, alpha: 1 }), /alpha: the data has/);
  assert.throws(
    () => exactGibbs(d, { ...params, quantizer: continuous({ priorVariance: 1 }) }),
    (e: unknown) => e instanceof TypeError && /exact enumeration needs a level set/.test(String(e)),
  );
  const big = teacherStudentData({ n: 21, alpha: 1, seed: 1 });
  assert.throws(
    () => exactGibbs(big, { ...params, alpha: 1 }),
    /n: exact enumeration of K\^N = 2\^21 configurations exceeds maxConfigurations = 1000000/,
  );
  await assert.rejects(
    () => runMcmcSeeds({ ...params, beta: Infinity }, { n: 10, seeds: [1] }),
    /beta/,
  );
});

Deno.test("heat-bath sweep: the wasm column kernels give the same bits as the TypeScript loop", () => {
  // M = 2·37 + 1 = 75 (not a multiple of 4: the tail), 2 and 5 bits (K > 16: windowed draw),
  // continuous weights with weight decay
  const data = teacherStudentData({ n: 37, alpha: 2.03, seed: 5, precision: "float64" });
  for (
    const quantizer of [
      uniformQuantizer({ bits: 2, width: 1 }),
      uniformQuantizer({ bits: 5, width: 2 }),
      continuous(),
    ]
  ) {
    const model = resolveModel({ alpha: data.alpha, beta: 4, lambda: 0.1, quantizer });
    const sampler = new McmcSampler(data, model);
    const rngA = createRng(9), rngB = createRng(9);
    const a = sampler.randomState(rngA);
    const b = sampler.randomState(rngB);
    // b's residual is a plain array, not in the sampler's wasm memory: the TypeScript path
    const plain = { w: b.w, res: Float64Array.from(b.res) };
    for (let s = 0; s < 5; s++) {
      sampler.sweep(a, 4, rngA);
      sampler.sweep(plain, 4, rngB);
    }
    assert.deepEqual(a.w, plain.w);
    assert.deepEqual(a.res, plain.res);
  }
});

Deno.test({
  name: "runSeedBatch: one worker pool, the same summaries as separate runAmpSeeds/runMcmcSeeds",
  sanitizeResources: false,
  fn: async () => {
    const params = {
      alpha: 2,
      beta: 3,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
    };
    const other = { ...params, alpha: 1.5 };
    const mc = { sweeps: 15, traceEvery: 0 };
    const batch = await runSeedBatch([
      { algorithm: "mcmc", params, n: 30, seeds: [1, 2, 3], options: mc },
      { algorithm: "amp", params: other, n: 120, seeds: [4, 5], options: { traceEvery: 0 } },
      { algorithm: "mcmc", params: other, n: 20, seeds: [6, 7], options: mc },
    ], { workers: 2 });
    const separate = [
      await runMcmcSeeds(params, { n: 30, seeds: [1, 2, 3], workers: 1, ...mc }),
      await runAmpSeeds(other, { n: 120, seeds: [4, 5], workers: 1, traceEvery: 0 }),
      await runMcmcSeeds(other, { n: 20, seeds: [6, 7], workers: 1, ...mc }),
    ];
    assert.equal(JSON.stringify(batch), JSON.stringify(separate));
    assert.deepEqual(batch.map((s) => s.algorithm), ["mcmc", "amp", "mcmc"]);
  },
});
