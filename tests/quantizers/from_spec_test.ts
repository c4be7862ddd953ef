import assert from "node:assert/strict";
import { quantizerFromSpec } from "../../lib/quantizers/from_spec.ts";
import { midtreadQuantizer, uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { gaussQuantileQuantizer } from "../../lib/quantizers/gauss_quantile.ts";
import { lloydMaxQuantizer } from "../../lib/quantizers/lloyd_max.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { pow2Quantizer } from "../../lib/quantizers/pow2.ts";
import type { LevelSet } from "../../lib/quantizers/quantizer.ts";

Deno.test("quantizerFromSpec builds each family with the given bits and width", () => {
  const cases: [string, LevelSet][] = [
    ["uniform", uniformQuantizer({ bits: 3, width: 2 })],
    ["midtread", midtreadQuantizer({ bits: 3, width: 2 })],
    ["gauss-quantile", gaussQuantileQuantizer({ bits: 3, width: 2 })],
    ["lloyd-max", lloydMaxQuantizer({ bits: 3, width: 2 })],
    ["mu-law", muLawQuantizer({ bits: 3, width: 2 })],
    ["pow2", pow2Quantizer({ bits: 3, width: 2 })],
  ];
  for (const [name, expected] of cases) {
    const q = quantizerFromSpec({ quantizer: name as "uniform", bits: 3, width: 2 });
    assert.equal(q.kind, "levels");
    if (q.kind !== "levels") continue;
    assert.equal(q.family, name);
    assert.deepEqual([...q.levels], [...expected.levels], name);
  }
  const mu = quantizerFromSpec({ quantizer: "mu-law", bits: 2, width: 1, mu: 8 });
  assert.ok(mu.kind === "levels" && mu.parameter === 8);
  assert.ok(Math.abs((mu as LevelSet).levels[2] - (Math.cbrt(9) - 1) / 8) < 1e-15);
});

Deno.test("quantizerFromSpec: levels override bits/width and give a custom set", () => {
  const q = quantizerFromSpec({ quantizer: "uniform", bits: 5, width: 9, levels: [-1, 0, 2] });
  assert.ok(q.kind === "levels");
  assert.equal(q.family, "custom");
  assert.deepEqual([...q.levels], [-1, 0, 2]);
  assert.equal(q.width, 2);
  const c = quantizerFromSpec({ quantizer: "custom", levels: [0.5, 1] });
  assert.ok(c.kind === "levels" && c.levels.length === 2);
  assert.throws(() => quantizerFromSpec({ quantizer: "custom" }), /^RangeError: levels: /);
  assert.throws(
    () => quantizerFromSpec({ quantizer: "custom", levels: [1, 0] }),
    /^RangeError: levels\[1\]: levels must be sorted/,
  );
});

Deno.test("quantizerFromSpec: continuous, with optional prior variance", () => {
  assert.deepEqual(quantizerFromSpec({ quantizer: "continuous" }), {
    kind: "continuous",
    priorVariance: Infinity,
  });
  assert.deepEqual(quantizerFromSpec({ quantizer: "continuous", priorVariance: 2 }), {
    kind: "continuous",
    priorVariance: 2,
  });
  assert.throws(
    () => quantizerFromSpec({ quantizer: "continuous", levels: [1] }),
    /^RangeError: levels: not allowed/,
  );
});

Deno.test("quantizerFromSpec: clear errors naming the field", () => {
  assert.throws(() => quantizerFromSpec({ quantizer: "foo" as "uniform" }), {
    name: "RangeError",
    message:
      'quantizer: expected one of uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2|custom|continuous, got "foo"',
  });
  assert.throws(
    () => quantizerFromSpec({} as { quantizer: "uniform" }),
    /^RangeError: quantizer: expected one of .*, got undefined$/,
  );
  assert.throws(
    () => quantizerFromSpec({ quantizer: "uniform", width: 1 }),
    /^RangeError: bits: expected an integer in 1\.\.16, got undefined$/,
  );
  assert.throws(
    () => quantizerFromSpec({ quantizer: "lloyd-max", bits: 2 }),
    /^RangeError: width: expected a finite number > 0, got undefined$/,
  );
  assert.throws(
    () => quantizerFromSpec({ quantizer: "mu-law", bits: 2, width: 1, mu: -3 }),
    /^RangeError: mu: expected a finite number > 0, got -3$/,
  );
  assert.throws(() => quantizerFromSpec(null as unknown as { quantizer: "uniform" }), TypeError);
});
