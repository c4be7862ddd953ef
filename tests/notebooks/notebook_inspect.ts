/**
 * Pure checks on an executed Jupyter notebook (nbformat 4 JSON), used by
 * `run_notebooks.ts` (task `test:notebooks`) and `browser_check.ts` (task `test:browser`).
 *
 * Rules (a notebook fails on any of these):
 * 1. An output with `output_type: "error"` (an uncaught exception in a cell).
 * 2. A `stream` output to `stderr` with a line that {@link findStderrErrorLines} flags (see there
 *    for the exact rule; stdout is never inspected).
 * 3. A `display_data` / `execute_result` bundle that has `application/vnd.vegalite.v5+json`
 *    without `image/svg+xml`, or the other way round (every chart must carry both: the spec
 *    for live front ends and the SVG for static renderers), or whose SVG is not an `<svg>`
 *    document, or whose Vega-Lite entry is not a JSON object.
 *
 * @module
 */

/**
 * MIME type of a Vega-Lite v5 spec in a Jupyter display bundle.
 *
 * @example
 * ```ts
 * import { NB_VEGALITE_MIME } from "./notebook_inspect.ts";
 * if (!NB_VEGALITE_MIME.includes("vegalite.v5")) throw new Error(NB_VEGALITE_MIME);
 * ```
 */
export const NB_VEGALITE_MIME = "application/vnd.vegalite.v5+json";
/**
 * MIME type of an SVG image in a Jupyter display bundle.
 *
 * @example
 * ```ts
 * import { NB_SVG_MIME } from "./notebook_inspect.ts";
 * if (NB_SVG_MIME !== "image/svg+xml") throw new Error(NB_SVG_MIME);
 * ```
 */
export const NB_SVG_MIME = "image/svg+xml";

/** Multiline string as nbformat stores it: a string or a list of line strings. */
export type NbMultiline = string | string[];

/** One cell output of an nbformat 4 notebook (only the fields the checks read). */
export interface NbOutput {
  /** "stream", "display_data", "execute_result" or "error". */
  output_type: string;
  /** Stream name for stream outputs: "stdout" or "stderr". */
  name?: string;
  /** Stream text. */
  text?: NbMultiline;
  /** MIME bundle of display_data / execute_result outputs. */
  data?: Record<string, unknown>;
  /** Exception class name of error outputs. */
  ename?: string;
  /** Exception message of error outputs. */
  evalue?: string;
}

/** One cell of an nbformat 4 notebook (only the fields the checks read). */
export interface NbCell {
  /** "code", "markdown" or "raw". */
  cell_type: string;
  /** Outputs of a code cell. */
  outputs?: NbOutput[];
}

/** An nbformat 4 notebook (only the fields the checks read). */
export interface NbNotebook {
  /** The cells, in order. */
  cells: NbCell[];
  /** Notebook metadata (kernelspec and so on). */
  metadata?: Record<string, unknown>;
}

/** One problem found in an executed notebook. */
export interface NbProblem {
  /** 0-based index of the cell in `cells`. */
  cell: number;
  /** Which rule fired. */
  kind: "error-output" | "stderr-error" | "chart-bundle";
  /** Human-readable description. */
  message: string;
}

/** Result of {@link inspectExecutedNotebook}. */
export interface NbInspection {
  /** Number of display bundles carrying both a Vega-Lite spec and an SVG. */
  charts: number;
  /** Number of outputs carrying an SVG image (with or without a spec). */
  svgOutputs: number;
  /** Everything that makes the notebook fail; empty when it passes. */
  problems: NbProblem[];
}

/** Joins an nbformat multiline value into one string. */
function joinMultiline(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join("");
  return typeof value === "string" ? value : "";
}

/**
 * Words that, right before "error(s)", make it a measured quantity (e.g. "training error 0.21"),
 * not a failure report. Lower case.
 */
const QUANTITY_QUALIFIERS = new Set([
  "relative",
  "rel",
  "absolute",
  "abs",
  "mean",
  "squared",
  "max",
  "maximum",
  "min",
  "minimum",
  "median",
  "average",
  "avg",
  "rms",
  "generalization",
  "generalisation",
  "training",
  "train",
  "test",
  "validation",
  "gibbs",
  "bayes",
  "bayesian",
  "optimal",
  "fit",
  "fitting",
  "rounding",
  "quantization",
  "quantisation",
  "approximation",
  "truncation",
  "discretization",
  "discretisation",
  "integration",
  "numerical",
  "standard",
  "sampling",
  "statistical",
  "estimated",
  "expected",
  "asymptotic",
  "theoretical",
  "empirical",
  "no",
  "zero",
  "0",
  "without",
]);

/** What may follow "error(s)" when it names a quantity: "error bars", "error = 0.1", "error: 1e-3". */
const QUANTITY_FOLLOWERS =
  /^\s*(?:bars?\b|rates?\b|curves?\b|estimates?\b|bounds?\b|[:=≈~<>≤]\s*[-+]?(?:\d|\.\d|nan\b|inf))/i;

/** "error"/"errors" (any case), or a word ending in "error" such as "TypeError" (case checked later). */
const ERROR_WORD = /\b([A-Za-z0-9_$]*?)(error)(s?)\b/gi;

