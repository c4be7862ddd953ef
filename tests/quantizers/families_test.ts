import assert from "node:assert/strict";
import type { LevelSet } from "../../lib/quantizers/quantizer.ts";
import { midtreadQuantizer, uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { gaussQuantileQuantizer } from "../../lib/quantizers/gauss_quantile.ts";
import { lloydMaxQuantizer } from "../../lib/quantizers/lloyd_max.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { pow2Quantizer } from "../../lib/quantizers/pow2.ts";
import { levelSpacing } from "../../lib/quantizers/quantize.ts";

type Ctor = (o: { bits: number; width: number }) => LevelSet;
const families: [string, Ctor][] = [
  ["uniform", uniformQuantizer],
  ["gauss-quantile", gaussQuantileQuantizer],
  ["lloyd-max", lloydMaxQuantizer],
  ["mu-law", (o) => muLawQuantizer(o)],
  ["pow2", pow2Quantizer],
];

function checkShape(q: LevelSet, k: number, width: number, label: string): void {
  assert.equal(q.kind, "levels", label);
  assert.equal(q.levels.length, k, label);
  assert.equal(q.width, width, label);
  assert.equal(q.levels[k - 1], width, `${label}: outermost = width`);
  assert.equal(q.levels[0], -width, label);
  let total = 0;
  for (let i = 0; i < k; i++) {
    assert.ok(Number.isFinite(q.levels[i]), label);
    if (i > 0) assert.ok(q.levels[i] > q.levels[i - 1], `${label}: strictly increasing at ${i}`);
    assert.ok(q.levels[i] === -q.levels[k - 1 - i], `${label}: symmetric at ${i}`);
    total += Math.exp(q.logPi[i]);
  }
  assert.ok(Math.abs(total - 1) < 1e-9, `${label}: pi normalised`);
  assert.ok(Math.abs(q.bits - Math.log2(k)) < 1e-12, label);
}

Deno.test("all 2^b families: K = 2^b, symmetric, sorted, distinct, outermost = width", () => {
  for (const [name, make] of families) {
    for (const bits of [1, 2, 3, 4, 7, 10]) {
      for (const width of [0.3, 1, 5]) {
        checkShape(make({ bits, width }), 2 ** bits, width, `${name} b=${bits} w=${width}`);
      }
    }
  }
  for (const bits of [2, 3, 7]) {
    const q = midtreadQuantizer({ bits, width: 2 });
    checkShape(q, 2 ** bits - 1, 2, `midtread b=${bits}`);
    assert.ok(q.levels.includes(0));
  }
});

Deno.test("b = 1: every 2^b family is the binary set {-w, w}", () => {
  for (const [name, make] of families) {
    assert.deepEqual([...make({ bits: 1, width: 0.8 }).levels], [-0.8, 0.8], name);
  }
});

Deno.test("levels scale linearly with width", () => {
  for (const [name, make] of families) {
    const a = make({ bits: 4, width: 1 });
    const b = make({ bits: 4, width: 2.5 });
    for (let i = 0; i < 16; i++) {
      assert.ok(Math.abs(b.levels[i] - 2.5 * a.levels[i]) < 1e-14, `${name} ${i}`);
    }
  }
});

Deno.test("non-uniform families are denser near 0: innermost gap below uniform's", () => {
  for (const bits of [2, 3, 4, 6, 8]) {
    const k = 2 ** bits;
    const uniformGap = 2 / (k - 1); // width 1
    for (const [name, make] of families.slice(1)) {
      // pow2 at 2 bits ({±1/2, ±1}) has innermost gap 1 > 2/3: it is denser only from 3 bits.
      if (name === "pow2" && bits === 2) continue;
      const q = make({ bits, width: 1 });
      const innerGap = q.levels[k / 2] - q.levels[k / 2 - 1];
      assert.ok(innerGap < uniformGap, `${name} b=${bits}: ${innerGap} vs ${uniformGap}`);
      const s = levelSpacing(q);
      // pow2's central gap (between ±w 2^-j) is twice its smallest gap; the others are smallest
      // at the centre.
      if (name !== "pow2") assert.equal(s.min, innerGap, `${name} b=${bits}: smallest gap central`);
      assert.ok(s.min < uniformGap, `${name} b=${bits}`);
      assert.ok(s.max > uniformGap, `${name} b=${bits}: the outer gaps are wider`);
    }
  }
  const pow2Two = pow2Quantizer({ bits: 2, width: 1 });
  assert.equal(pow2Two.levels[2] - pow2Two.levels[1], 1);
});

Deno.test("16 bits works: 65536 levels for every family that can represent them", () => {
  for (const [name, make] of families) {
    if (name === "pow2") continue; // 2^-32767 is not a double; see mu_law_pow2_test.ts
    checkShape(make({ bits: 16, width: 1 }), 65536, 1, `${name} b=16`);
  }
  checkShape(midtreadQuantizer({ bits: 16, width: 1 }), 65535, 1, "midtread b=16");
});
