// Synthetic teacher-student data: determinism, the distribution of X, the labels, teachers.
import assert from "node:assert/strict";
import {
  columnMajorX,
  sampleTeacherWeights,
  teacherStudentData,
} from "../../lib/algorithms/mod.ts";
import { gaussBernoulliTeacher, levelsTeacher } from "../../lib/model/teacher.ts";
import { createRng } from "../../lib/numerics/rng.ts";

Deno.test("same seed gives the same instance; another seed a different one", () => {
  const a = teacherStudentData({ n: 50, alpha: 1.5, sigma2: 0.2, seed: 11 });
  const b = teacherStudentData({ n: 50, alpha: 1.5, sigma2: 0.2, seed: 11 });
  const c = teacherStudentData({ n: 50, alpha: 1.5, sigma2: 0.2, seed: 12 });
  assert.deepEqual(a.X, b.X);
  assert.deepEqual(a.y, b.y);
  assert.deepEqual(a.w0, b.w0);
  assert.notDeepEqual(a.X, c.X);
  assert.equal(a.samples, 75);
  assert.equal(a.alpha, 1.5);
});

Deno.test("the seed's streams: X is the xoshiro normal stream of the second split, scaled 1/sqrt(N)", () => {
  // independent reconstruction from the documented stream layout
  const n = 20, seed = 5;
  const d = teacherStudentData({ n, alpha: 2, seed, precision: "float64" });
  const root = createRng(seed);
  const rt = root.split();
  const rx = root.split();
  const w0 = new Float64Array(n).map(() => rt.normal()); // Gaussian teacher: one component
  assert.deepEqual(d.w0, w0);
  const std = 1 / Math.sqrt(n);
  for (let k = 0; k < 40; k++) assert.equal(d.X[k], std * rx.normal());
  // float32 storage holds the same draws rounded
  const f = teacherStudentData({ n, alpha: 2, seed });
  assert.ok(f.X instanceof Float32Array);
  for (let k = 0; k < d.X.length; k++) assert.equal(f.X[k], Math.fround(d.X[k]));
});

Deno.test("changing sigma2 keeps X and w0; labels are X·w0 plus noise of variance sigma2", () => {
  const n = 400;
  const clean = teacherStudentData({ n, alpha: 3, sigma2: 0, seed: 3, precision: "float64" });
  const noisy = teacherStudentData({ n, alpha: 3, sigma2: 0.25, seed: 3, precision: "float64" });
  assert.deepEqual(clean.X, noisy.X);
  assert.deepEqual(clean.w0, noisy.w0);
  // clean labels are exactly X·w0 (recomputed naively)
  for (const mu of [0, 17, 1199]) {
    let s = 0;
    for (let i = 0; i < n; i++) s += clean.X[mu * n + i] * clean.w0[i];
    assert.ok(Math.abs(s - clean.y[mu]) < 1e-12);
  }
  let v = 0;
  for (let mu = 0; mu < clean.samples; mu++) v += (noisy.y[mu] - clean.y[mu]) ** 2;
  v /= clean.samples;
  // sample variance of 1200 N(0, 0.25): sd of the estimate 0.25·sqrt(2/1200) ≈ 0.0102
  assert.ok(Math.abs(v - 0.25) < 0.05, `noise variance ${v}`);
});

Deno.test("X has entries of variance 1/N, so rows have squared norm ≈ 1", () => {
  const n = 500;
  const d = teacherStudentData({ n, alpha: 2, seed: 9 });
  let s = 0, s4 = 0;
  for (let k = 0; k < d.X.length; k++) {
    s += d.X[k] * d.X[k];
    s4 += d.X[k] ** 4;
  }
  const v = s / d.X.length;
  // relative sd of the variance estimate: sqrt(2/500000) ≈ 0.002
  assert.ok(Math.abs(v * n - 1) < 0.01, `variance·N = ${v * n}`);
  // Gaussian kurtosis 3
  assert.ok(Math.abs(s4 / d.X.length / (v * v) - 3) < 0.05);
  assert.ok(Math.abs(d.rhoHat - 1) < 0.2);
});

Deno.test("teachers: levels teacher on its support, Gauss-Bernoulli zero fraction and rho", () => {
  const rng = createRng(4);
  const w = sampleTeacherWeights(levelsTeacher([-1, 0.5, 2]), 3000, rng);
  const counts = [-1, 0.5, 2].map((l) => w.filter((x) => x === l).length);
  assert.equal(counts.reduce((a, b) => a + b), 3000);
  for (const c of counts) assert.ok(Math.abs(c - 1000) < 120, String(counts)); // ~4.6 sd
  const gb = sampleTeacherWeights(gaussBernoulliTeacher({ rho: 2, density: 0.25 }), 20000, rng);
  const zeros = gb.filter((x) => x === 0).length / gb.length;
  assert.ok(Math.abs(zeros - 0.75) < 0.015); // sd 0.003
  const rho = gb.reduce((a, x) => a + x * x, 0) / gb.length;
  assert.ok(Math.abs(rho - 2) < 0.15, `rho ${rho}`); // sd of the mean of w² ≈ 2·sqrt(11/20000)
});

Deno.test("columnMajorX transposes", () => {
  const d = teacherStudentData({ n: 7, alpha: 3, seed: 1 });
  const c = columnMajorX(d);
  for (let mu = 0; mu < d.samples; mu++) {
    for (let i = 0; i < d.n; i++) assert.equal(c[i * d.samples + mu], d.X[mu * d.n + i]);
  }
});

Deno.test("bad inputs are rejected naming the parameter", () => {
  const ok = { n: 10, alpha: 1, seed: 1 };
  assert.throws(() => teacherStudentData({ ...ok, n: 0 }), /n: expected an integer >= 1, got 0/);
  assert.throws(() => teacherStudentData({ ...ok, n: 2.5 }), RangeError);
  assert.throws(
    () => teacherStudentData({ ...ok, alpha: -1 }),
    /alpha: expected a finite number > 0, got -1/,
  );
  assert.throws(() => teacherStudentData({ ...ok, sigma2: NaN }), /sigma2/);
  assert.throws(() => teacherStudentData({ ...ok, seed: -3 }), /seed: expected an integer/);
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => teacherStudentData({ ...ok, precision: "float16" as any }),
    /precision: expected "float32" or "float64", got float16/,
  );
  // deno-lint-ignore no-explicit-any
  assert.throws(() => teacherStudentData({ ...ok, teacher: {} as any }), TypeError);
});
