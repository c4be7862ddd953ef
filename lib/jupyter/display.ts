/**
 * Rich display in the Deno Jupyter kernel (`deno jupyter`): charts as Vega-Lite v5 + SVG +
 * plain text, tables as HTML + Markdown + plain text, and result objects that render
 * themselves when they are the last expression of a cell.
 *
 * This is the layer below the notebook vocabulary: notebooks and users call the `show*`
 * functions of notebook.ts (`showChart`, `showTable`, `showMarkdown`, `showValue`,
 * `showBundle`: the same options, plus a wait so that outputs reach the front end), and
 * results display themselves through `Symbol.for("Jupyter.display")`.
 *
 * Everything here is harmless outside the kernel: the `display*` functions then do nothing.
 * They resolve to `undefined` (not a flag), so that a cell ending in `await displayChart(…)`
 * shows only the chart. `Deno.jupyter` is a getter that throws outside the kernel, so it is only
 * read inside try/catch ({@link jupyterTarget}).
 *
 * Design note on `Symbol.for("Jupyter.display")`: Deno's kernel awaits the method
 * (`Displayable[$display]: () => MediaBundle | Promise<MediaBundle>` in `deno types`), so
 * {@link withDisplay} and {@link withChartDisplay} may build their bundle asynchronously,
 * including the rendered SVG. {@link jupyterShow} displays such an object mid-cell.
 *
 * @module
 */

import type { VegaLiteSpec } from "../plot/chart_spec.ts";
import { renderSvg } from "../plot/render.ts";
import {
  JUPYTER_DISPLAY,
  type JupyterDisplayable,
  type MimeBundle,
  withDisplay,
} from "./with_display.ts";

/** Options of `Deno.jupyter.display`. */
export interface JupyterDisplayOptions {
  /** Treat the object as a ready MIME bundle. typiquant always passes true. */
  raw?: boolean;
  /** Replace the output that has the same `display_id` instead of adding one. */
  update?: boolean;
  /** Id of the output, for later `update: true` calls. */
  display_id?: string;
}

/** The part of `Deno.jupyter` that typiquant uses (tests may pass a recording fake). */
export interface JupyterTarget {
  /** Sends a display message to the notebook. */
  display(obj: unknown, options?: JupyterDisplayOptions): Promise<void>;
}

/** Vega-Lite v5 MIME type, the one JupyterLab and VS Code render. */
export const VEGALITE_V5_MIME = "application/vnd.vegalite.v5+json";

/**
 * `Deno.jupyter` when running inside the Deno Jupyter kernel, otherwise `undefined` (the
 * getter's exception outside the kernel is caught).
 *
 * @example
 * ```ts
 * // Under `deno test` there is no kernel.
 * if (jupyterTarget() !== undefined) throw new Error("not in a kernel");
 * ```
 */
