/**
 * Markov-chain Monte Carlo for the Gibbs measure `P(w) ∝ Π pi(w_i)·exp(−beta·H(w))` of docs/theory.md
 * section 1: heat-bath (Gibbs-sampler) updates of one weight at a time over its K levels,
 * O(M) each through a maintained residual `res = y − X·w` and a column-major copy of X.
 * Several independent chains are annealed from a high temperature (geometric schedule in
 * beta), optionally replaced by parallel tempering (Swendsen–Wang 1986; Hukushima–Nemoto 1996)
 * for the glassy (RSB) phase. The two-replica overlap q is the overlap of independent chains.
 * Error bars: jackknife over chains (over time blocks when there are only 2 chains).
 * Equilibration diagnostic: the Gelman–Rubin R-hat of the energy and of m across chains.
 *
 * Continuous weights are sampled by the exact Gaussian heat-bath of each coordinate.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { type ModelParams, resolveModel } from "../model/params.ts";
import { checkImproper } from "../theory/rs.ts";
import { createRng, type Rng } from "../numerics/rng.ts";
import { seedInstance, type SyntheticData } from "./synthetic.ts";
import { checkDataMatchesModel } from "./amp.ts";
import { algorithmTable, withDisplay } from "./display.ts";
import { McmcSampler, type McmcState } from "./mcmc_sampler.ts";
import { annealingBeta, swapReplicas, temperingLadder } from "./mcmc_tempering.ts";
import { createMcmcAccumulator, observeChains } from "./mcmc_accumulate.ts";
import { gelmanRubin, type McmcEstimates, mcmcEstimates } from "./mcmc_diagnostics.ts";

export { McmcSampler, type McmcState } from "./mcmc_sampler.ts";
export {
  gelmanRubin,
  jackknifeError,
  type McmcEstimates,
  type PosteriorMeanError,
  posteriorMeanError,
} from "./mcmc_diagnostics.ts";

/** One chain-averaged point of the Monte Carlo trace (every `traceEvery` sweeps). */
export interface McmcTraceEntry {
  /** Sweep number. */
  sweep: number;
  /** Inverse temperature of the sweep (annealing) — the target beta afterwards. */
  beta: number;
  /** Phase: annealing, burn-in or measurement. */
  phase: "anneal" | "burn-in" | "measure";
  /** Energy per weight `H/N`. */
  energy: number;
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Self-overlap `Q = w·w/N`. */
  Q: number;
  /** Training error per sample. */
  trainError: number;
}

/** A finished Monte Carlo run on one instance. */
export interface McmcRun extends McmcEstimates {
  /** Discriminant: a Monte Carlo run. */
  algorithm: "mcmc";
  /** Number of weights N. */
  n: number;
  /** Number of samples M. */
  samples: number;
  /** Seed of the instance. */
  seed: number;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** Inverse temperature (Infinity: zero temperature). */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** Empirical teacher norm `w0·w0/N` of the instance. */
  rhoHat: number;
  /** Standard errors (jackknife); null where they cannot be estimated. */
  stderr: { [K in keyof McmcEstimates]: number | null };
  /**
   * The bias-corrected posterior-mean error before clipping (see `posteriorMeanError`):
   * unbiased, so noise may put it below sigma2; `stderr.meanError` is its error bar.
   */
  meanErrorUnclipped: number;
  /**
   * `meanErrorUnclipped < sigma2`: `meanError` then reports the bound sigma2 (the posterior-mean
   * error `|w0 − <w>|²/N + sigma2` cannot be smaller).
   */
  meanErrorClipped: boolean;
  /** Independent chains. */
  chains: number;
  /** Measurement sweeps per chain. */
  sweeps: number;
  /** Burn-in sweeps per chain at the target beta. */
  burnIn: number;
  /** Annealing sweeps per chain before burn-in. */
  annealSweeps: number;
  /** Parallel-tempering temperatures per chain (1 = none). */
  replicas: number;
  /** Accepted fraction of replica swaps (null without tempering). */
  swapRate: number | null;
  /** Gelman–Rubin R-hat of the energy across chains. */
  rHatEnergy: number;
  /** Gelman–Rubin R-hat of m across chains. */
  rHatM: number;
  /** `max(rHatEnergy, rHatM) < 1.1`: the chains agree (necessary, not sufficient, for equilibrium). */
  converged: boolean;
  /** Total sweeps per chain (annealing + burn-in + measurement). */
  iterations: number;
  /** Chain-averaged trace (every `traceEvery` sweeps). */
  trace: McmcTraceEntry[];
}

