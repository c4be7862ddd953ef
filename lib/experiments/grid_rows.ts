/**
 * The grid machinery shared by the phase diagrams (`computePhaseDiagram`, RS, docs/theory.md
 * §2; `oneRsbPhaseDiagram`, 1RSB, docs/theory.md §3): resolving the two axes, checking the
 * model at the grid's corners, solving one row task per y value in module workers
 * ({@link runInWorkers}), and stacking the solved rows into `[j][i]` grids.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import type { ModelParams } from "../model/params.ts";
import { runInWorkers } from "../parallel/worker_pool.ts";
import {
  checkParameterValue,
  checkVaryParameter,
  experimentModelParams,
  type ExperimentParams,
  type GridScale,
  parameterGrid,
  type VaryParameter,
  withExperimentParameter,
} from "./params.ts";

/** One axis of a grid: explicit `values`, or `from`/`to`/`samples`/`scale`. */
export interface GridAxis {
  /** The parameter on this axis. */
  parameter: VaryParameter;
  /** Explicit grid (strictly increasing, at least 2 values). */
  values?: readonly number[];
  /** Range start (with `to`). */
  from?: number;
  /** Range end, > from. */
  to?: number;
  /** Grid points. Default 32. */
  samples?: number;
  /** Grid spacing. Default "linear". */
  scale?: GridScale;
}

/** A resolved axis. */
export interface GridAxisGrid {
  /** The parameter on this axis. */
  parameter: VaryParameter;
  /** Its grid values. */
  values: number[];
  /** Spacing of the grid. */
  scale: GridScale;
}

/** The keys of a {@link GridAxis}. */
export const GRID_AXIS_KEYS = ["parameter", "values", "from", "to", "samples", "scale"] as const;

/**
 * Resolves one axis to its grid values. With `keysContext`, unknown axis keys throw (via
 * `checkKeys`, named by that context).
 *
 * @throws {TypeError} if `axis` is not an object (or has an unknown key, with `keysContext`).
 * @throws {RangeError} on an unknown parameter, fewer than 2 values, non-increasing values, a
 *   value outside the parameter's range, or a bad range.
 * @example
 * ```ts
 * const a = resolveGridAxis("x", { parameter: "alpha", from: 1, to: 4, samples: 3, scale: "log" });
 * if (a.values.length !== 3 || Math.abs(a.values[1] - 2) > 1e-12 || a.scale !== "log") throw new Error();
 * ```
 */
export function resolveGridAxis(
  name: "x" | "y",
  axis: GridAxis,
  keysContext?: string,
): GridAxisGrid {
  if (axis === null || typeof axis !== "object") {
    throw new TypeError(
      `${name}: expected { parameter, values } or { parameter, from, to }, got ${axis}`,
    );
  }
  if (keysContext !== undefined) checkKeys(axis, GRID_AXIS_KEYS, `${keysContext}.${name}`);
  const parameter = checkVaryParameter(axis.parameter, `${name}.parameter`);
  if (axis.values !== undefined) {
    const values = [...axis.values];
    if (values.length < 2) {
      throw new RangeError(`${name}.values: expected at least 2 values, got ${values.length}`);
    }
    values.forEach((v, i) => {
      checkParameterValue(parameter, v);
      if (i > 0 && !(v > values[i - 1])) {
        throw new RangeError(
          `${name}.values[${i}]: expected strictly increasing values, got ${
            values[i - 1]
          } then ${v}`,
        );
      }
    });
    return { parameter, values, scale: "linear" };
  }
  if (axis.from === undefined || axis.to === undefined) {
    throw new RangeError(
      `${name}: expected values, or from and to (got from ${axis.from}, to ${axis.to})`,
    );
  }
  checkParameterValue(parameter, axis.from);
  checkParameterValue(parameter, axis.to);
  const scale = axis.scale ?? "linear";
  return {
    parameter,
    values: parameterGrid(axis.from, axis.to, axis.samples ?? 32, scale, `${name}.${parameter}`),
    scale,
  };
}

/**
 * Resolves both axes of a grid and checks that they vary different parameters.
 *
 * @throws {RangeError} on an invalid axis or the same parameter on both axes.
 * @example
 * ```ts
 * const g = resolveGridAxes({ parameter: "alpha", values: [1, 2] }, { parameter: "width", values: [1, 2, 3] });
 * if (g.x.values.length !== 2 || g.y.parameter !== "width") throw new Error();
 * ```
 */
export function resolveGridAxes(
  x: GridAxis,
  y: GridAxis,
  keysContext?: string,
): { x: GridAxisGrid; y: GridAxisGrid } {
  const rx = resolveGridAxis("x", x, keysContext);
  const ry = resolveGridAxis("y", y, keysContext);
  if (rx.parameter === ry.parameter) {
    throw new RangeError(
      `y.parameter: expected a parameter other than x's, got "${ry.parameter}" twice`,
    );
  }
  return { x: rx, y: ry };
}

