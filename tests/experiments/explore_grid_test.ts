// Explore grid: points against independent cold solves (finite beta and beta = ∞), alpha_c
// against the phase of the ground state on both sides, the chart's params / bindings /
// filters, and what a headless vega View shows after a slider moves.
import assert from "node:assert/strict";
import { exploreBetaLabel, exploreChart, exploreGrid } from "../../lib/experiments/explore_grid.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { JUPYTER_DISPLAY } from "../../lib/jupyter/with_display.ts";
import { assertCleanSpec, assertThrowsNaming } from "../plot/_helpers.ts";
import { g4, tooltipItems } from "../plot/_tooltips.ts";

const SMALL = {
  bits: [1, 3],
  widths: { from: 0.5, to: 2.5, samples: 5 },
  alphas: { from: 0.25, to: 4, samples: 5 },
  sigma2: 0.1,
};
const grid = exploreGrid(SMALL);

const close = (a: number | null, b: number, tol: number, what: string) =>
  assert.ok(a !== null && Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);

Deno.test("exploreGrid: layout, and points equal independent cold solves", () => {
  assert.deepEqual(grid.bits, [1, 3]);
  assert.deepEqual(grid.betas, [10, Infinity]);
  assert.equal(grid.points.length, 2 * 2 * 5 * 5);
  assert.ok(grid.converged);
  // log-spaced alphas: constant ratio 16^(1/4) = 2
  grid.alphas.slice(1).forEach((a, i) => close(a / grid.alphas[i], 2, 1e-12, "alpha ratio"));
  // order: beta, bits, width, alpha
  const p = grid.points[(1 * 5 + 2) * 5 + 3];
  assert.deepEqual([p.beta, p.bits, p.width, p.alpha], [10, 3, 1.5, 2]);
  for (const bits of [1, 3]) {
    for (const [width, alpha] of [[0.5, 0.25], [1.5, 2], [2.5, 4]]) {
      const quantizer = uniformQuantizer({ bits, width });
      const s = solveRs({ alpha, beta: 10, sigma2: 0.1, quantizer });
      const g = grid.points.find((q) =>
        q.beta === 10 && q.bits === bits && q.width === width && Math.abs(q.alpha - alpha) < 1e-12
      )!;
      // warm-started vs cold solve, both to a state change < 1e-10
      close(g.m, s.m, 1e-7, "m");
      close(g.Q, s.Q, 1e-7, "Q");
      close(g.at, s.at, 1e-7, "at");
      close(g.genError, s.genError, 1e-7, "genError");
      close(g.shannonEntropy, s.shannonEntropy!, 1e-7, "entropy");
      assert.equal(g.stable, s.at < 1);
      const z = solveZeroTemperature({ alpha, sigma2: 0.1, quantizer });
      const gz = grid.points.find((q) =>
        q.beta === Infinity && q.bits === bits && q.width === width &&
        Math.abs(q.alpha - alpha) < 1e-12
      )!;
      assert.equal(gz.valid, z.valid);
      // cold solves either way: the same numbers (Infinity kept as Infinity)
      for (const k of ["genError", "trainError", "m", "q", "Q", "at"] as const) {
        const want = z[k];
        if (Number.isFinite(want)) close(gz[k], want, 1e-9, `${k}(∞)`);
        else assert.equal(gz[k], want, `${k}(∞)`);
      }
    }
  }
  assert.equal(typeof (grid as unknown as Record<symbol, unknown>)[JUPYTER_DISPLAY], "function");
});

Deno.test("exploreGrid: alpha_c separates the interpolating and the ground-state phase", () => {
  grid.bits.forEach((bits, bi) => {
    grid.widths.forEach((width, wi) => {
      const ac = grid.alphaC[bi][wi];
      assert.ok(ac !== null && ac > 0, `alpha_c(${bits}, ${width})`);
      const quantizer = uniformQuantizer({ bits, width });
      const below = solveZeroTemperature({ alpha: ac * 0.98, sigma2: 0.1, quantizer });
      const above = solveZeroTemperature({ alpha: ac * 1.02, sigma2: 0.1, quantizer });
      assert.equal(below.phase, "interpolating", `below alpha_c(${bits}, ${width})`);
      assert.equal(above.phase, "ground-state", `above alpha_c(${bits}, ${width})`);
    });
  });
});

