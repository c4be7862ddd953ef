import assert from "node:assert/strict";
import { midtreadQuantizer, uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { pow2Quantizer } from "../../lib/quantizers/pow2.ts";
import { gaussQuantileQuantizer } from "../../lib/quantizers/gauss_quantile.ts";
import {
  lloydMaxGaussian,
  lloydMaxOptimalWidth,
  lloydMaxQuantizer,
} from "../../lib/quantizers/lloyd_max.ts";
import type { LevelSet } from "../../lib/quantizers/quantizer.ts";

type Ctor = (o: { bits: number; width: number }) => LevelSet;
const constructors: [string, Ctor, number][] = [
  ["uniform", uniformQuantizer, 1],
  ["midtread", midtreadQuantizer, 2],
  ["gauss-quantile", gaussQuantileQuantizer, 1],
  ["lloyd-max", lloydMaxQuantizer, 1],
  ["mu-law", (o) => muLawQuantizer(o), 1],
  ["pow2", pow2Quantizer, 1],
];

function throwsNaming(fn: () => unknown, prefix: string, got: string): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof RangeError, `expected RangeError, got ${e}`);
    assert.ok(e.message.startsWith(prefix), `message "${e.message}" should start "${prefix}"`);
    assert.ok(e.message.endsWith(`got ${got}`), `message "${e.message}" should end "got ${got}"`);
    return true;
  });
}

Deno.test("every family rejects non-integer / out-of-range bits, naming bits and its range", () => {
  for (const [name, make, min] of constructors) {
    const range = `bits: expected an integer in ${min}..16`;
    throwsNaming(() => make({ bits: 2.5, width: 1 }), range, "2.5");
    throwsNaming(() => make({ bits: 0, width: 1 }), range, "0");
    throwsNaming(() => make({ bits: -3, width: 1 }), range, "-3");
    throwsNaming(() => make({ bits: 17, width: 1 }), range, "17");
    throwsNaming(() => make({ bits: NaN, width: 1 }), range, "NaN");
    throwsNaming(() => make({ bits: Infinity, width: 1 }), range, "Infinity");
    throwsNaming(() => make({ bits: "2" as unknown as number, width: 1 }), range, '"2"');
    throwsNaming(() => make({ width: 1 } as { bits: number; width: number }), range, "undefined");
    assert.ok(make({ bits: 3, width: 1 }).levels.length > 0, name);
  }
  // The exact message of the brief.
  assert.throws(
    () => uniformQuantizer({ bits: 2.5, width: 1 }),
    { name: "RangeError", message: "bits: expected an integer in 1..16, got 2.5" },
  );
});

Deno.test("every family rejects width that is not finite and > 0, naming width", () => {
  for (const [, make] of constructors) {
    for (const width of [0, -1, NaN, Infinity, -Infinity]) {
      throwsNaming(
        () => make({ bits: 2, width }),
        "width: expected a finite number > 0",
        String(width),
      );
    }
    throwsNaming(
      () => make({ bits: 2 } as { bits: number; width: number }),
      "width: expected a finite number > 0",
      "undefined",
    );
  }
});

Deno.test("lloydMaxGaussian / lloydMaxOptimalWidth validate bits and sigma", () => {
  throwsNaming(() => lloydMaxGaussian(0), "bits: expected an integer in 1..16", "0");
  throwsNaming(() => lloydMaxGaussian(1.5), "bits: expected an integer in 1..16", "1.5");
  throwsNaming(() => lloydMaxOptimalWidth(17), "bits: expected an integer in 1..16", "17");
  for (const sigma of [0, -2, NaN, Infinity]) {
    throwsNaming(
      () => lloydMaxOptimalWidth(2, { sigma }),
      "sigma: expected a finite number > 0",
      String(sigma),
    );
  }
});
