/**
 * The effective scalar channel of the replica analysis (docs/theory.md §2, "decoupling").
 *
 * Each weight sees `r = w0 + sqrt(Delta)·z` and the scalar posterior over the student's weight
 * space `p(w | r) ∝ pi(w)·exp(−½·quad·w² + mhat·r·w)`, where `quad = mhat + beta·lambda`.
 * This file computes the posterior moments at one `r` ({@link posteriorMoments}, also AMP's
 * denoiser) and their averages over the teacher prior and the Gaussian noise
 * ({@link channelAverages}), which is all the RS equations need.
 *
 * Numerics. For a level set the posterior is a staircase in `r` whose steps (at the thresholds
 * of the upper envelope of the lines `log pi_k − ½·quad·l_k² + mhat·r·l_k`) have width
 * `tau = 1/(mhat·gap)`, which at beta = 1e4 is 1e-4 or less. The average over `r` is done
 * with composite Gauss–Legendre panels whose break points sit at every resolved threshold and
 * on a ladder `tau·{1.5, 4, 8, 14, 22, 34}` around it (the step's deviation from flat
 * decays like `exp(−|r − t|/tau)`, so past 34·tau it is below 1e-14), on a 1-sigma grid
 * for the Gaussian density, and around the ends of the level set. Posterior sums are
 * log-sum-exp over the window of levels within e^-38 of the largest term, found from the
 * envelope, so 4096 levels cost what a few do when the posterior is sharp.
 *
 * @module
 */
import { gaussLegendre } from "../numerics/quadrature.ts";
import type { LevelSet, Quantizer } from "../quantizers/quantizer.ts";
import type { Teacher } from "../model/teacher.ts";
import { nearestIndex } from "./nearest_level.ts";

/** Posterior mean and variance of the scalar channel at one input. */
export interface PosteriorMoments {
  /** `<w>` */
  mean: number;
  /** `Var(w) = <w²> − <w>²` (computed as a centred sum, so it is >= 0 and accurate when tiny). */
  variance: number;
  /** `log Σ_k pi_k exp(−½·quad·l_k² + h·l_k)`, `h = mhat·r`; relative to the base measure. */
  logZ: number;
  /**
   * Entropy of the posterior relative to the base measure, `−KL(p(·|r) ‖ pi) <= 0` (for the flat
   * base of real weights: the differential entropy). Summed directly from the normalised
   * posterior weights, never as the cancelling `logZ + ½·quad·<w²> − h·<w>`.
   */
  relativeEntropy: number;
}

/** Parameters of the scalar channel. */
export interface ChannelParams {
  /** Precision of the Gaussian "measurement" of w, `mhat > 0` (= 1/Sigma in AMP). */
  mhat: number;
  /** Total quadratic coefficient, `quad = mhat + beta·lambda >= mhat`. */
  quad: number;
}

/** Averages of the scalar posterior over `w0 ~ P0` and `r = w0 + sqrt(delta)·z`. */
export interface ChannelAverages {
  /** `E[w0·<w>]` */
  m: number;
  /** `E[<w>²]` */
  q: number;
  /** `E[Var(w)]` = `Q − q` */
  meanVariance: number;
  /** `E[Var(w)²]`, for the de Almeida–Thouless replicon. */
  varianceSquared: number;
  /** `E[log Z]` (relative to the base measure pi). */
  logZ: number;
  /** `E[−KL(p(·|r) ‖ pi)]`, the average relative entropy of the scalar posterior. */
  relativeEntropy: number;
  /** Number of posterior evaluations used (a cost measure). */
  evaluations: number;
}

const CUT = 38; // exp(-38) ≈ 3e-17: levels further below the top term are dropped.
const LADDER = [1.5, 4, 8, 14, 22, 34];
const RANGE = 9; // integrate r over mean ± 9 standard deviations (tail mass < 1e-18).
const GRID = 1; // Gaussian grid spacing, in standard deviations.
const NODES = 8; // Gauss–Legendre nodes per panel.
const MAX_UNRESOLVED = 512; // most break points placed across unresolved thresholds.

