/**
 * Parameter sweeps: the RS solution (`solveRs` at finite beta, `solveZeroTemperature` at
 * beta = Infinity) at every point of a cartesian product of parameter lists, one plain row per
 * point, with a progress callback, and CSV / JSON writers. Every point is solved from a cold
 * start, so a row equals `cli rs` at the same flags.
 *
 * @module
 */
import type { Teacher } from "../model/teacher.ts";
import { QUANTIZER_NAMES, type QuantizerName } from "../quantizers/from_spec.ts";
import { checkImproper, solveRs } from "../theory/rs.ts";
import { resolveModel } from "../model/params.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { type JupyterDisplayable, type MimeBundle, withDisplay } from "../jupyter/with_display.ts";
import { experimentModelParams } from "./params.ts";

/** The lists to combine (each non-empty). Families without levels ignore bits and width. */
export interface SweepGrid {
  /** Values of alpha. */
  alpha: readonly number[];
  /** Default [Infinity] (ground state). */
  beta?: readonly number[];
  /** Default [0]. */
  sigma2?: readonly number[];
  /** Default [0]. */
  lambda?: readonly number[];
  /** Default [2]. */
  bits?: readonly number[];
  /** Default [1]. */
  width?: readonly number[];
  /** Quantizer families. Default ["uniform"]. */
  quantizer?: readonly QuantizerName[];
  /** mu-law parameter (default 255). */
  mu?: number;
  /** Teacher prior (default Gaussian, rho = 1). */
  teacher?: Teacher;
}

/** Options for {@link runSweep}. */
export interface SweepOptions {
  /** RS tolerance at finite beta (default 1e-10; the ground state uses min(this, 1e-12)). */
  tolerance?: number;
  /** Most iterations per point. Default 5000. */
  maxIterations?: number;
  /** Called after each point with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Solve only these points (indices into the grid's point order, e.g. a shard's
   * {@link shardPoints}); every point of the grid is still validated. Default: all.
   */
  points?: readonly number[];
}

/** One point of a sweep: parameters, then the RS observables (null where undefined). */
export interface SweepRow {
  /** Quantizer family. */
  quantizer: QuantizerName;
  /** null for continuous weights. */
  bits: number | null;
  /** Quantization width (null for continuous weights). */
  width: number | null;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Inverse temperature (Infinity: zero temperature). */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** "finite-temperature", or the ground state's "ground-state" / "interpolating". */
  phase: "finite-temperature" | "ground-state" | "interpolating";
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Two-replica overlap `q`. */
  q: number;
  /** Self-overlap `Q = w·w/N`. */
  Q: number;
  /** `chi = beta·(Q − q)`. */
  chi: number;
  /** Training error per sample. */
  trainError: number;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Generalization error of the posterior mean `rho − 2m + q + sigma2`. */
  meanError: number;
  /** Free entropy per weight (null at beta = ∞). */
  freeEntropy: number | null;
  /** Entropy per weight relative to the base measure (null where undefined). */
  entropy: number | null;
  /** Shannon entropy per weight (null unless a level set with uniform base measure). */
  shannonEntropy: number | null;
  /** De Almeida–Thouless replicon; RS is locally stable iff < 1. */
  at: number;
  /** `at < 1`: RS is locally stable. */
  stable: boolean;
  /** False where RS is known to be wrong (interpolating ground state of a level set). */
  valid: boolean;
  /** The solve converged (computed, never asserted). */
  converged: boolean;
  /** Iterations used. */
  iterations: number;
  /** Last change of the state. */
  residual: number;
}

/** The result of {@link runSweep}. */
export interface SweepResult {
  /** One row per grid point, in grid order. */
  rows: SweepRow[];
  /** Number of points whose solve did not converge. */
  nonConverged: number;
  /** Every row converged. */
  converged: boolean;
}

/**
 * The column order of {@link sweepToCsv}.
 *
 * @example
 * ```ts
 * if (SWEEP_COLUMNS[0] !== "quantizer" || !SWEEP_COLUMNS.includes("genError")) throw new Error();
 * ```
 */
export const SWEEP_COLUMNS: readonly (keyof SweepRow)[] = [
  "quantizer",
  "bits",
  "width",
  "alpha",
  "beta",
  "sigma2",
  "lambda",
  "phase",
  "m",
  "q",
  "Q",
  "chi",
  "trainError",
  "genError",
  "meanError",
  "freeEntropy",
  "entropy",
  "shannonEntropy",
  "at",
  "stable",
  "valid",
  "converged",
  "iterations",
  "residual",
];

