import assert from "node:assert/strict";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { pow2MaxBits, pow2Quantizer } from "../../lib/quantizers/pow2.ts";

Deno.test("mu-law: the compressor maps the levels back onto the uniform mid-rise grid", () => {
  for (const mu of [0.5, 8, 255, 1e4]) {
    for (const bits of [1, 2, 4, 6]) {
      const width = 1.3;
      const q = muLawQuantizer({ bits, width, mu });
      const k = 2 ** bits;
      assert.equal(q.levels.length, k);
      assert.equal(q.parameter, mu);
      assert.equal(q.family, "mu-law");
      assert.equal(q.levels[k - 1], width);
      assert.equal(q.levels[0], -width);
      for (let i = 0; i < k; i++) {
        // G.711 compressor c(x) = sign(x) ln(1 + mu|x|/w) / ln(1 + mu), inverse of the levels.
        const x = q.levels[i];
        const c = Math.sign(x) * Math.log(1 + mu * Math.abs(x) / width) / Math.log(1 + mu);
        const u = -1 + 2 * i / (k - 1);
        assert.ok(Math.abs(c - u) < 1e-12, `mu=${mu} bits=${bits} i=${i}: ${c} vs ${u}`);
        assert.equal(q.levels[i], -q.levels[k - 1 - i]);
      }
    }
  }
});

Deno.test("mu-law: default mu = 255 and mu -> 0 tends to the uniform set", () => {
  assert.equal(muLawQuantizer({ bits: 3, width: 1 }).parameter, 255);
  const q = muLawQuantizer({ bits: 2, width: 3, mu: 1e-9 });
  [-3, -1, 1, 3].forEach((v, i) => assert.ok(Math.abs(q.levels[i] - v) < 1e-8));
});

Deno.test("mu-law: rejects bad mu (naming mu), including mu too large for distinct levels", () => {
  for (const mu of [0, -1, NaN, Infinity]) {
    assert.throws(
      () => muLawQuantizer({ bits: 2, width: 1, mu }),
      (e: unknown) => e instanceof RangeError && e.message.startsWith("mu: expected a finite"),
    );
  }
  assert.throws(() => muLawQuantizer({ bits: 16, width: 1e-300, mu: 1e300 }), /^RangeError: mu: /);
  // Large but representable: the innermost level is subnormal yet distinct.
  assert.ok(muLawQuantizer({ bits: 16, width: 1, mu: 1e308 }).levels[32768] > 0);
});

Deno.test("pow2: levels ±w 2^-j, j = 0..2^(b-1)-1, consecutive ratio exactly 2", () => {
  assert.deepEqual([...pow2Quantizer({ bits: 1, width: 3 }).levels], [-3, 3]);
  assert.deepEqual([...pow2Quantizer({ bits: 2, width: 1 }).levels], [-1, -0.5, 0.5, 1]);
  for (const bits of [3, 5, 8, 10]) {
    const width = 0.75;
    const q = pow2Quantizer({ bits, width });
    const k = 2 ** bits;
    assert.equal(q.levels.length, k);
    assert.equal(q.family, "pow2");
    assert.equal(q.levels[k - 1], width);
    assert.equal(q.levels[k / 2], width / 2 ** (k / 2 - 1));
    for (let i = k / 2; i < k - 1; i++) assert.equal(q.levels[i + 1], 2 * q.levels[i]);
    for (let i = 0; i < k; i++) assert.equal(q.levels[i], -q.levels[k - 1 - i]);
  }
});

Deno.test("pow2: bit depths whose smallest level underflows are rejected, naming bits", () => {
  // 2^-(2^(b-1)-1) must be >= 2^-1022: b = 10 gives 2^-511, b = 11 would need 2^-1023.
  assert.equal(pow2MaxBits(1), 10);
  assert.equal(pow2MaxBits(2 ** 10), 11);
  assert.equal(pow2Quantizer({ bits: 10, width: 1 }).levels[512], 2 ** -511);
  for (const bits of [11, 16]) {
    assert.throws(
      () => pow2Quantizer({ bits, width: 1 }),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message.startsWith("bits: expected an integer in 1..10 for the pow2 quantizer") &&
        e.message.endsWith(`got ${bits}`),
    );
  }
  assert.throws(() => pow2MaxBits(-1), /^RangeError: width: /);
});