/** The upper envelope of the lines `u_k(r) = logPi_k − ½·quad·l_k² + mhat·r·l_k`. */
export interface Envelope {
  /** Indices (into the level set) of the levels that dominate somewhere, increasing. */
  index: Int32Array;
  /** `thresholds[j]`: where `index[j]` hands over to `index[j+1]` (length = index.length − 1). */
  thresholds: Float64Array;
}

/**
 * Upper envelope of the posterior's log-weights as functions of `r` (convex hull trick: the
 * slopes `mhat·l_k` increase with k). At zero temperature pass `logPi = null` (base measure
 * irrelevant) to get the nearest-level (or ridge-shrunk) decision thresholds.
 *
 * @example
 * ```ts
 * const env = levelEnvelope(new Float64Array([-1, 0, 1]), null, { mhat: 2, quad: 2 });
 * // equal weights, quad = mhat: thresholds at the midpoints
 * if (env.thresholds[0] !== -0.5 || env.thresholds[1] !== 0.5) throw new Error();
 * ```
 */
export function levelEnvelope(
  levels: Float64Array,
  logPi: Float64Array | null,
  params: ChannelParams,
): Envelope {
  const { mhat, quad } = params;
  const k = levels.length;
  const idx = new Int32Array(k);
  const thr = new Float64Array(Math.max(k - 1, 0));
  let n = 0;
  const cross = (a: number, b: number): number => {
    const la = levels[a], lb = levels[b];
    const dpi = logPi === null ? 0 : logPi[a] - logPi[b];
    return (quad / mhat) * 0.5 * (la + lb) + dpi / (mhat * (lb - la));
  };
  for (let i = 0; i < k; i++) {
    while (n >= 1) {
      const t = cross(idx[n - 1], i);
      if (n >= 2 && t <= thr[n - 2]) {
        n--; // the previous line never dominates
        continue;
      }
      thr[n - 1] = t;
      break;
    }
    idx[n++] = i;
  }
  return { index: idx.slice(0, n), thresholds: thr.slice(0, n - 1) };
}

/** Scratch space reused across evaluations (avoids allocation in the hot loop). */
class Window {
  weights: Float64Array;
  constructor(size: number) {
    this.weights = new Float64Array(size);
  }
}

/**
 * Per-level-set data every evaluation needs: the largest log base weight and a scratch window.
 * Cached per level set (level sets are immutable), so pointwise calls inside nested integrals
 * (1RSB) cost O(window), not O(K) plus an allocation.
 */
const scratch = new WeakMap<LevelSet, { maxLogPi: number; win: Window }>();
function scratchFor(quantizer: LevelSet): { maxLogPi: number; win: Window } {
  let s = scratch.get(quantizer);
  if (s === undefined) {
    let maxLogPi = -Infinity;
    for (let i = 0; i < quantizer.logPi.length; i++) {
      maxLogPi = Math.max(maxLogPi, quantizer.logPi[i]);
    }
    s = { maxLogPi, win: new Window(quantizer.levels.length) };
    scratch.set(quantizer, s);
  }
  return s;
}

/**
 * Posterior moments at one input for a level set, using only the levels within e^-38 of the
 * dominant one. `start` is a level index near the posterior mode (any index is correct; a
 * good one is faster). Returns the index of the dominant level (a start for the next call).
 */
