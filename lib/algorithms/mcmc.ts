/**
 * Markov-chain Monte Carlo for the Gibbs measure `P(w) ∝ Π pi(w_i)·exp(−beta·H(w))` of THEORY
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
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import { checkImproper } from "../theory/rs.ts";
import { createRng, type Rng } from "../numerics/rng.ts";
import { columnMajorX, seedInstance, type SyntheticData } from "./synthetic.ts";
import { levelSampler } from "./heat_bath.ts";
import { checkDataMatchesModel } from "./amp.ts";
import { algorithmTable, withDisplay } from "./display.ts";

/** Monte Carlo estimates with their standard errors. */
export interface McmcEstimates {
  m: number;
  q: number;
  Q: number;
  trainError: number;
  genError: number;
  meanError: number;
  /** Energy per weight `H/N`. */
  energy: number;
}

/** One chain-averaged point of the Monte Carlo trace (every `traceEvery` sweeps). */
export interface McmcTraceEntry {
  sweep: number;
  /** Inverse temperature of the sweep (annealing) — the target beta afterwards. */
  beta: number;
  /** Phase: annealing, burn-in or measurement. */
  phase: "anneal" | "burn-in" | "measure";
  energy: number;
  m: number;
  Q: number;
  trainError: number;
}

/** A finished Monte Carlo run on one instance. */
export interface McmcRun extends McmcEstimates {
  algorithm: "mcmc";
  n: number;
  samples: number;
  seed: number;
  alpha: number;
  beta: number;
  sigma2: number;
  lambda: number;
  rhoHat: number;
  /** Standard errors (jackknife); null where they cannot be estimated. */
  stderr: { [K in keyof McmcEstimates]: number | null };
  chains: number;
  sweeps: number;
  burnIn: number;
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

interface Chain {
  w: Float64Array;
  res: Float64Array;
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
  const ladder = Float64Array.from(
    { length: R },
    (_, k) => R === 1 ? beta : betaStart * Math.pow(beta / betaStart, k / (R - 1)),
  );
  // chains[c][k]: replica of chain c currently at ladder[k]; start from the base measure
  const chains: Chain[][] = rngs.map((rng) =>
    Array.from({ length: R }, () => sampler.randomState(rng))
  );
  const trace: McmcTraceEntry[] = [];
  const total = anneal + burnIn + sweeps;
  let swapsTried = 0, swapsDone = 0;
  // accumulators
  const sumM = new Float64Array(C), sumQ = new Float64Array(C), sumT = new Float64Array(C);
  const sumE = new Float64Array(C);
  const pairs = (C * (C - 1)) / 2;
  const sumPair = new Float64Array(pairs);
  const blocks = 10;
  const blockSums = Array.from({ length: blocks }, () => new Float64Array(5 + 1)); // m,Q,T,E,q,count
  const seriesE = Array.from({ length: C }, () => new Float64Array(sweeps));
  const seriesM = Array.from({ length: C }, () => new Float64Array(sweeps));

