import assert from "node:assert/strict";
import {
  AXIS_TITLES,
  compileVegaLite,
  finishChartSpec,
  renderSvg,
  VEGA_LITE_V5_SCHEMA,
} from "../../lib/plot/mod.ts";

Deno.test("finishChartSpec: v5 schema, defaults, title, overrides applied last", () => {
  const spec = finishChartSpec({ mark: "point", config: { axis: { grid: false } } }, {
    title: "T",
    height: 200,
    overrides: { height: 100, config: { legend: { orient: "bottom" } } },
  });
  assert.equal(spec.$schema, "https://vega.github.io/schema/vega-lite/v5.json");
  assert.equal(VEGA_LITE_V5_SCHEMA, spec.$schema);
  assert.equal(spec.width, 480);
  assert.equal(spec.height, 100);
  assert.deepEqual(spec.title, { text: "T" });
  const config = spec.config as Record<string, Record<string, unknown>>;
  assert.equal(config.axis.grid, false, "body config kept");
  assert.equal(config.axis.titleFontSize, 12, "default config kept");
  assert.equal(config.legend.orient, "bottom", "override wins");
  assert.throws(() => finishChartSpec({}, { height: 0 }), /height: expected a finite number > 0/);
});

Deno.test("AXIS_TITLES: symbol first, meaning in parentheses", () => {
  for (const t of Object.values(AXIS_TITLES)) assert.match(t, /^\S+ \(.+\)$/);
});

Deno.test("compileVegaLite: reports warnings instead of printing; throws on garbage", async () => {
  const { warnings } = compileVegaLite({
    $schema: VEGA_LITE_V5_SCHEMA,
    data: { values: [{ a: 1 }] },
    mark: "point",
    encoding: { shape: { field: "a", type: "quantitative" } },
  });
  assert.ok(warnings.some((w) => w.includes("shape")), warnings.join("\n"));
  assert.throws(() => compileVegaLite(null as never), TypeError);
  await assert.rejects(() => renderSvg(7 as never), TypeError);
});