function levelMoments(
  levels: Float64Array,
  logPi: Float64Array,
  maxLogPi: number,
  mhat: number,
  quad: number,
  r: number,
  start: number,
  win: Window,
  out: PosteriorMoments,
): number {
  const k = levels.length;
  const h = mhat * r;
  const lstar = h / quad; // maximiser of the quadratic part
  // walk from start towards the dominant level (u is unimodal up to the logPi terms)
  let best = start;
  let ubest = logPi[best] + levels[best] * (h - 0.5 * quad * levels[best]);
  for (let i = best + 1; i < k; i++) {
    const u = logPi[i] + levels[i] * (h - 0.5 * quad * levels[i]);
    if (u > ubest) {
      best = i;
      ubest = u;
    } else if (levels[i] > lstar) break;
  }
  for (let i = best - 1; i >= 0; i--) {
    const u = logPi[i] + levels[i] * (h - 0.5 * quad * levels[i]);
    if (u > ubest) {
      best = i;
      ubest = u;
    } else if (levels[i] < lstar) break;
  }
  // expand the window on both sides until the bound says nothing further can matter
  const floor = ubest - CUT;
  let lo = best, hi = best;
  while (lo > 0) {
    const l = levels[lo - 1];
    const ub = maxLogPi + l * (h - 0.5 * quad * l);
    if (ub < floor && l < lstar) break;
    lo--;
  }
  while (hi < k - 1) {
    const l = levels[hi + 1];
    const ub = maxLogPi + l * (h - 0.5 * quad * l);
    if (ub < floor && l > lstar) break;
    hi++;
  }
  // log-weights relative to the dominant level, in the factored form
  // u_i − u_b = (log pi_i − log pi_b) + (l_i − l_b)·(h − ½·quad·(l_i + l_b)), which stays exact
  // when quad·l² dwarfs h·l (beta·lambda = 1e31: ±l then differ only by 2·h·l)
  const w = win.weights;
  const lb = levels[best], pb = logPi[best];
  let umax = -Infinity;
  for (let i = lo; i <= hi; i++) {
    const l = levels[i];
    const u = logPi[i] - pb + (l - lb) * (h - 0.5 * quad * (l + lb));
    w[i - lo] = u;
    if (u > umax) umax = u;
  }
  // −KL(p ‖ pi) = Σ p_i·(log pi_i − log p_i) with log p_i = (u_i − umax) − log s0: every term
  // is O(1) (|u_i − umax| <= 38), so nothing cancels even when quad·l² is astronomically large
  let s0 = 0, s1 = 0, sKl = 0;
  for (let i = lo; i <= hi; i++) {
    const d = w[i - lo] - umax;
    const e = Math.exp(d);
    w[i - lo] = e;
    s0 += e;
    s1 += e * levels[i];
    sKl += e * (logPi[i] - d);
  }
  const mean = s1 / s0;
  let s2 = 0;
  for (let i = lo; i <= hi; i++) {
    const d = levels[i] - mean;
    s2 += w[i - lo] * d * d;
  }
  out.mean = mean;
  out.variance = s2 / s0;
  out.logZ = ubest + umax + Math.log(s0);
  out.relativeEntropy = Math.min(sKl / s0 + Math.log(s0), 0);
  return best;
}

/**
 * Mean, variance and log-partition function of the scalar posterior
 * `p(w | r) ∝ pi(w)·exp(−½·quad·w² + mhat·r·w)` at one `r`. For a level set this is AMP's
 * denoiser; for continuous weights it is the Gaussian (ridge) posterior in closed form.
 *
 * @example
 * ```ts
 * import { levelSet } from "../quantizers/quantizer.ts";
 * const pm = posteriorMoments(levelSet([-1, 1]), 0.3, { mhat: 2, quad: 2 });
 * // binary levels: <w> = tanh(mhat·r)
 * if (Math.abs(pm.mean - Math.tanh(0.6)) > 1e-15) throw new Error();
 * ```
 */
export function posteriorMoments(
  quantizer: Quantizer,
  r: number,
  params: ChannelParams,
): PosteriorMoments {
  const out: PosteriorMoments = { mean: 0, variance: 0, logZ: 0, relativeEntropy: 0 };
  if (quantizer.kind === "continuous") {
    continuousMoments(quantizer.priorVariance, params, r, out);
    return out;
  }
  const { levels, logPi } = quantizer;
  const { maxLogPi, win } = scratchFor(quantizer);
  const start = nearestIndex(levels, (params.mhat * r) / params.quad);
  levelMoments(
    levels,
    logPi,
    maxLogPi,
    params.mhat,
    params.quad,
    r,
    start,
    win,
    out,
  );
  return out;
}

