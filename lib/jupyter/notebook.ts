/**
 * Display helpers for the curated notebooks: show a chart, markdown, a table or any
 * self-displaying result, then wait briefly so that the output reaches the front end before
 * the cell ends.
 *
 * Why the wait: the Deno kernel (2.x) can publish a cell's `status: idle` on IOPub before the
 * cell's last `display_data`/`execute_result`; `nbconvert --execute` (nbclient) stops
 * collecting a cell's outputs at that idle message and silently drops what arrives later
 * (seen in about one cell in sixteen). Interactive front ends are not affected. Ending each
 * cell with an awaited `show…` call, which sleeps {@link NOTEBOOK_SETTLE_MS} after
 * displaying, avoids it. Outside the kernel these functions do nothing (they never sleep).
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/chart_spec.ts";
import {
  displayBundle,
  displayChart,
  type DisplayOptions,
  displayTable,
  isJupyter,
  jupyterShow,
  type TableOptions,
} from "./display.ts";
import type { MimeBundle } from "./with_display.ts";

/**
 * Milliseconds {@link settleOutputs} waits inside the kernel.
 *
 * @example
 * ```ts
 * if (!(NOTEBOOK_SETTLE_MS > 0 && NOTEBOOK_SETTLE_MS < 1000)) throw new Error();
 * ```
 */
export const NOTEBOOK_SETTLE_MS = 200;

/**
 * Waits {@link NOTEBOOK_SETTLE_MS} (or `ms`) inside the Jupyter kernel, so that queued outputs
 * are published before the cell's idle status; resolves at once elsewhere.
 *
 * @example
 * ```ts
 * const t = performance.now();
 * await settleOutputs();
 * if (performance.now() - t > 100) throw new Error("must not sleep outside the kernel");
 * ```
 */
export async function settleOutputs(ms: number = NOTEBOOK_SETTLE_MS): Promise<void> {
  if (!isJupyter()) return;
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Displays a Vega-Lite chart (v5 spec + SVG + text), then {@link settleOutputs}. `options`
 * (`id`/`update` to replace an output in place, `target` for a recording fake) as in
 * {@link showBundle}.
 *
 * @example
 * ```ts
 * const spec = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "point" };
 * await showChart(spec); // outside the kernel: nothing happens
 * const sent: unknown[] = [];
 * await showChart(spec, { target: { display: (b) => (sent.push(b), Promise.resolve()) } });
 * if (!(sent.length === 1 && "image/svg+xml" in (sent[0] as object))) throw new Error();
 * ```
 */
export async function showChart(spec: VegaLiteSpec, options: DisplayOptions = {}): Promise<void> {
  await displayChart(spec, options);
  await settleOutputs();
}

/**
 * Displays a ready MIME bundle, then {@link settleOutputs}: the one primitive the other
 * `show*` functions build on. Outside the kernel (and without `options.target`) nothing
 * happens.
 *
 * @throws {TypeError} if `update` is set without `id`.
 * @example
 * ```ts
 * const sent: unknown[] = [];
 * const target = { display: (b: unknown, o?: unknown) => (sent.push([b, o]), Promise.resolve()) };
 * await showBundle({ "text/plain": "hi" }, { target, id: "a" });
 * await showBundle({ "text/plain": "bye" }, { target, id: "a", update: true });
 * if (JSON.stringify(sent[1]) !== '[{"text/plain":"bye"},{"raw":true,"display_id":"a","update":true}]') {
 *   throw new Error(JSON.stringify(sent));
 * }
 * ```
 */
export async function showBundle(bundle: MimeBundle, options: DisplayOptions = {}): Promise<void> {
  await displayBundle(bundle, options);
  await settleOutputs();
}

/**
 * Displays markdown text, then {@link settleOutputs}.
 *
 * @example
 * ```ts
 * await showMarkdown("**nothing happens outside the kernel**");
 * ```
 */
export async function showMarkdown(text: string, options: DisplayOptions = {}): Promise<void> {
  if (typeof text !== "string") throw new TypeError(`text: expected a string, got ${typeof text}`);
  await displayBundle({ "text/markdown": text, "text/plain": text }, options);
  await settleOutputs();
}

/**
 * Displays rows as a table (HTML, markdown and text), then {@link settleOutputs}.
 *
 * @example
 * ```ts
 * await showTable([{ bits: 1, width: 0.8 }], { title: "optimal widths" });
 * ```
 */
export async function showTable(
  rows: readonly Readonly<Record<string, unknown>>[],
  options: TableOptions & DisplayOptions = {},
): Promise<void> {
  await displayTable(rows, options);
  await settleOutputs();
}

/**
 * Displays any value the way the kernel would (self-displaying results such as `RsSolution`
 * use their own bundle), then {@link settleOutputs}.
 *
 * @example
 * ```ts
 * await showValue({ a: 1 });
 * ```
 */
export async function showValue(value: unknown, options: DisplayOptions = {}): Promise<void> {
  await jupyterShow(value, options);
  await settleOutputs();
}
