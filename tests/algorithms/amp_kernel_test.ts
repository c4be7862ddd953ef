// The fused AMP pass (wasm SIMD f32/f64, js) against a naive two-product computation.
import assert from "node:assert/strict";
import { createAmpKernel } from "../../lib/algorithms/mod.ts";
import { createRng } from "../../lib/numerics/rng.ts";

function naive(
  X: ArrayLike<number>,
  rows: number,
  cols: number,
  y: Float64Array,
  a: Float64Array,
  gPrev: Float64Array,
  c1: number,
  c2: number,
): { g: Float64Array; out: Float64Array } {
  const g = new Float64Array(rows);
  for (let mu = 0; mu < rows; mu++) {
    let s = 0;
    for (let i = 0; i < cols; i++) s += X[mu * cols + i] * a[i];
    g[mu] = c1 * (y[mu] - s) + c2 * gPrev[mu];
  }
  const out = new Float64Array(cols);
  for (let i = 0; i < cols; i++) {
    let s = 0;
    for (let mu = 0; mu < rows; mu++) s += X[mu * cols + i] * g[mu];
    out[i] = s;
  }
  return { g, out };
}

function maxAbs(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, Math.abs(a[i] - b[i]));
  return e;
}

for (const [rows, cols] of [[37, 13], [64, 64], [101, 203], [5, 1]]) {
  Deno.test(`fused pass equals X·a then X^T·g, two iterations with the Onsager memory (${rows}x${cols})`, () => {
    const rng = createRng(rows * 1000 + cols);
    const X64 = new Float64Array(rows * cols);
    rng.fillNormal(X64, 1 / Math.sqrt(cols));
    const X32 = Float32Array.from(X64);
    const y = new Float64Array(rows);
    rng.fillNormal(y);
    const a1 = new Float64Array(cols), a2 = new Float64Array(cols);
    rng.fillNormal(a1);
    rng.fillNormal(a2);
    const c = [[0.7, 0.2], [1.3, 0.4]];
    const cases: [string, Float32Array | Float64Array, "wasm" | "js", number][] = [
      ["wasm-f64", X64, "wasm", 1e-12],
      ["js", X64, "js", 1e-12],
      ["wasm-f32", X32, "wasm", 2e-5], // float32 arithmetic: relative rounding ~1e-7·sqrt(N)
    ];
    for (const [name, X, backend, tol] of cases) {
      const k = createAmpKernel(X, rows, cols, y, { backend });
      assert.equal(k.backend, name);
      const ref1 = naive(X, rows, cols, y, a1, new Float64Array(rows), c[0][0], c[0][1]);
      const r1 = k.run(a1, c[0][0], c[0][1]);
      const scale1 = 1 + Math.max(...ref1.out.map(Math.abs));
      assert.ok(maxAbs(r1.g, ref1.g) < tol * (1 + Math.max(...ref1.g.map(Math.abs))), name);
      assert.ok(maxAbs(r1.out, ref1.out) < tol * scale1, `${name}: ${maxAbs(r1.out, ref1.out)}`);
      const g1 = Float64Array.from(r1.g);
      const ref2 = naive(X, rows, cols, y, a2, g1, c[1][0], c[1][1]);
      const r2 = k.run(a2, c[1][0], c[1][1]);
      assert.ok(maxAbs(r2.g, ref2.g) < tol * (1 + Math.max(...ref2.g.map(Math.abs))), name);
      assert.ok(maxAbs(r2.out, ref2.out) < tol * (1 + Math.max(...ref2.out.map(Math.abs))), name);
      // reset: gPrevious is zero again
      k.reset();
      const r3 = k.run(a1, c[0][0], c[0][1]);
      assert.ok(maxAbs(r3.g, ref1.g) < tol * (1 + Math.max(...ref1.g.map(Math.abs))), name);
    }
  });
}

Deno.test("the wasm f32 pass is bit-for-bit repeatable", () => {
  const rng = createRng(3);
  const X = new Float32Array(300 * 200);
  rng.fillNormal(X, 0.07);
  const y = new Float64Array(300).fill(0.5);
  const a = new Float64Array(200).fill(0.1);
  const k1 = createAmpKernel(X, 300, 200, y), k2 = createAmpKernel(X, 300, 200, y);
  assert.deepEqual(k1.run(a, 1, 0.5).out, k2.run(a, 1, 0.5).out);
});