function continuousMoments(
  priorVariance: number,
  params: ChannelParams,
  r: number,
  out: PosteriorMoments,
): void {
  const a = params.quad + 1 / priorVariance;
  const h = params.mhat * r;
  out.mean = h / a;
  out.variance = 1 / a;
  // base N(0, s²) normalised: log Z = −½ log(s²·a) + h²/(2a); flat base: ½ log(2π/a) + h²/(2a)
  out.logZ =
    (Number.isFinite(priorVariance)
      ? -0.5 * Math.log(priorVariance * a)
      : 0.5 * Math.log((2 * Math.PI) / a)) + (h * h) / (2 * a);
  out.relativeEntropy = gaussianRelativeEntropy(priorVariance, a, out.mean * out.mean);
}

/**
 * `−KL(N(mu, 1/a) ‖ N(0, s²))` with `meanSquare = E[mu²]`; for the flat base (s² = ∞) the
 * differential entropy `½·log(2πe/a)`.
 */
function gaussianRelativeEntropy(priorVariance: number, a: number, meanSquare: number): number {
  if (!Number.isFinite(priorVariance)) return 0.5 * Math.log((2 * Math.PI * Math.E) / a);
  const x = 1 / (priorVariance * a); // posterior / prior variance, in (0, 1]
  return 0.5 * Math.log(x) - 0.5 * (x + meanSquare / priorVariance) + 0.5;
}

/**
 * Averages of the scalar posterior's moments over the teacher prior and the channel noise:
 * `r = w0 + sqrt(delta)·z`. Every teacher is a Gaussian mixture, and within a component
 * `(w0, r)` is jointly Gaussian, so `E[w0·f(r)] = E[(mu + s·(r − mu))·f(r)]` with
 * `s = v/(v + delta)` and `r ~ N(mu, v + delta)`.
 *
 * @throws {RangeError} if mhat, quad or delta are out of range.
 * @example
 * ```ts
 * import { levelSet } from "../quantizers/quantizer.ts";
 * import { gaussianTeacher } from "../model/teacher.ts";
 * const avg = channelAverages(levelSet([-1, 1]), gaussianTeacher(), { mhat: 1, quad: 1 }, 1);
 * // Nishimori-free sanity: the posterior mean of a binary weight has <w>² <= 1
 * if (!(avg.q > 0 && avg.q < 1 && avg.meanVariance > 0)) throw new Error();
 * ```
 */
export function channelAverages(
  quantizer: Quantizer,
  teacher: Teacher,
  params: ChannelParams,
  delta: number,
): ChannelAverages {
  const { mhat, quad } = params;
  if (!(mhat > 0 && Number.isFinite(mhat))) {
    throw new RangeError(`mhat: expected a finite number > 0, got ${mhat}`);
  }
  if (!(quad >= mhat && Number.isFinite(quad))) {
    throw new RangeError(`quad: expected a finite number >= mhat = ${mhat}, got ${quad}`);
  }
  if (!(delta >= 0 && Number.isFinite(delta))) {
    throw new RangeError(`delta: expected a finite number >= 0, got ${delta}`);
  }
  if (quantizer.kind === "continuous") return continuousAverages(quantizer, teacher, params, delta);
  const acc: ChannelAverages = {
    m: 0,
    q: 0,
    meanVariance: 0,
    varianceSquared: 0,
    logZ: 0,
    relativeEntropy: 0,
    evaluations: 0,
  };
  const env = levelEnvelope(quantizer.levels, quantizer.logPi, params);
  for (const c of teacher.components) {
    const variance = c.variance + delta;
    if (variance === 0) {
      // a point mass for r: evaluate once
      const pm = posteriorMoments(quantizer, c.mean, params);
      accumulate(acc, c.weight, c.mean, pm);
      acc.evaluations++;
      continue;
    }
    componentAverages(
      quantizer,
      env,
      params,
      c.mean,
      Math.sqrt(variance),
      c.variance,
      acc,
      c.weight,
    );
  }
  return acc;
}

function accumulate(
  acc: ChannelAverages,
  weight: number,
  w0: number,
  pm: PosteriorMoments,
): void {
  const wm = weight;
  acc.m += wm * w0 * pm.mean;
  acc.q += wm * pm.mean * pm.mean;
  acc.meanVariance += wm * pm.variance;
  acc.varianceSquared += wm * pm.variance * pm.variance;
  acc.logZ += wm * pm.logZ;
  acc.relativeEntropy += wm * pm.relativeEntropy;
}

