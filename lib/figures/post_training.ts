/**
 * Beyond the paper: post-training quantization (PTQ: train real weights by least squares /
 * minimum norm, then round them to the grid) against learning directly in the quantized
 * space (the ground state over the level set), both at their own best width, as a function
 * of alpha; the real-weight estimator for reference. PTQ inherits the real-weight
 * interpolation peak at alpha = 1; learning on the grid does not (finding (iii)).
 *
 * Theory from `ptqTheory` (`lib/experiments/ptq.ts`: the decoupled scalar channel of the
 * real-weight estimator, rounded exactly), finite-N checks from `ptqSimulation` (ridge by
 * Cholesky on synthetic instances, then rounding). A point whose theory throws is recorded
 * with its error message (not dropped silently) and left out of the chart.
 *
 * @module
 */
import { ptqSimulation, ptqTheory } from "../experiments/ptq.ts";
import { theoryVsExperimentSpec } from "../plot/theory_vs_experiment.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import { bitColor } from "../plot/palette.ts";
import type { PointDetails } from "../plot/point_details.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import {
  checkFigureBits,
  type FigureBuildOptions,
  figureGrid,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import { assembleFigure, rsDetails } from "./shared.ts";

/** Options for {@link computePostTraining}. */
export interface PostTrainingOptions {
  /** Bit counts (uniform quantizers). Default [1, 2, 3]. */
  bits?: readonly number[];
  /** Label noise. Default 0.1. */
  sigma2?: number;
  /** alpha grid. Default 0.2 to 4, 40 points (avoiding alpha = 1, where ridgeless diverges). */
  alphas?: readonly number[];
  /** alphas of the finite-N PTQ check, its N and seeds. Default [0.5, 2, 4], 400, [1, 2, 3, 4]. */
  simulationAlphas?: readonly number[];
  simulationN?: number;
  seeds?: readonly number[];
  onProgress?: (done: number, total: number) => void;
}

/** Theory at one (bits, alpha). */
export interface PostTrainingPoint {
  bits: number;
  alpha: number;
  /** Real-weight (ridgeless) error. */
  continuousError: number | null;
  /** PTQ at its best rounding width. */
  ptqWidth: number | null;
  ptqError: number | null;
  /** Learning in the quantized space (ground state) at its best width. */
  learnedWidth: number | null;
  learnedError: number | null;
  converged: boolean;
  /** The error message if the theory threw at this point. */
  failure: string | null;
  /**
   * Tooltip details: the real-weight channel and PTQ's best width (`ptq`), the ground state
   * at the learned width (`learned`: m, q, Q, errors, valid, iterations).
   */
  details?: { ptq: PointDetails; learned: PointDetails | null };
}

/** Finite-N PTQ at one (bits, alpha), rounded at the theory's best width. */
export interface PostTrainingSimulation {
  bits: number;
  alpha: number;
  width: number;
  n: number;
  ptqError: number;
  ptqStderr: number;
  continuousError: number;
  theoryPtqError: number;
  /** The seeds (tooltip details). */
  seeds?: number[];
}

/** Result of {@link computePostTraining}. */
export interface PostTrainingData {
  sigma2: number;
  points: PostTrainingPoint[];
  simulations: PostTrainingSimulation[];
}

/**
 * Theory on the alpha grid and finite-N PTQ checks.
 *
 * @example
 * ```ts
 * const d = computePostTraining({ bits: [2], alphas: [0.5, 3], simulationAlphas: [3], simulationN: 100, seeds: [1, 2] });
 * const far = d.points.find((p) => p.alpha === 3)!;
 * if (!(far.ptqError! > far.continuousError!)) throw new Error("rounding costs accuracy");
 * ```
 */
