import assert from "node:assert/strict";
import { gaussQuantileQuantizer } from "../../lib/quantizers/gauss_quantile.ts";
import { normalCdf } from "../../lib/numerics/special.ts";

Deno.test("gauss-quantile: Phi(level * s) = (k - 1/2)/K, s the unscaled outermost quantile", () => {
  for (const bits of [1, 2, 3, 6, 10]) {
    const width = 1.7;
    const q = gaussQuantileQuantizer({ bits, width });
    const k = 2 ** bits;
    assert.equal(q.levels.length, k);
    assert.equal(q.family, "gauss-quantile");
    assert.equal(q.levels[k - 1], width);
    // Recover the scale from the outermost level by bisection on Phi (cdf only, no quantile).
    let lo = 0;
    let hi = 10;
    for (let it = 0; it < 200; it++) {
      const mid = (lo + hi) / 2;
      if (normalCdf(mid) < (k - 0.5) / k) lo = mid;
      else hi = mid;
    }
    const scale = lo / width;
    for (let i = 0; i < k; i++) {
      const p = normalCdf(q.levels[i] * scale);
      assert.ok(Math.abs(p - (i + 0.5) / k) < 1e-12, `bits ${bits} level ${i}: ${p}`);
      assert.equal(q.levels[i], -q.levels[k - 1 - i]);
    }
  }
});

Deno.test("gauss-quantile: b = 1 is {-w, w}; b = 2 matches Phi^-1(5/8)/Phi^-1(7/8)", () => {
  assert.deepEqual([...gaussQuantileQuantizer({ bits: 1, width: 2 }).levels], [-2, 2]);
  const q = gaussQuantileQuantizer({ bits: 2, width: 1 });
  // Phi^-1(5/8) = 0.31863936396437514, Phi^-1(7/8) = 1.1503493803760079 (tables / mpmath)
  assert.ok(Math.abs(q.levels[2] - 0.31863936396437514 / 1.1503493803760079) < 1e-14);
});