/** Break points of the quadrature panels for one teacher component (sorted, in [lo, hi]). */
export function panelBreaks(
  levels: Float64Array,
  env: Envelope,
  params: ChannelParams,
  mean: number,
  sd: number,
): Float64Array {
  const lo = mean - RANGE * sd, hi = mean + RANGE * sd;
  const pts: number[] = [];
  const nGrid = Math.round(RANGE / GRID);
  for (let j = -nGrid; j <= nGrid; j++) pts.push(mean + j * GRID * sd);
  const { mhat, quad } = params;
  const thr = env.thresholds;
  const nt = thr.length;
  const ladderReach = LADDER[LADDER.length - 1];
  const unresolved: number[] = [];
  for (let j = 0; j < nt; j++) {
    const t = thr[j];
    const gap = levels[env.index[j + 1]] - levels[env.index[j]];
    const tau = 1 / (mhat * gap);
    if (t + ladderReach * tau < lo || t - ladderReach * tau > hi) continue;
    if (mhat * gap * gap <= 0.5) {
      // the step is wider than the gap: the posterior is smooth here (ripples < e^-40)
      unresolved.push(t);
      continue;
    }
    pts.push(t);
    const left = j > 0 ? 0.5 * (t - thr[j - 1]) : Infinity;
    const right = j < nt - 1 ? 0.5 * (thr[j + 1] - t) : Infinity;
    // rungs closer than 60 % of the way to the midpoint would only cut slivers off the
    // panel that ends there (that panel is then < 1.7 rungs long: measured error still <~ 3e-11)
    for (const o of LADDER) {
      const d = o * tau;
      if (d < 0.6 * left) pts.push(t - d);
      if (d < 0.6 * right) pts.push(t + d);
    }
    if (left !== Infinity && left <= ladderReach * tau) pts.push(t - left);
    if (right !== Infinity && right <= ladderReach * tau) pts.push(t + right);
  }
  // ends of the level set: where the posterior saturates, on the scale 1/sqrt(mhat)
  const width = 1 / Math.sqrt(mhat);
  if (unresolved.length > 0) {
    for (const l of [levels[0], levels[levels.length - 1]]) {
      const re = (quad / mhat) * l;
      for (const o of [-8, -4, -2, -1, 0, 1, 2, 4, 8]) pts.push(re + o * width);
    }
  }
  if (unresolved.length > 0 && !evenlySpaced(levels, env)) {
    // smooth but uneven level density (e.g. mu-law): the posterior mean follows the density
    // on the scale of the posterior width, so cap the panel length there
    const first = Math.max(unresolved[0], lo),
      last = Math.min(unresolved[unresolved.length - 1], hi);
    const n = Math.min(MAX_UNRESOLVED, Math.ceil((last - first) / (2 * width)));
    for (let j = 0; j <= n; j++) pts.push(first + ((last - first) * j) / Math.max(n, 1));
  }
  const inside = pts.filter((x) => x > lo && x < hi);
  inside.push(lo, hi);
  const sorted = Float64Array.from(inside).sort();
  // drop duplicates and split panels longer than the grid spacing
  const out: number[] = [sorted[0]];
  const maxLen = GRID * sd;
  for (let i = 1; i < sorted.length; i++) {
    const a = out[out.length - 1], b = sorted[i];
    if (!(b > a)) continue;
    const pieces = Math.ceil((b - a) / maxLen - 1e-9);
    for (let p = 1; p < pieces; p++) out.push(a + ((b - a) * p) / pieces);
    out.push(b);
  }
  return Float64Array.from(out);
}

/** True for an evenly spaced level set whose levels all sit on the envelope. */
function evenlySpaced(levels: Float64Array, env: Envelope): boolean {
  if (env.index.length !== levels.length || levels.length < 3) return true;
  const g0 = levels[1] - levels[0];
  for (let i = 2; i < levels.length; i++) {
    if (Math.abs(levels[i] - levels[i - 1] - g0) > 1e-9 * g0) return false;
  }
  return true;
}

