/**
 * 1RSB phase diagrams (docs/theory.md §3): the finite-beta 1RSB solution with the Parisi
 * parameter optimised, next to the RS one, on a grid over any two of width, alpha, beta,
 * sigma2 and lambda. Per cell: x*, `Phi_1RSB − Phi_RS` (<= 0 where 1RSB is the thermodynamic
 * solution; 0 with x* = 1 in the RS phase), the 1RSB and RS errors and entropies, and whether
 * the 1RSB solve converged (with the reason when it did not). Rows (fixed y) are spread over
 * module workers (`solveGridRows` of `grid_rows.ts`), as in the RS `computePhaseDiagram`; each cell is a
 * plain `solveOneRsb` from the frozen start (no warm start across cells, so a cell equals the
 * pointwise solve exactly).
 *
 * @module
 */
import { checkKeys, iterationControls } from "../model/options.ts";
import { type JupyterDisplayable, keyValueBundle, withDisplay } from "../jupyter/with_display.ts";
import { solveOneRsb } from "../theory/one_rsb.ts";
import { solveRs } from "../theory/rs.ts";
import { experimentModelParams, type ExperimentParams, withExperimentParameter } from "./params.ts";
import {
  countNotConverged,
  type GridAxis,
  type GridAxisGrid,
  gridCornerModels,
  type GridRowTaskBase,
  resolveGridAxes,
  solveGridRows,
  stackRows,
} from "./grid_rows.ts";

/** One axis: explicit `values`, or `from`/`to`/`samples`/`scale`. */
export type OneRsbPhaseAxis = GridAxis;

