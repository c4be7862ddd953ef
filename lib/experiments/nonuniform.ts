/**
 * Non-uniform against uniform quantization at equal bits (the paper's finding that
 * non-uniform quantization is more stable): for each family, bit depth and alpha, the AT
 * crossings and zero-entropy crossings along the width (the width–bits and width–alpha
 * planes), and the errors, replicon and stability at the family's own optimal width.
 *
 * Widths of different families are not directly comparable (the width is the outermost level,
 * and non-uniform families put their inner levels closer to 0), so each row also gives
 * `stabilityRatio` = (first width where RS turns unstable) / (optimal width): above 1 the
 * optimum lies inside the RS-stable region, with that much room.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import type { QuantizerName } from "../quantizers/from_spec.ts";
import { type JupyterDisplayable, type MimeBundle, withDisplay } from "../jupyter/with_display.ts";
import { resolveModel } from "../model/params.ts";
import { experimentModelParams, type ExperimentParams } from "./params.ts";
import { SCAN_SOLVER_KEYS, type ScanSolverOptions } from "./rs_scan.ts";
import { transitionLines } from "./transition_lines.ts";
import { optimalWidth, type WidthObjective } from "./optimal_width.ts";

/**
 * The non-uniform families compared by default, with uniform as the reference.
 *
 * @example
 * ```ts
 * if (COMPARED_FAMILIES[0] !== "uniform" || !COMPARED_FAMILIES.includes("lloyd-max")) throw new Error();
 * ```
 */
export const COMPARED_FAMILIES: readonly QuantizerName[] = [
  "uniform",
  "gauss-quantile",
  "lloyd-max",
  "mu-law",
  "pow2",
];

/** Options for {@link compareNonUniform}. */
export interface NonUniformOptions extends ScanSolverOptions {
  /** Families to compare. Default {@link COMPARED_FAMILIES}. */
  families?: readonly QuantizerName[];
  /** Bit depths. Default [1, 2, 3, 4]. */
  bits?: readonly number[];
  /** Values of alpha. Default [params.alpha]. */
  alphas?: readonly number[];
  /**
   * Width range scanned for crossings (and optima). Default [0.05, 8]·sqrt(rho); without an
   * explicit `widthTo` the optimum search extends past 8·sqrt(rho) when needed.
   */
  widthFrom?: number;
  /** Upper end of the width range (see `widthFrom`). */
  widthTo?: number;
  /** Grid points of the crossing scan. Default 48. */
  samples?: number;
  /** Objective of the optimal width. Default "genError". */
  objective?: WidthObjective;
  /** mu-law parameter. Default 255. */
  mu?: number;
}

/** One row of the comparison. */
export interface NonUniformRow {
  /** Quantizer family. */
  family: QuantizerName;
  /** Bit depth. */
  bits: number;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Widths where `at = 1`, ascending. */
  atCrossings: number[];
  /** Widths where the entropy is zero, ascending. */
  entropyCrossings: number[];
  /** Smallest width where RS turns unstable (an upward AT crossing or a downward entropy crossing); null if none in range. */
  stabilityLimit: number | null;
  /** The family's own optimal width and its errors. */
  optimalWidth: number;
  /** Gibbs generalization error at the optimal width. */
  genError: number;
  /** Posterior-mean error at the optimal width. */
  meanError: number;
  /** Replicon and RS stability at the optimal width. */
  atAtOptimum: number;
  /** `atAtOptimum < 1`. */
  stableAtOptimum: boolean;
  /** stabilityLimit / optimalWidth (null without a limit in range). */
  stabilityRatio: number | null;
  /** Crossing scan and optimum converged. */
  converged: boolean;
}

/** The result of {@link compareNonUniform}. */
export interface NonUniformComparison {
  /** Inverse temperature (Infinity: zero temperature). */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** The error the width minimises. */
  objective: WidthObjective;
  /** One row per family, bit depth and alpha. */
  rows: NonUniformRow[];
  /** Every row converged. */
  converged: boolean;
}

function checkList(
  name: string,
  list: readonly number[],
  ok: (v: number) => boolean,
  range: string,
) {
  if (!Array.isArray(list) || list.length === 0) {
    throw new RangeError(`${name}: expected a non-empty list, got ${JSON.stringify(list)}`);
  }
  for (const v of list) {
    if (!ok(v)) throw new RangeError(`${name}: expected ${range}, got ${v}`);
  }
}