/** Options for {@link runMcmc}. */
export interface McmcOptions {
  /** Independent chains, an integer >= 2. Default 4. */
  chains?: number;
  /** Measured sweeps per chain (one sweep = N single-weight updates). Default 200. */
  sweeps?: number;
  /** Sweeps at the target beta before measuring. Default = sweeps. */
  burnIn?: number;
  /**
   * Annealing sweeps from `betaStart` up to beta (geometric). Default = sweeps. With tempering
   * there is no annealing: these are extra equilibration sweeps on the ladder (default 0).
   */
  annealSweeps?: number;
  /** Starting inverse temperature of the annealing / lowest tempering beta. Default min(beta, 0.1). */
  betaStart?: number;
  /** Parallel tempering: temperatures per chain on a geometric ladder from betaStart to beta. Default 1 (off). */
  replicas?: number;
  /** Seed of the chains' random numbers. Default: the data's seed (streams disjoint from the data's). */
  seed?: number;
  /** Record a trace point every this many sweeps (0 = no trace). Default 1. */
  traceEvery?: number;
}

function checkInt(name: string, v: number, min: number): number {
  if (!(Number.isInteger(v) && v >= min)) {
    throw new RangeError(`${name}: expected an integer >= ${min}, got ${v}`);
  }
  return v;
}

/**
 * Runs heat-bath Monte Carlo on one instance at the model's beta, lambda and quantizer
 * (alpha and sigma2 must be those of the data).
 *
 * @throws {RangeError} on bad options, infinite beta, mismatched data or the improper flat
 *   posterior (continuous weights, lambda = 0, alpha <= 1).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const params = { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const data = teacherStudentData({ n: 100, alpha: 2, seed: 1, precision: "float64" });
 * const run = runMcmc(data, params, { sweeps: 50, chains: 3 });
 * if (!(run.Q === 1 && run.m > 0 && run.stderr.m! > 0)) throw new Error();
 * ```
 */
