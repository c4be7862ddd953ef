/**
 * Finding (vi): the paper's beta = ∞ findings re-examined beyond RS. At zero temperature
 * (training-error minimisation) the RS replicon of every level set diverges (docs/theory.md §2
 * "Stability"), so the RS ground state ({@link solveZeroTemperature}) is never exact there. This
 * figure puts it next to the frozen 1RSB ground state ({@link solveOneRsbGroundState},
 * docs/theory.md §3b, Parisi parameter `y* = lim beta·x` optimised) and next to exact
 * finite-N ground states (exact sphere decoding over many seeds, extrapolated in 1/N with
 * 1/N + 1/N² and N^(−2/3) as checks of the finite-size correction; docs/theory.md §4), for
 * uniform quantizers at the Lloyd–Max width (the finite-N points may set their own width,
 * where the RS–1RSB gap is larger; those are in the table and the report, not on the charts):
 *
 * - training and test error against alpha (training error on a log axis): RS interpolates
 *   (zero training error) below its threshold `alpha_c`; 1RSB does not — its training error
 *   stays positive and falls off quickly as alpha decreases, so `alpha_c` becomes a crossover.
 *   What is plotted as the 1RSB "threshold" is the alpha at which the 1RSB training error
 *   falls below a level (default 1e-3 and 1e-2; log-linear interpolation between grid points);
 * - the double-descent peak (posterior-mean test error `R`, as in the double-descent figure,
 *   and the minimiser's test error `rho − 2m + Q + sigma2`) under RS and 1RSB;
 * - the optimal width at alpha = 2 (minimiser's test error against the width; a parabola
 *   through the three grid points around the grid minimum);
 * - a ground-state "phase diagram" over (width, alpha): where 1RSB departs from RS, i.e.
 *   `y*` finite and the training error changes by more than 1 % (relative);
 * - a plain-language verdict for findings (ii) and (iii), with the numbers of the run.
 *
 * Every 1RSB solve runs in module workers ({@link groundStatePointTask}); the finite-N series
 * use `groundStateSeries` (its own workers). The finite-beta 1RSB phase diagram (x* < 1 next
 * to the AT line) is not part of this figure (the `one_rsb` figure draws 1RSB at beta = 10
 * along the width).
 *
 * @module
 */
import { solveOneRsbGroundState } from "../theory/one_rsb_ground_state.ts";
import { interpolationThreshold, solveZeroTemperature } from "../theory/zero_temperature.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { lloydMaxOptimalWidth } from "../quantizers/lloyd_max.ts";
import { runInWorkers } from "../parallel/worker_pool.ts";
import {
  FINITE_SIZE_MODELS,
  type FiniteSizeFit,
  fitFiniteSize,
  groundStateSeries,
  type GroundStateSeriesPoint,
  type InverseNFit,
} from "../experiments/ground_state_series.ts";
import { checkKeys } from "../model/options.ts";
import { AXIS_TITLES, finishChartSpec, type VegaLiteSpec } from "../plot/chart_spec.ts";
import { bitLabel, seriesColorScale } from "../plot/palette.ts";
import { pointDetailColumns, type PointDetails } from "../plot/point_details.ts";
import { checkFigureBits, figureGrid, fmtNumber } from "./figure.ts";
import type { FigureBuildOptions, FigureResult, FigureTableRow } from "./figure.ts";
import {
  assembleFigure,
  type FigureRunOptions,
  fmtMeanStderr,
  markdownTable,
  oneRsbGroundStateDetails,
  rsDetails,
  seedDetails,
  widthAlphaMapLayer,
  widthAlphaMapSpec,
} from "./shared.ts";

/** One model point (structured-cloneable: the unit of work in the workers). */
export interface GroundStatePointTask {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** Quantizer width (outermost level). */
  width: number;
  /** Samples per weight M/N. */
  alpha: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Tolerance of the 1RSB solve (skip it with `rsOnly`). */
  tolerance: number;
  /** Only the RS ground state (no 1RSB solve). */
  rsOnly?: boolean;
}

/** RS and 1RSB ground states at one point. */
export interface GroundStatePoint {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** Quantizer width (outermost level). */
  width: number;
  /** Samples per weight M/N. */
  alpha: number;
  /** Label-noise variance. */
  sigma2: number;
  /** `"ground-state"` or `"interpolating"` (RS). */
  rsPhase: string;
  /** RS training error per sample. */
  rsTrainError: number;
  /** Minimiser's (Gibbs at beta = ∞) test error `rho − 2m + Q + sigma2`. */
  rsGenError: number;
  /** Posterior-mean test error `R` (the double-descent figure's error). */
  rsMeanError: number;
  /** The RS solve converged. */
  rsConverged: boolean;
  /** 1RSB values: null with `rsOnly`. */
  y: number | null;
  /** Phase reported by the 1RSB solver (null with `rsOnly`). */
  rsbPhase: string | null;
  /** 1RSB training error per sample. */
  rsbTrainError: number | null;
  /** 1RSB minimiser's test error. */
  rsbGenError: number | null;
  /** `rho − 2m + q0 + sigma2`: the average over the states. */
  rsbMeanError: number | null;
  /** The 1RSB solve converged (null with `rsOnly`). */
  rsbConverged: boolean | null;
  /** `(1RSB − RS)/RS` training error (Infinity where RS interpolates). */
  relTrainChange: number | null;
  /** The whole RS ground state (tooltip details: m, q, Q, AT, errors, iterations, valid). */
  rsSolution: PointDetails;
  /** The whole 1RSB ground state (tooltip details: y, m, q0, q1, Q, …); null with `rsOnly`. */
  rsbSolution: PointDetails | null;
}

/**
 * RS and 1RSB ground states at one point (the workers' task).
 *
 * @example
 * ```ts
 * const p = groundStatePointTask({ bits: 1, width: 0.8, alpha: 2, sigma2: 0.1, tolerance: 1e-8 });
 * // 1RSB raises the RS ground-state energy: its training error is at least RS's
 * if (!(p.rsbTrainError! >= p.rsTrainError) || !p.rsbConverged || !(p.y! > 0)) throw new Error();
 * ```
 */
export function groundStatePointTask(task: GroundStatePointTask): GroundStatePoint {
  const quantizer = uniformQuantizer({ bits: task.bits, width: task.width });
  const params = { alpha: task.alpha, beta: Infinity, sigma2: task.sigma2, quantizer };
  const s = task.rsOnly
    ? null
    : solveOneRsbGroundState(params, { y: "optimize", tolerance: task.tolerance });
  const rs = s?.rs ?? solveZeroTemperature(params);
  const rel = s === null
    ? null
    : rs.trainError > 0
    ? (s.trainError - rs.trainError) / rs.trainError
    : s.trainError > 0
    ? Infinity
    : 0;
  return {
    bits: task.bits,
    width: task.width,
    alpha: task.alpha,
    sigma2: task.sigma2,
    rsPhase: rs.phase,
    rsTrainError: rs.trainError,
    rsGenError: rs.genError,
    rsMeanError: rs.meanError,
    rsConverged: rs.converged,
    y: s?.y ?? null,
    rsbPhase: s?.phase ?? null,
    rsbTrainError: s?.trainError ?? null,
    rsbGenError: s?.genError ?? null,
    rsbMeanError: s?.meanError ?? null,
    rsbConverged: s?.converged ?? null,
    relTrainChange: rel,
    rsSolution: rsDetails(rs),
    rsbSolution: s === null ? null : oneRsbGroundStateDetails(s),
  };
}

/** A finite-N point: where exact ground states are computed (sphere decoding). */
export interface FiniteNSpec {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** Samples per weight M/N. */
  alpha: number;
  /** Sizes N. */
  sizes: readonly number[];
  /**
   * Quantizer width (outermost level), a number > 0. Default: the Lloyd–Max width of `bits`
   * (only such points are drawn on the charts, whose curves are at that width).
   */
  width?: number;
}

/** Options for {@link computeGroundStateFigure}. */
export interface GroundStateFigureOptions extends FigureRunOptions {
  /** Bit counts (uniform mid-rise quantizers at the Lloyd–Max width). Default [1, 2, 3, 4]. */
  bits?: readonly number[];
  /** Label-noise variance. Default 0.1. */
  sigma2?: number;
  /** 1RSB alpha grid as multiples of each RS alpha_c. Default [0.6, 0.8, 0.9, 1, 1.1, 1.3]. */
  alphaFactors?: readonly number[];
  /** Extra absolute alphas of the 1RSB grid. Default [1, 2]. */
  extraAlphas?: readonly number[];
  /**
   * Per bit count, factors replacing `alphaFactors` and `extraAlphas` (the 1RSB solve costs
   * about 20 times more at 4 bits than at 2 above alpha_c). Default `{ 4: [0.6, 0.8, 0.9, 1, 1.1] }`.
   */
  alphaFactorsByBits?: Readonly<Record<number, readonly number[]>>;
  /** Samples of the RS curves (0.1 to 3, plus alpha_c). Default 59. */
  rsSamples?: number;
  /** alpha of the width scan. Default 2. */
  widthAlpha?: number;
  /**
   * Width grid as multiples of the Lloyd–Max width. Default [0.75, 0.87, 1] (RS optima lie at
   * 0.83 to 0.88 of it at 1 to 4 bits; the summary flags a minimum on the edge).
   */
  widthFactors?: readonly number[];
  /** Bits of the (width, alpha) departure map. Default [1, 2]. */
  mapBits?: readonly number[];
  /** Widths (multiples of Lloyd–Max) and alphas of the map. */
  mapWidthFactors?: readonly number[];
  /** alphas of the map. */
  mapAlphas?: readonly number[];
  /** Relative training-error change counted as a departure from RS. Default 0.01. */
  departure?: number;
  /** Training-error levels that define the 1RSB crossover. Default [1e-3, 1e-2]. */
  levels?: readonly number[];
  /**
   * Finite-N points. Default: where the RS–1RSB gap in training error is largest against the
   * reachable standard error — 1 bit at width 1, alpha 0.5 and 1 (sizes 10 to 42), 2 bits at
   * the Lloyd–Max width, alpha 1 (sizes 6 to 24).
   */
  finiteN?: readonly FiniteNSpec[];
  /** Seeds per size. Default 1..192. */
  seeds?: readonly number[];
  /** Tolerance of each 1RSB solve. Default 1e-8. */
  tolerance?: number;
}

