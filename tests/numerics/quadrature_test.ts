import assert from "node:assert/strict";
import {
  clearQuadratureCache,
  gaussHermiteNormal,
  gaussLegendre,
  integrate,
} from "../../lib/numerics/quadrature.ts";

const close = (a: number, b: number, tol: number, msg?: string) =>
  assert.ok(Math.abs(a - b) <= tol, msg ?? `${a} vs ${b} (tol ${tol})`);

/** w·x^{2k}/(2k − 1)!! = w·Π_{j<=k} x²/(2j − 1), without overflow (x^{2k} alone overflows). */
function scaledMoment(w: number, x: number, k: number): number {
  let t = w;
  const x2 = x * x;
  for (let j = 1; j <= k; j++) t *= x2 / (2 * j - 1);
  return t;
}

Deno.test("gaussLegendre: closed-form rules for n = 1, 2, 3", () => {
  let r = gaussLegendre(1);
  assert.deepEqual([...r.nodes, ...r.weights], [0, 2]);
  r = gaussLegendre(2);
  close(r.nodes[1], 1 / Math.sqrt(3), 2e-16);
  assert.equal(r.nodes[0], -r.nodes[1]);
  close(r.weights[0], 1, 4e-16);
  r = gaussLegendre(3);
  assert.equal(r.nodes[1], 0);
  close(r.nodes[2], Math.sqrt(0.6), 2e-16);
  close(r.weights[1], 8 / 9, 4e-16);
  close(r.weights[2], 5 / 9, 4e-16);
});

Deno.test("gaussLegendre: exact for monomials of degree <= 2n − 1", () => {
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 16, 20, 33, 50, 64, 100]) {
    const { nodes, weights } = gaussLegendre(n);
    for (let k = 0; k <= 2 * n - 1; k++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += weights[i] * nodes[i] ** k;
      const want = k % 2 === 0 ? 2 / (k + 1) : 0;
      // sums of n terms of size <= 2: rounding about n·eps relative to max(want, weights)
      close(s, want, 1e-14 * (1 + want), `n = ${n}, x^${k}: ${s} vs ${want}`);
    }
    // and not exact at degree 2n: ∫x^{2n} − Q = ‖P̃ₙ‖²-type error, far above rounding for n <= 10
    if (n <= 10) {
      let s = 0;
      for (let i = 0; i < n; i++) s += weights[i] * nodes[i] ** (2 * n);
      assert.ok(Math.abs(s - 2 / (2 * n + 1)) > 1e-6, `degree 2n not exact for n = ${n}`);
    }
  }
});

Deno.test("gaussLegendre: large n is sorted, symmetric, inside (−1, 1), sums to 2", () => {
  for (const n of [200, 1001]) {
    const { nodes, weights } = gaussLegendre(n);
    let s = 0;
    for (let i = 0; i < n; i++) {
      s += weights[i];
      assert.ok(weights[i] > 0 && nodes[i] > -1 && nodes[i] < 1);
      if (i > 0) assert.ok(nodes[i] > nodes[i - 1]);
      assert.ok(nodes[i] === -nodes[n - 1 - i], `symmetric node ${i}`);
    }
    close(s, 2, 1e-14 * Math.sqrt(n));
    // ∫₋₁¹ cos(10x) dx = sin(10)/5
    let c = 0;
    for (let i = 0; i < n; i++) c += weights[i] * Math.cos(10 * nodes[i]);
    close(c, Math.sin(10) / 5, 1e-14 * Math.sqrt(n));
  }
});

Deno.test("gaussHermiteNormal: closed-form rules for n = 1, 2, 3", () => {
  let r = gaussHermiteNormal(1);
  assert.deepEqual([...r.nodes, ...r.weights], [0, 1]);
  r = gaussHermiteNormal(2); // zeros of He₂ = x² − 1
  close(r.nodes[1], 1, 2e-16);
  close(r.weights[1], 0.5, 2e-16);
  r = gaussHermiteNormal(3); // zeros of He₃ = x³ − 3x, weights 2/3, 1/6
  assert.equal(r.nodes[1], 0);
  close(r.nodes[2], Math.sqrt(3), 4e-16);
  close(r.weights[1], 2 / 3, 2e-16);
  close(r.weights[2], 1 / 6, 2e-16);
});

Deno.test("gaussHermiteNormal: Gaussian moments E[z^2k] = (2k−1)!! up to degree 2n − 2", () => {
  for (const n of [4, 5, 10, 20, 33, 64, 100, 200]) {
    const { nodes, weights } = gaussHermiteNormal(n);
    for (let k = 0; 2 * k <= 2 * n - 1; k++) {
      // Σ wᵢ xᵢ^{2k}/(2k−1)!! should be 1. All terms are positive; a relative error δ in a
      // node becomes 2k·δ in its term and the product has 2k roundings, so allow
      // (10 + 4k)·2.2e-16 ≈ 1.8e-13 at the top degree of n = 200.
      let s = 0, odd = 0, df = 1;
      for (let j = 1; j <= k; j++) df *= 2 * j - 1;
      for (let i = 0; i < n; i++) {
        s += scaledMoment(weights[i], nodes[i], k);
        if (k <= 10) odd += weights[i] * nodes[i] ** (2 * k + 1);
      }
      close(s, 1, (10 + 4 * k) * 2.2e-16, `n = ${n}, E z^${2 * k}: ratio ${s}`);
      if (k <= 10) close(odd, 0, 1e-14 * df, `odd moment n = ${n}`);
    }
  }
});