Deno.test("exploreChart: params bound to inputs, filters reference them, compiles clean", () => {
  const spec = exploreChart(grid);
  const vg = assertCleanSpec(spec);
  const params = spec.params as { name: string; value: unknown; bind: Record<string, unknown> }[];
  const byName = Object.fromEntries(params.map((p) => [p.name, p]));
  assert.deepEqual(byName.bits.bind, { input: "range", min: 1, max: 3, step: 1, name: "bits " });
  assert.equal(byName.width.bind.input, "range");
  assert.deepEqual(
    [byName.width.bind.min, byName.width.bind.max, byName.width.bind.step],
    [0.5, 2.5, 0.5],
  );
  assert.deepEqual(byName.beta.bind, { input: "radio", options: ["10", "∞"], name: "β " });
  // the compiled Vega spec has the three signals with bindings
  const signals = vg.signals as { name: string; bind?: unknown }[];
  for (const n of ["bits", "width", "beta"]) {
    assert.ok(signals.some((s) => s.name === n && s.bind !== undefined), n);
  }
  // every view (and the heat map's layers) filters on the params it depends on
  const text = JSON.stringify(spec.hconcat);
  assert.ok(text.includes('"filter":"datum.b == bits"'));
  assert.ok(text.includes('"filter":"datum.T == beta"'));
  assert.ok(text.includes('"filter":"abs(datum.w - width) < 0.25"'));
  assert.equal(exploreBetaLabel(Infinity), "∞");
  assertThrowsNaming(() => exploreChart(grid, { digits: 1 }), RangeError, "digits", "1");
  assertThrowsNaming(
    () => exploreChart(grid, { initial: { bits: 2 } }),
    RangeError,
    "initial.bits",
    "1, 3",
  );
});

Deno.test("exploreChart: moving the sliders redraws the curves of the selected point", async () => {
  const spec = exploreChart(grid);
  for (
    const [bits, width, beta] of [[1, 1.5, "10"], [3, 0.5, "10"], [3, 2, "∞"]] as const
  ) {
    const { items } = await tooltipItems(spec, { bits, width, beta });
    const pts = items.filter((it) => it.marktype === "symbol");
    // two curves (genError, trainError), one point per alpha where the value is finite
    const expected = grid.points.filter((p) =>
      p.bits === bits && p.width === width && exploreBetaLabel(p.beta) === beta
    );
    const finiteCount = expected.reduce(
      (n, p) =>
        n + [p.genError, p.trainError].filter((v) => v !== null && Number.isFinite(v)).length,
      0,
    );
    assert.equal(pts.length, finiteCount, `points at ${bits}, ${width}, ${beta}`);
    for (const it of pts) {
      assert.equal(it.datum.b, bits);
      assert.equal(it.datum.w, width);
      const p = expected.find((p) => Math.abs(p.alpha - it.datum.a) < 1e-3 * p.alpha)!;
      assert.ok(p, `alpha ${it.datum.a}`);
      assert.equal(it.tooltip.m, g4(p.m!));
      assert.equal(it.tooltip.trainError, g4(p.trainError!));
      const text = (v: number | null) => v === Infinity ? "∞" : v === null ? "–" : g4(v);
      assert.equal(it.tooltip["AT (replicon)"], text(p.at));
      assert.equal(it.tooltip["genError (Gibbs sample)"], text(p.genError));
      assert.equal(it.tooltip.Q, text(p.Q));
      assert.equal(it.tooltip["Shannon entropy"], text(p.shannonEntropy));
      // invalid (interpolating phase at beta = ∞) takes precedence over the replicon
      const rs = !p.valid
        ? "RS invalid (interpolating)"
        : p.stable
        ? "RS stable (AT < 1)"
        : "RS unstable (AT ≥ 1)";
      assert.equal(it.tooltip.RS, rs);
    }
    // the heat map shows every cell of the selected bits and beta with a finite genError
    const cells = items.filter((it) => it.marktype === "rect");
    const heat = grid.points.filter((p) =>
      p.bits === bits && exploreBetaLabel(p.beta) === beta && p.genError !== null &&
      Number.isFinite(p.genError)
    );
    assert.equal(cells.length, heat.length);
  }
});

Deno.test("exploreGrid: bad options are rejected by name", () => {
  assertThrowsNaming(() => exploreGrid({ bit: [1] } as never), TypeError, "bit", "bits");
  assertThrowsNaming(() => exploreGrid({ bits: [0] }), RangeError, "bits[0]", "0");
  assertThrowsNaming(() => exploreGrid({ bits: [1, 1] }), RangeError, "bits[1]");
  assertThrowsNaming(() => exploreGrid({ beta: Infinity }), RangeError, "beta", "Infinity");
  assertThrowsNaming(() => exploreGrid({ sigma2: -1 }), RangeError, "sigma2", "-1");
  assertThrowsNaming(
    () => exploreGrid({ alphas: { from: 2, to: 1, samples: 3 } }),
    RangeError,
    "alphas.to",
  );
  assertThrowsNaming(
    () => exploreGrid({ widths: { from: 1, to: 2, samples: 1 } }),
    RangeError,
    "widths.samples",
  );
});
