// Sweeps: rows equal direct solver calls, the product has the right size and order, the CSV
// and JSON writers round-trip, progress is reported, bad grids are rejected.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { quantizerFromSpec } from "../../lib/quantizers/from_spec.ts";
import { continuous } from "../../lib/quantizers/quantizer.ts";
import {
  runSweep,
  SWEEP_COLUMNS,
  sweepSize,
  sweepToCsv,
  sweepToJson,
} from "../../lib/experiments/sweep.ts";

Deno.test("rows equal direct solveRs / solveZeroTemperature calls, in product order", () => {
  const grid = {
    alpha: [0.5, 2],
    beta: [5, Infinity],
    sigma2: [0.1],
    lambda: [0, 0.2],
    bits: [1, 3],
    width: [0.8, 2],
    quantizer: ["uniform", "lloyd-max"] as const,
  };
  const r = runSweep({ ...grid, quantizer: [...grid.quantizer] });
  assert.equal(r.rows.length, 2 * 2 * 2 * 1 * 2 * 2 * 2);
  assert.equal(sweepSize({ ...grid, quantizer: [...grid.quantizer] }), r.rows.length);
  let k = 0;
  for (const quantizer of grid.quantizer) {
    for (const bits of grid.bits) {
      for (const beta of grid.beta) {
        for (const lambda of grid.lambda) {
          for (const alpha of grid.alpha) {
            for (const width of grid.width) {
              const row = r.rows[k++];
              assert.deepEqual(
                [row.quantizer, row.bits, row.beta, row.lambda, row.alpha, row.width],
                [quantizer, bits, beta, lambda, alpha, width],
              );
              const params = {
                alpha,
                beta,
                sigma2: 0.1,
                lambda,
                quantizer: quantizerFromSpec({ quantizer, bits, width }),
              };
              const s = Number.isFinite(beta) ? solveRs(params) : solveZeroTemperature(params);
              assert.equal(row.genError, s.genError);
              assert.equal(row.trainError, s.trainError);
              assert.equal(row.at, s.at);
              assert.equal(row.converged, s.converged);
              assert.equal(
                row.phase,
                Number.isFinite(beta) ? "finite-temperature" : (s as { phase: string }).phase,
              );
            }
          }
        }
      }
    }
  }
});

Deno.test("continuous weights ignore bits and width (one row per other combination)", () => {
  const r = runSweep({
    alpha: [2, 3],
    beta: [1],
    lambda: [0.5],
    bits: [1, 2, 3],
    width: [1, 2],
    quantizer: ["continuous"],
  });
  assert.equal(r.rows.length, 2);
  assert.equal(r.rows[0].bits, null);
  const s = solveRs({ alpha: 2, beta: 1, lambda: 0.5, quantizer: continuous() });
  assert.equal(r.rows[0].meanError, s.meanError);
});

Deno.test("progress callback: once per point, done increasing to total", () => {
  const calls: [number, number][] = [];
  runSweep({ alpha: [1, 2, 3], width: [1, 2] }, { onProgress: (d, t) => calls.push([d, t]) });
  assert.deepEqual(calls, [[1, 6], [2, 6], [3, 6], [4, 6], [5, 6], [6, 6]]);
});

Deno.test("CSV: header, one line per row, full precision, inf and empty cells", () => {
  const r = runSweep({ alpha: [2], beta: [4, Infinity], bits: [2], width: [1.3], sigma2: [0.1] });
  const lines = sweepToCsv(r.rows).trimEnd().split("\n");
  assert.equal(lines.length, 3);
  assert.deepEqual(lines[0].split(","), [...SWEEP_COLUMNS]);
  const cells = lines.map((l) => l.split(","));
  const col = (name: string) => SWEEP_COLUMNS.indexOf(name as never);
  assert.equal(Number(cells[1][col("genError")]), r.rows[0].genError); // round-trips exactly
  assert.equal(cells[2][col("beta")], "inf");
  assert.equal(cells[2][col("at")], "inf"); // replicon of a level set at beta = inf
  assert.equal(cells[2][col("freeEntropy")], ""); // null: undefined at beta = inf
});

Deno.test("JSON: rows with inf as a string", () => {
  const r = runSweep({ alpha: [2], beta: [Infinity], bits: [1], width: [1] });
  const j = JSON.parse(sweepToJson(r.rows));
  assert.equal(j.rows.length, 1);
  assert.equal(j.rows[0].beta, "inf");
  assert.equal(j.rows[0].genError, r.rows[0].genError);
});

Deno.test("bad grids are rejected before any solve", () => {
  const cases: [Parameters<typeof runSweep>[0], RegExp][] = [
    [{ alpha: [] }, /alpha: expected a non-empty list, got \[\]/],
    [{} as never, /alpha: expected a non-empty list, got undefined/],
    [{ alpha: [1], width: [] }, /width: expected a non-empty list/],
    [{ alpha: [1, -2] }, /alpha\[1\]: expected a finite number > 0, got -2/],
    [{ alpha: [1], beta: [0] }, /beta\[0\]: expected a number > 0 \(or Infinity\), got 0/],
    [{ alpha: [1], bits: [2.5] }, /bits\[0\]: expected an integer in 1..16, got 2.5/],
    [{ alpha: [1], sigma2: [NaN] }, /sigma2\[0\]: expected a finite number >= 0/],
    [{ alpha: [1], quantizer: ["foo" as never] }, /quantizer\[0\]: expected one of .* got "foo"/],
    [{ alpha: [1], quantizer: ["midtread"], bits: [1] }, /bits/],
    [{ alpha: [0.5], beta: [2], quantizer: ["continuous"] }, /alpha: with continuous flat weights/],
  ];
  for (const [grid, re] of cases) {
    let progressed = false;
    assert.throws(() => runSweep(grid, { onProgress: () => (progressed = true) }), (e: Error) => {
      assert.ok(e instanceof RangeError || e instanceof TypeError, String(e));
      assert.match(e.message, re);
      return true;
    });
    assert.equal(progressed, false);
  }
});
