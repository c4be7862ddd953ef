import assert from "node:assert/strict";
import { midtreadQuantizer, uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { levelSpacing } from "../../lib/quantizers/quantize.ts";

Deno.test("uniform: K = 2^b levels, l_k = -w + 2w(k-1)/(K-1), ends at ±w", () => {
  for (const bits of [1, 2, 3, 5, 8]) {
    for (const width of [0.5, 1, 3.7]) {
      const q = uniformQuantizer({ bits, width });
      const k = 2 ** bits;
      assert.equal(q.levels.length, k);
      assert.equal(q.kind, "levels");
      assert.equal(q.family, "uniform");
      assert.equal(q.bits, bits);
      assert.equal(q.width, width);
      assert.equal(q.levels[0], -width);
      assert.equal(q.levels[k - 1], width);
      for (let i = 0; i < k; i++) {
        const expected = -width + (2 * width * i) / (k - 1); // docs/theory.md §1, k = i + 1
        assert.ok(Math.abs(q.levels[i] - expected) <= 4e-16 * width, `${bits} ${width} ${i}`);
        assert.equal(q.levels[i], -q.levels[k - 1 - i]);
        assert.ok(Math.abs(Math.exp(q.logPi[i]) - 1 / k) < 1e-15);
      }
      const s = levelSpacing(q);
      assert.ok(Math.abs(s.min - 2 * width / (k - 1)) < 1e-14 * width);
      assert.ok(Math.abs(s.max - 2 * width / (k - 1)) < 1e-14 * width);
    }
  }
});

Deno.test("uniform: b = 1 is {-w, w} and b = 2 is {-w, -w/3, w/3, w}", () => {
  assert.deepEqual([...uniformQuantizer({ bits: 1, width: 2 }).levels], [-2, 2]);
  assert.deepEqual([...uniformQuantizer({ bits: 2, width: 3 }).levels], [-3, -1, 1, 3]);
  assert.ok(!uniformQuantizer({ bits: 4, width: 1 }).levels.includes(0), "mid-rise has no zero");
});

Deno.test("midtread: 2^b - 1 levels including 0, evenly spaced on [-w, w]", () => {
  assert.deepEqual([...midtreadQuantizer({ bits: 2, width: 1 }).levels], [-1, 0, 1]);
  assert.deepEqual([...midtreadQuantizer({ bits: 3, width: 3 }).levels], [-3, -2, -1, 0, 1, 2, 3]);
  for (const bits of [2, 4, 7]) {
    const q = midtreadQuantizer({ bits, width: 2.5 });
    const k = 2 ** bits - 1;
    assert.equal(q.levels.length, k);
    assert.equal(q.family, "midtread");
    assert.equal(q.levels[(k - 1) / 2], 0);
    assert.ok(Object.is(q.levels[(k - 1) / 2], 0), "middle level is +0");
    assert.equal(q.levels[0], -2.5);
    assert.equal(q.levels[k - 1], 2.5);
    assert.ok(Math.abs(q.bits - Math.log2(k)) < 1e-15);
    const s = levelSpacing(q);
    assert.ok(Math.abs(s.min - 5 / (k - 1)) < 1e-14 && Math.abs(s.max - 5 / (k - 1)) < 1e-14);
  }
});

Deno.test("midtread: bits = 1 is rejected with a message naming bits and the range 2..16", () => {
  assert.throws(
    () => midtreadQuantizer({ bits: 1, width: 1 }),
    (e: unknown) =>
      e instanceof RangeError && e.message.startsWith("bits: expected an integer in 2..16") &&
      e.message.endsWith("got 1"),
  );
});
