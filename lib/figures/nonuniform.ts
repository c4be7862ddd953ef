/**
 * Non-uniform quantization is more stable. At equal bits, quantizer families that put their
 * levels densely near zero (Gaussian-quantile, Lloyd–Max, companding, powers of two) are
 * compared with the uniform grid: at each family's own optimal width, the replicon AT, the
 * test error, and how far the width can grow before RS turns unstable (`stabilityLimit`,
 * the first AT or zero-entropy crossing) relative to the optimal width (`stabilityRatio`;
 * widths of different families are not comparable directly, since the width is only the
 * outermost level). Everything comes from `compareNonUniform` (`lib/experiments/nonuniform.ts`).
 *
 * @module
 */
import {
  COMPARED_FAMILIES,
  compareNonUniform,
  type NonUniformComparison,
  type NonUniformRow,
} from "../experiments/nonuniform.ts";
import { quantizerFromSpec, type QuantizerName } from "../quantizers/from_spec.ts";
import { solveRs } from "../theory/rs.ts";
import type { PointDetails } from "../plot/point_details.ts";
import { compareQuantizersSpec } from "../plot/compare_quantizers.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import {
  checkFigureBits,
  type FigureBuildOptions,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import { assembleFigure, rsDetails } from "./shared.ts";

/** Options for {@link computeNonUniformFigure}. */
export interface NonUniformFigureOptions {
  /** Families. Default {@link COMPARED_FAMILIES} (uniform first). */
  families?: readonly QuantizerName[];
  /** Bit depths. Default [1, 2, 3, 4]. */
  bits?: readonly number[];
  /** Values of alpha. Default [1, 2, 4]. */
  alphas?: readonly number[];
  /** Inverse temperature and label noise. Default 10 and 0.1. */
  beta?: number;
  sigma2?: number;
  /** Grid points of the crossing scan. Default 48. */
  samples?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Result of {@link computeNonUniformFigure}: the comparison, plus what was asked. */
export interface NonUniformFigureData {
  families: QuantizerName[];
  bits: number[];
  alphas: number[];
  /** End of the stability scan (compareNonUniform's default, 8·sqrt(rho)). */
  widthTo: number;
  comparison: NonUniformComparison;
  /**
   * Per row of the comparison (same order): the whole RS solution at the family's optimal
   * width, with the width, the stability limit and ratio (tooltip details).
   */
  optimumSolutions?: PointDetails[];
}

/**
 * Runs the comparison.
 *
 * @example
 * ```ts
 * const d = computeNonUniformFigure({ families: ["uniform", "lloyd-max"], bits: [2], alphas: [2], samples: 16 });
 * if (d.comparison.rows.length !== 2) throw new Error();
 * ```
 */
export function computeNonUniformFigure(
  options: NonUniformFigureOptions = {},
): NonUniformFigureData {
  const families = [...(options.families ?? COMPARED_FAMILIES)];
  const bits = checkFigureBits(options.bits ?? [1, 2, 3, 4]);
  const alphas = [...(options.alphas ?? [1, 2, 4])];
  const widthTo = 8;
  const comparison = compareNonUniform(
    {
      alpha: alphas[0],
      beta: options.beta ?? 10,
      sigma2: options.sigma2 ?? 0.1,
      quantizer: { quantizer: "uniform", bits: bits[0], width: 1 },
    },
    // the crossing scan ends at 8 (the default); the optimum search may go beyond it
    { families, bits, alphas, samples: options.samples ?? 48 },
  );
  const optimumSolutions = comparison.rows.map((r) => {
    const s = solveRs({
      alpha: r.alpha,
      beta: comparison.beta,
      sigma2: comparison.sigma2,
      lambda: comparison.lambda,
      quantizer: quantizerFromSpec({ quantizer: r.family, bits: r.bits, width: r.optimalWidth }),
    });
    return rsDetails(s, {
      optimalWidth: r.optimalWidth,
      stabilityLimit: r.stabilityLimit,
      stabilityRatio: r.stabilityRatio,
    });
  });
  options.onProgress?.(1, 1);
  return { families, bits, alphas, widthTo, comparison, optimumSolutions };
}

/** One non-uniform family against uniform at one (bits, alpha). */
export interface NonUniformVerdict {
  family: QuantizerName;
  bits: number;
  alpha: number;
  /** AT at the family's optimum minus uniform's (negative: further from the instability). */
  atDifference: number;
  /** Ratio of stability ratios (family / uniform); Infinity if only uniform has a limit in range. */
  stabilityGain: number | null;
  /** Test error at the optimum minus uniform's. */
  errorDifference: number;
  /**
   * "more room": a larger stability ratio than uniform (by > 1 %) or a limit beyond the scan
   * where uniform has one; "less room": the reverse; "equal": within 1 % or both beyond it.
   */
  verdict: "more room" | "equal" | "less room";
}

/** Key numbers. */
export interface NonUniformSummary {
  beta: number;
  sigma2: number;
  /** Every (family ≠ uniform, bits ≥ 2, alpha) against uniform. */
  verdicts: NonUniformVerdict[];
  /** Per family: how many of its comparisons give more, equal and less room than uniform. */
  perFamily: { family: QuantizerName; more: number; equal: number; less: number; total: number }[];
  /** The rows (family, bits, alpha) with the largest stability ratio or no limit in range. */
  rows: NonUniformRow[];
}

/** Effective stability ratio: no limit in the scanned range counts as Infinity. */
function ratioOf(r: NonUniformRow): number | null {
  if (r.stabilityLimit === null) return Infinity;
  return r.stabilityRatio;
}

/**
 * Compares every non-uniform family with uniform at bits >= 2 (at one bit every symmetric
 * family is {±ω}).
 *
 * @example
 * ```ts
 * const d = computeNonUniformFigure({ families: ["uniform", "lloyd-max"], bits: [3], alphas: [2], samples: 24 });
 * const s = nonUniformSummary(d);
 * if (s.verdicts.length !== 1 || s.perFamily[0].family !== "lloyd-max") throw new Error();
 * ```
 */
export function nonUniformSummary(data: NonUniformFigureData): NonUniformSummary {
  const rows = data.comparison.rows;
  const verdicts: NonUniformVerdict[] = [];
  for (const r of rows) {
    if (r.family === "uniform" || r.bits < 2) continue;
    const u = rows.find((x) => x.family === "uniform" && x.bits === r.bits && x.alpha === r.alpha);
    if (u === undefined) continue;
    const ru = ratioOf(u), rf = ratioOf(r);
    const gain = ru === null || rf === null
      ? null
      : ru === Infinity
      ? (rf === Infinity ? 1 : rf / ru)
      : rf / ru;
    verdicts.push({
      family: r.family,
      bits: r.bits,
      alpha: r.alpha,
      atDifference: r.atAtOptimum - u.atAtOptimum,
      stabilityGain: gain,
      errorDifference: r.genError - u.genError,
      verdict: gain === null || Math.abs(gain - 1) <= 0.01
        ? "equal"
        : gain > 1
        ? "more room"
        : "less room",
    });
  }
  const families = data.families.filter((f) => f !== "uniform");
  return {
    beta: data.comparison.beta,
    sigma2: data.comparison.sigma2,
    verdicts,
    perFamily: families.map((family) => {
      const v = verdicts.filter((x) => x.family === family);
      const count = (k: NonUniformVerdict["verdict"]) => v.filter((x) => x.verdict === k).length;
      return {
        family,
        more: count("more room"),
        equal: count("equal"),
        less: count("less room"),
        total: v.length,
      };
    }),
    rows,
  };
}

/**
 * Chart: a quantity at each family's optimal width against the bits, one line per family, at
 * one alpha. `"at"`: the replicon; `"ratio"`: stability limit / optimal width (capped at the
 * scan's end where there is no limit); `"error"`: the test error.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = computeNonUniformFigure({ families: ["uniform", "lloyd-max"], bits: [2, 3], alphas: [2], samples: 16 });
 * if (compileVegaLite(nonUniformSpec(d, "at", 2)).warnings.length !== 0) throw new Error();
 * ```
 */
export function nonUniformSpec(
  data: NonUniformFigureData,
  quantity: "at" | "ratio" | "error",
  alpha: number,
): VegaLiteSpec {
  if (!data.alphas.includes(alpha)) {
    throw new RangeError(`alpha: expected one of ${data.alphas.join(", ")}, got ${alpha}`);
  }
  const rows = data.comparison.rows.flatMap((r, i) =>
    r.alpha !== alpha ? [] : [{
      x: r.bits,
      y: quantity === "at" ? r.atAtOptimum : quantity === "error" ? r.genError : r.stabilityRatio,
      series: r.family,
      details: data.optimumSolutions?.[i],
    }]
  );
  const what = {
    at: ["AT replicon at the optimal width", "AT at ω*", "lower: further from the RSB phase"],
    ratio: [
      "Room before RS breaks: stability limit / optimal width",
      "ω_limit / ω*",
      `higher: more stable; no point: RS stable up to ω = ${data.widthTo}`,
    ],
    error: ["Test error at the optimal width", "ε_g at ω* (Gibbs sample)", "lower: better"],
  }[quantity];
  return compareQuantizersSpec(rows, {
    title: `${what[0]}, α = ${alpha}, β = ${data.comparison.beta}`,
    subtitle: what[2],
    xTitle: AXIS_TITLES.bits,
    yTitle: what[1],
    seriesTitle: "quantizer",
    dashedSeries: ["uniform"],
    logY: quantity === "ratio",
  });
}

/**
 * Flat table: the comparison rows, crossings joined by spaces.
 *
 * @example
 * ```ts
 * const d = computeNonUniformFigure({ families: ["uniform"], bits: [1], alphas: [2], samples: 12 });
 * if (typeof nonUniformTable(d)[0].atCrossings !== "string") throw new Error();
 * ```
 */
export function nonUniformTable(data: NonUniformFigureData): FigureTableRow[] {
  return data.comparison.rows.map((r) => ({
    ...r,
    atCrossings: r.atCrossings.join(" "),
    entropyCrossings: r.entropyCrossings.join(" "),
    beta: data.comparison.beta,
    sigma2: data.comparison.sigma2,
  }));
}

/**
 * The REPORT.md section.
 *
 * @example
 * ```ts
 * const d = computeNonUniformFigure({ families: ["uniform", "lloyd-max"], bits: [2], alphas: [2], samples: 12 });
 * if (!nonUniformReport(d, nonUniformSummary(d)).includes("| lloyd-max | 2 |")) throw new Error();
 * ```
 */
export function nonUniformReport(data: NonUniformFigureData, s: NonUniformSummary): string {
  const a = data.alphas.includes(2) ? 2 : data.alphas[0];
  const rows = s.rows.filter((r) => r.alpha === a);
  return [
    `At each family's optimal width (β = ${fmtNumber(s.beta)}, σ² = ${fmtNumber(s.sigma2)}, α = ${
      fmtNumber(a)
    }; limit = first width where RS breaks, "none" = stable up to ω = ${fmtNumber(data.widthTo)}):`,
    "",
    "| quantizer | bits | ω* | test error | AT at ω* | stability limit | limit / ω* |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows.map((r) =>
      `| ${r.family} | ${r.bits} | ${fmtNumber(r.optimalWidth)} | ${fmtNumber(r.genError)} | ${
        fmtNumber(r.atAtOptimum)
      } | ${r.stabilityLimit === null ? "none" : fmtNumber(r.stabilityLimit)} | ${
        r.stabilityRatio === null ? "—" : fmtNumber(r.stabilityRatio)
      } |`
    ),
    "",
    `Room before RS breaks (limit / ω*) compared with uniform over bits ≥ 2 and α ∈ {${
      data.alphas.map((x) => fmtNumber(x)).join(", ")
    }} (more / equal within 1 % / less): ${
      s.perFamily.map((f) => `${f.family} ${f.more}/${f.equal}/${f.less}`).join(", ")
    }.`,
  ].join("\n");
}

