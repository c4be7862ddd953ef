/**
 * Task `notebooks:normalize`: puts committed notebooks in the form JupyterLab keeps, so that
 * opening and saving one in Lab changes no byte (no churn in git).
 *
 * ```sh
 * deno task notebooks:normalize                 # rewrite notebooks/*.ipynb (not _*) in place
 * deno task notebooks:normalize --check         # only report; exit 1 when a file would change
 * deno task notebooks:normalize nb.ipynb ...    # explicit notebooks
 * ```
 *
 * Two things, both what Lab itself does on open + save:
 * 1. Lab's Vega renderer (`@jupyterlab/vega5-extension`) adds an `image/png` of the chart to
 *    every Vega-Lite output that has none, which marks the notebook modified and adds the PNG on
 *    save. Each chart bundle (`application/vnd.vegalite.v5+json`) without `image/png` gets one
 *    here, rasterised from its `image/svg+xml` (else from the spec) with resvg at scale 1
 *    (`svgToPng` of lib/plot/render.ts); Lab keeps an existing PNG.
 * 2. The file is written by nbformat (`nbformat.writes` + final newline), exactly as
 *    jupyter_server saves it, with the Python of the Lab venv when present, else
 *    `/usr/bin/python3` (Debian's python3-nbformat); `--python PATH` overrides.
 *
 * `deno task test:notebooks --write` runs this on the notebooks it executed. Prints one line per
 * notebook and a closing `normalize: N passed, N failed` (with `--check`, a notebook that would
 * change fails).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { join, relative, resolve } from "node:path";
import { Buffer } from "node:buffer";
import { renderPng, svgToPng } from "../../lib/plot/render.ts";
import { listNotebookPaths, NB_REPO_ROOT } from "./notebook_exec.ts";
import type { VegaLiteSpec } from "../../lib/plot/chart_spec.ts";

const VEGALITE = "application/vnd.vegalite.v5+json";

/** A notebook as JSON (only the parts read here). */
interface Nb {
  cells: { cell_type: string; outputs?: { data?: Record<string, unknown> }[] }[];
}

/**
 * Adds an `image/png` to every Vega-Lite output of `nb` that lacks one (in place); returns how
 * many were added.
 *
 * @example
 * ```ts
 * import { addChartPngs } from "./normalize.ts";
 * const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="2"><rect width="4" height="2"/></svg>';
 * const nb = { cells: [{ cell_type: "code", outputs: [{ data: {
 *   "application/vnd.vegalite.v5+json": {}, "image/svg+xml": [svg], "text/plain": "chart" } }] }] };
 * if (await addChartPngs(nb) !== 1) throw new Error("one PNG");
 * const png = nb.cells[0].outputs[0].data["image/png" as "text/plain"];
 * if (!png.startsWith("iVBORw0KGgo")) throw new Error(png.slice(0, 20)); // base64 of the PNG magic
 * if (await addChartPngs(nb) !== 0) throw new Error("idempotent");
 * ```
 */
export async function addChartPngs(nb: Nb): Promise<number> {
  let added = 0;
  for (const cell of nb.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs ?? []) {
      const data = output.data;
      if (data === undefined || data[VEGALITE] === undefined || data["image/png"] !== undefined) {
        continue;
      }
      const svg = data["image/svg+xml"];
      const text = Array.isArray(svg) ? svg.join("") : svg;
      const png = typeof text === "string" && text.includes("<svg")
        ? await svgToPng(text, { scale: 1 })
        : await renderPng(data[VEGALITE] as VegaLiteSpec, { scale: 1 });
      data["image/png"] = Buffer.from(png).toString("base64");
      added++;
    }
  }
  return added;
}

/** The Python used to write notebooks with nbformat (see the module doc). */
function defaultPython(): string {
  const cache = Deno.env.get("XDG_CACHE_HOME") ?? join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  const venvPython = join(cache, "typiquant", "lab-venv", "bin", "python");
  try {
    Deno.statSync(venvPython);
    return venvPython;
  } catch {
    return "/usr/bin/python3";
  }
}

/**
 * Whether the default Python can import nbformat (false before Jupyter is installed, e.g. in
 * the unit-test phase of CI on a new machine).
 *
 * @example
 * ```ts
 * import { hasNbformat } from "./normalize.ts";
 * if (typeof (await hasNbformat()) !== "boolean") throw new Error();
 * ```
 */