function componentAverages(
  quantizer: Extract<Quantizer, { kind: "levels" }>,
  env: Envelope,
  params: ChannelParams,
  mean: number,
  sd: number,
  w0Variance: number,
  acc: ChannelAverages,
  weight: number,
): void {
  const { levels, logPi } = quantizer;
  const { maxLogPi, win } = scratchFor(quantizer);
  const shrink = w0Variance / (sd * sd); // E[w0 | r] = mean + shrink·(r − mean)
  const breaks = panelBreaks(levels, env, params, mean, sd);
  const gl = gaussLegendre(NODES);
  const pm: PosteriorMoments = { mean: 0, variance: 0, logZ: 0, relativeEntropy: 0 };
  const norm = 1 / (sd * Math.sqrt(2 * Math.PI));
  let m = 0, q = 0, v = 0, v2 = 0, lz = 0, ent = 0, mass = 0;
  let start = nearestIndex(levels, (params.mhat * breaks[0]) / params.quad);
  for (let p = 0; p + 1 < breaks.length; p++) {
    const a = breaks[p], b = breaks[p + 1];
    const half = 0.5 * (b - a), mid = 0.5 * (a + b);
    // skip panels whose Gaussian weight is below 1e-300 everywhere
    for (let i = 0; i < NODES; i++) {
      const r = mid + half * gl.nodes[i];
      const x = (r - mean) / sd;
      const dens = gl.weights[i] * half * norm * Math.exp(-0.5 * x * x);
      start = levelMoments(levels, logPi, maxLogPi, params.mhat, params.quad, r, start, win, pm);
      const w0 = mean + shrink * (r - mean);
      m += dens * w0 * pm.mean;
      q += dens * pm.mean * pm.mean;
      v += dens * pm.variance;
      v2 += dens * pm.variance * pm.variance;
      lz += dens * pm.logZ;
      ent += dens * pm.relativeEntropy;
      mass += dens;
    }
  }
  acc.evaluations += NODES * (breaks.length - 1);
  // renormalise by the quadrature mass (differs from 1 by the truncated tails, < 1e-17)
  const s = weight / mass;
  acc.m += s * m;
  acc.q += s * q;
  acc.meanVariance += s * v;
  acc.varianceSquared += s * v2;
  acc.logZ += s * lz;
  acc.relativeEntropy += s * ent;
}

function continuousAverages(
  quantizer: Extract<Quantizer, { kind: "continuous" }>,
  teacher: Teacher,
  params: ChannelParams,
  delta: number,
): ChannelAverages {
  // Gaussian posterior: <w> = k·r with k = mhat/a, Var = 1/a, a = quad + 1/priorVariance;
  // E[w0·r] = rho, E[r²] = rho + delta for any teacher.
  const s2 = quantizer.priorVariance;
  const a = params.quad + 1 / s2;
  const k = params.mhat / a;
  const er2 = teacher.rho + delta;
  const base = Number.isFinite(s2) ? -0.5 * Math.log(s2 * a) : 0.5 * Math.log((2 * Math.PI) / a);
  return {
    m: k * teacher.rho,
    q: k * k * er2,
    meanVariance: 1 / a,
    varianceSquared: 1 / (a * a),
    logZ: base + (params.mhat * params.mhat * er2) / (2 * a),
    relativeEntropy: gaussianRelativeEntropy(s2, a, k * k * er2),
    evaluations: 0,
  };
}

/**
 * Vectorised posterior moments (AMP's denoiser): for each `r[i]`, the posterior mean and
 * variance of `pi(w)·exp(−½·quad·w² + mhat·r·w)`, written to `mean` and `variance`.
 * `mhat` and `quad` may be numbers (shared) or per-component arrays.
 *
 * @example
 * ```ts
 * import { levelSet } from "../quantizers/quantizer.ts";
 * const r = new Float64Array([-0.2, 0.1]), a = new Float64Array(2), v = new Float64Array(2);
 * denoise(levelSet([-1, 1]), r, { mhat: 3, quad: 3 }, a, v);
 * if (Math.abs(a[1] - Math.tanh(0.3)) > 1e-15 || Math.abs(v[1] - (1 - a[1] ** 2)) > 1e-15) throw new Error();
 * ```
 */
