/**
 * Error bars and equilibration diagnostics of the Monte Carlo sampler: estimates with
 * jackknife standard errors over chains (over time blocks when there are only 2 chains), the
 * bias-corrected and clipped posterior-mean error, and the Gelman–Rubin R-hat across chains.
 *
 * @module
 */
import type { McmcAccumulator } from "./mcmc_accumulate.ts";

/** Monte Carlo estimates with their standard errors. */
export interface McmcEstimates {
  /** Teacher-student overlap `m = w0·w/N`. */
  m: number;
  /** Two-replica overlap `q`. */
  q: number;
  /** Self-overlap `Q = w·w/N`. */
  Q: number;
  /** Training error per sample. */
  trainError: number;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /**
   * Generalization error of the posterior mean `|w0 − <w>|²/N + sigma2` (>= sigma2). With
   * per-site sums ({@link posteriorMeanError}): the bias-corrected estimate, clipped at sigma2;
   * without them `rho − 2m + q + sigma2`, which noise can push below sigma2.
   */
  meanError: number;
  /** Energy per weight `H/N`. */
  energy: number;
}

/** The posterior-mean error `|w0 − <w>|²/N + sigma2` of a Monte Carlo run, see {@link posteriorMeanError}. */
export interface PosteriorMeanError {
  /** `max(sigma2, unclipped)`: never below the bound sigma2 the quantity obeys. */
  value: number;
  /**
   * Bias-corrected estimate `|w0 − w̄|²/N − Σ_i Var(w̄_i)/N + sigma2`, unbiased for independent
   * chains; noise may put it below sigma2 (average this one over seeds).
   */
  unclipped: number;
  /** The plug-in `|w0 − w̄|²/N + sigma2`, biased upwards by `Σ_i Var(w̄_i)/N`. */
  plugIn: number;
  /** Jackknife standard error of `unclipped` (chains; time blocks with 2 chains); null if not estimable. */
  stderr: number | null;
  /** `unclipped < sigma2`: `value` is the bound sigma2, the truth within ~stderr above it. */
  clipped: boolean;
}

const KEYS = ["m", "q", "Q", "trainError", "genError", "meanError", "energy"] as const;

/**
 * The estimates from the sums, with jackknife standard errors: leave one chain out (C >= 3),
 * or one time block out (C = 2). `rhoHat` and `sigma2` turn m, q, Q into the errors
 * (`genError = rhoHat − 2m + Q + sigma2`, `meanError = rhoHat − 2m + q + sigma2`).
 *
 * @example
 * ```ts
 * import { createMcmcAccumulator, observeChains } from "./mcmc_accumulate.ts";
 * const acc = createMcmcAccumulator(3, 2);
 * const st = (v: number) => ({ w: Float64Array.of(v), res: Float64Array.of(0) });
 * for (let t = 0; t < 2; t++) observeChains(acc, [st(1), st(1), st(-1)], Float64Array.of(1), 0, t);
 * const { estimates, stderr } = mcmcEstimates(acc, 1, 0);
 * // m = (1 + 1 − 1)/3; leave-one-out m: 0, 0, 1 → jackknife sqrt(2/3·(1/9 + 1/9 + 4/9)) = 2/3
 * if (Math.abs(estimates.m - 1 / 3) > 1e-15 || Math.abs(stderr.m! - 2 / 3) > 1e-12) throw new Error();
 * ```
 */
