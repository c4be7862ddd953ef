// Experiment parameters, grids, and warm-started scans against cold solves.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import { lloydMaxQuantizer } from "../../lib/quantizers/lloyd_max.ts";
import {
  experimentModelParams,
  experimentParameter,
  parameterGrid,
  quantizerAtWidth,
  withExperimentParameter,
} from "../../lib/experiments/params.ts";
import { extrapolateRsState } from "../../lib/experiments/continuation.ts";
import { scanRsLine } from "../../lib/experiments/rs_scan.ts";

Deno.test("quantizerAtWidth: families rebuilt, level sets rescaled with their base measure", () => {
  const lm = quantizerAtWidth({ quantizer: "lloyd-max", bits: 3 }, 2);
  assert.deepEqual(lm, lloydMaxQuantizer({ bits: 3, width: 2 }));
  const custom = levelSet([-2, -0.5, 1], { pi: [1, 2, 1] });
  const r = quantizerAtWidth(custom, 1);
  assert.ok(r.kind === "levels");
  assert.deepEqual(Array.from(r.levels), [-1, -0.25, 0.5]);
  assert.deepEqual(Array.from(r.logPi), Array.from(custom.logPi));
  const spec = quantizerAtWidth({ quantizer: "custom", levels: [-3, 1, 3] }, 1.5);
  assert.ok(spec.kind === "levels" && spec.levels.join() === "-1.5,0.5,1.5");
  assert.throws(
    () => quantizerAtWidth({ quantizer: "continuous" }, 1),
    /width: continuous weights/,
  );
  assert.throws(
    () => quantizerAtWidth({ quantizer: "uniform", bits: 2 }, 0),
    /width: expected a finite number > 0, got 0/,
  );
});

Deno.test("withExperimentParameter copies; experimentParameter reads back", () => {
  const p = { alpha: 2, beta: 5, quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 } };
  for (
    const [name, v] of [["alpha", 3], ["beta", 7], ["sigma2", 0.2], ["lambda", 0.4], [
      "width",
      1.7,
    ]] as const
  ) {
    const q = withExperimentParameter(p, name, v);
    assert.equal(experimentParameter(q, name), v);
  }
  assert.equal(experimentParameter(p, "width"), 1);
  assert.equal(experimentModelParams(p).quantizer.kind, "levels");
});

Deno.test("parameterGrid: ends exact, even or geometric spacing, bad ranges rejected", () => {
  const g = parameterGrid(0.1, 5, 50);
  assert.equal(g[0], 0.1);
  assert.equal(g[49], 5);
  assert.ok(Math.abs(g[1] - g[0] - 0.1) < 1e-14);
  const l = parameterGrid(0.5, 100, 5, "log");
  for (let i = 1; i < 4; i++) assert.ok(Math.abs(l[i + 1] / l[i] - l[i] / l[i - 1]) < 1e-12);
  assert.throws(() => parameterGrid(1, 1, 3), /to: expected a finite number > from = 1/);
  assert.throws(() => parameterGrid(0, 1, 3, "log"), /from: expected a number > 0 for a log grid/);
  assert.throws(() => parameterGrid(0, 1, 1), /samples: expected an integer >= 2, got 1/);
});

Deno.test("extrapolateRsState is exact for linear m, q and geometric V", () => {
  const s = extrapolateRsState({ m: 0.2, q: 0.1, V: 0.5 }, { m: 0.3, q: 0.3, V: 0.25 }, 0.5);
  assert.ok(Math.abs(s.m - 0.35) < 1e-15 && Math.abs(s.q - 0.4) < 1e-15);
  assert.ok(Math.abs(s.V - 0.25 / Math.SQRT2) < 1e-15);
});

Deno.test("scanRsLine: warm-started solutions equal cold solves, with fewer iterations", () => {
  const p = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 },
  };
  const widths = parameterGrid(0.3, 3, 28);
  const warm = scanRsLine(p, "width", widths);
  const cold = scanRsLine(p, "width", widths, { continuation: false });
  let itWarm = 0, itCold = 0;
  warm.forEach((s, i) => {
    const c = solveRs(experimentModelParams(withExperimentParameter(p, "width", widths[i])));
    assert.ok(s.converged);
    assert.ok(Math.abs(s.m - c.m) < 1e-8 && Math.abs(s.at - c.at) < 1e-7 * (1 + c.at));
    assert.equal(cold[i].m, c.m); // continuation off = solveRs from its default start
    itWarm += s.iterations;
    itCold += cold[i].iterations;
  });
  assert.ok(itWarm < itCold, `warm ${itWarm} vs cold ${itCold} iterations`);
});