/**
 * Builds the figure.
 *
 * @example
 * ```ts
 * const f = buildNonUniformFigure({ quick: true });
 * if (f.charts.length !== 3) throw new Error();
 * ```
 */
export function buildNonUniformFigure(
  options: FigureBuildOptions & NonUniformFigureOptions = {},
): FigureResult<NonUniformFigureData, NonUniformSummary> {
  const data = computeNonUniformFigure({
    ...(options.quick
      ? {
        bits: [2, 3],
        alphas: [2],
        samples: 20,
        families: ["uniform", "gauss-quantile", "lloyd-max"] as QuantizerName[],
      }
      : {}),
    ...options,
  });
  const a = data.alphas.includes(2) ? 2 : data.alphas[0];
  return assembleFigure(
    {
      id: "nonuniform",
      title: "Non-uniform against uniform quantization",
      finding:
        "Non-uniform quantization is more stable (the paper's claim; tested here by the room before RS breaks at each family's optimal width).",
    },
    data,
    {
      summary: nonUniformSummary,
      charts: (d) => [
        { name: "at_optimum", spec: nonUniformSpec(d, "at", a) },
        { name: "stability_room", spec: nonUniformSpec(d, "ratio", a) },
        { name: "error", spec: nonUniformSpec(d, "error", a) },
      ],
      table: nonUniformTable,
      report: nonUniformReport,
    },
  );
}
