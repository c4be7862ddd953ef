/**
 * Runs an algorithm over several seeds (independent instances) in parallel module workers and
 * summarises the runs: mean and standard error over seeds of m, q, Q and the errors, next to
 * the RS prediction at the same parameters.
 *
 * @module
 */
import { type ModelParams, resolveModel } from "../model/params.ts";
import { solveRs } from "../theory/rs.ts";
import { runInWorkers } from "../parallel/worker_pool.ts";
import {
  type AmpOptions,
  type AmpRun,
  type AmpSeedTask,
  ampSeedTask,
  resolveAmpOptions,
  withAmpRunDisplay,
} from "./amp.ts";
import {
  type McmcOptions,
  type McmcRun,
  type McmcSeedTask,
  mcmcSeedTask,
  withMcmcRunDisplay,
} from "./mcmc.ts";
import { algorithmTable, withDisplay } from "./display.ts";

/** The quantities averaged over seeds. */
export const SEED_FIELDS = ["m", "q", "Q", "meanError", "genError", "trainError"] as const;

/** One of {@link SEED_FIELDS}. */
export type SeedField = typeof SEED_FIELDS[number];

/** Mean or standard error of each averaged quantity (null where undefined). */
export type SeedStatistics = Record<SeedField, number | null>;

/** A summary of runs over seeds. */
export interface SeedSummary<R> {
  /** Which algorithm ran on each seed. */
  algorithm: "amp" | "mcmc";
  /** Number of weights N. */
  n: number;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Inverse temperature (Infinity: zero temperature). */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** The seeds, in order. */
  seeds: number[];
  /** One run per seed, in the order of `seeds`. */
  runs: R[];
  /** How many runs entered the averages (AMP: the converged ones; Monte Carlo: all). */
  averaged: number;
  /** Mean over the averaged runs. */
  mean: SeedStatistics;
  /** Standard error of the mean, `sd/sqrt(k)` (null with fewer than 2 runs). */
  stderr: SeedStatistics;
  /** RS prediction at the same parameters (null if it cannot be computed: see `theoryFailure`). */
  theory: (SeedStatistics & { at: number; converged: boolean }) | null;
  /** Why `theory` is null (the solver's RangeError message); null when there is a theory. */
  theoryFailure: string | null;
}

/** Options shared by {@link runAmpSeeds} and {@link runMcmcSeeds}. */
export interface SeedRunOptions {
  /** Number of weights N. */
  n: number;
  /** Seeds, one instance each (distinct non-negative integers). */
  seeds: readonly number[];
  /** Module workers; default min(seeds, cores). 1 runs in this thread. */
  workers?: number;
  /** Called after each finished seed. */
  onProgress?: (done: number, total: number) => void;
}

function checkSeeds(seeds: readonly number[]): number[] {
  if (!Array.isArray(seeds) || seeds.length === 0) {
    throw new RangeError(`seeds: expected a non-empty array of integers, got ${String(seeds)}`);
  }
  for (const s of seeds) {
    if (!(Number.isSafeInteger(s) && s >= 0)) {
      throw new RangeError(`seeds: expected integers in [0, 2^53 - 1], got ${s}`);
    }
  }
  if (new Set(seeds).size !== seeds.length) {
    throw new RangeError(`seeds: expected distinct seeds, got ${seeds.join(",")}`);
  }
  return [...seeds];
}

function checkN(n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`n: expected an integer >= 1, got ${n}`);
  }
}

/**
 * Mean and standard error (`sd/sqrt(k)`, sample sd) over runs of each of `fields`; null where
 * undefined (no runs, one run for the error, or a non-finite mean).
 *
 * @example
 * ```ts
 * const s = fieldStatistics([{ a: 1 }, { a: 2 }, { a: 3 }], ["a"]);
 * if (s.mean.a !== 2 || Math.abs(s.stderr.a! - 1 / Math.sqrt(3)) > 1e-15) throw new Error();
 * if (fieldStatistics([{ a: 1 }], ["a"]).stderr.a !== null) throw new Error();
 * ```
 */
