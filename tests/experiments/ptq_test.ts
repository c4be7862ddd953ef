// Post-training quantization: theory against finite-N ridge + rounding over several seeds,
// the continuous channel against closed forms, and the comparison with learning in the
// quantized space (checked against an independent self-consistency of the ground state).
import assert from "node:assert/strict";
import { createRng } from "../../lib/numerics/rng.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { levelsTeacher } from "../../lib/model/teacher.ts";
import type { ExperimentParams } from "../../lib/experiments/params.ts";
import { ptqSimulation, ptqTheory } from "../../lib/experiments/ptq.ts";
import { roundingError } from "../../lib/experiments/gaussian_rounding.ts";
import { ridgeEstimate } from "../../lib/experiments/ridge.ts";
import { teacherStudentData } from "../../lib/algorithms/synthetic.ts";
import { quantize } from "../../lib/quantizers/quantize.ts";

const point = (alpha: number, lambda: number, bits: number, width: number): ExperimentParams => ({
  alpha,
  beta: Infinity,
  sigma2: 0.1,
  lambda,
  quantizer: { quantizer: "uniform", bits, width },
});

for (const [alpha, lambda, bits, width] of [[3, 0, 2, 1.5], [2, 0.1, 1, 0.8], [0.6, 0.2, 3, 2.1]]) {
  Deno.test(`PTQ theory vs finite N (N = 300, 8 seeds): alpha ${alpha}, lambda ${lambda}, ${bits} bits`, () => {
    const p = point(alpha, lambda, bits, width);
    const t = ptqTheory(p, { optimiseWidth: false });
    const seeds = 8;
    const ptq: number[] = [], cont: number[] = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const s = ptqSimulation(p, { n: 300, seed });
      ptq.push(s.ptqError);
      cont.push(s.continuousError);
    }
    // Per-instance errors fluctuate by O(1/sqrt(N)) around their typical value, so the seed
    // mean has standard error sd/sqrt(seeds); the finite-N bias of ridge/least squares is
    // O(1/N) relative (e.g. sigma2·N/(M − N − 1) vs sigma2/(alpha − 1)), well below that.
    // 4 standard errors: a false failure has probability < 1e-3 (t-distribution, 7 dof).
    for (
      const [name, xs, theory] of [["PTQ", ptq, t.ptqError], [
        "ridge",
        cont,
        t.continuous.error,
      ]] as const
    ) {
      const mean = xs.reduce((a, b) => a + b, 0) / seeds;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (seeds - 1));
      const se = sd / Math.sqrt(seeds);
      assert.ok(
        Math.abs(mean - theory) < 4 * se + 2 / 300,
        `${name}: theory ${theory}, finite N ${mean} ± ${se}`,
      );
    }
  });
}

Deno.test("the continuous channel: least squares, min-norm and ridge closed forms", () => {
  // least squares, alpha > 1: R = sigma2·alpha/(alpha − 1), gain 1, Delta = R/alpha
  const a = ptqTheory(point(3, 0, 2, 1), { optimiseWidth: false });
  assert.ok(Math.abs(a.continuous.error - 0.1 * 3 / 2) < 1e-12);
  assert.ok(Math.abs(a.continuous.gain - 1) < 1e-12 && Math.abs(a.continuous.delta - 0.05) < 1e-12);
  // minimum norm, alpha < 1: R − sigma2 = (1 − alpha)·rho + sigma2·alpha/(1 − alpha)
  // (docs/theory.md §5 check 1), gain alpha
  const b = ptqTheory(point(0.5, 0, 2, 1), { optimiseWidth: false });
  assert.equal(b.continuous.phase, "interpolating");
  assert.ok(Math.abs(b.continuous.error - 0.1 - (0.5 + 0.1 * 0.5 / 0.5)) < 1e-12);
  assert.ok(Math.abs(b.continuous.gain - 0.5) < 1e-12);
});

Deno.test("ridge: primal (M >= N) and dual (M < N) forms solve the normal equations", () => {
  const rng = createRng(3);
  for (const [m, n, lambda] of [[40, 25, 0], [20, 35, 0.3], [20, 35, 0]]) {
    const X = new Float64Array(m * n);
    rng.fillNormal(X);
    const y = new Float64Array(m);
    rng.fillNormal(y);
    const w = ridgeEstimate(X, y, n, lambda);
    // gradient of ½|y − Xw|² + ½λ|w|²: Xᵀ(Xw − y) + λw = 0
    const res = new Float64Array(m);
    for (let mu = 0; mu < m; mu++) {
      let s = -y[mu];
      for (let i = 0; i < n; i++) s += X[mu * n + i] * w[i];
      res[mu] = s;
    }
    let g = 0;
    for (let i = 0; i < n; i++) {
      let s = lambda * w[i];
      for (let mu = 0; mu < m; mu++) s += X[mu * n + i] * res[mu];
      g = Math.max(g, Math.abs(s));
    }
    assert.ok(g < 1e-9, `gradient ${g}`);
    if (m < n && lambda === 0) assert.ok(Math.max(...res.map(Math.abs)) < 1e-9, "interpolates");
  }
});

