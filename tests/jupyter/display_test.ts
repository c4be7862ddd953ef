import assert from "node:assert/strict";
// The display* primitives are internal to lib/jupyter (the public vocabulary is show*): tested
// through their file.
import {
  displayBundle,
  displayChart,
  displayTable,
  jupyterShow,
} from "../../lib/jupyter/display.ts";
import {
  chartBundle,
  isJupyter,
  JUPYTER_DISPLAY,
  type JupyterTarget,
  jupyterTarget,
  showBundle,
  showChart,
  showMarkdown,
  showTable,
  showValue,
  tableBundle,
  VEGALITE_V5_MIME,
  withChartDisplay,
  withDisplay,
} from "../../lib/jupyter/mod.ts";
import { errorVsWidthSpec, VEGA_LITE_V5_SCHEMA } from "../../lib/plot/mod.ts";

/** A fake kernel that records display calls. */
function recorder(): JupyterTarget & { calls: [Record<string, unknown>, unknown][] } {
  const calls: [Record<string, unknown>, unknown][] = [];
  return {
    calls,
    display(obj: unknown, options?: unknown) {
      calls.push([obj as Record<string, unknown>, options]);
      return Promise.resolve();
    },
  };
}

const spec = () =>
  errorVsWidthSpec([
    { width: 0.5, error: 0.4, bits: 1 },
    { width: 1, error: 0.3, bits: 1 },
    { width: 0.5, error: 0.2, bits: 2 },
    { width: 1, error: 0.25, bits: 2 },
  ], { title: "Error vs width" });

Deno.test("outside the kernel: detection is false and display functions do nothing", async () => {
  assert.equal(isJupyter(), false);
  assert.equal(jupyterTarget(), undefined);
  assert.equal(await displayChart(spec()), undefined);
  assert.equal(await displayTable([{ a: 1 }]), undefined);
  assert.equal(await displayBundle({ "text/plain": "x" }), undefined);
  assert.equal(await jupyterShow(spec()), undefined);
});

Deno.test("chartBundle: vega-lite v5 + svg + text, spec unchanged", async () => {
  const s = spec();
  const before = JSON.stringify(s);
  const b = await chartBundle(s);
  assert.deepEqual(Object.keys(b).sort(), [VEGALITE_V5_MIME, "image/svg+xml", "text/plain"].sort());
  assert.equal(VEGALITE_V5_MIME, "application/vnd.vegalite.v5+json");
  assert.deepEqual(b[VEGALITE_V5_MIME], JSON.parse(before));
  assert.equal(JSON.stringify(s), before, "input not modified");
  const svg = String(b["image/svg+xml"]);
  assert.ok(svg.startsWith("<svg") && svg.includes("ω (quantization width)"));
  assert.equal(b["text/plain"], 'Vega-Lite chart "Error vs width" (line, point; 6 data rows)');
  // A spec declaring another schema still goes out as v5 (the only one frontends render).
  const other = await chartBundle({
    ...s,
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
  });
  assert.equal((other[VEGALITE_V5_MIME] as { $schema: string }).$schema, VEGA_LITE_V5_SCHEMA);
});

Deno.test("displayChart: raw display with display_id; update replaces", async () => {
  const k = recorder();
  await displayChart(spec(), { target: k, id: "fig1" });
  await displayChart(spec(), { target: k, id: "fig1", update: true });
  assert.deepEqual(k.calls.map((c) => c[1]), [
    { raw: true, display_id: "fig1" },
    { raw: true, display_id: "fig1", update: true },
  ]);
  assert.ok(VEGALITE_V5_MIME in k.calls[0][0] && "image/svg+xml" in k.calls[0][0]);
  await assert.rejects(() => displayChart(spec(), { target: k, update: true }), TypeError);
  await displayChart(spec(), { target: k });
  assert.deepEqual(k.calls[2][1], { raw: true });
});

Deno.test("tableBundle: html escaped, numbers formatted and right-aligned", () => {
  const rows = [
    { name: "<b>uniform</b>", bits: 1, error: 0.123456789, note: "a|b" },
    { name: "μ-law", bits: 2, error: 1e-7, extra: true },
  ];
  const b = tableBundle(rows, { title: "Errors & co", digits: 3 });
  const html = String(b["text/html"]);
  assert.ok(html.includes("<caption>Errors &amp; co</caption>"));
  assert.ok(html.includes("&lt;b&gt;uniform&lt;/b&gt;") && !html.includes("<b>uniform"));
  assert.ok(html.includes('<td style="text-align:right">0.123</td>'));
  assert.ok(html.includes('<td style="text-align:right">1e-7</td>'));
  assert.equal((html.match(/<tr>/g) ?? []).length, 3);
  assert.ok(html.includes("<th>extra</th>"), "columns: union of keys");
  const md = String(b["text/markdown"]);
  assert.ok(md.includes("| name | bits | error | note | extra |"));
  assert.ok(md.includes("| --- | ---: | ---: | --- | --- |"));
  assert.ok(md.includes("a\\|b"), "pipes escaped");
  const text = String(b["text/plain"]).split("\n");
  assert.equal(text[0], "Errors & co");
  assert.match(text[1], /^name\s+bits\s+error\s+note\s+extra$/);
  // Numeric columns are right-aligned: the "bits" digits end where the header ends.
  const end = text[1].indexOf("bits") + 4;
  assert.equal(text[3][end - 1], "1");
  assert.equal(text[4][end - 1], "2");
});