export function computePostTraining(options: PostTrainingOptions = {}): PostTrainingData {
  const bits = checkFigureBits(options.bits ?? [1, 2, 3]);
  const sigma2 = options.sigma2 ?? 0.1;
  const alphas = [...(options.alphas ?? figureGrid(0.2, 4, 40))];
  const simAlphas = [...(options.simulationAlphas ?? [0.5, 2, 4])];
  const n = options.simulationN ?? 400;
  const seeds = [...(options.seeds ?? [1, 2, 3, 4])];
  const total = bits.length * (alphas.length + simAlphas.length);
  let done = 0;
  const params = (b: number, alpha: number, width = 1) => ({
    alpha,
    beta: Infinity,
    sigma2,
    quantizer: { quantizer: "uniform" as const, bits: b, width },
  });
  const points: PostTrainingPoint[] = [];
  const simulations: PostTrainingSimulation[] = [];
  for (const b of bits) {
    for (const alpha of alphas) {
      try {
        const r = ptqTheory(params(b, alpha));
        const ptq = {
          gain: r.continuous.gain,
          delta: r.continuous.delta,
          phase: r.continuous.phase,
          ptqWidth: r.ptqBestWidth,
          ptqError: r.ptqBestError,
          continuousError: r.continuous.error,
        };
        const learned = r.quantizedBestWidth === null ? null : rsDetails(
          solveZeroTemperature({
            alpha,
            sigma2,
            quantizer: uniformQuantizer({ bits: b, width: r.quantizedBestWidth }),
          }),
          { width: r.quantizedBestWidth },
        );
        points.push({
          bits: b,
          alpha,
          continuousError: r.continuous.error,
          ptqWidth: r.ptqBestWidth,
          ptqError: r.ptqBestError,
          learnedWidth: r.quantizedBestWidth,
          learnedError: r.quantizedBestError,
          converged: r.converged,
          failure: null,
          details: { ptq, learned },
        });
      } catch (e) {
        // only the documented failure (RangeError: e.g. alpha = 1, where the ridgeless
        // estimator diverges) is recorded with its reason; anything else is a bug: rethrown
        if (!(e instanceof RangeError)) throw e;
        points.push({
          bits: b,
          alpha,
          continuousError: null,
          ptqWidth: null,
          ptqError: null,
          learnedWidth: null,
          learnedError: null,
          converged: false,
          failure: `${e.name}: ${e.message}`,
        });
      }
      options.onProgress?.(++done, total);
    }
    for (const alpha of simAlphas) {
      const r = ptqTheory(params(b, alpha));
      const width = r.ptqBestWidth ?? 1;
      const runs = seeds.map((seed) => ptqSimulation(params(b, alpha, width), { n, seed }));
      const k = runs.length;
      const mean = runs.reduce((s, x) => s + x.ptqError, 0) / k;
      const sd = Math.sqrt(
        runs.reduce((s, x) => s + (x.ptqError - mean) ** 2, 0) / Math.max(1, k - 1),
      );
      simulations.push({
        bits: b,
        alpha,
        width,
        n,
        ptqError: mean,
        ptqStderr: sd / Math.sqrt(k),
        continuousError: runs.reduce((s, x) => s + x.continuousError, 0) / k,
        theoryPtqError: r.ptqBestError ?? r.ptqError,
        seeds,
      });
      options.onProgress?.(++done, total);
    }
  }
  return { sigma2, points, simulations };
}

/** Key numbers. */
export interface PostTrainingSummary {
  sigma2: number;
  /** Per bits: alphas where learning on the grid beats PTQ, and the error gap at the largest alpha. */
  perBits: {
    bits: number;
    learnedWinsFrom: number | null;
    learnedWinsTo: number | null;
    gapAtLargestAlpha: number | null;
    largestAlpha: number;
  }[];
  /** Largest |simulated − theory| PTQ error, in standard errors. */
  simulationMaxZ: number | null;
  /** Points where the theory failed. */
  failures: { bits: number; alpha: number; failure: string }[];
}

/**
 * The key numbers.
 *
 * @example
 * ```ts
 * const s = postTrainingSummary(computePostTraining({ bits: [1], alphas: [0.9, 3], simulationAlphas: [3], simulationN: 80, seeds: [1, 2] }));
 * if (s.perBits[0].learnedWinsFrom !== 0.9 || s.failures.length !== 0) throw new Error(JSON.stringify(s));
 * ```
 */