const OPTION_KEYS = [
  "bits",
  "sigma2",
  "alphaFactors",
  "extraAlphas",
  "alphaFactorsByBits",
  "rsSamples",
  "widthAlpha",
  "widthFactors",
  "mapBits",
  "mapWidthFactors",
  "mapAlphas",
  "departure",
  "levels",
  "finiteN",
  "seeds",
  "tolerance",
  "workers",
  "onProgress",
];

/** Finite-N ground states at one (bits, alpha): per-size means and the 1/N extrapolation. */
export interface FiniteNPoint {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** Quantizer width (outermost level). */
  width: number;
  /** Samples per weight M/N. */
  alpha: number;
  /** Seeds (instances) per size. */
  seeds: number;
  /**
   * Per size N: mean training error, its standard error, the mean test error, the converged
   * runs, and the search's median and largest node count and summed time (ms).
   */
  sizes: {
    n: number;
    trainError: number;
    trainStderr: number | null;
    genError: number;
    converged: number;
    medianNodes: number;
    maxNodes: number;
    timeMs: number;
  }[];
  /**
   * The training error extrapolated with each of {@link FINITE_SIZE_MODELS} (null where there
   * are too few sizes): value, standard error, χ² and degrees of freedom.
   */
  fits: { model: string; fit: FiniteSizeFit | null }[];
  /** Extrapolated training error (null with fewer than two sizes). */
  trainError: number | null;
  /** Standard error of the extrapolated training error. */
  trainStderr: number | null;
  /** Extrapolated minimiser's test error (null with fewer than two sizes). */
  genError: number | null;
  /** Standard error of the extrapolated test error. */
  genStderr: number | null;
  /** Theory at the same point. */
  rsTrainError: number;
  /** 1RSB training error per sample. */
  rsbTrainError: number;
  /** RS minimiser's (Gibbs) test error. */
  rsGenError: number;
  /** 1RSB minimiser's test error. */
  rsbGenError: number;
  /**
   * Tooltip details: the extrapolations (mean ± standard error) and the measurement at the
   * largest size (N, seeds, converged runs, mean ± standard error over the seeds).
   */
  details: PointDetails;
}

/** Result of {@link computeGroundStateFigure}. */
export interface GroundStateFigureData {
  /** Label-noise variance. */
  sigma2: number;
  /** alpha of the width scan. */
  widthAlpha: number;
  /** Relative training-error change counted as a departure from RS. */
  departure: number;
  /** Training-error levels of the crossover. */
  levels: number[];
  /** Per bit count: Lloyd–Max width and RS alpha_c. */
  quantizers: { bits: number; width: number; alphaC: number }[];
  /** RS on a fine alpha grid (rsOnly points). */
  rsCurves: GroundStatePoint[];
  /** RS and 1RSB on the coarse alpha grid. */
  alphaPoints: GroundStatePoint[];
  /** RS and 1RSB against the width at `widthAlpha`. */
  widthPoints: GroundStatePoint[];
  /** RS and 1RSB over (width, alpha) for the map, with RS alpha_c per width. */
  mapPoints: (GroundStatePoint & { alphaC: number })[];
  /** Finite-N ground-state points. */
  finiteN: FiniteNPoint[];
}

function checkList(name: string, v: readonly number[], ok: (x: number) => boolean, what: string) {
  if (!Array.isArray(v) || v.length === 0) {
    throw new RangeError(`${name}: expected a non-empty list of ${what}, got ${String(v)}`);
  }
  v.forEach((x, i) => {
    if (!ok(x)) throw new RangeError(`${name}[${i}]: expected ${what}, got ${x}`);
  });
  return [...v];
}

const positive = (x: number) => Number.isFinite(x) && x > 0;

/**
 * Computes every part of the figure (see the module doc): RS curves, 1RSB grids in workers,
 * finite-N ground-state series.
 *
 * @throws {RangeError} on bad options; {@link TypeError} on unknown option keys.
 * @example
 * ```ts
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [0.8, 1.2], extraAlphas: [], rsSamples: 5, widthFactors: [0.8, 1, 1.2],
 *   mapBits: [1], mapWidthFactors: [1], mapAlphas: [1], finiteN: [], workers: 1,
 * });
 * if (d.alphaPoints.length !== 2 || d.widthPoints.length !== 3) throw new Error();
 * ```
 */