export function fieldStatistics<F extends string>(
  runs: readonly Record<F, number>[],
  fields: readonly F[],
): { mean: Record<F, number | null>; stderr: Record<F, number | null> } {
  const mean = {} as Record<F, number | null>, stderr = {} as Record<F, number | null>;
  const k = runs.length;
  for (const f of fields) {
    const mu = k > 0 ? runs.reduce((a, r) => a + r[f], 0) / k : NaN;
    mean[f] = Number.isFinite(mu) ? mu : null;
    if (k < 2 || !Number.isFinite(mu)) {
      stderr[f] = null;
      continue;
    }
    const v = runs.reduce((a, r) => a + (r[f] - mu) ** 2, 0) / (k - 1);
    stderr[f] = Math.sqrt(v / k);
  }
  return { mean, stderr };
}

/**
 * Mean and standard error over runs of each quantity in {@link SEED_FIELDS}.
 *
 * @example
 * ```ts
 * const rows = [1, 2, 3].map((v) => ({ m: v, q: v, Q: v, meanError: v, genError: v, trainError: v }));
 * const s = seedStatistics(rows);
 * if (s.mean.m !== 2 || Math.abs(s.stderr.m! - 1 / Math.sqrt(3)) > 1e-15) throw new Error();
 * ```
 */
export function seedStatistics(
  runs: readonly Record<SeedField, number>[],
): { mean: SeedStatistics; stderr: SeedStatistics } {
  return fieldStatistics(runs, SEED_FIELDS);
}

/**
 * The RS prediction, or null with the reason when `solveRs` refuses the parameters (a
 * RangeError, e.g. a model RS does not cover); any other error is a bug and is rethrown.
 */
function theoryAt(
  params: ModelParams,
): Pick<SeedSummary<unknown>, "theory" | "theoryFailure"> {
  try {
    const s = solveRs(params);
    const theory = {
      m: s.m,
      q: s.q,
      Q: s.Q,
      meanError: s.meanError,
      genError: s.genError,
      trainError: s.trainError,
      at: s.at,
      converged: s.converged,
    };
    return { theory, theoryFailure: null };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    return { theory: null, theoryFailure: `RangeError: ${e.message}` };
  }
}

function summarize<R extends Record<SeedField, number> & { converged: boolean }>(
  algorithm: "amp" | "mcmc",
  params: ModelParams,
  n: number,
  seeds: number[],
  runs: R[],
): SeedSummary<R> {
  const model = resolveModel(params);
  const used = algorithm === "amp" ? runs.filter((r) => r.converged) : runs;
  const { mean, stderr } = seedStatistics(used);
  const summary: SeedSummary<R> = {
    algorithm,
    n,
    alpha: model.alpha,
    beta: model.beta,
    sigma2: model.sigma2,
    lambda: model.lambda,
    seeds,
    runs,
    averaged: used.length,
    mean,
    stderr,
    ...theoryAt(params),
  };
  return withDisplay(summary, renderSummary);
}

function renderSummary<R>(s: SeedSummary<R>): Record<string, unknown> {
  const name = s.algorithm === "amp" ? "AMP" : "Monte Carlo";
  const rows = SEED_FIELDS.map((f) => [f, s.mean[f], s.stderr[f], s.theory ? s.theory[f] : null]);
  return algorithmTable(
    `${name} over ${s.seeds.length} seeds (N=${s.n}, alpha=${s.alpha}, beta=${s.beta}, sigma2=${s.sigma2}, lambda=${s.lambda}; ${s.averaged} averaged)`,
    ["quantity", "mean", "stderr", "RS theory"],
    rows,
  );
}

/**
 * AMP on one instance per seed, in parallel module workers; mean and standard error over the
 * converged runs, and the RS prediction.
 *
 * @throws {RangeError} on bad n, seeds, options or parameters (before any work starts).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const s = await runAmpSeeds(params, { n: 200, seeds: [1, 2], workers: 1, traceEvery: 0 });
 * if (s.runs.length !== 2 || s.averaged !== 2 || !(s.stderr.m! > 0)) throw new Error();
 * ```
 */
