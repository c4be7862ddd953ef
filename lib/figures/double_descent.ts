/**
 * Finding (iii): quantization delays the onset of over-parameterisation and tames double
 * descent. Generalization error against the sample ratio alpha = M/N, one curve per bit count
 * plus the unquantized baseline, at zero temperature (the training-error minimiser,
 * docs/theory.md §2 "Zero temperature") and at finite beta, with the interpolation thresholds
 * `alpha_c` (where the ground state's training error reaches zero, `D = alpha`) marked.
 *
 * For real weights the ridgeless interpolation threshold is alpha = 1, where the error of the
 * minimum-norm interpolator diverges with label noise (Hastie, Montanari, Rosset, Tibshirani,
 * "Surprises in high-dimensional ridgeless least squares interpolation", Ann. Stat. 2022); for
 * b-bit weights the RS threshold sits at `alpha_c(b) < 1`, so interpolation (the
 * over-parameterised regime) begins only at more weights per sample, and the peak there is
 * finite. Left of `alpha_c` the RS ground state of a level set is only an approximation
 * (`valid: false`, its entropy tends to −∞; see `solveZeroTemperature`).
 *
 * Real weights with the flat base measure: the posterior mean does not depend on beta (it is
 * the least-squares estimator for alpha > 1 and, as the ridge limit, the minimum-norm
 * interpolator below), so the baseline is solved once, at beta = ∞, and drawn in every panel
 * (its Gibbs measure is improper for alpha <= 1 at finite beta).
 *
 * The plotted error is the generalization (test) error of the posterior-mean predictor,
 * label noise included: `R = rho − 2m + q + sigma2` (docs/theory.md §2 "Observables"; at zero
 * temperature in the ground-state phase it equals the Gibbs error). The Gibbs-sample error
 * `rho − 2m + Q + sigma2` is kept in the data as `gibbsError`.
 *
 * @module
 */
import { solveRs } from "../theory/rs.ts";
import { interpolationThreshold, solveZeroTemperature } from "../theory/zero_temperature.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { continuous, type Quantizer } from "../quantizers/quantizer.ts";
import { lloydMaxOptimalWidth } from "../quantizers/lloyd_max.ts";
import {
  type AlphaThreshold,
  type ErrorVsAlphaRow,
  errorVsAlphaSpec,
} from "../plot/error_vs_alpha.ts";
import type { VegaLiteSpec } from "../plot/chart_spec.ts";
import { pointDetailColumns, type PointDetails } from "../plot/point_details.ts";
import { bitLabel } from "../plot/palette.ts";
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