export async function computeGroundStateFigure(
  options: GroundStateFigureOptions = {},
): Promise<GroundStateFigureData> {
  checkKeys(options, OPTION_KEYS, "computeGroundStateFigure options");
  const bits = checkFigureBits(options.bits ?? [1, 2, 3, 4]);
  const sigma2 = options.sigma2 ?? 0.1;
  if (!(Number.isFinite(sigma2) && sigma2 >= 0)) {
    throw new RangeError(`sigma2: expected a finite number >= 0, got ${sigma2}`);
  }
  const factors = checkList(
    "alphaFactors",
    options.alphaFactors ?? [0.6, 0.8, 0.9, 1, 1.1, 1.3],
    positive,
    "numbers > 0",
  );
  const extra = options.extraAlphas ?? [1, 2];
  if (extra.length > 0) checkList("extraAlphas", extra, positive, "numbers > 0");
  const byBits = options.alphaFactorsByBits ?? { 4: [0.6, 0.8, 0.9, 1, 1.1] };
  for (const [b, list] of Object.entries(byBits)) {
    checkList(`alphaFactorsByBits[${b}]`, list, positive, "numbers > 0");
  }
  const rsSamples = options.rsSamples ?? 59;
  const widthAlpha = options.widthAlpha ?? 2;
  if (!positive(widthAlpha)) {
    throw new RangeError(`widthAlpha: expected a finite number > 0, got ${widthAlpha}`);
  }
  const widthFactors = checkList(
    "widthFactors",
    options.widthFactors ?? [0.75, 0.87, 1],
    positive,
    "numbers > 0",
  );
  const mapBits = checkFigureBits(options.mapBits ?? [1, 2], "mapBits");
  const mapWidthFactors = checkList(
    "mapWidthFactors",
    options.mapWidthFactors ?? [0.5, 1, 1.5, 2],
    positive,
    "numbers > 0",
  );
  const mapAlphas = checkList(
    "mapAlphas",
    options.mapAlphas ?? [0.4, 0.8, 1.5, 3],
    positive,
    "numbers > 0",
  );
  const departure = options.departure ?? 0.01;
  if (!positive(departure)) {
    throw new RangeError(`departure: expected a finite number > 0, got ${departure}`);
  }
  const levels = checkList(
    "levels",
    options.levels ?? [1e-3, 1e-2],
    (x) => x > 0 && x < 1,
    "numbers in (0, 1)",
  );
  const tolerance = options.tolerance ?? 1e-8;
  if (!(positive(tolerance) && tolerance < 1e-3)) {
    throw new RangeError(`tolerance: expected a number in (0, 1e-3), got ${tolerance}`);
  }
  const seeds = options.seeds ?? Array.from({ length: 192 }, (_, i) => i + 1);
  const finiteSpecs: readonly FiniteNSpec[] = options.finiteN ?? [
    { bits: 1, width: 1, alpha: 0.5, sizes: [10, 12, 16, 20, 24, 30, 36, 42] },
    { bits: 1, width: 1, alpha: 1, sizes: [10, 12, 16, 20, 24, 30, 36, 42] },
    { bits: 2, alpha: 1, sizes: [6, 8, 10, 12, 16, 20, 24] },
  ];
  finiteSpecs.forEach((f, i) => {
    checkKeys(f, ["bits", "alpha", "sizes", "width"], `finiteN[${i}]`);
    checkFigureBits([f.bits], `finiteN[${i}].bits`);
    if (!positive(f.alpha)) {
      throw new RangeError(`finiteN[${i}].alpha: expected a finite number > 0, got ${f.alpha}`);
    }
    if (f.width !== undefined && !positive(f.width)) {
      throw new RangeError(`finiteN[${i}].width: expected a finite number > 0, got ${f.width}`);
    }
  });

  const quantizers = bits.map((b) => {
    const width = lloydMaxOptimalWidth(b);
    const t = interpolationThreshold({ quantizer: uniformQuantizer({ bits: b, width }), sigma2 });
    return { bits: b, width, alphaC: t.alphaC };
  });
  const widthOf = (b: number) =>
    quantizers.find((q) => q.bits === b)?.width ?? lloydMaxOptimalWidth(b);

  // RS curves on a fine grid (cheap, this thread), with alpha_c (interpolating side) and just
  // above it (ground-state side, where R jumps to its peak)
  const rsCurves: GroundStatePoint[] = [];
  for (const q of quantizers) {
    const grid = [...new Set([...figureGrid(0.1, 3, rsSamples), q.alphaC, q.alphaC * (1 + 1e-9)])]
      .sort((a, b) => a - b);
    for (const alpha of grid) {
      rsCurves.push(
        groundStatePointTask({
          bits: q.bits,
          width: q.width,
          alpha,
          sigma2,
          tolerance,
          rsOnly: true,
        }),
      );
    }
  }

  // every 1RSB solve in one pool
  const tasks: GroundStatePointTask[] = [];
  const kinds: ("alpha" | "width" | "map")[] = [];
  for (const q of quantizers) {
    const own = byBits[q.bits];
    const alphas = [
      ...new Set(
        own === undefined
          ? [...factors.map((f) => round6(f * q.alphaC)), ...extra]
          : own.map((f) => round6(f * q.alphaC)),
      ),
    ].sort((a, b) => a - b);
    for (const alpha of alphas) {
      tasks.push({ bits: q.bits, width: q.width, alpha, sigma2, tolerance });
      kinds.push("alpha");
    }
    for (const f of widthFactors) {
      tasks.push({
        bits: q.bits,
        width: round6(f * q.width),
        alpha: widthAlpha,
        sigma2,
        tolerance,
      });
      kinds.push("width");
    }
  }
  const mapAlphaC = new Map<string, number>();
  for (const b of mapBits) {
    for (const f of mapWidthFactors) {
      const width = round6(f * lloydMaxOptimalWidth(b));
      mapAlphaC.set(
        `${b}:${width}`,
        interpolationThreshold({ quantizer: uniformQuantizer({ bits: b, width }), sigma2 }).alphaC,
      );
      for (const alpha of mapAlphas) {
        tasks.push({ bits: b, width, alpha, sigma2, tolerance });
        kinds.push("map");
      }
    }
  }
  const total = tasks.length + finiteSpecs.length;
  const url = new URL("./ground_state.ts", import.meta.url).href;
  const solved = await runInWorkers<GroundStatePointTask, GroundStatePoint>(
    url,
    "groundStatePointTask",
    tasks,
    {
      workers: options.workers,
      onProgress: (d) => options.onProgress?.(d, total),
    },
  );
  const alphaPoints = solved.filter((_, i) => kinds[i] === "alpha");
  const widthPoints = solved.filter((_, i) => kinds[i] === "width");
  const mapPoints = solved
    .filter((_, i) => kinds[i] === "map")
    .map((p) => ({ ...p, alphaC: mapAlphaC.get(`${p.bits}:${p.width}`)! }));

  const finiteN: FiniteNPoint[] = [];
  for (const [k, f] of finiteSpecs.entries()) {
    const width = f.width ?? widthOf(f.bits);
    const quantizer = uniformQuantizer({ bits: f.bits, width });
    const series = await groundStateSeries(
      { alpha: f.alpha, sigma2, quantizer },
      { sizes: f.sizes, seeds, workers: options.workers },
    );
    const theory = groundStatePointTask({ bits: f.bits, width, alpha: f.alpha, sigma2, tolerance });
    const tr = series.extrapolation.trainError, ge = series.extrapolation.genError;
    finiteN.push({
      bits: f.bits,
      width,
      alpha: f.alpha,
      seeds: seeds.length,
      sizes: series.points.map((p) => {
        const nodes = p.runs.map((r) => r.visited).sort((a, b) => a - b);
        const k = nodes.length;
        return {
          n: p.n,
          trainError: p.mean.trainError!,
          trainStderr: p.stderr.trainError,
          genError: p.mean.genError!,
          converged: p.converged,
          medianNodes: k % 2 === 1 ? nodes[(k - 1) / 2] : (nodes[k / 2 - 1] + nodes[k / 2]) / 2,
          maxNodes: nodes[k - 1],
          timeMs: p.timeMs,
        };
      }),
      fits: FINITE_SIZE_MODELS.map((m) => ({
        model: m.name,
        fit: fitFiniteSize(
          series.points.map((p) => ({
            n: p.n,
            mean: p.mean.trainError!,
            stderr: p.stderr.trainError,
          })),
          m.exponents,
        ),
      })),
      trainError: tr?.value ?? null,
      trainStderr: tr?.stderr ?? null,
      genError: ge?.value ?? null,
      genStderr: ge?.stderr ?? null,
      rsTrainError: theory.rsTrainError,
      rsbTrainError: theory.rsbTrainError!,
      rsGenError: theory.rsGenError,
      rsbGenError: theory.rsbGenError!,
      details: finiteNDetails(series.points, seeds, tr, ge),
    });
    options.onProgress?.(tasks.length + k + 1, total);
  }
  return {
    sigma2,
    widthAlpha,
    departure,
    levels,
    quantizers,
    rsCurves,
    alphaPoints,
    widthPoints,
    mapPoints,
    finiteN,
  };
}

/**
 * Tooltip details of a finite-N point: the sizes, the 1/N extrapolations of the training and
 * test errors (mean ± standard error) and the largest size's measurement over the seeds.
 */
function finiteNDetails(
  points: readonly GroundStateSeriesPoint[],
  seeds: readonly number[],
  train: InverseNFit | null,
  gen: InverseNFit | null,
): PointDetails {
  const extra = {
    sizes: points.map((p) => p.n).join(","),
    trainErrorExtrapolated: fmtMeanStderr(train?.value ?? null, train?.stderr ?? null),
    genErrorExtrapolated: fmtMeanStderr(gen?.value ?? null, gen?.stderr ?? null),
  };
  const last = points[points.length - 1];
  if (last === undefined) return extra;
  return seedDetails(
    {
      n: last.n,
      seeds,
      runs: last.runs,
      averaged: last.runs.length,
      mean: last.mean,
      stderr: last.stderr,
    },
    ["trainError", "genError", "m", "Q"],
    extra,
  );
}

function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/**
 * The alpha at which an increasing-in-alpha curve first reaches `level` (log-linear
 * interpolation between the bracketing grid points); null when it never does on the grid,
 * or when its first point is already above `level` (the crossing lies left of the grid).
 *
 * @example
 * ```ts
 * const a = crossingAlpha([{ alpha: 1, value: 1e-4 }, { alpha: 2, value: 1e-2 }], 1e-3);
 * if (Math.abs(a! - 1.5) > 1e-12) throw new Error(String(a));
 * ```
 */
export function crossingAlpha(
  curve: readonly { alpha: number; value: number }[],
  level: number,
): number | null {
  const pts = [...curve].filter((p) => Number.isFinite(p.value)).sort((a, b) => a.alpha - b.alpha);
  if (pts.length === 0 || pts[0].value >= level) return null;
  for (let i = 1; i < pts.length; i++) {
    if (pts[i].value >= level) {
      const a = pts[i - 1], b = pts[i];
      if (!(a.value > 0)) return b.alpha;
      const t = (Math.log(level) - Math.log(a.value)) / (Math.log(b.value) - Math.log(a.value));
      return a.alpha + t * (b.alpha - a.alpha);
    }
  }
  return null;
}

/** `−d ln(value)/d(1/alpha)` between the two smallest alphas (positive values only). */
function decayRate(curve: readonly { alpha: number; value: number }[]): number | null {
  const pts = [...curve].filter((p) => p.value > 0).sort((a, b) => a.alpha - b.alpha);
  if (pts.length < 2) return null;
  const [a, b] = pts;
  return (Math.log(b.value) - Math.log(a.value)) / (1 / a.alpha - 1 / b.alpha);
}

/** The largest interior local maximum of a curve, or null. */
function interiorPeak(
  curve: readonly { alpha: number; value: number }[],
): { alpha: number; value: number } | null {
  const pts = [...curve].filter((p) => Number.isFinite(p.value)).sort((a, b) => a.alpha - b.alpha);
  let best: { alpha: number; value: number } | null = null;
  for (let i = 1; i < pts.length - 1; i++) {
    const v = pts[i].value;
    if (v >= pts[i - 1].value && v > pts[i + 1].value && (best === null || v > best.value)) {
      best = pts[i];
    }
  }
  return best;
}

/** The minimum of a width curve: the parabola through the grid minimum and its neighbours. */
function widthMinimum(
  curve: readonly { width: number; value: number }[],
): { width: number; value: number; interior: boolean } {
  const pts = [...curve].sort((a, b) => a.width - b.width);
  let k = 0;
  pts.forEach((p, i) => {
    if (p.value < pts[k].value) k = i;
  });
  if (k === 0 || k === pts.length - 1) return { ...pts[k], interior: false };
  const [a, b, c] = [pts[k - 1], pts[k], pts[k + 1]];
  // vertex of the parabola through three points (unequal spacing)
  const d1 = (b.value - a.value) / (b.width - a.width);
  const d2 = (c.value - b.value) / (c.width - b.width);
  const curv = (d2 - d1) / (c.width - a.width);
  if (!(curv > 0)) return { ...b, interior: true };
  const w = 0.5 * (a.width + b.width) - d1 / (2 * curv);
  const value = b.value + d1 * (w - b.width) + curv * (w - a.width) * (w - b.width);
  return { width: w, value, interior: true };
}

