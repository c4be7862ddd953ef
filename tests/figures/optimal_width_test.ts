// Finding (ii): optimal widths against direct solves and the Lloyd–Max widths.
import assert from "node:assert/strict";
import {
  buildOptimalWidthFigure,
  computeOptimalWidth,
  optimalWidthSummary,
} from "../../lib/figures/optimal_width.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { lloydMaxOptimalWidth } from "../../lib/quantizers/lloyd_max.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { close4, detailRows, tooltipTitles } from "./tooltip_util.ts";

const data = computeOptimalWidth({
  bits: [1, 2, 3],
  curveBits: [2],
  betas: [10, Infinity],
  widthSamples: 24,
});

Deno.test("the reported optimum is a direct solve and a local minimum", () => {
  for (const o of data.optima) {
    const at = (w: number) => {
      const q = uniformQuantizer({ bits: o.bits, width: w });
      return o.beta === Infinity
        ? solveZeroTemperature({ alpha: 2, sigma2: 0.1, quantizer: q }).genError
        : solveRs({ alpha: 2, beta: o.beta, sigma2: 0.1, quantizer: q }).genError;
    };
    assert.ok(Math.abs(at(o.width) - o.error) < 1e-8, `bits ${o.bits}, beta ${o.beta}`);
    assert.ok(at(o.width * 0.97) > o.error && at(o.width * 1.03) > o.error);
    assert.equal(o.lloydMaxWidth, lloydMaxOptimalWidth(o.bits));
    assert.equal(o.ratioToLloydMax, o.width / o.lloydMaxWidth);
  }
});

Deno.test("curve points are direct solves and never beat the optimum", () => {
  const opt = data.optima.find((o) => o.bits === 2 && o.beta === 10)!;
  const curve = data.curves.filter((c) => c.bits === 2 && c.beta === 10);
  for (const c of curve.slice(0, 6)) {
    const s = solveRs({
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: 2, width: c.width }),
    });
    assert.ok(Math.abs(s.genError - c.error) < 1e-8);
  }
  assert.ok(curve.every((c) => c.error >= opt.error - 1e-10));
  const s = optimalWidthSummary(data);
  assert.ok(s.interior.every((i) => i.all));
  // the optimal width grows with the bits at beta = ∞
  const inf = s.optima.filter((o) => o.beta === Infinity);
  assert.ok(inf[0].width < inf[1].width && inf[1].width < inf[2].width);
});

Deno.test("optimal-width charts compile", () => {
  const f = buildOptimalWidthFigure({ quick: true });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
});

Deno.test("curve tooltips carry the whole solution (direct solves)", () => {
  for (const beta of [10, Infinity]) {
    const spec =
      buildOptimalWidthFigure({ bits: [2], curveBits: [2], betas: [beta], widthSamples: 6 })
        .charts[0].spec;
    const titles = tooltipTitles(spec);
    for (const k of ["m", "q", "Q", "at", "trainError", "genError", "meanError", "iterations"]) {
      assert.ok(titles.has(k), `${k} at beta ${beta}`);
    }
    const rows = detailRows(spec);
    assert.equal(new Set(rows.map((r) => r.width)).size, 6);
    const r = rows[2];
    const params = {
      alpha: 2,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: 2, width: r.width as number }),
    };
    const s = beta === Infinity ? solveZeroTemperature(params) : solveRs({ ...params, beta });
    assert.ok(close4(r.d_m, s.m, 1e-6) && close4(r.d_q, s.q, 1e-6) && close4(r.d_Q, s.Q, 1e-6));
  }
});
