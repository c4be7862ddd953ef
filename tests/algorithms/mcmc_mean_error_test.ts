// Monte Carlo's posterior-mean error |w0 − <w>|²/N + sigma2 (docs/theory.md §4): the
// bias-corrected estimate from the per-site chain means, its identity with the cross-chain
// pair form, and the bound sigma2 it never goes below.
import assert from "node:assert/strict";
import { exactGibbs, runMcmc, teacherStudentData } from "../../lib/algorithms/mod.ts";
import { createMcmcAccumulator, observeChains } from "../../lib/algorithms/mcmc_accumulate.ts";
import { posteriorMeanError } from "../../lib/algorithms/mcmc_diagnostics.ts";
import { createRng } from "../../lib/numerics/rng.ts";
import { continuous } from "../../lib/quantizers/quantizer.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";

/** Feeds K chains of random states with per-chain offsets; returns the chain means. */
function fakeChains(K: number, sweeps: number, n: number, seed: number) {
  const rng = createRng(seed);
  const acc = createMcmcAccumulator(K, sweeps, n);
  const w0 = new Float64Array(n);
  rng.fillNormal(w0);
  const means = Array.from({ length: K }, () => new Float64Array(n));
  const states = Array.from({ length: K }, () => ({
    w: new Float64Array(n),
    res: new Float64Array(1),
  }));
  for (let t = 0; t < sweeps; t++) {
    for (let c = 0; c < K; c++) {
      rng.fillNormal(states[c].w);
      for (let i = 0; i < n; i++) {
        states[c].w[i] = w0[i] + 0.3 * c / K + 0.5 * states[c].w[i];
        means[c][i] += states[c].w[i] / sweeps;
      }
    }
    observeChains(acc, states, w0, 0, t);
  }
  return { acc, w0, means };
}

Deno.test("posteriorMeanError: the bias-corrected estimate is the mean over chain pairs of (w0 − w̄_c)·(w0 − w̄_d)/N", () => {
  for (const K of [2, 3, 5]) {
    const { acc, w0, means } = fakeChains(K, 40, 30, K);
    const e = posteriorMeanError(acc, w0, 0.25);
    let pairs = 0, sum = 0;
    for (let c = 0; c < K; c++) {
      for (let d = 0; d < K; d++) {
        if (c === d) continue;
        let s = 0;
        for (let i = 0; i < w0.length; i++) s += (w0[i] - means[c][i]) * (w0[i] - means[d][i]);
        sum += s / w0.length;
        pairs++;
      }
    }
    assert.ok(Math.abs(e.unclipped - (sum / pairs + 0.25)) < 1e-12, `K=${K}`);
    // the plug-in uses the pooled mean and is larger by the (positive) chain spread
    let plug = 0;
    for (let i = 0; i < w0.length; i++) {
      const wbar = means.reduce((a, m) => a + m[i], 0) / K;
      plug += (w0[i] - wbar) ** 2;
    }
    assert.ok(Math.abs(e.plugIn - (plug / w0.length + 0.25)) < 1e-12);
    assert.ok(e.plugIn > e.unclipped);
    assert.ok(e.stderr !== null && e.stderr > 0, `K=${K}: jackknife error ${e.stderr}`);
    assert.equal(e.clipped, e.unclipped < 0.25);
    assert.equal(e.value, Math.max(0.25, e.unclipped));
  }
  assert.throws(() => posteriorMeanError(createMcmcAccumulator(3, 4), [1], 0), /per-site sums/);
  assert.throws(
    () => posteriorMeanError(createMcmcAccumulator(3, 4, 2), [1], 0),
    /^RangeError: w0/,
  );
});

Deno.test("Monte Carlo's meanError agrees with exact enumeration within its error bar (N = 8, 3 seeds)", () => {
  const params = {
    alpha: 2,
    beta: 4,
    sigma2: 0.05,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  };
  for (const seed of [1, 2, 3]) {
    const d = teacherStudentData({ n: 8, alpha: 2, sigma2: 0.05, seed, precision: "float64" });
    const ex = exactGibbs(d, params);
    // 2 chains exercises the time-block jackknife; 12 chains the chain jackknife
    for (const chains of [2, 12]) {
      const mc = runMcmc(d, params, { chains, sweeps: 3000, traceEvery: 0 });
      const se = mc.stderr.meanError!;
      // a jackknife error with 9 or 11 dof: 4.8 is beyond the two-sided 99.9% t quantile
      assert.ok(
        Math.abs(mc.meanErrorUnclipped - ex.meanError) <= 4.8 * se,
        `seed ${seed}, ${chains} chains: MC ${mc.meanErrorUnclipped} ± ${se} vs exact ${ex.meanError}`,
      );
      assert.ok(mc.meanError >= params.sigma2);
    }
  }
});

Deno.test("continuous weights at small sigma2: meanError is never below sigma2 over 40 seeds", () => {
  // nearly noiseless, alpha = 3, beta = 5: the posterior mean is close to w0, the error barely
  // above sigma2, while the posterior is broad: the old rho − 2m + q + sigma2 falls below it
  const sigma2 = 1e-3;
  const params = { alpha: 3, beta: 5, sigma2, lambda: 0, quantizer: continuous() };
  let below = 0, clipped = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const d = teacherStudentData({ n: 20, alpha: 3, sigma2, seed, precision: "float64" });
    const mc = runMcmc(d, params, { chains: 3, sweeps: 40, traceEvery: 0 });
    assert.ok(mc.meanError >= sigma2, `seed ${seed}: ${mc.meanError}`);
    assert.equal(mc.meanErrorClipped, mc.meanErrorUnclipped < sigma2);
    if (mc.meanErrorClipped) {
      clipped++;
      assert.equal(mc.meanError, sigma2);
    }
    if (d.rhoHat - 2 * mc.m + mc.q + sigma2 < sigma2) below++;
  }
  assert.ok(below > 0, "the test instance should make the old estimate fail at least once");
  console.log(`old estimate below sigma2 on ${below}/40 seeds; clipped ${clipped}/40`);
});
