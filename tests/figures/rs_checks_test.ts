// The RS checks figure: every check against an independent computation.
import assert from "node:assert/strict";
import {
  binaryMmseFixedPoint,
  buildRsChecksFigure,
  computeRsChecks,
  ridgelessEstimationError,
  rsChecksSummary,
} from "../../lib/figures/rs_checks.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { close4, detailRows, tooltipTitles } from "./tooltip_util.ts";

Deno.test("ridgeless closed forms: least squares above alpha = 1, minimum norm below", () => {
  assert.equal(ridgelessEstimationError(3, 0.2), 0.1);
  // min norm at alpha = 1/2, rho = 1: (1 − ½) + sigma2·½/½
  assert.equal(ridgelessEstimationError(0.5, 0.2), 0.7);
  assert.equal(ridgelessEstimationError(1, 0.2), Infinity);
});

Deno.test("Tanaka's fixed point solves its own equation (trapezoid check) and has the right limits", () => {
  const alpha = 1, sigma2 = 0.25;
  const mmse = binaryMmseFixedPoint(alpha, sigma2);
  const s = alpha / (sigma2 + mmse);
  // E tanh(s + sqrt(s) z) by a plain trapezoid rule on [-12, 12]
  let e = 0;
  const h = 1e-3;
  for (let z = -12; z <= 12; z += h) {
    e += h * Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI) * Math.tanh(s + Math.sqrt(s) * z);
  }
  assert.ok(Math.abs(1 - e - mmse) < 1e-7);
  assert.ok(binaryMmseFixedPoint(20, 0.01) < 1e-6); // many clean samples: perfect recovery
  assert.ok(binaryMmseFixedPoint(1e-4, 1) > 0.999); // no samples: prior error
});

Deno.test("checks agree with their references and the continuous rows are direct solves", () => {
  const d = computeRsChecks({
    continuousAlphas: [0.5, 2, 4],
    nishimoriAlphas: [0.5, 1],
    thermoBetas: [3],
    limitBetas: [10, 1e5],
  });
  const q = uniformQuantizer({ bits: 10, width: 6 });
  for (const r of d.continuousLimit.rows) {
    assert.equal(
      r.rs,
      solveZeroTemperature({ alpha: r.alpha, sigma2: 0.1, quantizer: q }).meanError - 0.1,
    );
    assert.ok(Math.abs(r.rs - r.closedForm) < 0.01, `alpha ${r.alpha}`);
  }
  const s = rsChecksSummary(d);
  assert.ok(s.nishimoriMaxMqGap < 1e-9 && s.nishimoriMaxQRhoGap < 1e-9 && s.nishimoriMaxAt < 1);
  assert.ok(s.nishimoriMaxMmseGap < 1e-6);
  assert.ok(s.thermodynamicsMaxRelativeDeviation < 1e-6);
  assert.ok(s.zeroTemperatureGap < 1e-3 && s.zeroTemperatureBetaMax === 1e5);
  assert.ok(s.crisisShannonEntropy < 0 && s.crisisAt < 1);
});

Deno.test("rs_checks figure: charts compile, report quotes the summary", () => {
  const f = buildRsChecksFigure({ quick: true });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
  assert.ok(f.report.includes("entropy crisis"));
  assert.ok(f.table.length > 10);
});

Deno.test("rs_checks tooltips: each RS point carries its solution (direct solves)", () => {
  const f = buildRsChecksFigure({ quick: true });
  const cont = f.charts.find((c) => c.name === "continuous_limit")!.spec;
  assert.ok(["m", "q", "Q", "at", "valid", "iterations"].every((k) => tooltipTitles(cont).has(k)));
  const r = detailRows(cont)[0];
  const z = solveZeroTemperature({
    alpha: r.x as number,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 10, width: 6 }),
  });
  assert.ok(close4(r.d_m, z.m, 1e-9) && close4(r.d_q, z.q, 1e-9));
  const lim = f.charts.find((c) => c.name === "zero_temperature_limit")!.spec;
  const t = tooltipTitles(lim);
  assert.ok(["m", "shannonEntropy", "converged"].every((k) => t.has(k)));
  const row = detailRows(lim).find((x) => x.series === "test error")!;
  const s = solveRs({
    alpha: 2,
    beta: row.x as number,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  });
  assert.ok(close4(row.d_Q, s.Q, 1e-9) && close4(row.d_meanError, s.meanError, 1e-9));
});