export function mcmcEstimates(
  acc: McmcAccumulator,
  rhoHat: number,
  sigma2: number,
  w0?: ArrayLike<number>,
): {
  estimates: McmcEstimates;
  stderr: { [K in keyof McmcEstimates]: number | null };
  /** With `w0` and per-site sums: the posterior-mean error behind `estimates.meanError`. */
  meanError?: PosteriorMeanError;
} {
  const C = acc.chains, sweeps = acc.sweeps;
  const { sumM, sumQ, sumT, sumE, sumPair, blockSums } = acc;
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
  const estimates = estimateWithout(-1);
  let replicatesList: McmcEstimates[];
  if (C >= 3) {
    replicatesList = Array.from({ length: C }, (_, c) => estimateWithout(c));
  } else {
    // two chains: jackknife over time blocks
    const tot = blockSums.reduce((a, b) => a.map((v, j) => v + b[j]), new Array(6).fill(0));
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
  const stderr = {} as { [K in keyof McmcEstimates]: number | null };
  for (const k of KEYS) stderr[k] = jackknifeError(replicatesList.map((r) => r[k]));
  if (w0 === undefined || acc.n === 0) return { estimates, stderr };
  const meanError = posteriorMeanError(acc, w0, sigma2);
  estimates.meanError = meanError.value;
  stderr.meanError = meanError.stderr;
  return { estimates, stderr, meanError };
}

/**
 * The generalization error of the posterior mean `|w0 − <w>|²/N + sigma2` from the per-site
 * sums of w (docs/theory.md §4). With chain means `w̄_c` and their mean `w̄` over K chains,
 * the plug-in `|w0 − w̄|²/N` overestimates `|w0 − <w>|²/N` by `Σ_i Var(w̄_i)/N`, which is
 * estimated from the spread of the chains, `Σ_c |w̄_c − w̄|²/(N·K·(K − 1))` (independent chains).
 * The difference is unbiased — algebraically the mean over chain pairs c ≠ d of
 * `(w0 − w̄_c)·(w0 − w̄_d)/N` — but noisy, so it may fall below sigma2: then `value` reports
 * the bound sigma2 and `clipped` is true. The error bar is the jackknife over chains (C >= 3)
 * or over time blocks (C = 2) of the unclipped estimate.
 *
 * @throws {RangeError} if the accumulator kept no per-site sums, or for another N than `w0`'s.
 * @example
 * ```ts
 * import { createMcmcAccumulator, observeChains } from "./mcmc_accumulate.ts";
 * // 3 chains frozen at w = 1, 1, −2 (one weight); w0 = 0, sigma2 = 0.1: w̄ = 0,
 * // plug-in 0 + 0.1, spread (1 + 1 + 4)/(3·2) = 1 → unclipped 0.1 − 1, clipped to 0.1
 * const acc = createMcmcAccumulator(3, 4, 1);
 * const st = (v: number) => ({ w: Float64Array.of(v), res: Float64Array.of(0) });
 * for (let t = 0; t < 4; t++) observeChains(acc, [st(1), st(1), st(-2)], Float64Array.of(0), 0, t);
 * const e = posteriorMeanError(acc, Float64Array.of(0), 0.1);
 * if (Math.abs(e.unclipped + 0.9) > 1e-12 || e.value !== 0.1 || !e.clipped) throw new Error();
 * ```
 */
export function posteriorMeanError(
  acc: McmcAccumulator,
  w0: ArrayLike<number>,
  sigma2: number,
): PosteriorMeanError {
  const n = acc.n, C = acc.chains;
  if (n === 0) {
    throw new RangeError(`acc: expected per-site sums (createMcmcAccumulator with n > 0)`);
  }
  if (w0.length !== n) throw new RangeError(`w0: expected ${n} weights, got ${w0.length}`);
  const all = Array.from({ length: C }, (_, c) => c);
  const full = correctedError(acc.sumW, all, acc.sweeps, w0);
  const replicates: number[] = [];
  if (C >= 3) {
    for (let skip = 0; skip < C; skip++) {
      replicates.push(
        correctedError(acc.sumW, all.filter((c) => c !== skip), acc.sweeps, w0).corrected,
      );
    }
  } else {
    const left = Array.from({ length: C }, () => new Float64Array(n));
    acc.blockSums.forEach((b, k) => {
      if (!(b[5] > 0)) return;
      for (let c = 0; c < C; c++) {
        const s = acc.sumW[c], bw = acc.blockW[c][k], l = left[c];
        for (let i = 0; i < n; i++) l[i] = s[i] - bw[i];
      }
      replicates.push(correctedError(left, all, acc.sweeps - b[5], w0).corrected);
    });
  }
  const unclipped = full.corrected + sigma2;
  return {
    value: Math.max(sigma2, unclipped),
    unclipped,
    plugIn: full.plugIn + sigma2,
    stderr: jackknifeError(replicates),
    clipped: unclipped < sigma2,
  };
}

/** `|w0 − w̄|²/N` and it minus the chain-spread estimate of `Σ_i Var(w̄_i)/N`. */
function correctedError(
  sums: Float64Array[],
  chains: number[],
  count: number,
  w0: ArrayLike<number>,
): { plugIn: number; corrected: number } {
  const n = w0.length, K = chains.length;
  let plug = 0, spread = 0;
  for (let i = 0; i < n; i++) {
    let mean = 0;
    for (const c of chains) mean += sums[c][i];
    mean /= K * count;
    plug += (w0[i] - mean) ** 2;
    for (const c of chains) spread += (sums[c][i] / count - mean) ** 2;
  }
  return { plugIn: plug / n, corrected: plug / n - spread / (n * K * (K - 1)) };
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