/**
 * Returns the stderr lines that report an error, by this rule: a line is flagged when it contains
 * the word "error"/"errors" (any case) or an identifier ending in "Error" (`TypeError`,
 * `RangeError`, `error:` ...), unless every such occurrence is a plain "error(s)" used as a measured
 * quantity, i.e. (a) the word right before it is a qualifier such as "relative", "training",
 * "generalization", "rounding", "no", "0" (full list in `QUANTITY_QUALIFIERS`), or (b) it is
 * followed by "bar(s)", "rate(s)", "curve(s)", "estimate(s)", "bound(s)", or by `:`/`=`/`≈`/`~`/`<`/`>`
 * and a number. Words merely containing the letters (`terror`, `stderr`) are not flagged: after
 * a prefix, only `Error`/`ERROR` counts. `Warning:` lines without "error" pass.
 *
 * @example
 * ```ts
 * import { findStderrErrorLines } from "./notebook_inspect.ts";
 * const flagged = findStderrErrorLines(
 *   "relative error 1e-6\nTypeError: x is undefined\ntraining error: 0.21\nerror: boom\n",
 * );
 * if (flagged.length !== 2 || !flagged[0].startsWith("TypeError")) throw new Error("rule broken");
 * ```
 */
export function findStderrErrorLines(text: string): string[] {
  const flagged: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    for (const m of line.matchAll(ERROR_WORD)) {
      const prefix = m[1];
      // "TypeError", "FATAL_ERROR" count; "terror" does not (lower-case "error" after a prefix).
      if (prefix !== "" && m[2] !== "Error" && m[2] !== "ERROR") continue;
      if (prefix === "" && isQuantityUse(line, m.index ?? 0, m[0].length)) continue;
      flagged.push(line);
      break;
    }
  }
  return flagged;
}

/** True when the plain "error(s)" at `start` in `line` names a measured quantity. */
function isQuantityUse(line: string, start: number, length: number): boolean {
  const before = line.slice(0, start).match(/([A-Za-z0-9]+)[\s-]*$/);
  if (before && QUANTITY_QUALIFIERS.has(before[1].toLowerCase())) return true;
  return QUANTITY_FOLLOWERS.test(line.slice(start + length));
}

/**
 * Inspects an executed notebook and lists every problem under the module's rules, plus the number
 * of chart bundles found.
 *
 * @example
 * ```ts
 * import { inspectExecutedNotebook } from "./notebook_inspect.ts";
 * const nb = {
 *   cells: [{
 *     cell_type: "code",
 *     outputs: [
 *       { output_type: "display_data", data: { "image/svg+xml": "<svg></svg>", "text/plain": "x" } },
 *       { output_type: "error", ename: "TypeError", evalue: "boom" },
 *     ],
 *   }],
 * };
 * const r = inspectExecutedNotebook(nb);
 * if (r.charts !== 0 || r.problems.length !== 2) throw new Error("inspection broken");
 * ```
 */
export function inspectExecutedNotebook(nb: NbNotebook): NbInspection {
  if (nb === null || typeof nb !== "object" || !Array.isArray(nb.cells)) {
    throw new TypeError(`nb: expected an nbformat notebook with a cells array, got ${typeof nb}`);
  }
  const problems: NbProblem[] = [];
  let charts = 0;
  let svgOutputs = 0;
  nb.cells.forEach((cell, index) => {
    for (const out of cell.outputs ?? []) {
      if (out.output_type === "error") {
        problems.push({
          cell: index,
          kind: "error-output",
          message: `${out.ename ?? "Error"}: ${out.evalue ?? ""}`.trim(),
        });
      } else if (out.output_type === "stream" && out.name === "stderr") {
        for (const line of findStderrErrorLines(joinMultiline(out.text))) {
          problems.push({ cell: index, kind: "stderr-error", message: `stderr: ${line.trim()}` });
        }
      } else if (out.output_type === "display_data" || out.output_type === "execute_result") {
        const data = out.data ?? {};
        const hasSpec = NB_VEGALITE_MIME in data;
        const hasSvg = NB_SVG_MIME in data;
        if (hasSvg) svgOutputs++;
        if (hasSpec !== hasSvg) {
          problems.push({
            cell: index,
            kind: "chart-bundle",
            message: hasSpec
              ? `bundle has ${NB_VEGALITE_MIME} but no ${NB_SVG_MIME}`
              : `bundle has ${NB_SVG_MIME} but no ${NB_VEGALITE_MIME}`,
          });
          continue;
        }
        if (!hasSpec) continue;
        const svg = joinMultiline(data[NB_SVG_MIME]);
        const spec = data[NB_VEGALITE_MIME];
        if (!/<svg[\s>]/i.test(svg) || !/<\/svg>\s*$/i.test(svg)) {
          problems.push({
            cell: index,
            kind: "chart-bundle",
            message: `${NB_SVG_MIME} is not an <svg>…</svg> document`,
          });
        } else if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
          problems.push({
            cell: index,
            kind: "chart-bundle",
            message: `${NB_VEGALITE_MIME} is not a JSON object`,
          });
        } else {
          charts++;
        }
      }
    }
  });
  return { charts, svgOutputs, problems };
}