  for (let sweep = 0; sweep < total; sweep++) {
    const phase = sweep < anneal ? "anneal" : sweep < anneal + burnIn ? "burn-in" : "measure";
    const b = phase === "anneal"
      ? betaStart * Math.pow(beta / betaStart, anneal === 1 ? 1 : sweep / (anneal - 1))
      : beta;
    for (let c = 0; c < C; c++) {
      for (let k = 0; k < R; k++) {
        sampler.sweep(chains[c][k], R > 1 ? ladder[k] : b, rngs[c]);
      }
      if (R > 1) {
        // swap attempts between neighbours, alternating even and odd pairs
        for (let k = sweep % 2; k + 1 < R; k += 2) {
          const e1 = sampler.energy(chains[c][k]), e2 = sampler.energy(chains[c][k + 1]);
          const logA = (ladder[k] - ladder[k + 1]) * (e1 - e2);
          swapsTried++;
          if (logA >= 0 || rngs[c].uniform() < Math.exp(logA)) {
            const t = chains[c][k];
            chains[c][k] = chains[c][k + 1];
            chains[c][k + 1] = t;
            swapsDone++;
          }
        }
      }
      if ((sweep + 1) % 50 === 0) { for (const ch of chains[c]) sampler.refreshResidual(ch); }
    }
    const top = chains.map((ch) => ch[R - 1]);
    const wantTrace = traceEvery > 0 && (sweep % traceEvery === 0 || sweep === total - 1);
    if (phase !== "measure" && !wantTrace) continue;
    let tm = 0, tQ = 0, tT = 0, tE = 0;
    const t = sweep - anneal - burnIn;
    const blk = phase === "measure" ? Math.min(blocks - 1, Math.floor((t * blocks) / sweeps)) : 0;
    for (let c = 0; c < C; c++) {
      const { w, res } = top[c];
      let sm = 0, sq = 0, sr = 0;
      for (let i = 0; i < n; i++) {
        sm += w0[i] * w[i];
        sq += w[i] * w[i];
      }
      for (let mu = 0; mu < M; mu++) sr += res[mu] * res[mu];
      const mc = sm / n, Qc = sq / n, Tc = sr / M, Ec = (0.5 * sr + 0.5 * model.lambda * sq) / n;
      tm += mc;
      tQ += Qc;
      tT += Tc;
      tE += Ec;
      if (phase === "measure") {
        sumM[c] += mc;
        sumQ[c] += Qc;
        sumT[c] += Tc;
        sumE[c] += Ec;
        seriesE[c][t] = Ec;
        seriesM[c][t] = mc;
        const bs = blockSums[blk];
        bs[0] += mc;
        bs[1] += Qc;
        bs[2] += Tc;
        bs[3] += Ec;
      }
    }
    if (phase === "measure") {
      let p = 0, sqq = 0;
      for (let c = 0; c < C; c++) {
        for (let d = c + 1; d < C; d++) {
          const wa = top[c].w, wb = top[d].w;
          let s = 0;
          for (let i = 0; i < n; i++) s += wa[i] * wb[i];
          sumPair[p++] += s / n;
          sqq += s / n;
        }
      }
      blockSums[blk][4] += sqq / pairs;
      blockSums[blk][5] += 1;
    }
    if (wantTrace) {
      trace.push({
        sweep,
        beta: b,
        phase,
        energy: tE / C,
        m: tm / C,
        Q: tQ / C,
        trainError: tT / C,
      });
    }
  }
  // estimates and jackknife errors
  const sigma2 = data.sigma2;
  const derive = (m: number, q: number, Q: number, T: number, E: number): McmcEstimates => ({
    m,
    q,
    Q,
    trainError: T,
    genError: rhoHat - 2 * m + Q + sigma2,
    meanError: rhoHat - 2 * m + q + sigma2,
    energy: E,
  });
  const pairIndex: [number, number][] = [];
  for (let c = 0; c < C; c++) for (let d = c + 1; d < C; d++) pairIndex.push([c, d]);
  const estimateWithout = (skip: number): McmcEstimates => {
    let m = 0, Q = 0, T = 0, E = 0, cnt = 0;
    for (let c = 0; c < C; c++) {
      if (c === skip) continue;
      m += sumM[c];
      Q += sumQ[c];
      T += sumT[c];
      E += sumE[c];
      cnt++;
    }
    let q = 0, pc = 0;
    pairIndex.forEach(([c, d], p) => {
      if (c === skip || d === skip) return;
      q += sumPair[p];
      pc++;
    });
    const norm = cnt * sweeps;
    return derive(m / norm, q / (pc * sweeps), Q / norm, T / norm, E / norm);
  };
  const est = estimateWithout(-1);
  const keys = ["m", "q", "Q", "trainError", "genError", "meanError", "energy"] as const;
  let replicatesList: McmcEstimates[];
  if (C >= 3) {
    replicatesList = Array.from({ length: C }, (_, c) => estimateWithout(c));
  } else {
    // two chains: jackknife over time blocks
    const tot = blockSums.reduce((acc, b) => acc.map((v, j) => v + b[j]), new Array(6).fill(0));
    replicatesList = blockSums.filter((b) => b[5] > 0).map((b) => {
      const cnt = tot[5] - b[5];
      return derive(
        (tot[0] - b[0]) / (cnt * C),
        (tot[4] - b[4]) / cnt,
        (tot[1] - b[1]) / (cnt * C),
        (tot[2] - b[2]) / (cnt * C),
        (tot[3] - b[3]) / (cnt * C),
      );
    });
  }
  const stderr = {} as McmcRun["stderr"];
  for (const k of keys) stderr[k] = jackknifeError(replicatesList.map((r) => r[k]));
  const rHatEnergy = gelmanRubin(seriesE);
  const rHatM = gelmanRubin(seriesM);
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
 * Jackknife standard error from leave-one-out replicates `theta_(i)`:
 * `sqrt((k − 1)/k · Σ (theta_(i) − mean)²)`; null with fewer than 2 finite replicates.
 *
 * @example
 * ```ts
 * // for a sample mean the jackknife error is the usual sd/sqrt(k)
 * const x = [1, 2, 4, 7];
 * const loo = x.map((_, i) => (x.reduce((a, b) => a + b) - x[i]) / 3);
 * const sd = Math.sqrt(x.reduce((a, v) => a + (v - 3.5) ** 2, 0) / 3);
 * if (Math.abs(jackknifeError(loo)! - sd / 2) > 1e-12) throw new Error();
 * ```
 */
export function jackknifeError(replicates: number[]): number | null {
  const r = replicates.filter(Number.isFinite);
  const k = r.length;
  if (k < 2) return null;
  const mean = r.reduce((a, b) => a + b, 0) / k;
  const ss = r.reduce((a, v) => a + (v - mean) * (v - mean), 0);
  return Math.sqrt(((k - 1) / k) * ss);
}

/**
 * Gelman–Rubin potential scale reduction `R-hat` of equal-length chains (Gelman & Rubin 1992):
 * `sqrt(((n−1)/n·W + B/n)/W)`, W the mean within-chain variance, B/n the variance of the chain
 * means. 1 when all chains are identical constants; Infinity when frozen chains disagree.
 *
 * @example
 * ```ts
 * const a = Float64Array.from({ length: 100 }, (_, i) => Math.sin(i));
 * if (Math.abs(gelmanRubin([a, a]) - Math.sqrt(99 / 100)) > 1e-12) throw new Error();
 * ```
 */
export function gelmanRubin(series: ArrayLike<number>[]): number {
  const k = series.length;
  const n = series[0]?.length ?? 0;
  if (k < 2 || n < 2) return NaN;
  const means = series.map((s) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += s[i];
    return t / n;
  });
  const grand = means.reduce((a, b) => a + b, 0) / k;
  const bOverN = means.reduce((a, v) => a + (v - grand) ** 2, 0) / (k - 1);
  let W = 0;
  series.forEach((s, c) => {
    let t = 0;
    for (let i = 0; i < n; i++) t += (s[i] - means[c]) ** 2;
    W += t / (n - 1);
  });
  W /= k;
  const scale = Math.max(Math.abs(grand), 1e-300);
  if (W <= 1e-28 * scale * scale) return bOverN <= 1e-28 * scale * scale ? 1 : Infinity;
  return Math.sqrt(((n - 1) / n * W + bOverN) / W);
}

/**
 * The single-weight heat-bath machinery for one instance: column-major X, column norms, the
 * residual bookkeeping. Exposed for benchmarks and tests.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { createRng } from "../numerics/rng.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 50, alpha: 2, seed: 1, precision: "float64" });
 * const model = resolveModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 2, width: 1 }) });
 * const s = new McmcSampler(data, model), rng = createRng(7);
 * const state = s.randomState(rng);
 * const e0 = s.energy(state);
 * for (let k = 0; k < 20; k++) s.sweep(state, 3, rng);
 * // the maintained residual equals a fresh one, and the energy went down from a random start
 * const e1 = s.energy(state);
 * s.refreshResidual(state);
 * if (Math.abs(s.energy(state) - e1) > 1e-9 || !(e1 < e0)) throw new Error();
 * ```
 */
export class McmcSampler {
  readonly n: number;
  readonly samples: number;
  readonly #Xc: Float64Array;
  readonly #c: Float64Array;
  readonly #y: Float64Array;
  readonly #lambda: number;
  readonly #model: Model;
  readonly #draw: (A: number, B: number, u: number, z: number) => number;
  readonly #continuous: boolean;

