/**
 * Beyond RS: one-step replica-symmetry breaking (1RSB, docs/theory.md §3) in the unstable
 * phase. Along the width at fixed (bits, alpha, beta), the RS and 1RSB (thermodynamic Parisi
 * parameter x*) training error, Gibbs test error and Shannon entropy per weight, with heat-bath
 * Monte Carlo at finite N as the independent check; plus the entropy-crisis point of
 * docs/theory.md §5, where RS is locally stable but its entropy is negative.
 *
 * The 1RSB points are solved in module workers (`solveOneRsb` takes about a second each), then
 * the Monte Carlo seeds of every width in one pool of workers (`runSeedBatch`, longest first).
 * Every chart point carries the whole solution (RS: m, q, Q, AT, entropy, errors; 1RSB: x,
 * q0, q1, …; Monte Carlo: mean ± standard error, seeds, converged runs) as tooltip details.
 *
 * @module
 */
import { solveOneRsb } from "../theory/one_rsb.ts";
import { solveRs } from "../theory/rs.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { runInWorkers } from "../parallel/worker_pool.ts";
import { runSeedBatch, type SeedBatchJob } from "../algorithms/seeds.ts";
import type { PointDetails } from "../plot/point_details.ts";
import { theoryVsExperimentSpec } from "../plot/theory_vs_experiment.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import {
  type FigureBuildOptions,
  figureGrid,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import {
  assembleFigure,
  fmtMeanStderr,
  markdownTable,
  oneRsbDetails,
  rsDetails,
  seedDetails,
} from "./shared.ts";

/** One model point of the comparison (structured-cloneable: a worker task). */
export interface RsbPointTask {
  bits: number;
  width: number;
  alpha: number;
  beta: number;
  sigma2: number;
}

/** RS and 1RSB at one point. */
export interface RsbPoint extends RsbPointTask {
  rsTrainError: number;
  rsGenError: number;
  rsShannonEntropy: number;
  rsAt: number;
  rsFreeEntropy: number;
  rsbTrainError: number;
  rsbGenError: number;
  rsbShannonEntropy: number;
  rsbFreeEntropy: number;
  /** Thermodynamic Parisi parameter (1: the 1RSB solution is RS). */
  x: number;
  q0: number;
  q1: number;
  rsConverged: boolean;
  rsbConverged: boolean;
  /** The whole RS solution (tooltip details: m, q, Q, AT, entropy, errors, iterations). */
  rsSolution: PointDetails;
  /** The whole 1RSB solution (tooltip details: x, m, q0, q1, Q, entropy, errors, iterations). */
  rsbSolution: PointDetails;
}

/**
 * RS and 1RSB at one point: the unit of work run in the workers.
 *
 * @example
 * ```ts
 * const p = rsbPointTask({ bits: 1, width: 1.5, alpha: 0.7, beta: 10, sigma2: 0 });
 * if (!(p.rsShannonEntropy < 0 && p.rsbShannonEntropy >= 0 && p.x < 1)) throw new Error();
 * ```
 */
export function rsbPointTask(task: RsbPointTask): RsbPoint {
  const params = {
    alpha: task.alpha,
    beta: task.beta,
    sigma2: task.sigma2,
    quantizer: uniformQuantizer({ bits: task.bits, width: task.width }),
  };
  const rs = solveRs(params);
  const rsb = solveOneRsb(params);
  return {
    ...task,
    rsTrainError: rs.trainError,
    rsGenError: rs.genError,
    rsShannonEntropy: rs.shannonEntropy ?? NaN,
    rsAt: rs.at,
    rsFreeEntropy: rs.freeEntropy,
    rsbTrainError: rsb.trainError,
    rsbGenError: rsb.genError,
    rsbShannonEntropy: rsb.shannonEntropy ?? NaN,
    rsbFreeEntropy: rsb.freeEntropy,
    x: rsb.x,
    q0: rsb.q0,
    q1: rsb.q1,
    rsConverged: rs.converged,
    rsbConverged: rsb.converged,
    rsSolution: rsDetails(rs),
    rsbSolution: oneRsbDetails(rsb),
  };
}