/**
 * Compares quantizer families at equal bits (see the module doc). Needs a finite beta.
 *
 * @throws {RangeError} on empty or invalid lists, an unknown family, beta = Infinity or an
 *   invalid model.
 * @example
 * ```ts
 * const c = compareNonUniform(
 *   { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2, width: 1 } },
 *   { families: ["uniform", "lloyd-max"], bits: [2], samples: 24 },
 * );
 * if (c.rows.length !== 2 || !c.rows.every((r) => r.atCrossings.length >= 1)) throw new Error();
 * ```
 */
export function compareNonUniform(
  params: ExperimentParams,
  options: NonUniformOptions = {},
): NonUniformComparison & JupyterDisplayable {
  checkKeys(
    options,
    [
      ...SCAN_SOLVER_KEYS,
      "families",
      "bits",
      "alphas",
      "widthFrom",
      "widthTo",
      "samples",
      "objective",
      "mu",
    ],
    "compareNonUniform options",
  );
  options ??= {};
  const model = resolveModel(experimentModelParams(params));
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(
      `beta: the comparison needs a finite beta (AT lines diverge at beta = Infinity), got ${model.beta}`,
    );
  }
  const families = options.families ?? COMPARED_FAMILIES;
  const bitsList = options.bits ?? [1, 2, 3, 4];
  const alphas = options.alphas ?? [model.alpha];
  if (!Array.isArray(families) || families.length === 0) {
    throw new RangeError(`families: expected a non-empty list, got ${JSON.stringify(families)}`);
  }
  for (const f of families) {
    if (f === "continuous" || f === "custom" || typeof f !== "string") {
      throw new RangeError(
        `families: expected level-set families with bits, got ${JSON.stringify(f)}`,
      );
    }
  }
  checkList("bits", bitsList, (b) => Number.isInteger(b) && b >= 1 && b <= 16, "integers in 1..16");
  checkList("alphas", alphas, (a) => Number.isFinite(a) && a > 0, "finite numbers > 0");
  const rho = model.teacher.rho;
  const widthFrom = options.widthFrom ?? 0.05 * Math.sqrt(rho);
  const widthTo = options.widthTo ?? 8 * Math.sqrt(rho);
  const objective = options.objective ?? "genError";
  const solver: ScanSolverOptions = {
    tolerance: options.tolerance,
    maxIterations: options.maxIterations,
    acceleration: options.acceleration,
    continuation: options.continuation,
  };
  const rows: NonUniformRow[] = [];
  for (const alpha of alphas) {
    for (const bits of bitsList) {
      for (const family of families) {
        const spec = {
          quantizer: family,
          bits,
          width: 1,
          ...(family === "mu-law" && options.mu !== undefined ? { mu: options.mu } : {}),
        };
        const p: ExperimentParams = { ...params, alpha, quantizer: spec };
        const lines = transitionLines(p, {
          ...solver,
          vary: "width",
          from: widthFrom,
          to: widthTo,
          samples: options.samples ?? 48,
        });
        const opt = optimalWidth(p, {
          ...solver,
          objective,
          from: widthFrom,
          to: options.widthTo,
        });
        const limits = [
          ...lines.at.filter((c) => c.direction === "increasing").map((c) => c.value),
          ...lines.entropy.filter((c) => c.direction === "decreasing").map((c) => c.value),
        ];
        const stabilityLimit = limits.length > 0 ? Math.min(...limits) : null;
        rows.push({
          family,
          bits,
          alpha,
          atCrossings: lines.at.map((c) => c.value),
          entropyCrossings: lines.entropy.map((c) => c.value),
          stabilityLimit,
          optimalWidth: opt.width,
          genError: opt.genError,
          meanError: opt.meanError,
          atAtOptimum: opt.at,
          stableAtOptimum: opt.stable,
          stabilityRatio: stabilityLimit === null ? null : stabilityLimit / opt.width,
          converged: lines.converged && opt.converged,
        });
      }
    }
  }
  const result: NonUniformComparison = {
    beta: model.beta,
    sigma2: model.sigma2,
    lambda: model.lambda,
    objective,
    rows,
    converged: rows.every((r) => r.converged),
  };
  return withDisplay(result, nonUniformDisplay);
}

async function nonUniformDisplay(c: NonUniformComparison): Promise<MimeBundle> {
  const { tableBundle } = await import("../jupyter/display.ts");
  return tableBundle(
    c.rows.map((r) => ({
      ...r,
      atCrossings: r.atCrossings.map((v) => Number(v.toPrecision(4))).join(", "),
      entropyCrossings: r.entropyCrossings.map((v) => Number(v.toPrecision(4))).join(", "),
    })),
    {
      title:
        `Quantizer families at equal bits (beta = ${c.beta}, sigma2 = ${c.sigma2}, lambda = ${c.lambda}; optimum of ${c.objective})`,
      digits: 4,
    },
  );
}
