/**
 * Finite-N ground truth at beta = ∞ (docs/theory.md §3b, "Finite-N ground truth"): ground
 * states of many instances (seeds) at several sizes N, exactly by sphere decoding (default) or
 * meet-in-the-middle enumeration, or by annealing (an upper bound), run in module workers; per N the mean ± standard error over instances of
 * the training error, the test error of the minimiser, m, Q and the energy, and a weighted
 * least-squares extrapolation of each in 1/N to N = ∞ (the value the zero-temperature RS and
 * 1RSB theories predict), next to the RS ground state at the same parameters.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { resolveModel } from "../model/params.ts";
import { runInWorkers } from "../parallel/worker_pool.ts";
import {
  type GroundState,
  type GroundStateParams,
  resolveGroundStateModel,
  withGroundStateDisplay,
} from "../algorithms/ground_state.ts";
import {
  checkEnumerationSize,
  type EnumerateOptions,
  exactGroundStateParallel,
  exactGroundStateSeedTask,
} from "../algorithms/ground_state_enumerate.ts";
import {
  resolveSphereOptions,
  SPHERE_MAX_N,
  sphereGroundStateSeedTask,
  type SphereOptions,
} from "../algorithms/ground_state_sphere.ts";
import {
  annealGroundStateSeedTask,
  type AnnealOptions,
  resolveAnnealOptions,
} from "../algorithms/ground_state_anneal.ts";
import { fieldStatistics } from "../algorithms/seeds.ts";
import { seedInstance } from "../algorithms/synthetic.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import { algorithmTable, withDisplay } from "../algorithms/display.ts";

/** The quantities averaged over instances and extrapolated in 1/N. */
export const GROUND_STATE_FIELDS = ["trainError", "genError", "m", "Q", "energy"] as const;

/** One of {@link GROUND_STATE_FIELDS}. */
export type GroundStateField = typeof GROUND_STATE_FIELDS[number];

/** A value per field (null where undefined, e.g. a standard error from one instance). */
export type GroundStateStatistics = Record<GroundStateField, number | null>;

/** A straight-line fit `value(1/N) = intercept + slope/N`. */
export interface InverseNFit {
  /** The extrapolated value at 1/N = 0. */
  value: number;
  /** Its standard error (null when it cannot be estimated). */
  stderr: number | null;
  /** The fitted slope (coefficient of 1/N). */
  slope: number;
  /** Its standard error (null when it cannot be estimated). */
  slopeStderr: number | null;
  /** Sizes that entered the fit. */
  points: number;
  /**
   * `"weighted"`: weights 1/stderr², errors from those stderrs; `"unweighted"`: some stderr was
   * missing or 0, ordinary least squares with errors from the residual scatter.
   */
  weighting: "weighted" | "unweighted";
  /** Reduced chi² of the weighted fit (null for 2 points or unweighted). */
  chi2PerDof: number | null;
}

/** One size of the series. */
export interface GroundStateSeriesPoint {
  /** Number of weights N. */
  n: number;
  /** One ground state per seed, in seed order. */
  runs: GroundState[];
  /** Mean over instances. */
  mean: GroundStateStatistics;
  /** Standard error of the mean over instances, `sd/sqrt(k)`. */
  stderr: GroundStateStatistics;
  /**
   * Instances whose search converged (enumeration: all; sphere decoding: those finished within
   * the node budget; annealing: restarts agreeing).
   */
  converged: number;
  /** Total wall-clock time of the size's runs (ms, summed over workers). */
  timeMs: number;
}