/** Per bit count: the interpolation threshold and its 1RSB crossover. */
export interface GroundStateThresholdRow {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** Quantizer width (outermost level). */
  width: number;
  /** RS interpolation threshold. */
  alphaC: number;
  /** Smallest 1RSB training error on the grid and its alpha (all > 0: no interpolation). */
  minRsbTrainError: number;
  /** alpha of the smallest 1RSB training error. */
  minRsbTrainAlpha: number;
  /** 1RSB training error at the RS alpha_c. */
  rsbTrainAtAlphaC: number | null;
  /** alpha where the 1RSB training error reaches each level (null: outside the grid). */
  crossings: { level: number; alpha: number | null }[];
  /**
   * `−d ln(trainError)/d(1/alpha)` of the 1RSB training error between the two smallest alphas
   * of the grid (null with fewer than two), next to `2 ln K`: with `K^N` configurations and a
   * chance `~ eps^(M/2)` for each to fit below `eps` per sample, the best reaches
   * `eps ~ K^(−2/alpha)` at small alpha (a counting argument, as for the random energy model:
   * B. Derrida, Phys. Rev. B 24, 2613 (1981)).
   */
  decayRate: number | null;
  /** `2 ln K`, the counting-argument rate. */
  countingRate: number;
}

/** The double-descent peak of one curve. */
export interface GroundStatePeakRow {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** `"mean"`: posterior-mean error R; `"minimiser"`: the minimiser's error. */
  error: "mean" | "minimiser";
  /** alpha of the RS peak (null: none). */
  rsAlpha: number | null;
  /** Height of the RS peak (null: none). */
  rsHeight: number | null;
  /** alpha of the 1RSB peak (null: none). */
  rsbAlpha: number | null;
  /** Height of the 1RSB peak (null: none). */
  rsbHeight: number | null;
}

/** The optimal width at `widthAlpha`, RS and 1RSB. */
export interface GroundStateWidthRow {
  /** Bits per weight (uniform quantizer). */
  bits: number;
  /** Lloyd–Max width of the bit count. */
  lloydMaxWidth: number;
  /** RS optimal width. */
  rsWidth: number;
  /** RS test error at its optimum. */
  rsError: number;
  /** 1RSB optimal width. */
  rsbWidth: number;
  /** 1RSB test error at its optimum. */
  rsbError: number;
  /** Both minima inside the scanned range. */
  interior: boolean;
  /** `rsbWidth / rsWidth − 1`. */
  widthShift: number;
}

/** Key numbers of the figure. */
export interface GroundStateSummary {
  /** Label-noise variance. */
  sigma2: number;
  /** alpha of the width scan. */
  widthAlpha: number;
  /** Relative training-error change counted as a departure from RS. */
  departure: number;
  /** Per bit count: RS alpha_c and the 1RSB crossover. */
  thresholds: GroundStateThresholdRow[];
  /** Double-descent peaks, RS and 1RSB. */
  peaks: GroundStatePeakRow[];
  /** Optimal widths, RS and 1RSB. */
  widths: GroundStateWidthRow[];
  /** Share of the map's points where 1RSB departs from RS, per bit count. */
  departures: { bits: number; share: number; points: number; maxRelChange: number }[];
  /** Finite-N extrapolations against the theories. */
  finiteN: {
    bits: number;
    width: number;
    alpha: number;
    sizes: number[];
    seeds: number;
    /** Runs that did not converge (sphere decoding stopped by its node budget), all sizes. */
    notConverged: number;
    trainError: number | null;
    trainStderr: number | null;
    rsTrainError: number;
    rsbTrainError: number;
    /**
     * Which theory the extrapolated training error is closer to; "unresolved" when the two
     * theories differ by less than two standard errors of the extrapolation.
     */
    closerTo: "RS" | "1RSB" | "unresolved" | "n/a";
    /** |1RSB − RS| / stderr of the extrapolation (null without an error). */
    separation: number | null;
    /**
     * Each finite-size model of {@link FINITE_SIZE_MODELS}: the extrapolated training error,
     * its standard error, χ²/dof (null without degrees of freedom) and which theory it is
     * closer to by the same rule.
     */
    fits: {
      model: string;
      value: number | null;
      stderr: number | null;
      chi2PerDof: number | null;
      /** Per size, `(mean − fit)/stderr`. */
      residuals: number[];
      closerTo: "RS" | "1RSB" | "unresolved" | "n/a";
    }[];
    /** Every model resolves the gap and names the same theory. */
    robust: boolean;
  }[];
  /** Every 1RSB training error on the grids is at least the RS one (relative slack 1e-9). */
  rsbAboveRs: boolean;
  /** 1RSB solves that did not converge. */
  notConverged: number;
  /** Plain-language verdicts of findings (ii) and (iii). */
  verdicts: { optimalWidth: string; delayedOnset: string; doubleDescent: string };
}

/**
 * The key numbers and verdicts of the figure.
 *
 * @example
 * ```ts
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [0.8, 1, 1.5], extraAlphas: [], rsSamples: 5,
 *   widthFactors: [0.7, 1, 1.3], mapBits: [1], mapWidthFactors: [1], mapAlphas: [1], finiteN: [],
 *   workers: 1,
 * });
 * const s = groundStateSummary(d);
 * if (!s.rsbAboveRs || !(s.thresholds[0].minRsbTrainError > 0)) throw new Error();
 * ```
 */
export function groundStateSummary(data: GroundStateFigureData): GroundStateSummary {
  const ok = (p: GroundStatePoint) => p.rsbConverged === true && p.rsConverged;
  const thresholds: GroundStateThresholdRow[] = data.quantizers.map((q) => {
    const pts = data.alphaPoints.filter((p) => p.bits === q.bits && ok(p));
    const curve = pts.map((p) => ({ alpha: p.alpha, value: p.rsbTrainError! }));
    let min = curve[0] ?? { alpha: NaN, value: NaN };
    for (const c of curve) if (c.value < min.value) min = c;
    const atC = pts.find((p) => Math.abs(p.alpha / q.alphaC - 1) < 1e-5);
    return {
      bits: q.bits,
      width: q.width,
      alphaC: q.alphaC,
      minRsbTrainError: min.value,
      minRsbTrainAlpha: min.alpha,
      rsbTrainAtAlphaC: atC?.rsbTrainError ?? null,
      crossings: data.levels.map((level) => ({ level, alpha: crossingAlpha(curve, level) })),
      decayRate: decayRate(curve),
      countingRate: 2 * Math.log(2 ** q.bits),
    };
  });
  const peaks: GroundStatePeakRow[] = [];
  for (const q of data.quantizers) {
    const rs = data.rsCurves.filter((p) => p.bits === q.bits && p.rsConverged);
    const rsb = data.alphaPoints.filter((p) => p.bits === q.bits && ok(p));
    for (const error of ["mean", "minimiser"] as const) {
      const a = interiorPeak(rs.map((p) => ({
        alpha: p.alpha,
        value: error === "mean" ? p.rsMeanError : p.rsGenError,
      })));
      const b = interiorPeak(rsb.map((p) => ({
        alpha: p.alpha,
        value: error === "mean" ? p.rsbMeanError! : p.rsbGenError!,
      })));
      peaks.push({
        bits: q.bits,
        error,
        rsAlpha: a?.alpha ?? null,
        rsHeight: a?.value ?? null,
        rsbAlpha: b?.alpha ?? null,
        rsbHeight: b?.value ?? null,
      });
    }
  }
  const widths: GroundStateWidthRow[] = data.quantizers.map((q) => {
    const pts = data.widthPoints.filter((p) => p.bits === q.bits && ok(p));
    const rs = widthMinimum(pts.map((p) => ({ width: p.width, value: p.rsGenError })));
    const rsb = widthMinimum(pts.map((p) => ({ width: p.width, value: p.rsbGenError! })));
    return {
      bits: q.bits,
      lloydMaxWidth: q.width,
      rsWidth: rs.width,
      rsError: rs.value,
      rsbWidth: rsb.width,
      rsbError: rsb.value,
      interior: rs.interior && rsb.interior,
      widthShift: rsb.width / rs.width - 1,
    };
  });
  const mapBits = [...new Set(data.mapPoints.map((p) => p.bits))];
  const departures = mapBits.map((b) => {
    const pts = data.mapPoints.filter((p) => p.bits === b && ok(p));
    const dep = pts.filter((p) => departs(p, data.departure));
    const finite = pts.map((p) => p.relTrainChange!).filter(Number.isFinite);
    return {
      bits: b,
      share: pts.length > 0 ? dep.length / pts.length : NaN,
      points: pts.length,
      maxRelChange: finite.length > 0 ? Math.max(...finite) : NaN,
    };
  });
  const finiteN = data.finiteN.map((f) => {
    const gap = Math.abs(f.rsbTrainError - f.rsTrainError);
    const separation = f.trainStderr !== null && f.trainStderr > 0 ? gap / f.trainStderr : null;
    const closerTo = closerTheory(f.trainError, f.trainStderr, f.rsTrainError, f.rsbTrainError);
    const fits = (f.fits ?? []).map(({ model, fit }) => ({
      model,
      value: fit?.value ?? null,
      stderr: fit?.stderr ?? null,
      chi2PerDof: fit !== null && fit.chi2 !== null && fit.dof > 0 ? fit.chi2 / fit.dof : null,
      residuals: fit?.residuals ?? [],
      closerTo: closerTheory(
        fit?.value ?? null,
        fit?.stderr ?? null,
        f.rsTrainError,
        f.rsbTrainError,
      ),
    }));
    const robust = (closerTo === "RS" || closerTo === "1RSB") &&
      fits.every((x) => x.closerTo === closerTo);
    return {
      bits: f.bits,
      width: f.width,
      alpha: f.alpha,
      sizes: f.sizes.map((z) => z.n),
      seeds: f.seeds,
      notConverged: f.sizes.reduce((a, z) => a + (f.seeds - (z.converged ?? f.seeds)), 0),
      trainError: f.trainError,
      trainStderr: f.trainStderr,
      rsTrainError: f.rsTrainError,
      rsbTrainError: f.rsbTrainError,
      closerTo,
      separation,
      fits,
      robust,
    };
  });
  const all = [...data.alphaPoints, ...data.widthPoints, ...data.mapPoints];
  const rsbAboveRs = all.filter(ok).every((p) =>
    p.rsbTrainError! >= p.rsTrainError - 1e-9 * Math.max(1, p.rsTrainError)
  );
  const notConverged = all.filter((p) => p.rsbConverged !== true).length;
  const partial = {
    sigma2: data.sigma2,
    widthAlpha: data.widthAlpha,
    departure: data.departure,
    thresholds,
    peaks,
    widths,
    departures,
    finiteN,
    rsbAboveRs,
    notConverged,
  };
  return { ...partial, verdicts: groundStateVerdicts(partial) };
}

