// AMP / Monte Carlo validation: the figure's numbers are runAmpSeeds' and the summary's logic.
import assert from "node:assert/strict";
import {
  ampValidationSummary,
  buildAmpValidationFigure,
  computeAmpValidation,
} from "../../lib/figures/amp_validation.ts";
import { runAmpSeeds } from "../../lib/algorithms/seeds.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { close4, detailRows, tooltipTitles } from "./tooltip_util.ts";

const opts = {
  alphas: [2],
  widths: [1, 2.4],
  seeds: [1, 2],
  ampN: 300,
  mcmcN: 30,
  mcmcSweeps: 10,
  ampMaxIterations: 120,
  workers: 1,
};
const data = await computeAmpValidation(opts);

Deno.test("sweep points equal a direct runAmpSeeds call and the RS solution", async () => {
  const params = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  };
  const direct = await runAmpSeeds(params, {
    n: 300,
    seeds: [1, 2],
    workers: 1,
    maxIterations: 120,
    traceEvery: 0,
  });
  const p = data.alphaSweep[0];
  assert.equal(p.ampMeanError, direct.mean.meanError);
  assert.equal(p.ampStderr, direct.stderr.meanError);
  assert.equal(p.rsMeanError, solveRs(params).meanError);
});

Deno.test("AMP converges where AT < 1 and not deep in the RSB phase", () => {
  const [stable, broken] = data.widthSweep;
  assert.ok(stable.rsAt < 1 && stable.ampConvergedShare === 1);
  assert.ok(broken.rsAt > 1 && broken.ampConvergedShare === 0);
  const s = ampValidationSummary(data);
  assert.ok(s.ampFailsExactlyInRsb);
  assert.deepEqual(s.widths.map((w) => w.width), [1, 2.4]);
});

Deno.test("summary: relative deviations and z-scores from the sweep", () => {
  const s = ampValidationSummary(data);
  const p = data.alphaSweep[0];
  assert.equal(
    s.ampMaxRelativeDeviation,
    Math.abs(p.ampMeanError! - p.rsMeanError) / p.rsMeanError,
  );
  assert.equal(s.ampMaxZ, Math.abs(p.ampMeanError! - p.rsMeanError) / p.ampStderr!);
});

Deno.test("AMP validation charts compile", async () => {
  const f = await buildAmpValidationFigure({ quick: true, workers: 1 });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
});

Deno.test("AMP validation tooltips: RS solution on the lines, seeds and mean ± s.e. on the points", async () => {
  const { ampAlphaSweepSpec, ampWidthSweepSpec } = await import(
    "../../lib/figures/amp_validation.ts"
  );
  const spec = ampAlphaSweepSpec(data);
  const titles = tooltipTitles(spec);
  for (const k of ["m", "q", "Q", "at", "shannonEntropy", "meanError", "N", "seeds", "converged"]) {
    assert.ok(titles.has(k), k);
  }
  const rows = detailRows(spec);
  // an RS line point against a direct solve
  const line = rows.find((r) => r.series === "posterior mean" && r.method === undefined)!;
  const rs = solveRs({
    alpha: line.x as number,
    beta: 10,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
  });
  assert.ok(close4(line.d_m, rs.m) && close4(line.d_at, rs.at));
  // the AMP point: N = 300, both seeds, "k ± s" text of the posterior-mean error
  const amp = rows.find((r) => r.method === "AMP")!;
  assert.equal(amp.d_N, 300);
  assert.equal(amp.d_seeds, "1,2");
  const p = data.alphaSweep[0];
  assert.equal(
    amp.d_meanError,
    `${p.ampMeanError!.toPrecision(4)} ± ${p.ampStderr!.toPrecision(2)}`,
  );
  // width sweep: RS replicon rows carry the RS solution, AMP rows the stop reasons
  const w = detailRows(ampWidthSweepSpec(data));
  const rsRow = w.find((r) => r.series === "RS replicon" && r.x === 2.4)!;
  assert.ok(close4(rsRow.d_at, data.widthSweep[1].rsAt));
  const ampRow = w.find((r) => r.series === "AMP converged" && r.x === 2.4)!;
  assert.equal(ampRow.d_reasons, data.widthSweep[1].reasons.join(" "));
});