/** A finished series. */
export interface GroundStateSeries {
  /** Sphere decoding (exact), meet-in-the-middle enumeration (exact) or simulated annealing. */
  method: GroundStateMethod;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** Number of levels K. */
  levels: number;
  /** The instance seeds (the same at every size). */
  seeds: number[];
  /** One entry per size, ascending. */
  points: GroundStateSeriesPoint[];
  /** Extrapolation to N = ∞ of each field (null with fewer than 2 sizes). */
  extrapolation: Record<GroundStateField, InverseNFit | null>;
  /**
   * RS ground state at the same parameters. If the solver refused them (a RangeError, e.g. a
   * model outside its range), the statistics are null, `phase` is `"failed"`, `converged` is
   * false and `reason` says why; otherwise `reason` is null.
   */
  rs: GroundStateStatistics & {
    phase: string;
    valid: boolean;
    converged: boolean;
    reason: string | null;
  };
}

/** Options for {@link groundStateSeries}. */
export interface GroundStateSeriesOptions {
  /** Sizes N (distinct integers >= 1). */
  sizes: readonly number[];
  /** Seeds, one instance each per size (distinct integers >= 0). */
  seeds: readonly number[];
  /**
   * `"sphere"` (exact branch and bound, default: the fastest exact method at every size
   * measured, see bench/ground_state_bench.ts), `"enumerate"` (exact meet in the middle,
   * K^N bounded) or `"anneal"` (upper bound).
   */
  method?: GroundStateMethod;
  /** Options of the enumeration. */
  enumerate?: EnumerateOptions;
  /** Options of the sphere decoding (a run stopped by `maxNodes` is counted as not converged). */
  sphere?: SphereOptions;
  /** Options of the annealing search. */
  anneal?: AnnealOptions;
  /** Module workers; default: the machine's cores. 1 runs in this thread. */
  workers?: number;
  /** Called after each finished instance. */
  onProgress?: (done: number, total: number) => void;
}

/** The ground-state searches of a series. */
export type GroundStateMethod = "sphere" | "enumerate" | "anneal";

/** A task for {@link groundStateSeriesTask} (structured-cloneable). */
export interface GroundStateSeriesTask {
  method: GroundStateMethod;
  params: GroundStateParams;
  n: number;
  seed: number;
  options?: EnumerateOptions | AnnealOptions | SphereOptions;
}

/**
 * One instance of a series (the unit of work in the module workers).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const g = groundStateSeriesTask({ method: "enumerate", params, n: 8, seed: 1 });
 * if (g.method !== "enumerate" || g.n !== 8) throw new Error();
 * ```
 */
export function groundStateSeriesTask(task: GroundStateSeriesTask): GroundState {
  return task.method === "enumerate"
    ? exactGroundStateSeedTask({ ...task, options: task.options as EnumerateOptions })
    : task.method === "sphere"
    ? sphereGroundStateSeedTask({ ...task, options: task.options as SphereOptions })
    : annealGroundStateSeedTask({ ...task, options: task.options as AnnealOptions });
}

/**
 * Mean and standard error (`sd/sqrt(k)`) over instances of each field.
 *
 * @example
 * ```ts
 * const rows = [1, 2, 3].map((v) => ({ trainError: v, genError: v, m: v, Q: v, energy: v }));
 * const s = groundStateStatistics(rows);
 * if (s.mean.m !== 2 || Math.abs(s.stderr.m! - 1 / Math.sqrt(3)) > 1e-15) throw new Error();
 * ```
 */
export function groundStateStatistics(
  runs: readonly Record<GroundStateField, number>[],
): { mean: GroundStateStatistics; stderr: GroundStateStatistics } {
  return fieldStatistics(runs, GROUND_STATE_FIELDS);
}

/**
 * Least-squares straight line in x = 1/N through per-size means, extrapolated to x = 0.
 * With every standard error finite and > 0 it is the weighted fit (weights `1/s_i²`), whose
 * intercept error is `sqrt(Σw x² / Δ)`, `Δ = Σw·Σw x² − (Σw x)²` (e.g. Bevington & Robinson,
 * _Data Reduction and Error Analysis_, ch. 6); otherwise ordinary least squares with the
 * residual variance `RSS/(k − 2)` in place of the `s_i²` (error null for 2 points). Null with
 * fewer than 2 distinct sizes.
 *
 * @throws {RangeError} on a non-finite mean or a size < 1.
 * @example
 * ```ts
 * // points on 0.3 − 2/N are extrapolated to 0.3 exactly
 * const pts = [10, 20, 40].map((n) => ({ n, mean: 0.3 - 2 / n, stderr: 0.01 }));
 * const f = extrapolateInverseN(pts)!;
 * if (Math.abs(f.value - 0.3) > 1e-12 || Math.abs(f.slope + 2) > 1e-10) throw new Error();
 * ```
 */
