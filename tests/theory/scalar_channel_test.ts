// The scalar channel's Gaussian averages against closed forms and brute-force integration.
import assert from "node:assert/strict";
import { channelAverages, denoise, posteriorMoments } from "../../lib/theory/scalar_channel.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { gaussBernoulliTeacher, gaussianTeacher, levelsTeacher } from "../../lib/model/teacher.ts";
import { normalCdf, normalPdf } from "../../lib/numerics/special.ts";

/**
 * Exact interval sums for the nearest-level rule applied to r ~ N(0, s²) with w0 jointly
 * Gaussian (Cov(w0, r) = rho): E[w0·Q(r)], E[Q(r)²]. This is the mhat → ∞ limit.
 */
function roundingSums(levels: Float64Array, rho: number, delta: number): { m: number; q: number } {
  const s = Math.sqrt(rho + delta);
  let m = 0, q = 0;
  for (let k = 0; k < levels.length; k++) {
    const lo = k === 0 ? -Infinity : 0.5 * (levels[k - 1] + levels[k]);
    const hi = k === levels.length - 1 ? Infinity : 0.5 * (levels[k] + levels[k + 1]);
    const p = normalCdf(hi / s) - normalCdf(lo / s);
    // E[r·1{lo<r<hi}] = s·(φ(lo/s) − φ(hi/s)); E[w0·1] = rho/s² · that
    const er = s *
      ((lo === -Infinity ? 0 : normalPdf(lo / s)) - (hi === Infinity ? 0 : normalPdf(hi / s)));
    m += levels[k] * (rho / (s * s)) * er;
    q += levels[k] * levels[k] * p;
  }
  return { m, q };
}

Deno.test("sharp limit: channel averages equal exact interval sums for 2 to 4096 levels", () => {
  for (const bits of [1, 2, 4, 8, 12]) {
    const qz = uniformQuantizer({ bits, width: 2 });
    const gap = 4 / (2 ** bits - 1);
    // transition width tau = 1/(mhat·gap) = 1e-7·gap. The posterior mean and <w²> are
    // logistic interpolations across each threshold, odd about it, so their averages differ
    // from the step's by O(tau²) ~ 1e-14·gap²; the posterior variance integrates to
    // gap²·tau·density(t) per threshold (∫σ(1 − σ) dx = 1): a first-order term checked apart.
    const mhat = 1e7 / (gap * gap);
    const tau = 1 / (mhat * gap);
    for (const delta of [0.1, 1]) {
      const avg = channelAverages(qz, gaussianTeacher(), { mhat, quad: mhat }, delta);
      const exact = roundingSums(qz.levels, 1, delta);
      const s = Math.sqrt(1 + delta);
      let variance = 0;
      for (let k = 0; k + 1 < qz.levels.length; k++) {
        const t = 0.5 * (qz.levels[k] + qz.levels[k + 1]);
        variance += gap * gap * tau * normalPdf(t / s) / s;
      }
      assert.ok(Math.abs(avg.m - exact.m) < 1e-10, `bits=${bits}: m ${avg.m} vs ${exact.m}`);
      const Q = avg.q + avg.meanVariance;
      assert.ok(Math.abs(Q - exact.q) < 1e-10, `bits=${bits}: Q ${Q} vs ${exact.q}`);
      assert.ok(
        Math.abs(avg.meanVariance - variance) < 1e-4 * variance,
        `bits=${bits}: E[Var] ${avg.meanVariance} vs ${variance}`,
      );
    }
  }
});

/** Brute-force average over r ~ N(mu, s²) by a fine trapezoid rule on ±10 s. */
function bruteForce(
  qz: Parameters<typeof posteriorMoments>[0],
  mhat: number,
  quad: number,
  mu: number,
  s: number,
  shrink: number,
  points: number,
): { m: number; q: number; v: number; v2: number; logZ: number } {
  const lo = mu - 10 * s, hi = mu + 10 * s, h = (hi - lo) / points;
  let m = 0, q = 0, v = 0, v2 = 0, lz = 0;
  for (let i = 0; i <= points; i++) {
    const r = lo + i * h;
    const w = (i === 0 || i === points ? 0.5 : 1) * h * normalPdf((r - mu) / s) / s;
    const pm = posteriorMoments(qz, r, { mhat, quad });
    m += w * (mu + shrink * (r - mu)) * pm.mean;
    q += w * pm.mean * pm.mean;
    v += w * pm.variance;
    v2 += w * pm.variance * pm.variance;
    lz += w * pm.logZ;
  }
  return { m, q, v, v2, logZ: lz };
}

