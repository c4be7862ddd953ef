import assert from "node:assert/strict";
import { bitColor, renderSvg, theoryVsExperimentSpec } from "../../lib/plot/mod.ts";
import { assertCleanSpec, assertThrowsNaming, layerRows, layers } from "./_helpers.ts";
import { countMarks, linePaths, textsInRole } from "./_svg.ts";

function data() {
  const theory = [];
  const experiment = [];
  for (const [k, series] of ["1 bit", "2 bits", "ridge"].entries()) {
    for (let i = 0; i <= 20; i++) theory.push({ x: i / 5, y: 1 / (1 + (k + 1) * i / 5), series });
    for (let i = 1; i <= 4; i++) {
      experiment.push({
        x: i,
        y: 1 / (1 + (k + 1) * i),
        yErr: 0.01 * i,
        series,
        method: i % 2 === 0 ? "AMP" : "Monte Carlo",
      });
    }
  }
  return { theory, experiment };
}

Deno.test("theoryVsExperimentSpec: clean spec, bars from yErr, colours by series", () => {
  const spec = theoryVsExperimentSpec(data(), { xTitle: "α", yTitle: "ε_g" });
  assertCleanSpec(spec);
  assert.deepEqual(layers(spec).map((l) => l.mark.type), ["line", "errorbar", "point"]);
  for (const e of layerRows(spec, 1)) {
    assert.ok(Math.abs(e.yHigh - e.y - 0.01 * e.x) < 1e-15);
    assert.ok(Math.abs(e.y - e.yLow - 0.01 * e.x) < 1e-15);
  }
  const color = layers(spec)[0].encoding.color.scale;
  assert.deepEqual(color.domain, ["1 bit", "2 bits", "ridge"]);
  assert.deepEqual(color.range.slice(0, 2), [bitColor(1), bitColor(2)]);
  assert.deepEqual(layers(spec)[2].encoding.shape.scale.domain, ["Monte Carlo", "AMP"]);
});

Deno.test("theoryVsExperimentSpec SVG: a line per series and a point per experiment", async () => {
  const svg = await renderSvg(theoryVsExperimentSpec(data(), { xTitle: "α", yTitle: "ε_g" }));
  assert.equal(linePaths(svg).length, 3);
  assert.equal(countMarks(svg, "point"), 12);
  const legend = textsInRole(svg, "role-legend-label");
  for (const t of ["1 bit", "2 bits", "ridge", "AMP", "Monte Carlo"]) {
    assert.ok(legend.includes(t), t);
  }
  assert.deepEqual(textsInRole(svg, "role-axis-title").sort(), ["α", "ε_g"].sort());
});

Deno.test("theoryVsExperimentSpec: yLow/yHigh override yErr; theory-only and log axes", () => {
  const spec = theoryVsExperimentSpec({
    theory: [],
    experiment: [{ x: 1, y: 0.5, yErr: 0.1, yLow: 0.3, series: "a" }],
  });
  assertCleanSpec(spec);
  assert.deepEqual(
    [layerRows(spec, 0)[0].yLow, layerRows(spec, 0)[0].yHigh, layerRows(spec, 0)[0].method],
    [0.3, 0.6, "experiment"],
  );
  const only = theoryVsExperimentSpec(
    { theory: [{ x: 1, y: 1, series: "a" }, { x: 2, y: 0.5, series: "a" }], experiment: [] },
    { logX: true, logY: true },
  );
  assertCleanSpec(only);
  assert.equal(layers(only).length, 1);
});

Deno.test("theoryVsExperimentSpec: bad input names the parameter", () => {
  const t = [{ x: 1, y: 1, series: "a" }];
  assertThrowsNaming(
    () => theoryVsExperimentSpec({ theory: [], experiment: [] }),
    RangeError,
    "data",
  );
  assertThrowsNaming(
    () =>
      theoryVsExperimentSpec({ theory: t, experiment: [{ x: 1, y: 1, yErr: -1, series: "a" }] }),
    RangeError,
    "experiment[0].yErr",
  );
  assertThrowsNaming(
    () =>
      theoryVsExperimentSpec({
        theory: t,
        experiment: [{ x: 1, y: 1, yLow: 2, yHigh: 1, series: "a" }],
      }),
    RangeError,
    "experiment[0]",
    "yLow",
  );
  assertThrowsNaming(
    () => theoryVsExperimentSpec({ theory: [{ x: 1, y: 1, series: "" }], experiment: [] }),
    TypeError,
    "theory[0].series",
  );
  assertThrowsNaming(
    () =>
      theoryVsExperimentSpec({
        theory: t,
        experiment: [{ x: 1, y: 0.05, yErr: 0.1, series: "a" }],
      }, { logY: true }),
    RangeError,
    "experiment[0].yLow",
  );
});