function checkList<T>(name: string, list: readonly T[] | undefined, fallback: T[]): readonly T[] {
  if (list === undefined) return fallback;
  if (!Array.isArray(list) || list.length === 0) {
    throw new RangeError(`${name}: expected a non-empty list, got ${JSON.stringify(list)}`);
  }
  return list;
}

function checkNumbers(
  name: string,
  list: readonly number[],
  ok: (v: number) => boolean,
  range: string,
): void {
  list.forEach((v, i) => {
    if (typeof v !== "number" || !ok(v)) {
      throw new RangeError(`${name}[${i}]: expected ${range}, got ${v}`);
    }
  });
}

/**
 * The number of points of a sweep grid (after collapsing bits × width for continuous
 * weights), validating the lists.
 *
 * @throws {RangeError} on an empty list or an invalid value (naming the list and index).
 * @example
 * ```ts
 * if (sweepSize({ alpha: [1, 2], width: [0.5, 1, 2] }) !== 6) throw new Error();
 * if (sweepSize({ alpha: [1], quantizer: ["continuous"], width: [1, 2] }) !== 1) throw new Error();
 * ```
 */
export function sweepSize(grid: SweepGrid): number {
  return sweepPoints(grid).length;
}

interface SweepPoint {
  quantizer: QuantizerName;
  bits: number | null;
  width: number | null;
  alpha: number;
  beta: number;
  sigma2: number;
  lambda: number;
}