Deno.test("adaptive panels equal brute-force integration from beta = 0.1 to 1e4", () => {
  // mhat spans the smooth (posterior over many levels) to the sharp (one level) regimes;
  // the trapezoid rule uses a step below tau/20 so it resolves every step.
  const cases: [number, number, number, number][] = [
    // bits, width, mhat, lambda·beta
    [1, 1, 0.1, 0],
    [2, 1.5, 2, 0.5],
    [3, 2, 50, 0],
    [2, 1, 2e4, 0],
    [4, 2, 1e4, 100],
    [8, 3, 30, 0],
  ];
  for (const [bits, width, mhat, bl] of cases) {
    const qz = uniformQuantizer({ bits, width });
    const gap = (2 * width) / (2 ** bits - 1);
    const tau = 1 / (mhat * gap);
    const delta = 0.3;
    const s = Math.sqrt(1 + delta);
    const points = Math.min(4_000_000, Math.max(20000, Math.ceil((20 * s) / (tau / 20))));
    const ref = bruteForce(qz, mhat, mhat + bl, 0, s, 1 / (1 + delta), points);
    const avg = channelAverages(qz, gaussianTeacher(), { mhat, quad: mhat + bl }, delta);
    const tol = 1e-9;
    const label = `bits=${bits} mhat=${mhat}`;
    assert.ok(Math.abs(avg.m - ref.m) < tol, `${label}: m ${avg.m} vs ${ref.m}`);
    assert.ok(Math.abs(avg.q - ref.q) < tol, `${label}: q ${avg.q} vs ${ref.q}`);
    assert.ok(
      Math.abs(avg.meanVariance - ref.v) < tol,
      `${label}: V ${avg.meanVariance} vs ${ref.v}`,
    );
    assert.ok(
      Math.abs(avg.varianceSquared - ref.v2) < tol,
      `${label}: V² ${avg.varianceSquared} vs ${ref.v2}`,
    );
    assert.ok(
      Math.abs(avg.logZ - ref.logZ) < 1e-8 * (1 + Math.abs(ref.logZ)),
      `${label}: logZ ${avg.logZ} vs ${ref.logZ}`,
    );
  }
});

Deno.test("non-uniform levels, uneven base measure and mixture teachers against brute force", () => {
  const mu = muLawQuantizer({ bits: 5, width: 2, mu: 50 });
  const skewed = levelSet([-1, -0.2, 0.3, 1.5], { pi: [0.1, 0.5, 0.3, 0.1] });
  for (const [qz, mhat] of [[mu, 40], [skewed, 7], [skewed, 3000]] as const) {
    for (const teacher of [gaussBernoulliTeacher({ density: 0.3 }), levelsTeacher([-1, 0.5, 2])]) {
      const delta = 0.2;
      const avg = channelAverages(qz, teacher, { mhat, quad: mhat }, delta);
      let m = 0, q = 0, lz = 0;
      for (const c of teacher.components) {
        const s = Math.sqrt(c.variance + delta);
        const ref = bruteForce(qz, mhat, mhat, c.mean, s, c.variance / (s * s), 400000);
        m += c.weight * ref.m;
        q += c.weight * ref.q;
        lz += c.weight * ref.logZ;
      }
      assert.ok(Math.abs(avg.m - m) < 1e-8, `m ${avg.m} vs ${m}`);
      assert.ok(Math.abs(avg.q - q) < 1e-8, `q ${avg.q} vs ${q}`);
      assert.ok(Math.abs(avg.logZ - lz) < 1e-7, `logZ ${avg.logZ} vs ${lz}`);
    }
  }
});

