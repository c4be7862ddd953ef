import assert from "node:assert/strict";
import { createRng, Rng } from "../../lib/numerics/rng.ts";
import { normalCdf, normalQuantile } from "../../lib/numerics/special.ts";

/**
 * Outputs of xoshiro256** and splitmix64 computed with Python big integers from the reference C
 * code (tests/numerics/make_rng_reference.py, which itself checks the published test vectors).
 */
interface Case {
  state: string[];
  outputs: string[];
  stateAfter: string[];
  jumpedState: string[];
  jumpedOutputs: string[];
  seed?: number;
}
const REF: { fromState: Case[]; fromSeed: Case[] } = JSON.parse(
  Deno.readTextFileSync(new URL("./rng_reference.json", import.meta.url)),
);
const big = (xs: string[]): bigint[] => xs.map((s) => BigInt(s));

Deno.test("xoshiro256** reproduces the reference outputs from given states", () => {
  assert.equal(REF.fromState.length, 3);
  for (const c of REF.fromState) {
    const r = Rng.fromState(big(c.state));
    assert.deepEqual(r.getState(), big(c.state));
    for (const want of c.outputs) assert.equal(r.nextUint64(), BigInt(want));
    assert.deepEqual(r.getState(), big(c.stateAfter));
  }
  // the published first outputs for state {1, 2, 3, 4}
  const r = Rng.fromState([1n, 2n, 3n, 4n]);
  assert.deepEqual([r.nextUint64(), r.nextUint64(), r.nextUint64()], [11520n, 0n, 1509978240n]);
});

Deno.test("createRng seeds through splitmix64 exactly as the reference", () => {
  assert.ok(REF.fromSeed.length >= 5);
  for (const c of REF.fromSeed) {
    const r = createRng(c.seed!);
    assert.deepEqual(r.getState(), big(c.state), `state of seed ${c.seed}`);
    for (const want of c.outputs) assert.equal(r.nextUint64(), BigInt(want));
  }
});

Deno.test("nextUint32 is the high half and uniform() is (x >> 11)·2^-53 of the output", () => {
  for (const c of [...REF.fromState, ...REF.fromSeed]) {
    const a = Rng.fromState(big(c.state));
    const b = Rng.fromState(big(c.state));
    for (const s of c.outputs) {
      const x = BigInt(s);
      assert.equal(a.nextUint32(), Number(x >> 32n));
      assert.equal(b.uniform(), Number(x >> 11n) / 2 ** 53);
    }
  }
});

Deno.test("jump() matches the reference jump; split() hands out disjoint streams", () => {
  for (const c of [...REF.fromState, ...REF.fromSeed]) {
    const r = Rng.fromState(big(c.state));
    assert.equal(r.jump(), r);
    assert.deepEqual(r.getState(), big(c.jumpedState));
    for (const want of c.jumpedOutputs) assert.equal(r.nextUint64(), BigInt(want));
  }
  const c = REF.fromSeed[0];
  const parent = Rng.fromState(big(c.state));
  const child = parent.split();
  // the child continues the parent's pre-split stream, the parent is now 2^128 ahead
  assert.deepEqual(child.getState(), big(c.state));
  assert.deepEqual(parent.getState(), big(c.jumpedState));
  const second = parent.split();
  assert.deepEqual(second.getState(), big(c.jumpedState));
  assert.notDeepEqual(parent.getState(), big(c.jumpedState));
});

Deno.test("same seed gives the same numbers; different seeds and clones behave", () => {
  const a = createRng(2024), b = createRng(2024), c = createRng(2025);
  const xa = new Float64Array(1001), xb = new Float64Array(1001), xc = new Float64Array(1001);
  a.fillNormal(xa);
  b.fillNormal(xb);
  c.fillNormal(xc);
  assert.deepEqual(xa, xb);
  let equal = 0;
  for (let i = 0; i < xa.length; i++) if (xa[i] === xc[i]) equal++;
  assert.equal(equal, 0);
  const d = a.clone();
  assert.equal(a.normal(), d.normal());
  assert.equal(a.uniform(), d.uniform());
  // 0 and 2^53 − 1 are valid seeds
  assert.notEqual(createRng(0).uniform(), createRng(2 ** 53 - 1).uniform());
});