/**
 * Which theory an extrapolated value is closer to: "unresolved" when the two theories differ
 * by less than two standard errors, "n/a" without a value.
 */
function closerTheory(
  value: number | null,
  stderr: number | null,
  rs: number,
  rsb: number,
): "RS" | "1RSB" | "unresolved" | "n/a" {
  if (value === null) return "n/a";
  const separation = stderr !== null && stderr > 0 ? Math.abs(rsb - rs) / stderr : null;
  if (separation !== null && separation < 2) return "unresolved";
  return Math.abs(value - rsb) < Math.abs(value - rs) ? "1RSB" : "RS";
}

/** Whether 1RSB departs from RS at a point: y* finite and a relative change above `departure`. */
function departs(p: GroundStatePoint, departure: number): boolean {
  return p.y !== null && Number.isFinite(p.y) && p.y > 0 && (p.relTrainChange ?? 0) > departure;
}

const bitsText = (b: number) => `${b} bit${b > 1 ? "s" : ""}`;
const pct = (x: number) => `${fmtNumber(100 * x, 2)} %`;

/**
 * Verdicts of findings (ii) and (iii) under 1RSB, in plain language with the numbers of
 * `summary`.
 *
 * @example
 * ```ts
 * const v = groundStateVerdicts({
 *   widthAlpha: 2,
 *   thresholds: [{ bits: 1, width: 0.8, alphaC: 0.28, minRsbTrainError: 1e-4, minRsbTrainAlpha: 0.17,
 *     rsbTrainAtAlphaC: 0.01, crossings: [{ level: 1e-3, alpha: 0.19 }], decayRate: 1.4,
 *     countingRate: 1.386 }],
 *   peaks: [{ bits: 1, error: "mean", rsAlpha: 0.28, rsHeight: 1.18, rsbAlpha: null, rsbHeight: null }],
 *   widths: [{ bits: 1, lloydMaxWidth: 0.8, rsWidth: 0.7, rsError: 0.6, rsbWidth: 0.72, rsbError: 0.59,
 *     interior: true, widthShift: 0.0286 }],
 * });
 * if (!v.optimalWidth.includes("0.72") || !v.delayedOnset.includes("0.19")) throw new Error(v.optimalWidth);
 * ```
 */
export function groundStateVerdicts(
  s: Pick<GroundStateSummary, "widthAlpha" | "thresholds" | "peaks" | "widths">,
): GroundStateSummary["verdicts"] {
  const w = s.widths;
  const maxShift = w.reduce((m, r) => Math.max(m, Math.abs(r.widthShift)), 0);
  const optimalWidth = `(ii) optimal width at β = ∞, α = ${fmtNumber(s.widthAlpha)}: ` +
    (w.every((r) => r.interior)
      ? "the interior minimum survives under 1RSB at every bit count. "
      : "the minimum is not interior for every bit count under both theories. ") +
    `The optimal width moves ` +
    w.map((r) =>
      `${bitsText(r.bits)}: ω* ${fmtNumber(r.rsWidth)} (RS) → ${fmtNumber(r.rsbWidth)} (1RSB), ` +
      `${r.widthShift >= 0 ? "+" : ""}${pct(r.widthShift)}, error at the optimum ` +
      `${fmtNumber(r.rsError)} → ${fmtNumber(r.rsbError)}`
    ).join("; ") +
    `. Largest width shift ${pct(maxShift)}` +
    (w.every((r) => r.rsbWidth < r.lloydMaxWidth)
      ? "; the 1RSB optimum stays below the Lloyd–Max width."
      : "; the 1RSB optimum is not below the Lloyd–Max width at every bit count.");
  const t = s.thresholds;
  const first = (r: GroundStateThresholdRow) => r.crossings[0];
  const level = t[0]?.crossings[0]?.level ?? 1e-3;
  const allBelowOne = t.every((r) => first(r).alpha !== null && first(r).alpha! < 1);
  const delayedOnset = `(iii) delayed onset: under 1RSB the training error of the minimiser ` +
    (t.every((r) => r.minRsbTrainError > 0)
      ? "stays positive at every α computed, also below the RS threshold α_c, "
      : "vanishes somewhere on the grid, ") +
    `so the interpolation threshold becomes a crossover (smallest 1RSB training error: ` +
    t.map((r) =>
      `${bitsText(r.bits)} ${fmtNumber(r.minRsbTrainError, 2)} at α = ${
        fmtNumber(r.minRsbTrainAlpha)
      }`
    ).join(", ") +
    `; at the RS α_c it is ` +
    t.map((r) => `${fmtNumber(r.rsbTrainAtAlphaC, 2)}`).join(", ") +
    `). Taking α where the 1RSB training error reaches ${fmtNumber(level)} as the threshold: ` +
    t.map((r) =>
      `${bitsText(r.bits)} ${fmtNumber(first(r).alpha)} (RS α_c ${fmtNumber(r.alphaC, 4)})`
    ).join(", ") +
    (allBelowOne
      ? `. Every crossover lies below the real-weight threshold 1, so quantized weights still ` +
        `need more weights per sample before they (nearly) interpolate: the delay holds, and ` +
        `1RSB moves the onset to smaller α than RS.`
      : `. Not every crossover lies below 1 on the grid.`) +
    (t.some((r) => r.decayRate !== null)
      ? ` Below the crossover ln ε_t falls linearly in 1/α with slope ` +
        t.filter((r) => r.decayRate !== null).map((r) =>
          `${fmtNumber(r.decayRate)} (${bitsText(r.bits)}; 2 ln K = ${fmtNumber(r.countingRate)})`
        ).join(", ") +
        `: the best of K^N configurations fits to ε_t ~ K^(−2/α), never exactly.`
      : "");
  const mean = s.peaks.filter((p) => p.error === "mean");
  const minimiser = s.peaks.filter((p) => p.error === "minimiser");
  const doubleDescent = `(iii) tamed double descent (posterior-mean test error R): ` +
    mean.map((p) =>
      `${bitsText(p.bits)}: RS peak ${fmtNumber(p.rsHeight)} at α = ${fmtNumber(p.rsAlpha, 4)}, ` +
      (p.rsbHeight === null
        ? "1RSB none (monotone on the grid)"
        : `1RSB ${fmtNumber(p.rsbHeight)} at α = ${fmtNumber(p.rsbAlpha, 3)}` +
          (p.rsHeight !== null ? ` (${pct(p.rsbHeight / p.rsHeight - 1)})` : ""))
    ).join("; ") +
    `. ` +
    (mean.every((p) => p.rsbHeight === null || (p.rsHeight !== null && p.rsbHeight < p.rsHeight))
      ? "1RSB lowers (or removes) every peak: the RS jump at α_c is an artefact of the RS " +
        "threshold, and the taming of double descent holds more strongly beyond RS. "
      : "1RSB does not lower every peak. ") +
    (minimiser.every((p) => p.rsbHeight === null)
      ? "The minimiser's own test error has no interior peak under 1RSB at any bit count " +
        `(RS: ${
          minimiser.filter((p) => p.rsHeight !== null).length
        } of ${minimiser.length} curves peak at α_c).`
      : "The minimiser's test error keeps a peak under 1RSB for " +
        minimiser.filter((p) => p.rsbHeight !== null).map((p) => bitsText(p.bits)).join(", ") +
        ".");
  return { optimalWidth, delayedOnset, doubleDescent };
}

const LOG_FLOOR = 1e-6;

/** RS solid, 1RSB dashed: one line per theory. */
const THEORY_DASH = {
  strokeDash: {
    field: "theory",
    type: "nominal",
    title: "theory",
    scale: { domain: ["RS", "1RSB"], range: [[1, 0], [6, 3]] },
  },
  detail: { field: "theory" },
};

/**
 * Data rows with their points' tooltip details merged in (`pointDetailColumns`), and the
 * tooltip: the row's own `fields` first, then the details.
 */
function withTooltip(
  rows: readonly Record<string, unknown>[],
  details: readonly (PointDetails | null)[],
  fields: readonly { field: string; type: string; title: string }[],
  name: string,
): { values: Record<string, unknown>[]; tooltip: Record<string, unknown>[] } {
  const cols = pointDetailColumns(details, name);
  return {
    values: rows.map((r, i) => ({ ...r, ...cols.fields(i) })),
    tooltip: [...fields, ...cols.tooltip],
  };
}

