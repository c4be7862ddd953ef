/**
 * One row of a phase diagram: RS solutions along the x parameter at a fixed y, warm-started
 * point to point. Kept free of plotting imports so that worker start-up stays cheap; tasks and
 * results are plain structured-cloneable data ({@link runInWorkers}).
 *
 * @module
 */
import { withExperimentParameter } from "./params.ts";
import type { GridRowTaskBase } from "./grid_rows.ts";
import { scanRsLine, type ScanSolverOptions } from "./rs_scan.ts";
import { rsShannonEntropy } from "./shannon_entropy.ts";

/** A row task (plain data): the row's model point and axes ({@link GridRowTaskBase}) and the solver. */
export interface PhaseDiagramRowTask extends GridRowTaskBase {
  /** Solver options. */
  solver: ScanSolverOptions;
}

/** A solved row; values are null where the solve did not converge. */
export interface PhaseDiagramRowResult {
  at: (number | null)[];
  /** Shannon entropy per weight (any base measure; null for continuous weights). */
  shannonEntropy: (number | null)[];
  genError: (number | null)[];
  meanError: (number | null)[];
  trainError: (number | null)[];
  /** Teacher-student overlap m, overlap q and self-overlap Q (tooltip details). */
  m: (number | null)[];
  q: (number | null)[];
  Q: (number | null)[];
  converged: boolean[];
  iterations: number[];
  residual: number[];
}

/**
 * Solves one phase-diagram row (the function the worker pool runs).
 *
 * @throws {RangeError} on an invalid parameter value or model.
 * @example
 * ```ts
 * const row = phaseDiagramRow({
 *   params: { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2, width: 1 } },
 *   xParameter: "width", xValues: [0.5, 1, 1.5], yParameter: "alpha", yValue: 2, solver: {},
 * });
 * if (row.at.length !== 3 || !row.converged.every(Boolean) || !(row.at[2]! > row.at[0]!)) throw new Error();
 * ```
 */
export function phaseDiagramRow(task: PhaseDiagramRowTask): PhaseDiagramRowResult {
  const params = withExperimentParameter(task.params, task.yParameter, task.yValue);
  const sols = scanRsLine(params, task.xParameter, task.xValues, task.solver);
  const ok = (v: number | null, converged: boolean) =>
    converged && v !== null && Number.isFinite(v) ? v : null;
  return {
    at: sols.map((s) => ok(s.at, s.converged)),
    shannonEntropy: sols.map((s) => ok(rsShannonEntropy(s), s.converged)),
    genError: sols.map((s) => ok(s.genError, s.converged)),
    meanError: sols.map((s) => ok(s.meanError, s.converged)),
    trainError: sols.map((s) => ok(s.trainError, s.converged)),
    m: sols.map((s) => ok(s.m, s.converged)),
    q: sols.map((s) => ok(s.q, s.converged)),
    Q: sols.map((s) => ok(s.Q, s.converged)),
    converged: sols.map((s) => s.converged),
    iterations: sols.map((s) => s.iterations),
    residual: sols.map((s) => s.residual),
  };
}
