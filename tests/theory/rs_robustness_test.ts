// Issue 11: strict inputs, computed convergence, no NaN, and entropies that stay right at
// extreme lambda, alpha and beta (against an independent formula, a reduced model and the
// large-alpha asymptotics).
import assert from "node:assert/strict";
import { chiEntropyTerm, rsStep, solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { midtreadQuantizer, uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { gaussBernoulliTeacher, levelsTeacher } from "../../lib/model/teacher.ts";
import type { ModelParams } from "../../lib/model/params.ts";
import { normalPdf } from "../../lib/numerics/special.ts";

const q2 = uniformQuantizer({ bits: 2, width: 1.2 });

Deno.test("misspelled keys and missing arguments are TypeErrors naming the key", () => {
  const p = { alpha: 2, beta: 5, quantizer: q2 };
  assert.throws(
    () => solveRs({ ...p, lamda: 5 } as unknown as ModelParams),
    /model params: unknown key "lamda" \(did you mean "lambda"\?\); known keys: alpha, beta/,
  );
  assert.throws(
    () => solveRs(p, { tolernce: 1e-2 } as never),
    /unknown key "tolernce" \(did you mean "tolerance"\?\)/,
  );
  assert.throws(() => solveRs(p, { dampnig: 0.9 } as never), /unknown key "dampnig"/);
  assert.throws(() => solveRs(p, { acceleration: "fast" } as never), /acceleration/);
  assert.throws(
    () => solveZeroTemperature({ alpha: 2, quantizer: q2 }, { maxIter: 5 } as never),
    /solveZeroTemperature options: unknown key "maxIter"/,
  );
  assert.throws(
    () => (solveRs as unknown as () => void)(),
    (e) =>
      e instanceof TypeError &&
      /params: expected an object with alpha, beta, quantizer/.test(e.message),
  );
  assert.throws(() => solveRs({ alpha: "2", beta: 5, quantizer: q2 } as never), /alpha/);
  assert.throws(() => solveRs({ alpha: 2, beta: 5 } as never), /quantizer/);
});

/** Phi from the original (cancelling) formula, evaluated with the channel's E[log Z]. */
function cancellingFreeEntropy(s: ReturnType<typeof solveRs>): number {
  const { alpha, beta } = s.model;
  const avg = rsStep(s.model, s).averages;
  const GE = -0.5 * Math.log1p(s.chi) - (0.5 * beta * s.R) / (1 + s.chi);
  return -s.mhat * s.m + 0.5 * s.mhat * s.Q - 0.5 * s.qhat * s.V + avg.logZ + alpha * GE;
}

Deno.test("entropy via E[-KL] + alpha/2 (chi/(1+chi) - log(1+chi)) equals the direct free entropy", () => {
  // the rearrangement uses Stein's lemma at the fixed point: check it where nothing cancels
  const cases: ModelParams[] = [
    { alpha: 2, beta: 10, sigma2: 0.1, quantizer: q2 },
    { alpha: 0.5, beta: 3, lambda: 0.1, quantizer: midtreadQuantizer({ bits: 3, width: 1 }) },
    { alpha: 1.5, beta: 4, quantizer: muLawQuantizer({ bits: 3, width: 2, mu: 20 }) },
    {
      alpha: 3,
      beta: 2,
      sigma2: 0.2,
      quantizer: levelSet([-1, 0, 2], { pi: [1, 3, 2] }),
      teacher: gaussBernoulliTeacher({ density: 0.3 }),
    },
    { alpha: 1.2, beta: 6, quantizer: q2, teacher: levelsTeacher(q2.levels) },
    { alpha: 2, beta: 1, lambda: 1, quantizer: continuous() },
    { alpha: 0.7, beta: 2, lambda: 0.3, quantizer: continuous({ priorVariance: 2 }) },
  ];
  for (const p of cases) {
    const s = solveRs(p, { tolerance: 1e-13 });
    assert.ok(s.converged, JSON.stringify(p));
    const direct = cancellingFreeEntropy(s);
    assert.ok(
      Math.abs(s.freeEntropy - direct) < 1e-8 * (1 + Math.abs(direct)),
      `${s.freeEntropy} vs ${direct} at ${JSON.stringify({ ...p, quantizer: p.quantizer.kind })}`,
    );
  }
});

Deno.test("huge weight decay: the 2-bit set reduces to its two inner levels; mid-tread pins w = 0", () => {
  // with beta·lambda = 1e31 the outer levels ±1.2 carry weight exp(-5e30); the inner ±0.4 have
  // the same quadratic penalty, which cancels: the student is the binary set {±0.4} at lambda 0
  // (the Shannon entropy does not depend on the base set's size)
  const common = { alpha: 2, beta: 10, sigma2: 0.1 };
  const big = solveRs({ ...common, lambda: 1e30, quantizer: q2 });
  const reduced = solveRs({ ...common, quantizer: levelSet([-0.4, 0.4]) });
  assert.ok(big.converged && reduced.converged);
  assert.ok(Math.abs(big.m - reduced.m) < 1e-9, `${big.m} ${reduced.m}`);
  assert.ok(Math.abs(big.q - reduced.q) < 1e-9);
  assert.ok(Math.abs(big.shannonEntropy! - reduced.shannonEntropy!) < 1e-9);
  assert.ok(big.shannonEntropy! > 0 && big.shannonEntropy! < Math.log(2));
  // the base-relative entropies differ by exactly log 4 − log 2
  assert.ok(Math.abs(big.entropy - reduced.entropy + Math.log(2)) < 1e-9);

  const pinned = solveRs({
    ...common,
    lambda: 1e30,
    quantizer: midtreadQuantizer({ bits: 2, width: 1 }),
  });
  assert.ok(pinned.converged, `residual ${pinned.residual}`);
  assert.ok(Math.abs(pinned.m) < 1e-15 && Math.abs(pinned.q) < 1e-15);
  assert.ok(Math.abs(pinned.shannonEntropy!) < 1e-12, `${pinned.shannonEntropy}`);
  assert.ok(Number.isFinite(pinned.freeEntropy));
});

Deno.test("large alpha: alpha·S -> (pi²/3)·Σφ(t)/(beta·gap) − ¼(Σφ(t)·gap)², and alpha·chi -> Σφ(t)·gap", () => {
  // Sharp posterior: near each threshold t the posterior is two-level with log-odds
  // mhat·gap·(r − t) and mhat -> alpha·beta, so E[H] ≈ Σ φ(t)·(π²/3)/(mhat·gap) (∫H(σ(x))dx =
  // π²/3), V ≈ Σ φ(t)·gap/mhat, and the alpha term ½·alpha·(chi/(1+chi) − log(1+chi)) ≈ −¼·alpha·chi².
  // Both are O(1/alpha): the direct formula used to lose them to rounding (negative S at 1e11).
  const beta = 10, gap = 0.8;
  const phi = normalPdf(-0.8) + normalPdf(0) + normalPdf(0.8);
  const limitS = (Math.PI ** 2 / 3) * phi / (beta * gap) - 0.25 * (phi * gap) ** 2;
  for (const [alpha, tol] of [[1e7, 1e-3], [1e9, 1e-3], [1e11, 1e-2]]) {
    const s = solveRs({ alpha, beta, quantizer: q2 });
    assert.ok(s.converged);
    assert.ok(s.shannonEntropy! > 0, `alpha ${alpha}: S = ${s.shannonEntropy}`);
    assert.ok(
      Math.abs((alpha * s.shannonEntropy!) / limitS - 1) < tol,
      `${alpha * s.shannonEntropy!} vs ${limitS}`,
    );
    assert.ok(Math.abs((alpha * s.chi) / (phi * gap) - 1) < tol);
  }
});

Deno.test("chiEntropyTerm: series and direct branches agree with high-precision values", () => {
  // x/(1+x) − log1p(x) at x = 0.01 and 1e-4 (mpmath, 30 digits)
  assert.ok(Math.abs(chiEntropyTerm(0.01) / -4.93407541581818581e-5 - 1) < 1e-13);
  assert.ok(Math.abs(chiEntropyTerm(1e-4) / -4.99933340832533417e-9 - 1) < 1e-13);
  assert.ok(Math.abs(chiEntropyTerm(0.0099999) - chiEntropyTerm(0.01)) < 1e-9);
  assert.equal(chiEntropyTerm(0), 0);
  assert.equal(chiEntropyTerm(Infinity), -Infinity);
});

Deno.test("zero temperature: convergence is computed; divergences are Infinity with valid false, never NaN", () => {
  const c = continuous();
  const half = solveZeroTemperature({ alpha: 0.5, quantizer: c });
  // minimum-norm interpolator: (1 − alpha)·rho + sigma2·alpha/(1 − alpha) = 0.5
  assert.ok(half.converged && half.phase === "interpolating" && half.residual < 1e-14);
  assert.ok(Math.abs(half.meanError - 0.5) < 1e-15);
  const peak = solveZeroTemperature({ alpha: 1, sigma2: 0.1, quantizer: c });
  assert.equal(peak.meanError, Infinity);
  assert.equal(peak.valid, false);
  const noiseless = solveZeroTemperature({ alpha: 1, quantizer: c });
  assert.equal(noiseless.meanError, 0);
  // least squares just above the peak: sigma2·alpha/(alpha − 1), which the fixed-point iteration
  // (rate 1/alpha) could not reach in 10000 steps
  const ls = solveZeroTemperature({ alpha: 1.001, sigma2: 0.1, quantizer: c });
  assert.ok(ls.converged);
  assert.ok(Math.abs(ls.meanError / (0.1 * 1.001 / 0.001) - 1) < 1e-12);
  assert.ok(Math.abs(ls.trainError / (0.1 * 0.001 / 1.001) - 1) < 1e-9);
  // a level set capped at 7 iterations does not converge and says so
  const capped = solveZeroTemperature({ alpha: 0.5, quantizer: q2 }, { maxIterations: 7 });
  assert.equal(capped.converged, false);
  assert.ok(capped.iterations >= 7 && capped.iterations <= 14); // ground-state + soft-branch caps
  assert.ok(capped.residual > 1e-12);
  for (const s of [half, peak, noiseless, ls, capped]) {
    for (const [k, v] of Object.entries(s)) {
      if (typeof v === "number") assert.ok(!Number.isNaN(v), `${k} is NaN`);
    }
  }
});

Deno.test("large beta: Shannon entropy -> alpha/2·(chi0/(1+chi0) − log(1+chi0)) of the ground state, as 1/beta", () => {
  // In the ground-state phase chi stays finite as beta -> ∞ while the posterior's own entropy
  // E[H] ~ 1/(mhat·gap) -> 0, so the RS Shannon entropy tends to the (negative) alpha term at
  // the zero-temperature chi0 — computed by the independent interval-sum solver.
  const p = { alpha: 3, sigma2: 0.1, quantizer: q2 };
  const z = solveZeroTemperature(p);
  assert.equal(z.phase, "ground-state");
  const limit = 0.5 * p.alpha * chiEntropyTerm(z.chi);
  assert.ok(limit < 0);
  const gap = (beta: number) => solveRs({ ...p, beta }).shannonEntropy! - limit;
  for (const beta of [1e5, 1e6, 1e7]) {
    const s = solveRs({ ...p, beta });
    assert.ok(s.converged);
    assert.ok(Math.abs(s.chi / z.chi - 1) < 10 / beta, `chi ${s.chi} vs ${z.chi}`);
    // free energy −Phi/beta -> the ground-state energy, also as 1/beta
    assert.ok(Math.abs(-s.freeEntropy / beta - z.energy) < 2 / beta, `${s.freeEntropy / beta}`);
  }
  // 1/beta convergence: beta·(S − limit) is the same constant at 1e5, 1e6 and 1e7
  const c5 = 1e5 * gap(1e5), c6 = 1e6 * gap(1e6), c7 = 1e7 * gap(1e7);
  assert.ok(
    c5 > 0 && Math.abs(c6 / c5 - 1) < 0.02 && Math.abs(c7 / c5 - 1) < 0.05,
    `${c5} ${c6} ${c7}`,
  );
});