export function jupyterTarget(): JupyterTarget | undefined {
  try {
    const j = (Deno as unknown as { jupyter?: Partial<JupyterTarget> }).jupyter;
    return j !== undefined && j !== null && typeof j.display === "function"
      ? (j as JupyterTarget)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the code runs inside the Deno Jupyter kernel.
 *
 * @example
 * ```ts
 * if (isJupyter()) throw new Error("deno test is not a Jupyter kernel");
 * ```
 */
export function isJupyter(): boolean {
  return jupyterTarget() !== undefined;
}

/** Common options of the `display*` functions. */
export interface DisplayOptions {
  /** Output id; pass the same id with `update: true` to replace that output in place. */
  id?: string;
  /** Replace the output with this `id` (requires `id`). */
  update?: boolean;
  /** Where to send the bundle. Default {@link jupyterTarget}(); nothing happens if undefined. */
  target?: JupyterTarget;
}

/**
 * Sends a ready MIME bundle with `Deno.jupyter.display(bundle, { raw: true, … })`. Outside the
 * kernel (and with no explicit `target`) it does nothing.
 *
 * @throws {TypeError} if `update` is set without `id`.
 * @example
 * ```ts
 * const sent: unknown[] = [];
 * const target = { display: (b: unknown, o?: unknown) => (sent.push([b, o]), Promise.resolve()) };
 * await displayBundle({ "text/plain": "hi" }); // no kernel, no target: nothing happens
 * await displayBundle({ "text/plain": "hi" }, { target, id: "a" });
 * if (sent.length !== 1 || JSON.stringify(sent[0]) !== '[{"text/plain":"hi"},{"raw":true,"display_id":"a"}]') {
 *   throw new Error(JSON.stringify(sent));
 * }
 * ```
 */
export async function displayBundle(
  bundle: MimeBundle,
  options: DisplayOptions = {},
): Promise<void> {
  if (options.update && options.id === undefined) {
    throw new TypeError("update: requires an id (the display_id of the output to replace)");
  }
  const target = options.target ?? jupyterTarget();
  if (target === undefined) return;
  const opts: JupyterDisplayOptions = { raw: true };
  if (options.id !== undefined) opts.display_id = options.id;
  if (options.update) opts.update = true;
  await target.display(bundle, opts);
}

function specTitle(spec: VegaLiteSpec): string | undefined {
  const t = spec.title;
  if (typeof t === "string") return t;
  if (t !== null && typeof t === "object" && typeof (t as { text?: unknown }).text === "string") {
    return (t as { text: string }).text;
  }
  return undefined;
}

/** One-line plain-text stand-in for a chart (what non-graphical frontends show). */
function chartText(spec: VegaLiteSpec): string {
  const title = specTitle(spec);
  const layers = Array.isArray(spec.layer) ? spec.layer as Record<string, unknown>[] : [spec];
  const marks = layers.map((l) => {
    const m = l.mark;
    return typeof m === "string" ? m : (m as { type?: string } | undefined)?.type ?? "?";
  });
  const holders = Array.isArray(spec.layer) ? [spec, ...layers] : [spec];
  let rows = 0;
  for (const h of holders) {
    const values = (h.data as { values?: unknown } | undefined)?.values;
    if (Array.isArray(values)) rows += values.length;
  }
  return `Vega-Lite chart${title ? ` "${title}"` : ""} (${marks.join(", ")}; ${rows} data rows)`;
}

/**
 * The MIME bundle of a chart: `application/vnd.vegalite.v5+json` (the spec, `$schema` forced to
 * the v5 URL), `image/svg+xml` (rendered headlessly, for frontends without Vega) and
 * `text/plain`.
 *
 * @throws {TypeError} if `spec` is not an object.
 * @example
 * ```ts
 * const b = await chartBundle({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json", title: "demo",
 *   data: { values: [{ a: 1 }] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" } },
 * });
 * if (!String(b["image/svg+xml"]).startsWith("<svg")) throw new Error();
 * if (!String(b["text/plain"]).includes('"demo"')) throw new Error();
 * ```
 */
export async function chartBundle(spec: VegaLiteSpec): Promise<MimeBundle> {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`spec: expected a Vega-Lite spec object, got ${String(spec)}`);
  }
  const v5 = { ...spec, $schema: "https://vega.github.io/schema/vega-lite/v5.json" };
  return {
    [VEGALITE_V5_MIME]: v5,
    "image/svg+xml": await renderSvg(v5),
    "text/plain": chartText(v5),
  };
}

/**
 * Displays a chart in the notebook (see {@link chartBundle}); does nothing outside the kernel.
 * With `{ id }` the output can later be replaced by `displayChart(next, { id, update: true })`.
 *
 * @example
 * ```ts
 * const spec = {
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ a: 1 }] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" } },
 * };
 * const sent: unknown[] = [];
 * const target = { display: (b: unknown) => (sent.push(b), Promise.resolve()) };
 * await displayChart(spec); // outside the kernel: nothing happens
 * await displayChart(spec, { target, id: "fig" });
 * if (sent.length !== 1 || !("image/svg+xml" in (sent[0] as object))) throw new Error();
 * ```
 */
export async function displayChart(
  spec: VegaLiteSpec,
  options: DisplayOptions = {},
): Promise<void> {
  if ((options.target ?? jupyterTarget()) === undefined) return;
  await displayBundle(await chartBundle(spec), options);
}