export function extrapolateInverseN(
  points: readonly { n: number; mean: number; stderr: number | null }[],
): InverseNFit | null {
  for (const p of points) {
    if (!(p.n >= 1)) throw new RangeError(`n: expected a size >= 1, got ${p.n}`);
    if (!Number.isFinite(p.mean)) {
      throw new RangeError(`mean: expected a finite mean at n = ${p.n}, got ${p.mean}`);
    }
  }
  const k = points.length;
  if (new Set(points.map((p) => p.n)).size < 2) return null;
  const weighted = points.every((p) => p.stderr !== null && p.stderr > 0 && isFinite(p.stderr));
  let S = 0, Sx = 0, Sxx = 0, Sy = 0, Sxy = 0;
  for (const p of points) {
    const x = 1 / p.n, w = weighted ? 1 / (p.stderr! * p.stderr!) : 1;
    S += w;
    Sx += w * x;
    Sxx += w * x * x;
    Sy += w * p.mean;
    Sxy += w * x * p.mean;
  }
  const delta = S * Sxx - Sx * Sx;
  const value = (Sxx * Sy - Sx * Sxy) / delta;
  const slope = (S * Sxy - Sx * Sy) / delta;
  let chi2 = 0;
  for (const p of points) {
    const w = weighted ? 1 / (p.stderr! * p.stderr!) : 1;
    chi2 += w * (p.mean - value - slope / p.n) ** 2;
  }
  let scale: number | null;
  if (weighted) scale = 1;
  else scale = k > 2 ? chi2 / (k - 2) : null;
  return {
    value,
    stderr: scale === null ? null : Math.sqrt((scale * Sxx) / delta),
    slope,
    slopeStderr: scale === null ? null : Math.sqrt((scale * S) / delta),
    points: k,
    weighting: weighted ? "weighted" : "unweighted",
    chi2PerDof: weighted && k > 2 ? chi2 / (k - 2) : null,
  };
}

/**
 * The finite-size corrections compared at a finite-N point: 1/N (the reference), 1/N + 1/N²,
 * and N^(−2/3) (the scaling of some spin-glass ground-state energies), each a model for
 * {@link fitFiniteSize}.
 */
export const FINITE_SIZE_MODELS: readonly { name: string; exponents: readonly number[] }[] = [
  { name: "1/N", exponents: [1] },
  { name: "1/N + 1/N²", exponents: [1, 2] },
  { name: "N^(−2/3)", exponents: [2 / 3] },
];

/** A finite-size correction model: `value + Σ_k c_k·N^(−p_k)` over the given exponents. */
export interface FiniteSizeFit {
  /** The exponents p_k of the corrections (e.g. [1], [1, 2], [2/3]). */
  exponents: number[];
  /** The extrapolated value at N = ∞. */
  value: number;
  /** Its standard error from the per-size standard errors (null when some is missing or 0). */
  stderr: number | null;
  /** The fitted coefficients c_k of the corrections. */
  coefficients: number[];
  /** χ² of the weighted fit (null when unweighted). */
  chi2: number | null;
  /** Degrees of freedom: sizes − 1 − number of corrections. */
  dof: number;
  /** Normalised residuals `(mean − fit)/stderr` per size (raw residuals when unweighted). */
  residuals: number[];
}

