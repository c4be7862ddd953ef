/**
 * Jupyter display layer of typiquant (Deno kernel): charts, tables, self-displaying result
 * objects and an in-place progress bar. Everything is harmless outside the kernel.
 *
 * @example
 * ```ts
 * const result = withDisplay({ bits: 2, error: 0.05 }, (r) => tableBundle([r]));
 * if (JSON.stringify(result) !== '{"bits":2,"error":0.05}') throw new Error();
 * if (isJupyter()) throw new Error("deno test is not a kernel");
 * ```
 *
 * @module
 */

export {
  chartBundle,
  type DisplayOptions,
  isJupyter,
  type JupyterDisplayOptions,
  type JupyterTarget,
  jupyterTarget,
  tableBundle,
  type TableOptions,
  VEGALITE_V5_MIME,
  withChartDisplay,
} from "./display.ts";
export {
  JUPYTER_DISPLAY,
  type JupyterDisplayable,
  keyValueBundle,
  type KeyValueRow,
  type MimeBundle,
  withDisplay,
} from "./with_display.ts";
export * from "./notebook.ts";
export {
  type ProgressBar,
  progressBar,
  type ProgressBarOptions,
  type ProgressStream,
} from "./progress.ts";
