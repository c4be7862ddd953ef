/**
 * `typiquant mcmc`: heat-bath Monte Carlo on synthetic teacher-student instances over several
 * seeds (in module workers), with the mean and standard error over seeds and the RS
 * prediction.
 *
 * @module
 */
import { printLine, toJson } from "./output.ts";
import { checkBudget, numberFlag, parseFlags } from "./flags.ts";
import { rsRecord } from "./rs.ts";
import {
  finiteBetaModel,
  reportConvergence,
  seedList,
  summaryRecord,
  summaryTable,
} from "./amp.ts";
import { runMcmcSeeds } from "../algorithms/seeds.ts";

/**
 * Largest `seeds·chains·replicas·(anneal + burn-in + sweeps)·alpha·n²` an `mcmc` run may need
 * (~5 min on one core here: the default run, 4.8e9, takes 13 s of CPU).
 */
export const MCMC_MAX_WORK = 1e11;
/** Largest memory (bytes) of the instances run at once (data and chains). */
export const MCMC_MAX_BYTES = 2e9;

/** Help text of `mcmc`. */
export const MCMC_USAGE =
  `typiquant mcmc: heat-bath Monte Carlo on synthetic instances, one per seed
  model flags as for \`rs\` (--alpha, --beta, --quantizer, --bits, --width, --levels, --mu,
  --sigma2, --lambda, --rho, --teacher, --density); --beta must be finite
  --n N            weights per instance (integer 1..100000, default 500)
  --seed S         first seed (integer >= 0, default 1)
  --seeds K        number of seeds S, S+1, ..., S+K-1 (integer 1..10000, default 4)
  --sweeps T       measured sweeps per chain (integer 1..1e7, default 200)
  --chains C       independent chains per instance (integer 2..1024, default 4)
  --burn-in B      sweeps at beta before measuring (integer 0..1e7, default = sweeps)
  --anneal A       annealing sweeps up to beta (integer 0..1e7, default = sweeps; 0 with tempering)
  --replicas R     parallel-tempering temperatures per chain (integer 1..256, default 1 = off)
  --workers W      module workers (integer 1..64, default: min(seeds, cores))
  --json           one JSON object on stdout
meanError: the bias-corrected posterior-mean error, never below sigma2 (where noise puts the
  estimate lower it reports sigma2; JSON: meanErrorClipped, meanErrorUnclipped)
bounds checked before any work: seeds·chains·replicas·(anneal + burn-in + sweeps)·alpha·n²
  <= ${MCMC_MAX_WORK.toExponential()} single-weight-update operations, and the data X (alpha·n² doubles per
  instance run at once) plus the chains must fit in ${MCMC_MAX_BYTES / 1e9} GB
exit: 0 ok, 2 bad input, 3 some run's chains disagree (Gelman-Rubin R-hat >= 1.1) or the RS
  theory did not converge, 1 internal/output error`;

/** Runs `mcmc` with argv; returns the exit code. */
export async function runMcmcCommand(argv: string[]): Promise<number> {
  const values = parseFlags(argv, {
    n: { type: "string" },
    seed: { type: "string" },
    seeds: { type: "string" },
    sweeps: { type: "string" },
    chains: { type: "string" },
    "burn-in": { type: "string" },
    anneal: { type: "string" },
    replicas: { type: "string" },
    workers: { type: "string" },
  });
  if (values.help) {
    console.log(MCMC_USAGE);
    return 0;
  }
  const params = finiteBetaModel(values, "Monte Carlo");
  const n = numberFlag(values, "n", 500, { integer: true, min: 1 })!;
  const seeds = seedList(values);
  const sweeps = numberFlag(values, "sweeps", 200, { integer: true, min: 1 })!;
  const chains = numberFlag(values, "chains", 4, { integer: true, min: 2 })!;
  const burnIn = numberFlag(values, "burn-in", undefined, { integer: true, min: 0 });
  const annealSweeps = numberFlag(values, "anneal", undefined, { integer: true, min: 0 });
  const replicas = numberFlag(values, "replicas", 1, { integer: true, min: 1 })!;
  const workers = numberFlag(values, "workers", undefined, { integer: true, min: 1 });
  const M = Math.round(params.alpha * n);
  const total = (annealSweeps ?? (replicas > 1 ? 0 : sweeps)) + (burnIn ?? sweeps) + sweeps;
  checkBudget(
    "sweeps",
    "seeds·chains·replicas·(anneal + burn-in + sweeps)·alpha·n²",
    seeds.length * chains * replicas * total * M * n,
    MCMC_MAX_WORK,
    "operations",
  );
  const atOnce = Math.min(seeds.length, workers ?? navigator.hardwareConcurrency ?? 1);
  checkBudget(
    "n",
    `${atOnce} instance(s) at once × (alpha·n² + chains·replicas·(n + alpha·n)) × 8 bytes`,
    atOnce * (M * n + chains * replicas * (n + M)) * 8,
    MCMC_MAX_BYTES,
    "bytes",
  );
  // validate the theory first: it rejects improper measures with a clear message
  rsRecord(params, {});
  const summary = await runMcmcSeeds(params, {
    n,
    seeds,
    workers,
    sweeps,
    chains,
    burnIn,
    annealSweeps,
    replicas,
    traceEvery: 0,
  });
  const record = summaryRecord(summary, params, (r) => ({
    seed: r.seed,
    m: r.m,
    q: r.q,
    Q: r.Q,
    meanError: r.meanError,
    meanErrorUnclipped: r.meanErrorUnclipped,
    meanErrorClipped: r.meanErrorClipped,
    genError: r.genError,
    trainError: r.trainError,
    energy: r.energy,
    stderr: r.stderr,
    converged: r.converged,
    iterations: r.iterations,
    rHatEnergy: r.rHatEnergy,
    rHatM: r.rHatM,
    swapRate: r.swapRate,
    rhoHat: r.rhoHat,
  }));
  if (values.json) printLine(toJson(record));
  else printLine(summaryTable(record));
  return reportConvergence("mcmc", record);
}