/**
 * The model at the four corners of the grid (validated by `experimentModelParams`, which
 * throws a clear error on an invalid model), in the order (y0, x0), (y0, x1), (y1, x0), (y1, x1).
 *
 * @throws {RangeError} on an invalid model at a corner.
 * @example
 * ```ts
 * const c = gridCornerModels(
 *   { alpha: 1, beta: 10, quantizer: { quantizer: "uniform", bits: 1, width: 1 } },
 *   { parameter: "alpha", values: [0.5, 2], scale: "linear" },
 *   { parameter: "beta", values: [5, 20], scale: "linear" },
 * );
 * if (c.length !== 4 || c[3].alpha !== 2 || c[3].beta !== 20) throw new Error();
 * ```
 */
export function gridCornerModels(
  params: ExperimentParams,
  x: GridAxisGrid,
  y: GridAxisGrid,
): ModelParams[] {
  const out: ModelParams[] = [];
  for (const yv of [y.values[0], y.values[y.values.length - 1]]) {
    for (const xv of [x.values[0], x.values[x.values.length - 1]]) {
      out.push(experimentModelParams(
        withExperimentParameter(withExperimentParameter(params, y.parameter, yv), x.parameter, xv),
      ));
    }
  }
  return out;
}

/** The fields every row task carries (plain, structured-cloneable data). */
export interface GridRowTaskBase {
  /** The model point; its x and y parameters are overridden. */
  params: ExperimentParams;
  /** The parameter along the row and its values. */
  xParameter: VaryParameter;
  /** The x values of the row. */
  xValues: number[];
  /** The parameter fixed in this row. */
  yParameter: VaryParameter;
  /** Its value in this row. */
  yValue: number;
}

/** Options for {@link solveGridRows}. */
export interface SolveGridRowsOptions {
  /** Worker count (>= 1). Default: min(rows, hardware concurrency); 1 runs in this thread. */
  workers?: number;
  /** Called after each finished row with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Solves one row task per y value with the exported function `fnName` of the module at
 * `moduleUrl` (in module workers); `extra` is merged into every task. Rows come back in the
 * order of `y.values`.
 *
 * @example
 * ```ts
 * import type { PhaseDiagramRowResult, PhaseDiagramRowTask } from "./phase_diagram_row.ts";
 * const rows = await solveGridRows<PhaseDiagramRowTask, PhaseDiagramRowResult>(
 *   import.meta.resolve("./phase_diagram_row.ts"),
 *   "phaseDiagramRow",
 *   { alpha: 2, beta: 10, quantizer: { quantizer: "uniform", bits: 1, width: 1 } },
 *   { parameter: "alpha", values: [1, 2], scale: "linear" },
 *   { parameter: "width", values: [1, 1.5], scale: "linear" },
 *   { solver: {} },
 *   { workers: 1 },
 * );
 * if (rows.length !== 2 || rows[1].at.length !== 2 || !rows[1].converged.every(Boolean)) throw new Error();
 * ```
 */
export function solveGridRows<T extends GridRowTaskBase, R>(
  moduleUrl: string,
  fnName: string,
  params: ExperimentParams,
  x: GridAxisGrid,
  y: GridAxisGrid,
  extra: Omit<T, keyof GridRowTaskBase>,
  options: SolveGridRowsOptions = {},
): Promise<R[]> {
  const tasks = y.values.map((yValue) =>
    ({
      ...extra,
      params,
      xParameter: x.parameter,
      xValues: x.values,
      yParameter: y.parameter,
      yValue,
    }) as T
  );
  return runInWorkers<T, R>(moduleUrl, fnName, tasks, {
    workers: options.workers,
    onProgress: options.onProgress,
  });
}

/**
 * Stacks one field of the solved rows into a grid indexed `[j][i]`.
 *
 * @example
 * ```ts
 * const g = stackRows([{ a: [1, 2] }, { a: [3, 4] }], "a");
 * if (g[1][0] !== 3) throw new Error();
 * ```
 */
export function stackRows<R, K extends keyof R>(rows: readonly R[], key: K): R[K][] {
  return rows.map((r) => r[key]);
}

/**
 * The number of `false` cells of a grid of convergence flags.
 *
 * @example
 * ```ts
 * if (countNotConverged([[true, false], [false, true]]) !== 2) throw new Error();
 * ```
 */
export function countNotConverged(cellConverged: readonly (readonly boolean[])[]): number {
  return cellConverged.reduce((n, row) => n + row.filter((c) => !c).length, 0);
}
