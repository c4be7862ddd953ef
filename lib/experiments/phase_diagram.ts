/**
 * Phase diagrams (docs/theory.md §2 and §5): the RS solution on a grid over any two of width,
 * alpha, beta, sigma2 and lambda, with the replicon `at`, the entropy, the errors and the
 * convergence flags per cell, and the AT line (`at = 1`) and zero-entropy line extracted per
 * row. Each row is solved along x with warm-started continuation ({@link phaseDiagramRow});
 * rows are spread over module workers ({@link solveGridRows}).
 *
 * Line extraction: within a row, every sign change of `at − 1` between two converged
 * neighbouring cells gives one crossing, interpolated linearly in `log(at)` (the replicon
 * varies roughly as a power of the parameters), in log x on a log-spaced axis; the entropy
 * line is interpolated linearly in the entropy. The error of such an interpolation is
 * O(h²·f''/f') for grid spacing h; {@link transitionLines} refines crossings exactly.
 *
 * The result renders itself in Jupyter (a heat map of `at` with both lines, via
 * `phaseDiagramSpec`, as a Vega-Lite chart with a rendered SVG).
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import {
  type PhaseDiagramOptions,
  phaseDiagramSpec,
  type PhaseLine,
} from "../plot/phase_diagram.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import type { PointDetails } from "../plot/point_details.ts";
import { type JupyterDisplayable, type MimeBundle, withDisplay } from "../jupyter/with_display.ts";
import type { ExperimentParams, GridScale, VaryParameter } from "./params.ts";
import {
  countNotConverged,
  type GridAxis,
  type GridAxisGrid,
  gridCornerModels,
  resolveGridAxes,
  solveGridRows,
  stackRows,
} from "./grid_rows.ts";
import { SCAN_SOLVER_KEYS, type ScanSolverOptions } from "./rs_scan.ts";
import { type EntropyKind, entropyKindOf } from "./transition_lines.ts";
import type { PhaseDiagramRowResult, PhaseDiagramRowTask } from "./phase_diagram_row.ts";
import { gridContour } from "./grid_contour.ts";

/** One axis of a phase diagram: explicit `values`, or `from`/`to`/`samples`/`scale`. */
export type PhaseAxis = GridAxis;

/** Options for {@link computePhaseDiagram}. */
export interface PhaseDiagramGridOptions extends ScanSolverOptions {
  /** The axis along each row (the continuation direction), the heat map's x axis. */
  x: PhaseAxis;
  /** The axis across rows, the heat map's y axis. */
  y: PhaseAxis;
  /** Worker count (>= 1). Default: min(rows, hardware concurrency); 1 runs in this thread. */
  workers?: number;
  /** Called after each finished row with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** Crossings of a line within one row of the grid. */
export interface PhaseRowCrossings {
  /** The row's y value. */
  y: number;
  /** x positions of the crossings (interpolated), ascending. */
  crossings: number[];
}

/** A resolved axis. */
export type PhaseAxisGrid = GridAxisGrid;

/** The result of {@link computePhaseDiagram}. Grids are indexed `[j][i]` = (y[j], x[i]). */
export interface PhaseDiagramResult {
  /** Horizontal axis (index `i`). */
  x: PhaseAxisGrid;
  /** Vertical axis (index `j`). */
  y: PhaseAxisGrid;
  /** Replicon (null where the solve did not converge). */
  at: (number | null)[][];
  /** Shannon entropy per weight (any base measure; null for continuous weights or not converged). */
  shannonEntropy: (number | null)[][];
  /** Gibbs generalization error per cell (null where not converged). */
  genError: (number | null)[][];
  /** Posterior-mean error per cell (null where not converged). */
  meanError: (number | null)[][];
  /** Training error per cell (null where not converged). */
  trainError: (number | null)[][];
  /** Overlaps m, q and self-overlap Q per cell (null where not converged). */
  m: (number | null)[][];
  /** Overlap q per cell (null where not converged). */
  q: (number | null)[][];
  /** Self-overlap Q per cell (null where not converged). */
  Q: (number | null)[][];
  /** Per cell: the RS solve converged. */
  cellConverged: boolean[][];
  /** Per cell: RS iterations used. */
  iterations: number[][];
  /** "shannon" for level sets (any base measure), null for continuous weights (no entropy line). */
  entropyKind: EntropyKind;
  /** AT line (at = 1) per row. */
  atLine: PhaseRowCrossings[];
  /** Zero-entropy line per row. */
  entropyLine: PhaseRowCrossings[];
  /** Number of cells whose solve did not converge. */
  nonConverged: number;
  /** Every cell converged. */
  converged: boolean;
}

/**
 * Crossings of zero by a row of values (null = missing), interpolated between neighbours with
 * opposite signs; `transform` maps a value to the interpolated quantity (e.g. log for `at`).
 *
 * @example
 * ```ts
 * const c = rowCrossings([0, 1, 2, 3], [-1, -0.5, 0.5, 1], (v) => v);
 * if (c.length !== 1 || Math.abs(c[0] - 1.5) > 1e-15) throw new Error();
 * ```
 */
export function rowCrossings(
  x: readonly number[],
  values: readonly (number | null)[],
  transform: (v: number) => number,
  scale: GridScale = "linear",
): number[] {
  const out: number[] = [];
  const tx = (v: number) => (scale === "log" ? Math.log(v) : v);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = values[i], b = values[i + 1];
    if (a === null || b === null) continue;
    const fa = transform(a), fb = transform(b);
    if (!Number.isFinite(fa) || !Number.isFinite(fb) || (fa >= 0) === (fb >= 0)) continue;
    const t = fa / (fa - fb);
    const xa = tx(x[i]), xb = tx(x[i + 1]);
    const xc = xa + t * (xb - xa);
    out.push(scale === "log" ? Math.exp(xc) : xc);
  }
  return out;
}