function colorScale(bits: readonly number[]) {
  return seriesColorScale(bits.map(bitLabel));
}

/**
 * Training error (log axis) or test error against alpha: RS (solid, fine grid), 1RSB (dashed,
 * points), finite-N extrapolations (diamonds with ± 1 standard error), RS alpha_c as rules.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [0.8, 1.2], extraAlphas: [], rsSamples: 5, widthFactors: [0.8, 1, 1.2],
 *   mapBits: [1], mapWidthFactors: [1], mapAlphas: [1], finiteN: [], workers: 1,
 * });
 * for (const which of ["train", "gen", "mean"] as const) {
 *   if (compileVegaLite(groundStateAlphaSpec(d, which)).warnings.length) throw new Error(which);
 * }
 * ```
 */
export function groundStateAlphaSpec(
  data: GroundStateFigureData,
  which: "train" | "gen" | "mean",
): VegaLiteSpec {
  const pick = (p: GroundStatePoint, rsb: boolean): number | null => {
    const v = which === "train"
      ? (rsb ? p.rsbTrainError : p.rsTrainError)
      : which === "gen"
      ? (rsb ? p.rsbGenError : p.rsGenError)
      : (rsb ? p.rsbMeanError : p.rsMeanError);
    if (v === null || !Number.isFinite(v)) return null;
    if (which === "train" && v < LOG_FLOOR) return null;
    return v;
  };
  const rsRows = data.rsCurves.filter((p) => p.rsConverged && pick(p, false) !== null);
  const rsbRows = data.alphaPoints.filter((p) => p.rsbConverged && pick(p, true) !== null);
  const finite: Record<string, unknown>[] = [];
  const finiteDetails: PointDetails[] = [];
  if (which !== "mean") {
    for (const f of data.finiteN) {
      // the curves are at the Lloyd–Max width: a point at another width is in the table only
      const lm = data.quantizers.find((q) => q.bits === f.bits)?.width;
      if (lm === undefined || Math.abs(f.width - lm) > 1e-9 * lm) continue;
      const v = which === "train" ? f.trainError : f.genError;
      const e = (which === "train" ? f.trainStderr : f.genStderr) ?? 0;
      // a non-positive extrapolated training error has no place on the log axis
      if (v === null || (which === "train" && !(v > LOG_FLOOR))) continue;
      const lo = which === "train" ? Math.max(v - e, LOG_FLOOR) : v - e;
      finite.push({
        alpha: f.alpha,
        value: v,
        lo,
        hi: v + e,
        series: bitLabel(f.bits),
      });
      finiteDetails.push(f.details);
    }
  }
  const rules = data.quantizers.map((q) => ({ alpha: q.alphaC, series: bitLabel(q.bits) }));
  const color = {
    field: "series",
    type: "nominal",
    title: "bits",
    scale: colorScale(data.quantizers.map((q) => q.bits)),
  };
  const yTitle = which === "train"
    ? "ε_t (training error per sample, log)"
    : which === "gen"
    ? "ε_g of the minimiser (label noise included)"
    : "ε_g of the posterior mean R (label noise included)";
  const yScale = which === "train" ? { type: "log", domain: [LOG_FLOOR, 1] } : { zero: true };
  const x = { field: "alpha", type: "quantitative", title: AXIS_TITLES.alpha };
  const y = { field: "value", type: "quantitative", title: yTitle, scale: yScale };
  const own = [
    { field: "series", type: "nominal", title: "bits" },
    { field: "alpha", type: "quantitative", title: "α" },
    { field: "value", type: "quantitative", title: which === "train" ? "ε_t" : "ε_g" },
  ];
  const theory = { field: "theory", type: "nominal", title: "theory" };
  const row = (p: GroundStatePoint, rsb: boolean) => ({
    alpha: p.alpha,
    value: pick(p, rsb),
    series: bitLabel(p.bits),
    theory: rsb ? "1RSB" : "RS",
  });
  // one data set per theory: each with its own tooltip columns (RS: m, q, Q, AT, …; 1RSB: y, q0, q1, …)
  const rs = withTooltip(
    rsRows.map((p) => row(p, false)),
    rsRows.map((p) => p.rsSolution),
    [theory, ...own],
    "rsCurves",
  );
  const rsb = withTooltip(
    rsbRows.map((p) => row(p, true)),
    rsbRows.map((p) => p.rsbSolution),
    [theory, ...own],
    "alphaPoints",
  );
  const diamonds = withTooltip(finite, finiteDetails, own, "finite");
  const layer: Record<string, unknown>[] = [
    {
      data: { values: rules },
      mark: { type: "rule", strokeDash: [2, 3], opacity: 0.6 },
      encoding: { x, color },
    },
    {
      data: { values: rs.values },
      mark: { type: "line", clip: true },
      encoding: { x, y, color, ...THEORY_DASH, tooltip: rs.tooltip },
    },
    {
      data: { values: rsb.values },
      mark: { type: "line", clip: true },
      encoding: { x, y, color, ...THEORY_DASH, tooltip: rsb.tooltip },
    },
    {
      data: { values: rsb.values },
      mark: { type: "point", filled: true, size: 30, clip: true },
      encoding: { x, y, color, tooltip: rsb.tooltip },
    }, // invisible hover targets on the RS curve: each point's solution (kept out of the aria-labels
    // and of the legends)
    {
      data: { values: rs.values },
      mark: { type: "point", opacity: 0, aria: false, clip: true },
      encoding: { x, y, tooltip: rs.tooltip },
    },
  ];
  if (finite.length > 0) {
    layer.push(
      {
        data: { values: finite },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color },
      },
      {
        data: { values: diamonds.values },
        mark: { type: "point", shape: "diamond", filled: true, size: 90, stroke: "black" },
        encoding: { x, y, color, tooltip: diamonds.tooltip },
      },
    );
  }
  const name = which === "train"
    ? "Training error"
    : which === "gen"
    ? "Test error of the minimiser"
    : "Test error of the posterior mean";
  return finishChartSpec({ layer }, {
    title: `${name} vs α at β = ∞, σ² = ${data.sigma2}: RS vs 1RSB`,
    subtitle: `solid RS, dashed + dots 1RSB (y* optimised)` +
      (finite.length > 0
        ? ", diamonds: exact ground states extrapolated in 1/N (± 1 s.e." +
          (which === "train" ? "; non-positive ones omitted" : "") + ")"
        : "") +
      "; rules: RS α_c",
  });
}

/**
 * The minimiser's test error against the width at `widthAlpha`, RS solid and 1RSB dashed.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [1], extraAlphas: [], rsSamples: 3, widthFactors: [0.8, 1, 1.2],
 *   mapBits: [1], mapWidthFactors: [1], mapAlphas: [1], finiteN: [], workers: 1,
 * });
 * if (compileVegaLite(groundStateWidthSpec(d)).warnings.length) throw new Error();
 * ```
 */
export function groundStateWidthSpec(data: GroundStateFigureData): VegaLiteSpec {
  const own = [
    { field: "series", type: "nominal", title: "bits" },
    { field: "theory", type: "nominal", title: "theory" },
    { field: "width", type: "quantitative", title: "ω" },
    { field: "value", type: "quantitative", title: "ε_g" },
  ];
  const row = (p: GroundStatePoint, rsb: boolean) => ({
    width: p.width,
    value: rsb ? p.rsbGenError : p.rsGenError,
    series: bitLabel(p.bits),
    theory: rsb ? "1RSB" : "RS",
  });
  const rsPoints = data.widthPoints.filter((p) => p.rsConverged);
  const rsbPoints = data.widthPoints.filter((p) => p.rsbConverged);
  // one layer per theory, each with its own tooltip columns
  const layers = [
    withTooltip(
      rsPoints.map((p) => row(p, false)),
      rsPoints.map((p) => p.rsSolution),
      own,
      "widthPoints",
    ),
    withTooltip(
      rsbPoints.map((p) => row(p, true)),
      rsbPoints.map((p) => p.rsbSolution),
      own,
      "widthPoints",
    ),
  ];
  const color = {
    field: "series",
    type: "nominal",
    title: "bits",
    scale: colorScale(data.quantizers.map((q) => q.bits)),
  };
  const x = { field: "width", type: "quantitative", title: AXIS_TITLES.width };
  const y = {
    field: "value",
    type: "quantitative",
    title: "ε_g of the minimiser",
    scale: { zero: false },
  };
  return finishChartSpec({
    layer: layers.map((l) => ({
      data: { values: l.values },
      mark: { type: "line", point: true },
      encoding: { x, y, color, ...THEORY_DASH, tooltip: l.tooltip },
    })),
  }, {
    title: `Test error vs width at β = ∞, α = ${data.widthAlpha}, σ² = ${data.sigma2}`,
    subtitle: "uniform quantizers; solid RS, dashed 1RSB",
  });
}

/**
 * The (width, alpha) map: relative change of the training error from RS to 1RSB (log colour),
 * departures (change above `departure`) ringed, and RS alpha_c against the width.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [1], extraAlphas: [], rsSamples: 3, widthFactors: [0.8, 1, 1.2],
 *   mapBits: [1], mapWidthFactors: [0.8, 1.2], mapAlphas: [0.5, 1], finiteN: [], workers: 1,
 * });
 * if (compileVegaLite(groundStateMapSpec(d)).warnings.length) throw new Error();
 * ```
 */