/** Options for {@link oneRsbPhaseDiagram}. */
export interface OneRsbPhaseDiagramOptions {
  /** The axis along each row (the heat map's x axis). */
  x: OneRsbPhaseAxis;
  /** The axis across rows (the heat map's y axis). */
  y: OneRsbPhaseAxis;
  /** Worker count (>= 1). Default: min(rows, hardware concurrency); 1 runs in this thread. */
  workers?: number;
  /** Solver tolerance (both solves). Default 1e-10. */
  tolerance?: number;
  /** Per fixed-x solve. Default 3000. */
  maxIterations?: number;
  /** Called after each finished row with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** A resolved axis. */
export type OneRsbPhaseAxisGrid = GridAxisGrid;

/** Per-cell grids of a 1RSB phase diagram, indexed `[j][i]` = (y[j], x[i]); null = not available. */
export interface OneRsbPhaseGrids {
  /** The thermodynamic Parisi parameter x* (1 in the RS phase). */
  parisi: (number | null)[][];
  /** `Phi_1RSB − Phi_RS` (<= 0; 0 where x* = 1). */
  deltaFreeEntropy: (number | null)[][];
  /** 1RSB training error, Gibbs generalization error and posterior-mean error. */
  trainError: (number | null)[][];
  /** 1RSB Gibbs generalization error per cell. */
  genError: (number | null)[][];
  /** 1RSB posterior-mean error per cell. */
  meanError: (number | null)[][];
  /** 1RSB entropy relative to the base measure, and Shannon entropy (uniform base; else null). */
  entropy: (number | null)[][];
  /** 1RSB Shannon entropy per cell (uniform base; else null). */
  shannonEntropy: (number | null)[][];
  /** The RS values at the same cell. */
  rsTrainError: (number | null)[][];
  /** RS Gibbs generalization error per cell. */
  rsGenError: (number | null)[][];
  /** RS posterior-mean error per cell. */
  rsMeanError: (number | null)[][];
  /** RS entropy relative to the base measure per cell. */
  rsEntropy: (number | null)[][];
  /** RS Shannon entropy per cell (uniform base; else null). */
  rsShannonEntropy: (number | null)[][];
  /** The RS replicon (AT) at the cell. */
  at: (number | null)[][];
  /** Per cell: the 1RSB solve converged (and the RS one). */
  cellConverged: boolean[][];
  /** Per cell: why it did not converge ("" when it did). */
  reason: string[][];
  /** Per cell: 1RSB fixed-point iterations. */
  iterations: number[][];
}

/** The result of {@link oneRsbPhaseDiagram}. */
export interface OneRsbPhaseDiagramResult extends OneRsbPhaseGrids {
  /** Horizontal axis (index `i`). */
  x: OneRsbPhaseAxisGrid;
  /** Vertical axis (index `j`). */
  y: OneRsbPhaseAxisGrid;
  /** Number of cells whose solve did not converge. */
  nonConverged: number;
  /** Every cell converged. */
  converged: boolean;
}

/** One row task (plain, structured-cloneable data): the row ({@link GridRowTaskBase}) and the solver. */
export interface OneRsbPhaseRowTask extends GridRowTaskBase {
  /** Solver tolerance (both solves). */
  tolerance: number;
  /** Per fixed-x 1RSB solve. */
  maxIterations: number;
}

/** One solved row: each field of {@link OneRsbPhaseGrids} for one y. */
export type OneRsbPhaseRow = { [K in keyof OneRsbPhaseGrids]: OneRsbPhaseGrids[K][number] };

const OPTION_KEYS = ["x", "y", "workers", "tolerance", "maxIterations", "onProgress"] as const;
const finite = (v: number | null): number | null => v !== null && Number.isFinite(v) ? v : null;

/**
 * Solves one row of a 1RSB phase diagram (the function the worker pool runs): at each x value
 * `solveOneRsb` (x optimised, frozen start) and `solveRs`.
 *
 * @example
 * ```ts
 * const row = oneRsbPhaseRow({
 *   params: { alpha: 2, beta: 10, quantizer: { quantizer: "uniform", bits: 1, width: 1 } },
 *   xParameter: "alpha", xValues: [0.5, 2], yParameter: "width", yValue: 1,
 *   tolerance: 1e-10, maxIterations: 3000,
 * });
 * // alpha = 2 is in the RSB phase (x* < 1, Phi lowered); every cell converged
 * if (!(row.parisi[1]! < 1 && row.deltaFreeEntropy[1]! < 0 && row.cellConverged.every(Boolean))) {
 *   throw new Error(JSON.stringify(row.parisi));
 * }
 * ```
 */
export function oneRsbPhaseRow(task: OneRsbPhaseRowTask): OneRsbPhaseRow {
  const base = withExperimentParameter(task.params, task.yParameter, task.yValue);
  const row: OneRsbPhaseRow = {
    parisi: [],
    deltaFreeEntropy: [],
    trainError: [],
    genError: [],
    meanError: [],
    entropy: [],
    shannonEntropy: [],
    rsTrainError: [],
    rsGenError: [],
    rsMeanError: [],
    rsEntropy: [],
    rsShannonEntropy: [],
    at: [],
    cellConverged: [],
    reason: [],
    iterations: [],
  };
  for (const xv of task.xValues) {
    const params = experimentModelParams(withExperimentParameter(base, task.xParameter, xv));
    const rs = solveRs(params, {
      tolerance: task.tolerance,
      maxIterations: Math.max(task.maxIterations, 5000),
    });
    const s = solveOneRsb(params, { tolerance: task.tolerance, maxIterations: task.maxIterations });
    const ok = s.converged && rs.converged;
    const v = (value: number | null) => (ok ? finite(value) : null);
    row.parisi.push(v(s.x));
    row.deltaFreeEntropy.push(v(s.freeEntropy - rs.freeEntropy));
    row.trainError.push(v(s.trainError));
    row.genError.push(v(s.genError));
    row.meanError.push(v(s.meanError));
    row.entropy.push(v(s.entropy));
    row.shannonEntropy.push(v(s.shannonEntropy));
    row.rsTrainError.push(v(rs.trainError));
    row.rsGenError.push(v(rs.genError));
    row.rsMeanError.push(v(rs.meanError));
    row.rsEntropy.push(v(rs.entropy));
    row.rsShannonEntropy.push(v(rs.shannonEntropy));
    row.at.push(v(rs.at));
    row.cellConverged.push(ok);
    row.reason.push(
      ok ? "" : s.reason ?? (s.converged ? "RS solve did not converge" : "1RSB did not converge"),
    );
    row.iterations.push(s.iterations);
  }
  return row;
}

/**
 * Computes a 1RSB phase diagram on the grid `x` × `y` (see the module doc). Rows run in
 * parallel module workers.
 *
 * @throws {RangeError} on an invalid axis (unknown parameter, empty or non-increasing grid,
 *   the same parameter on both axes), an invalid model, or beta = Infinity.
 * @throws {TypeError} on an unknown option key.
 * @example
 * ```ts
 * const d = await oneRsbPhaseDiagram(
 *   { alpha: 1, beta: 10, quantizer: { quantizer: "uniform", bits: 1, width: 1 } },
 *   { x: { parameter: "alpha", values: [0.5, 2] }, y: { parameter: "width", values: [1, 1.5] }, workers: 1 },
 * );
 * if (d.parisi.length !== 2 || d.parisi[0].length !== 2 || !d.converged) throw new Error();
 * ```
 */
export async function oneRsbPhaseDiagram(
  params: ExperimentParams,
  options: OneRsbPhaseDiagramOptions,
): Promise<OneRsbPhaseDiagramResult & JupyterDisplayable> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options: expected { x, y, … }, got ${String(options)}`);
  }
  checkKeys(options, OPTION_KEYS, "oneRsbPhaseDiagram options");
  const { x, y } = resolveGridAxes(options.x, options.y, "oneRsbPhaseDiagram options");
  const { tolerance, maxIterations } = iterationControls(options, {
    tolerance: 1e-10,
    maxIterations: 3000,
    damping: 0,
  });
  // validate the model at the corners (finite beta, valid quantizer) with a clear error
  for (const p of gridCornerModels(params, x, y)) {
    if (!(p.beta > 0 && Number.isFinite(p.beta))) {
      throw new RangeError(`beta: 1RSB phase diagrams need a finite beta > 0, got ${p.beta}`);
    }
  }
  const rows = await solveGridRows<OneRsbPhaseRowTask, OneRsbPhaseRow>(
    import.meta.url,
    "oneRsbPhaseRow",
    params,
    x,
    y,
    { tolerance, maxIterations },
    { workers: options.workers, onProgress: options.onProgress },
  );
  const pick = <K extends keyof OneRsbPhaseGrids>(k: K) =>
    stackRows(rows, k) as OneRsbPhaseGrids[K];
  const cellConverged = pick("cellConverged");
  const nonConverged = countNotConverged(cellConverged);
  const result: OneRsbPhaseDiagramResult = {
    x,
    y,
    parisi: pick("parisi"),
    deltaFreeEntropy: pick("deltaFreeEntropy"),
    trainError: pick("trainError"),
    genError: pick("genError"),
    meanError: pick("meanError"),
    entropy: pick("entropy"),
    shannonEntropy: pick("shannonEntropy"),
    rsTrainError: pick("rsTrainError"),
    rsGenError: pick("rsGenError"),
    rsMeanError: pick("rsMeanError"),
    rsEntropy: pick("rsEntropy"),
    rsShannonEntropy: pick("rsShannonEntropy"),
    at: pick("at"),
    cellConverged,
    reason: pick("reason"),
    iterations: pick("iterations"),
    nonConverged,
    converged: nonConverged === 0,
  };
  return withDisplay(result, oneRsbPhaseDiagramDisplay);
}

function oneRsbPhaseDiagramDisplay(d: OneRsbPhaseDiagramResult): Record<string, string> {
  const xs = d.parisi.flat().filter((v): v is number => v !== null);
  const rsb = xs.filter((v) => v < 1).length;
  const deltas = d.deltaFreeEntropy.flat().filter((v): v is number => v !== null);
  return keyValueBundle(
    `1RSB phase diagram (${d.x.parameter} × ${d.y.parameter}, ${d.x.values.length} × ${d.y.values.length})`,
    [
      [d.x.parameter, `${d.x.values[0]} … ${d.x.values[d.x.values.length - 1]}`],
      [d.y.parameter, `${d.y.values[0]} … ${d.y.values[d.y.values.length - 1]}`],
      ["cells with x* < 1", rsb],
      ["min x*", xs.length > 0 ? Math.min(...xs) : null],
      ["min Phi1RSB − PhiRS", deltas.length > 0 ? Math.min(...deltas) : null],
      ["not converged", d.nonConverged],
    ],
  );
}