Deno.test("seed and state validation", () => {
  for (const bad of [-1, 1.5, NaN, Infinity, 2 ** 53, -0.5]) {
    assert.throws(() => createRng(bad), RangeError, `seed ${bad}`);
  }
  assert.throws(() => createRng(-1), /seed: expected an integer in \[0, 2\^53 - 1\], got -1/);
  assert.throws(() => Rng.fromState([0n, 0n, 0n, 0n]), /must not be all zero/);
  assert.throws(() => Rng.fromState([1n, 2n, 3n]), RangeError);
  assert.throws(() => Rng.fromState([1n, 2n, 3n, 1n << 64n]), /state\[3\]/);
  assert.throws(() => Rng.fromState([1n, -2n, 3n, 4n]), RangeError);
});

Deno.test("fillNormal continues the stream of normal() exactly, for any length and std", () => {
  for (const len of [0, 1, 2, 3, 10, 11]) {
    const a = createRng(77), b = createRng(77);
    a.normal();
    b.normal();
    const out = new Float64Array(len);
    a.fillNormal(out, 2.5);
    for (let i = 0; i < len; i++) assert.equal(out[i], 2.5 * b.normal());
    assert.equal(a.normal(), b.normal(), "state after fill");
  }
  const f32 = new Float32Array(5);
  const a = createRng(3), b = createRng(3);
  a.fillNormal(f32);
  for (let i = 0; i < 5; i++) assert.equal(f32[i], Math.fround(b.normal()));
  const zero = new Float64Array(4);
  createRng(1).fillNormal(zero, 0);
  assert.ok(zero.every((v) => v === 0));
  for (const bad of [-1, NaN, Infinity]) {
    assert.throws(() => createRng(1).fillNormal(new Float64Array(2), bad), /std: expected/);
  }
});