/** Options for {@link computeRsbComparison}. */
export interface RsbComparisonOptions {
  /** Bits, alpha, beta, sigma2 of the width sweep. Default 2, 2, 10, 0.1. */
  bits?: number;
  alpha?: number;
  beta?: number;
  sigma2?: number;
  /** Widths. Default 1.2 to 2.6, 8 points (across the AT line at 1.65). */
  widths?: readonly number[];
  /** The entropy-crisis point. Default 1 bit, width 1.5, alpha 0.7, beta 10, sigma2 0. */
  crisis?: RsbPointTask;
  /** Monte Carlo: N, seeds, sweeps. Default 200, [1, 2, 3, 4], 200; `mcmcN: 0` skips it. */
  mcmcN?: number;
  seeds?: readonly number[];
  mcmcSweeps?: number;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Monte Carlo at one width. */
export interface RsbMonteCarloPoint {
  width: number;
  trainError: number | null;
  trainStderr: number | null;
  genError: number | null;
  genStderr: number | null;
  converged: boolean;
  /** N, seeds, converged runs and mean ± standard error of m, q, Q and the errors. */
  details: PointDetails;
}

/** Result of {@link computeRsbComparison}. */
export interface RsbComparisonData {
  sweep: RsbPoint[];
  crisis: RsbPoint;
  mcmcN: number;
  seeds: number[];
  monteCarlo: RsbMonteCarloPoint[];
}

/**
 * Solves RS and 1RSB along the widths (in workers) and at the crisis point, and runs Monte
 * Carlo at each width.
 *
 * @example
 * ```ts
 * const d = await computeRsbComparison({ widths: [1.2, 2.4], mcmcN: 0, workers: 1 });
 * const unstable = d.sweep[1];
 * if (!(unstable.rsAt > 1 && unstable.x < 1 && unstable.rsbFreeEntropy < unstable.rsFreeEntropy)) throw new Error();
 * ```
 */
export async function computeRsbComparison(
  options: RsbComparisonOptions = {},
): Promise<RsbComparisonData> {
  const base = {
    bits: options.bits ?? 2,
    alpha: options.alpha ?? 2,
    beta: options.beta ?? 10,
    sigma2: options.sigma2 ?? 0.1,
  };
  const widths = [...(options.widths ?? figureGrid(1.2, 2.6, 8))];
  const crisisTask = options.crisis ?? { bits: 1, width: 1.5, alpha: 0.7, beta: 10, sigma2: 0 };
  const mcmcN = options.mcmcN ?? 200;
  const seeds = [...(options.seeds ?? [1, 2, 3, 4])];
  const tasks: RsbPointTask[] = [...widths.map((width) => ({ ...base, width })), crisisTask];
  // every Monte Carlo seed of every width in one pool (runSeedBatch), after the 1RSB solves
  const jobs: SeedBatchJob[] = mcmcN <= 0 ? [] : widths.map((width) => ({
    algorithm: "mcmc",
    params: {
      alpha: base.alpha,
      beta: base.beta,
      sigma2: base.sigma2,
      quantizer: uniformQuantizer({ bits: base.bits, width }),
    },
    n: mcmcN,
    seeds,
    options: { sweeps: options.mcmcSweeps ?? 200, traceEvery: 0 },
  }));
  const total = tasks.length + jobs.length * seeds.length;
  const points = await runInWorkers<RsbPointTask, RsbPoint>(
    new URL("./rsb_comparison.ts", import.meta.url).href,
    "rsbPointTask",
    tasks,
    { workers: options.workers, onProgress: (d) => options.onProgress?.(d, total) },
  );
  const summaries = jobs.length === 0 ? [] : await runSeedBatch(jobs, {
    workers: options.workers,
    onProgress: (d) => options.onProgress?.(tasks.length + d, total),
  });
  const monteCarlo: RsbMonteCarloPoint[] = summaries.map((m, k) => ({
    width: widths[k],
    trainError: m.mean.trainError,
    trainStderr: m.stderr.trainError,
    genError: m.mean.genError,
    genStderr: m.stderr.genError,
    converged: m.runs.every((r) => r.converged),
    details: seedDetails(m),
  }));
  return {
    sweep: points.slice(0, widths.length),
    crisis: points[widths.length],
    mcmcN,
    seeds,
    monteCarlo,
  };
}

/** Key numbers. */
export interface RsbComparisonSummary {
  /** The crisis point: RS and 1RSB training errors, their relative change, entropies, x*. */
  crisis: {
    rsTrainError: number;
    rsbTrainError: number;
    relativeChange: number;
    rsShannonEntropy: number;
    rsbShannonEntropy: number;
    x: number;
  };
  /** First width of the sweep where 1RSB departs from RS (x* < 1), null if none. */
  firstBrokenWidth: number | null;
  /** Largest relative change of the training error, 1RSB against RS, over the sweep. */
  maxTrainChange: number;
  /** Every 1RSB entropy is >= 0 where RS's is negative. */
  rsbEntropyNonNegative: boolean;
  /** Mean |MC − theory| of the training error over the RSB widths (x* < 1), RS and 1RSB. */
  mcDistanceRs: number | null;
  mcDistanceRsb: number | null;
}

/**
 * The key numbers.
 *
 * @example
 * ```ts
 * const d = await computeRsbComparison({ widths: [1.2, 2.4], mcmcN: 0, workers: 1 });
 * const s = rsbComparisonSummary(d);
 * if (!(s.crisis.relativeChange > 0.1) || s.firstBrokenWidth !== 2.4) throw new Error();
 * ```
 */
export function rsbComparisonSummary(data: RsbComparisonData): RsbComparisonSummary {
  const c = data.crisis;
  const broken = data.sweep.filter((p) => p.x < 1 - 1e-9);
  const mcDist = (pick: (p: RsbPoint) => number) => {
    const d = broken.flatMap((p) => {
      const mc = data.monteCarlo.find((m) => m.width === p.width);
      return mc?.trainError == null ? [] : [Math.abs(mc.trainError - pick(p))];
    });
    return d.length === 0 ? null : d.reduce((a, b) => a + b, 0) / d.length;
  };
  return {
    crisis: {
      rsTrainError: c.rsTrainError,
      rsbTrainError: c.rsbTrainError,
      relativeChange: (c.rsbTrainError - c.rsTrainError) / c.rsTrainError,
      rsShannonEntropy: c.rsShannonEntropy,
      rsbShannonEntropy: c.rsbShannonEntropy,
      x: c.x,
    },
    firstBrokenWidth: broken.length === 0 ? null : Math.min(...broken.map((p) => p.width)),
    maxTrainChange: Math.max(
      0,
      ...data.sweep.map((p) => Math.abs(p.rsbTrainError - p.rsTrainError) / p.rsTrainError),
    ),
    rsbEntropyNonNegative: [...data.sweep, c].every((p) =>
      !(p.rsShannonEntropy < 0) || p.rsbShannonEntropy >= -1e-9
    ),
    mcDistanceRs: mcDist((p) => p.rsTrainError),
    mcDistanceRsb: mcDist((p) => p.rsbTrainError),
  };
}

/**
 * A quantity against the width: RS and 1RSB lines, Monte Carlo points (training or Gibbs test
 * error) where available.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computeRsbComparison({ widths: [1.2, 2.4], mcmcN: 0, workers: 1 });
 * for (const q of ["trainError", "genError", "entropy"] as const) {
 *   if (compileVegaLite(rsbComparisonSpec(d, q)).warnings.length !== 0) throw new Error();
 * }
 * ```
 */
export function rsbComparisonSpec(
  data: RsbComparisonData,
  quantity: "trainError" | "genError" | "entropy",
): VegaLiteSpec {
  const pick = {
    trainError: (p: RsbPoint) => [p.rsTrainError, p.rsbTrainError],
    genError: (p: RsbPoint) => [p.rsGenError, p.rsbGenError],
    entropy: (p: RsbPoint) => [p.rsShannonEntropy, p.rsbShannonEntropy],
  }[quantity];
  const theory = data.sweep.flatMap((p) => {
    const [rs, rsb] = pick(p);
    return [
      { x: p.width, y: Number.isFinite(rs) ? rs : null, series: "RS", details: p.rsSolution },
      {
        x: p.width,
        y: Number.isFinite(rsb) ? rsb : null,
        series: "1RSB",
        details: p.rsbSolution,
      },
    ];
  });
  const experiment = quantity === "entropy" ? [] : data.monteCarlo.flatMap((m) => {
    const y = quantity === "trainError" ? m.trainError : m.genError;
    const e = quantity === "trainError" ? m.trainStderr : m.genStderr;
    return y === null ? [] : [{
      x: m.width,
      y,
      yErr: e ?? 0,
      series: "Monte Carlo",
      method: "Monte Carlo",
      details: m.details,
    }];
  });
  const p0 = data.sweep[0];
  const titles = {
    trainError: ["Training error", "ε_t (training error per sample)"],
    genError: ["Test error of a Gibbs sample", "ε_g (Gibbs sample)"],
    entropy: ["Shannon entropy per weight", "s (nats per weight; < 0 impossible)"],
  }[quantity];
  return theoryVsExperimentSpec({ theory, experiment }, {
    title: `${titles[0]}: RS vs 1RSB, ${p0.bits} bits, α = ${p0.alpha}, β = ${p0.beta}`,
    subtitle:
      `σ² = ${p0.sigma2}; 1RSB at the thermodynamic x*; Monte Carlo N = ${data.mcmcN}, ${data.seeds.length} seeds`,
    xTitle: AXIS_TITLES.width,
    yTitle: titles[1],
    seriesTitle: "theory",
    colors: { "RS": "#000000", "1RSB": "#D55E00" },
  });
}

/**
 * Flat table: the sweep (with Monte Carlo where run), then the crisis point.
 *
 * @example
 * ```ts
 * const d = await computeRsbComparison({ widths: [1.2], mcmcN: 0, workers: 1 });
 * if (rsbComparisonTable(d)[1].point !== "entropy crisis") throw new Error();
 * ```
 */
export function rsbComparisonTable(data: RsbComparisonData): FigureTableRow[] {
  return [
    ...data.sweep.map((p) => {
      const mc = data.monteCarlo.find((m) => m.width === p.width);
      return {
        point: "sweep",
        ...flatPoint(p),
        mcTrainError: mc?.trainError ?? null,
        mcTrainStderr: mc?.trainStderr ?? null,
        mcGenError: mc?.genError ?? null,
        mcGenStderr: mc?.genStderr ?? null,
      };
    }),
    { point: "entropy crisis", ...flatPoint(data.crisis) },
  ];
}

/** A point without its tooltip records (which are nested, not table cells). */
function flatPoint(p: RsbPoint): Omit<RsbPoint, "rsSolution" | "rsbSolution"> {
  const { rsSolution: _rs, rsbSolution: _rsb, ...flat } = p;
  return flat;
}

/**
 * The REPORT.md section.
 *
 * @example
 * ```ts
 * const d = await computeRsbComparison({ widths: [1.2], mcmcN: 0, workers: 1 });
 * if (!rsbComparisonReport(d, rsbComparisonSummary(d)).includes("Entropy-crisis point")) throw new Error();
 * ```
 */
export function rsbComparisonReport(data: RsbComparisonData, s: RsbComparisonSummary): string {
  const c = data.crisis;
  const p0 = data.sweep[0];
  const withMc = data.monteCarlo.length > 0;
  return [
    `Entropy-crisis point (${c.bits} bit, ω = ${fmtNumber(c.width)}, α = ${
      fmtNumber(c.alpha)
    }, β = ${fmtNumber(c.beta)}, σ² = ${fmtNumber(c.sigma2)}; RS AT = ${fmtNumber(c.rsAt)} < 1): ` +
    `RS Shannon entropy ${fmtNumber(s.crisis.rsShannonEntropy)}, 1RSB ${
      fmtNumber(s.crisis.rsbShannonEntropy)
    } at x* = ${fmtNumber(s.crisis.x)}; ` +
    `training error RS ${fmtNumber(s.crisis.rsTrainError)} → 1RSB ${
      fmtNumber(s.crisis.rsbTrainError)
    } (${fmtNumber(100 * s.crisis.relativeChange, 2)} %).`,
    "",
    `Width sweep (${p0.bits} bits, α = ${fmtNumber(p0.alpha)}, β = ${fmtNumber(p0.beta)}, σ² = ${
      fmtNumber(p0.sigma2)
    }):`,
    "",
    ...markdownTable(
      [
        "ω",
        "RS AT",
        "x*",
        "train RS",
        "train 1RSB",
        "entropy RS",
        "entropy 1RSB",
        ...(withMc ? [`train MC (N = ${data.mcmcN})`] : []),
      ],
      data.sweep.map((p) => {
        const mc = data.monteCarlo.find((m) => m.width === p.width);
        return [
          fmtNumber(p.width),
          fmtNumber(p.rsAt),
          fmtNumber(p.x),
          fmtNumber(p.rsTrainError),
          fmtNumber(p.rsbTrainError),
          fmtNumber(p.rsShannonEntropy),
          fmtNumber(p.rsbShannonEntropy),
          ...(withMc
            ? [mc === undefined ? "—" : fmtMeanStderr(mc.trainError, mc.trainStderr)]
            : []),
        ];
      }),
    ),
    "",
    `1RSB departs from RS (x* < 1) from ω = ${
      fmtNumber(s.firstBrokenWidth)
    } on; largest change of the training error ${fmtNumber(100 * s.maxTrainChange, 2)} %; ${
      s.rsbEntropyNonNegative
        ? "every 1RSB entropy is non-negative where RS's is negative"
        : "some 1RSB entropies are negative"
    }.` +
    (s.mcDistanceRs === null
      ? ""
      : ` Monte Carlo training error over those widths: mean distance ${
        fmtNumber(s.mcDistanceRs, 2)
      } to RS, ${fmtNumber(s.mcDistanceRsb, 2)} to 1RSB.`),
  ].join("\n");
}

/**
 * Builds the figure.
 *
 * @example
 * ```ts
 * const f = await buildRsbComparisonFigure({ quick: true, workers: 1 });
 * if (f.charts.length !== 3) throw new Error();
 * ```
 */
export async function buildRsbComparisonFigure(
  options: FigureBuildOptions & RsbComparisonOptions = {},
): Promise<FigureResult<RsbComparisonData, RsbComparisonSummary>> {
  const data = await computeRsbComparison({
    ...(options.quick ? { widths: [1.2, 2.4], mcmcN: 40, seeds: [1, 2], mcmcSweeps: 20 } : {}),
    ...options,
  });
  return assembleFigure(
    {
      id: "one_rsb",
      title: "Beyond RS: 1RSB in the unstable phase",
      finding:
        "In the RSB phase (and at an entropy crisis) 1RSB changes the predictions and restores a non-negative entropy.",
    },
    data,
    {
      summary: rsbComparisonSummary,
      charts: (d) => [
        { name: "train_error", spec: rsbComparisonSpec(d, "trainError") },
        { name: "gen_error", spec: rsbComparisonSpec(d, "genError") },
        { name: "entropy", spec: rsbComparisonSpec(d, "entropy") },
      ],
      table: rsbComparisonTable,
      report: rsbComparisonReport,
    },
  );
}