/** Options for {@link computeDoubleDescent}. */
export interface DoubleDescentOptions {
  /** Bit counts (uniform mid-rise quantizers). Default [1, 2, 3, 4]. */
  bits?: readonly number[];
  /**
   * Width of each quantizer: a number for all, or `"lloyd-max"` (default): the Lloyd–Max
   * optimal width for the N(0, 1) teacher at that bit count.
   */
  width?: number | "lloyd-max";
  /** Label-noise variance, > 0 for a divergent unquantized peak. Default 0.1. */
  sigma2?: number;
  /** Inverse temperatures; `Infinity` is the ground state. Default [Infinity, 100, 20]. */
  betas?: readonly number[];
  /** alpha grid: from, to, samples. Default 0.05 to 3 in 119 points. */
  alphaMin?: number;
  alphaMax?: number;
  samples?: number;
  /** Include the real-weight (ridgeless) baseline, solved at beta = ∞. Default true. */
  unquantized?: boolean;
  /** Called after each curve with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/** One point of a curve. */
export interface DoubleDescentPoint {
  alpha: number;
  /** Bits per weight; Infinity for the unquantized baseline. */
  bits: number;
  /** Inverse temperature; Infinity at zero temperature. */
  beta: number;
  /** Test error of the posterior-mean predictor (`R`, label noise included). */
  error: number;
  /** Test error of a Gibbs sample (`rho − 2m + Q + sigma2`). */
  gibbsError: number;
  trainError: number;
  /** "ground-state" / "interpolating" (beta = ∞) or "finite-temperature". */
  phase: "ground-state" | "interpolating" | "finite-temperature";
  /** False where RS is known to be wrong (interpolating phase of a level set at beta = ∞). */
  valid: boolean;
  /** RS replicon below one (always false for a level set at beta = ∞). */
  stable: boolean;
  /**
   * Whether RS can be trusted here: at beta = ∞ `valid`; at finite beta `stable` and a
   * non-negative entropy. Drawn solid; the rest dashed.
   */
  trusted: boolean;
  converged: boolean;
  /** The whole RS solution here (tooltip details: m, q, Q, AT, entropy, errors, iterations). */
  solution: PointDetails;
}

/** The interpolation threshold of one quantizer. */
export interface DoubleDescentThreshold {
  bits: number;
  /** Width of the quantizer (Infinity for real weights). */
  width: number;
  /** `interpolationThreshold(...).alphaC`; 1 for real weights. */
  alphaC: number;
  converged: boolean;
}

/** Result of {@link computeDoubleDescent}. */
export interface DoubleDescentData {
  sigma2: number;
  betas: number[];
  alphas: number[];
  thresholds: DoubleDescentThreshold[];
  points: DoubleDescentPoint[];
}

/** The largest interior local maximum of one curve. */
export interface DoubleDescentPeak {
  bits: number;
  beta: number;
  /** alpha of the peak, null when the curve has no interior maximum. */
  alpha: number | null;
  /** Error at the peak (Infinity: divergent), null when there is none. */
  error: number | null;
  /** Whether RS is trusted at the peak. */
  trusted: boolean | null;
}

/** Key numbers of the figure. */
export interface DoubleDescentSummary {
  sigma2: number;
  /** alpha_c per bit count, unquantized (alpha_c = 1) last. */
  thresholds: { bits: number; width: number; alphaC: number }[];
  /** Peak of every curve. */
  peaks: DoubleDescentPeak[];
}

function quantizerOf(bits: number, width: number | "lloyd-max"): { q: Quantizer; width: number } {
  const w = width === "lloyd-max" ? lloydMaxOptimalWidth(bits) : width;
  return { q: uniformQuantizer({ bits, width: w }), width: w };
}

/**
 * Error against alpha for every bit count and beta (see the module doc), plus each
 * quantizer's interpolation threshold, which is also added to the zero-temperature grid so
 * that the peak there is resolved.
 *
 * @throws {RangeError} on bad options (bits not integers in [1, 16], sigma2 < 0, …).
 * @example
 * ```ts
 * const d = computeDoubleDescent({ bits: [2], betas: [Infinity], samples: 5, unquantized: false });
 * const t = d.thresholds[0];
 * if (!(t.alphaC > 0 && t.alphaC < 1)) throw new Error("2-bit threshold below 1");
 * const atC = d.points.find((p) => p.alpha === t.alphaC)!;
 * if (Math.abs(atC.trainError) > 1e-6) throw new Error("training error vanishes at alpha_c");
 * ```
 */
export function computeDoubleDescent(options: DoubleDescentOptions = {}): DoubleDescentData {
  const bits = checkFigureBits(options.bits ?? [1, 2, 3, 4]);
  const width = options.width ?? "lloyd-max";
  if (width !== "lloyd-max" && !(Number.isFinite(width) && width > 0)) {
    throw new RangeError(`width: expected a finite number > 0 or "lloyd-max", got ${width}`);
  }
  const sigma2 = options.sigma2 ?? 0.1;
  if (!(Number.isFinite(sigma2) && sigma2 >= 0)) {
    throw new RangeError(`sigma2: expected a finite number >= 0, got ${sigma2}`);
  }
  const betas = [...(options.betas ?? [Infinity, 100, 20])];
  if (betas.length === 0) throw new RangeError("betas: expected at least one inverse temperature");
  betas.forEach((b, i) => {
    if (!(b > 0)) throw new RangeError(`betas[${i}]: expected a number > 0 or Infinity, got ${b}`);
  });
  const alphas = figureGrid(
    options.alphaMin ?? 0.05,
    options.alphaMax ?? 3,
    options.samples ?? 119,
  );
  const withReal = options.unquantized ?? true;
  const curves: { bits: number; q: Quantizer; width: number }[] = bits.map((b) => ({
    bits: b,
    ...quantizerOf(b, width),
  }));
  if (withReal) curves.push({ bits: Infinity, q: continuous(), width: Infinity });

  const thresholds: DoubleDescentThreshold[] = curves.map((c) => {
    const t = interpolationThreshold({ quantizer: c.q, sigma2 });
    return { bits: c.bits, width: c.width, alphaC: t.alphaC, converged: t.converged };
  });
  const points: DoubleDescentPoint[] = [];
  // real weights are solved once, at beta = ∞ (see the module doc)
  const jobs: { curve: number; beta: number }[] = [];
  for (const beta of betas) {
    curves.forEach((c, k) => {
      if (c.bits !== Infinity || beta === Infinity) jobs.push({ curve: k, beta });
    });
  }
  if (withReal && !betas.includes(Infinity)) {
    jobs.push({ curve: curves.length - 1, beta: Infinity });
  }
  jobs.forEach(({ curve: k, beta }, j) => {
    const c = curves[k];
    // resolve the zero-temperature peak: alpha_c itself (interpolating side) and just above
    const ac = thresholds[k].alphaC;
    const grid = beta === Infinity && ac > 0
      ? [...new Set([...alphas, ac, ac * (1 + 1e-9)])].sort((a, b) => a - b)
      : alphas;
    for (const alpha of grid) points.push(solvePoint(c.q, c.bits, alpha, beta, sigma2));
    options.onProgress?.(j + 1, jobs.length);
  });
  return { sigma2, betas, alphas, thresholds, points };
}

function solvePoint(
  q: Quantizer,
  bits: number,
  alpha: number,
  beta: number,
  sigma2: number,
): DoubleDescentPoint {
  const zero = beta === Infinity;
  const s = zero
    ? solveZeroTemperature({ alpha, sigma2, quantizer: q })
    : solveRs({ alpha, beta, sigma2, quantizer: q });
  const valid = "valid" in s ? s.valid : (s.shannonEntropy ?? 0) >= 0;
  return {
    alpha,
    bits,
    beta,
    error: s.meanError,
    gibbsError: s.genError,
    trainError: s.trainError,
    phase: "phase" in s ? s.phase : "finite-temperature",
    valid,
    stable: s.stable,
    trusted: zero ? valid : s.stable && valid,
    converged: s.converged,
    solution: rsDetails(s),
  };
}

/**
 * The largest interior local maximum of each (bits, beta) curve (Infinity where the error
 * diverges), and every interpolation threshold.
 *
 * @example
 * ```ts
 * const d = computeDoubleDescent({ bits: [1], betas: [Infinity], samples: 30 });
 * const s = doubleDescentSummary(d);
 * const p = s.peaks.find((x) => x.bits === 1)!;
 * if (Math.abs(p.alpha! / s.thresholds[0].alphaC - 1) > 1e-6) throw new Error("zero-T peak sits at alpha_c");
 * if (s.peaks.find((x) => x.bits === Infinity)!.error !== Infinity) throw new Error();
 * ```
 */
export function doubleDescentSummary(data: DoubleDescentData): DoubleDescentSummary {
  const peaks: DoubleDescentPeak[] = [];
  const betas = [...new Set([...data.betas, ...data.points.map((p) => p.beta)])];
  for (const beta of betas) {
    for (const t of data.thresholds) {
      const curve = data.points
        .filter((p) => p.beta === beta && p.bits === t.bits && p.converged)
        .sort((a, b) => a.alpha - b.alpha);
      if (curve.length === 0) continue;
      let best: DoubleDescentPoint | null = null;
      // the largest interior local maximum of the curve
      for (let i = 1; i < curve.length - 1; i++) {
        const e = curve[i].error;
        if (
          e >= curve[i - 1].error && e > curve[i + 1].error && (best === null || e > best.error)
        ) {
          best = curve[i];
        }
      }
      peaks.push({
        bits: t.bits,
        beta,
        alpha: best?.alpha ?? null,
        error: best?.error ?? null,
        trusted: best?.trusted ?? null,
      });
    }
  }
  return {
    sigma2: data.sigma2,
    thresholds: data.thresholds.map(({ bits, width, alphaC }) => ({ bits, width, alphaC })),
    peaks,
  };
}

/** Options for {@link doubleDescentSpec}. */
export interface DoubleDescentSpecOptions {
  /** Which temperature to draw. Default Infinity. */
  beta?: number;
  /** Plot the training error instead of the test error. Default false. */
  training?: boolean;
  /** Upper end of the error axis (the unquantized peak diverges). Default 2. */
  yMax?: number;
  /** Mark the interpolation thresholds. Default true at beta = ∞, false otherwise. */
  thresholds?: boolean;
  /** Chart title; default describes the panel. */
  title?: string;
}

/**
 * The chart of one temperature: error (or training error) vs alpha per bit count, solid where
 * RS can be trusted and dashed where not (see {@link DoubleDescentPoint.trusted}), with the
 * thresholds alpha_c as dashed rules. Non-converged and infinite points are gaps.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = computeDoubleDescent({ bits: [1], betas: [Infinity, 10], samples: 6 });
 * for (const beta of [Infinity, 10]) {
 *   const c = compileVegaLite(doubleDescentSpec(d, { beta }));
 *   if (c.warnings.length !== 0) throw new Error(c.warnings.join());
 * }
 * ```
 */
export function doubleDescentSpec(
  data: DoubleDescentData,
  options: DoubleDescentSpecOptions = {},
): VegaLiteSpec {
  const beta = options.beta ?? Infinity;
  if (!data.betas.includes(beta)) {
    throw new RangeError(`beta: expected one of ${data.betas.join(", ")}, got ${beta}`);
  }
  const training = options.training ?? false;
  const yMax = options.yMax ?? 2;
  if (!(Number.isFinite(yMax) && yMax > 0)) {
    throw new RangeError(`yMax: expected a finite number > 0, got ${yMax}`);
  }
  const value = (p: DoubleDescentPoint): number | null => {
    const v = training ? p.trainError : p.error;
    return p.converged && Number.isFinite(v) ? v : null;
  };
  // solid: links between two trusted points; dashed: every other link
  const solid: ErrorVsAlphaRow[] = [];
  const dashed: Record<string, unknown>[] = [];
  const dashedDetails: PointDetails[] = [];
  const bitsList = [...new Set(data.points.map((p) => p.bits))];
  for (const bits of bitsList) {
    const curve = data.points
      .filter((p) =>
        p.bits === bits && (p.beta === beta || (bits === Infinity && p.beta === Infinity))
      )
      .sort((a, b) => a.alpha - b.alpha);
    const series = bitLabel(bits);
    curve.forEach((p, i) => {
      const v = value(p);
      const prevOk = i > 0 && curve[i - 1].trusted;
      const nextOk = i < curve.length - 1 && curve[i + 1].trusted;
      solid.push({
        alpha: p.alpha,
        bits,
        error: p.trusted && (prevOk || nextOk) ? v : null,
        details: p.solution,
      });
    });
    // dashed runs: maximal chains of links with at least one untrusted end
    let seg = 0;
    let open = false;
    for (let i = 0; i + 1 < curve.length; i++) {
      const a = curve[i], b = curve[i + 1];
      const va = value(a), vb = value(b);
      if ((a.trusted && b.trusted) || va === null || vb === null) {
        open = false;
        continue;
      }
      if (!open) {
        seg++;
        dashed.push({ alpha: a.alpha, error: va, series, segment: `${series}#dash${seg}` });
        dashedDetails.push(a.solution);
        open = true;
      }
      dashed.push({ alpha: b.alpha, error: vb, series, segment: `${series}#dash${seg}` });
      dashedDetails.push(b.solution);
    }
  }
  const marks = options.thresholds ?? beta === Infinity;
  const thresholds: AlphaThreshold[] = marks
    ? data.thresholds.map((t) => ({
      alpha: t.alphaC,
      bits: t.bits,
      label: t.bits === Infinity ? "α_c" : `α_c (${bitLabel(t.bits)})`,
    }))
    : [];
  const temp = beta === Infinity ? "β = ∞ (training-error minimiser)" : `β = ${beta}`;
  const spec = errorVsAlphaSpec(solid, {
    title: options.title ??
      `${training ? "Training" : "Test"} error vs α, ${temp}, σ² = ${data.sigma2}`,
    subtitle: beta === Infinity
      ? `${
        training ? "ground state" : "posterior mean"
      }; dashed: RS not exact (interpolating level set)`
      : "posterior mean; dashed: AT ≥ 1 or entropy < 0; black: ridgeless (any β)",
    yTitle: training ? "ε_t (training error per sample)" : "ε_g (test error, label noise included)",
    yDomain: [0, yMax],
    thresholds,
  });
  if (dashed.length > 0) {
    const layers = spec.layer as Record<string, unknown>[];
    const base = layers[0] as { encoding: Record<string, unknown> };
    // the dashed stretches carry their points' solutions too (own tooltip columns)
    const cols = pointDetailColumns(dashedDetails, "dashed");
    const baseTooltip = (base.encoding.tooltip as { field: string }[] | undefined) ?? [];
    layers.splice(1, 0, {
      data: { values: dashed.map((r, i) => ({ ...r, ...cols.fields(i) })) },
      mark: {
        type: "line",
        strokeWidth: 2,
        strokeDash: [5, 4],
        clip: true,
        point: { opacity: 0, aria: false }, // hover targets, kept out of the SVG's aria-labels
      },
      encoding: {
        ...base.encoding,
        detail: { field: "segment" },
        tooltip: [...baseTooltip.filter((t) => !t.field.startsWith("d_")), ...cols.tooltip],
      },
    });
  }
  return spec;
}

/**
 * Flat table of the points (the CSV of the figure).
 *
 * @example
 * ```ts
 * const d = computeDoubleDescent({ bits: [1], betas: [Infinity], samples: 3, unquantized: false });
 * if (doubleDescentTable(d)[0].sigma2 !== 0.1) throw new Error();
 * ```
 */
export function doubleDescentTable(data: DoubleDescentData): FigureTableRow[] {
  return data.points.map(({ solution: _, ...p }) => ({ ...p, sigma2: data.sigma2 }));
}

/**
 * The REPORT.md section of finding (iii) with the numbers of `summary`.
 *
 * @example
 * ```ts
 * const md = doubleDescentReport({ sigma2: 0.1, thresholds: [{ bits: 1, width: 0.8, alphaC: 0.27782 }], peaks: [] });
 * if (!md.includes("| 1 | 0.8 | 0.2778 |")) throw new Error(md);
 * ```
 */
export function doubleDescentReport(summary: DoubleDescentSummary): string {
  const q = summary.thresholds.filter((t) => t.bits !== Infinity);
  const lines = [
    `Interpolation thresholds α_c (zero training error below α_c; uniform quantizers at the ` +
    `Lloyd–Max width, σ² = ${fmtNumber(summary.sigma2)}):`,
    "",
    ...markdownTable(
      ["bits", "width ω", "α_c"],
      summary.thresholds.map((t) => [
        t.bits === Infinity ? "∞ (real weights)" : String(t.bits),
        fmtNumber(t.width),
        fmtNumber(t.alphaC, 4),
      ]),
    ),
    "",
    q.every((t) => t.alphaC < 1)
      ? `Every quantized α_c lies below the real-weight value 1 ` +
        `(${
          q.map((t) => `${t.bits} bit${t.bits > 1 ? "s" : ""}: ${fmtNumber(t.alphaC, 4)}`).join(
            ", ",
          )
        }): ` +
        `fewer bits need more weights per sample before the model can interpolate, i.e. ` +
        `quantization delays the onset of over-parameterisation.`
      : "Not every quantized α_c lies below the real-weight value 1.",
    "",
    "Peak of the test error (largest interior maximum of each curve; none: monotone):",
    "",
    ...markdownTable(
      ["β", "bits", "α at peak", "peak error", "RS trusted at the peak"],
      summary.peaks.map((p) => {
        const b = p.bits === Infinity ? "∞" : String(p.bits);
        return p.alpha === null ? [fmtNumber(p.beta), b, "none", "—", "—"] : [
          fmtNumber(p.beta),
          b,
          fmtNumber(p.alpha, 4),
          fmtNumber(p.error),
          trustCell(p.trusted, p.beta),
        ];
      }),
      ["r", "r", "r", "r", "l"],
    ),
    "",
    GROUND_STATE_TRUST_NOTE,
  ];
  return lines.join("\n");
}

/**
 * Builds the figure: charts at each temperature plus the zero-temperature training error.
 *
 * @example
 * ```ts
 * const f = buildDoubleDescentFigure({ quick: true });
 * if (f.id !== "double_descent" || f.charts.length < 2) throw new Error();
 * ```
 */
export function buildDoubleDescentFigure(
  options: FigureBuildOptions & DoubleDescentOptions = {},
): FigureResult<DoubleDescentData, DoubleDescentSummary> {
  const data = computeDoubleDescent({
    ...(options.quick ? { bits: [1, 2], samples: 25 } : {}),
    ...options,
  });
  return assembleFigure(
    {
      id: "double_descent",
      title: "Double descent and the interpolation threshold",
      finding:
        "(iii) Quantization delays the onset of over-parameterisation and tames double descent.",
    },
    data,
    {
      summary: doubleDescentSummary,
      charts: (d) => [
        ...d.betas.map((beta) => ({
          name: betaChartName(beta),
          spec: doubleDescentSpec(d, { beta }),
        })),
        ...(d.betas.includes(Infinity)
          ? [{
            name: "training_error",
            spec: doubleDescentSpec(d, { beta: Infinity, training: true, yMax: 0.5 }),
          }]
          : []),
      ],
      table: doubleDescentTable,
      report: (_d, s) => doubleDescentReport(s),
    },
  );
}