/**
 * Weighted least-squares fit of per-size means to `value + Σ_k c_k·N^(−p_k)` (weights
 * `1/stderr²`, ordinary least squares when some stderr is missing or 0), for comparing
 * finite-size corrections (1/N, 1/N + 1/N², N^(−2/3), ...) by their χ² and residuals. The
 * value's standard error is `sqrt((AᵀWA)⁻¹₀₀)` (Bevington & Robinson, ch. 7). Null when there
 * are not more sizes than parameters.
 *
 * @throws {RangeError} on a size < 1, a non-finite mean or exponent, or no exponent.
 * @example
 * ```ts
 * // points on 0.2 + 1/N − 3/N² are recovered by the quadratic model, not by the line
 * const pts = [10, 14, 20, 30, 50].map((n) => ({ n, mean: 0.2 + 1 / n - 3 / n ** 2, stderr: 0.001 }));
 * const q = fitFiniteSize(pts, [1, 2])!;
 * if (Math.abs(q.value - 0.2) > 1e-10 || q.chi2! > 1e-12) throw new Error();
 * if (!(fitFiniteSize(pts, [1])!.chi2! > 1)) throw new Error();
 * ```
 */
export function fitFiniteSize(
  points: readonly { n: number; mean: number; stderr: number | null }[],
  exponents: readonly number[],
): FiniteSizeFit | null {
  if (!Array.isArray(exponents) || exponents.length === 0) {
    throw new RangeError(
      `exponents: expected a non-empty list of finite numbers, got ${exponents}`,
    );
  }
  for (const e of exponents) {
    if (!Number.isFinite(e)) throw new RangeError(`exponents: expected finite numbers, got ${e}`);
  }
  for (const p of points) {
    if (!(p.n >= 1)) throw new RangeError(`n: expected a size >= 1, got ${p.n}`);
    if (!Number.isFinite(p.mean)) {
      throw new RangeError(`mean: expected a finite mean at n = ${p.n}, got ${p.mean}`);
    }
  }
  const m = exponents.length + 1;
  if (new Set(points.map((p) => p.n)).size <= m - 1 || points.length < m) return null;
  const weighted = points.every((p) => p.stderr !== null && p.stderr > 0 && isFinite(p.stderr));
  const row = (n: number) => [1, ...exponents.map((e) => Math.pow(n, -e))];
  // normal equations AᵀWA c = AᵀW y, solved by Gauss–Jordan with partial pivoting (m <= 4 here)
  const A = Array.from({ length: m }, () => new Array(2 * m).fill(0));
  const rhs = new Array(m).fill(0);
  for (const p of points) {
    const w = weighted ? 1 / (p.stderr! * p.stderr!) : 1, r = row(p.n);
    for (let i = 0; i < m; i++) {
      rhs[i] += w * r[i] * p.mean;
      for (let j = 0; j < m; j++) A[i][j] += w * r[i] * r[j];
    }
  }
  for (let i = 0; i < m; i++) A[i][m + i] = 1;
  for (let c = 0; c < m; c++) {
    let piv = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    const d = A[c][c];
    if (!(Math.abs(d) > 0)) return null;
    for (let j = 0; j < 2 * m; j++) A[c][j] /= d;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = A[r][c];
      for (let j = 0; j < 2 * m; j++) A[r][j] -= f * A[c][j];
    }
  }
  const cov = A.map((r) => r.slice(m));
  const coef = cov.map((r) => r.reduce((a, v, j) => a + v * rhs[j], 0));
  const residuals = points.map((p) => {
    const fit = row(p.n).reduce((a, v, j) => a + v * coef[j], 0);
    return weighted ? (p.mean - fit) / p.stderr! : p.mean - fit;
  });
  const dof = points.length - m;
  return {
    exponents: [...exponents],
    value: coef[0],
    stderr: weighted ? Math.sqrt(cov[0][0]) : null,
    coefficients: coef.slice(1),
    chi2: weighted ? residuals.reduce((a, r) => a + r * r, 0) : null,
    dof,
    residuals,
  };
}

