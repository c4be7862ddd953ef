// RS theory against closed forms and identities (docs/theory.md §5, checks 1–3 and 6).
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { gaussBernoulliTeacher, gaussianTeacher, levelsTeacher } from "../../lib/model/teacher.ts";
import { gaussHermiteNormal } from "../../lib/numerics/quadrature.ts";
import type { ModelParams } from "../../lib/model/params.ts";

function close(actual: number, expected: number, tol: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: got ${actual}, expected ${expected} (|diff| = ${
      Math.abs(actual - expected)
    } > ${tol})`,
  );
}

Deno.test("ridgeless, alpha > 1: fine quantization reproduces sigma2/(alpha - 1)", () => {
  // 12 bits on [-7, 7]: step 3.4e-3, so the quantization noise (step²/12 ~ 1e-6) and the
  // clipping beyond 7 standard deviations are far below the 1e-4 tolerance.
  for (const [alpha, sigma2] of [[2, 0.5], [4, 0.2], [1.5, 0.1]]) {
    const s = solveZeroTemperature({
      alpha,
      sigma2,
      quantizer: uniformQuantizer({ bits: 12, width: 7 }),
    });
    assert.equal(s.phase, "ground-state");
    close(
      s.meanError - sigma2,
      sigma2 / (alpha - 1),
      2e-4 * (1 + sigma2 / (alpha - 1)),
      "estimation error",
    );
    const c = solveZeroTemperature({ alpha, sigma2, quantizer: continuous() });
    close(c.meanError - sigma2, sigma2 / (alpha - 1), 1e-10, "continuous estimation error");
  }
});

Deno.test("ridgeless, alpha < 1: minimum-norm error (1 - alpha)·rho + sigma2·alpha/(1 - alpha)", () => {
  for (const [alpha, sigma2, rho] of [[0.5, 0.1, 1], [0.3, 0.5, 2]]) {
    const c = solveZeroTemperature({
      alpha,
      sigma2,
      quantizer: continuous(),
      teacher: gaussianTeacher({ rho }),
    });
    assert.equal(c.phase, "interpolating");
    close(
      c.meanError - sigma2,
      (1 - alpha) * rho + (sigma2 * alpha) / (1 - alpha),
      1e-12,
      "min-norm",
    );
    assert.equal(c.trainError, 0);
  }
});

/**
 * Ridge estimation error from random-matrix theory, independent of the replica computation:
 * S = XᵀX has eigenvalues alpha·mu with mu ~ Marchenko–Pastur of ratio y = 1/alpha (plus a
 * mass 1 − alpha at 0 when alpha < 1), and
 * E‖ŵ − w0‖²/N = E[rho·lambda²/(alpha·mu + lambda)² + sigma2·alpha·mu/(alpha·mu + lambda)²].
 */
function ridgeErrorMP(alpha: number, lambda: number, sigma2: number, rho: number): number {
  const y = 1 / alpha;
  const a = (1 - Math.sqrt(y)) ** 2, b = (1 + Math.sqrt(y)) ** 2;
  const f = (mu: number) => {
    const s = alpha * mu;
    return (rho * lambda * lambda + sigma2 * s) / (s + lambda) ** 2;
  };
  // mu = (a+b)/2 + (b−a)/2·cos(theta): density·dmu = (b−a)²·sin²(theta)/(4·2π·y·mu) dtheta
  const n = 20000;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const th = (Math.PI * (i + 0.5)) / n;
    const mu = 0.5 * (a + b) + 0.5 * (b - a) * Math.cos(th);
    const w = ((b - a) ** 2 * Math.sin(th) ** 2) / (4 * 2 * Math.PI * y * mu);
    total += w * f(mu) * (Math.PI / n);
  }
  if (alpha < 1) total += (1 - alpha) * f(0);
  return total;
}

Deno.test("ridge at zero temperature: RS equals the Marchenko–Pastur ridge error", () => {
  for (
    const [alpha, lambda, sigma2, rho] of [[0.5, 0.3, 0.2, 1], [2, 0.1, 0.5, 1], [1, 1, 0, 2], [
      3,
      0.05,
      0.3,
      0.5,
    ]]
  ) {
    const c = solveZeroTemperature({
      alpha,
      lambda,
      sigma2,
      quantizer: continuous(),
      teacher: gaussianTeacher({ rho }),
    });
    close(
      c.meanError - sigma2,
      ridgeErrorMP(alpha, lambda, sigma2, rho),
      1e-8,
      `ridge error at alpha=${alpha}, lambda=${lambda}`,
    );
  }
});

Deno.test("finite beta: a 12-bit wide level set behaves like real weights with a flat measure", () => {
  // A uniform measure on [-8, 8] is flat where the posterior lives (|w| <~ 3), so the level set
  // and the closed-form Gaussian channel must agree up to the discretisation (step 3.9e-3).
  for (
    const p of [
      { alpha: 2, beta: 3, sigma2: 0.2, lambda: 0 },
      { alpha: 0.7, beta: 2, sigma2: 0.1, lambda: 0.5 },
    ]
  ) {
    const fine = solveRs({ ...p, quantizer: uniformQuantizer({ bits: 12, width: 8 }) });
    const real = solveRs({ ...p, quantizer: continuous() });
    assert.ok(fine.converged && real.converged);
    for (const key of ["m", "q", "Q", "trainError", "genError", "at"] as const) {
      close(fine[key], real[key], 1e-5, key);
    }
    // Z over K levels of spacing 2·width/(K − 1) with weights 1/K is the flat-measure Z times
    // (K − 1)/(2·width·K), so the entropies differ by that log factor
    close(fine.entropy - Math.log(4095 / (16 * 4096)), real.entropy, 1e-5, "entropy");
  }
});

Deno.test("Bayes-optimal binary case: Nishimori identities and the tanh fixed point", () => {
  // Tanaka (2002), Guo–Verdú (2005): mmse = 1 − E[tanh(s + sqrt(s)·z)], s = alpha/(sigma2 + mmse)
  const gh = gaussHermiteNormal(120);
  const mmseOf = (alpha: number, sigma2: number): number => {
    let mmse = 1;
    for (let i = 0; i < 10000; i++) {
      const s = alpha / (sigma2 + mmse);
      let e = 0;
      for (let j = 0; j < gh.nodes.length; j++) {
        e += gh.weights[j] * Math.tanh(s + Math.sqrt(s) * gh.nodes[j]);
      }
      const next = 1 - e;
      if (Math.abs(next - mmse) < 1e-14) return next;
      mmse = 0.5 * (mmse + next);
    }
    throw new Error("tanh fixed point did not converge");
  };
  const L = [-1, 1];
  for (const [alpha, sigma2] of [[0.5, 0.5], [1, 0.25], [2, 1]]) {
    const s = solveRs({
      alpha,
      beta: 1 / sigma2,
      sigma2,
      quantizer: levelSet(L),
      teacher: levelsTeacher(L),
    }, { tolerance: 1e-12 });
    assert.ok(s.converged);
    close(s.m, s.q, 1e-9, "m = q");
    close(s.Q, 1, 1e-12, "Q = rho");
    assert.ok(s.at < 1, `AT = ${s.at} must be < 1 on the Nishimori line`);
    close(1 - s.q, mmseOf(alpha, sigma2), 1e-9, "mmse");
    assert.ok(s.shannonEntropy! >= 0, `entropy ${s.shannonEntropy} must be >= 0`);
  }
});

function derivativeCheck(p: ModelParams): void {
  const h = 1e-4 * p.beta;
  const opts = { tolerance: 1e-13, maxIterations: 20000 };
  const s = solveRs(p, opts);
  const up = solveRs({ ...p, beta: p.beta + h }, { ...opts, start: s });
  const down = solveRs({ ...p, beta: p.beta - h }, { ...opts, start: s });
  assert.ok(s.converged && up.converged && down.converged);
  const dphi = (up.freeEntropy - down.freeEntropy) / (2 * h);
  // central difference error ~ h²·Phi''' ~ 1e-8·beta²; quadrature noise ~ 1e-13/h
  close(
    dphi,
    -s.energy,
    1e-6 * (1 + Math.abs(s.energy)),
    `dPhi/dbeta at ${JSON.stringify({ ...p, quantizer: undefined, teacher: undefined })}`,
  );
}

Deno.test("thermodynamics: dPhi/dbeta = -energy by finite differences", () => {
  derivativeCheck({
    alpha: 2,
    beta: 3,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  });
  derivativeCheck({
    alpha: 0.8,
    beta: 1.5,
    sigma2: 0.3,
    lambda: 0.4,
    quantizer: muLawQuantizer({ bits: 3, width: 2, mu: 10 }),
  });
  derivativeCheck({
    alpha: 1.5,
    beta: 20,
    sigma2: 0.05,
    quantizer: uniformQuantizer({ bits: 1, width: 0.8 }),
    teacher: gaussBernoulliTeacher({ density: 0.3 }),
  });
  derivativeCheck({
    alpha: 3,
    beta: 2,
    sigma2: 0.2,
    lambda: 0.1,
    quantizer: continuous({ priorVariance: 2 }),
  });
});

Deno.test("high temperature: entropy is non-negative and tends to log K", () => {
  for (const bits of [1, 2, 4]) {
    const s = solveRs({
      alpha: 1,
      beta: 0.1,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits, width: 1 }),
    });
    assert.ok(s.shannonEntropy! >= 0);
    assert.ok(s.shannonEntropy! <= Math.log(2 ** bits) + 1e-12);
    assert.ok(Math.log(2 ** bits) - s.shannonEntropy! < 0.05 * Math.log(2 ** bits));
  }
});

Deno.test("entropy crisis: RS entropy is reported negative, not clipped (b=1, omega=1.5, alpha=0.7, beta=10)", () => {
  const s = solveRs({ alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) });
  assert.ok(s.converged);
  assert.ok(s.shannonEntropy! < 0, `expected a negative entropy, got ${s.shannonEntropy}`);
});

Deno.test("zero temperature is the beta -> infinity limit of finite beta", () => {
  for (
    const p of [
      { alpha: 3, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) },
      { alpha: 2, sigma2: 0.2, lambda: 0.1, quantizer: uniformQuantizer({ bits: 3, width: 2 }) },
    ]
  ) {
    const t0 = solveZeroTemperature(p);
    assert.equal(t0.phase, "ground-state");
    let prev = Infinity;
    for (const beta of [100, 1000, 10000]) {
      const s = solveRs({ ...p, beta }, { maxIterations: 20000 });
      assert.ok(s.converged, `beta=${beta} did not converge`);
      const err = Math.max(
        Math.abs(s.m - t0.m),
        Math.abs(s.q - t0.q),
        Math.abs(s.chi - t0.chi) / (1 + t0.chi),
        Math.abs(s.trainError - t0.trainError),
      );
      assert.ok(err < prev, `distance to beta=inf must shrink: ${err} at beta=${beta}`);
      prev = err;
    }
    assert.ok(prev < 2e-3, `at beta = 1e4 still ${prev} from the ground state`);
  }
});

Deno.test("zero temperature, Gaussian teacher: m = rho·D (Stein's lemma)", () => {
  for (
    const [bits, width, alpha, rho, lambda] of [[1, 1, 2, 1, 0], [3, 2, 1.5, 2, 0], [
      2,
      1,
      4,
      0.5,
      0.3,
    ]]
  ) {
    const s = solveZeroTemperature({
      alpha,
      lambda,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits, width }),
      teacher: gaussianTeacher({ rho }),
    });
    assert.equal(s.phase, "ground-state");
    close(s.m, rho * s.D, 1e-12, "m = rho·D");
  }
});