function sweepPoints(grid: SweepGrid): SweepPoint[] {
  if (grid === null || typeof grid !== "object") {
    throw new TypeError(`grid: expected an object of parameter lists, got ${String(grid)}`);
  }
  if (grid.alpha === undefined) {
    throw new RangeError(`alpha: expected a non-empty list, got undefined`);
  }
  const alpha = checkList("alpha", grid.alpha, []);
  const beta = checkList("beta", grid.beta, [Infinity]);
  const sigma2 = checkList("sigma2", grid.sigma2, [0]);
  const lambda = checkList("lambda", grid.lambda, [0]);
  const bits = checkList("bits", grid.bits, [2]);
  const width = checkList("width", grid.width, [1]);
  const families = checkList<QuantizerName>("quantizer", grid.quantizer, ["uniform"]);
  checkNumbers("alpha", alpha, (v) => Number.isFinite(v) && v > 0, "a finite number > 0");
  checkNumbers("beta", beta, (v) => v > 0, "a number > 0 (or Infinity)");
  checkNumbers("sigma2", sigma2, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
  checkNumbers("lambda", lambda, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
  checkNumbers(
    "bits",
    bits,
    (v) => Number.isInteger(v) && v >= 1 && v <= 16,
    "an integer in 1..16",
  );
  checkNumbers("width", width, (v) => Number.isFinite(v) && v > 0, "a finite number > 0");
  families.forEach((f, i) => {
    if (!(QUANTIZER_NAMES as readonly string[]).includes(f) || f === "custom") {
      throw new RangeError(
        `quantizer[${i}]: expected one of ${
          QUANTIZER_NAMES.filter((n) => n !== "custom").join("|")
        }, got ${JSON.stringify(f)}`,
      );
    }
  });
  const points: SweepPoint[] = [];
  for (const quantizer of families) {
    const levels = quantizer !== "continuous";
    for (const b of levels ? bits : [null]) {
      for (const be of beta) {
        for (const s2 of sigma2) {
          for (const la of lambda) {
            for (const al of alpha) {
              for (const w of levels ? width : [null]) {
                points.push({
                  quantizer,
                  bits: b,
                  width: w,
                  alpha: al,
                  beta: be,
                  sigma2: s2,
                  lambda: la,
                });
              }
            }
          }
        }
      }
    }
  }
  return points;
}

/**
 * Solves every point of the cartesian product of the grid's lists (loop order, outermost
 * first: quantizer, bits, beta, sigma2, lambda, alpha, width).
 *
 * @throws {RangeError} on an empty list, an invalid value, or an invalid model point (e.g.
 *   midtread with 1 bit, continuous flat weights at finite beta with lambda = 0 and alpha <= 1).
 * @example
 * ```ts
 * const r = runSweep({ alpha: [2, 3], beta: [10, Infinity], bits: [2], width: [1.5], sigma2: [0.1] });
 * if (r.rows.length !== 4 || !r.converged || r.rows[2].phase !== "ground-state") throw new Error();
 * ```
 */
export function runSweep(
  grid: SweepGrid,
  options: SweepOptions = {},
): SweepResult & JupyterDisplayable {
  const points = sweepPoints(grid);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 5000;
  // build (and so validate) every model point before solving any
  const models = points.map((p) =>
    experimentModelParams({
      alpha: p.alpha,
      beta: p.beta,
      sigma2: p.sigma2,
      lambda: p.lambda,
      teacher: grid.teacher,
      quantizer: p.quantizer === "continuous" ? { quantizer: "continuous" } : {
        quantizer: p.quantizer,
        bits: p.bits!,
        width: p.width!,
        ...(p.quantizer === "mu-law" && grid.mu !== undefined ? { mu: grid.mu } : {}),
      },
    })
  );
  models.forEach((m) => {
    const model = resolveModel(m);
    if (Number.isFinite(model.beta)) checkImproper(model);
  });
  const rows: SweepRow[] = [];
  const selected = options.points === undefined
    ? points.map((_, k) => k)
    : checkPointIndices(options.points, points.length);
  selected.forEach((k, done) => {
    const p = points[k];
    const params = models[k];
    const head = { ...p };
    if (Number.isFinite(p.beta)) {
      const s = solveRs(params, { tolerance, maxIterations });
      rows.push({
        ...head,
        phase: "finite-temperature",
        m: s.m,
        q: s.q,
        Q: s.Q,
        chi: s.chi,
        trainError: s.trainError,
        genError: s.genError,
        meanError: s.meanError,
        freeEntropy: s.freeEntropy,
        entropy: s.entropy,
        shannonEntropy: s.shannonEntropy,
        at: s.at,
        stable: s.stable,
        valid: true,
        converged: s.converged,
        iterations: s.iterations,
        residual: s.residual,
      });
    } else {
      const s = solveZeroTemperature(params, {
        tolerance: Math.min(tolerance, 1e-12),
        maxIterations,
      });
      rows.push({
        ...head,
        phase: s.phase,
        m: s.m,
        q: s.q,
        Q: s.Q,
        chi: s.chi,
        trainError: s.trainError,
        genError: s.genError,
        meanError: s.meanError,
        freeEntropy: null,
        entropy: s.entropy,
        shannonEntropy: null,
        at: s.at,
        stable: s.stable,
        valid: s.valid,
        converged: s.converged,
        iterations: s.iterations,
        residual: s.residual,
      });
    }
    options.onProgress?.(done + 1, selected.length);
  });
  const nonConverged = rows.filter((r) => !r.converged).length;
  return withDisplay({ rows, nonConverged, converged: nonConverged === 0 }, sweepDisplay);
}

function checkPointIndices(list: readonly number[], total: number): number[] {
  if (!Array.isArray(list)) {
    throw new RangeError(`points: expected an array of point indices, got ${String(list)}`);
  }
  list.forEach((k, i) => {
    if (!(Number.isInteger(k) && k >= 0 && k < total)) {
      throw new RangeError(`points[${i}]: expected an integer in [0, ${total - 1}], got ${k}`);
    }
  });
  return [...list];
}

async function sweepDisplay(r: SweepResult): Promise<MimeBundle> {
  const { tableBundle } = await import("../jupyter/display.ts");
  return tableBundle(r.rows as unknown as Record<string, unknown>[], {
    title: `Sweep: ${r.rows.length} points, ${r.nonConverged} not converged`,
    columns: SWEEP_COLUMNS as string[],
  });
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "nan";
    if (v === Infinity) return "inf";
    if (v === -Infinity) return "-inf";
    return String(v);
  }
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Sweep rows as CSV (RFC 4180): a header of {@link SWEEP_COLUMNS}, then one line per row;
 * numbers at full precision, ±Infinity as `inf`/`-inf`, null as an empty cell.
 *
 * @example
 * ```ts
 * const r = runSweep({ alpha: [2], beta: [Infinity], bits: [1], width: [1] });
 * const lines = sweepToCsv(r.rows).trim().split("\n");
 * if (lines.length !== 2 || !lines[1].startsWith("uniform,1,1,2,inf,0,0,ground-state,")) throw new Error(lines[1]);
 * ```
 */
export function sweepToCsv(rows: readonly SweepRow[]): string {
  const out = [SWEEP_COLUMNS.join(",")];
  for (const r of rows) out.push(SWEEP_COLUMNS.map((c) => csvCell(r[c])).join(","));
  return out.join("\n") + "\n";
}

/**
 * Sweep rows as JSON `{ "rows": [...] }`; non-finite numbers become the strings "inf", "-inf"
 * (so beta = Infinity survives) and NaN becomes null.
 *
 * @example
 * ```ts
 * const r = runSweep({ alpha: [2], bits: [1], width: [1] });
 * const j = JSON.parse(sweepToJson(r.rows));
 * if (j.rows[0].beta !== "inf" || j.rows[0].at !== "inf") throw new Error();
 * ```
 */
export function sweepToJson(rows: readonly SweepRow[]): string {
  return JSON.stringify({ rows }, (_k, v) => {
    if (typeof v === "number" && !Number.isFinite(v)) {
      return Number.isNaN(v) ? null : v > 0 ? "inf" : "-inf";
    }
    return v;
  });
}

/** Shard `index` of `count` (1-based): the points `i` of a grid with `i mod count = index − 1`. */
export interface Shard {
  /** K, in 1..N. */
  index: number;
  /** N, the number of shards. */
  count: number;
}

/** Largest number of shards {@link parseShard} accepts. */
export const MAX_SHARDS = 10000;

/**
 * Parses a shard `K/N` (integers, 1 <= K <= N <= {@link MAX_SHARDS}).
 *
 * @throws {RangeError} naming `shard`, the value and the allowed range.
 * @example
 * ```ts
 * const s = parseShard("2/3");
 * if (s.index !== 2 || s.count !== 3) throw new Error();
 * ```
 */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(String(text).trim());
  const index = m ? Number(m[1]) : NaN, count = m ? Number(m[2]) : NaN;
  if (!(m && count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count)) {
    throw new RangeError(
      `shard: expected K/N with integers 1 <= K <= N <= ${MAX_SHARDS}, got ${JSON.stringify(text)}`,
    );
  }
  return { index, count };
}

/**
 * The point indices of a shard: `i` in [0, total) with `i mod N = K − 1` (round robin, so
 * neighbouring, similarly expensive points spread over the shards). Every point belongs to
 * exactly one shard, and what a point computes does not depend on N: each point is solved
 * from a cold start with fixed settings, so shard results equal those of a single run.
 *
 * @example
 * ```ts
 * if (shardPoints(7, { index: 2, count: 3 }).join() !== "1,4") throw new Error();
 * ```
 */
export function shardPoints(total: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let i = shard.index - 1; i < total; i += shard.count) out.push(i);
  return out;
}

