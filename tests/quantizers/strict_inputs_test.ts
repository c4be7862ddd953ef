// Issue 11: misspelled option keys and missing arguments are errors, never silent defaults;
// level sets cannot be changed after construction.
import assert from "node:assert/strict";
import { midtreadQuantizer, uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { gaussQuantileQuantizer } from "../../lib/quantizers/gauss_quantile.ts";
import { lloydMaxOptimalWidth, lloydMaxQuantizer } from "../../lib/quantizers/lloyd_max.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { pow2Quantizer } from "../../lib/quantizers/pow2.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { quantizerFromSpec } from "../../lib/quantizers/from_spec.ts";
import { gaussBernoulliTeacher, gaussianTeacher, levelsTeacher } from "../../lib/model/teacher.ts";
import { resolveModel } from "../../lib/model/params.ts";

const constructors = {
  uniformQuantizer,
  midtreadQuantizer,
  gaussQuantileQuantizer,
  lloydMaxQuantizer,
  muLawQuantizer,
  pow2Quantizer,
} as Record<string, (o: unknown) => unknown>;

Deno.test("every quantizer constructor rejects a misspelled key and a missing options object", () => {
  for (const [name, make] of Object.entries(constructors)) {
    assert.throws(
      () => make({ bits: 2, widht: 1 }),
      (e) =>
        e instanceof TypeError &&
        e.message.startsWith(`${name} options: unknown key "widht" (did you mean "width"?)`),
      name,
    );
    assert.throws(
      () => make(undefined),
      (e) => e instanceof TypeError && e.message.includes("expected an object with bits, width"),
      name,
    );
  }
  assert.throws(() => lloydMaxOptimalWidth(2, { sigam: 2 } as never), /unknown key "sigam"/);
  assert.throws(() => continuous({ variance: 2 } as never), /continuous options: unknown key/);
  assert.throws(
    () => quantizerFromSpec({ quantizer: "uniform", bits: 2, width: 1, widht: 2 } as never),
    /quantizerFromSpec spec: unknown key "widht"/,
  );
  assert.throws(() => levelSet([-1, 1], { weights: [1, 2] } as never), /levelSet options/);
});

Deno.test("levelSet rejects what is not an array of numbers (it used to return an empty set)", () => {
  assert.throws(() => levelSet({ levels: [-1, 1] } as never), TypeError);
  assert.throws(() => levelSet({ length: 2, 0: -1, 1: 1 } as never), TypeError);
  assert.throws(() => levelSet(undefined as never), /levels: expected an array of numbers/);
  assert.throws(() => levelSet(["-1", "1"] as never), /levels\[0\]: expected a finite number/);
});

Deno.test("teachers and model parameters reject misspelled keys", () => {
  assert.throws(
    () => gaussianTeacher({ rh0: 2 } as never),
    /gaussianTeacher options: unknown key "rh0"/,
  );
  assert.throws(() => gaussBernoulliTeacher({ densty: 0.2 } as never), /did you mean "density"/);
  assert.throws(() => levelsTeacher([-1, 1], { pi: [1, 1] } as never), /levelsTeacher options/);
  const q = uniformQuantizer({ bits: 1, width: 1 });
  assert.throws(
    () => resolveModel({ alpha: 2, beta: 1, quantizer: q, parisi: 0.5 } as never),
    /unknown key "parisi"/,
  );
  assert.throws(() => resolveModel(undefined as never), /params: expected an object/);
});

Deno.test("level sets, teachers and models are frozen; the input array is copied", () => {
  const input = [-1, 0, 2];
  const q = levelSet(input);
  input[0] = -5;
  assert.equal(q.levels[0], -1);
  assert.ok(Object.isFrozen(q));
  assert.throws(() => {
    (q as { levels: Float64Array }).levels = new Float64Array([0]);
  }, TypeError);
  assert.ok(Object.isFrozen(uniformQuantizer({ bits: 2, width: 1 })));
  assert.ok(Object.isFrozen(continuous()));
  const t = gaussBernoulliTeacher({ density: 0.5 });
  assert.ok(
    Object.isFrozen(t) && Object.isFrozen(t.components) && Object.isFrozen(t.components[0]),
  );
  const m = resolveModel({ alpha: 2, beta: 1, quantizer: q });
  assert.throws(() => {
    (m as { alpha: number }).alpha = 3;
  }, TypeError);
});