Deno.test("quantized ground state: R = E[(w0 − Q(r))²] + sigma2 with Delta = R/alpha (independent)", () => {
  for (const [alpha, bits, width] of [[2, 1, 0.7], [3, 2, 1.4], [2, 3, 1.9]]) {
    const q = uniformQuantizer({ bits, width });
    const s = solveZeroTemperature({ alpha, sigma2: 0.1, quantizer: q });
    assert.equal(s.phase, "ground-state");
    const self = roundingError(q, { delta: s.R / alpha }) + 0.1;
    assert.ok(Math.abs(self - s.R) < 1e-9, `${self} vs ${s.R}`);
  }
});

Deno.test("finding: Gaussian teacher, PTQ beats the quantized ground state (ERM over L)", () => {
  // The quantized ground state rounds a channel of noise Delta_q = R_q/alpha, the ridge one of
  // Delta_c = R_c/alpha < Delta_q: its own rounding error feeds back into its noise. We found
  // PTQ lower at every point we tried; the Gibbs posterior mean (not in L) is lower still.
  for (const [alpha, bits, width] of [[1.5, 2, 1.3], [2, 1, 0.75], [2, 2, 1.4], [3, 3, 2]]) {
    const t = ptqTheory(point(alpha, 0, bits, width), { optimiseWidth: false });
    assert.ok(t.quantized.converged && t.quantized.valid);
    assert.ok(
      t.ptqError < t.quantized.genError,
      `alpha ${alpha}: ${t.ptqError} vs ${t.quantized.genError}`,
    );
  }
  const f = ptqTheory({ ...point(2, 0.1, 2, 1.4), beta: 10 }, { optimiseWidth: false });
  assert.ok(f.quantized.meanError < f.ptqError && f.ptqError < f.quantized.genError);
});

Deno.test("teacher on the level set: learning in the quantized space beats PTQ", () => {
  for (const [alpha, bits] of [[0.8, 1], [1.5, 1], [1.5, 2], [3, 2]]) {
    const q = uniformQuantizer({ bits, width: 1 });
    const p: ExperimentParams = {
      alpha,
      beta: Infinity,
      sigma2: 0.1,
      quantizer: q,
      teacher: levelsTeacher(q.levels),
    };
    const t = ptqTheory(p, { optimiseWidth: false });
    assert.ok(t.quantized.valid && t.quantized.converged);
    assert.ok(t.quantized.genError <= t.ptqError, `alpha ${alpha}, ${bits} bits`);
  }
});

Deno.test("optimised widths: the best PTQ width beats the given one, and ±1 %", () => {
  const p = point(2, 0, 2, 1);
  const t = ptqTheory(p);
  assert.ok(t.converged && t.ptqBestError! <= t.ptqError);
  const c = t.continuous;
  for (const f of [0.99, 1.01]) {
    const e = roundingError(uniformQuantizer({ bits: 2, width: t.ptqBestWidth! * f }), {
      delta: c.delta,
      gain: c.gain,
    }) + 0.1;
    assert.ok(e > t.ptqBestError!);
  }
  assert.ok(t.quantizedBestError! <= t.quantized.genError);
});

Deno.test("bad inputs", () => {
  assert.throws(
    () => ptqTheory({ ...point(2, 0, 2, 1), quantizer: { quantizer: "continuous" } }),
    /quantizer: PTQ needs a level set/,
  );
  assert.throws(
    () => ptqSimulation(point(2, 0, 2, 1), { n: 0, seed: 1 }),
    /n: expected an integer >= 1/,
  );
  assert.throws(
    () => ptqSimulation(point(-1, 0, 2, 1), { seed: 1 }),
    /alpha: expected a finite number > 0/,
  );
});

Deno.test("ptqSimulation: the instance solved once is reused across level sets, with the values of a fresh solve", () => {
  // the same instance (N, alpha, sigma2, lambda, seed) rounded at two bit depths: the ridge
  // estimate is computed independently here and rounded by hand
  const n = 120, seed = 5;
  const data = teacherStudentData({ n, alpha: 2, sigma2: 0.1, seed, precision: "float64" });
  const w = ridgeEstimate(data.X, data.y, n, 0.1);
  for (const bits of [1, 2, 3, 1]) {
    const s = ptqSimulation(point(2, 0.1, bits, 1.2), { n, seed });
    const q = uniformQuantizer({ bits, width: 1.2 });
    let ec = 0, eq = 0;
    for (let i = 0; i < n; i++) {
      ec += (data.w0[i] - w[i]) ** 2;
      eq += (data.w0[i] - quantize(q, [w[i]])[0]) ** 2;
    }
    assert.ok(Math.abs(s.continuousError - (ec / n + 0.1)) <= 1e-12);
    assert.ok(Math.abs(s.ptqError - (eq / n + 0.1)) <= 1e-12);
  }
});
