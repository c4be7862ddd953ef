// 1RSB phase diagram (docs/theory.md §3): a small grid against pointwise solves, and the
// structural facts every cell must satisfy (Phi_1RSB <= Phi_RS; x* = 1 exactly reproduces RS;
// RS-unstable cells (AT > 1) are in the RSB phase).
import assert from "node:assert/strict";
import { oneRsbPhaseDiagram } from "../../lib/experiments/one_rsb_phase_diagram.ts";
import { solveOneRsb } from "../../lib/theory/one_rsb.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import type { ExperimentParams } from "../../lib/experiments/params.ts";

const PARAMS: ExperimentParams = {
  alpha: 1,
  beta: 10,
  quantizer: { quantizer: "uniform", bits: 1, width: 1 },
};
const ALPHAS = [0.5, 1.25, 2];
const WIDTHS = [0.8, 1.5];

Deno.test("3 × 2 grid (two workers) equals pointwise solveOneRsb / solveRs in every cell", async () => {
  const d = await oneRsbPhaseDiagram(PARAMS, {
    x: { parameter: "alpha", values: ALPHAS },
    y: { parameter: "width", values: WIDTHS },
    workers: 2,
  });
  assert.equal(d.parisi.length, WIDTHS.length);
  assert.equal(d.parisi[0].length, ALPHAS.length);
  assert.ok(d.converged, JSON.stringify(d.reason));
  let rsb = 0, rsPhase = 0;
  WIDTHS.forEach((width, j) => {
    ALPHAS.forEach((alpha, i) => {
      const p = { alpha, beta: 10, quantizer: uniformQuantizer({ bits: 1, width }) };
      const s = solveOneRsb(p);
      const rs = solveRs(p);
      assert.equal(d.parisi[j][i], s.x);
      assert.equal(d.deltaFreeEntropy[j][i], s.freeEntropy - rs.freeEntropy);
      assert.equal(d.trainError[j][i], s.trainError);
      assert.equal(d.genError[j][i], s.genError);
      assert.equal(d.shannonEntropy[j][i], s.shannonEntropy);
      assert.equal(d.rsTrainError[j][i], rs.trainError);
      assert.equal(d.at[j][i], rs.at);
      // 1RSB never raises Phi above RS (x* minimises Phi*(x), and Phi*(1) = Phi_RS)
      assert.ok(d.deltaFreeEntropy[j][i]! <= 1e-10, `cell (${alpha}, ${width})`);
      if (s.x === 1) {
        rsPhase++;
        assert.ok(Math.abs(d.deltaFreeEntropy[j][i]!) < 1e-9);
        assert.ok(Math.abs(d.trainError[j][i]! - rs.trainError) < 1e-8);
      } else rsb++;
      // RS locally unstable => the RSB phase
      if (rs.at > 1) assert.ok(s.x < 1, `AT = ${rs.at} at (${alpha}, ${width}) but x* = 1`);
    });
  });
  assert.ok(rsb > 0 && rsPhase > 0, `both phases on the grid (rsb ${rsb}, rs ${rsPhase})`);
});

Deno.test("bad input: same parameter twice, unknown keys, infinite beta", async () => {
  await assert.rejects(
    () =>
      oneRsbPhaseDiagram(PARAMS, {
        x: { parameter: "alpha", values: [1, 2] },
        y: { parameter: "alpha", values: [1, 2] },
      }),
    /y.parameter: expected a parameter other than x's/,
  );
  await assert.rejects(
    () =>
      oneRsbPhaseDiagram(
        PARAMS,
        {
          x: { parameter: "alpha", values: [1, 2] },
          y: { parameter: "width", values: [1, 2] },
          tolerence: 1e-8,
        } as unknown as Parameters<typeof oneRsbPhaseDiagram>[1],
      ),
    /oneRsbPhaseDiagram options: unknown key "tolerence"/,
  );
  await assert.rejects(
    () =>
      oneRsbPhaseDiagram({ ...PARAMS, beta: Infinity }, {
        x: { parameter: "alpha", values: [1, 2] },
        y: { parameter: "width", values: [1, 2] },
      }),
    /beta: /,
  );
});
