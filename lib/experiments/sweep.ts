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
}

/** One point of a sweep: parameters, then the RS observables (null where undefined). */
export interface SweepRow {
  quantizer: QuantizerName;
  /** null for continuous weights. */
  bits: number | null;
  width: number | null;
  alpha: number;
  beta: number;
  sigma2: number;
  lambda: number;
  /** "finite-temperature", or the ground state's "ground-state" / "interpolating". */
  phase: "finite-temperature" | "ground-state" | "interpolating";
  m: number;
  q: number;
  Q: number;
  chi: number;
  trainError: number;
  genError: number;
  meanError: number;
  freeEntropy: number | null;
  entropy: number | null;
  shannonEntropy: number | null;
  at: number;
  stable: boolean;
  /** False where RS is known to be wrong (interpolating ground state of a level set). */
  valid: boolean;
  converged: boolean;
  iterations: number;
  residual: number;
}

/** The result of {@link runSweep}. */
export interface SweepResult {
  rows: SweepRow[];
  /** Number of points whose solve did not converge. */
  nonConverged: number;
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
  points.forEach((p, k) => {
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
    options.onProgress?.(k + 1, points.length);
  });
  const nonConverged = rows.filter((r) => !r.converged).length;
  return withDisplay({ rows, nonConverged, converged: nonConverged === 0 }, sweepDisplay);
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