Deno.test("posterior moments: binary closed form, Gaussian closed form, denoise = pointwise", () => {
  const b = levelSet([-1, 1]);
  for (const r of [-3, -0.1, 0, 0.7, 40]) {
    const pm = posteriorMoments(b, r, { mhat: 2.5, quad: 4 });
    const t = Math.tanh(2.5 * r);
    assert.ok(Math.abs(pm.mean - t) < 1e-15);
    assert.ok(Math.abs(pm.variance - (1 - t * t)) < 1e-15 * Math.max(1, 1 - t * t) + 1e-300);
    // log Z = log(½e^{−2}(e^{h} + e^{−h})) with h = 2.5 r
    const h = 2.5 * r;
    const lz = -2 + Math.abs(h) + Math.log1p(Math.exp(-2 * Math.abs(h))) - Math.log(2);
    assert.ok(Math.abs(pm.logZ - lz) < 1e-13 * (1 + Math.abs(lz)));
  }
  const g = posteriorMoments(continuous({ priorVariance: 2 }), 0.4, { mhat: 3, quad: 4 });
  assert.ok(Math.abs(g.mean - (3 * 0.4) / 4.5) < 1e-15 && Math.abs(g.variance - 1 / 4.5) < 1e-15);
  const q = uniformQuantizer({ bits: 3, width: 1 });
  const r = Float64Array.from({ length: 50 }, (_, i) => -2 + 0.08 * i);
  const a = new Float64Array(50), v = new Float64Array(50);
  denoise(q, r, { mhat: 7, quad: 8 }, a, v);
  r.forEach((x, i) => {
    const pm = posteriorMoments(q, x, { mhat: 7, quad: 8 });
    assert.equal(a[i], pm.mean);
    assert.equal(v[i], pm.variance);
  });
});

Deno.test("channelAverages rejects bad parameters by name", () => {
  const q = uniformQuantizer({ bits: 1, width: 1 });
  assert.throws(
    () => channelAverages(q, gaussianTeacher(), { mhat: 0, quad: 1 }, 1),
    /mhat: expected/,
  );
  assert.throws(
    () => channelAverages(q, gaussianTeacher(), { mhat: 1, quad: 0.5 }, 1),
    /quad: expected/,
  );
  assert.throws(
    () => channelAverages(q, gaussianTeacher(), { mhat: 1, quad: 1 }, NaN),
    /delta: expected/,
  );
});

Deno.test("denoise with shared mhat, quad equals posteriorMoments entry by entry (small and large level sets, extreme quad)", () => {
  // denoise takes a dedicated all-levels path for up to 16 levels and shared parameters;
  // posteriorMoments the windowed log-sum-exp: two computations of the same posterior
  const r = Float64Array.from({ length: 41 }, (_, i) => -3 + 0.15 * i);
  const mean = new Float64Array(r.length), variance = new Float64Array(r.length);
  const sets = [
    uniformQuantizer({ bits: 1, width: 1 }),
    uniformQuantizer({ bits: 2, width: 1.2 }),
    uniformQuantizer({ bits: 4, width: 2 }),
    uniformQuantizer({ bits: 5, width: 2 }), // 32 levels: the general path
    levelSet([-1, 0, 0.5, 2], { pi: [1, 4, 2, 1] }),
  ];
  for (const q of sets) {
    for (const [mhat, quad] of [[0.2, 0.2], [3, 3], [3, 50], [400, 400], [2, 1e31]]) {
      denoise(q, r, { mhat, quad }, mean, variance);
      for (let i = 0; i < r.length; i++) {
        const pm = posteriorMoments(q, r[i], { mhat, quad });
        const scale = q.levels[q.levels.length - 1] - q.levels[0];
        assert.ok(Math.abs(mean[i] - pm.mean) <= 1e-12 * scale, `${mhat} ${quad} ${r[i]}`);
        assert.ok(
          Math.abs(variance[i] - pm.variance) <= 1e-12 * scale * scale,
          `${mhat} ${quad} ${r[i]}: ${variance[i]} vs ${pm.variance}`,
        );
        assert.ok(variance[i] >= 0);
      }
    }
  }
});
