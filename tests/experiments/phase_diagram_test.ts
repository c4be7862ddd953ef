// Phase diagrams: cells against independent cold solveRs calls, the extracted AT / entropy
// lines against the 1-D transition-line finder, workers against one thread, display, errors.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { createRng } from "../../lib/numerics/rng.ts";
import { JUPYTER_DISPLAY } from "../../lib/jupyter/with_display.ts";
import {
  experimentModelParams,
  type ExperimentParams,
  withExperimentParameter,
} from "../../lib/experiments/params.ts";
import { computePhaseDiagram, rowCrossings } from "../../lib/experiments/phase_diagram.ts";
import { transitionLines } from "../../lib/experiments/transition_lines.ts";

const P: ExperimentParams = {
  alpha: 2,
  beta: 10,
  sigma2: 0.1,
  quantizer: { quantizer: "uniform", bits: 2, width: 1 },
};

function close(a: number | null, b: number | null, tol: number, what: string): void {
  assert.ok(a !== null && b !== null, `${what}: null`);
  assert.ok(Math.abs(a - b) <= tol * (1 + Math.abs(b)), `${what}: ${a} vs ${b}`);
}

Deno.test("grid cells equal independent cold-start solveRs calls (random cells)", async () => {
  const d = await computePhaseDiagram(P, {
    x: { parameter: "width", from: 0.2, to: 4, samples: 40 },
    y: { parameter: "alpha", from: 0.3, to: 4, samples: 6 },
    workers: 2,
  });
  assert.equal(d.converged, true);
  assert.equal(d.at.length, 6);
  assert.equal(d.at[0].length, 40);
  const rng = createRng(20240601);
  for (let k = 0; k < 8; k++) {
    const i = rng.int(40), j = rng.int(6);
    const point = withExperimentParameter(
      withExperimentParameter(P, "alpha", d.y.values[j]),
      "width",
      d.x.values[i],
    );
    const s = solveRs(experimentModelParams(point));
    assert.ok(s.converged && d.cellConverged[j][i]);
    // both solves stop at a state change < 1e-10; observables agree to ~1e-8
    close(d.at[j][i], s.at, 1e-7, `at[${j}][${i}]`);
    close(d.genError[j][i], s.genError, 1e-7, `genError[${j}][${i}]`);
    close(d.meanError[j][i], s.meanError, 1e-7, `meanError[${j}][${i}]`);
    close(d.trainError[j][i], s.trainError, 1e-7, `trainError[${j}][${i}]`);
    close(d.shannonEntropy[j][i], s.shannonEntropy, 1e-7, `shannonEntropy[${j}][${i}]`);
  }
});

for (
  const [xParam, yParam, from, to, ys] of [
    ["width", "alpha", 0.3, 4, [1.5, 2, 3]],
    ["alpha", "width", 0.3, 5, [1.5, 2, 2.5]],
  ] as const
) {
  Deno.test(`AT and entropy lines per row match transitionLines (x = ${xParam})`, async () => {
    const n = 32;
    const d = await computePhaseDiagram(P, {
      x: { parameter: xParam, from, to, samples: n },
      y: { parameter: yParam, values: [...ys] },
      workers: 1,
    });
    const h = (to - from) / (n - 1);
    for (let j = 0; j < ys.length; j++) {
      const t = transitionLines(withExperimentParameter(P, yParam, ys[j]), {
        vary: xParam,
        from,
        to,
        samples: n,
      });
      for (const [line, ref] of [[d.atLine[j], t.at], [d.entropyLine[j], t.entropy]] as const) {
        assert.equal(line.y, ys[j]);
        assert.equal(line.crossings.length, ref.length, `row ${ys[j]}: crossing count`);
        ref.forEach((c, k) => {
          const x = line.crossings[k];
          // same grid cell, and linear interpolation (in log at) within a quarter of a cell
          assert.ok(x >= c.bracket[0] && x <= c.bracket[1], `${x} outside ${c.bracket}`);
          assert.ok(Math.abs(x - c.value) < 0.25 * h, `row ${ys[j]}: ${x} vs ${c.value}`);
        });
      }
    }
  });
}

Deno.test("rows spread over workers give the same grid as one thread", async () => {
  const opts = {
    x: { parameter: "width" as const, from: 0.5, to: 3, samples: 10 },
    y: { parameter: "beta" as const, from: 2, to: 50, samples: 4, scale: "log" as const },
  };
  const a = await computePhaseDiagram(P, { ...opts, workers: 1 });
  const b = await computePhaseDiagram(P, { ...opts, workers: 2 });
  assert.deepEqual(b.at, a.at);
  assert.deepEqual(b.atLine, a.atLine);
  assert.equal(a.y.scale, "log");
  assert.ok(Math.abs(a.y.values[1] / a.y.values[0] - a.y.values[2] / a.y.values[1]) < 1e-12);
});

