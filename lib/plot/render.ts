/**
 * Headless rendering of Vega-Lite specs: SVG through vega (no browser, no canvas), PNG through
 * resvg (WebAssembly) with the DejaVu Sans font shipped by the `dejavu-fonts-ttf` npm package,
 * so text renders identically on any machine after `deno install`, with no network access.
 *
 * @module
 */

import { createRequire } from "node:module";
import * as vega from "vega";
import * as vegaLite from "vega-lite";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import type { VegaLiteSpec } from "./chart_spec.ts";

/** Result of {@link compileVegaLite}. */
export interface CompiledChart {
  /** The Vega spec produced by the Vega-Lite compiler. */
  readonly vega: Record<string, unknown>;
  /** Warnings (and errors) the compiler logged; empty for a clean spec. */
  readonly warnings: string[];
}

function checkSpec(spec: unknown): asserts spec is VegaLiteSpec {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new TypeError(`spec: expected a Vega-Lite spec object, got ${String(spec)}`);
  }
}

/**
 * Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings instead of printing them.
 *
 * @throws {TypeError} if `spec` is not an object; whatever vega-lite throws for an invalid spec.
 * @example
 * ```ts
 * const ok = compileVegaLite({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ a: 1, b: 2 }] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } },
 * });
 * if (ok.warnings.length !== 0 || !Array.isArray(ok.vega.marks)) throw new Error();
 * const bad = compileVegaLite({
 *   $schema: "x", data: { values: [] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative", scale: { type: "band" } } },
 * });
 * if (bad.warnings.length === 0) throw new Error("band scale on a quantitative field warns");
 * ```
 */