export function runMcmc(
  data: SyntheticData,
  params: ModelParams,
  options: McmcOptions = {},
): McmcRun {
  checkKeys(options, [
    "chains",
    "sweeps",
    "burnIn",
    "annealSweeps",
    "betaStart",
    "replicas",
    "seed",
    "traceEvery",
  ], "runMcmc options");
  options ??= {};
  const model = resolveModel(params);
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: Monte Carlo needs a finite beta > 0, got ${model.beta}`);
  }
  checkImproper(model);
  checkDataMatchesModel(data, model);
  const C = checkInt("chains", options.chains ?? 4, 2);
  const sweeps = checkInt("sweeps", options.sweeps ?? 200, 1);
  const burnIn = checkInt("burnIn", options.burnIn ?? sweeps, 0);
  const R = checkInt("replicas", options.replicas ?? 1, 1);
  const anneal = checkInt("annealSweeps", options.annealSweeps ?? (R > 1 ? 0 : sweeps), 0);
  const traceEvery = checkInt("traceEvery", options.traceEvery ?? 1, 0);
  const beta = model.beta;
  const betaStart = options.betaStart ?? Math.min(beta, 0.1);
  if (!(betaStart > 0 && betaStart <= beta)) {
    throw new RangeError(`betaStart: expected a number in (0, beta = ${beta}], got ${betaStart}`);
  }
  const seed = options.seed ?? data.seed;
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new RangeError(`seed: expected an integer in [0, 2^53 - 1], got ${seed}`);
  }
  const { n, samples: M, w0, rhoHat } = data;
  const sampler = new McmcSampler(data, model);
  // the data used the first three split streams of createRng(data.seed): skip them
  const root = createRng(seed);
  for (let s = 0; s < 3; s++) root.split();
  const rngs: Rng[] = Array.from({ length: C }, () => root.split());
  const ladder = temperingLadder(beta, betaStart, R);
  // chains[c][k]: replica of chain c currently at ladder[k]; start from the base measure
  const chains: McmcState[][] = rngs.map((rng) =>
    Array.from({ length: R }, () => sampler.randomState(rng))
  );
  const trace: McmcTraceEntry[] = [];
  const total = anneal + burnIn + sweeps;
  let swapsTried = 0, swapsDone = 0;
  const acc = createMcmcAccumulator(C, sweeps, n);
  const top: McmcState[] = new Array(C);

  for (let sweep = 0; sweep < total; sweep++) {
    const phase = sweep < anneal ? "anneal" : sweep < anneal + burnIn ? "burn-in" : "measure";
    const b = annealingBeta(sweep, anneal, betaStart, beta);
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < R; k++) {
        sampler.sweep(chains[c][k], R > 1 ? ladder[k] : b, rngs[c]);
      }
      if (R > 1) {
        // swap attempts between neighbours, alternating even and odd pairs
        const s = swapReplicas(sampler, chains[c], ladder, sweep % 2, rngs[c]);
        swapsTried += s.tried;
        swapsDone += s.accepted;
      }
      if ((sweep + 1) % 50 === 0) { for (const ch of chains[c]) sampler.refreshResidual(ch); }
    }
    const wantTrace = traceEvery > 0 && (sweep % traceEvery === 0 || sweep === total - 1);
    if (phase !== "measure" && !wantTrace) continue;
    for (let c = 0; c < C; c++) top[c] = chains[c][R - 1];
    const t = phase === "measure" ? sweep - anneal - burnIn : -1;
    const o = observeChains(acc, top, w0, model.lambda, t);
    if (wantTrace) {
      trace.push({
        sweep,
        beta: b,
        phase,
        energy: o.energy,
        m: o.m,
        Q: o.Q,
        trainError: o.trainError,
      });
    }
  }
  const sigma2 = data.sigma2;
  const { estimates: est, stderr, meanError } = mcmcEstimates(acc, rhoHat, sigma2, w0);
  const rHatEnergy = gelmanRubin(acc.seriesE);
  const rHatM = gelmanRubin(acc.seriesM);
  const run: McmcRun = {
    algorithm: "mcmc",
    n,
    samples: M,
    seed: data.seed,
    alpha: M / n,
    beta,
    sigma2,
    lambda: model.lambda,
    rhoHat,
    ...est,
    stderr,
    meanErrorUnclipped: meanError!.unclipped,
    meanErrorClipped: meanError!.clipped,
    chains: C,
    sweeps,
    burnIn,
    annealSweeps: anneal,
    replicas: R,
    swapRate: R > 1 ? swapsDone / Math.max(swapsTried, 1) : null,
    rHatEnergy,
    rHatM,
    converged: Math.max(rHatEnergy, rHatM) < 1.1,
    iterations: total,
    trace,
  };
  return withMcmcRunDisplay(run);
}

/**
 * Attaches the Jupyter table rendering of a Monte Carlo run (e.g. to a run that came back from
 * a worker). Returns the same object.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 1, beta: 1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const run = withMcmcRunDisplay(structuredClone(mcmcSeedTask({ params, n: 20, seed: 1, options: { sweeps: 10 } })));
 * const show = (run as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")];
 * if (!show.call(run)["text/plain"].startsWith("Monte Carlo")) throw new Error();
 * ```
 */
export function withMcmcRunDisplay(run: McmcRun): McmcRun {
  return withDisplay(run, (r) =>
    algorithmTable(
      `Monte Carlo (N=${r.n}, alpha=${
        Number(r.alpha.toPrecision(5))
      }, beta=${r.beta}, seed=${r.seed}, ${r.chains} chains x ${r.sweeps} sweeps${
        r.replicas > 1 ? `, ${r.replicas} tempering replicas` : ""
      }): R-hat ${Number(Math.max(r.rHatEnergy, r.rHatM).toPrecision(3))}`,
      ["quantity", "estimate", "stderr"],
      [
        ["m", r.m, r.stderr.m],
        ["q", r.q, r.stderr.q],
        ["Q", r.Q, r.stderr.Q],
        ["train error", r.trainError, r.stderr.trainError],
        ["gen error (Gibbs)", r.genError, r.stderr.genError],
        [
          r.meanErrorClipped ? "gen error (mean; bound)" : "gen error (mean)",
          r.meanError,
          r.stderr.meanError,
        ],
        ["energy / N", r.energy, r.stderr.energy],
      ],
    ));
}

/** A task for {@link mcmcSeedTask}: one seed of a Monte Carlo experiment (structured-cloneable). */
export interface McmcSeedTask {
  params: ModelParams;
  n: number;
  seed: number;
  options?: McmcOptions;
}

/**
 * Generates the instance of one seed (X in float64) and runs Monte Carlo on it (the unit of
 * work of `runMcmcSeeds`, also run in module workers). The trace is kept only if asked for.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 1, beta: 1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const run = mcmcSeedTask({ params, n: 30, seed: 2, options: { sweeps: 20, traceEvery: 0 } });
 * if (run.seed !== 2 || run.trace.length !== 0) throw new Error();
 * ```
 */
export function mcmcSeedTask(task: McmcSeedTask): McmcRun {
  const data = seedInstance(task.params, task.n, task.seed, "float64");
  return runMcmc(data, task.params, task.options);
}