export async function hasNbformat(): Promise<boolean> {
  try {
    const r = await new Deno.Command(defaultPython(), {
      args: ["-c", "import nbformat"],
      stdout: "null",
      stderr: "null",
    }).output();
    return r.code === 0;
  } catch {
    return false;
  }
}

const WRITE_PY = `
import sys, nbformat
nb = nbformat.reads(sys.stdin.read(), as_version=nbformat.NO_CONVERT)
s = nbformat.writes(nb, version=nbformat.NO_CONVERT)
sys.stdout.write(s if s.endswith("\\n") else s + "\\n")
`;

/**
 * Serialises notebook JSON text as jupyter_server saves it (nbformat.writes + newline).
 *
 * @example
 * ```ts
 * import { hasNbformat, nbformatText } from "./normalize.ts";
 * if (await hasNbformat()) { // Jupyter installed
 *   const text = await nbformatText(JSON.stringify({
 *     cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5,
 *   }));
 *   if (text !== '{\n "cells": [],\n "metadata": {},\n "nbformat": 4,\n "nbformat_minor": 5\n}\n') {
 *     throw new Error(JSON.stringify(text));
 *   }
 * }
 * ```
 */
export async function nbformatText(
  json: string,
  python: string = defaultPython(),
): Promise<string> {
  const child = new Deno.Command(python, {
    args: ["-c", WRITE_PY],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    env: { PYTHONDONTWRITEBYTECODE: "1", PYTHONIOENCODING: "utf-8" },
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(json));
  await writer.close();
  const r = await child.output();
  const dec = new TextDecoder();
  if (r.code !== 0) throw new Error(`${python} (nbformat) failed: ${dec.decode(r.stderr)}`);
  return dec.decode(r.stdout);
}

/** Outcome of {@link normalizeNotebook}. */
export interface NormalizeOutcome {
  /** PNGs added. */
  pngs: number;
  /** Whether the text differs from the file's. */
  changed: boolean;
  /** The normalized text. */
  text: string;
}

/**
 * Normalizes one notebook file (see the module doc); writes it unless `check`.
 *
 * @example
 * ```ts
 * import { hasNbformat, normalizeNotebook } from "./normalize.ts";
 * if (await hasNbformat()) { // Jupyter installed
 *   const path = Deno.makeTempFileSync({ suffix: ".ipynb" });
 *   Deno.writeTextFileSync(path, JSON.stringify({ cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 }));
 *   if (!(await normalizeNotebook(path, { check: true })).changed) throw new Error("compact JSON");
 *   await normalizeNotebook(path);
 *   if ((await normalizeNotebook(path, { check: true })).changed) throw new Error("idempotent");
 * }
 * ```
 */
export async function normalizeNotebook(
  path: string,
  options: { check?: boolean; python?: string } = {},
): Promise<NormalizeOutcome> {
  const before = Deno.readTextFileSync(path);
  const nb = JSON.parse(before) as Nb;
  const pngs = await addChartPngs(nb);
  const text = await nbformatText(JSON.stringify(nb), options.python);
  const changed = text !== before;
  if (changed && !options.check) Deno.writeTextFileSync(path, text);
  return { pngs, changed, text };
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      check: { type: "boolean", default: false },
      python: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: normalize.ts [--check] [--python PATH] [notebook.ipynb ...]");
    return 0;
  }
  const paths = positionals.length > 0 ? positionals.map((p) => resolve(p)) : listNotebookPaths();
  let passed = 0;
  let failed = 0;
  for (const path of paths) {
    const name = relative(NB_REPO_ROOT, path).startsWith("..")
      ? path
      : relative(NB_REPO_ROOT, path);
    try {
      const r = await normalizeNotebook(path, { check: values.check, python: values.python });
      if (values.check && r.changed) {
        failed++;
        console.log(
          `FAILED ${name}: not in the form Lab saves (${r.pngs} chart PNGs missing); ` +
            "run `deno task notebooks:normalize`",
        );
      } else {
        passed++;
        console.log(`ok     ${name}${r.changed ? ` (rewritten, ${r.pngs} chart PNGs added)` : ""}`);
      }
    } catch (e) {
      failed++;
      console.log(`FAILED ${name}: ${e instanceof Error ? e.message : e}`);
    }
  }
  console.log(`normalize: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
