import assert from "node:assert/strict";
import {
  findStderrErrorLines,
  inspectExecutedNotebook,
  NB_SVG_MIME,
  NB_VEGALITE_MIME,
  type NbNotebook,
  type NbOutput,
} from "./notebook_inspect.ts";
import { chartProblem } from "./browser_check.ts";
import { mapNbPool } from "./notebook_exec.ts";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>';
const SPEC = { mark: "bar", data: { values: [] } };

function nbWith(...outputs: NbOutput[]): NbNotebook {
  return {
    cells: [{ cell_type: "markdown" }, { cell_type: "code", outputs }],
  };
}

Deno.test("stderr rule flags failure reports", () => {
  for (
    const line of [
      "Error: boom",
      "error: Uncaught (in promise) TypeError: x is not a function",
      "TypeError: Cannot read properties of undefined",
      "RangeError: width: expected a finite number > 0, got -1",
      "FATAL_ERROR in solver",
      "an error occurred",
      "ERRORS found",
    ]
  ) {
    assert.deepEqual(findStderrErrorLines(line), [line], line);
  }
});

Deno.test("stderr rule lets measured quantities and unrelated words through", () => {
  for (
    const line of [
      "relative error 1e-6",
      "training error: 0.21",
      "generalization error at alpha=2",
      "Gibbs error ~ 0.3",
      "error bars show one standard deviation",
      "error = 0.001",
      "error: 1e-3",
      "0 errors",
      "no error",
      "Warning: slow convergence",
      "mirror terror stderr",
      "",
    ]
  ) {
    assert.deepEqual(findStderrErrorLines(line), [], line);
  }
});

Deno.test("stderr rule flags a line when any occurrence is a real error", () => {
  const text = "relative error 1e-6 then Error: boom\nfine\n";
  assert.deepEqual(findStderrErrorLines(text), ["relative error 1e-6 then Error: boom"]);
});

Deno.test("clean notebook with one chart passes and counts it", () => {
  const r = inspectExecutedNotebook(nbWith(
    { output_type: "stream", name: "stdout", text: ["Error: printed to stdout is fine\n"] },
    { output_type: "display_data", data: { [NB_VEGALITE_MIME]: SPEC, [NB_SVG_MIME]: [SVG] } },
    { output_type: "execute_result", data: { "text/plain": "10" } },
  ));
  assert.deepEqual(r, { charts: 1, svgOutputs: 1, problems: [] });
});

Deno.test("error outputs fail, with their cell index", () => {
  const r = inspectExecutedNotebook(
    nbWith({ output_type: "error", ename: "RangeError", evalue: "bad" }),
  );
  assert.equal(r.problems.length, 1);
  assert.deepEqual(r.problems[0], { cell: 1, kind: "error-output", message: "RangeError: bad" });
});

Deno.test("stderr errors fail; stderr quantities do not", () => {
  const bad = inspectExecutedNotebook(nbWith(
    { output_type: "stream", name: "stderr", text: ["relative error 1e-9\n", "Error: x\n"] },
  ));
  assert.deepEqual(bad.problems.map((p) => p.kind), ["stderr-error"]);
  assert.match(bad.problems[0].message, /Error: x/);
});

Deno.test("a chart bundle must carry both the Vega-Lite spec and the SVG", () => {
  const onlySpec = inspectExecutedNotebook(
    nbWith({ output_type: "display_data", data: { [NB_VEGALITE_MIME]: SPEC } }),
  );
  assert.equal(onlySpec.charts, 0);
  assert.equal(onlySpec.problems[0].kind, "chart-bundle");
  assert.match(onlySpec.problems[0].message, /no image\/svg\+xml/);

  const onlySvg = inspectExecutedNotebook(
    nbWith({ output_type: "execute_result", data: { [NB_SVG_MIME]: SVG } }),
  );
  assert.equal(onlySvg.charts, 0);
  assert.equal(onlySvg.svgOutputs, 1);
  assert.match(onlySvg.problems[0].message, /no application\/vnd\.vegalite\.v5\+json/);
});

Deno.test("a chart bundle with a non-SVG image or non-object spec fails", () => {
  const notSvg = inspectExecutedNotebook(nbWith({
    output_type: "display_data",
    data: { [NB_VEGALITE_MIME]: SPEC, [NB_SVG_MIME]: "<p>not an svg</p>" },
  }));
  assert.equal(notSvg.charts, 0);
  assert.equal(notSvg.problems.length, 1);
  const badSpec = inspectExecutedNotebook(nbWith({
    output_type: "display_data",
    data: { [NB_VEGALITE_MIME]: "spec", [NB_SVG_MIME]: SVG },
  }));
  assert.equal(badSpec.charts, 0);
  assert.equal(badSpec.problems.length, 1);
});

Deno.test("inspection rejects something that is not a notebook", () => {
  assert.throws(
    () => inspectExecutedNotebook({} as NbNotebook),
    (e: unknown) => e instanceof TypeError && /nb: expected/.test(e.message),
  );
});

Deno.test("chartProblem: size, visibility and drawn shapes", () => {
  assert.equal(chartProblem({ width: 300, height: 200, drawn: 12, hidden: false }), undefined);
  assert.match(chartProblem({ width: 0, height: 200, drawn: 3, hidden: false }) ?? "", /zero size/);
  assert.match(chartProblem({ width: 300, height: 200, drawn: 3, hidden: true }) ?? "", /hidden/);
  assert.match(
    chartProblem({ width: 300, height: 200, drawn: 0, hidden: false }) ?? "",
    /no shape/,
  );
  assert.match(
    chartProblem({ width: 0, height: 0, drawn: 0, hidden: false, missing: "no <svg>" }) ?? "",
    /no <svg>/,
  );
});

Deno.test("mapNbPool rejects a bad limit and handles an empty list", async () => {
  await assert.rejects(() => mapNbPool([1], 0, (x) => Promise.resolve(x)), RangeError);
  assert.deepEqual(await mapNbPool([], 2, (x: number) => Promise.resolve(x)), []);
});