export function postTrainingSummary(data: PostTrainingData): PostTrainingSummary {
  const bits = [...new Set(data.points.map((p) => p.bits))];
  const zs = data.simulations
    .filter((s) => s.ptqStderr > 0)
    .map((s) => Math.abs(s.ptqError - s.theoryPtqError) / s.ptqStderr);
  return {
    sigma2: data.sigma2,
    perBits: bits.map((b) => {
      const pts = data.points.filter((p) =>
        p.bits === b && p.ptqError !== null && p.learnedError !== null
      )
        .sort((a, c) => a.alpha - c.alpha);
      const wins = pts.filter((p) => p.learnedError! < p.ptqError!);
      const last = pts[pts.length - 1];
      return {
        bits: b,
        learnedWinsFrom: wins.length === 0 ? null : wins[0].alpha,
        learnedWinsTo: wins.length === 0 ? null : wins[wins.length - 1].alpha,
        gapAtLargestAlpha: last === undefined ? null : last.learnedError! - last.ptqError!,
        largestAlpha: last?.alpha ?? NaN,
      };
    }),
    simulationMaxZ: zs.length === 0 ? null : Math.max(...zs),
    failures: data.points.filter((p) => p.failure !== null).map((p) => ({
      bits: p.bits,
      alpha: p.alpha,
      failure: p.failure!,
    })),
  };
}

/**
 * Chart: test error against alpha; per bit count PTQ and learning on the grid (each at its
 * best width), the real-weight estimator, and the finite-N PTQ points.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = computePostTraining({ bits: [2], alphas: [0.5, 2], simulationAlphas: [2], simulationN: 60, seeds: [1, 2] });
 * if (compileVegaLite(postTrainingSpec(d)).warnings.length !== 0) throw new Error();
 * ```
 */
export function postTrainingSpec(
  data: PostTrainingData,
  options: { yMax?: number } = {},
): VegaLiteSpec {
  const yMax = options.yMax ?? 1.5;
  const clip = (v: number | null) => (v === null || !Number.isFinite(v) || v > yMax ? null : v);
  const bits = [...new Set(data.points.map((p) => p.bits))];
  const real = bits.length > 0 ? data.points.filter((p) => p.bits === bits[0]) : [];
  const theory = [
    ...real.map((p) => ({
      x: p.alpha,
      y: clip(p.continuousError),
      series: "real weights",
      details: p.details?.ptq,
    })),
    ...data.points.flatMap((p) => [
      {
        x: p.alpha,
        y: clip(p.ptqError),
        series: `PTQ, ${p.bits} bit${p.bits > 1 ? "s" : ""}`,
        details: p.details?.ptq ?? (p.failure === null ? undefined : { failure: p.failure }),
      },
      {
        x: p.alpha,
        y: clip(p.learnedError),
        series: `learned, ${p.bits} bit${p.bits > 1 ? "s" : ""}`,
        details: p.details?.learned ?? undefined,
      },
    ]),
  ];
  const experiment = data.simulations.map((s) => ({
    x: s.alpha,
    y: s.ptqError,
    yErr: s.ptqStderr,
    series: `PTQ, ${s.bits} bit${s.bits > 1 ? "s" : ""}`,
    method: `PTQ simulation, N = ${s.n}`,
    details: {
      N: s.n,
      seeds: s.seeds?.join(",") ?? null,
      width: s.width,
      ptqError: `${s.ptqError.toPrecision(4)} ± ${s.ptqStderr.toPrecision(2)}`,
      theoryPtqError: s.theoryPtqError,
      continuousError: s.continuousError,
    },
  }));
  const colors: Record<string, string> = { "real weights": "#000000" };
  for (const b of bits) {
    const s = b > 1 ? "s" : "";
    colors[`learned, ${b} bit${s}`] = bitColor(b);
    colors[`PTQ, ${b} bit${s}`] = bitColor(b);
  }
  const spec = theoryVsExperimentSpec({ theory, experiment }, {
    title: `Post-training quantization vs learning on the grid, σ² = ${data.sigma2}`,
    subtitle: "β = ∞, each at its best width; PTQ dashed; real weights (ridgeless) black",
    xTitle: AXIS_TITLES.alpha,
    yTitle: "ε_g (test error)",
    seriesTitle: "estimator",
    colors,
  });
  // draw the PTQ curves dashed (the line layer comes first)
  const layers = spec.layer as {
    mark: Record<string, unknown>;
    encoding: Record<string, unknown>;
  }[];
  const names = Object.keys(colors);
  layers[0].encoding.strokeDash = {
    field: "series",
    type: "nominal",
    legend: null,
    scale: { domain: names, range: names.map((n) => (n.startsWith("PTQ") ? [6, 4] : [1, 0])) },
  };
  return spec;
}