/** Options for {@link tableBundle}. */
export interface TableOptions {
  /** Columns to show, in order. Default: every key, in first-seen order. */
  columns?: readonly string[];
  /** Caption above the table. */
  title?: string;
  /** Significant digits for non-integer numbers. Default 6. */
  digits?: number;
  /** Also emit `text/markdown`. Default true. */
  markdown?: boolean;
  /** Show at most this many rows (a note says how many were left out). Default 200. */
  maxRows?: number;
}

function formatCell(value: unknown, digits: number): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") {
    if (Number.isInteger(value) || !Number.isFinite(value)) return String(value);
    return String(Number(value.toPrecision(digits)));
  }
  if (typeof value === "string") return value;
  if (typeof value === "bigint" || typeof value === "boolean") return String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `[${Array.from(value as unknown as ArrayLike<number>, (v) => formatCell(v, digits))}]`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

function escapeMarkdown(s: string): string {
  return s.replaceAll("\\", "\\\\").replaceAll("|", "\\|").replaceAll("\n", " ");
}

/**
 * The MIME bundle of a table of records: `text/html` (numbers right-aligned, title as
 * caption), `text/plain` (aligned columns) and, unless `markdown: false`, `text/markdown`.
 *
 * @throws {TypeError} if `rows` is not an array of objects; {@link RangeError} if `digits` is not
 *   an integer in [1, 21] or `maxRows` not an integer ≥ 1.
 * @example
 * ```ts
 * const b = tableBundle([{ bits: 1, error: 0.123456789 }, { bits: 2, error: 0.05 }], {
 *   title: "errors", digits: 3,
 * });
 * const html = String(b["text/html"]);
 * if (!html.includes("<caption>errors</caption>") || !html.includes(">0.123<")) throw new Error();
 * if (!String(b["text/markdown"]).includes("| bits | error |")) throw new Error();
 * ```
 */
export function tableBundle(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TableOptions = {},
): MimeBundle {
  if (!Array.isArray(rows)) throw new TypeError(`rows: expected an array, got ${typeof rows}`);
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object") {
      throw new TypeError(`rows[${i}]: expected an object, got ${String(r)}`);
    }
  });
  const digits = options.digits ?? 6;
  if (!Number.isInteger(digits) || digits < 1 || digits > 21) {
    throw new RangeError(`digits: expected an integer in [1, 21], got ${digits}`);
  }
  const maxRows = options.maxRows ?? 200;
  if (!Number.isInteger(maxRows) || maxRows < 1) {
    throw new RangeError(`maxRows: expected an integer ≥ 1, got ${maxRows}`);
  }
  const columns = options.columns ? [...options.columns] : [];
  if (options.columns === undefined) {
    for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  }
  const shown = rows.slice(0, maxRows);
  const omitted = rows.length - shown.length;
  const note = omitted > 0 ? `… ${omitted} more rows (${rows.length} in all)` : undefined;
  const cells = shown.map((r) => columns.map((c) => formatCell(r[c], digits)));
  const numeric = columns.map((c) => shown.every((r) => r[c] == null || typeof r[c] === "number"));

  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("");
  const body = cells.map((row) =>
    `<tr>${
      row.map((v, j) => `<td${numeric[j] ? ' style="text-align:right"' : ""}>${escapeHtml(v)}</td>`)
        .join("")
    }</tr>`
  ).join("\n");
  const html = [
    "<table>",
    options.title !== undefined ? `<caption>${escapeHtml(options.title)}</caption>` : "",
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    "</table>",
    note !== undefined ? `<p><em>${escapeHtml(note)}</em></p>` : "",
  ].filter((s) => s !== "").join("\n");

  const widths = columns.map((c, j) => Math.max(c.length, ...cells.map((row) => row[j].length)));
  const pad = (s: string, j: number) => numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]);
  const textLines = [
    columns.map((c, j) => pad(c, j)).join("  "),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((row) => row.map((v, j) => pad(v, j)).join("  ")),
  ].map((l) => l.trimEnd());
  if (options.title !== undefined) textLines.unshift(options.title);
  if (note !== undefined) textLines.push(note);

  const bundle: MimeBundle = { "text/html": html, "text/plain": textLines.join("\n") };
  if (options.markdown ?? true) {
    const md = [
      `| ${columns.map(escapeMarkdown).join(" | ")} |`,
      `| ${numeric.map((n) => n ? "---:" : "---").join(" | ")} |`,
      ...cells.map((row) => `| ${row.map(escapeMarkdown).join(" | ")} |`),
    ];
    if (options.title !== undefined) md.unshift(`**${escapeMarkdown(options.title)}**`, "");
    if (note !== undefined) md.push("", `*${escapeMarkdown(note)}*`);
    bundle["text/markdown"] = md.join("\n");
  }
  return bundle;
}

