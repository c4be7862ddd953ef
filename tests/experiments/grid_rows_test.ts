// The grid machinery shared by the RS and 1RSB phase diagrams: axis resolution (independent
// closed forms of the linear and log grids), the checks, the corner models, and that the rows
// solved through the worker pool equal the rows solved directly in this thread.
import assert from "node:assert/strict";
import {
  countNotConverged,
  gridCornerModels,
  resolveGridAxes,
  resolveGridAxis,
  solveGridRows,
  stackRows,
} from "../../lib/experiments/grid_rows.ts";
import {
  phaseDiagramRow,
  type PhaseDiagramRowResult,
  type PhaseDiagramRowTask,
} from "../../lib/experiments/phase_diagram_row.ts";
import type { ExperimentParams } from "../../lib/experiments/params.ts";

const PARAMS: ExperimentParams = {
  alpha: 2,
  beta: 10,
  sigma2: 0.1,
  quantizer: { quantizer: "uniform", bits: 1, width: 1 },
};

Deno.test("resolveGridAxis: linear and log ranges are the closed-form grids", () => {
  const lin = resolveGridAxis("x", { parameter: "alpha", from: 1, to: 3, samples: 5 });
  assert.deepEqual(lin.values.map((v) => Math.round(v * 1e12) / 1e12), [1, 1.5, 2, 2.5, 3]);
  assert.equal(lin.scale, "linear");
  const log = resolveGridAxis("y", {
    parameter: "beta",
    from: 1,
    to: 100,
    samples: 3,
    scale: "log",
  });
  assert.ok(Math.abs(log.values[1] - 10) < 1e-12);
  assert.equal(log.scale, "log");
  const explicit = resolveGridAxis("x", { parameter: "width", values: [0.5, 1] });
  assert.deepEqual(explicit, { parameter: "width", values: [0.5, 1], scale: "linear" });
});

Deno.test("resolveGridAxis / resolveGridAxes: bad input names the parameter", () => {
  assert.throws(() => resolveGridAxis("x", { parameter: "alpha", values: [1] }), /x\.values/);
  assert.throws(
    () => resolveGridAxis("y", { parameter: "alpha", values: [1, 1] }),
    /y\.values\[1\]: expected strictly increasing/,
  );
  assert.throws(() => resolveGridAxis("x", { parameter: "alpha", from: 1 }), /x: expected values/);
  assert.throws(() => resolveGridAxis("x", null as never), TypeError);
  // unknown axis keys throw only when a context is given
  const extra = { parameter: "alpha", values: [1, 2], sample: 3 } as never;
  assert.doesNotThrow(() => resolveGridAxis("x", extra));
  assert.throws(() => resolveGridAxis("x", extra, "f options"), /sample/);
  assert.throws(
    () =>
      resolveGridAxes({ parameter: "alpha", values: [1, 2] }, {
        parameter: "alpha",
        values: [1, 2],
      }),
    /y\.parameter: expected a parameter other than x's/,
  );
});

Deno.test("gridCornerModels: the four corners, invalid models rejected", () => {
  const { x, y } = resolveGridAxes(
    { parameter: "alpha", values: [0.5, 1, 2] },
    { parameter: "sigma2", values: [0, 0.3] },
  );
  const c = gridCornerModels(PARAMS, x, y);
  assert.deepEqual(c.map((p) => [p.alpha, p.sigma2]), [[0.5, 0], [2, 0], [0.5, 0.3], [2, 0.3]]);
  assert.throws(
    () =>
      gridCornerModels(
        { ...PARAMS, quantizer: { quantizer: "uniform", bits: 0, width: 1 } },
        x,
        y,
      ),
    RangeError,
  );
});

Deno.test("solveGridRows: worker rows equal direct rows, in the order of y", async () => {
  const { x, y } = resolveGridAxes(
    { parameter: "alpha", values: [0.5, 1.5] },
    { parameter: "width", values: [0.8, 1.2, 1.6] },
  );
  const rows = await solveGridRows<PhaseDiagramRowTask, PhaseDiagramRowResult>(
    new URL("../../lib/experiments/phase_diagram_row.ts", import.meta.url).href,
    "phaseDiagramRow",
    PARAMS,
    x,
    y,
    { solver: {} },
    { workers: 2 },
  );
  assert.equal(rows.length, 3);
  y.values.forEach((yValue, j) => {
    const direct = phaseDiagramRow({
      params: PARAMS,
      xParameter: "alpha",
      xValues: x.values,
      yParameter: "width",
      yValue,
      solver: {},
    });
    assert.deepEqual(rows[j], direct);
  });
  const conv = stackRows(rows, "converged");
  assert.equal(conv.length, 3);
  assert.equal(countNotConverged(conv), conv.flat().filter((c) => !c).length);
  assert.equal(countNotConverged([[true, false], [false, false]]), 3);
});
