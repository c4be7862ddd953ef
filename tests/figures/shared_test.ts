// Shared figure helpers: tooltip details of real solutions pass the chart builders' checks.
import assert from "node:assert/strict";
import {
  assembleFigure,
  markdownTable,
  oneRsbDetails,
  rsDetails,
  seedDetails,
} from "../../lib/figures/shared.ts";
import { pointDetailColumns } from "../../lib/plot/point_details.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { continuous } from "../../lib/quantizers/quantizer.ts";

Deno.test("rsDetails of RS, ground-state and real-weight solutions are valid tooltip details", () => {
  const q = uniformQuantizer({ bits: 2, width: 1.2 });
  const details = [
    rsDetails(solveRs({ alpha: 2, beta: 10, sigma2: 0.1, quantizer: q })),
    // a level set's ground state below alpha_c and real weights below alpha = 1
    rsDetails(solveZeroTemperature({ alpha: 0.3, sigma2: 0.1, quantizer: q })),
    rsDetails(solveZeroTemperature({ alpha: 0.5, sigma2: 0.1, quantizer: continuous() })),
  ];
  const cols = pointDetailColumns(details, "details"); // throws on NaN or a bad value
  const titles = cols.tooltip.map((t) => t.title);
  for (const k of ["m", "q", "Q", "at", "shannonEntropy", "valid", "converged", "iterations"]) {
    assert.ok(titles.includes(k), k);
  }
  // every value survives as a number, boolean or null (±Infinity kept, never NaN)
  for (const d of details) {
    for (const v of Object.values(d)) assert.ok(v === null || !Number.isNaN(v as number));
  }
});

Deno.test("oneRsbDetails and seedDetails: undefined quantities become null / '–', never NaN", () => {
  const d = oneRsbDetails({
    x: 1,
    m: NaN,
    q0: 0.5,
    q1: 0.5,
    Q: 1,
    shannonEntropy: null,
    trainError: 0.1,
    genError: 0.2,
    meanError: 0.15,
    converged: false,
    iterations: 300,
  });
  assert.equal(d.m, null);
  assert.equal(d.shannonEntropy, null);
  const s = seedDetails({
    n: 10,
    seeds: [3],
    runs: [{ converged: false }],
    averaged: 0,
    mean: { m: null },
    stderr: { m: null },
  }, ["m"]);
  assert.deepEqual(s, { N: 10, seeds: "3", converged: "0/1", averaged: 0, m: "–" });
  pointDetailColumns([d, s], "details");
});

Deno.test("markdownTable checks the row lengths; assembleFigure passes the summary to the report", () => {
  assert.throws(() => markdownTable(["a", "b"], [["1"]]), /rows\[0\]: expected 2 cells, got 1/);
  assert.throws(() => markdownTable(["a"], [], ["r", "l"]), /align: expected 1 entries/);
  let calls = 0;
  const f = assembleFigure({ id: "t", title: "T", finding: "F" }, { v: 2 }, {
    summary: (d) => (calls++, d.v * 10),
    charts: () => [],
    table: () => [],
    report: (_d, s) => `s = ${s}`,
  });
  assert.equal(f.report, "s = 20");
  assert.equal(calls, 1); // computed once, shared by summary and report
});