Deno.test("normal(): moments, KS distance, 100-bin chi-square and tails at N = 1e6", () => {
  const n = 1000000;
  const z = new Float64Array(n);
  const r = createRng(123456789);
  for (let i = 0; i < n; i++) z[i] = r.normal();
  let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (const v of z) {
    m1 += v;
    m2 += v * v;
    m3 += v * v * v;
    m4 += v * v * v * v;
  }
  m1 /= n;
  m2 /= n;
  m3 /= n;
  m4 /= n;
  // Standard errors for N(0,1): mean 1/√n, E z² √(2/n), E z³ √(15/n), E z⁴ √(96/n).
  // A 5-sigma band: a correct generator fails one of these with probability ~1e-6.
  const se = (v: number) => 5 * Math.sqrt(v / n);
  assert.ok(Math.abs(m1) <= se(1), `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) <= se(2), `E z² ${m2}`);
  assert.ok(Math.abs(m3) <= se(15), `E z³ ${m3}`);
  assert.ok(Math.abs(m4 - 3) <= se(96), `E z⁴ ${m4}`);
  // KS: √n·D is asymptotically Kolmogorov-distributed; P(√n·D > 1.95) ≈ 0.001.
  z.sort();
  let d = 0;
  for (let i = 0; i < n; i++) {
    const c = normalCdf(z[i]);
    d = Math.max(d, (i + 1) / n - c, c - i / n);
  }
  assert.ok(Math.sqrt(n) * d <= 1.95, `KS statistic ${Math.sqrt(n) * d}`);
  // 100 equiprobable bins (edges by normalQuantile): chi-square with 99 degrees of freedom,
  // P(chi2 > 160.06) = 1e-4 (quantile computed with mpmath)
  const bins = 100;
  let chi2 = 0, j = 0;
  for (let b = 0; b < bins; b++) {
    const edge = b === bins - 1 ? Infinity : normalQuantile((b + 1) / bins);
    let c = 0;
    while (j < n && z[j] < edge) {
      c++;
      j++;
    }
    chi2 += (c - n / bins) ** 2 / (n / bins);
  }
  assert.ok(chi2 <= 160.06, `chi2 ${chi2}`);
  // tails, incl. beyond the ziggurat's base-layer edge R = 3.44 (the tail sampler);
  // binomial standard error √(p(1−p)/n), 5-sigma band
  for (const t of [2, 3, 3.44, 3.5, 4, 4.5]) {
    let tail = 0;
    for (const v of z) if (Math.abs(v) > t) tail++;
    const p = 2 * normalCdf(-t);
    assert.ok(Math.abs(tail / n - p) <= 5 * Math.sqrt((p * (1 - p)) / n), `P(|z| > ${t})`);
  }
});

Deno.test("uniform(): range, mean, variance, lag-1 correlation; fillUniform same stream", () => {
  const n = 200000;
  const r = createRng(99);
  let s = 0, s2 = 0, lag = 0, prev = r.uniform();
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
    s += u;
    s2 += u * u;
    lag += (u - 0.5) * (prev - 0.5);
    prev = u;
  }
  // U(0,1): mean 1/2 (sd 1/√(12n)), E u² 1/3 (sd √(4/45/n)), E[(u−½)(u'−½)] 0 (sd 1/(12√n))
  assert.ok(Math.abs(s / n - 0.5) <= 5 / Math.sqrt(12 * n));
  assert.ok(Math.abs(s2 / n - 1 / 3) <= 5 * Math.sqrt(4 / 45 / n));
  assert.ok(Math.abs(lag / n) <= 5 / (12 * Math.sqrt(n)));
  const a = createRng(5), b = createRng(5);
  const out = new Float64Array(7);
  a.fillUniform(out);
  for (let i = 0; i < 7; i++) assert.equal(out[i], b.uniform());
});

Deno.test("int(n): exact range, chi-square uniformity, large n, validation", () => {
  const r = createRng(31337);
  const k = 10, n = 100000;
  const counts = new Array(k).fill(0);
  for (let i = 0; i < n; i++) {
    const v = r.int(k);
    assert.ok(Number.isInteger(v) && v >= 0 && v < k);
    counts[v]++;
  }
  const e = n / k;
  const chi2 = counts.reduce((acc, c) => acc + (c - e) ** 2 / e, 0);
  // chi-square with 9 degrees of freedom: P(chi2 > 33.7) = 1e-4
  assert.ok(chi2 <= 33.7, `chi2 ${chi2}`);
  for (let i = 0; i < 100; i++) assert.equal(r.int(1), 0);
  const bigN = 3 * 2 ** 40 + 7;
  let above = 0;
  for (let i = 0; i < 2000; i++) {
    const v = r.int(bigN);
    assert.ok(Number.isInteger(v) && v >= 0 && v < bigN);
    if (v >= bigN / 2) above++;
  }
  assert.ok(Math.abs(above - 1000) <= 5 * Math.sqrt(500)); // binomial(2000, 1/2)
  assert.ok(r.int(2 ** 32) < 2 ** 32);
  assert.ok(r.int(2 ** 53) < 2 ** 53);
  for (const bad of [0, -3, 2.5, NaN, Infinity, 2 ** 53 + 2]) {
    assert.throws(() => r.int(bad), RangeError, `n = ${bad}`);
  }
  assert.throws(() => r.int(0), /n: expected an integer in \[1, 2\^53\], got 0/);
});

Deno.test("split streams are uncorrelated", () => {
  const root = createRng(1);
  const a = root.split(), b = root.split();
  const n = 100000;
  let c = 0;
  for (let i = 0; i < n; i++) c += a.normal() * b.normal();
  // sd of the sample correlation of independent normals is 1/√n
  assert.ok(Math.abs(c / n) <= 5 / Math.sqrt(n));
});