export function groundStateMapSpec(data: GroundStateFigureData): VegaLiteSpec {
  const converged = data.mapPoints.filter((p) => p.rsbConverged);
  const cellRows = converged
    .map((p) => ({
      kind: "cell",
      width: p.width,
      alpha: p.alpha,
      series: bitLabel(p.bits),
      change: Math.min(
        Math.max(Number.isFinite(p.relTrainChange!) ? p.relTrainChange! : 10, 1e-6),
        10,
      ),
      departs: departs(p, data.departure) ? "1RSB ≠ RS" : "1RSB ≈ RS",
    }));
  // each cell: its 1RSB ground state, with the RS training error and alpha_c next to it
  const cellDetails = converged.map((p) =>
    p.rsbSolution === null ? null : {
      relTrainChange: p.relTrainChange,
      rsTrainError: p.rsTrainError,
      rsAlphaC: p.alphaC,
      ...p.rsbSolution,
    }
  );
  const cells = withTooltip(cellRows, cellDetails, [
    { field: "series", type: "nominal", title: "bits" },
    { field: "width", type: "quantitative", title: "ω" },
    { field: "alpha", type: "quantitative", title: "α" },
  ], "cells");
  const lines = data.mapPoints
    .filter((p, i, a) => a.findIndex((q) => q.bits === p.bits && q.width === p.width) === i)
    .map((p) => ({ kind: "line", width: p.width, alpha: p.alphaC, series: bitLabel(p.bits) }));
  return widthAlphaMapSpec([...cells.values, ...lines], [
    widthAlphaMapLayer("cell", { type: "point", filled: true, size: 260 }, {
      color: {
        field: "change",
        type: "quantitative",
        title: "Δε_t/ε_t (RS → 1RSB)",
        scale: { type: "log", scheme: "viridis", domain: [1e-6, 10] },
      },
      shape: {
        field: "departs",
        type: "nominal",
        title: `change > ${pct(data.departure)}`,
        scale: { domain: ["1RSB ≠ RS", "1RSB ≈ RS"], range: ["square", "circle"] },
      },
      tooltip: cells.tooltip,
    }),
    widthAlphaMapLayer("line", {
      type: "line",
      color: "black",
      strokeDash: [4, 3],
      point: { color: "black" },
    }),
  ], {
    title: `Where the 1RSB ground state departs from RS (β = ∞, σ² = ${data.sigma2})`,
    subtitle: "colour: relative change of the training error (capped at 10); line: RS α_c(ω)",
  });
}

/**
 * Flat table: every theory point (with its part) and every finite-N size.
 *
 * @example
 * ```ts
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [1], extraAlphas: [], rsSamples: 3, widthFactors: [0.8, 1, 1.2],
 *   mapBits: [1], mapWidthFactors: [1], mapAlphas: [1], finiteN: [], workers: 1,
 * });
 * if (groundStateTable(d).filter((r) => r.part === "width").length !== 3) throw new Error();
 * ```
 */
export function groundStateTable(data: GroundStateFigureData): FigureTableRow[] {
  const rows: FigureTableRow[] = [];
  // the tooltip details stay out of the flat table
  const point = (
    part: string,
    { rsSolution: _rs, rsbSolution: _rsb, ...p }: GroundStatePoint,
  ): FigureTableRow => ({ part, ...p });
  for (const p of data.rsCurves) rows.push(point("rs_curve", p));
  for (const p of data.alphaPoints) rows.push(point("alpha", p));
  for (const p of data.widthPoints) rows.push(point("width", p));
  for (const p of data.mapPoints) rows.push(point("map", p));
  for (const f of data.finiteN) {
    for (const s of f.sizes) {
      rows.push({
        part: "finite_n",
        bits: f.bits,
        width: f.width,
        alpha: f.alpha,
        sigma2: data.sigma2,
        n: s.n,
        trainError: s.trainError,
        trainStderr: s.trainStderr,
        genError: s.genError,
        converged: s.converged,
        medianNodes: s.medianNodes,
        maxNodes: s.maxNodes,
      });
    }
    for (const { model, fit } of f.fits ?? []) {
      rows.push({
        part: "finite_n_fit",
        bits: f.bits,
        width: f.width,
        alpha: f.alpha,
        sigma2: data.sigma2,
        model,
        n: Infinity,
        trainError: fit?.value ?? null,
        trainStderr: fit?.stderr ?? null,
        chi2: fit?.chi2 ?? null,
        dof: fit?.dof ?? null,
      });
    }
    rows.push({
      part: "finite_n_extrapolated",
      bits: f.bits,
      width: f.width,
      alpha: f.alpha,
      sigma2: data.sigma2,
      n: Infinity,
      trainError: f.trainError,
      trainStderr: f.trainStderr,
      genError: f.genError,
      rsTrainError: f.rsTrainError,
      rsbTrainError: f.rsbTrainError,
    });
  }
  return rows;
}

/**
 * The REPORT.md section of finding (vi), numbers from `summary`.
 *
 * @example
 * ```ts
 * const d = await computeGroundStateFigure({
 *   bits: [1], alphaFactors: [0.8, 1, 1.5], extraAlphas: [], rsSamples: 5,
 *   widthFactors: [0.7, 1, 1.3], mapBits: [1], mapWidthFactors: [1], mapAlphas: [1], finiteN: [],
 *   workers: 1,
 * });
 * const md = groundStateReport(groundStateSummary(d));
 * if (!md.includes("| 1 |") || !md.includes("(ii)")) throw new Error(md);
 * ```
 */
export function groundStateReport(s: GroundStateSummary): string {
  const lines: string[] = [
    `At β = ∞ the RS replicon of every level set diverges, so the RS ground state is never ` +
    `exact. Here it is compared with the frozen 1RSB ground state (Parisi y* optimised; ` +
    `docs/theory.md §3b) and with exact finite-N ground states (uniform quantizers at the ` +
    `Lloyd–Max width, σ² = ${fmtNumber(s.sigma2)}).`,
    "",
    "Interpolation threshold: RS α_c and the 1RSB crossover (α where the 1RSB training error " +
    "reaches the level; log-linear interpolation on the grid):",
    "",
    ...markdownTable(
      [
        "bits",
        "ω",
        "RS α_c",
        "1RSB ε_t at RS α_c",
        "smallest 1RSB ε_t (α)",
        "−d ln ε_t/d(1/α)",
        "2 ln K",
        ...(s.thresholds[0]?.crossings.map((c) => `α(ε_t = ${fmtNumber(c.level)})`) ?? []),
      ],
      s.thresholds.map((t) => [
        `${t.bits}`,
        fmtNumber(t.width),
        fmtNumber(t.alphaC, 4),
        fmtNumber(t.rsbTrainAtAlphaC, 2),
        `${fmtNumber(t.minRsbTrainError, 2)} (${fmtNumber(t.minRsbTrainAlpha)})`,
        fmtNumber(t.decayRate),
        fmtNumber(t.countingRate),
        ...t.crossings.map((c) => fmtNumber(c.alpha)),
      ]),
    ),
    "",
    "Double-descent peak (largest interior maximum; RS on a fine grid with α_c, 1RSB on the " +
    "coarse grid; none: monotone). Posterior mean R: for 1RSB the average over the states " +
    "selected at y* (overlap q0); minimiser: one ground state, ρ − 2m + Q + σ²:",
    "",
    ...markdownTable(
      ["bits", "error", "RS α at peak", "RS peak", "1RSB α at peak", "1RSB peak"],
      s.peaks.map((p) => [
        `${p.bits}`,
        p.error === "mean" ? "posterior mean R" : "minimiser",
        p.rsAlpha === null ? "none" : fmtNumber(p.rsAlpha, 4),
        p.rsHeight === null ? "—" : fmtNumber(p.rsHeight),
        p.rsbAlpha === null ? "none" : fmtNumber(p.rsbAlpha, 4),
        p.rsbHeight === null ? "—" : fmtNumber(p.rsbHeight),
      ]),
      ["r", "l", "r", "r", "r", "r"],
    ),
    "",
    `Optimal width at α = ${fmtNumber(s.widthAlpha)} (minimiser's test error; parabola ` +
    "through the grid minimum):",
    "",
    ...markdownTable(
      ["bits", "Lloyd–Max ω", "RS ω*", "RS error", "1RSB ω*", "1RSB error", "shift"],
      s.widths.map((w) => [
        `${w.bits}`,
        fmtNumber(w.lloydMaxWidth),
        fmtNumber(w.rsWidth),
        fmtNumber(w.rsError),
        fmtNumber(w.rsbWidth),
        fmtNumber(w.rsbError),
        pct(w.widthShift),
      ]),
    ),
    "",
    `Where 1RSB departs from RS over the (ω, α) map (y* finite and training error changed by ` +
    `more than ${pct(s.departure)}): ` +
    s.departures.map((d) =>
      `${bitsText(d.bits)} ${pct(d.share)} of ${d.points} points (largest finite change ${
        pct(d.maxRelChange)
      })`
    ).join(", ") + ".",
    "",
  ];
  if (s.finiteN.length > 0) {
    lines.push(...finiteNReport(s.finiteN));
  }
  lines.push(
    `Consistency: every 1RSB training error is ${
      s.rsbAboveRs ? "at least" : "NOT always at least"
    } the RS one (1RSB raises the RS ground-state energy); ${s.notConverged} 1RSB solve(s) ` +
      `did not converge (left out).`,
    "",
    `**Verdict.** ${s.verdicts.optimalWidth}`,
    "",
    s.verdicts.delayedOnset,
    "",
    s.verdicts.doubleDescent,
  );
  return lines.join("\n");
}