  /** Builds the sampler (copies X column-major). */
  constructor(data: SyntheticData, model: Model) {
    this.n = data.n;
    this.samples = data.samples;
    this.#Xc = columnMajorX(data);
    this.#y = data.y;
    this.#model = model;
    this.#lambda = model.lambda;
    this.#c = new Float64Array(this.n);
    const M = this.samples;
    for (let i = 0; i < this.n; i++) {
      let s = 0;
      for (let mu = 0; mu < M; mu++) s += this.#Xc[i * M + mu] ** 2;
      this.#c[i] = s;
    }
    const s = levelSampler(model.quantizer);
    this.#draw = s.draw.bind(s);
    this.#continuous = model.quantizer.kind === "continuous";
  }

  /** A state drawn from the base measure pi (the beta = 0 equilibrium), with its residual. */
  randomState(rng: Rng): { w: Float64Array; res: Float64Array } {
    const w = new Float64Array(this.n);
    const q = this.#model.quantizer;
    if (q.kind === "levels") {
      const cum = new Float64Array(q.levels.length);
      let t = 0;
      for (let k = 0; k < cum.length; k++) cum[k] = t += Math.exp(q.logPi[k]);
      for (let i = 0; i < this.n; i++) {
        const u = rng.uniform() * t;
        let k = 0;
        while (k < cum.length - 1 && u >= cum[k]) k++;
        w[i] = q.levels[k];
      }
    } else {
      const sd = Number.isFinite(q.priorVariance) ? Math.sqrt(q.priorVariance) : 1;
      for (let i = 0; i < this.n; i++) w[i] = sd * rng.normal();
    }
    const state = { w, res: new Float64Array(this.samples) };
    this.refreshResidual(state);
    return state;
  }

