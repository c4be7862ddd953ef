/**
 * Finding (ii): an optimal quantization width. The test error of a b-bit uniform quantizer
 * against its width ω has an interior minimum: a narrow range clips the teacher's large
 * weights, a wide one leaves few levels near zero. The figure shows the error curves (RS
 * stability marked), and the optimal width ω* against the bits next to the two "signal
 * processing" answers for a N(0, rho) source: Lloyd–Max's outermost level (J. Max, IRE Trans.
 * Inf. Theory 6, 7 (1960); S. P. Lloyd, IEEE Trans. Inf. Theory 28, 129 (1982)) and the
 * MSE-optimal width of the uniform family itself.
 *
 * Optima come from `optimalWidth` (`lib/experiments/optimal_width.ts`: a log-grid scan then
 * Brent's minimiser) at finite beta (Gibbs-sample error by default) and at beta = ∞ (the
 * training-error minimiser, where Gibbs and posterior-mean errors coincide).
 *
 * @module
 */
import { optimalWidth, type WidthObjective } from "../experiments/optimal_width.ts";
import { scanRsLine } from "../experiments/rs_scan.ts";
import type { ExperimentParams } from "../experiments/params.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { type ErrorVsWidthRow, errorVsWidthSpec } from "../plot/error_vs_width.ts";
import { compareQuantizersSpec } from "../plot/compare_quantizers.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import type { PointDetails } from "../plot/point_details.ts";
import {
  checkFigureBits,
  type FigureBuildOptions,
  figureGrid,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import {
  assembleFigure,
  betaChartName,
  GROUND_STATE_TRUST_NOTE,
  markdownTable,
  rsDetails,
  trustCell,
} from "./shared.ts";

/** Options for {@link computeOptimalWidth}. */
export interface OptimalWidthFigureOptions {
  /** Bit counts of the optimum table. Default 1 to 6. */
  bits?: readonly number[];
  /** Bit counts drawn as error-vs-width curves. Default [1, 2, 3, 4]. */
  curveBits?: readonly number[];
  /** Samples per weight, label noise. Default 2 and 0.1. */
  alpha?: number;
  sigma2?: number;
  /** Inverse temperatures; Infinity is the ground state. Default [10, Infinity]. */
  betas?: readonly number[];
  /** Error minimised at finite beta. Default "genError" (a Gibbs sample, quantized weights). */
  objective?: WidthObjective;
  /** Width grid of the curves. Default 0.2 to 4.5, 60 points. */
  widthFrom?: number;
  widthTo?: number;
  widthSamples?: number;
  onProgress?: (done: number, total: number) => void;
}

/** A quantizer (bits, width) at one temperature and its test errors. */
export interface WidthErrors {
  bits: number;
  beta: number;
  width: number;
  /** The objective's error (Gibbs error at finite beta; R at beta = ∞). */
  error: number;
  /** Test error of a Gibbs sample. */
  genError: number;
  /** Test error of the posterior mean. */
  meanError: number;
}

/** One point of an error-vs-width curve. */
export interface WidthCurvePoint extends WidthErrors {
  /** Replicon (Infinity for a level set at beta = ∞). */
  at: number;
  /** AT < 1 and Shannon entropy >= 0 at finite beta; at beta = ∞ the RS ground state is valid. */
  stable: boolean;
  converged: boolean;
  /** The whole RS solution here (tooltip details: m, q, Q, AT, entropy, errors, iterations). */
  solution: PointDetails;
}

/** The optimum at one bit count and temperature (`width`: ω*, `error`: the objective there). */
export interface WidthOptimumRow extends WidthErrors {
  /**
   * RS trusted at ω*: at finite beta AT < 1 and a non-negative entropy; at beta = ∞ the RS
   * ground state is valid (its replicon diverges for any level set, so AT says nothing there).
   */
  stable: boolean;
  lloydMaxWidth: number;
  mseOptimalWidth: number;
  /** ω* / Lloyd–Max width. */
  ratioToLloydMax: number;
  converged: boolean;
}

/** Result of {@link computeOptimalWidth}. */
export interface OptimalWidthFigureData {
  alpha: number;
  sigma2: number;
  betas: number[];
  objective: WidthObjective;
  curves: WidthCurvePoint[];
  optima: WidthOptimumRow[];
}

function params(bits: number, alpha: number, beta: number, sigma2: number): ExperimentParams {
  return { alpha, beta, sigma2, quantizer: { quantizer: "uniform", bits, width: 1 } };
}

/**
 * Error curves and optima (see the module doc).
 *
 * @example
 * ```ts
 * const d = computeOptimalWidth({ bits: [2], curveBits: [2], betas: [10], widthSamples: 8 });
 * const o = d.optima[0];
 * if (!(o.width > 0.5 && o.width < 3) || !o.converged) throw new Error();
 * // no point of the curve beats the optimum
 * if (d.curves.some((p) => p.error < o.error - 1e-12)) throw new Error();
 * ```
 */
export function computeOptimalWidth(
  options: OptimalWidthFigureOptions = {},
): OptimalWidthFigureData {
  const bits = checkFigureBits(options.bits ?? [1, 2, 3, 4, 5, 6]);
  const curveBits = checkFigureBits(options.curveBits ?? [1, 2, 3, 4], "curveBits");
  const alpha = options.alpha ?? 2;
  const sigma2 = options.sigma2 ?? 0.1;
  const betas = [...(options.betas ?? [10, Infinity])];
  const objective = options.objective ?? "genError";
  const widths = figureGrid(
    options.widthFrom ?? 0.2,
    options.widthTo ?? 4.5,
    options.widthSamples ?? 60,
  );
  const total = betas.length * (curveBits.length + bits.length);
  let done = 0;
  const curves: WidthCurvePoint[] = [];
  for (const beta of betas) {
    for (const b of curveBits) {
      if (beta === Infinity) {
        for (const width of widths) {
          const s = solveZeroTemperature({
            alpha,
            sigma2,
            quantizer: uniformQuantizer({ bits: b, width }),
          });
          curves.push({
            bits: b,
            beta,
            width,
            error: s.meanError,
            genError: s.genError,
            meanError: s.meanError,
            at: s.at,
            stable: s.valid,
            converged: s.converged,
            solution: rsDetails(s),
          });
        }
      } else {
        const line = scanRsLine(params(b, alpha, beta, sigma2), "width", widths);
        line.forEach((s, i) =>
          curves.push({
            bits: b,
            beta,
            width: widths[i],
            error: objective === "genError" ? s.genError : s.meanError,
            genError: s.genError,
            meanError: s.meanError,
            at: s.at,
            stable: s.stable && (s.shannonEntropy ?? 0) >= 0,
            converged: s.converged,
            solution: rsDetails(s),
          })
        );
      }
      options.onProgress?.(++done, total);
    }
  }
  const optima: WidthOptimumRow[] = [];
  for (const beta of betas) {
    for (const b of bits) {
      const r = optimalWidth(params(b, alpha, beta, sigma2), { objective });
      const lm = r.lloydMaxWidth ?? NaN;
      optima.push({
        bits: b,
        beta,
        width: r.width,
        error: objective === "genError" ? r.genError : r.meanError,
        genError: r.genError,
        meanError: r.meanError,
        stable: beta === Infinity ? r.valid : r.stable,
        lloydMaxWidth: lm,
        mseOptimalWidth: r.mseOptimalWidth,
        ratioToLloydMax: r.width / lm,
        converged: r.converged,
      });
      options.onProgress?.(++done, total);
    }
  }
  return { alpha, sigma2, betas, objective, curves, optima };
}

/** Key numbers of finding (ii). */
export interface OptimalWidthSummary {
  alpha: number;
  sigma2: number;
  objective: WidthObjective;
  optima: WidthOptimumRow[];
  /** Per beta: every optimum lies strictly inside the scanned curve range (an interior minimum). */
  interior: { beta: number; all: boolean }[];
  /** Per beta: the mean ratio of ω* to the Lloyd–Max width over the bit counts. */
  meanRatio: { beta: number; ratio: number }[];
}

/**
 * The optima and a few derived numbers.
 *
 * @example
 * ```ts
 * const s = optimalWidthSummary(computeOptimalWidth({ bits: [1, 2], curveBits: [1], betas: [Infinity], widthSamples: 6 }));
 * if (s.optima.length !== 2 || !(s.meanRatio[0].ratio > 0)) throw new Error();
 * ```
 */
export function optimalWidthSummary(data: OptimalWidthFigureData): OptimalWidthSummary {
  const widths = data.curves.map((c) => c.width);
  const lo = Math.min(...widths), hi = Math.max(...widths);
  return {
    alpha: data.alpha,
    sigma2: data.sigma2,
    objective: data.objective,
    optima: data.optima,
    interior: data.betas.map((beta) => ({
      beta,
      all: data.optima.filter((o) => o.beta === beta).every((o) =>
        o.converged && o.width > lo && o.width < hi
      ),
    })),
    meanRatio: data.betas.map((beta) => {
      const rows = data.optima.filter((o) => o.beta === beta);
      return { beta, ratio: rows.reduce((s, o) => s + o.ratioToLloydMax, 0) / rows.length };
    }),
  };
}

/**
 * Error against width at one beta: one curve per bit count, unstable stretches dashed, the
 * optima (from `optimalWidth`, not the grid) marked.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = computeOptimalWidth({ bits: [1], curveBits: [1], betas: [10], widthSamples: 6 });
 * if (compileVegaLite(optimalWidthCurvesSpec(d, 10)).warnings.length !== 0) throw new Error();
 * ```
 */
export function optimalWidthCurvesSpec(data: OptimalWidthFigureData, beta: number): VegaLiteSpec {
  if (!data.betas.includes(beta)) {
    throw new RangeError(`beta: expected one of ${data.betas.join(", ")}, got ${beta}`);
  }
  const rows: ErrorVsWidthRow[] = data.curves
    .filter((c) => c.beta === beta && c.converged && Number.isFinite(c.error))
    .map((c) => ({
      width: c.width,
      error: c.error,
      bits: c.bits,
      stable: c.stable,
      details: c.solution,
    }));
  const curveBits = new Set(rows.map((r) => r.bits));
  const optima = data.optima
    .filter((o) => o.beta === beta && curveBits.has(o.bits))
    .map((o) => ({ bits: o.bits, width: o.width, error: o.error }));
  const what = beta === Infinity
    ? "β = ∞ (training-error minimiser)"
    : `β = ${beta}, ${data.objective === "genError" ? "Gibbs sample" : "posterior mean"}`;
  return errorVsWidthSpec(rows, {
    title: `Test error vs quantization width, α = ${data.alpha}, σ² = ${data.sigma2}`,
    subtitle: `${what}; points: optimal width ω*`,
    optima,
    logY: true,
    stabilityLabels: beta === Infinity
      ? { stable: "RS ground state", unstable: "RS not exact" }
      : undefined,
  });
}

/**
 * Optimal width against bits at each beta, with the Lloyd–Max and uniform-MSE widths.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = computeOptimalWidth({ bits: [1, 2], curveBits: [1], betas: [Infinity], widthSamples: 6 });
 * if (compileVegaLite(optimalWidthVsBitsSpec(d)).warnings.length !== 0) throw new Error();
 * ```
 */
export function optimalWidthVsBitsSpec(data: OptimalWidthFigureData): VegaLiteSpec {
  const label = (beta: number) => `ω* (${beta === Infinity ? "β = ∞" : `β = ${beta}`})`;
  const bitsList = [...new Set(data.optima.map((o) => o.bits))];
  const ref = (b: number) => data.optima.find((o) => o.bits === b)!;
  const rows = [
    ...data.optima.map((o) => ({ x: o.bits, y: o.width, series: label(o.beta) })),
    ...bitsList.map((b) => ({ x: b, y: ref(b).lloydMaxWidth, series: "Lloyd–Max" })),
    ...bitsList.map((b) => ({ x: b, y: ref(b).mseOptimalWidth, series: "uniform MSE" })),
  ];
  return compareQuantizersSpec(rows, {
    title: `Optimal width vs bits, α = ${data.alpha}, σ² = ${data.sigma2}`,
    subtitle: "learning optima (solid); dashed: MSE-optimal widths for quantizing N(0, 1)",
    xTitle: AXIS_TITLES.bits,
    yTitle: AXIS_TITLES.width,
    seriesTitle: "width",
    dashedSeries: ["Lloyd–Max", "uniform MSE"],
  });
}

/**
 * Flat table: the curves, then the optima (column `kind`).
 *
 * @example
 * ```ts
 * const d = computeOptimalWidth({ bits: [1], curveBits: [1], betas: [Infinity], widthSamples: 3 });
 * const t = optimalWidthTable(d);
 * if (t.length !== 4 || t[3].kind !== "optimum") throw new Error();
 * ```
 */
export function optimalWidthTable(data: OptimalWidthFigureData): FigureTableRow[] {
  return [
    ...data.curves.map(({ solution: _, ...c }) => ({
      kind: "curve",
      ...c,
      alpha: data.alpha,
      sigma2: data.sigma2,
    })),
    ...data.optima.map((o) => ({ kind: "optimum", ...o, alpha: data.alpha, sigma2: data.sigma2 })),
  ];
}

/**
 * The REPORT.md section of finding (ii).
 *
 * @example
 * ```ts
 * import { fmtNumber } from "./figure.ts";
 * const s = optimalWidthSummary(computeOptimalWidth({ bits: [2], curveBits: [2], betas: [Infinity], widthSamples: 4 }));
 * if (!optimalWidthReport(s).includes(`| ∞ | 2 | ${fmtNumber(s.optima[0].width)} |`)) throw new Error();
 * ```
 */
export function optimalWidthReport(s: OptimalWidthSummary): string {
  return [
    `Optimal width ω* of uniform quantizers (α = ${fmtNumber(s.alpha)}, σ² = ${
      fmtNumber(s.sigma2)
    }; finite β minimises the ${
      s.objective === "genError" ? "Gibbs-sample" : "posterior-mean"
    } test error, β = ∞ the ground state's):`,
    "",
    ...markdownTable(
      [
        "β",
        "bits",
        "ω*",
        "error at ω*",
        "RS trusted at ω*",
        "Lloyd–Max ω",
        "uniform MSE-optimal ω",
        "ω*/Lloyd–Max",
      ],
      s.optima.map((o) => [
        fmtNumber(o.beta),
        String(o.bits),
        fmtNumber(o.width),
        fmtNumber(o.error),
        trustCell(o.stable, o.beta),
        fmtNumber(o.lloydMaxWidth),
        fmtNumber(o.mseOptimalWidth),
        fmtNumber(o.ratioToLloydMax),
      ]),
      ["r", "r", "r", "r", "l", "r", "r", "r"],
    ),
    "",
    ...s.interior.map((i) =>
      `β = ${fmtNumber(i.beta)}: ${
        i.all
          ? "every optimum is an interior minimum of the error"
          : "not every optimum is interior"
      }; mean ω*/Lloyd–Max = ${fmtNumber(s.meanRatio.find((r) => r.beta === i.beta)!.ratio)}.`
    ),
    "",
    GROUND_STATE_TRUST_NOTE,
  ].join("\n");
}

/**
 * Builds the figure: error curves per temperature and ω* against the bits.
 *
 * @example
 * ```ts
 * const f = buildOptimalWidthFigure({ quick: true });
 * if (f.charts.length !== 3) throw new Error(String(f.charts.length));
 * ```
 */
export function buildOptimalWidthFigure(
  options: FigureBuildOptions & OptimalWidthFigureOptions = {},
): FigureResult<OptimalWidthFigureData, OptimalWidthSummary> {
  const data = computeOptimalWidth({
    ...(options.quick ? { bits: [1, 2, 3], curveBits: [1, 2], widthSamples: 16 } : {}),
    ...options,
  });
  return assembleFigure(
    {
      id: "optimal_width",
      title: "The optimal quantization width",
      finding: "(ii) There is an optimal quantization width minimising the error.",
    },
    data,
    {
      summary: optimalWidthSummary,
      charts: (d) => [
        ...d.betas.map((beta) => ({
          name: betaChartName(beta),
          spec: optimalWidthCurvesSpec(d, beta),
        })),
        { name: "vs_bits", spec: optimalWidthVsBitsSpec(d) },
      ],
      table: optimalWidthTable,
      report: (_d, s) => optimalWidthReport(s),
    },
  );
}
