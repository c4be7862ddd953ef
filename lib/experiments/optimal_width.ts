/**
 * The optimal quantization width (the paper's finding (ii)): the width `omega*` minimising the
 * RS generalization error of a Gibbs sample (`genError`) or of the posterior mean
 * (`meanError`) at fixed bits, alpha, beta, sigma2, lambda and quantizer family; at
 * beta = Infinity the ground state (`solveZeroTemperature`, where both errors equal R).
 *
 * Method: the objective on a log-spaced width grid (warm-started RS solves), then Brent's
 * minimiser (`brentMinimize`) on the two grid intervals around the best grid point. The
 * optimum is reported with its RS stability (AT replicon < 1 and, at finite beta, a
 * non-negative Shannon entropy; at beta = Infinity the replicon of a level set diverges, so
 * the RS ground state is never locally stable and `stable` is false there), and next to the
 * MSE-optimal widths of the same bit depth for a Gaussian source N(0, rho): Lloyd–Max's
 * outermost level (`lloydMaxWidth`) and the family's own MSE-optimal width
 * (`mseOptimalWidth`), so the two notions of "optimal" can be compared.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { brentMinimize } from "../numerics/roots.ts";
import { lloydMaxOptimalWidth } from "../quantizers/lloyd_max.ts";
import type { RsSolution, RsState } from "../theory/rs.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { type JupyterDisplayable, withDisplay } from "../jupyter/with_display.ts";
import { resolveModel } from "../model/params.ts";
import {
  experimentModelParams,
  type ExperimentParams,
  parameterGrid,
  quantizerAtWidth,
  withExperimentParameter,
} from "./params.ts";
import {
  SCAN_SOLVER_KEYS,
  type ScanSolverOptions,
  scanSolverOptions,
  solveRsAt,
} from "./rs_scan.ts";
import { familyMseOptimalWidth } from "./gaussian_rounding.ts";
import { rsShannonEntropy } from "./shannon_entropy.ts";

/** What the optimal width minimises. */
export type WidthObjective = "genError" | "meanError";

/** Options for {@link optimalWidth}. */
export interface OptimalWidthOptions extends ScanSolverOptions {
  /** Default "genError" (Gibbs sample); "meanError" is the posterior mean's error. */
  objective?: WidthObjective;
  /** Smallest width scanned. Default 0.05·sqrt(rho). */
  from?: number;
  /**
   * Largest width scanned. Default 8·sqrt(rho), doubled (up to 4 times) while the best width
   * found is the largest scanned.
   */
  to?: number;
  /** Log-spaced grid points of the scan, >= 3. Default 40. */
  samples?: number;
}

/** The result of {@link optimalWidth}. */
export interface OptimalWidthResult {
  /** Quantizer family and bits (log2 of the number of levels). */
  family: string;
  /** Bit depth. */
  bits: number;
  /** The error the width minimises. */
  objective: WidthObjective;
  /** The optimal width omega*. */
  width: number;
  /** Errors at omega*. */
  genError: number;
  /** Posterior-mean error at the optimal width. */
  meanError: number;
  /** Training error at the optimal width. */
  trainError: number;
  /** Replicon at omega* (Infinity for a level set at beta = Infinity). */
  at: number;
  /** Shannon entropy per weight at omega* (null at beta = Infinity). */
  shannonEntropy: number | null;
  /** `at < 1` and, for finite beta, `shannonEntropy >= 0` (when defined). */
  stable: boolean;
  /** beta = Infinity only: "ground-state" or "interpolating"; null at finite beta. */
  phase: "ground-state" | "interpolating" | null;
  /** False where RS is known to be wrong (the interpolating ground state of a level set). */
  valid: boolean;
  /** Lloyd–Max outermost level for a N(0, rho) source at these bits, `lloydMaxOptimalWidth(bits)·sqrt(rho)` (null for non-integer bits). */
  lloydMaxWidth: number | null;
  /** The MSE-optimal width of this family for a N(0, rho) source. */
  mseOptimalWidth: number;
  /** The scan interval handed to Brent's minimiser. */
  bracket: [number, number];
  /** omega* lies strictly inside the scanned range (not at an end). */
  interior: boolean;
  /** Minimiser converged, omega* interior, the solve at omega* converged. */
  converged: boolean;
  /** Widths of the scan whose solve did not converge (excluded). */
  nonConverged: number[];
  /** Objective evaluations (RS solves). */
  evaluations: number;
}

interface Evaluated {
  value: number;
  genError: number;
  meanError: number;
  trainError: number;
  at: number;
  shannonEntropy: number | null;
  converged: boolean;
  phase: "ground-state" | "interpolating" | null;
  valid: boolean;
  state?: RsState;
}

/**
 * The width minimising the generalization error (see the module doc).
 *
 * @throws {RangeError} for continuous weights (no width), an invalid objective, range or model.
 * @example
 * ```ts
 * const r = optimalWidth({ alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform", bits: 2 } });
 * if (!r.converged || !(r.width > 0.5 && r.width < 3) || r.bits !== 2) throw new Error();
 * ```
 */
