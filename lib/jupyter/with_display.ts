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