/**
 * The file one shard of `cli sweep` / `cli phase` writes: the single run's output split into
 * items (CSV lines, JSON rows, phase lines) tagged with their point index, and the head the
 * merged output starts with (CSV header, the JSON fields before the rows, the text title).
 */
export interface ShardFile {
  /** Marks a shard file (format version 1). */
  typiquantShard: 1;
  /** The command that wrote it. */
  command: "sweep" | "phase";
  /** The single run's output format. */
  format: "csv" | "json" | "text";
  /** K. */
  index: number;
  /** N. */
  count: number;
  /** Points of the whole grid. */
  total: number;
  /** What the merged output starts with (CSV header, JSON fields before the lines, title). */
  head: unknown;
  /** The shard's points: index, convergence and the output item (CSV line, JSON row, …). */
  items: { point: number; converged: boolean; value: unknown }[];
}

/** Result of {@link mergeShards}. */
export interface MergedShards {
  /** The command the shards came from. */
  command: "sweep" | "phase";
  /** The output format. */
  format: "csv" | "json" | "text";
  /** Exactly the standard output of the single run (ending in a newline). */
  output: string;
  /** Every point converged (the single run's exit code 0, else 3). */
  converged: boolean;
}

/**
 * Reassembles the output of a single run from the files of all N shards (any order).
 *
 * @throws {RangeError} naming `FILES` when a file is not a shard file, the shards disagree
 *   (command, format, N, grid, head), a shard is missing or repeated, or points are missing.
 * @example
 * ```ts
 * const part = (index: number, items: ShardFile["items"]): string =>
 *   JSON.stringify({ typiquantShard: 1, command: "sweep", format: "csv", index, count: 2, total: 3, head: "a,b", items });
 * const m = mergeShards([
 *   part(2, [{ point: 1, converged: true, value: "3,4" }]),
 *   part(1, [{ point: 0, converged: true, value: "1,2" }, { point: 2, converged: false, value: "5,6" }]),
 * ]);
 * if (m.output !== "a,b\n1,2\n3,4\n5,6\n" || m.converged) throw new Error(m.output);
 * ```
 */