export function optimalWidth(
  params: ExperimentParams,
  options: OptimalWidthOptions = {},
): OptimalWidthResult & JupyterDisplayable {
  checkKeys(
    options,
    [...SCAN_SOLVER_KEYS, "objective", "from", "to", "samples"],
    "optimalWidth options",
  );
  options ??= {};
  const objective = options.objective ?? "genError";
  if (objective !== "genError" && objective !== "meanError") {
    throw new RangeError(
      `objective: expected "genError" or "meanError", got ${JSON.stringify(objective)}`,
    );
  }
  // a spec without width: any width will do to validate (the width is what we vary)
  const spec = params.quantizer as { quantizer?: string; width?: number; levels?: unknown };
  const base: ExperimentParams = spec.quantizer !== undefined && spec.quantizer !== "continuous" &&
      spec.width === undefined && spec.levels === undefined
    ? { ...params, quantizer: { ...params.quantizer, width: 1 } as ExperimentParams["quantizer"] }
    : params;
  const q0 = quantizerAtWidth(base.quantizer);
  if (q0.kind !== "levels") {
    throw new RangeError(`quantizer: continuous weights have no width to optimise`);
  }
  const model = resolveModel(experimentModelParams(base));
  const rho = model.teacher.rho;
  const from = options.from ?? 0.05 * Math.sqrt(rho);
  const to = options.to ?? 8 * Math.sqrt(rho);
  const samples = options.samples ?? 40;
  if (!(Number.isFinite(from) && from > 0)) {
    throw new RangeError(`from: expected a finite width > 0, got ${from}`);
  }
  if (!(Number.isInteger(samples) && samples >= 3)) {
    throw new RangeError(`samples: expected an integer >= 3, got ${samples}`);
  }
  const grid = parameterGrid(from, to, samples, "log", "width");
  const finite = Number.isFinite(model.beta);
  const solved: Evaluated[] = [];
  const evaluate = (w: number): Evaluated => {
    let e: Evaluated;
    if (finite) {
      let start: RsState | undefined;
      let best = Infinity;
      for (const p of solved) {
        if (p.state && Math.abs(Math.log(p.value / w)) < best) {
          best = Math.abs(Math.log(p.value / w));
          start = p.state;
        }
      }
      const s: RsSolution = solveRsAt(base, "width", w, { ...scanSolverOptions(options), start });
      e = {
        value: w,
        genError: s.genError,
        meanError: s.meanError,
        trainError: s.trainError,
        at: s.at,
        shannonEntropy: rsShannonEntropy(s),
        converged: s.converged,
        phase: null,
        valid: true,
        state: s.converged ? { m: s.m, q: s.q, V: s.V } : undefined,
      };
    } else {
      const s = solveZeroTemperature(
        experimentModelParams(withExperimentParameter(base, "width", w)),
        {
          tolerance: Math.min(options.tolerance ?? 1e-12, 1e-12),
          maxIterations: options.maxIterations,
        },
      );
      e = {
        value: w,
        genError: s.genError,
        meanError: s.meanError,
        trainError: s.trainError,
        at: s.at,
        shannonEntropy: null,
        converged: s.converged,
        phase: s.phase,
        valid: s.valid,
      };
    }
    solved.push(e);
    return e;
  };
  const scan = grid.map(evaluate);
  const argmin = (): number => {
    let k = -1;
    scan.forEach((e, j) => {
      if (
        e.converged && Number.isFinite(e[objective]) && (k < 0 || e[objective] < scan[k][objective])
      ) {
        k = j;
      }
    });
    return k;
  };
  let i = argmin();
  // the best point at the upper end of the default range: extend the range (x2, up to 4 times)
  for (let extend = 0; extend < 4 && options.to === undefined && i === grid.length - 1; extend++) {
    const top = grid[grid.length - 1];
    const more = parameterGrid(top, 2 * top, 9, "log", "width").slice(1);
    for (const w of more) {
      grid.push(w);
      scan.push(evaluate(w));
    }
    i = argmin();
  }
  const nonConverged = scan.filter((e) => !e.converged).map((e) => e.value);
  if (i < 0) {
    throw new RangeError(
      `width: no converged solve in [${from}, ${to}]; the objective is undefined there`,
    );
  }
  const lo = grid[Math.max(0, i - 1)], hi = grid[Math.min(grid.length - 1, i + 1)];
  const f = (w: number): number => {
    const e = evaluate(w);
    return e.converged ? e[objective] : NaN;
  };
  const m = brentMinimize(f, lo, hi, { tolerance: 1e-10, relativeTolerance: 1e-9 });
  let best = solved.find((e) => e.value === m.x && e.converged) ?? evaluate(m.x);
  if (scan[i][objective] < best[objective]) best = scan[i];
  const interior = i > 0 && i < grid.length - 1 && best.value > lo && best.value < hi;
  const bits = q0.bits;
  const lloydMaxWidth = Number.isInteger(bits) && bits >= 1 && bits <= 16
    ? lloydMaxOptimalWidth(bits) * Math.sqrt(rho)
    : null;
  const entropyOk = !finite || best.shannonEntropy === null || best.shannonEntropy >= 0;
  const result: OptimalWidthResult = {
    family: q0.family,
    bits,
    objective,
    width: best.value,
    genError: best.genError,
    meanError: best.meanError,
    trainError: best.trainError,
    at: best.at,
    shannonEntropy: best.shannonEntropy,
    stable: best.at < 1 && entropyOk,
    phase: best.phase,
    valid: best.valid,
    lloydMaxWidth,
    mseOptimalWidth: familyMseOptimalWidth(q0, { rho }).width,
    bracket: [lo, hi],
    interior,
    converged: m.converged && interior && best.converged,
    nonConverged,
    evaluations: solved.length,
  };
  return withDisplay(result, (r) => ({
    "text/plain": [
      `optimal width (${r.objective}, ${r.family}, ${r.bits} bits): ${r.width.toPrecision(6)}`,
      `  genError ${r.genError.toPrecision(6)}, meanError ${r.meanError.toPrecision(6)}, at ${
        r.at.toPrecision(4)
      }, stable ${r.stable}`,
      `  Lloyd–Max width ${r.lloydMaxWidth?.toPrecision(6) ?? "-"}, family MSE-optimal width ${
        r.mseOptimalWidth.toPrecision(6)
      }`,
      `  converged ${r.converged}`,
    ].join("\n"),
  }));
}