export async function runAmpSeeds(
  params: ModelParams,
  options: SeedRunOptions & AmpOptions & { precision?: "float32" | "float64" },
): Promise<SeedSummary<AmpRun>> {
  const { n, seeds, workers, onProgress, precision, ...ampOptions } = options;
  checkN(n);
  const list = checkSeeds(seeds);
  const model = resolveModel(params);
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: AMP needs a finite beta > 0, got ${model.beta}`);
  }
  resolveAmpOptions(ampOptions); // unknown keys (e.g. the old `trace`) and bad values, up front
  const tasks: AmpSeedTask[] = list.map((seed) => ({
    params,
    n,
    seed,
    precision,
    options: ampOptions,
  }));
  const url = new URL("./amp.ts", import.meta.url).href;
  const runs = await runInWorkers<AmpSeedTask, AmpRun>(url, "ampSeedTask", tasks, {
    workers,
    onProgress,
  });
  return summarize("amp", params, n, list, runs.map(withAmpRunDisplay));
}

/**
 * Monte Carlo on one instance per seed, in parallel module workers; mean and standard error
 * over seeds, and the RS prediction.
 *
 * @throws {RangeError} on bad n, seeds, options or parameters.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 1, beta: 1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const s = await runMcmcSeeds(params, { n: 40, seeds: [1, 2], workers: 1, sweeps: 20, traceEvery: 0 });
 * if (s.runs.length !== 2 || s.mean.Q !== 1) throw new Error();
 * ```
 */
export async function runMcmcSeeds(
  params: ModelParams,
  options: SeedRunOptions & McmcOptions,
): Promise<SeedSummary<McmcRun>> {
  const { n, seeds, workers, onProgress, ...mcmcOptions } = options;
  checkN(n);
  const list = checkSeeds(seeds);
  const model = resolveModel(params);
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: Monte Carlo needs a finite beta > 0, got ${model.beta}`);
  }
  const tasks: McmcSeedTask[] = list.map((seed) => ({ params, n, seed, options: mcmcOptions }));
  const url = new URL("./mcmc.ts", import.meta.url).href;
  const runs = await runInWorkers<McmcSeedTask, McmcRun>(url, "mcmcSeedTask", tasks, {
    workers,
    onProgress,
  });
  return summarize("mcmc", params, n, list, runs.map(withMcmcRunDisplay));
}

/** One point of a {@link runSeedBatch}: an algorithm at one parameter point over seeds. */
export type SeedBatchJob =
  | {
    algorithm: "amp";
    params: ModelParams;
    n: number;
    seeds: readonly number[];
    options?: AmpOptions & { precision?: "float32" | "float64" };
  }
  | {
    algorithm: "mcmc";
    params: ModelParams;
    n: number;
    seeds: readonly number[];
    options?: McmcOptions;
  };

/** A task of {@link seedBatchTask} (structured-cloneable). */
export type SeedBatchTask =
  | { algorithm: "amp"; task: AmpSeedTask }
  | { algorithm: "mcmc"; task: McmcSeedTask };

/**
 * Runs one seed of a batch job (the unit of work of {@link runSeedBatch} in the workers).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 1, beta: 1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const r = seedBatchTask({ algorithm: "mcmc", task: { params, n: 20, seed: 1, options: { sweeps: 10 } } });
 * if (r.algorithm !== "mcmc" || r.seed !== 1) throw new Error();
 * ```
 */
export function seedBatchTask(t: SeedBatchTask): AmpRun | McmcRun {
  return t.algorithm === "amp" ? ampSeedTask(t.task) : mcmcSeedTask(t.task);
}

/** Rough relative cost of one seed of a job (orders the tasks, longest first). */
function taskCost(job: SeedBatchJob): number {
  const alpha = resolveModel(job.params).alpha;
  const entries = job.n * Math.max(1, Math.round(alpha * job.n));
  if (job.algorithm === "amp") return entries * (job.options?.maxIterations ?? 500) * 0.25;
  const o = job.options ?? {};
  const sweeps = o.sweeps ?? 200;
  const replicas = o.replicas ?? 1;
  const total = (o.annealSweeps ?? (replicas > 1 ? 0 : sweeps)) + (o.burnIn ?? sweeps) + sweeps;
  return entries * total * (o.chains ?? 4) * replicas;
}

/**
 * Several {@link runAmpSeeds} / {@link runMcmcSeeds} calls in one pool of module workers: all
 * seeds of all jobs are queued together (longest first), so the workers start once and never
 * wait for the slowest seed of one point before starting the next point. Returns one summary
 * per job, in order, the same as the separate calls would give.
 *
 * @throws {RangeError} on bad n, seeds or parameters of any job, {@link TypeError} on an unknown
 *   AMP option (both before any work starts).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const [a, m] = await runSeedBatch([
 *   { algorithm: "amp", params, n: 100, seeds: [1, 2], options: { traceEvery: 0 } },
 *   { algorithm: "mcmc", params, n: 30, seeds: [1, 2], options: { sweeps: 10, traceEvery: 0 } },
 * ], { workers: 1 });
 * if (a.algorithm !== "amp" || m.algorithm !== "mcmc" || m.runs.length !== 2) throw new Error();
 * ```
 */
export async function runSeedBatch(
  jobs: readonly SeedBatchJob[],
  options: { workers?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<SeedSummary<AmpRun | McmcRun>[]> {
  const tasks: SeedBatchTask[] = [];
  const cost: number[] = [];
  const lists = jobs.map((job) => {
    checkN(job.n);
    const list = checkSeeds(job.seeds);
    const model = resolveModel(job.params);
    if (!Number.isFinite(model.beta)) {
      const what = job.algorithm === "amp" ? "AMP" : "Monte Carlo";
      throw new RangeError(`beta: ${what} needs a finite beta > 0, got ${model.beta}`);
    }
    if (job.algorithm === "amp") {
      const { precision: _, ...amp } = job.options ?? {};
      resolveAmpOptions(amp); // bad or unknown AMP options before any work
    }
    const c = taskCost(job);
    for (const seed of list) {
      const { params, n } = job;
      if (job.algorithm === "amp") {
        const { precision, ...amp } = job.options ?? {};
        tasks.push({ algorithm: "amp", task: { params, n, seed, precision, options: amp } });
      } else {
        tasks.push({ algorithm: "mcmc", task: { params, n, seed, options: job.options ?? {} } });
      }
      cost.push(c);
    }
    return list;
  });
  // longest first; among equal costs seed by seed, so a worker's consecutive AMP tasks at one
  // alpha share their instance (ampSeedTask keeps the last one)
  const seedOf = (i: number) => tasks[i].task.seed;
  const order = tasks.map((_, i) => i).sort((a, b) =>
    cost[b] - cost[a] || seedOf(a) - seedOf(b) || a - b
  );
  const url = new URL("./seeds.ts", import.meta.url).href;
  const sorted = await runInWorkers<SeedBatchTask, AmpRun | McmcRun>(
    url,
    "seedBatchTask",
    order.map((i) => tasks[i]),
    { workers: options.workers, onProgress: options.onProgress },
  );
  const runs = new Array<AmpRun | McmcRun>(tasks.length);
  order.forEach((i, k) => runs[i] = sorted[k]);
  let at = 0;
  return jobs.map((job, j) => {
    const mine = runs.slice(at, at += lists[j].length);
    if (job.algorithm === "amp") {
      return summarize(
        "amp",
        job.params,
        job.n,
        lists[j],
        (mine as AmpRun[]).map(withAmpRunDisplay),
      );
    }
    return summarize(
      "mcmc",
      job.params,
      job.n,
      lists[j],
      (mine as McmcRun[]).map(withMcmcRunDisplay),
    );
  });
}
