// The Shannon entropy of the RS Gibbs measure for a non-uniform base measure, against a direct
// quadrature of <log pi(w)> over the scalar channel and against the uniform-pi formula.
import assert from "node:assert/strict";
import { rsConjugates, solveRs } from "../../lib/theory/rs.ts";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { gaussHermiteNormal } from "../../lib/numerics/quadrature.ts";
import { rsShannonEntropy } from "../../lib/experiments/shannon_entropy.ts";

Deno.test("non-uniform pi: S = s − <log pi(w)>, with <log pi> by Gauss–Hermite over r", () => {
  const levels = [-1.2, -0.4, 0.4, 1.2];
  const pi = [0.1, 0.4, 0.4, 0.1];
  for (const [alpha, beta, lambda] of [[2, 2, 0], [1, 4, 0.3], [3, 1, 0]]) {
    const s = solveRs({ alpha, beta, lambda, sigma2: 0.1, quantizer: levelSet(levels, { pi }) });
    assert.ok(s.converged);
    const c = rsConjugates(s.model, s);
    const quad = c.mhat + beta * lambda;
    // Gaussian teacher (rho = 1): r ~ N(0, 1 + delta), and <log pi> depends on r only
    const { nodes, weights } = gaussHermiteNormal(120);
    const sd = Math.sqrt(1 + c.delta);
    let meanLogPi = 0;
    for (let i = 0; i < nodes.length; i++) {
      const r = sd * nodes[i];
      const u = levels.map((l, k) => Math.log(pi[k]) - 0.5 * quad * l * l + c.mhat * r * l);
      const top = Math.max(...u);
      const p = u.map((v) => Math.exp(v - top));
      const z = p.reduce((a, b) => a + b, 0);
      meanLogPi += weights[i] * p.reduce((a, pk, k) => a + (pk / z) * Math.log(pi[k]), 0);
    }
    const expected = s.entropy - meanLogPi;
    const got = rsShannonEntropy(s)!;
    assert.ok(
      Math.abs(got - expected) < 1e-7,
      `alpha ${alpha} beta ${beta}: ${got} vs ${expected}`,
    );
    assert.ok(got > s.entropy); // log pi < 0
  }
});

Deno.test("uniform pi: the solver's shannonEntropy = entropy + log K is returned", () => {
  const s = solveRs({
    alpha: 2,
    beta: 5,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1 }),
  });
  assert.equal(rsShannonEntropy(s), s.entropy + Math.log(4));
});

Deno.test("continuous weights: no Shannon entropy", () => {
  const s = solveRs({
    alpha: 2,
    beta: 1,
    lambda: 1,
    quantizer: { kind: "continuous", priorVariance: Infinity },
  });
  assert.equal(rsShannonEntropy(s), null);
});