type FiniteNRow = GroundStateSummary["finiteN"][number];

const pointText = (f: FiniteNRow) =>
  `${bitsText(f.bits)}, ω = ${fmtNumber(f.width)}, α = ${fmtNumber(f.alpha)}`;

/** How many standard errors `value` lies from `theory` (signed), or null. */
const sigmas = (value: number | null, stderr: number | null, theory: number) =>
  value === null || stderr === null || !(stderr > 0) ? null : (value - theory) / stderr;

/** The finite-N part of the report: the table, the finite-size check and what they decide. */
function finiteNReport(rows: readonly FiniteNRow[]): string[] {
  const lines = [
    `Exact ground states (sphere decoding, mean over ${
      rows[0].seeds
    } seeds per size, weighted straight-line extrapolation in 1/N) against the theories ` +
    `(ω: quantizer width; the charts show only the points at the Lloyd–Max width):`,
    "",
    ...markdownTable(
      [
        "bits",
        "ω",
        "α",
        "sizes N",
        "ε_t (N → ∞)",
        "χ²/dof",
        "RS ε_t",
        "1RSB ε_t",
        "(ε_t − RS)/s.e.",
        "(ε_t − 1RSB)/s.e.",
        "(1RSB − RS)/s.e.",
        "closer to",
      ],
      rows.map((f) => [
        `${f.bits}`,
        fmtNumber(f.width),
        fmtNumber(f.alpha),
        f.sizes.join(", "),
        fmtMeanStderr(f.trainError, f.trainStderr),
        fmtNumber(f.fits.find((x) => x.model === "1/N")?.chi2PerDof ?? null, 2),
        fmtNumber(f.rsTrainError),
        fmtNumber(f.rsbTrainError),
        fmtNumber(sigmas(f.trainError, f.trainStderr, f.rsTrainError), 2),
        fmtNumber(sigmas(f.trainError, f.trainStderr, f.rsbTrainError), 2),
        fmtNumber(f.separation, 2),
        f.closerTo,
      ]),
      ["r", "r", "r", "l", "r", "r", "r", "r", "r", "r", "r", "l"],
    ),
    "",
    "The finite-size correction is not known a priori (1/N is the leading correction of a " +
    "smooth finite-size expansion; ground-state energies of spin glasses can instead scale as " +
    "N^(−2/3)), so the same means are also fitted with 1/N + 1/N² and with N^(−2/3):",
    "",
    ...markdownTable(
      [
        "bits",
        "ω",
        "α",
        "correction",
        "ε_t (N → ∞)",
        "χ²/dof",
        "residuals/s.e. (by N)",
        "closer to",
      ],
      rows.flatMap((f) =>
        f.fits.map((x) => [
          `${f.bits}`,
          fmtNumber(f.width),
          fmtNumber(f.alpha),
          x.model,
          fmtMeanStderr(x.value, x.stderr),
          fmtNumber(x.chi2PerDof, 2),
          x.residuals.map((r) => fmtNumber(r, 2)).join(", "),
          x.closerTo,
        ])
      ),
      ["r", "r", "r", "l", "r", "r", "l", "l"],
    ),
    "",
  ];
  const notConverged = rows.reduce((a, f) => a + f.notConverged, 0);
  if (notConverged > 0) {
    lines.push(
      `${notConverged} sphere decoding run(s) stopped at the node budget: their training ` +
        `errors are upper bounds.`,
      "",
    );
  }
  if (rows.every((f) => f.closerTo === "unresolved")) {
    lines.push(
      "At the sizes reached here, the instance-to-instance spread of the ground-state training " +
        "error is larger than the RS–1RSB gap: the finite-N points are consistent with both " +
        "theories and do not decide between them.",
      "",
    );
    return lines;
  }
  const sentences = rows.map((f) => {
    const at = `${pointText(f)}: ε_t = ${fmtMeanStderr(f.trainError, f.trainStderr)}`;
    if (f.closerTo === "unresolved" || f.closerTo === "n/a") {
      return `${at}, the RS–1RSB gap is less than two standard errors (unresolved).`;
    }
    const range = (theory: number) => {
      const v = f.fits.map((x) => sigmas(x.value, x.stderr, theory))
        .filter((x): x is number => x !== null);
      return v.length === 0
        ? "n/a"
        : `${fmtNumber(Math.min(...v), 2)} to ${fmtNumber(Math.max(...v), 2)}`;
    };
    const away = `(ε_t − RS)/s.e. ${range(f.rsTrainError)} and (ε_t − 1RSB)/s.e. ${
      range(f.rsbTrainError)
    } across the finite-size models`;
    if (f.robust) {
      return `${at}; every finite-size model puts it closer to ${f.closerTo} (${away}).`;
    }
    const other = f.closerTo === "RS" ? "1RSB" : "RS";
    const against = f.fits.filter((x) => x.closerTo === other).map((x) => x.model);
    const wide = f.fits.filter((x) => x.closerTo === "unresolved").map((x) => x.model);
    if (against.length === 0) {
      return `${at} is closer to ${f.closerTo} with the 1/N fit; the ${wide.join(" and ")} fit${
        wide.length > 1 ? "s are" : " is"
      } too wide to resolve the gap and none points ` +
        `to ${other} (${away}).`;
    }
    return `${at} is closer to ${f.closerTo} with the 1/N fit but closer to ${other} with ${
      against.join(" and ")
    }: the finite-size model, not the data, decides there (${away}).`;
  });
  lines.push(...sentences.flatMap((t) => [t, ""]));
  // across points and models: how far RS is below, how often 1RSB is within two s.e.
  const rsSigmas = rows.flatMap((f) => f.fits.map((x) => sigmas(x.value, x.stderr, f.rsTrainError)))
    .filter((x): x is number => x !== null);
  const within = rows.map((f) =>
    f.fits.filter((x) => {
      const z = sigmas(x.value, x.stderr, f.rsbTrainError);
      return z !== null && Math.abs(z) < 2;
    }).length
  );
  const models = rows[0].fits.length;
  const rsbZ = rows.flatMap((f) => f.fits.map((x) => sigmas(x.value, x.stderr, f.rsbTrainError)))
    .filter((x): x is number => x !== null);
  if (rsSigmas.length > 0) {
    const minRs = Math.min(...rsSigmas);
    lines.push(
      (minRs > 2
        ? `At every point and under every finite-size model the extrapolated ground-state ` +
          `training error lies above RS by at least ${fmtNumber(minRs, 2)} standard errors: ` +
          `the finite-N ground truth excludes the RS ground state here. `
        : `RS is not excluded everywhere (smallest (ε_t − RS)/s.e. over points and models: ` +
          `${fmtNumber(minRs, 2)}). `) +
        `1RSB is within two standard errors under every model at ${
          within.filter((k) => k === models).length
        } of ${rows.length} points, under some model at ${
          within.filter((k) => k > 0).length
        }; beyond two standard errors the extrapolation is above 1RSB in ${
          rsbZ.filter((z) => z > 2).length
        } and below it in ${rsbZ.filter((z) => z < -2).length} of the ${rsbZ.length} ` +
        `(point, model) pairs.`,
      "",
    );
  }
  return lines;
}

/**
 * Builds the figure (charts: training error, minimiser's and posterior-mean test error against
 * alpha, test error against width, the departure map).
 *
 * @example
 * ```ts
 * const f = await buildGroundStateFigure({ quick: true, workers: 1 });
 * if (f.id !== "ground_state" || f.charts.length !== 5) throw new Error();
 * ```
 */
export async function buildGroundStateFigure(
  options: FigureBuildOptions & GroundStateFigureOptions = {},
): Promise<FigureResult<GroundStateFigureData, GroundStateSummary>> {
  const { quick, ...rest } = options;
  const data = await computeGroundStateFigure({
    ...(quick
      ? {
        bits: [1, 2],
        alphaFactors: [0.6, 1, 1.5],
        extraAlphas: [2],
        rsSamples: 15,
        widthFactors: [0.7, 1, 1.3],
        mapBits: [1],
        mapWidthFactors: [0.75, 1.5],
        mapAlphas: [0.5, 2],
        finiteN: [{ bits: 1, alpha: 0.5, sizes: [8, 12] }],
        seeds: [1, 2, 3, 4],
      }
      : {}),
    ...rest,
  });
  return assembleFigure(
    {
      id: "ground_state",
      title: "The ground state beyond RS (β = ∞)",
      finding:
        "(vi) At β = ∞ the RS ground state is never exact; the paper's zero-temperature findings " +
        "(ii) and (iii) re-examined with the 1RSB ground state and exact finite-N ground states.",
    },
    data,
    {
      summary: groundStateSummary,
      charts: (d) => [
        { name: "train_error", spec: groundStateAlphaSpec(d, "train") },
        { name: "test_error", spec: groundStateAlphaSpec(d, "gen") },
        { name: "mean_error", spec: groundStateAlphaSpec(d, "mean") },
        { name: "width", spec: groundStateWidthSpec(d) },
        { name: "map", spec: groundStateMapSpec(d) },
      ],
      table: groundStateTable,
      report: (_d, summary) => groundStateReport(summary),
    },
  );
}