Deno.test("tableBundle: columns, maxRows note, markdown off, errors", () => {
  const rows = Array.from({ length: 5 }, (_, i) => ({ i, sq: i * i }));
  const b = tableBundle(rows, { columns: ["sq"], maxRows: 2, markdown: false });
  assert.equal(b["text/markdown"], undefined);
  assert.ok(!String(b["text/html"]).includes("<th>i</th>"));
  assert.ok(String(b["text/plain"]).endsWith("… 3 more rows (5 in all)"));
  assert.throws(() => tableBundle("x" as never), TypeError);
  assert.throws(() => tableBundle([1] as never), /rows\[0\]/);
  assert.throws(() => tableBundle(rows, { digits: 0 }), RangeError);
  assert.throws(() => tableBundle(rows, { maxRows: 0 }), RangeError);
});

Deno.test("withDisplay: non-enumerable symbol, JSON/keys/spread unaffected, async ok", async () => {
  const result = { bits: 2, error: 0.05 };
  const same = withDisplay(result, async (r) => {
    await Promise.resolve();
    return { "text/plain": `error ${r.error}` };
  });
  assert.equal(same, result);
  assert.equal(JSON.stringify(same), '{"bits":2,"error":0.05}');
  assert.deepEqual(Object.keys(same), ["bits", "error"]);
  assert.deepEqual(Object.getOwnPropertySymbols({ ...same }), []);
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  assert.equal(Object.getOwnPropertyDescriptor(same, JUPYTER_DISPLAY)?.enumerable, false);
  assert.deepEqual(await same[JUPYTER_DISPLAY](), { "text/plain": "error 0.05" });
  assert.throws(() => withDisplay(1 as never, () => ({})), TypeError);
  assert.throws(() => withDisplay({}, 1 as never), TypeError);
});

Deno.test("withChartDisplay / jupyterShow: charts, displayables, records, other values", async () => {
  const s = withChartDisplay(spec());
  const bundle = await s[JUPYTER_DISPLAY]();
  assert.ok(VEGALITE_V5_MIME in bundle && "image/svg+xml" in bundle);
  const k = recorder();
  await jupyterShow(s, { target: k });
  await jupyterShow(spec(), { target: k });
  await jupyterShow([{ a: 1 }, { a: 2 }], { target: k });
  await jupyterShow(42, { target: k, id: "n" });
  assert.ok(VEGALITE_V5_MIME in k.calls[0][0]);
  assert.ok(VEGALITE_V5_MIME in k.calls[1][0]);
  assert.ok(String(k.calls[2][0]["text/html"]).includes("<table>"));
  assert.deepEqual(k.calls[3], [{ "text/plain": "42" }, { raw: true, display_id: "n" }]);
});

Deno.test("show*: one vocabulary with id/update/target, bundles as the display* layer", async () => {
  const sent: [Record<string, unknown>, unknown][] = [];
  const target = {
    display: (
      b: unknown,
      o?: unknown,
    ) => (sent.push([b as Record<string, unknown>, o]), Promise.resolve()),
  };
  const spec = errorVsWidthSpec([{ width: 1, error: 1, bits: 1 }]);
  await showChart(spec, { target, id: "c" });
  await showTable([{ a: 1 }], { target, title: "t" });
  await showMarkdown("**m**", { target });
  await showValue([{ b: 2 }], { target });
  await showBundle({ "text/plain": "x" }, { target, id: "c", update: true });
  assert.equal(sent.length, 5);
  assert.deepEqual(sent[0][0], await chartBundle(spec));
  assert.deepEqual(sent[0][1], { raw: true, display_id: "c" });
  assert.deepEqual(sent[1][0], tableBundle([{ a: 1 }], { title: "t" }));
  assert.deepEqual(sent[2][0], { "text/markdown": "**m**", "text/plain": "**m**" });
  assert.deepEqual(sent[3][0], tableBundle([{ b: 2 }]));
  assert.deepEqual(sent[4], [{ "text/plain": "x" }, { raw: true, display_id: "c", update: true }]);
  await assert.rejects(() => showBundle({}, { target, update: true }), TypeError);
});
