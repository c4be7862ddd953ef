/**
 * `typiquant amp`: AMP on synthetic teacher-student instances over several seeds (in module
 * workers), with the mean and standard error over seeds and the RS prediction.
 *
 * @module
 */
import { formatValue, printLine, toJson } from "./output.ts";
import {
  checkBudget,
  type FlagValues,
  modelFromFlags,
  numberFlag,
  parseFlags,
  UsageError,
} from "./flags.ts";
import { notConvergedLine, rsRecord } from "./rs.ts";
import { runAmpSeeds, SEED_FIELDS, type SeedSummary } from "../algorithms/seeds.ts";
import type { ModelParams } from "../model/params.ts";

/** Largest memory (bytes) the data matrices of the instances run at once may take. */
export const AMP_MAX_BYTES = 2e9;
/** Largest `seeds·max-iter·alpha·n²` (multiply-adds) an `amp` run may need (~2 min on one core here). */
export const AMP_MAX_WORK = 2e11;

/** Help text of `amp`. */
export const AMP_USAGE = `typiquant amp: AMP on synthetic instances, one per seed, against RS theory
  model flags as for \`rs\` (--alpha, --beta, --quantizer, --bits, --width, --levels, --mu,
  --sigma2, --lambda, --rho, --teacher, --density); --beta must be finite
  --n N            weights per instance (integer 1..100000, default 2000)
  --seed S         first seed (integer >= 0, default 1)
  --seeds K        number of seeds S, S+1, ..., S+K-1 (integer 1..10000, default 4)
  --damping D      initial damping in [0, 1) (default 0; adapted upwards when needed)
  --max-iter T     AMP iterations (integer 1..100000, default 500)
  --tolerance E    rms change of the estimates at convergence (> 0, default 1e-5)
  --precision P    float32|float64 storage of X (default float32)
  --workers W      module workers (integer 1..64, default: min(seeds, cores))
  --json           one JSON object on stdout
bounds checked before any work: the data X of the instances run at once (alpha·n² entries each)
  must fit in ${
  AMP_MAX_BYTES / 1e9
} GB, and seeds·max-iter·alpha·n² <= ${AMP_MAX_WORK.toExponential()}
exit: 0 ok, 2 bad input, 3 some run (or the RS theory) did not converge, 1 internal/output error`;

/**
 * Seeds `--seed`, `--seed + 1`, ... (`--seeds` of them).
 *
 * @example
 * ```ts
 * if (seedList({ seed: "5", seeds: "3" }).join() !== "5,6,7") throw new Error();
 * ```
 */
