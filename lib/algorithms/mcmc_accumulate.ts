/**
 * Measurements of the Monte Carlo sampler: per sweep, the observables of each chain's target
 * replica (m, Q, the training error, the energy) and the overlaps q of chain pairs, summed per
 * chain, per pair and per time block, with the per-chain time series the diagnostics need,
 * and per-site sums of w per chain (and per time block with two chains) for the posterior-mean
 * error. Everything is added once per measured sweep (O(C·N) per sweep, no allocation), never
 * per single-weight update.
 *
 * @module
 */
import type { McmcState } from "./mcmc_sampler.ts";

/** Number of time blocks (the two-chain jackknife leaves one out). */
export const MCMC_BLOCKS = 10;

/** Running sums over the measured sweeps. */
export interface McmcAccumulator {
  /** Number of chains C. */
  chains: number;
  /** Measured sweeps per chain. */
  sweeps: number;
  /** Per chain: sums over sweeps of m, Q, the training error and the energy per weight. */
  sumM: Float64Array;
  /** Per chain: sum of Q. */
  sumQ: Float64Array;
  /** Per chain: sum of the training error. */
  sumT: Float64Array;
  /** Per chain: sum of the energy per weight. */
  sumE: Float64Array;
  /** Per pair (c < d, in order): sum over sweeps of the overlap `w_c·w_d/N`. */
  sumPair: Float64Array;
  /** Per time block: sums of m, Q, T, E over chains, the mean pair overlap, and the count. */
  blockSums: Float64Array[];
  /** Per chain, per measured sweep: the energy and m. */
  seriesE: Float64Array[];
  /** Per chain, per measured sweep: m. */
  seriesM: Float64Array[];
  /** Number of weights N of the per-site sums (0: none kept). */
  n: number;
  /** Per chain: per-site sums of w over the measured sweeps (empty arrays when n = 0). */
  sumW: Float64Array[];
  /** Two chains only: per chain, per time block, per-site sums of w (else empty). */
  blockW: Float64Array[][];
}

/** Chain averages of one sweep (for the trace). */
export interface McmcObservation {
  /** Chain mean of `w0·w/N`. */
  m: number;
  /** Chain mean of `w·w/N`. */
  Q: number;
  /** Chain mean of `|y − Xw|²/M`. */
  trainError: number;
  /** Chain mean of the energy per weight. */
  energy: number;
}

/**
 * Empty sums for C chains, `sweeps` measured sweeps and `n` weights (`n = 0`: no per-site sums,
 * so no posterior-mean error beyond `rhoHat − 2m + q + sigma2`).
 *
 * @throws {RangeError} if n is not an integer >= 0.
 * @example
 * ```ts
 * const a = createMcmcAccumulator(3, 100, 5);
 * if (a.sumPair.length !== 3 || a.seriesE[2].length !== 100 || a.sumW[2].length !== 5) throw new Error();
 * ```
 */
export function createMcmcAccumulator(chains: number, sweeps: number, n = 0): McmcAccumulator {
  const C = chains;
  if (!(Number.isInteger(n) && n >= 0)) {
    throw new RangeError(`n: expected an integer >= 0, got ${n}`);
  }
  return {
    chains: C,
    sweeps,
    sumM: new Float64Array(C),
    sumQ: new Float64Array(C),
    sumT: new Float64Array(C),
    sumE: new Float64Array(C),
    sumPair: new Float64Array((C * (C - 1)) / 2),
    blockSums: Array.from({ length: MCMC_BLOCKS }, () => new Float64Array(5 + 1)),
    seriesE: Array.from({ length: C }, () => new Float64Array(sweeps)),
    seriesM: Array.from({ length: C }, () => new Float64Array(sweeps)),
    n,
    sumW: Array.from({ length: C }, () => new Float64Array(n)),
    blockW: C === 2 && n > 0
      ? Array.from(
        { length: C },
        () => Array.from({ length: MCMC_BLOCKS }, () => new Float64Array(n)),
      )
      : [],
  };
}

/**
 * Observes the chains' states (one per chain): returns the chain averages, and when `t` (the
 * index of the measured sweep) is >= 0 adds the sweep to the sums.
 *
 * @throws {RangeError} if the accumulator keeps per-site sums for another N than `w0.length`.
 *
 * @example
 * ```ts
 * const acc = createMcmcAccumulator(2, 1, 2);
 * const st = { w: Float64Array.of(1, -1), res: Float64Array.of(1, 1) };
 * const o = observeChains(acc, [st, st], Float64Array.of(1, 1), 0, 0);
 * // m = (1 − 1)/2 = 0, Q = 1, T = |res|²/M = 1, E = ½·2/2 = 0.5; the pair overlap is Q
 * if (o.m !== 0 || o.Q !== 1 || o.trainError !== 1 || o.energy !== 0.5 || acc.sumPair[0] !== 1) throw new Error();
 * if (acc.sumW[1][0] !== 1 || acc.sumW[1][1] !== -1) throw new Error();
 * ```
 */
export function observeChains(
  acc: McmcAccumulator,
  states: readonly McmcState[],
  w0: Float64Array,
  lambda: number,
  t: number,
): McmcObservation {
  const C = acc.chains;
  const n = w0.length;
  let tm = 0, tQ = 0, tT = 0, tE = 0;
  const measure = t >= 0;
  const perSite = measure && acc.n > 0;
  if (acc.n > 0 && acc.n !== n) {
    throw new RangeError(`w0: expected ${acc.n} weights (the accumulator's N), got ${n}`);
  }
  const blk = measure ? Math.min(MCMC_BLOCKS - 1, Math.floor((t * MCMC_BLOCKS) / acc.sweeps)) : 0;
  for (let c = 0; c < C; c++) {
    const { w, res } = states[c];
    const M = res.length;
    let sm = 0, sq = 0, sr = 0;
    for (let i = 0; i < n; i++) {
      sm += w0[i] * w[i];
      sq += w[i] * w[i];
    }
    for (let mu = 0; mu < M; mu++) sr += res[mu] * res[mu];
    const mc = sm / n, Qc = sq / n, Tc = sr / M, Ec = (0.5 * sr + 0.5 * lambda * sq) / n;
    tm += mc;
    tQ += Qc;
    tT += Tc;
    tE += Ec;
    if (measure) {
      acc.sumM[c] += mc;
      acc.sumQ[c] += Qc;
      acc.sumT[c] += Tc;
      acc.sumE[c] += Ec;
      acc.seriesE[c][t] = Ec;
      acc.seriesM[c][t] = mc;
      if (perSite) {
        const sw = acc.sumW[c];
        for (let i = 0; i < n; i++) sw[i] += w[i];
        if (C === 2) {
          const bw = acc.blockW[c][blk];
          for (let i = 0; i < n; i++) bw[i] += w[i];
        }
      }
      const bs = acc.blockSums[blk];
      bs[0] += mc;
      bs[1] += Qc;
      bs[2] += Tc;
      bs[3] += Ec;
    }
  }
  if (measure) {
    let p = 0, sqq = 0;
    for (let c = 0; c < C; c++) {
      for (let d = c + 1; d < C; d++) {
        const wa = states[c].w, wb = states[d].w;
        let s = 0;
        for (let i = 0; i < n; i++) s += wa[i] * wb[i];
        acc.sumPair[p++] += s / n;
        sqq += s / n;
      }
    }
    acc.blockSums[blk][4] += sqq / acc.sumPair.length;
    acc.blockSums[blk][5] += 1;
  }
  return { m: tm / C, Q: tQ / C, trainError: tT / C, energy: tE / C };
}