Deno.test("gaussHermiteNormal: E[cos z] = e^{-1/2}, E[e^z] = e^{1/2}, weights sum to 1", () => {
  for (const n of [30, 64, 100, 200]) {
    const { nodes, weights } = gaussHermiteNormal(n);
    let c = 0, ex = 0, w = 0;
    for (let i = 0; i < n; i++) {
      c += weights[i] * Math.cos(nodes[i]);
      ex += weights[i] * Math.exp(nodes[i]);
      w += weights[i];
    }
    close(c, Math.exp(-0.5), 1e-15, `E cos z, n = ${n}`);
    close(ex, Math.exp(0.5), 4e-15, `E e^z, n = ${n}`);
    close(w, 1, 1e-14, `sum of weights, n = ${n}`);
  }
});

Deno.test("gaussHermiteNormal: structure at n = 200 and 500 (sorted, symmetric, tiny weights)", () => {
  for (const n of [200, 500]) {
    const { nodes, weights } = gaussHermiteNormal(n);
    for (let i = 0; i < n; i++) {
      assert.ok(nodes[i] === -nodes[n - 1 - i], `symmetric node ${i}`);
      assert.equal(weights[i], weights[n - 1 - i]);
      assert.ok(weights[i] >= 0);
      if (i > 0) assert.ok(nodes[i] > nodes[i - 1]);
    }
    // largest zero of Heₙ: below √(4n + 2) (the physicists' bound √(2n + 1) times √2)
    assert.ok(nodes[n - 1] < Math.sqrt(4 * n + 2) && nodes[n - 1] > 0.9 * Math.sqrt(4 * n));
  }
  // at n = 200 even the outermost weight is a normal double and positive
  const { weights } = gaussHermiteNormal(200);
  assert.ok(weights[0] > 1e-200 && weights[0] < 1e-150);
});

Deno.test("rules are cached; clearQuadratureCache recomputes identical rules", () => {
  const a = gaussHermiteNormal(16), b = gaussHermiteNormal(16);
  assert.equal(a, b);
  clearQuadratureCache();
  const c = gaussHermiteNormal(16);
  assert.notEqual(a, c);
  assert.deepEqual(a, c);
  assert.ok(Object.isFrozen(c));
});

Deno.test("rule constructors validate n", () => {
  for (const bad of [0, -1, 2.5, NaN, Infinity, 10001]) {
    assert.throws(() => gaussLegendre(bad), RangeError, `GL n = ${bad}`);
    assert.throws(() => gaussHermiteNormal(bad), RangeError, `GH n = ${bad}`);
  }
  assert.throws(() => gaussHermiteNormal(0), /n: expected an integer in \[1, 10000\], got 0/);
});

Deno.test("integrate: polynomials exactly, smooth functions by panels, sign of b < a", () => {
  // degree 7 with order 4 is exact on any interval
  const p = (x: number) => x ** 7 - 3 * x ** 4 + x - 2;
  const P = (x: number) => x ** 8 / 8 - (3 * x ** 5) / 5 + x * x / 2 - 2 * x;
  close(integrate(p, -1.5, 2.25, { order: 4 }), P(2.25) - P(-1.5), 1e-13);
  close(integrate(Math.sin, 0, Math.PI), 2, 1e-15);
  close(integrate(Math.exp, 0, 10, { panels: 8, order: 12 }), Math.expm1(10), 1e-14 * 2.2e4);
  close(integrate(Math.exp, 10, 0, { panels: 8, order: 12 }), -Math.expm1(10), 1e-14 * 2.2e4);
  // ∫ φ over [−10, 10] = 1 − 2Q(10), Q(10) = 7.6e-24
  const phi = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  close(integrate(phi, -10, 10, { panels: 10, order: 20 }), 1, 2e-15);
  assert.equal(integrate(Math.exp, 3, 3), 0);
  // too few points on a wiggly function is visibly wrong: the test can fail
  assert.ok(
    Math.abs(integrate((x) => Math.cos(40 * x), 0, 1, { order: 5 }) - Math.sin(40) / 40) >
      1e-3,
  );
});

Deno.test("integrate: validation and NaN from f", () => {
  assert.throws(() => integrate(Math.sin, NaN, 1), /a: expected a finite number, got NaN/);
  assert.throws(() => integrate(Math.sin, 0, Infinity), /b: expected a finite number/);
  assert.throws(() => integrate(Math.sin, 0, 1, { panels: 0 }), /panels/);
  assert.throws(() => integrate(Math.sin, 0, 1, { order: 0 }), /order/);
  assert.throws(() => integrate(Math.sin, 0, 1, { order: 1.5 }), /order/);
  assert.throws(() => integrate(Math.log, -1, 1), /f: expected a number, got NaN at x = /);
});
