/**
 * What every figure of `lib/figures/` produces, and the plain-data helpers shared by the
 * figures, `deno task reproduce` and the notebooks: a {@link FigureResult} (charts, the data
 * as a flat table for CSV and as JSON, a summary of the key numbers and a markdown section of
 * `figures/REPORT.md`), lossless JSON for non-finite numbers, CSV, and number formatting.
 *
 * @module
 */
import type { VegaLiteSpec } from "../plot/chart_spec.ts";

/** One chart of a figure, saved as `<id>.svg` (or `<id>_<name>.svg` when a figure has several). */
export interface FigureChart {
  /** Short file-name suffix, e.g. `"zero_temperature"`; `""` for a figure's only chart. */
  readonly name: string;
  /** The Vega-Lite v5 spec. */
  readonly spec: VegaLiteSpec;
}

/** A flat table row (a CSV line). */
export type FigureTableRow = Readonly<Record<string, number | string | boolean | null>>;

/** Everything one figure produces. */
export interface FigureResult<D = unknown, S = unknown> {
  /** File stem in `figures/`, e.g. `"double_descent"`. */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  /** The finding of the paper the figure illustrates, in one sentence. */
  readonly finding: string;
  /** The computed data (written as `<id>.json`). */
  readonly data: D;
  /** The key numbers (also in `<id>.json`, and quoted by the report section). */
  readonly summary: S;
  /** The figure's charts. */
  readonly charts: readonly FigureChart[];
  /** The data as one flat table (written as `<id>.csv`). */
  readonly table: readonly FigureTableRow[];
  /** Markdown section of `REPORT.md` stating the finding with the computed numbers. */
  readonly report: string;
}

/** Options every figure builder accepts. */
export interface FigureBuildOptions {
  /** A reduced grid for tests and smoke runs. Default false. */
  quick?: boolean;
  /** Worker threads for the heavy sweeps. Default: the machine's cores. */
  workers?: number;
  /** Progress callback, `done` out of `total` units of this figure's work. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * JSON text where non-finite numbers are kept as the strings `"Infinity"`, `"-Infinity"` and
 * `"NaN"` (lossless, unlike `JSON.stringify`'s `null`), typed arrays become arrays. Read it back
 * with {@link parseFigureJson}.
 *
 * @example
 * ```ts
 * const text = figureJson({ bits: Infinity, x: new Float64Array([1, 2]) });
 * if (text !== '{"bits":"Infinity","x":[1,2]}') throw new Error(text);
 * if (parseFigureJson<{ bits: number }>(text).bits !== Infinity) throw new Error();
 * ```
 */
export function figureJson(value: unknown, space?: number): string {
  return JSON.stringify(value, (_k, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) return String(v);
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      return Array.from(v as unknown as ArrayLike<number>);
    }
    return v;
  }, space);
}

/**
 * Parses {@link figureJson} text, turning `"Infinity"`, `"-Infinity"` and `"NaN"` back into
 * numbers.
 *
 * @example
 * ```ts
 * const v = parseFigureJson<{ a: number[] }>('{"a":[1,"-Infinity"]}');
 * if (v.a[1] !== -Infinity) throw new Error();
 * ```
 */
export function parseFigureJson<T = unknown>(text: string): T {
  return JSON.parse(text, (_k, v) => {
    if (v === "Infinity") return Infinity;
    if (v === "-Infinity") return -Infinity;
    if (v === "NaN") return NaN;
    return v;
  }) as T;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  const s = typeof v === "number" ? String(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * CSV text (RFC 4180, `\n` line ends) of flat rows; the columns are every key in first-seen
 * order, `null` is an empty cell, numbers are written in full precision (`Infinity` as is).
 *
 * @throws {TypeError} if `rows` is not an array of objects.
 * @example
 * ```ts
 * const csv = figureCsv([{ a: 1, b: "x,y" }, { a: Infinity, c: null }]);
 * if (csv !== 'a,b,c\n1,"x,y",\nInfinity,,\n') throw new Error(JSON.stringify(csv));
 * ```
 */
export function figureCsv(rows: readonly FigureTableRow[]): string {
  if (!Array.isArray(rows)) throw new TypeError(`rows: expected an array, got ${typeof rows}`);
  const columns: string[] = [];
  rows.forEach((r, i) => {
    if (r === null || typeof r !== "object") {
      throw new TypeError(`rows[${i}]: expected an object, got ${String(r)}`);
    }
    for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
  });
  const lines = [columns.map(csvCell).join(",")];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(","));
  return lines.join("\n") + "\n";
}

/**
 * A number for prose: `digits` significant digits (default 3), `∞` for Infinity, `n/a` for
 * null/NaN. Reports and notebooks format every quoted number with it, so that the printed
 * text can be matched against the JSON data.
 *
 * @example
 * ```ts
 * if (fmtNumber(0.123456) !== "0.123" || fmtNumber(Infinity) !== "∞" || fmtNumber(null) !== "n/a") throw new Error();
 * if (fmtNumber(1234.5, 2) !== "1200") throw new Error(fmtNumber(1234.5, 2));
 * ```
 */
export function fmtNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "n/a";
  if (value === Infinity) return "∞";
  if (value === -Infinity) return "−∞";
  if (value === 0) return "0";
  const p = Number(value.toPrecision(digits));
  return Math.abs(p) >= 10 ** digits ? String(Math.round(p)) : String(p);
}

/**
 * An evenly spaced grid of `samples` points from `from` to `to` (both included), linear or
 * logarithmic.
 *
 * @throws {RangeError} on a bad range or sample count.
 * @example
 * ```ts
 * const g = figureGrid(1, 3, 3);
 * if (g.join() !== "1,2,3") throw new Error(g.join());
 * if (figureGrid(1, 100, 3, "log")[1] !== 10) throw new Error();
 * ```
 */
export function figureGrid(
  from: number,
  to: number,
  samples: number,
  scale: "linear" | "log" = "linear",
): number[] {
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from)) {
    throw new RangeError(`range: expected finite from < to, got [${from}, ${to}]`);
  }
  if (!(Number.isInteger(samples) && samples >= 2)) {
    throw new RangeError(`samples: expected an integer >= 2, got ${samples}`);
  }
  if (scale === "log" && !(from > 0)) {
    throw new RangeError(`from: a log grid needs from > 0, got ${from}`);
  }
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t = i / (samples - 1);
    const v = scale === "log"
      ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from)))
      : from + t * (to - from);
    out.push(Number(v.toPrecision(12)));
  }
  out[0] = from;
  out[samples - 1] = to;
  return out;
}

/**
 * Checks a list of bit counts: non-empty, each an integer in [1, 16].
 *
 * @throws {RangeError} naming the entry.
 * @example
 * ```ts
 * if (checkFigureBits([1, 2]).length !== 2) throw new Error();
 * let threw = false;
 * try { checkFigureBits([0]); } catch { threw = true; }
 * if (!threw) throw new Error();
 * ```
 */
export function checkFigureBits(bits: readonly number[], name = "bits"): number[] {
  if (!Array.isArray(bits) || bits.length === 0) {
    throw new RangeError(`${name}: expected a non-empty list of bit counts, got ${String(bits)}`);
  }
  bits.forEach((b, i) => {
    if (!(Number.isInteger(b) && b >= 1 && b <= 16)) {
      throw new RangeError(`${name}[${i}]: expected an integer in [1, 16], got ${b}`);
    }
  });
  return [...bits];
}