/**
 * Flat table: theory points, then simulations (column `kind`).
 *
 * @example
 * ```ts
 * const rows = postTrainingTable({ sigma2: 0.1, points: [], simulations: [] });
 * if (rows.length !== 0) throw new Error();
 * ```
 */
export function postTrainingTable(data: PostTrainingData): FigureTableRow[] {
  return [
    ...data.points.map(({ details: _, ...p }) => ({ kind: "theory", sigma2: data.sigma2, ...p })),
    ...data.simulations.map(({ seeds, ...s }) => ({
      kind: "simulation",
      sigma2: data.sigma2,
      ...s,
      seeds: seeds?.join(" ") ?? null,
    })),
  ];
}

/**
 * The REPORT.md section.
 *
 * @example
 * ```ts
 * const md = postTrainingReport({ sigma2: 0.1, simulationMaxZ: 1.2, failures: [],
 *   perBits: [{ bits: 2, learnedWinsFrom: 0.9, learnedWinsTo: 1.2, gapAtLargestAlpha: 0.03, largestAlpha: 4 }] });
 * if (!md.includes("| 2 | [0.9, 1.2] | 0.03 (α = 4) |")) throw new Error(md);
 * ```
 */
export function postTrainingReport(s: PostTrainingSummary): string {
  return [
    `Learning on the grid against post-training quantization (β = ∞, σ² = ${
      fmtNumber(s.sigma2)
    }, each at its best width):`,
    "",
    "| bits | learning beats PTQ for α in | error gap at the largest α (learned − PTQ) |",
    "| ---: | --- | ---: |",
    ...s.perBits.map((b) =>
      `| ${b.bits} | ${
        b.learnedWinsFrom === null
          ? "never"
          : `[${fmtNumber(b.learnedWinsFrom)}, ${fmtNumber(b.learnedWinsTo)}]`
      } | ${fmtNumber(b.gapAtLargestAlpha)} (α = ${fmtNumber(b.largestAlpha)}) |`
    ),
    "",
    (s.perBits.every((b) =>
        b.learnedWinsFrom !== null && b.learnedWinsFrom <= 1 && b.learnedWinsTo! >= 1
      )
      ? "For every bit count learning directly on the grid wins around α = 1, where PTQ inherits the real-weight interpolation peak. "
      : "") +
    (s.perBits.every((b) => (b.gapAtLargestAlpha ?? 0) > 0)
      ? "With many samples per weight, rounding a good real-valued estimate wins. "
      : "") +
    `Finite-N PTQ simulations agree with the theory to ${
      fmtNumber(s.simulationMaxZ, 2)
    } standard errors at most.` +
    (s.failures.length === 0
      ? ""
      : ` The theory failed at ${s.failures.length} point(s): ${
        s.failures.map((f) => `${f.bits} bits, α = ${fmtNumber(f.alpha)} (${f.failure})`).join("; ")
      }.`),
  ].join("\n");
}

/**
 * Builds the figure.
 *
 * @example
 * ```ts
 * const f = buildPostTrainingFigure({ quick: true });
 * if (f.charts.length !== 1) throw new Error();
 * ```
 */
export function buildPostTrainingFigure(
  options: FigureBuildOptions & PostTrainingOptions = {},
): FigureResult<PostTrainingData, PostTrainingSummary> {
  const data = computePostTraining({
    ...(options.quick
      ? {
        bits: [1, 2],
        alphas: [0.5, 0.9, 1.5, 3],
        simulationAlphas: [3],
        simulationN: 100,
        seeds: [1, 2],
      }
      : {}),
    ...options,
  });
  return assembleFigure(
    {
      id: "post_training",
      title: "Post-training quantization against learning on the grid",
      finding:
        "Beyond the paper: rounding a real-weight estimate inherits its interpolation peak; learning on the grid avoids it.",
    },
    data,
    {
      summary: postTrainingSummary,
      charts: (d) => [{ name: "", spec: postTrainingSpec(d) }],
      table: postTrainingTable,
      report: (_d, s) => postTrainingReport(s),
    },
  );
}
