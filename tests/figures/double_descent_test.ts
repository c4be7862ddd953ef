// Finding (iii): the double-descent figure against direct solver calls.
import assert from "node:assert/strict";
import {
  buildDoubleDescentFigure,
  computeDoubleDescent,
  doubleDescentSpec,
  doubleDescentSummary,
} from "../../lib/figures/double_descent.ts";
import { interpolationThreshold, solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { lloydMaxOptimalWidth } from "../../lib/quantizers/lloyd_max.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { at4, detailNumber, detailRows, tooltipTitles } from "./tooltip_util.ts";

const data = computeDoubleDescent({
  bits: [1, 3],
  betas: [Infinity, 20],
  samples: 12,
  sigma2: 0.2,
});

Deno.test("alpha_c equals interpolationThreshold at the Lloyd–Max width; real weights at 1", () => {
  for (const bits of [1, 3]) {
    const q = uniformQuantizer({ bits, width: lloydMaxOptimalWidth(bits) });
    const t = data.thresholds.find((x) => x.bits === bits)!;
    assert.equal(t.alphaC, interpolationThreshold({ quantizer: q, sigma2: 0.2 }).alphaC);
    assert.ok(t.alphaC > 0 && t.alphaC < 1);
  }
  assert.equal(data.thresholds.find((x) => x.bits === Infinity)!.alphaC, 1);
});

Deno.test("points equal direct solves at beta = ∞ and at finite beta", () => {
  const q = uniformQuantizer({ bits: 3, width: lloydMaxOptimalWidth(3) });
  for (const p of data.points.filter((x) => x.bits === 3).slice(0, 40)) {
    if (p.beta === Infinity) {
      const s = solveZeroTemperature({ alpha: p.alpha, sigma2: 0.2, quantizer: q });
      assert.equal(p.error, s.meanError);
      assert.equal(p.trainError, s.trainError);
      assert.equal(p.trusted, s.valid);
    } else {
      const s = solveRs({ alpha: p.alpha, beta: p.beta, sigma2: 0.2, quantizer: q });
      assert.equal(p.error, s.meanError);
      assert.equal(p.gibbsError, s.genError);
    }
  }
  // the real-weight baseline is solved once, at beta = ∞, and matches ridgeless regression
  const real = data.points.filter((p) => p.bits === Infinity);
  assert.ok(real.every((p) => p.beta === Infinity));
  for (const p of real.filter((x) => x.alpha > 1.2)) {
    assert.ok(Math.abs(p.error - (0.2 + 0.2 / (p.alpha - 1))) < 1e-9, `alpha ${p.alpha}`);
  }
});

Deno.test("zero-temperature peaks sit at alpha_c, are finite for bits and infinite for real weights", () => {
  const s = doubleDescentSummary(data);
  for (const bits of [1, 3]) {
    const peak = s.peaks.find((p) => p.bits === bits && p.beta === Infinity)!;
    const ac = s.thresholds.find((t) => t.bits === bits)!.alphaC;
    assert.ok(Math.abs(peak.alpha! - ac) < 1e-6 * ac);
    assert.ok(Number.isFinite(peak.error!));
    // training error vanishes at alpha_c and is positive above
    const above = data.points.filter((p) =>
      p.bits === bits && p.beta === Infinity && p.alpha > ac * 1.01
    );
    assert.ok(above.every((p) => p.trainError > 0));
  }
  assert.equal(s.peaks.find((p) => p.bits === Infinity)!.error, Infinity);
  // fewer bits: earlier (smaller) threshold
  assert.ok(s.thresholds[0].alphaC < s.thresholds[1].alphaC);
});

Deno.test("charts compile without warnings; bad beta is rejected", () => {
  const f = buildDoubleDescentFigure({ quick: true });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
  assert.throws(() => doubleDescentSpec(data, { beta: 7 }), /beta: expected one of/);
  assert.throws(() => computeDoubleDescent({ bits: [0] }), /bits\[0\]/);
  assert.throws(() => computeDoubleDescent({ sigma2: -1 }), /sigma2/);
});

Deno.test("tooltips carry the whole solution at each point (direct solves)", () => {
  const q = uniformQuantizer({ bits: 3, width: lloydMaxOptimalWidth(3) });
  for (const beta of [Infinity, 20]) {
    const spec = doubleDescentSpec(data, { beta });
    const titles = tooltipTitles(spec);
    const keys = ["m", "q", "Q", "at", "trainError", "genError", "meanError", "converged"];
    for (const k of [...keys, "iterations", beta === Infinity ? "valid" : "shannonEntropy"]) {
      assert.ok(titles.has(k), `${k} at beta ${beta}`);
    }
    const rows = detailRows(spec).filter((r) => r.series === "3 bits");
    assert.ok(rows.length >= 12);
    const r = rows.find((x) => x.alpha === data.alphas[6])!;
    const s = beta === Infinity
      ? solveZeroTemperature({ alpha: data.alphas[6], sigma2: 0.2, quantizer: q })
      : solveRs({ alpha: data.alphas[6], beta, sigma2: 0.2, quantizer: q });
    assert.equal(detailNumber(r.d_m), at4(s.m));
    assert.equal(detailNumber(r.d_Q), at4(s.Q));
    assert.equal(detailNumber(r.d_meanError), at4(s.meanError));
  }
});