export function mergeShards(texts: readonly string[]): MergedShards {
  if (texts.length === 0) throw new RangeError(`FILES: expected the files of all shards, got none`);
  const files = texts.map((t, i) => {
    let f: ShardFile;
    try {
      f = JSON.parse(t);
    } catch {
      throw new RangeError(`FILES[${i}]: not a shard file (not JSON)`);
    }
    if (f?.typiquantShard !== 1 || !Array.isArray(f.items)) {
      throw new RangeError(`FILES[${i}]: not a shard file (written by --shard K/N)`);
    }
    return f;
  });
  const first = files[0];
  const key = (f: ShardFile) => JSON.stringify([f.command, f.format, f.count, f.total, f.head]);
  const seen = new Set<number>();
  files.forEach((f, i) => {
    if (key(f) !== key(first)) {
      throw new RangeError(
        `FILES[${i}]: shard ${f.index}/${f.count} of a different run (command, format, grid or N differ)`,
      );
    }
    if (seen.has(f.index)) {
      throw new RangeError(`FILES[${i}]: shard ${f.index}/${f.count} repeated`);
    }
    seen.add(f.index);
  });
  if (seen.size !== first.count) {
    const missing = Array.from({ length: first.count }, (_, k) => k + 1).filter((k) =>
      !seen.has(k)
    );
    throw new RangeError(`FILES: missing shard(s) ${missing.join(",")} of ${first.count}`);
  }
  const items = new Array<ShardFile["items"][number]>(first.total);
  for (const f of files) {
    for (const it of f.items) {
      if (!(Number.isInteger(it.point) && it.point >= 0 && it.point < first.total)) {
        throw new RangeError(`FILES: point ${it.point} outside [0, ${first.total - 1}]`);
      }
      if (items[it.point] !== undefined) throw new RangeError(`FILES: point ${it.point} repeated`);
      items[it.point] = it;
    }
  }
  for (let k = 0; k < first.total; k++) {
    if (items[k] === undefined) throw new RangeError(`FILES: point ${k} missing`);
  }
  const values = items.map((it) => it.value);
  const converged = items.every((it) => it.converged);
  let output: string;
  if (first.format === "json") {
    output = first.command === "sweep"
      ? JSON.stringify({ rows: values })
      : JSON.stringify({ ...(first.head as Record<string, unknown>), lines: values, converged });
  } else {
    output = [String(first.head), ...values.map(String)].join("\n");
  }
  return { command: first.command, format: first.format, output: output + "\n", converged };
}

/**
 * A sweep shard's file: the rows of the shard's points (as {@link runSweep} with
 * `points: shardPoints(...)` gives them) in the CSV or JSON form of the single run.
 *
 * @example
 * ```ts
 * const grid = { alpha: [1, 2, 3], beta: [Infinity], bits: [1], width: [1] };
 * const shard = { index: 2, count: 2 };
 * const r = runSweep(grid, { points: shardPoints(sweepSize(grid), shard) });
 * const f = JSON.parse(sweepShardFile(r.rows, shardPoints(3, shard), shard, 3, "csv"));
 * if (f.items.length !== 1 || f.items[0].point !== 1 || !f.items[0].value.startsWith("uniform,1,1,2,")) throw new Error();
 * ```
 */
export function sweepShardFile(
  rows: readonly SweepRow[],
  points: readonly number[],
  shard: Shard,
  total: number,
  format: "csv" | "json",
): string {
  const file: ShardFile = {
    typiquantShard: 1,
    command: "sweep",
    format,
    index: shard.index,
    count: shard.count,
    total,
    head: format === "csv" ? SWEEP_COLUMNS.join(",") : null,
    items: rows.map((r, k) => ({
      point: points[k],
      converged: r.converged,
      value: format === "csv"
        ? sweepToCsv([r]).trimEnd().split("\n")[1]
        : JSON.parse(sweepToJson([r])).rows[0],
    })),
  };
  return JSON.stringify(file);
}
