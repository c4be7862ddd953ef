import assert from "node:assert/strict";
import { firstCrossing, trendVerdict } from "../../lib/experiments/hypothesis.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";

Deno.test("firstCrossing: linear interpolation is exact for a linear curve", () => {
  const xs = Array.from({ length: 11 }, (_, i) => 0.8 + 0.05 * i);
  // y = 3x − 2 reaches 1 at x = 1 exactly, between grid points whatever the grid.
  const ys = xs.map((x) => 3 * x - 2);
  assert.ok(Math.abs(firstCrossing({ xs, ys, level: 1 })! - 1) < 1e-12);
  // Already above at the first point: the first point. Never: null.
  assert.equal(firstCrossing({ xs, ys, level: -5 }), xs[0]);
  assert.equal(firstCrossing({ xs, ys, level: 10 }), null);
});

Deno.test("firstCrossing: skips missing values and takes the first of several crossings", () => {
  const xs = [0, 1, 2, 3, 4, 5];
  const ys = [0, null, 2, 0, NaN, 2];
  // Between x = 0 (y 0) and x = 2 (y 2), skipping the gap: crossing 1 at x = 1.
  assert.equal(firstCrossing({ xs, ys, level: 1 }), 1);
  assert.equal(firstCrossing({ xs, ys: [null, null, null, null, null, null], level: 0 }), null);
});

Deno.test("firstCrossing: bad input names the parameter", () => {
  assert.throws(() => firstCrossing({ xs: [0, 1], ys: [0], level: 0 }), /ys: expected 2/);
  assert.throws(() => firstCrossing({ xs: [1, 0], ys: [0, 1], level: 0 }), /xs: expected/);
  assert.throws(() => firstCrossing({ xs: [0, 1], ys: [0, 1], level: NaN }), /level/);
  assert.throws(
    () => firstCrossing({ xs: [0], ys: [0], level: 0, lvl: 1 } as never),
    /unknown key "lvl"/,
  );
});

Deno.test("trendVerdict: the three answers and their reasons", () => {
  const labels = ["a", "b", "c"];
  const sup = trendVerdict({ values: [3, 2, 1], direction: "decreasing", labels });
  assert.equal(sup.verdict, "supported");
  assert.equal(sup.change, -2);
  // The same data with the opposite prediction.
  const not = trendVerdict({ values: [3, 2, 1], direction: "increasing", labels });
  assert.equal(not.verdict, "not supported");
  assert.match(not.reason, /from a to b it decreases/);
  // A missing level: inconclusive, naming it (the 3-bit case of the notebook: no onset).
  const gap = trendVerdict({ values: [null, null, 1], direction: "decreasing", labels });
  assert.equal(gap.verdict, "inconclusive");
  assert.match(gap.reason, /no value for a, b/);
  assert.equal(gap.change, null);
  // No change at all: inconclusive, never "not supported".
  const flat = trendVerdict({ values: [1, 1, 1], direction: "decreasing", resolution: 0.05 });
  assert.equal(flat.verdict, "inconclusive");
  assert.match(flat.reason, /within the resolution/);
});

Deno.test("trendVerdict: differences up to the resolution are ties", () => {
  const h = 0.05;
  const grid = (i: number) => 0.8 + h * i; // grid values carry rounding errors
  // One grid step overall: not resolved.
  const one = trendVerdict({
    values: [grid(5), grid(5), grid(4)],
    direction: "decreasing",
    resolution: h,
  });
  assert.equal(one.verdict, "inconclusive");
  // Two steps overall, with a one-step wiggle against: supported.
  const two = trendVerdict({
    values: [grid(6), grid(5), grid(6), grid(4)],
    direction: "decreasing",
    resolution: h,
  });
  assert.equal(two.verdict, "supported");
  // A two-step rise in between: not supported, although the ends agree with the prediction.
  const rise = trendVerdict({
    values: [grid(6), grid(3), grid(5), grid(2)],
    direction: "decreasing",
    resolution: h,
  });
  assert.equal(rise.verdict, "not supported");
  // Without a resolution any decrease counts.
  assert.equal(
    trendVerdict({ values: [1, 1 - 1e-6], direction: "decreasing" }).verdict,
    "supported",
  );
});

Deno.test("trendVerdict: renders one Markdown line in Jupyter; JSON is plain data", async () => {
  const v = trendVerdict({ values: [2, 1], direction: "decreasing", labels: ["σ² = 0", "σ² = 1"] });
  assert.deepEqual(Object.keys(JSON.parse(JSON.stringify(v))), ["verdict", "reason", "change"]);
  const show = (v as unknown as Record<symbol, () => Promise<Record<string, string>>>)[
    Symbol.for("Jupyter.display")
  ];
  const bundle = await show();
  assert.match(bundle["text/markdown"], /^Verdict: \*\*supported\*\* — it decreases \(2 at σ² = 0/);
});

Deno.test("trendVerdict: bad input names the parameter", () => {
  assert.throws(
    () => trendVerdict({ values: [1], direction: "decreasing" }),
    /values: expected at least 2/,
  );
  assert.throws(
    () => trendVerdict({ values: [1, NaN], direction: "decreasing" }),
    /values\[1\] = NaN/,
  );
  assert.throws(() => trendVerdict({ values: [1, 2], direction: "down" as never }), TypeError);
  assert.throws(
    () => trendVerdict({ values: [1, 2], direction: "increasing", resolution: -1 }),
    /resolution/,
  );
  assert.throws(
    () => trendVerdict({ values: [1, 2], direction: "increasing", labels: ["a"] }),
    /labels: expected 2/,
  );
});

Deno.test("firstCrossing on the RS replicon: the interpolated onset is where AT = 1", () => {
  // Independent check on real data: at the interpolated onset width the RS replicon computed
  // afresh is ≈ 1 (the linear interpolation error of a smooth curve on a 0.05 grid).
  const xs = Array.from({ length: 33 }, (_, i) => 0.8 + 0.05 * i);
  const at = (width: number) =>
    solveRs({ alpha: 2, beta: 10, sigma2: 0, quantizer: uniformQuantizer({ bits: 2, width }) }).at;
  const ys = xs.map(at);
  const onset = firstCrossing({ xs, ys, level: 1 });
  assert.ok(onset !== null && onset > xs[0] && onset < xs.at(-1)!, `onset ${onset}`);
  const i = xs.findIndex((x) => x > onset);
  assert.ok(ys[i - 1] < 1 && ys[i] >= 1, "the onset lies between the grid points around AT = 1");
  assert.ok(Math.abs(at(onset) - 1) < 0.02, `AT(${onset}) = ${at(onset)}`);
});