/**
 * Displays a table in the notebook (see {@link tableBundle}); does nothing outside the kernel.
 *
 * @example
 * ```ts
 * const sent: unknown[] = [];
 * const target = { display: (b: unknown) => (sent.push(b), Promise.resolve()) };
 * await displayTable([{ a: 1 }]); // outside the kernel: nothing happens
 * await displayTable([{ a: 1 }], { target, title: "t" });
 * if (sent.length !== 1 || !("text/html" in (sent[0] as object))) throw new Error();
 * ```
 */
export async function displayTable(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TableOptions & DisplayOptions = {},
): Promise<void> {
  const bundle = tableBundle(rows, options);
  await displayBundle(bundle, options);
}

/**
 * Makes a chart spec render as a chart ({@link chartBundle}: Vega-Lite v5 + SVG + text) when it
 * ends a notebook cell. The spec object is returned (modified), still a plain JSON spec.
 *
 * @example
 * ```ts
 * import { JUPYTER_DISPLAY } from "./with_display.ts";
 * const spec = withChartDisplay({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ a: 1 }] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" } },
 * });
 * const bundle = await spec[JUPYTER_DISPLAY]();
 * if (!("application/vnd.vegalite.v5+json" in bundle)) throw new Error();
 * ```
 */
export function withChartDisplay<T extends VegaLiteSpec>(spec: T): T & JupyterDisplayable {
  return withDisplay(spec, (s) => chartBundle(s));
}

function isDisplayable(x: unknown): x is JupyterDisplayable {
  return x !== null && (typeof x === "object" || typeof x === "function") &&
    typeof (x as Record<symbol, unknown>)[JUPYTER_DISPLAY] === "function";
}

function isVegaLiteSpec(x: unknown): x is VegaLiteSpec {
  return x !== null && typeof x === "object" &&
    typeof (x as { $schema?: unknown }).$schema === "string" &&
    (x as { $schema: string }).$schema.includes("vega-lite");
}

/**
 * Displays anything mid-cell: an object with a Jupyter display method (its bundle), a
 * Vega-Lite spec (as {@link displayChart}), an array of records (as a table), or any other
 * value as `text/plain`. Does nothing outside the kernel.
 *
 * @example
 * ```ts
 * await jupyterShow({ a: 1 }); // outside the kernel: nothing happens
 * const sent: unknown[] = [];
 * const target = { display: (b: unknown) => (sent.push(b), Promise.resolve()) };
 * await jupyterShow([{ a: 1 }], { target });
 * if (!("text/html" in (sent[0] as object))) throw new Error("records show as a table");
 * ```
 */
export async function jupyterShow(value: unknown, options: DisplayOptions = {}): Promise<void> {
  if ((options.target ?? jupyterTarget()) === undefined) return;
  let bundle: MimeBundle;
  if (isDisplayable(value)) bundle = await value[JUPYTER_DISPLAY]();
  else if (isVegaLiteSpec(value)) bundle = await chartBundle(value);
  else if (
    Array.isArray(value) && value.length > 0 &&
    value.every((r) => r !== null && typeof r === "object" && !Array.isArray(r))
  ) {
    bundle = tableBundle(value as Record<string, unknown>[]);
  } else {
    bundle = { "text/plain": typeof value === "string" ? value : Deno.inspect(value) };
  }
  await displayBundle(bundle, options);
}