function checkIntegers(name: string, v: readonly number[], min: number): number[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw new RangeError(`${name}: expected a non-empty array of integers >= ${min}, got ${v}`);
  }
  for (const x of v) {
    if (!(Number.isSafeInteger(x) && x >= min)) {
      throw new RangeError(`${name}: expected integers >= ${min}, got ${x}`);
    }
  }
  if (new Set(v).size !== v.length) {
    throw new RangeError(`${name}: expected distinct values, got ${v.join(",")}`);
  }
  return [...v];
}

/**
 * The RS ground state row of a series (docs/theory.md §2, "Zero temperature"), or why the
 * solver refused the parameters: a RangeError becomes `phase: "failed"` with a `reason`; any
 * other error (a bug, a TypeError on malformed input) is rethrown.
 *
 * @throws {TypeError} on malformed params (rethrown from the solver).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const ok = rsGroundStateRow({ alpha: 3, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) });
 * if (ok.reason !== null || !ok.converged || !(ok.trainError! >= 0)) throw new Error();
 * const bad = rsGroundStateRow({ alpha: -1, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) });
 * if (bad.phase !== "failed" || bad.converged || !bad.reason!.includes("alpha")) throw new Error(bad.reason!);
 * ```
 */
export function rsGroundStateRow(params: GroundStateParams): GroundStateSeries["rs"] {
  try {
    const s = solveZeroTemperature({ ...params, beta: Infinity });
    return {
      trainError: s.trainError,
      genError: s.genError,
      m: s.m,
      Q: s.Q,
      energy: s.energy,
      phase: s.phase,
      valid: s.valid,
      converged: s.converged,
      reason: null,
    };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return {
      trainError: null,
      genError: null,
      m: null,
      Q: null,
      energy: null,
      phase: "failed",
      valid: false,
      converged: false,
      reason: `RS ground state: ${e.message}`,
    };
  }
}

/**
 * Ground states of one instance per seed at each size, in module workers, with per-size
 * statistics and the extrapolation in 1/N. Everything is checked before any work starts
 * (sizes against the enumeration bound, annealing options against their limits). A single
 * enumeration task (one size, one seed) is split over the workers instead.
 *
 * @throws {RangeError} on bad sizes, seeds, method, options or parameters; {@link TypeError}
 *   on unknown option keys or continuous weights.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const s = await groundStateSeries(params, { sizes: [6, 8], seeds: [1, 2, 3], workers: 1 });
 * if (s.points.length !== 2 || s.points[0].runs.length !== 3) throw new Error();
 * if (!(s.extrapolation.trainError !== null && s.points[1].mean.Q === 1)) throw new Error();
 * ```
 */