export function denoise(
  quantizer: Quantizer,
  r: ArrayLike<number>,
  params: { mhat: number | ArrayLike<number>; quad: number | ArrayLike<number> },
  mean: Float64Array | Float32Array,
  variance: Float64Array | Float32Array,
): void {
  const n = r.length;
  const pm: PosteriorMoments = { mean: 0, variance: 0, logZ: 0, relativeEntropy: 0 };
  const mhatAt = typeof params.mhat === "number" ? null : params.mhat;
  const quadAt = typeof params.quad === "number" ? null : params.quad;
  if (quantizer.kind === "continuous") {
    for (let i = 0; i < n; i++) {
      const mhat = mhatAt ? mhatAt[i] : params.mhat as number;
      const quad = quadAt ? quadAt[i] : params.quad as number;
      continuousMoments(quantizer.priorVariance, { mhat, quad }, r[i], pm);
      mean[i] = pm.mean;
      variance[i] = pm.variance;
    }
    return;
  }
  const { levels, logPi } = quantizer;
  const { maxLogPi, win } = scratchFor(quantizer);
  if (mhatAt === null && quadAt === null && levels.length <= SMALL_K) {
    smallDenoise(levels, logPi, params.mhat as number, params.quad as number, r, mean, variance);
    return;
  }
  for (let i = 0; i < n; i++) {
    const mhat = mhatAt ? mhatAt[i] : params.mhat as number;
    const quad = quadAt ? quadAt[i] : params.quad as number;
    const start = nearestIndex(levels, (mhat * r[i]) / quad);
    levelMoments(levels, logPi, maxLogPi, mhat, quad, r[i], start, win, pm);
    mean[i] = pm.mean;
    variance[i] = pm.variance;
  }
}

/** Level sets up to this size take {@link smallDenoise} (all levels, no window search). */
const SMALL_K = 16;
const smallWeights = new Float64Array(SMALL_K);

/**
 * {@link denoise} for a small level set and shared `mhat`, `quad` (AMP's case): per entry one
 * pass for the dominant level and one `exp` per level, summed over all levels (the window of
 * `levelMoments` would drop only terms below e^-38 of the largest, which change nothing at
 * double precision beyond rounding). Log-weights relative to the dominant level in the same
 * factored form as `levelMoments`, `(log pi_i − log pi_b) + (l_i − l_b)·(h − ½·quad·(l_i + l_b))`,
 * and the variance as a centred sum.
 */
function smallDenoise(
  levels: Float64Array,
  logPi: Float64Array,
  mhat: number,
  quad: number,
  r: ArrayLike<number>,
  mean: Float64Array | Float32Array,
  variance: Float64Array | Float32Array,
): void {
  const k = levels.length;
  const w = smallWeights;
  const half = 0.5 * quad;
  for (let i = 0; i < r.length; i++) {
    const h = mhat * r[i];
    // dominant level (the direct form suffices to pick it)
    let b = 0;
    let ub = logPi[0] + levels[0] * (h - half * levels[0]);
    for (let j = 1; j < k; j++) {
      const u = logPi[j] + levels[j] * (h - half * levels[j]);
      if (u > ub) {
        ub = u;
        b = j;
      }
    }
    const lb = levels[b], pb = logPi[b];
    let umax = -Infinity;
    for (let j = 0; j < k; j++) {
      const l = levels[j];
      const u = logPi[j] - pb + (l - lb) * (h - half * (l + lb));
      w[j] = u;
      if (u > umax) umax = u;
    }
    let s0 = 0, s1 = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(w[j] - umax);
      w[j] = e;
      s0 += e;
      s1 += e * levels[j];
    }
    const m = s1 / s0;
    let s2 = 0;
    for (let j = 0; j < k; j++) {
      const d = levels[j] - m;
      s2 += w[j] * d * d;
    }
    mean[i] = m;
    variance[i] = s2 / s0;
  }
}
