import assert from "node:assert/strict";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import {
  levelSpacing,
  quantize,
  quantizeIndex,
  thresholds,
} from "../../lib/quantizers/quantize.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { pow2Quantizer } from "../../lib/quantizers/pow2.ts";

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Brute force: all levels at the minimal distance |x - l|. */
function nearestAll(levels: Float64Array, x: number): number[] {
  let best = Infinity;
  for (const l of levels) best = Math.min(best, Math.abs(x - l));
  return [...levels].filter((l) => Math.abs(x - l) === best);
}

Deno.test("quantize: agrees with a brute-force nearest-level search on random values", () => {
  const random = rng(12345);
  const sets = [
    uniformQuantizer({ bits: 1, width: 1 }),
    uniformQuantizer({ bits: 3, width: 2 }),
    muLawQuantizer({ bits: 4, width: 1.5 }),
    pow2Quantizer({ bits: 4, width: 1 }),
    levelSet([-3.3, -0.1, 0, 0.07, 2, 11]),
  ];
  for (const q of sets) {
    const x = Float64Array.from({ length: 5000 }, () => (random() * 2 - 1) * 1.3 * q.width);
    const y = quantize(q, x);
    const t = thresholds(q);
    for (let i = 0; i < x.length; i++) {
      const candidates = nearestAll(q.levels, x[i]);
      // Within rounding of a midpoint the two distance comparisons can disagree in the last
      // bit; accept either neighbour there (exact ties are tested separately).
      const nearMid = t.some((m) => Math.abs(x[i] - m) < 1e-12 * Math.max(1, q.width));
      if (!nearMid) assert.equal(candidates.length, 1);
      const ok = candidates.includes(y[i]) ||
        (nearMid && Math.abs(Math.abs(x[i] - y[i]) - Math.abs(x[i] - candidates[0])) < 1e-12);
      assert.ok(ok, `x=${x[i]} got ${y[i]} expected ${candidates}`);
      assert.equal(q.levels[quantizeIndex(q, x[i])], y[i]);
    }
  }
});

Deno.test("quantize: ties (exact midpoints) go to the upper level", () => {
  const q = levelSet([-1, 0, 0.5, 2]);
  assert.deepEqual([...quantize(q, [-0.5, 0.25, 1.25])], [0, 0.5, 2]);
  assert.deepEqual([quantizeIndex(q, -0.5), quantizeIndex(q, 0.25), quantizeIndex(q, 1.25)], [
    1,
    2,
    3,
  ]);
});

Deno.test("quantize: levels are fixed points, infinities go to the end levels, out is used", () => {
  const q = uniformQuantizer({ bits: 5, width: 1.7 });
  assert.deepEqual([...quantize(q, q.levels)], [...q.levels]);
  assert.deepEqual([...quantize(q, [-Infinity, Infinity])], [-1.7, 1.7]);
  const out = new Float64Array(2);
  const r = quantize(q, [0.01, -5], out);
  assert.equal(r, out);
  assert.equal(out[1], -1.7);
  const inPlace = Float64Array.from([-5, 5]);
  quantize(q, inPlace, inPlace);
  assert.deepEqual([...inPlace], [-1.7, 1.7]);
  const single = levelSet([0.3]);
  assert.deepEqual([...quantize(single, [-9, 9])], [0.3, 0.3]);
  assert.equal(thresholds(single).length, 0);
});

Deno.test("quantize: NaN and a wrong-length out are rejected, naming the parameter", () => {
  const q = uniformQuantizer({ bits: 2, width: 1 });
  assert.throws(() => quantize(q, [0, NaN]), /values\[1\]: expected a number \(not NaN\), got NaN/);
  assert.throws(() => quantizeIndex(q, NaN), /^RangeError: x: expected a number/);
  assert.throws(() => quantize(q, [0, 1], new Float64Array(3)), /out: expected length 2/);
});

Deno.test("thresholds and levelSpacing: midpoints and gaps of a known set", () => {
  const q = levelSet([-4, -1, 0, 2]);
  assert.deepEqual([...thresholds(q)], [-2.5, -0.5, 1]);
  const copy = thresholds(q);
  copy[0] = 99; // returned arrays are copies: the cache is not corrupted
  assert.equal(thresholds(q)[0], -2.5);
  assert.deepEqual(levelSpacing(q), { min: 1, max: 3, mean: 2 });
  assert.throws(() => levelSpacing(levelSet([1])), /levelSet: expected at least 2 levels/);
  // Huge levels: midpoints must not overflow.
  assert.deepEqual([...thresholds(levelSet([1e308, 1.5e308]))], [1.25e308]);
});