Deno.test("kernel input validation", () => {
  const y = new Float64Array(2);
  assert.throws(
    () => createAmpKernel(new Float64Array(5), 2, 3, y),
    /X: expected 2·3 = 6 entries, got 5/,
  );
  assert.throws(
    () => createAmpKernel(new Float64Array(6), 2, 3, new Float64Array(3)),
    /y: expected 2 entries/,
  );
  assert.throws(() => createAmpKernel(new Float64Array(0), 0, 3, y), /rows, cols/);
});

// Rigorous float32 bound for the blocked pass, against the float64 computation on the same
// (float32-exact) X: each dot product of n terms in float32 errs by at most (n + 2)·u·Σ|x·a|
// (u = 2^-24; +1 for rounding a to float32, +1 for the lane sums), and each `out` entry by at
// most 34·u·Σ_mu |g_mu·x_mu,i| (g rounded to float32, products and the 32-row block sums) plus
// the propagated error of g, Σ_mu |Δg_mu|·|x_mu,i|.
for (const [rows, cols, threads] of [[7, 9, 1], [130, 40, 2], [301, 77, 1], [301, 77, 2]]) {
  Deno.test(`float32 blocked pass within float32 rounding bounds (${rows}x${cols}, ${threads} thread(s))`, () => {
    const u = 2 ** -24;
    const rng = createRng(rows + 7 * cols);
    const X = new Float32Array(rows * cols);
    rng.fillNormal(X, 1 / Math.sqrt(cols));
    const a = new Float64Array(cols);
    rng.fillNormal(a);
    const gPrev = new Float64Array(rows);
    rng.fillNormal(gPrev);
    const c1 = 0.8, c2 = 0.3;
    // labels y = gPrev: a first pass with a = 0, c1 = 1, c2 = 0 sets gPrevious = y exactly
    const k = createAmpKernel(X, rows, cols, gPrev, { threads: threads as 1 | 2 });
    try {
      k.run(new Float64Array(cols), 1, 0);
      const r = k.run(a, c1, c2);
      const ref = naive(X, rows, cols, gPrev, a, gPrev, c1, c2);
      const dg = new Float64Array(rows);
      for (let mu = 0; mu < rows; mu++) {
        let s = 0;
        for (let i = 0; i < cols; i++) s += Math.abs(X[mu * cols + i] * a[i]);
        const bound = Math.abs(c1) * (cols + 2) * u * s * (1 + 1e-6) + 1e-13;
        dg[mu] = Math.abs(r.g[mu] - ref.g[mu]);
        assert.ok(dg[mu] <= bound, `g[${mu}]: error ${dg[mu]} > bound ${bound}`);
      }
      for (let i = 0; i < cols; i++) {
        let s = 0, p = 0;
        for (let mu = 0; mu < rows; mu++) {
          s += Math.abs(ref.g[mu] * X[mu * cols + i]);
          p += dg[mu] * Math.abs(X[mu * cols + i]);
        }
        const bound = (34 * u * s + p) * (1 + 1e-6) + 1e-13;
        const e = Math.abs(r.out[i] - ref.out[i]);
        assert.ok(e <= bound, `out[${i}]: error ${e} > bound ${bound}`);
      }
    } finally {
      k.dispose();
    }
  });
}

Deno.test("the float32 pass gives the same bits with one and two threads", async () => {
  const rows = 700, cols = 300;
  const rng = createRng(11);
  const X = new Float32Array(rows * cols);
  rng.fillNormal(X, 1 / Math.sqrt(cols));
  const y = new Float64Array(rows);
  rng.fillNormal(y);
  const k1 = createAmpKernel(X, rows, cols, y, { threads: 1 });
  const k2 = createAmpKernel(X, rows, cols, y, { threads: 2 });
  try {
    assert.equal(k1.threads, 1);
    assert.equal(k2.threads, 2);
    // give the worker time to start, so the second kernel really runs in two threads
    await new Promise((r) => setTimeout(r, 300));
    for (let t = 0; t < 3; t++) {
      const a = new Float64Array(cols);
      rng.fillNormal(a);
      const r1 = k1.run(a, 0.9, 0.4), r2 = k2.run(a, 0.9, 0.4);
      assert.deepEqual(r2.g, r1.g);
      assert.deepEqual(r2.out, r1.out);
    }
  } finally {
    k1.dispose();
    k2.dispose();
  }
});

Deno.test("kernel: threads option validation", () => {
  const y = new Float64Array(2);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => createAmpKernel(new Float32Array(6), 2, 3, y, { threads: 3 as any }),
    /threads: expected 1, 2 or "auto", got 3/,
  );
});
