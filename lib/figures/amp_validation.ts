/**
 * AMP and Monte Carlo against the RS theory (the paper validates its theory with an
 * approximate message-passing algorithm; docs/theory.md §4). Three views:
 *
 * 1. Along alpha, in the RS-stable phase: AMP's posterior-mean error and heat-bath Monte
 *    Carlo's Gibbs-sample error, means ± standard errors over seeds at finite N, against the
 *    RS curves.
 * 2. Along the width at fixed alpha, across the AT line: the share of seeds on which AMP
 *    converges, next to the RS replicon. AMP's fixed point is the RS saddle; where AT >= 1 it
 *    is unstable and AMP does not converge (the RSB phase), while Monte Carlo still samples.
 * 3. AMP's residual against the iteration at one stable and one unstable width.
 *
 * Finite-size runs: every AMP and Monte Carlo seed of both sweeps goes through one
 * `runSeedBatch` (`lib/algorithms/seeds.ts`: one pool of module workers, longest tasks first);
 * AMP is GAMP (Rangan 2011) in the form of docs/theory.md §4.
 *
 * @module
 */
import { runSeedBatch, type SeedBatchJob, type SeedSummary } from "../algorithms/seeds.ts";
import type { AmpRun } from "../algorithms/amp.ts";
import type { McmcRun } from "../algorithms/mcmc.ts";
import { solveRs } from "../theory/rs.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { theoryVsExperimentSpec } from "../plot/theory_vs_experiment.ts";
import { compareQuantizersSpec } from "../plot/compare_quantizers.ts";
import { convergenceTraceSpec } from "../plot/convergence_trace.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import type { PointDetails } from "../plot/point_details.ts";
import {
  type FigureBuildOptions,
  figureGrid,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import { assembleFigure, markdownTable, rsDetails, seedDetails } from "./shared.ts";

/** Options for {@link computeAmpValidation}. */
export interface AmpValidationOptions {
  /** Quantizer bits and width of the alpha sweep. Default 2 bits, width 1.2. */
  bits?: number;
  width?: number;
  /** Inverse temperature and label noise. Default 10 and 0.1. */
  beta?: number;
  sigma2?: number;
  /** alpha values of the sweep. Default 0.5, 1, 1.5, 2, 3. */
  alphas?: readonly number[];
  /** alpha and widths of the width sweep. Default 2 and 1.0, 1.3, 1.6, 1.9, 2.2. */
  widthAlpha?: number;
  widths?: readonly number[];
  /** Seeds (instances) per point. Default 1 to 4. */
  seeds?: readonly number[];
  /** N of AMP and of Monte Carlo. Default 2000 and 200. */
  ampN?: number;
  mcmcN?: number;
  /** AMP iteration cap. Default 250. */
  ampMaxIterations?: number;
  /** Monte Carlo measured sweeps per chain. Default 200. */
  mcmcSweeps?: number;
  /** Worker threads. Default: cores. */
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

/** One point of the alpha sweep. */
export interface AmpSweepPoint {
  alpha: number;
  /** RS prediction. */
  rsMeanError: number;
  rsGenError: number;
  rsAt: number;
  /** AMP posterior-mean error over the converged seeds (null if none converged). */
  ampMeanError: number | null;
  ampStderr: number | null;
  ampConverged: number;
  /** Monte Carlo Gibbs-sample error over all seeds. */
  mcmcGenError: number | null;
  mcmcStderr: number | null;
  /** Chains agreed (Gelman–Rubin) on every seed. */
  mcmcConverged: boolean;
  seeds: number;
  /** AMP over the seeds (tooltip details: N, seeds, converged runs, mean ± stderr). */
  ampDetails?: PointDetails;
  /** Monte Carlo over the seeds (tooltip details, as `ampDetails`). */
  mcmcDetails?: PointDetails;
}

/** One point of the width sweep. */
export interface AmpWidthPoint {
  width: number;
  rsAt: number;
  rsMeanError: number;
  /** Share of seeds on which AMP converged. */
  ampConvergedShare: number;
  /** Median of AMP's empirical replicon at its last state. */
  ampReplicon: number;
  /** Stop reasons over the seeds. */
  reasons: string[];
  ampMeanError: number | null;
  ampStderr: number | null;
  mcmcGenError: number | null;
  mcmcStderr: number | null;
  rsGenError: number;
  /** The whole RS solution (tooltip details). */
  rsSolution?: PointDetails;
  /** AMP over the seeds (tooltip details: N, seeds, converged runs, mean ± stderr). */
  ampDetails?: PointDetails;
}

/** AMP residual trace of one seed. */
export interface AmpTraceRow {
  width: number;
  iteration: number;
  residual: number;
}

/** Result of {@link computeAmpValidation}. */
export interface AmpValidationData {
  bits: number;
  width: number;
  beta: number;
  sigma2: number;
  ampN: number;
  mcmcN: number;
  seeds: number[];
  alphaSweep: AmpSweepPoint[];
  widthAlpha: number;
  widthSweep: AmpWidthPoint[];
  traces: AmpTraceRow[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length;
  return k === 0 ? NaN : k % 2 === 1 ? s[(k - 1) / 2] : (s[k / 2 - 1] + s[k / 2]) / 2;
}

/**
 * Runs the three experiments (see the module doc).
 *
 * @example
 * ```ts
 * const d = await computeAmpValidation({ alphas: [2], widths: [1, 2.5], seeds: [1, 2], ampN: 300, mcmcN: 40, mcmcSweeps: 20, workers: 1 });
 * const p = d.alphaSweep[0];
 * if (p.ampConverged !== 2 || Math.abs(p.ampMeanError! - p.rsMeanError) > 0.1) throw new Error();
 * ```
 */
export async function computeAmpValidation(
  options: AmpValidationOptions = {},
): Promise<AmpValidationData> {
  const bits = options.bits ?? 2;
  const width = options.width ?? 1.2;
  const beta = options.beta ?? 10;
  const sigma2 = options.sigma2 ?? 0.1;
  const alphas = [...(options.alphas ?? [0.5, 1, 1.5, 2, 3])];
  const widthAlpha = options.widthAlpha ?? 2;
  const widths = [...(options.widths ?? figureGrid(1, 2.2, 5))];
  const seeds = [...(options.seeds ?? [1, 2, 3, 4])];
  const ampN = options.ampN ?? 2000;
  const mcmcN = options.mcmcN ?? 200;
  const maxIterations = options.ampMaxIterations ?? 250;
  const sweeps = options.mcmcSweeps ?? 200;
  const workers = options.workers;
  // every AMP and Monte Carlo seed of both sweeps in one pool of workers (runSeedBatch)
  const alphaParams = alphas.map((alpha) => ({
    alpha,
    beta,
    sigma2,
    quantizer: uniformQuantizer({ bits, width }),
  }));
  const widthParams = widths.map((w) => ({
    alpha: widthAlpha,
    beta,
    sigma2,
    quantizer: uniformQuantizer({ bits, width: w }),
  }));
  const jobs: SeedBatchJob[] = [];
  for (
    const [params, traceEvery] of [
      ...alphaParams.map((p) => [p, 0] as const),
      ...widthParams.map((p) => [p, 1] as const),
    ]
  ) {
    jobs.push({ algorithm: "amp", params, n: ampN, seeds, options: { maxIterations, traceEvery } });
    jobs.push({
      algorithm: "mcmc",
      params,
      n: mcmcN,
      seeds,
      options: { sweeps, traceEvery: 0 },
    });
  }
  const summaries = await runSeedBatch(jobs, { workers, onProgress: options.onProgress });
  const ampAt = (k: number) => summaries[2 * k] as SeedSummary<AmpRun>;
  const mcmcAt = (k: number) => summaries[2 * k + 1] as SeedSummary<McmcRun>;

  const alphaSweep: AmpSweepPoint[] = [];
  alphas.forEach((alpha, k) => {
    const rs = solveRs(alphaParams[k]);
    const a = ampAt(k), m = mcmcAt(k);
    alphaSweep.push({
      alpha,
      rsMeanError: rs.meanError,
      rsGenError: rs.genError,
      rsAt: rs.at,
      ampMeanError: a.mean.meanError,
      ampStderr: a.stderr.meanError,
      ampConverged: a.averaged,
      mcmcGenError: m.mean.genError,
      mcmcStderr: m.stderr.genError,
      mcmcConverged: m.runs.every((r) => r.converged),
      seeds: seeds.length,
      ampDetails: seedDetails(a),
      mcmcDetails: seedDetails(m),
    });
  });

  const widthSweep: AmpWidthPoint[] = [];
  const traces: AmpTraceRow[] = [];
  widths.forEach((w, j) => {
    const k = alphas.length + j;
    const rs = solveRs(widthParams[j]);
    const a = ampAt(k), m = mcmcAt(k);
    widthSweep.push({
      width: w,
      rsAt: rs.at,
      rsMeanError: rs.meanError,
      rsGenError: rs.genError,
      ampConvergedShare: a.averaged / seeds.length,
      ampReplicon: median(a.runs.map((r) => r.at)),
      reasons: a.runs.map((r) => r.reason),
      ampMeanError: a.mean.meanError,
      ampStderr: a.stderr.meanError,
      mcmcGenError: m.mean.genError,
      mcmcStderr: m.stderr.genError,
      rsSolution: rsDetails(rs),
      ampDetails: {
        ...seedDetails(a),
        replicon: `median ${fmtNumber(median(a.runs.map((r) => r.at)), 4)}`,
        reasons: a.runs.map((r) => r.reason).join(" "),
      },
    });
    for (const e of a.runs[0].trace) {
      if (Number.isFinite(e.residual) && e.residual > 0) {
        traces.push({ width: w, iteration: e.iteration, residual: e.residual });
      }
    }
  });
  return {
    bits,
    width,
    beta,
    sigma2,
    ampN,
    mcmcN,
    seeds,
    alphaSweep,
    widthAlpha,
    widthSweep,
    traces,
  };
}

/** Key numbers: agreement in the stable phase, failure in the RSB phase. */
export interface AmpValidationSummary {
  ampN: number;
  mcmcN: number;
  seeds: number;
  /** Largest |AMP − RS| / RS over the alpha sweep (posterior-mean error). */
  ampMaxRelativeDeviation: number | null;
  /** Largest |AMP − RS| in standard errors. */
  ampMaxZ: number | null;
  /** Largest |Monte Carlo − RS| / RS (Gibbs-sample error) and in standard errors. */
  mcmcMaxRelativeDeviation: number | null;
  mcmcMaxZ: number | null;
  /** Width sweep: AMP converged on every seed where AT < 1 and on none where AT >= 1. */
  ampFailsExactlyInRsb: boolean;
  /** Per width: AT and the converged share. */
  widths: { width: number; at: number; convergedShare: number }[];
}

/**
 * The key numbers.
 *
 * @example
 * ```ts
 * const s = ampValidationSummary({
 *   bits: 2, width: 1.2, beta: 10, sigma2: 0.1, ampN: 10, mcmcN: 10, seeds: [1], widthAlpha: 2, traces: [],
 *   alphaSweep: [{ alpha: 1, rsMeanError: 0.5, rsGenError: 0.6, rsAt: 0.5, ampMeanError: 0.51, ampStderr: 0.01,
 *     ampConverged: 1, mcmcGenError: 0.6, mcmcStderr: 0.02, mcmcConverged: true, seeds: 1 }],
 *   widthSweep: [{ width: 2, rsAt: 1.5, rsMeanError: 0.4, rsGenError: 0.5, ampConvergedShare: 0, ampReplicon: 1.4,
 *     reasons: ["unstable"], ampMeanError: null, ampStderr: null, mcmcGenError: 0.5, mcmcStderr: 0.01 }],
 * });
 * if (Math.abs(s.ampMaxRelativeDeviation! - 0.02) > 1e-12 || Math.abs(s.ampMaxZ! - 1) > 1e-12) throw new Error();
 * if (!s.ampFailsExactlyInRsb) throw new Error();
 * ```
 */
export function ampValidationSummary(data: AmpValidationData): AmpValidationSummary {
  const maxOrNull = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
    return v.length === 0 ? null : Math.max(...v);
  };
  const rel = (x: number | null, ref: number) => (x === null ? null : Math.abs(x - ref) / ref);
  const z = (x: number | null, se: number | null, ref: number) =>
    x === null || se === null || !(se > 0) ? null : Math.abs(x - ref) / se;
  const a = data.alphaSweep;
  return {
    ampN: data.ampN,
    mcmcN: data.mcmcN,
    seeds: data.seeds.length,
    ampMaxRelativeDeviation: maxOrNull(a.map((p) => rel(p.ampMeanError, p.rsMeanError))),
    ampMaxZ: maxOrNull(a.map((p) => z(p.ampMeanError, p.ampStderr, p.rsMeanError))),
    mcmcMaxRelativeDeviation: maxOrNull(a.map((p) => rel(p.mcmcGenError, p.rsGenError))),
    mcmcMaxZ: maxOrNull(a.map((p) => z(p.mcmcGenError, p.mcmcStderr, p.rsGenError))),
    ampFailsExactlyInRsb: data.widthSweep.every((p) =>
      p.rsAt < 1 ? p.ampConvergedShare === 1 : p.ampConvergedShare === 0
    ),
    widths: data.widthSweep.map((p) => ({
      width: p.width,
      at: p.rsAt,
      convergedShare: p.ampConvergedShare,
    })),
  };
}

const MEAN = "posterior mean";
const GIBBS = "Gibbs sample";

/**
 * Chart 1: errors against alpha, RS lines, AMP and Monte Carlo points with error bars.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computeAmpValidation({ alphas: [1, 2], widths: [1, 2], seeds: [1, 2], ampN: 200, mcmcN: 30, mcmcSweeps: 10, workers: 1 });
 * for (const spec of [ampAlphaSweepSpec(d), ampWidthSweepSpec(d), ampTraceSpec(d)]) {
 *   if (compileVegaLite(spec).warnings.length !== 0) throw new Error();
 * }
 * ```
 */
export function ampAlphaSweepSpec(data: AmpValidationData): VegaLiteSpec {
  const a = data.alphaSweep;
  const lo = Math.min(...a.map((p) => p.alpha)), hi = Math.max(...a.map((p) => p.alpha));
  const params = (alpha: number) => ({
    alpha,
    beta: data.beta,
    sigma2: data.sigma2,
    quantizer: uniformQuantizer({ bits: data.bits, width: data.width }),
  });
  // one alpha (a single-point sweep): the theory at that point only
  const theory = (hi > lo ? figureGrid(lo, hi, 40) : [lo]).flatMap((alpha) => {
    const s = solveRs(params(alpha));
    const details = rsDetails(s);
    return s.converged
      ? [
        { x: alpha, y: s.meanError, series: MEAN, details },
        { x: alpha, y: s.genError, series: GIBBS, details },
      ]
      : [];
  });
  const experiment = [
    ...a.filter((p) => p.ampMeanError !== null).map((p) => ({
      x: p.alpha,
      y: p.ampMeanError!,
      yErr: p.ampStderr ?? 0,
      series: MEAN,
      method: "AMP",
      details: p.ampDetails,
    })),
    ...a.filter((p) => p.mcmcGenError !== null).map((p) => ({
      x: p.alpha,
      y: p.mcmcGenError!,
      yErr: p.mcmcStderr ?? 0,
      series: GIBBS,
      method: "Monte Carlo",
      details: p.mcmcDetails,
    })),
  ];
  return theoryVsExperimentSpec({ theory, experiment }, {
    title: `AMP and Monte Carlo against RS, ${data.bits} bits, ω = ${data.width}, β = ${data.beta}`,
    subtitle:
      `lines: RS; points: mean ± s.e. over ${data.seeds.length} seeds (AMP N = ${data.ampN}, MC N = ${data.mcmcN}), σ² = ${data.sigma2}`,
    xTitle: AXIS_TITLES.alpha,
    yTitle: "test error",
    seriesTitle: "estimator",
  });
}

/**
 * Chart 2: AMP's converged share and the RS replicon against the width.
 *
 * @example
 * ```ts
 * const spec = ampWidthSweepSpec({
 *   bits: 2, width: 1.2, beta: 10, sigma2: 0.1, ampN: 10, mcmcN: 10, seeds: [1], widthAlpha: 2, traces: [], alphaSweep: [],
 *   widthSweep: [{ width: 2, rsAt: 1.5, rsMeanError: 0.4, rsGenError: 0.5, ampConvergedShare: 0, ampReplicon: 1.4,
 *     reasons: ["unstable"], ampMeanError: null, ampStderr: null, mcmcGenError: 0.5, mcmcStderr: 0.01 }],
 * });
 * if (!spec.$schema.endsWith("v5.json")) throw new Error();
 * ```
 */
export function ampWidthSweepSpec(data: AmpValidationData): VegaLiteSpec {
  const rows = data.widthSweep.flatMap((p) => [
    { x: p.width, y: p.rsAt, series: "RS replicon", details: p.rsSolution },
    { x: p.width, y: p.ampReplicon, series: "AMP replicon", details: p.ampDetails },
    { x: p.width, y: p.ampConvergedShare, series: "AMP converged", details: p.ampDetails },
  ]);
  return compareQuantizersSpec(rows, {
    title: `AMP across the AT line, ${data.bits} bits, α = ${data.widthAlpha}, β = ${data.beta}`,
    subtitle:
      `N = ${data.ampN}, ${data.seeds.length} seeds; AMP replicon: median; converged: share of seeds`,
    xTitle: AXIS_TITLES.width,
    yTitle: "AT  /  share converged",
    seriesTitle: "quantity",
    dashedSeries: ["AMP replicon"],
  });
}

/**
 * Chart 3: AMP residual traces (first seed) at each width of the sweep, log scale.
 *
 * @example
 * ```ts
 * const spec = ampTraceSpec({
 *   bits: 2, width: 1.2, beta: 10, sigma2: 0.1, ampN: 10, mcmcN: 10, seeds: [1], widthAlpha: 2, alphaSweep: [], widthSweep: [],
 *   traces: [{ width: 1, iteration: 1, residual: 0.1 }, { width: 1, iteration: 2, residual: 0.01 }],
 * });
 * if (JSON.stringify(spec).indexOf('"log"') < 0) throw new Error();
 * ```
 */
export function ampTraceSpec(data: AmpValidationData): VegaLiteSpec {
  const at = new Map(data.widthSweep.map((p) => [p.width, p.rsAt]));
  return convergenceTraceSpec(
    data.traces.map((t) => ({
      iteration: t.iteration,
      value: t.residual,
      run: `ω = ${fmtNumber(t.width)} (AT ${fmtNumber(at.get(t.width) ?? NaN, 2)})`,
    })),
    {
      title:
        `AMP residual per iteration, ${data.bits} bits, α = ${data.widthAlpha}, β = ${data.beta}`,
      subtitle: `one instance, N = ${data.ampN}`,
      yTitle: "rms change of the estimates",
      seriesTitle: "width",
      logY: true,
    },
  );
}

/**
 * Flat table of both sweeps (column `sweep`).
 *
 * @example
 * ```ts
 * const rows = ampValidationTable({
 *   bits: 2, width: 1.2, beta: 10, sigma2: 0.1, ampN: 100, mcmcN: 10, seeds: [1], widthAlpha: 2, traces: [],
 *   alphaSweep: [{ alpha: 1, rsMeanError: 0.5, rsGenError: 0.6, rsAt: 0.5, ampMeanError: 0.51, ampStderr: 0.01,
 *     ampConverged: 1, mcmcGenError: 0.6, mcmcStderr: 0.02, mcmcConverged: true, seeds: 1 }],
 *   widthSweep: [{ width: 2, rsAt: 1.5, rsMeanError: 0.4, rsGenError: 0.5, ampConvergedShare: 0, ampReplicon: 1.4,
 *     reasons: ["unstable"], ampMeanError: null, ampStderr: null, mcmcGenError: 0.5, mcmcStderr: 0.01 }],
 * });
 * if (rows.length !== 2 || rows[1].reasons !== "unstable") throw new Error();
 * ```
 */
export function ampValidationTable(data: AmpValidationData): FigureTableRow[] {
  return [
    ...data.alphaSweep.map(({ ampDetails: _a, mcmcDetails: _m, ...p }) => ({
      sweep: "alpha",
      bits: data.bits,
      width: data.width,
      ...p,
    })),
    ...data.widthSweep.map(({ rsSolution: _r, ampDetails: _a, ...p }) => ({
      sweep: "width",
      bits: data.bits,
      alpha: data.widthAlpha,
      ...p,
      reasons: p.reasons.join(" "),
    })),
  ];
}

/**
 * The REPORT.md section.
 *
 * @example
 * ```ts
 * const data = {
 *   bits: 2, width: 1.2, beta: 10, sigma2: 0.1, ampN: 100, mcmcN: 10, seeds: [1], widthAlpha: 2, traces: [],
 *   alphaSweep: [{ alpha: 1, rsMeanError: 0.5, rsGenError: 0.6, rsAt: 0.5, ampMeanError: 0.51, ampStderr: 0.01,
 *     ampConverged: 1, mcmcGenError: 0.6, mcmcStderr: 0.02, mcmcConverged: true, seeds: 1 }],
 *   widthSweep: [{ width: 2, rsAt: 1.5, rsMeanError: 0.4, rsGenError: 0.5, ampConvergedShare: 0, ampReplicon: 1.4,
 *     reasons: ["unstable"], ampMeanError: null, ampStderr: null, mcmcGenError: 0.5, mcmcStderr: 0.01 }],
 * };
 * const md = ampValidationReport(data, ampValidationSummary(data));
 * if (!md.includes("2 %") || !md.includes("| 2 | 1.5 | 0 % |")) throw new Error(md);
 * ```
 */
export function ampValidationReport(data: AmpValidationData, s: AmpValidationSummary): string {
  return [
    `RS-stable phase (${data.bits} bits, ω = ${fmtNumber(data.width)}, β = ${
      fmtNumber(data.beta)
    }, σ² = ${fmtNumber(data.sigma2)}, ` +
    `α = ${
      data.alphaSweep.map((p) => fmtNumber(p.alpha)).join(", ")
    }; ${s.seeds} seeds per point):`,
    "",
    `- AMP (N = ${s.ampN}), posterior-mean error: largest deviation from RS ${
      fmtNumber(100 * (s.ampMaxRelativeDeviation ?? NaN), 2)
    } % (${fmtNumber(s.ampMaxZ, 2)} standard errors).`,
    `- Monte Carlo (N = ${s.mcmcN}), Gibbs-sample error: largest deviation ${
      fmtNumber(100 * (s.mcmcMaxRelativeDeviation ?? NaN), 2)
    } % (${fmtNumber(s.mcmcMaxZ, 2)} standard errors).`,
    "",
    `Across the AT line (α = ${fmtNumber(data.widthAlpha)}):`,
    "",
    ...markdownTable(
      ["width ω", "RS replicon AT", "AMP runs converged"],
      s.widths.map((w) => [
        fmtNumber(w.width),
        fmtNumber(w.at),
        `${fmtNumber(100 * w.convergedShare)} %`,
      ]),
    ),
    "",
    s.ampFailsExactlyInRsb
      ? "AMP converges on every instance where AT < 1 and on none where AT ≥ 1: its failure marks the RSB phase."
      : "AMP's convergence does not switch exactly at AT = 1 on this grid (finite-N effects near the line).",
  ].join("\n");
}

/**
 * Builds the figure.
 *
 * @example
 * ```ts
 * const f = await buildAmpValidationFigure({ quick: true, workers: 1 });
 * if (f.charts.length !== 3) throw new Error();
 * ```
 */
export async function buildAmpValidationFigure(
  options: FigureBuildOptions & AmpValidationOptions = {},
): Promise<FigureResult<AmpValidationData, AmpValidationSummary>> {
  const data = await computeAmpValidation({
    ...(options.quick
      ? {
        alphas: [1, 2],
        widths: [1, 2.2],
        seeds: [1, 2],
        ampN: 300,
        mcmcN: 40,
        mcmcSweeps: 30,
        ampMaxIterations: 150,
      }
      : {}),
    ...options,
  });
  return assembleFigure(
    {
      id: "amp_validation",
      title: "AMP and Monte Carlo against the theory",
      finding:
        "AMP confirms the RS theory in the stable phase and fails to converge in the RSB phase; Monte Carlo works in both.",
    },
    data,
    {
      summary: ampValidationSummary,
      charts: (d) => [
        { name: "alpha_sweep", spec: ampAlphaSweepSpec(d) },
        { name: "width_sweep", spec: ampWidthSweepSpec(d) },
        { name: "traces", spec: ampTraceSpec(d) },
      ],
      table: ampValidationTable,
      report: ampValidationReport,
    },
  );
}