export async function groundStateSeries(
  params: GroundStateParams,
  options: GroundStateSeriesOptions,
): Promise<GroundStateSeries> {
  checkKeys(
    options,
    ["sizes", "seeds", "method", "enumerate", "sphere", "anneal", "workers", "onProgress"],
    "groundStateSeries options",
  );
  if (options === undefined || options === null) {
    throw new TypeError(`options: expected { sizes, seeds, ... }, got ${options}`);
  }
  const sizes = checkIntegers("sizes", options.sizes, 1);
  const seeds = checkIntegers("seeds", options.seeds, 0);
  const method = options.method ?? "sphere";
  if (method !== "enumerate" && method !== "anneal" && method !== "sphere") {
    throw new RangeError(
      `method: expected "sphere", "enumerate" or "anneal", got ${String(method)}`,
    );
  }
  const model = resolveGroundStateModel(params);
  const K = model.quantizer.levels.length;
  let taskOptions: EnumerateOptions | AnnealOptions | SphereOptions | undefined;
  if (method === "enumerate") {
    checkKeys(options.enumerate, ["maxConfigurations", "tieTolerance"], "enumerate options");
    for (const n of sizes) {
      const M = Math.max(1, Math.round(model.alpha * n));
      checkEnumerationSize(K, n, M, options.enumerate?.maxConfigurations);
    }
    taskOptions = options.enumerate;
  } else if (method === "sphere") {
    resolveSphereOptions(options.sphere);
    for (const n of sizes) {
      if (n > SPHERE_MAX_N) {
        throw new RangeError(`sizes: sphere decoding accepts N in [1, ${SPHERE_MAX_N}], got ${n}`);
      }
    }
    taskOptions = options.sphere;
  } else {
    resolveAnnealOptions(options.anneal);
    taskOptions = options.anneal;
  }
  const workers = options.workers;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
    throw new RangeError(`workers: expected an integer >= 1, got ${workers}`);
  }
  const plain: GroundStateParams = { ...params };
  delete plain.beta;
  const tasks: GroundStateSeriesTask[] = [];
  for (const n of sizes) {
    for (const seed of seeds) tasks.push({ method, params: plain, n, seed, options: taskOptions });
  }
  let runs: GroundState[];
  if (method === "enumerate" && tasks.length === 1) {
    const t = tasks[0];
    const data = seedInstance({ ...plain, beta: Infinity }, t.n, t.seed, "float64");
    runs = [await exactGroundStateParallel(data, plain, { ...options.enumerate, workers })];
    options.onProgress?.(1, 1);
  } else {
    const url = new URL("./ground_state_series.ts", import.meta.url).href;
    runs = (await runInWorkers<GroundStateSeriesTask, GroundState>(
      url,
      "groundStateSeriesTask",
      tasks,
      { workers, onProgress: options.onProgress },
    )).map(withGroundStateDisplay);
  }
  const points: GroundStateSeriesPoint[] = sizes.map((n, j) => {
    const list = runs.slice(j * seeds.length, (j + 1) * seeds.length);
    const { mean, stderr } = groundStateStatistics(list);
    return {
      n,
      runs: list,
      mean,
      stderr,
      converged: list.filter((r) => r.converged).length,
      timeMs: list.reduce((a, r) => a + r.timeMs, 0),
    };
  });
  const extrapolation = {} as GroundStateSeries["extrapolation"];
  for (const f of GROUND_STATE_FIELDS) {
    const pts = points
      .filter((p) => p.mean[f] !== null)
      .map((p) => ({ n: p.n, mean: p.mean[f]!, stderr: p.stderr[f] }));
    extrapolation[f] = extrapolateInverseN(pts);
  }
  const resolved = resolveModel({ ...plain, beta: Infinity });
  const series: GroundStateSeries = {
    method,
    alpha: resolved.alpha,
    sigma2: resolved.sigma2,
    lambda: resolved.lambda,
    levels: K,
    seeds,
    points,
    extrapolation,
    rs: rsGroundStateRow(plain),
  };
  return withDisplay(series, renderSeries);
}

function renderSeries(s: GroundStateSeries): Record<string, unknown> {
  const rows: (number | string | null)[][] = [];
  for (const p of s.points) {
    rows.push([
      `N = ${p.n}`,
      ...GROUND_STATE_FIELDS.flatMap((f) => [p.mean[f], p.stderr[f]]),
    ]);
  }
  rows.push([
    "N = ∞ (1/N fit)",
    ...GROUND_STATE_FIELDS.flatMap((f) => [
      s.extrapolation[f]?.value ?? null,
      s.extrapolation[f]?.stderr ?? null,
    ]),
  ]);
  if (s.rs) rows.push(["RS theory", ...GROUND_STATE_FIELDS.flatMap((f) => [s.rs![f], null])]);
  return algorithmTable(
    `Ground states by ${
      s.method === "enumerate"
        ? "exact enumeration"
        : s.method === "sphere"
        ? "sphere decoding (exact)"
        : "annealing (upper bound)"
    } over ${s.seeds.length} seeds (alpha=${s.alpha}, sigma2=${s.sigma2}, lambda=${s.lambda}, K=${s.levels})`,
    ["", ...GROUND_STATE_FIELDS.flatMap((f) => [f, "±"])],
    rows,
  );
}
