/**
 * RS solutions along a line of values of one parameter, warm-started point to point (secant
 * predictor from the last two solutions, then `solveRs`). The building block
 * of transition lines, phase-diagram rows and optimal-width searches.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { type RsSolution, type RsState, solveRs } from "../theory/rs.ts";
import { extrapolateRsState } from "./continuation.ts";
import {
  checkParameterValue,
  checkVaryParameter,
  experimentModelParams,
  type ExperimentParams,
  type VaryParameter,
  withExperimentParameter,
} from "./params.ts";

/** The keys of {@link ScanSolverOptions}. */
export const SCAN_SOLVER_KEYS: readonly string[] = Object.freeze([
  "tolerance",
  "maxIterations",
  "acceleration",
  "continuation",
]);

/**
 * The {@link ScanSolverOptions} part of a larger options object (for passing it on).
 *
 * @example
 * ```ts
 * const lineOptions = { tolerance: 1e-9, vary: "width" };
 * const o = scanSolverOptions(lineOptions);
 * if (o.tolerance !== 1e-9 || "vary" in o) throw new Error();
 * ```
 */
export function scanSolverOptions(options: ScanSolverOptions): ScanSolverOptions {
  const out: Record<string, unknown> = {};
  for (const k of SCAN_SOLVER_KEYS) {
    const v = (options as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as ScanSolverOptions;
}

/** Solver options shared by the scans. */
export interface ScanSolverOptions {
  /** RS solver tolerance (as `solveRs`). Default 1e-10. */
  tolerance?: number;
  /** Most iterations per point. Default 5000. */
  maxIterations?: number;
  /** `solveRs`'s acceleration: "anderson" (default) or "none". */
  acceleration?: "anderson" | "none";
  /** Warm-start each point from its neighbour (continuation). Default true. */
  continuation?: boolean;
}

/**
 * The RS solution at one value of a parameter, from `start` (a warm start) if given.
 *
 * @throws {RangeError} on an invalid value or model (e.g. beta = Infinity: use the
 *   zero-temperature solver).
 * @example
 * ```ts
 * const p = { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 } };
 * const s = solveRsAt(p, "width", 1.5);
 * if (!s.converged || s.model.quantizer.kind !== "levels" || s.model.quantizer.width !== 1.5) throw new Error();
 * ```
 */
export function solveRsAt(
  params: ExperimentParams,
  vary: VaryParameter,
  value: number,
  options: ScanSolverOptions & { start?: RsState } = {},
): RsSolution {
  checkKeys(options, [...SCAN_SOLVER_KEYS, "start"], "solveRsAt options");
  options ??= {};
  checkParameterValue(checkVaryParameter(vary), value);
  const point = withExperimentParameter(params, vary, value);
  return solveRs(experimentModelParams(point), {
    tolerance: options.tolerance,
    maxIterations: options.maxIterations,
    acceleration: options.acceleration,
    start: options.start,
  });
}

/**
 * RS solutions at each of `values` (in order) of the parameter `vary`, every point warm-started
 * from the secant prediction of the previous two (unless `continuation: false`). A point whose
 * solve did not converge is still returned (with `converged: false`) but is not used to
 * predict the next start.
 *
 * @throws {RangeError} on an invalid vary name, value or model.
 * @example
 * ```ts
 * const p = { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform" as const, bits: 1, width: 1 } };
 * const line = scanRsLine(p, "width", [0.5, 0.6, 0.7]);
 * if (line.length !== 3 || !line.every((s) => s.converged)) throw new Error();
 * ```
 */
export function scanRsLine(
  params: ExperimentParams,
  vary: VaryParameter,
  values: readonly number[],
  options: ScanSolverOptions = {},
): RsSolution[] {
  checkKeys(options, SCAN_SOLVER_KEYS, "scanRsLine options");
  options ??= {};
  checkVaryParameter(vary);
  values.forEach((v) => checkParameterValue(vary, v));
  const out: RsSolution[] = [];
  const continuation = options.continuation ?? true;
  let prev: { x: number; s: RsState } | undefined;
  let last: { x: number; s: RsState } | undefined;
  for (const x of values) {
    let start: RsState | undefined;
    if (continuation && last !== undefined) {
      start = prev !== undefined && last.x !== prev.x
        ? extrapolateRsState(prev.s, last.s, (x - last.x) / (last.x - prev.x))
        : last.s;
    }
    const s = solveRsAt(params, vary, x, { ...options, start });
    out.push(s);
    if (s.converged) {
      prev = last;
      last = { x, s: { m: s.m, q: s.q, V: s.V } };
    }
  }
  return out;
}