/** log(at), or a linear stand-in when at = 0 (log undefined). */
function logAt(a: number): number {
  return a > 0 ? Math.log(a) : -Infinity;
}

/**
 * Computes a phase diagram on the grid `x` × `y` (see the module doc). Rows (fixed y) are
 * solved in parallel workers; cells are warm-started along x.
 *
 * @throws {RangeError} on an invalid axis (unknown parameter, empty or non-increasing grid,
 *   the same parameter on both axes), an invalid model, or beta = Infinity.
 * @example
 * ```ts
 * const d = await computePhaseDiagram(
 *   { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2, width: 1 } },
 *   { x: { parameter: "width", from: 0.5, to: 3, samples: 12 },
 *     y: { parameter: "alpha", values: [1, 2, 3] }, workers: 1 },
 * );
 * if (d.at.length !== 3 || d.at[0].length !== 12 || !d.converged) throw new Error();
 * if (d.atLine[1].crossings.length !== 1) throw new Error("one AT crossing at alpha = 2");
 * ```
 */
export async function computePhaseDiagram(
  params: ExperimentParams,
  options: PhaseDiagramGridOptions,
): Promise<PhaseDiagramResult & JupyterDisplayable> {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options: expected { x, y, … }, got ${String(options)}`);
  }
  checkKeys(
    options,
    [...SCAN_SOLVER_KEYS, "x", "y", "workers", "onProgress"],
    "computePhaseDiagram options",
  );
  const { x, y } = resolveGridAxes(options.x, options.y);
  if (x.parameter !== "beta" && y.parameter !== "beta" && !Number.isFinite(params.beta)) {
    throw new RangeError(
      `beta: phase diagrams need a finite beta (the replicon of a level set diverges at beta = Infinity), got ${params.beta}`,
    );
  }
  // validate the model once, here, with a clear error (the corners of the grid)
  gridCornerModels(params, x, y);
  const solver: ScanSolverOptions = {
    tolerance: options.tolerance,
    maxIterations: options.maxIterations,
    acceleration: options.acceleration,
    continuation: options.continuation,
  };
  const rows = await solveGridRows<PhaseDiagramRowTask, PhaseDiagramRowResult>(
    new URL("./phase_diagram_row.ts", import.meta.url).href,
    "phaseDiagramRow",
    params,
    x,
    y,
    { solver },
    { workers: options.workers, onProgress: options.onProgress },
  );
  const kind = entropyKindOf(params);
  const pick = <K extends keyof PhaseDiagramRowResult>(k: K) => stackRows(rows, k);
  const cellConverged = pick("converged");
  const nonConverged = countNotConverged(cellConverged);
  const result: PhaseDiagramResult = {
    x,
    y,
    at: pick("at"),
    shannonEntropy: pick("shannonEntropy"),
    genError: pick("genError"),
    meanError: pick("meanError"),
    trainError: pick("trainError"),
    m: pick("m"),
    q: pick("q"),
    Q: pick("Q"),
    cellConverged,
    iterations: pick("iterations"),
    entropyKind: kind,
    atLine: rows.map((r, j) => ({
      y: y.values[j],
      crossings: rowCrossings(x.values, r.at, logAt, x.scale),
    })),
    entropyLine: rows.map((r, j) => ({
      y: y.values[j],
      crossings: kind === null ? [] : rowCrossings(x.values, r.shannonEntropy, (v) => v, x.scale),
    })),
    nonConverged,
    converged: nonConverged === 0,
  };
  return withDisplay(result, phaseDiagramDisplay);
}

/** Options for {@link phaseDiagramChart}. */
export interface PhaseDiagramChartOptions extends PhaseDiagramOptions {
  /** Which grid to colour. Default "at". */
  value?: "at" | "shannonEntropy" | "genError" | "meanError" | "trainError";
}

const TITLES: Record<VaryParameter, string> = {
  width: AXIS_TITLES.width,
  alpha: AXIS_TITLES.alpha,
  beta: AXIS_TITLES.beta,
  sigma2: "σ² (label-noise variance)",
  lambda: "λ (weight decay)",
};

/**
 * Vega-Lite spec of a phase diagram result: a heat map of `value` (default the replicon, log
 * colour scale clipped to [1e-3, 1e3] and centred on 1) with the AT line and the zero-entropy
 * line overlaid, drawn as contours of the whole grid ({@link gridContour}: they pass through
 * the per-row crossings and also follow stretches that run parallel to the rows). Each cell's
 * tooltip shows its RS solution: m, q, Q, AT, Shannon entropy, the three errors, converged
 * and iterations.
 *
 * @example
 * ```ts
 * const d = await computePhaseDiagram(
 *   { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2, width: 1 } },
 *   { x: { parameter: "alpha", values: [1, 2, 3] }, y: { parameter: "width", values: [1, 2] }, workers: 1 },
 * );
 * const spec = phaseDiagramChart(d);
 * if (!Array.isArray(spec.layer) || (spec.layer as unknown[]).length < 1) throw new Error();
 * ```
 */
export function phaseDiagramChart(
  result: PhaseDiagramResult,
  options: PhaseDiagramChartOptions = {},
): VegaLiteSpec {
  const { value = "at", ...rest } = options;
  const isAt = value === "at";
  const scales = { x: result.x.scale, y: result.y.scale };
  const grid = [result.x.values, result.y.values] as const;
  const lines: PhaseLine[] = [
    { name: "AT = 1", ...gridContour(...grid, result.at, logAt, scales) },
  ];
  if (result.entropyKind !== null) {
    lines.push({
      name: "entropy = 0",
      ...gridContour(...grid, result.shannonEntropy, (v) => v, scales),
    });
  }
  return phaseDiagramSpec(
    {
      x: result.x.values,
      y: result.y.values,
      values: result[value],
      lines,
      details: cellDetails(result),
    },
    {
      xTitle: TITLES[result.x.parameter],
      yTitle: TITLES[result.y.parameter],
      valueTitle: isAt ? AXIS_TITLES.replicon : value,
      colorScale: isAt ? "log" : "linear",
      clip: isAt ? { min: 1e-3, max: 1e3 } : undefined,
      domainMid: isAt ? 1 : null,
      scheme: isAt ? "blueorange" : "viridis",
      xScale: result.x.scale,
      yScale: result.y.scale,
      ...rest,
    },
  );
}

/** Per-cell tooltip details: the RS solution summary of each cell. */
function cellDetails(r: PhaseDiagramResult): PointDetails[][] {
  return r.at.map((row, j) =>
    row.map((at, i) => ({
      m: r.m[j][i],
      q: r.q[j][i],
      Q: r.Q[j][i],
      AT: at,
      shannonEntropy: r.shannonEntropy[j][i],
      trainError: r.trainError[j][i],
      genError: r.genError[j][i],
      meanError: r.meanError[j][i],
      converged: r.cellConverged[j][i],
      iterations: r.iterations[j][i],
    }))
  );
}

function phaseDiagramText(r: PhaseDiagramResult): string {
  const fmt = (v: number) => Number(v.toPrecision(4));
  const lines = [
    `Phase diagram: ${r.y.values.length} × ${r.x.values.length} (${r.y.parameter} × ${r.x.parameter}), ` +
    `${r.nonConverged} cells not converged`,
    `AT line (${r.x.parameter} where at = 1, per ${r.y.parameter}):`,
    ...r.atLine.filter((row) => row.crossings.length > 0).slice(0, 12).map((row) =>
      `  ${r.y.parameter} = ${fmt(row.y)}: ${row.crossings.map(fmt).join(", ")}`
    ),
  ];
  return lines.join("\n");
}

async function phaseDiagramDisplay(r: PhaseDiagramResult): Promise<MimeBundle> {
  const { chartBundle } = await import("../jupyter/display.ts");
  const bundle = await chartBundle(phaseDiagramChart(r));
  return { ...bundle, "text/plain": phaseDiagramText(r) };
}
