// Non-uniform against uniform: the figure's rows are compareNonUniform's, the verdicts follow.
import assert from "node:assert/strict";
import {
  buildNonUniformFigure,
  computeNonUniformFigure,
  nonUniformSpec,
  nonUniformSummary,
} from "../../lib/figures/nonuniform.ts";
import { optimalWidth } from "../../lib/experiments/optimal_width.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { close4, detailRows, tooltipTitles } from "./tooltip_util.ts";

const data = computeNonUniformFigure({
  families: ["uniform", "lloyd-max"],
  bits: [1, 3],
  alphas: [2],
  samples: 24,
});

Deno.test("rows carry the family's own optimal width (direct optimalWidth call)", () => {
  for (const r of data.comparison.rows) {
    const o = optimalWidth({
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      quantizer: { quantizer: r.family, bits: r.bits },
    });
    assert.ok(Math.abs(o.width - r.optimalWidth) < 1e-6 * o.width, `${r.family} ${r.bits}`);
  }
  // at one bit every symmetric family is {±ω}: identical rows
  const one = data.comparison.rows.filter((r) => r.bits === 1);
  assert.equal(one[0].optimalWidth, one[1].optimalWidth);
});

Deno.test("verdicts compare stability ratios with uniform's; one-bit rows are skipped", () => {
  const s = nonUniformSummary(data);
  assert.equal(s.verdicts.length, 1);
  const v = s.verdicts[0];
  const u = data.comparison.rows.find((r) => r.family === "uniform" && r.bits === 3)!;
  const l = data.comparison.rows.find((r) => r.family === "lloyd-max" && r.bits === 3)!;
  assert.equal(v.atDifference, l.atAtOptimum - u.atAtOptimum);
  if (u.stabilityRatio !== null && l.stabilityRatio !== null) {
    assert.equal(v.stabilityGain, l.stabilityRatio / u.stabilityRatio);
  }
  assert.equal(s.perFamily[0].more + s.perFamily[0].equal + s.perFamily[0].less, 1);
});

Deno.test("non-uniform charts compile", () => {
  const f = buildNonUniformFigure({ quick: true });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
});

Deno.test("non-uniform tooltips: the RS solution at each optimum agrees with compareNonUniform's", () => {
  const spec = nonUniformSpec(data, "error", 2);
  const t = tooltipTitles(spec);
  for (const k of ["optimalWidth", "stabilityLimit", "m", "q", "Q", "at", "shannonEntropy"]) {
    assert.ok(t.has(k), k);
  }
  const rows = detailRows(spec);
  assert.equal(rows.length, data.comparison.rows.length);
  for (const r of data.comparison.rows) {
    const d = rows.find((x) => x.series === r.family && x.x === r.bits)!;
    // compareNonUniform solved the optimum itself; the details are a fresh solve there
    assert.ok(close4(d.d_at, r.atAtOptimum, 1e-6), `${r.family} ${r.bits}`);
    assert.ok(close4(d.d_genError, r.genError, 1e-6) && close4(d.d_optimalWidth, r.optimalWidth));
  }
});