  /** Recomputes `res = y − X·w` from scratch (removes accumulated rounding). */
  refreshResidual(state: { w: Float64Array; res: Float64Array }): void {
    const { w, res } = state;
    const M = this.samples, Xc = this.#Xc;
    res.set(this.#y);
    for (let i = 0; i < this.n; i++) {
      const wi = w[i];
      if (wi === 0) continue;
      const off = i * M;
      for (let mu = 0; mu < M; mu++) res[mu] -= wi * Xc[off + mu];
    }
  }

  /** Training energy `H = ½‖res‖² + ½·lambda·‖w‖²` of a state. */
  energy(state: { w: Float64Array; res: Float64Array }): number {
    let s = 0, w2 = 0;
    const { w, res } = state;
    for (let mu = 0; mu < res.length; mu++) s += res[mu] * res[mu];
    if (this.#lambda > 0) { for (let i = 0; i < w.length; i++) w2 += w[i] * w[i]; }
    return 0.5 * s + 0.5 * this.#lambda * w2;
  }

  /** One sweep: N heat-bath updates in order i = 0..N−1 at inverse temperature beta. */
  sweep(state: { w: Float64Array; res: Float64Array }, beta: number, rng: Rng): void {
    const { w, res } = state;
    const M = this.samples, Xc = this.#Xc, c = this.#c, lambda = this.#lambda;
    const draw = this.#draw;
    const cont = this.#continuous;
    for (let i = 0; i < this.n; i++) {
      const off = i * M;
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      let mu = 0;
      for (; mu + 3 < M; mu += 4) {
        d0 += Xc[off + mu] * res[mu];
        d1 += Xc[off + mu + 1] * res[mu + 1];
        d2 += Xc[off + mu + 2] * res[mu + 2];
        d3 += Xc[off + mu + 3] * res[mu + 3];
      }
      for (; mu < M; mu++) d0 += Xc[off + mu] * res[mu];
      const old = w[i];
      const h = d0 + d1 + (d2 + d3) + c[i] * old;
      const u = rng.uniform();
      const z = cont ? rng.normal() : 0;
      const nw = draw(beta * (c[i] + lambda), beta * h, u, z);
      if (nw !== old) {
        const delta = nw - old;
        for (mu = 0; mu < M; mu++) res[mu] -= delta * Xc[off + mu];
        w[i] = nw;
      }
    }
  }
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
        ["gen error (mean)", r.meanError, r.stderr.meanError],
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
