/**
 * The checks of docs/theory.md §5 made visible: each one compares the RS solver with an
 * independent computation.
 *
 * 1. Continuous limit: many bits and a wide range at beta = ∞ reproduce ridgeless regression,
 *    estimation error `sigma2/(alpha − 1)` for alpha > 1 and `(1 − alpha)·rho +
 *    sigma2·alpha/(1 − alpha)` (minimum norm) for alpha < 1 (Hastie et al., Ann. Stat. 2022).
 * 2. Bayes-optimal (Nishimori) case, binary levels: `m = q`, `Q = rho`, AT < 1 and the mmse
 *    fixed point `mmse = 1 − E[tanh(s + sqrt(s)·z)]`, `s = alpha/(sigma2 + mmse)` (Tanaka,
 *    IEEE Trans. Inf. Theory 48, 2002; Guo and Verdú, 2005), solved here by its own iteration.
 * 3. Thermodynamics: `dPhi/dbeta = −e` by central finite differences.
 * 4. Zero temperature is the beta → ∞ limit of the finite-beta solution.
 * 5. An entropy crisis: negative Shannon entropy while AT < 1 (RS wrong though locally stable).
 *
 * @module
 */
import { solveRs } from "../theory/rs.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { levelSet } from "../quantizers/quantizer.ts";
import { levelsTeacher } from "../model/teacher.ts";
import { gaussHermiteNormal } from "../numerics/quadrature.ts";
import { theoryVsExperimentSpec } from "../plot/theory_vs_experiment.ts";
import type { VegaLiteSpec } from "../plot/chart_spec.ts";
import type { PointDetails } from "../plot/point_details.ts";
import { AXIS_TITLES } from "../plot/chart_spec.ts";
import {
  type FigureBuildOptions,
  figureGrid,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import { assembleFigure, rsDetails } from "./shared.ts";

/** Options for {@link computeRsChecks}. */
export interface RsChecksOptions {
  /** Label-noise variance of checks 1, 3, 4. Default 0.1. */
  sigma2?: number;
  /** Bits and width of the "many bits, wide range" quantizer of check 1. Default 10 and 6. */
  manyBits?: number;
  wideWidth?: number;
  /** alpha values of check 1. Default 0.3, 0.5, 0.7, 1.5, 2, 3, 5. */
  continuousAlphas?: readonly number[];
  /** Label noise of the Nishimori check (beta = 1/sigma2). Default 0.25. */
  nishimoriSigma2?: number;
  /** alpha values of the Nishimori check. Default 0.5, 1, 1.5. */
  nishimoriAlphas?: readonly number[];
  /** The point of checks 3 and 4: bits, width, alpha. Default 2 bits, width 1.2, alpha 2. */
  bits?: number;
  width?: number;
  alpha?: number;
  /** betas of check 3. Default 2, 5, 10. */
  thermoBetas?: readonly number[];
  /** beta grid of check 4 (log). Default 1 to 1e5, 21 points. */
  limitBetas?: readonly number[];
}

/** Check 1 at one alpha. */
export interface ContinuousLimitRow {
  alpha: number;
  /** RS estimation error `R − sigma2` of the many-bit quantizer at beta = ∞. */
  rs: number;
  /** Ridgeless closed form. */
  closedForm: number;
  phase: "ground-state" | "interpolating";
  /** The whole zero-temperature RS solution (tooltip details). */
  solution?: PointDetails;
}

/** Check 2 at one alpha. */
export interface NishimoriRow {
  alpha: number;
  m: number;
  q: number;
  Q: number;
  rho: number;
  at: number;
  /** `R − sigma2` from RS. */
  mmseRs: number;
  /** The Tanaka fixed point. */
  mmseTanaka: number;
  converged: boolean;
}

/** Check 3 at one beta. */
export interface ThermodynamicsRow {
  beta: number;
  /** Central difference of the free entropy. */
  dPhiDbeta: number;
  /** Minus the energy per weight. */
  minusEnergy: number;
}

/** Check 4 at one beta. */
export interface ZeroTemperatureLimitRow {
  beta: number;
  meanError: number;
  trainError: number;
  converged: boolean;
  /** The whole RS solution (tooltip details). */
  solution?: PointDetails;
}

/** Result of {@link computeRsChecks}. */
export interface RsChecksData {
  sigma2: number;
  continuousLimit: { bits: number; width: number; rows: ContinuousLimitRow[] };
  nishimori: { sigma2: number; levels: number[]; rows: NishimoriRow[] };
  thermodynamics: { bits: number; width: number; alpha: number; rows: ThermodynamicsRow[] };
  zeroTemperatureLimit: {
    bits: number;
    width: number;
    alpha: number;
    zeroTemperature: { meanError: number; trainError: number };
    rows: ZeroTemperatureLimitRow[];
  };
  entropyCrisis: {
    bits: number;
    width: number;
    alpha: number;
    beta: number;
    sigma2: number;
    shannonEntropy: number;
    at: number;
  };
}

/**
 * Ridgeless estimation error (without the label noise) of real weights at beta = ∞: least
 * squares `sigma2/(alpha − 1)` above alpha = 1, the minimum-norm interpolator
 * `(1 − alpha)·rho + sigma2·alpha/(1 − alpha)` below (Hastie et al., Ann. Stat. 2022).
 *
 * @example
 * ```ts
 * if (ridgelessEstimationError(2, 0.1) !== 0.1 || ridgelessEstimationError(1, 0.1) !== Infinity) throw new Error();
 * ```
 */
export function ridgelessEstimationError(alpha: number, sigma2: number, rho = 1): number {
  if (alpha === 1) return Infinity;
  return alpha > 1 ? sigma2 / (alpha - 1) : (1 - alpha) * rho + (sigma2 * alpha) / (1 - alpha);
}

/**
 * Tanaka's binary mmse fixed point `mmse = 1 − E[tanh(s + sqrt(s)·z)]`, `s = alpha/(sigma2 +
 * mmse)`, iterated from mmse = 1 (the uninformed start) with 120-node Gauss–Hermite averages.
 *
 * @example
 * ```ts
 * const m = binaryMmseFixedPoint(1, 0.25);
 * if (!(m > 0.1 && m < 0.3)) throw new Error(String(m));
 * ```
 */
export function binaryMmseFixedPoint(alpha: number, sigma2: number): number {
  const gh = gaussHermiteNormal(120);
  let mmse = 1;
  for (let it = 0; it < 100000; it++) {
    const s = alpha / (sigma2 + mmse);
    let e = 0;
    for (let k = 0; k < gh.nodes.length; k++) {
      e += gh.weights[k] * Math.tanh(s + Math.sqrt(s) * gh.nodes[k]);
    }
    const next = 1 - e;
    if (Math.abs(next - mmse) < 1e-15) return next;
    mmse = next;
  }
  return mmse;
}

/**
 * Runs the five checks (see the module doc).
 *
 * @example
 * ```ts
 * const c = computeRsChecks({ continuousAlphas: [2], nishimoriAlphas: [1], thermoBetas: [5], limitBetas: [10, 1e4] });
 * const r = c.continuousLimit.rows[0];
 * if (Math.abs(r.rs - r.closedForm) > 1e-3) throw new Error("continuous limit");
 * const n = c.nishimori.rows[0];
 * if (Math.abs(n.m - n.q) > 1e-8 || Math.abs(n.mmseRs - n.mmseTanaka) > 1e-6) throw new Error();
 * ```
 */
export function computeRsChecks(options: RsChecksOptions = {}): RsChecksData {
  const sigma2 = options.sigma2 ?? 0.1;
  const manyBits = options.manyBits ?? 10;
  const wideWidth = options.wideWidth ?? 6;
  const wide = uniformQuantizer({ bits: manyBits, width: wideWidth });
  const continuousLimit = (options.continuousAlphas ?? [0.3, 0.5, 0.7, 1.5, 2, 3, 5]).map(
    (alpha) => {
      const z = solveZeroTemperature({ alpha, sigma2, quantizer: wide });
      return {
        alpha,
        rs: z.meanError - sigma2,
        closedForm: ridgelessEstimationError(alpha, sigma2),
        phase: z.phase,
        solution: rsDetails(z),
      };
    },
  );

  const ns2 = options.nishimoriSigma2 ?? 0.25;
  const levels = [-1, 1];
  const nishimori = (options.nishimoriAlphas ?? [0.5, 1, 1.5]).map((alpha) => {
    const s = solveRs({
      alpha,
      beta: 1 / ns2,
      sigma2: ns2,
      quantizer: levelSet(levels),
      teacher: levelsTeacher(levels),
    }, { tolerance: 1e-13 });
    return {
      alpha,
      m: s.m,
      q: s.q,
      Q: s.Q,
      rho: 1,
      at: s.at,
      mmseRs: s.R - ns2,
      mmseTanaka: binaryMmseFixedPoint(alpha, ns2),
      converged: s.converged,
    };
  });

  const bits = options.bits ?? 2, width = options.width ?? 1.2, alpha = options.alpha ?? 2;
  const point = { alpha, sigma2, quantizer: uniformQuantizer({ bits, width }) };
  const thermodynamics = (options.thermoBetas ?? [2, 5, 10]).map((beta) => {
    const h = 1e-4 * beta;
    const f = (b: number) => solveRs({ ...point, beta: b }, { tolerance: 1e-13 });
    return {
      beta,
      dPhiDbeta: (f(beta + h).freeEntropy - f(beta - h).freeEntropy) / (2 * h),
      minusEnergy: -f(beta).energy,
    };
  });

  const z = solveZeroTemperature(point);
  const limitRows = (options.limitBetas ?? figureGrid(1, 1e5, 21, "log")).map((beta) => {
    const s = solveRs({ ...point, beta });
    return {
      beta,
      meanError: s.meanError,
      trainError: s.trainError,
      converged: s.converged,
      solution: rsDetails(s),
    };
  });

  const crisis = { bits: 1, width: 1.5, alpha: 0.7, beta: 10, sigma2: 0 };
  const c = solveRs({
    alpha: crisis.alpha,
    beta: crisis.beta,
    sigma2: crisis.sigma2,
    quantizer: uniformQuantizer({ bits: crisis.bits, width: crisis.width }),
  });
  return {
    sigma2,
    continuousLimit: { bits: manyBits, width: wideWidth, rows: continuousLimit },
    nishimori: { sigma2: ns2, levels, rows: nishimori },
    thermodynamics: { bits, width, alpha, rows: thermodynamics },
    zeroTemperatureLimit: {
      bits,
      width,
      alpha,
      zeroTemperature: { meanError: z.meanError, trainError: z.trainError },
      rows: limitRows,
    },
    entropyCrisis: { ...crisis, shannonEntropy: c.shannonEntropy ?? NaN, at: c.at },
  };
}

/** The largest deviation of each check. */
export interface RsChecksSummary {
  /** max |RS − closed form| over the alphas of check 1. */
  continuousLimitMaxDeviation: number;
  /** max |m − q|, |Q − rho|, |mmse_RS − mmse_Tanaka| and the largest AT of check 2. */
  nishimoriMaxMqGap: number;
  nishimoriMaxQRhoGap: number;
  nishimoriMaxMmseGap: number;
  nishimoriMaxAt: number;
  /** max relative |dPhi/dbeta + e| / |e| of check 3. */
  thermodynamicsMaxRelativeDeviation: number;
  /** |error(beta_max) − error(∞)| of check 4 and the beta_max used. */
  zeroTemperatureGap: number;
  zeroTemperatureBetaMax: number;
  /** Check 5: the Shannon entropy and replicon there. */
  crisisShannonEntropy: number;
  crisisAt: number;
}

/**
 * The key numbers of the checks.
 *
 * @example
 * ```ts
 * const s = rsChecksSummary(computeRsChecks({ continuousAlphas: [3], nishimoriAlphas: [1], thermoBetas: [5], limitBetas: [1e5] }));
 * if (!(s.thermodynamicsMaxRelativeDeviation < 1e-5 && s.crisisShannonEntropy < 0 && s.crisisAt < 1)) throw new Error();
 * ```
 */
export function rsChecksSummary(data: RsChecksData): RsChecksSummary {
  const maxOf = (xs: number[]) => xs.reduce((a, b) => Math.max(a, b), 0);
  const lim = data.zeroTemperatureLimit;
  const last = lim.rows.reduce((a, b) => (b.beta > a.beta ? b : a));
  return {
    continuousLimitMaxDeviation: maxOf(
      data.continuousLimit.rows.map((r) => Math.abs(r.rs - r.closedForm)),
    ),
    nishimoriMaxMqGap: maxOf(data.nishimori.rows.map((r) => Math.abs(r.m - r.q))),
    nishimoriMaxQRhoGap: maxOf(data.nishimori.rows.map((r) => Math.abs(r.Q - r.rho))),
    nishimoriMaxMmseGap: maxOf(data.nishimori.rows.map((r) => Math.abs(r.mmseRs - r.mmseTanaka))),
    nishimoriMaxAt: maxOf(data.nishimori.rows.map((r) => r.at)),
    thermodynamicsMaxRelativeDeviation: maxOf(
      data.thermodynamics.rows.map((r) =>
        Math.abs(r.dPhiDbeta - r.minusEnergy) / Math.abs(r.minusEnergy)
      ),
    ),
    zeroTemperatureGap: Math.abs(last.meanError - lim.zeroTemperature.meanError),
    zeroTemperatureBetaMax: last.beta,
    crisisShannonEntropy: data.entropyCrisis.shannonEntropy,
    crisisAt: data.entropyCrisis.at,
  };
}

/**
 * Chart of check 1: RS with many bits (points) against the ridgeless closed form (line).
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const spec = continuousLimitSpec(computeRsChecks({ continuousAlphas: [0.5, 2], nishimoriAlphas: [1], thermoBetas: [5], limitBetas: [10] }));
 * if (compileVegaLite(spec).warnings.length !== 0) throw new Error();
 * ```
 */
export function continuousLimitSpec(data: RsChecksData): VegaLiteSpec {
  const { bits, width, rows } = data.continuousLimit;
  const series = "ridgeless (exact)";
  const grid = [
    ...figureGrid(0.05, 0.9, 40),
    ...figureGrid(1.1, Math.max(5, ...rows.map((r) => r.alpha)), 40),
  ];
  return theoryVsExperimentSpec({
    theory: [
      ...grid.map((a) => ({ x: a, y: ridgelessEstimationError(a, data.sigma2), series })),
      { x: 1, y: null, series }, // the divergence at alpha = 1: a gap
    ],
    experiment: rows.map((r) => ({
      x: r.alpha,
      y: r.rs,
      series: `RS, ${bits} bits, ω = ${width}`,
      method: "RS (β = ∞)",
      details: r.solution,
    })),
  }, {
    title: "Continuous limit: many bits reproduce ridgeless regression",
    subtitle: `estimation error R − σ², σ² = ${data.sigma2}`,
    xTitle: AXIS_TITLES.alpha,
    yTitle: "estimation error",
    logY: true,
    colors: { [series]: "#000000" },
  });
}

/**
 * Chart of check 4: error and training error against beta (log axis) approaching the
 * beta = ∞ values (dashed horizontal lines).
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const spec = zeroTemperatureLimitSpec(computeRsChecks({ continuousAlphas: [2], nishimoriAlphas: [1], thermoBetas: [5], limitBetas: [1, 10, 100] }));
 * if (compileVegaLite(spec).warnings.length !== 0) throw new Error();
 * ```
 */
export function zeroTemperatureLimitSpec(data: RsChecksData): VegaLiteSpec {
  const lim = data.zeroTemperatureLimit;
  const betas = lim.rows.map((r) => r.beta);
  const lo = Math.min(...betas), hi = Math.max(...betas);
  return theoryVsExperimentSpec({
    theory: [
      { x: lo, y: lim.zeroTemperature.meanError, series: "test error" },
      { x: hi, y: lim.zeroTemperature.meanError, series: "test error" },
      { x: lo, y: lim.zeroTemperature.trainError, series: "training error" },
      { x: hi, y: lim.zeroTemperature.trainError, series: "training error" },
    ],
    experiment: lim.rows.filter((r) => r.converged).flatMap((r) => [
      { x: r.beta, y: r.meanError, series: "test error", method: "finite β", details: r.solution },
      {
        x: r.beta,
        y: r.trainError,
        series: "training error",
        method: "finite β",
        details: r.solution,
      },
    ]),
  }, {
    title: "Zero temperature is the β → ∞ limit",
    subtitle: `${lim.bits} bits, ω = ${lim.width}, α = ${lim.alpha}, σ² = ${data.sigma2}; ` +
      "lines: β = ∞ solution",
    xTitle: AXIS_TITLES.beta,
    yTitle: "error",
    logX: true,
  });
}

/**
 * Flat table of all checks (columns check, x, value, reference).
 *
 * @example
 * ```ts
 * const d = computeRsChecks({ continuousAlphas: [2], nishimoriAlphas: [1], thermoBetas: [5], limitBetas: [10] });
 * if (rsChecksTable(d).length !== 4) throw new Error();
 * ```
 */
export function rsChecksTable(data: RsChecksData): FigureTableRow[] {
  return [
    ...data.continuousLimit.rows.map((r) => ({
      check: "continuous limit",
      x: r.alpha,
      value: r.rs,
      reference: r.closedForm,
    })),
    ...data.nishimori.rows.map((r) => ({
      check: "Nishimori mmse",
      x: r.alpha,
      value: r.mmseRs,
      reference: r.mmseTanaka,
    })),
    ...data.thermodynamics.rows.map((r) => ({
      check: "dPhi/dbeta = -e",
      x: r.beta,
      value: r.dPhiDbeta,
      reference: r.minusEnergy,
    })),
    ...data.zeroTemperatureLimit.rows.map((r) => ({
      check: "beta -> infinity",
      x: r.beta,
      value: r.meanError,
      reference: data.zeroTemperatureLimit.zeroTemperature.meanError,
    })),
  ];
}

/**
 * The REPORT.md section: one table row per check.
 *
 * @example
 * ```ts
 * const d = computeRsChecks({ continuousAlphas: [2], nishimoriAlphas: [1], thermoBetas: [5], limitBetas: [10] });
 * if (rsChecksReport(d, rsChecksSummary(d)).split("\n").length !== 7) throw new Error();
 * ```
 */
export function rsChecksReport(data: RsChecksData, s: RsChecksSummary): string {
  const e = data.entropyCrisis;
  return [
    "| check | result |",
    "| --- | --- |",
    `| continuous limit (${data.continuousLimit.bits} bits, ω = ${
      fmtNumber(data.continuousLimit.width)
    }, β = ∞) vs ridgeless closed forms | max deviation ${
      fmtNumber(s.continuousLimitMaxDeviation, 2)
    } |`,
    `| Nishimori, binary levels, β = 1/σ² (σ² = ${
      fmtNumber(data.nishimori.sigma2)
    }) | max abs m − q ${fmtNumber(s.nishimoriMaxMqGap, 2)}, max abs Q − ρ ${
      fmtNumber(s.nishimoriMaxQRhoGap, 2)
    }, max AT ${fmtNumber(s.nishimoriMaxAt)}, max abs mmse − Tanaka ${
      fmtNumber(s.nishimoriMaxMmseGap, 2)
    } |`,
    `| dΦ/dβ = −e (central differences) | max relative deviation ${
      fmtNumber(s.thermodynamicsMaxRelativeDeviation, 2)
    } |`,
    `| β → ∞ limit (β up to ${fmtNumber(s.zeroTemperatureBetaMax)}) | gap to the β = ∞ error ${
      fmtNumber(s.zeroTemperatureGap, 2)
    } |`,
    `| entropy crisis (${e.bits} bit, ω = ${fmtNumber(e.width)}, α = ${fmtNumber(e.alpha)}, β = ${
      fmtNumber(e.beta)
    }, σ² = ${fmtNumber(e.sigma2)}) | Shannon entropy ${fmtNumber(s.crisisShannonEntropy)} ${
      s.crisisShannonEntropy < 0 ? "< 0" : "≥ 0"
    } while AT = ${fmtNumber(s.crisisAt)} ${s.crisisAt < 1 ? "< 1" : "≥ 1"} |`,
  ].join("\n");
}

/**
 * Builds the figure (checks 1 and 4 as charts, all checks in the table and report).
 *
 * @example
 * ```ts
 * const f = buildRsChecksFigure({ quick: true });
 * if (f.charts.length !== 2 || !f.report.includes("entropy crisis")) throw new Error();
 * ```
 */
export function buildRsChecksFigure(
  options: FigureBuildOptions & RsChecksOptions = {},
): FigureResult<RsChecksData, RsChecksSummary> {
  const data = computeRsChecks({
    ...(options.quick ? { limitBetas: figureGrid(1, 1e5, 6, "log") } : {}),
    ...options,
  });
  options.onProgress?.(1, 1);
  return assembleFigure(
    {
      id: "rs_checks",
      title: "Checks of the RS theory",
      finding: "The RS solver reproduces known limits and identities (docs/theory.md §5).",
    },
    data,
    {
      summary: rsChecksSummary,
      charts: (d) => [
        { name: "continuous_limit", spec: continuousLimitSpec(d) },
        { name: "zero_temperature_limit", spec: zeroTemperatureLimitSpec(d) },
      ],
      table: rsChecksTable,
      report: rsChecksReport,
    },
  );
}
