// Non-uniform vs uniform comparison: 1-bit families coincide, crossings are roots, the table
// displays, bad inputs are rejected.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { JUPYTER_DISPLAY } from "../../lib/jupyter/with_display.ts";
import { quantizerFromSpec } from "../../lib/quantizers/from_spec.ts";
import type { ExperimentParams } from "../../lib/experiments/params.ts";
import { compareNonUniform } from "../../lib/experiments/nonuniform.ts";

const P: ExperimentParams = {
  alpha: 2,
  beta: 10,
  sigma2: 0.1,
  quantizer: { quantizer: "uniform", bits: 2, width: 1 },
};

Deno.test("at 1 bit every family is {−omega, +omega}: identical rows", () => {
  const c = compareNonUniform(P, { bits: [1], samples: 24 });
  assert.equal(c.rows.length, 5);
  for (const r of c.rows.slice(1)) {
    assert.deepEqual(r.atCrossings, c.rows[0].atCrossings);
    assert.equal(r.optimalWidth, c.rows[0].optimalWidth);
  }
});

Deno.test("rows: crossings are AT roots, stability at the optimum is consistent", () => {
  const c = compareNonUniform(P, {
    families: ["uniform", "lloyd-max", "pow2"],
    bits: [2, 3],
    alphas: [2, 4],
    samples: 32,
  });
  assert.equal(c.rows.length, 12);
  assert.equal(c.converged, true);
  for (const r of c.rows) {
    for (const w of r.atCrossings) {
      const s = solveRs({
        alpha: r.alpha,
        beta: 10,
        sigma2: 0.1,
        quantizer: quantizerFromSpec({ quantizer: r.family, bits: r.bits, width: w }),
      });
      assert.ok(Math.abs(s.at - 1) < 1e-6, `${r.family} ${r.bits} bits: at(${w}) = ${s.at}`);
    }
    if (r.stableAtOptimum) assert.ok(r.atAtOptimum < 1);
    if (r.stabilityLimit !== null) {
      assert.ok(Math.abs(r.stabilityRatio! - r.stabilityLimit / r.optimalWidth) < 1e-15);
      // below the first instability the optimum must be RS-stable (AT-wise)
      if (r.optimalWidth < r.stabilityLimit) assert.ok(r.atAtOptimum < 1);
    }
  }
});

Deno.test("the comparison displays as a table", async () => {
  const c = compareNonUniform(P, {
    families: ["uniform", "gauss-quantile"],
    bits: [2],
    samples: 16,
  });
  const b = await c[JUPYTER_DISPLAY]();
  assert.match(String(b["text/html"]), /<table>/);
  assert.match(String(b["text/plain"]), /gauss-quantile/);
});

Deno.test("bad inputs are rejected", () => {
  assert.throws(
    () => compareNonUniform(P, { families: [] }),
    /families: expected a non-empty list/,
  );
  assert.throws(() => compareNonUniform(P, { bits: [] }), /bits: expected a non-empty list/);
  assert.throws(
    () => compareNonUniform(P, { bits: [0] }),
    /bits: expected integers in 1..16, got 0/,
  );
  assert.throws(
    () => compareNonUniform(P, { alphas: [-1] }),
    /alphas: expected finite numbers > 0/,
  );
  assert.throws(
    () => compareNonUniform(P, { families: ["continuous"] }),
    /families: expected level-set families/,
  );
  assert.throws(
    () => compareNonUniform({ ...P, beta: Infinity }),
    /beta: the comparison needs a finite beta/,
  );
});
