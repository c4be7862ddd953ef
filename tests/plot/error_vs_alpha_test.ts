import assert from "node:assert/strict";
import {
  bitColor,
  type ErrorVsAlphaRow,
  errorVsAlphaSpec,
  OKABE_ITO,
  renderSvg,
} from "../../lib/plot/mod.ts";
import { assertCleanSpec, assertThrowsNaming, layerRows, layers } from "./_helpers.ts";
import { countMarks, linePaths, textsInRole } from "./_svg.ts";

// Ridgeless regression's double descent (sigma2 = 0.1, rho = 1) for the baseline:
// E(α) = (1 − α) + σ²α/(1 − α) for α < 1, σ²/(α − 1) for α > 1; null at the divergence.
function rows(): ErrorVsAlphaRow[] {
  const out: ErrorVsAlphaRow[] = [];
  for (let i = 1; i <= 40; i++) {
    const a = i / 10;
    const base = a < 1 ? 1 - a + 0.1 * a / (1 - a) : a > 1 ? 0.1 / (a - 1) : null;
    out.push({ alpha: a, error: base, bits: Infinity });
    for (const bits of [1, 2]) out.push({ alpha: a, error: 0.5 / (1 + a * bits), bits });
  }
  return out;
}

Deno.test("errorVsAlphaSpec: clean spec, series sorted by bits with baseline last", () => {
  const spec = errorVsAlphaSpec(rows(), {
    thresholds: [{ alpha: 1, bits: Infinity }, { alpha: 1.4, bits: 1, label: "α_c(1 bit)" }],
    yDomain: [0, 2],
  });
  assertCleanSpec(spec);
  const color = layers(spec)[0].encoding.color.scale;
  assert.deepEqual(color.domain, ["1 bit", "2 bits", "unquantized"]);
  assert.deepEqual(color.range, [bitColor(1), bitColor(2), OKABE_ITO.black]);
  // The divergence at α = 1 (null) splits the baseline in two segments.
  const base = layerRows(spec, 0).filter((r) => r.series === "unquantized");
  assert.equal(base.length, 39);
  assert.equal(new Set(base.map((r) => r.segment)).size, 2);
  assert.deepEqual(layers(spec)[0].encoding.y.scale.domain, [0, 2]);
  // Rules and labels, coloured by bit count.
  assert.deepEqual(
    layerRows(spec, 1).map((t) => [t.alpha, t.color, t.label]),
    [[1, OKABE_ITO.black, "α_c"], [1.4, bitColor(1), "α_c(1 bit)"]],
  );
});

Deno.test("errorVsAlphaSpec SVG: curves, rules, labels, legend", async () => {
  const svg = await renderSvg(errorVsAlphaSpec(rows(), {
    thresholds: [{ alpha: 1 }, { alpha: 1.4, bits: 1 }],
    yDomain: [0, 2],
  }));
  const paths = linePaths(svg);
  assert.equal(paths.length, 4, "1 bit, 2 bits, and the baseline on both sides of α = 1");
  assert.equal(paths.filter((p) => p.stroke === "#000000").length, 2);
  assert.equal(countMarks(svg, "rule mark"), 2);
  assert.deepEqual(textsInRole(svg, "role-legend-label"), ["1 bit", "2 bits", "unquantized"]);
  assert.ok(textsInRole(svg, "role-axis-title").includes("α (samples per weight, M/N)"));
});

Deno.test("errorVsAlphaSpec: log axes", () => {
  const r = rows().filter((x) => x.error !== null);
  const spec = errorVsAlphaSpec(r, { logX: true, logY: true, thresholds: [{ alpha: 1 }] });
  assertCleanSpec(spec);
  assert.equal(layers(spec)[0].encoding.x.scale.type, "log");
  assert.equal(layers(spec)[0].encoding.y.scale.type, "log");
  assertThrowsNaming(
    () => errorVsAlphaSpec([{ alpha: 0, error: 1, bits: 1 }], { logX: true }),
    RangeError,
    "rows[0].alpha",
  );
});

Deno.test("errorVsAlphaSpec: bad input names the parameter", () => {
  assertThrowsNaming(() => errorVsAlphaSpec([]), RangeError, "rows");
  assertThrowsNaming(
    () => errorVsAlphaSpec([{ alpha: 1, error: NaN, bits: 1 }]),
    RangeError,
    "rows[0].error",
  );
  assertThrowsNaming(
    () => errorVsAlphaSpec([{ alpha: 1, error: 1, bits: 1 }], { yDomain: [2, 1] }),
    RangeError,
    "yDomain",
  );
  assertThrowsNaming(
    () => errorVsAlphaSpec([{ alpha: 1, error: 1, bits: 1 }], { thresholds: [{ alpha: NaN }] }),
    RangeError,
    "thresholds[0].alpha",
  );
});
