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
  isJupyter,
  jupyterShow,
  tableBundle,
  type TableOptions,
} from "./display.ts";

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
 * Displays a Vega-Lite chart (v5 spec + SVG + text), then {@link settleOutputs}.
 *
 * @example
 * ```ts
 * await showChart({ $schema: "https://vega.github.io/schema/vega-lite/v5.json", mark: "point" });
 * ```
 */
export async function showChart(spec: VegaLiteSpec): Promise<void> {
  await displayChart(spec);
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
export async function showMarkdown(text: string): Promise<void> {
  if (typeof text !== "string") throw new TypeError(`text: expected a string, got ${typeof text}`);
  await displayBundle({ "text/markdown": text, "text/plain": text });
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
  options: TableOptions = {},
): Promise<void> {
  await displayBundle(tableBundle(rows, options));
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
export async function showValue(value: unknown): Promise<void> {
  await jupyterShow(value);
  await settleOutputs();
}