Deno.test("non-converged cells are null and flagged", async () => {
  const d = await computePhaseDiagram(P, {
    x: { parameter: "width", values: [0.5, 1, 1.5] },
    y: { parameter: "alpha", values: [1, 2] },
    maxIterations: 2,
    workers: 1,
  });
  assert.equal(d.converged, false);
  assert.equal(d.nonConverged, d.cellConverged.flat().filter((c) => !c).length);
  d.cellConverged.forEach((row, j) =>
    row.forEach((c, i) => {
      if (!c) assert.equal(d.at[j][i], null);
    })
  );
});

Deno.test("rowCrossings: linear interpolation of the transformed values, log axis", () => {
  // log(at) linear in x: at = e^(x − 1.3) crosses 1 at x = 1.3 exactly
  const x = [1, 1.2, 1.4, 1.6];
  const c = rowCrossings(x, x.map((v) => Math.exp(v - 1.3)), Math.log);
  assert.equal(c.length, 1);
  assert.ok(Math.abs(c[0] - 1.3) < 1e-14);
  // log axis: f = log(x) − log(2) interpolated in log x is exact
  const g = [1, 1.5, 2.5, 4];
  const d = rowCrossings(g, g.map((v) => Math.log(v / 2)), (v) => v, "log");
  assert.ok(Math.abs(d[0] - 2) < 1e-14);
  assert.deepEqual(rowCrossings([0, 1, 2], [null, 1, -1], (v) => v), [1.5]);
  assert.deepEqual(rowCrossings([0, 1, 2], [-1, null, 1], (v) => v), []);
});

Deno.test("the result displays itself in Jupyter as a chart with the AT line", async () => {
  const d = await computePhaseDiagram(P, {
    x: { parameter: "alpha", from: 0.5, to: 4, samples: 8 },
    y: { parameter: "width", from: 0.5, to: 3, samples: 6 },
    workers: 1,
  });
  assert.ok(d.atLine.some((r) => r.crossings.length > 0));
  const bundle = await d[JUPYTER_DISPLAY]();
  const spec = bundle["application/vnd.vegalite.v5+json"] as { layer: unknown[] };
  assert.ok(Array.isArray(spec.layer) && spec.layer.length >= 2, "heat map plus lines");
  assert.match(String(bundle["image/svg+xml"]), /^<svg/);
  assert.match(String(bundle["text/plain"]), /AT line/);
  assert.match(JSON.stringify(spec), /AT = 1/);
  // JSON of the result is plain data
  assert.ok(JSON.parse(JSON.stringify(d)).at.length === 6);
});

Deno.test("bad axes and models are rejected with clear errors", async () => {
  const x = { parameter: "width" as const, from: 0.5, to: 2, samples: 4 };
  const y = { parameter: "alpha" as const, values: [1, 2] };
  const cases: [Parameters<typeof computePhaseDiagram>[1], RegExp][] = [
    [
      { x, y: { ...y, parameter: "bits" as "alpha" } },
      /y\.parameter: expected one of width\|alpha\|beta\|sigma2\|lambda, got "bits"/,
    ],
    [
      { x, y: { parameter: "width", values: [1, 2] } },
      /y\.parameter: expected a parameter other than x's/,
    ],
    [{ x, y: { parameter: "alpha", values: [1] } }, /y\.values: expected at least 2 values, got 1/],
    [{ x, y: { parameter: "alpha", values: [] } }, /y\.values: expected at least 2 values, got 0/],
    [
      { x, y: { parameter: "alpha", values: [2, 1] } },
      /y\.values\[1\]: expected strictly increasing/,
    ],
    [
      { x, y: { parameter: "alpha", values: [-1, 1] } },
      /alpha: expected a finite number > 0, got -1/,
    ],
    [{ x: { ...x, to: 0.2 }, y }, /to: expected a finite number > from/],
    [{ x: { parameter: "width" }, y }, /x: expected values, or from and to/],
  ];
  for (const [opts, re] of cases) {
    await assert.rejects(computePhaseDiagram(P, { ...opts, workers: 1 }), (e: Error) => {
      assert.ok(e instanceof RangeError, String(e));
      assert.match(e.message, re);
      return true;
    });
  }
  await assert.rejects(
    computePhaseDiagram({ ...P, beta: Infinity }, { x, y, workers: 1 }),
    /beta: phase diagrams need a finite beta/,
  );
});