export function seedList(values: FlagValues): number[] {
  const first = numberFlag(values, "seed", 1, { integer: true, min: 0 })!;
  const count = numberFlag(values, "seeds", 4, { integer: true, min: 1, max: 10000 })!;
  if (!Number.isSafeInteger(first + count)) {
    throw new UsageError(
      `--seed: expected an integer >= 0 small enough, got ${JSON.stringify(values.seed)}`,
    );
  }
  return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * Model parameters from the flags, with a finite beta (required by the algorithms).
 *
 * @throws {UsageError} if --beta is missing or infinite.
 * @example
 * ```ts
 * const p = finiteBetaModel({ alpha: "2", beta: "3" }, "AMP");
 * if (p.beta !== 3) throw new Error();
 * ```
 */
export function finiteBetaModel(values: FlagValues, what: string): ModelParams {
  if (values.beta === undefined) {
    throw new UsageError(`--beta: required for ${what} (a finite number > 0)`);
  }
  const params = modelFromFlags(values);
  if (!Number.isFinite(params.beta)) {
    throw new UsageError(
      `--beta: expected a finite number > 0 for ${what}, got ${JSON.stringify(values.beta)}`,
    );
  }
  return params;
}

/** The JSON record of a seed summary: runs, mean, stderr, theory. */
export function summaryRecord<R>(
  summary: SeedSummary<R>,
  params: ModelParams,
  run: (r: R) => Record<string, unknown>,
): Record<string, unknown> {
  return {
    algorithm: summary.algorithm,
    n: summary.n,
    alpha: summary.alpha,
    beta: summary.beta,
    sigma2: summary.sigma2,
    lambda: summary.lambda,
    seeds: summary.seeds,
    runs: summary.runs.map(run),
    averaged: summary.averaged,
    mean: summary.mean,
    stderr: summary.stderr,
    theory: rsRecord(params, {}),
  };
}

/** A plain-text table of the runs, the mean ± stderr and the theory. */
export function summaryTable(record: Record<string, unknown>): string {
  const runs = record.runs as Record<string, unknown>[];
  const mean = record.mean as Record<string, number | null>;
  const stderr = record.stderr as Record<string, number | null>;
  const theory = record.theory as Record<string, unknown>;
  const header = ["seed", ...SEED_FIELDS, "converged", "iterations"];
  const rows: string[][] = runs.map((r) => header.map((k) => formatValue(r[k])));
  rows.push(["mean", ...SEED_FIELDS.map((f) => formatValue(mean[f])), "", ""]);
  rows.push(["stderr", ...SEED_FIELDS.map((f) => formatValue(stderr[f])), "", ""]);
  rows.push([
    "RS theory",
    ...SEED_FIELDS.map((f) => formatValue(theory[f])),
    formatValue(theory.converged),
    "",
  ]);
  const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

/** Runs `amp` with argv; returns the exit code. */
export async function runAmpCommand(argv: string[]): Promise<number> {
  const values = parseFlags(argv, {
    n: { type: "string" },
    seed: { type: "string" },
    seeds: { type: "string" },
    damping: { type: "string" },
    "max-iter": { type: "string" },
    tolerance: { type: "string" },
    precision: { type: "string" },
    workers: { type: "string" },
  });
  if (values.help) {
    console.log(AMP_USAGE);
    return 0;
  }
  const params = finiteBetaModel(values, "AMP");
  const n = numberFlag(values, "n", 2000, { integer: true, min: 1 })!;
  const seeds = seedList(values);
  const damping = numberFlag(values, "damping", 0, { min: 0 })!;
  if (!(damping < 1)) {
    throw new UsageError(
      `--damping: expected a number >= 0 and < 1, got ${JSON.stringify(values.damping)}`,
    );
  }
  const maxIterations = numberFlag(values, "max-iter", 500, { integer: true, min: 1 })!;
  const tolerance = numberFlag(values, "tolerance", 1e-5, { min: 0, exclusiveMin: true })!;
  const workers = numberFlag(values, "workers", undefined, { integer: true, min: 1 });
  const precision = String(values.precision ?? "float32");
  if (precision !== "float32" && precision !== "float64") {
    throw new UsageError(
      `--precision: expected one of float32|float64, got ${JSON.stringify(precision)}`,
    );
  }
  const entries = Math.round(params.alpha * n) * n;
  const atOnce = Math.min(seeds.length, workers ?? navigator.hardwareConcurrency ?? 1);
  checkBudget(
    "n",
    `${atOnce} instance(s) at once × alpha·n² × ${precision === "float32" ? 4 : 8} bytes`,
    atOnce * entries * (precision === "float32" ? 4 : 8),
    AMP_MAX_BYTES,
    "bytes",
  );
  checkBudget(
    "max-iter",
    "seeds·max-iter·alpha·n²",
    seeds.length * maxIterations * entries,
    AMP_MAX_WORK,
    "multiply-adds",
  );
  // the theory first: it rejects improper measures before any instance is generated
  rsRecord(params, {});
  const summary = await runAmpSeeds(params, {
    n,
    seeds,
    workers,
    damping,
    maxIterations,
    tolerance,
    precision,
    traceEvery: 0,
  });
  const record = summaryRecord(summary, params, (r) => ({
    seed: r.seed,
    m: r.m,
    q: r.q,
    Q: r.Q,
    meanError: r.meanError,
    genError: r.genError,
    trainError: r.trainError,
    converged: r.converged,
    iterations: r.iterations,
    reason: r.reason,
    residual: r.residual,
    at: r.at,
    damping: r.damping,
    rhoHat: r.rhoHat,
  }));
  if (values.json) printLine(toJson(record));
  else printLine(summaryTable(record));
  return reportConvergence("amp", record);
}

/**
 * Exit code of an `amp`/`mcmc` record: 3 (with one stderr line saying which) if a run or the
 * embedded RS theory did not converge, else 0.
 */
export function reportConvergence(command: string, record: Record<string, unknown>): number {
  const runs = record.runs as { seed: number; converged: boolean }[];
  const failed = runs.filter((r) => !r.converged).map((r) => r.seed);
  const theory = notConvergedLine("embedded RS theory", record.theory as Record<string, unknown>);
  const parts: string[] = [];
  if (failed.length > 0) parts.push(`runs of seed(s) ${failed.join(",")} did not converge`);
  if (theory !== null) parts.push(theory);
  if (parts.length === 0) return 0;
  console.error(`typiquant ${command}: ${parts.join("; ")}`);
  return 3;
}