export function compileVegaLite(spec: VegaLiteSpec): CompiledChart {
  checkSpec(spec);
  const warnings: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(" ");
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error: (...args: unknown[]) => {
      warnings.push(`error: ${text(args)}`);
      return logger;
    },
    warn: (...args: unknown[]) => {
      warnings.push(text(args));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  type CompileOptions = NonNullable<Parameters<typeof vegaLite.compile>[1]>;
  const out = vegaLite.compile(
    spec as unknown as vegaLite.TopLevelSpec,
    { logger } as unknown as CompileOptions,
  );
  return { vega: out.spec as unknown as Record<string, unknown>, warnings };
}

/**
 * Renders a Vega-Lite spec to an SVG string (vega's headless `toSVG`, no browser). The spec
 * is not modified.
 *
 * @throws {TypeError} if `spec` is not an object; errors from vega-lite/vega for invalid specs.
 * @example
 * ```ts
 * const svg = await renderSvg({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ a: 1, b: 2 }, { a: 2, b: 3 }] }, mark: "line",
 *   encoding: {
 *     x: { field: "a", type: "quantitative", title: "α axis" },
 *     y: { field: "b", type: "quantitative" },
 *   },
 * });
 * if (!svg.startsWith("<svg") || !svg.includes("α axis")) throw new Error();
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  checkSpec(spec);
  // Vega tags inline data rows with a symbol id: render a JSON copy so the caller's spec is
  // left exactly as it was.
  const { vega: vgSpec } = compileVegaLite(JSON.parse(JSON.stringify(spec)));
  const view = new vega.View(vega.parse(vgSpec as vega.Spec), { renderer: "none" });
  try {
    // fully transparent symbols (the hover targets of per-point tooltips) draw nothing: drop
    // them from the static SVG, which would otherwise carry one path per tooltip point
    return (await view.toSVG()).replace(/<path [^>]*\sopacity="0"\/>/g, "");
  } finally {
    view.finalize();
  }
}

/** Resolves a file shipped in an npm package (installed under node_modules) to a file URL. */
function resolvePackageFile(specifier: string): URL {
  const errors: string[] = [];
  try {
    const url = new URL(import.meta.resolve(specifier));
    if (url.protocol === "file:") return url;
    errors.push(`import.meta.resolve gave ${url.href}`);
  } catch (e) {
    errors.push(String(e));
  }
  try {
    const path = createRequire(import.meta.url).resolve(specifier);
    return new URL(`file://${path.startsWith("/") ? "" : "/"}${path.replaceAll("\\", "/")}`);
  } catch (e) {
    errors.push(String(e));
  }
  throw new Error(
    `cannot locate ${specifier} (run \`deno install\` in the project): ${errors.join("; ")}`,
  );
}

/** Font files loaded into resvg: regular + bold (vega draws titles bold). */
const FONT_FILES = [
  "dejavu-fonts-ttf/ttf/DejaVuSans.ttf",
  "dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf",
  "dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf",
];

/** Family name of the bundled font, used for every generic family in PNG output. */
export const PNG_FONT_FAMILY = "DejaVu Sans";

let resvgReady: Promise<Uint8Array[]> | undefined;

/** Initialises resvg's wasm once and loads the fonts once (cached promise). */
function resvgInit(): Promise<Uint8Array[]> {
  if (resvgReady === undefined) {
    resvgReady = (async () => {
      const wasm = await Deno.readFile(resolvePackageFile("@resvg/resvg-wasm/index_bg.wasm"));
      await initWasm(wasm);
      return await Promise.all(FONT_FILES.map((f) => Deno.readFile(resolvePackageFile(f))));
    })();
    resvgReady.catch(() => {
      resvgReady = undefined; // allow a retry (e.g. after `deno install`)
    });
  }
  return resvgReady;
}

/** Options for {@link renderPng} and {@link svgToPng}. */
export interface RenderPngOptions {
  /** Pixel scale factor relative to the SVG size. Default 2. */
  scale?: number;
  /** Background colour (CSS). Default: the SVG's own (charts paint white). */
  background?: string;
}

/**
 * Rasterises an SVG string to PNG bytes with resvg and the bundled DejaVu Sans font.
 *
 * @throws {RangeError} if `scale` is not a finite number > 0.
 * @example
 * ```ts
 * const png = await svgToPng(
 *   '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="4"><rect width="10" height="4"/></svg>',
 *   { scale: 3 },
 * );
 * const view = new DataView(png.buffer, png.byteOffset);
 * if (png[1] !== 0x50 || view.getUint32(16) !== 30 || view.getUint32(20) !== 12) throw new Error();
 * ```
 */
export async function svgToPng(svg: string, options: RenderPngOptions = {}): Promise<Uint8Array> {
  const scale = options.scale ?? 2;
  if (typeof scale !== "number" || !Number.isFinite(scale) || !(scale > 0)) {
    throw new RangeError(`scale: expected a finite number > 0, got ${scale}`);
  }
  if (typeof svg !== "string") throw new TypeError(`svg: expected a string, got ${typeof svg}`);
  const fontBuffers = await resvgInit();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: scale },
    ...(options.background === undefined ? {} : { background: options.background }),
    font: {
      fontBuffers,
      defaultFontFamily: PNG_FONT_FAMILY,
      sansSerifFamily: PNG_FONT_FAMILY,
      serifFamily: PNG_FONT_FAMILY,
      monospaceFamily: PNG_FONT_FAMILY,
    },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/**
 * Renders a Vega-Lite spec to PNG bytes: {@link renderSvg}, then {@link svgToPng}.
 *
 * @throws {RangeError} if `scale` is not a finite number > 0.
 * @example
 * ```ts
 * const png = await renderPng({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json", width: 100, height: 50,
 *   data: { values: [{ a: 1 }] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" } },
 * }, { scale: 1 });
 * if (png[0] !== 0x89 || png[1] !== 0x50 || png[2] !== 0x4e || png[3] !== 0x47) throw new Error();
 * ```
 */
export async function renderPng(
  spec: VegaLiteSpec,
  options: RenderPngOptions = {},
): Promise<Uint8Array> {
  return await svgToPng(await renderSvg(spec), options);
}

/** Options for {@link saveChart}. */
export interface SaveChartOptions extends RenderPngOptions {
  /** Also write `<basePath>.png`. Default true. */
  png?: boolean;
}

/** Paths written by {@link saveChart}. */
export interface SavedChart {
  /** `<basePath>.vl.json`: the Vega-Lite spec. */
  readonly spec: string;
  /** `<basePath>.svg`. */
  readonly svg: string;
  /** `<basePath>.png`, when requested. */
  readonly png?: string;
}

/**
 * Writes a chart as `<basePath>.vl.json` (the spec), `<basePath>.svg` and, unless
 * `png: false`, `<basePath>.png`. Parent directories are created.
 *
 * @throws {TypeError} if `basePath` is empty.
 * @example
 * ```ts
 * const dir = await Deno.makeTempDir();
 * const out = await saveChart({
 *   $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *   data: { values: [{ a: 1 }] }, mark: "point",
 *   encoding: { x: { field: "a", type: "quantitative" } },
 * }, `${dir}/sub/chart`, { png: false });
 * if (out.png !== undefined || !(await Deno.readTextFile(out.svg)).startsWith("<svg")) {
 *   throw new Error();
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function saveChart(
  spec: VegaLiteSpec,
  basePath: string,
  options: SaveChartOptions = {},
): Promise<SavedChart> {
  if (typeof basePath !== "string" || basePath.length === 0) {
    throw new TypeError(`basePath: expected a non-empty path, got ${String(basePath)}`);
  }
  const svg = await renderSvg(spec);
  const png = options.png === false ? undefined : await svgToPng(svg, options);
  const slash = Math.max(basePath.lastIndexOf("/"), basePath.lastIndexOf("\\"));
  if (slash > 0) await Deno.mkdir(basePath.slice(0, slash), { recursive: true });
  const out = { spec: `${basePath}.vl.json`, svg: `${basePath}.svg` };
  await Deno.writeTextFile(out.spec, JSON.stringify(spec, null, 2) + "\n");
  await Deno.writeTextFile(out.svg, svg);
  if (png === undefined) return out;
  const pngPath = `${basePath}.png`;
  await Deno.writeFile(pngPath, png);
  return { ...out, png: pngPath };
}
