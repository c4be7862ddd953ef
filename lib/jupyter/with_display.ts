/**
 * Makes a plain result object render itself in the Deno Jupyter kernel: attaches a
 * non-enumerable `Symbol.for("Jupyter.display")` method, so `JSON.stringify`, `Object.keys` and
 * spreading are unaffected. Deliberately free of heavy imports (no vega), so result types in
 * the theory code can use it at no cost.
 *
 * Deno's kernel awaits the method (`Displayable[$display]: () => MediaBundle |
 * Promise<MediaBundle>` in `deno types`), so a bundle may be built asynchronously (e.g. with a
 * rendered SVG; see `withChartDisplay` in display.ts).
 *
 * @module
 */

/** A Jupyter MIME bundle: MIME type → data (strings, or JSON objects for `+json` types). */
export type MimeBundle = Record<string, unknown>;

/** `Symbol.for("Jupyter.display")`: the method Deno's kernel calls to render a cell's value. */
export const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/** An object that renders itself in the Deno Jupyter kernel. */
export interface JupyterDisplayable {
  /** Returns the MIME bundle to show (may be async: Deno awaits it). */
  [JUPYTER_DISPLAY](): MimeBundle | Promise<MimeBundle>;
}

/**
 * Gives `obj` a non-enumerable `[Symbol.for("Jupyter.display")]` method that returns
 * `render(obj)`, so the object renders richly when it ends a notebook cell; `JSON.stringify`,
 * `Object.keys` and spreading are unaffected. Modifies and returns `obj` itself.
 *
 * @throws {TypeError} if `obj` is not an object or `render` not a function.
 * @example
 * ```ts
 * const result = withDisplay({ error: 0.1 }, (r) => ({ "text/plain": `error ${r.error}` }));
 * if (JSON.stringify(result) !== '{"error":0.1}') throw new Error("JSON must be unchanged");
 * const bundle = await result[Symbol.for("Jupyter.display") as typeof JUPYTER_DISPLAY]();
 * if (bundle["text/plain"] !== "error 0.1") throw new Error();
 * ```
 */
export function withDisplay<T extends object>(
  obj: T,
  render: (obj: T) => MimeBundle | Promise<MimeBundle>,
): T & JupyterDisplayable {
  if (obj === null || (typeof obj !== "object" && typeof obj !== "function")) {
    throw new TypeError(`obj: expected an object, got ${String(obj)}`);
  }
  if (typeof render !== "function") {
    throw new TypeError(`render: expected a function, got ${typeof render}`);
  }
  Object.defineProperty(obj, JUPYTER_DISPLAY, {
    value: function () {
      return render(obj);
    },
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return obj as T & JupyterDisplayable;
}

/** One row of {@link keyValueBundle}: a label and a value. */
export type KeyValueRow = readonly [string, number | boolean | string | null];

/**
 * A compact two-column table as a Jupyter bundle (text/plain + text/html): how solutions
 * (RS, zero temperature, 1RSB) display themselves. Non-integers get 6 significant digits.
 *
 * @example
 * ```ts
 * const b = keyValueBundle("RS solution", [["m", 0.5], ["converged", true]]);
 * if (!b["text/plain"].includes("  m                  0.500000")) throw new Error(b["text/plain"]);
 * if (!b["text/html"].startsWith("<table><caption>RS solution</caption>")) throw new Error();
 * ```
 */
export function keyValueBundle(
  title: string,
  rows: readonly KeyValueRow[],
): { "text/plain": string; "text/html": string } {
  const fmt = (v: KeyValueRow[1]) =>
    typeof v === "number" ? (Number.isInteger(v) ? String(v) : v.toPrecision(6)) : String(v);
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  return {
    "text/plain": [title, ...rows.map(([k, v]) => `  ${k.padEnd(18)} ${fmt(v)}`)].join("\n"),
    "text/html": `<table><caption>${esc(title)}</caption>${
      rows.map(([k, v]) =>
        `<tr><th style="text-align:left">${esc(k)}</th><td>${esc(fmt(v))}</td></tr>`
      ).join("")
    }</table>`,
  };
}
