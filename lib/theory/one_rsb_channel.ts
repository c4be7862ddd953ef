/**
 * The entropic term of the 1RSB free entropy at finite beta (docs/theory.md §3): the nested
 * Gaussian average `E_{w0,z0}[(1/x)·log E_{z1}[Z1^x]]` and the moments it yields.
 *
 * Within a Gaussian component of the teacher, `h0 = mhat·w0 + sqrt(q0hat)·z0` is Gaussian and
 * jointly Gaussian with `w0`, so the outer average is one-dimensional over `h0`; the inner one
 * is `E_{z1}[Z1^x F] = ∫ N(h; h0, d)·Z1(h)^x·F(h) dh` with `d = q1hat − q0hat`. `log Z1`,
 * `<w>`, `Var w` are tabulated once per evaluation on composite 8-point Gauss–Legendre panels
 * in `h` (at most 1.5·sqrt(d) long, with geometric ladders around the envelope thresholds as
 * in scalar_channel.ts, and around the saturation points `h = quad·l` of the end levels only
 * where the thresholds are too dense to resolve), and each inner integral is a log-sum-exp of
 * `x·log Z1 − (h − h0)²/(2d)` over the window of that table where the tilted density can
 * matter: its log-slope is `x·<w> − (h − h0)/d`, so it decays like a Gaussian outside
 * `[h0 + x·d·l_min, h0 + x·d·l_max] ± 8.5·sqrt(d)` (e^-36). When the kernel is much narrower
 * than the steps of `Z1` (`sqrt(d)·gap < 0.1`) the inner integral is a 16-node Gauss–Hermite
 * rule instead, and at `d = 0` it is exact (the RS channel). The outer panels (over
 * ± 8.5 standard deviations of `h0`) carry ladders around the thresholds of the tilted mixture
 * (level k weighs `exp(x·(l_k·h0 − ½(quad − x·d)·l_k² + log pi_k))`), and around those of
 * `Z1` itself only when the kernel is narrower than a step (`sqrt(d)·gap < 1`; a wider kernel
 * smooths them away); outer panels are at most 2.5 standard deviations of `h0` (or of the
 * kernel) long. Refining every panel three-fold changes Phi by < 1e-12 at the tested
 * points (see `refine` of `oneRsbFreeEntropy`; the 1RSB test and bench points).
 *
 * @module
 */
import type { Model } from "../model/params.ts";
import type { Quantizer } from "../quantizers/quantizer.ts";
import { gaussHermiteNormal, gaussLegendre } from "../numerics/quadrature.ts";
import { levelEnvelope, posteriorMoments } from "./scalar_channel.ts";

/** Averages of the entropic term at fixed conjugates (see {@link entropicAverages}). */
export interface EntropicAverages {
  /** `E[(1/x)·log E_z1[Z1^x]]` */
  phi: number;
  m: number;
  q0: number;
  /** `E[[<w>²] − [<w>]²]` = q1 − q0 */
  d1: number;
  /** `E[[Var w]]` = Q − q1 */
  v1: number;
  /**
   * `E[[log Z1]] − phi` (the tilted average of `log Z1` minus the entropic term, computed
   * without their common offset): the entropic part of `x·∂Phi/∂x`.
   */
  excess: number;
}

/** The conjugates the entropic term depends on. */
export interface EntropicParams {
  mhat: number;
  q0hat: number;
  /** q1hat − q0hat >= 0 */
  d: number;
  /** Qhat + q1hat + beta·lambda */
  quad: number;
  x: number;
}

const NODES = 8; // Gauss–Legendre nodes per panel
const LADDER = [1, 2.5, 5, 9, 15, 24, 36];
const OUTER_RANGE = 8.5; // outer h0 over mean ± 8.5 sd (mass beyond: 2e-17)
const INNER_RANGE = 8.5; // inner tail beyond the tilt window, in units of sqrt(d) (e^-36)
const GRID = 2.5; // Gaussian panel length, in standard deviations (8 nodes: ~1e-14)
const GH_NODES = 16;
const GH_SWITCH = 0.1; // Gauss–Hermite inner rule when sqrt(d)·max gap < this
const CUT = 46;
/** The outer grid ignores the steps of Z1 when `sqrt(d)·gap` is at least this. */
const WIDE = 1;
/** Table panels are this fraction of the outer ones (the kernel is integrated across them). */
const TABLE_GRID = 0.6;

/** Numerical resolution knobs (tests refine them to check the quadrature). */
export interface Resolution {
  nodes: number;
  grid: number;
  /**
   * Range of both Gaussian averages in standard deviations (outer `h0`; inner tail beyond the
   * tilt window). Default 8.5 (neglected mass ~1e-17, e^-36); the 1RSB x search uses less for
   * its coarse trials.
   */
  range?: number;
  /**
   * Break points around each resolved threshold, in units of its step width (default
   * `[1, 2.5, 5, 9, 15, 24, 36]`); the x search's trial rules use a sparser one.
   */
  ladder?: readonly number[];
}
/** The default resolution (8 nodes per panel, panels of 2.5 standard deviations). */
export const DEFAULT_RESOLUTION: Resolution = { nodes: NODES, grid: GRID };

/**
 * The resolution refined `refine`-fold: `refine` times the Gauss–Legendre nodes per panel and
 * panels `refine` times shorter (a quadrature accuracy check).
 *
 * @throws {RangeError} unless `refine` is a finite number >= 1.
 * @example
 * ```ts
 * const r = refinedResolution(3);
 * if (r.nodes !== 24 || Math.abs(r.grid - 2.5 / 3) > 1e-15) throw new Error();
 * ```
 */
export function refinedResolution(refine: number): Resolution {
  if (!(refine >= 1 && Number.isFinite(refine))) {
    throw new RangeError(`refine: expected a finite number >= 1, got ${refine}`);
  }
  return refine === 1
    ? DEFAULT_RESOLUTION
    : { nodes: Math.round(NODES * refine), grid: GRID / refine };
}

/** Tabulated posterior of Z1 on the inner grid. */
interface Table {
  h: Float64Array;
  logW: Float64Array;
  u: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
}

/** A level-set quantizer. */
export type Levels = Extract<Quantizer, { kind: "levels" }>;

function addLadder(
  pts: number[],
  t: number,
  tau: number,
  left: number,
  right: number,
  ladder: readonly number[],
): void {
  pts.push(t);
  for (const o of ladder) {
    const s = o * tau;
    if (s < left) pts.push(t - s);
    if (s < right) pts.push(t + s);
  }
}

/** Break points on [lo, hi] with ladders around `features` and panels no longer than maxLen. */
function breaksFor(
  lo: number,
  hi: number,
  maxLen: number,
  extra: number[],
): Float64Array {
  const pts = extra.filter((p) => p > lo && p < hi);
  pts.push(lo, hi);
  const sorted = Float64Array.from(pts).sort();
  const out: number[] = [sorted[0]];
  for (let i = 1; i < sorted.length; i++) {
    const a = out[out.length - 1], b = sorted[i];
    if (!(b > a + 1e-13 * (1 + Math.abs(a)))) continue;
    const pieces = Math.ceil((b - a) / maxLen - 1e-9);
    for (let p = 1; p < pieces; p++) out.push(a + ((b - a) * p) / pieces);
    out.push(b);
  }
  return Float64Array.from(out);
}

/**
 * Ladders around the resolved thresholds of the envelope of `l_k·h − ½·quad·l_k² + logPi_k`
 * within [lo, hi]; step width `tau = scale/gap`. Returns true if some threshold is unresolved.
 */
function thresholdPoints(
  q: Levels,
  quad: number,
  scale: number,
  lo: number,
  hi: number,
  pts: number[],
  ladder: readonly number[] = LADDER,
): boolean {
  const env = levelEnvelope(q.levels, q.logPi, { mhat: 1, quad });
  const thr = env.thresholds;
  let unresolved = false;
  const reach = ladder[ladder.length - 1];
  for (let j = 0; j < thr.length; j++) {
    const t = thr[j];
    const gap = q.levels[env.index[j + 1]] - q.levels[env.index[j]];
    const tau = scale / gap;
    if (t + reach * tau < lo || t - reach * tau > hi) continue;
    const left = j > 0 ? 0.5 * (t - thr[j - 1]) : Infinity;
    const right = j < thr.length - 1 ? 0.5 * (thr[j + 1] - t) : Infinity;
    if (Math.min(left, right) < 2 * tau) {
      unresolved = true; // steps overlap: smooth on the scale of the posterior width
      continue;
    }
    addLadder(pts, t, tau, left, right, ladder);
  }
  return unresolved;
}

/** Level-set ends, where the posterior saturates: `h = quad·l` on the scale sqrt(quad). */
function endPoints(q: Levels, quad: number, pts: number[]): void {
  const w = Math.sqrt(Math.max(quad, 1e-300));
  for (const l of [q.levels[0], q.levels[q.levels.length - 1]]) {
    for (const o of [-8, -4, -2, -1, 0, 1, 2, 4, 8]) pts.push(quad * l + o * w);
  }
}

/** Beyond this `quad·max l²` the offset of log Z1 is moved into the base weights. */
const SHIFT_LIMIT = 1e6;

function minSquare(q: Levels): number {
  let m = Infinity;
  for (const l of q.levels) m = Math.min(m, l * l);
  return m;
}

/** The level set with base weights `pi_k·exp(−½·quad·(l_k² − min l²))` (see entropicAverages). */
function shiftedLevels(q: Levels, quad: number): Levels {
  const L = minSquare(q);
  const logPi = Float64Array.from(q.levels, (l, k) => q.logPi[k] - 0.5 * quad * (l * l - L));
  return { ...q, logPi };
}

function maxGap(q: Levels): number {
  let g = 0;
  for (let i = 1; i < q.levels.length; i++) g = Math.max(g, q.levels[i] - q.levels[i - 1]);
  return g;
}

function tabulate(q: Levels, quad: number, breaks: Float64Array, nodes: number): Table {
  const gl = gaussLegendre(nodes);
  const n = (breaks.length - 1) * nodes;
  const t: Table = {
    h: new Float64Array(n),
    logW: new Float64Array(n),
    u: new Float64Array(n),
    mean: new Float64Array(n),
    variance: new Float64Array(n),
  };
  let k = 0;
  for (let p = 0; p + 1 < breaks.length; p++) {
    const a = breaks[p], b = breaks[p + 1];
    const half = 0.5 * (b - a), mid = 0.5 * (a + b);
    for (let i = 0; i < nodes; i++, k++) {
      const h = mid + half * gl.nodes[i];
      const pm = posteriorMoments(q, h, { mhat: 1, quad });
      t.h[k] = h;
      t.logW[k] = Math.log(gl.weights[i] * half);
      t.u[k] = pm.logZ;
      t.mean[k] = pm.mean;
      t.variance[k] = pm.variance;
    }
  }
  return t;
}

/** First index with h[i] >= v. */
function lowerBound(h: Float64Array, v: number): number {
  let lo = 0, hi = h.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (h[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Result of one inner integral. */
interface Inner {
  /** log E_z1[Z1^x] */
  logMean: number;
  /** [<w>] */
  mean: number;
  /** [<w>²] − [<w>]² */
  spread: number;
  /** [Var w] */
  variance: number;
  /** [log Z1] (for ∂Phi/∂x) */
  logZ: number;
  /** the largest log-weight of the inner sum (the next outer node's guess) */
  top: number;
}

function innerFromLogWeights(
  ell: Float64Array,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  logZ: ArrayLike<number>,
  from: number,
  to: number,
  offset: number,
  out: Inner,
  top = -Infinity,
  topAt = from,
): void {
  // (top, topAt: the largest ell and its index, when the caller found them while filling ell)
  let lmax = top, at = topAt;
  if (lmax === -Infinity) {
    for (let i = from; i < to; i++) {
      if (ell[i - from] > lmax) {
        lmax = ell[i - from];
        at = i;
      }
    }
  }
  // one pass: the moments of <w> about its value at the top node (no cancellation beyond
  // the square of the distance of [<w>] from it)
  const ref = mean[at];
  let s0 = 0, s1 = 0, s2 = 0, sv = 0, su = 0;
  const floor = lmax - CUT;
  for (let i = from; i < to; i++) {
    const l = ell[i - from];
    if (l < floor) continue; // below e^-46 of the top: negligible
    const e = Math.exp(l - lmax);
    const dv = mean[i] - ref;
    s0 += e;
    s1 += e * dv;
    s2 += e * dv * dv;
    sv += e * variance[i];
    su += e * logZ[i];
  }
  const shift = s1 / s0;
  out.logMean = lmax + Math.log(s0) + offset;
  out.mean = ref + shift;
  out.spread = Math.max(s2 / s0 - shift * shift, 0);
  out.variance = sv / s0;
  out.logZ = su / s0;
  out.top = lmax;
}

/**
 * The inner average on the table in one pass, the exponentials taken relative to a guess
 * `shift` of the largest log-weight (the previous outer node's) and the moments of `<w>`
 * about a guess `ref` of `[<w>]`. False (nothing written) when the guess is off: the largest
 * log-weight more than 300 above it (overflow) or more than 10 below it (then terms above
 * e^-36 of the top could fall under the cut); the caller then takes two passes.
 */
function gridInnerOnePass(
  t: Table,
  base: Float64Array,
  from: number,
  to: number,
  h0: number,
  inv: number,
  shift: number,
  ref: number,
  offset: number,
  out: Inner,
): boolean {
  const h = t.h, mean = t.mean, variance = t.variance, logZ = t.u;
  let s0 = 0, s1 = 0, s2 = 0, sv = 0, su = 0, top = -Infinity;
  const floor = shift - CUT;
  for (let i = from; i < to; i++) {
    const dh = h[i] - h0;
    const l = base[i] - dh * dh * inv;
    if (l > top) top = l;
    if (l < floor) continue;
    const e = Math.exp(l - shift);
    const dv = mean[i] - ref;
    s0 += e;
    s1 += e * dv;
    s2 += e * dv * dv;
    sv += e * variance[i];
    su += e * logZ[i];
  }
  if (!(top - shift < 300 && shift - top < 10 && s0 > 0)) return false;
  const dm = s1 / s0;
  out.logMean = shift + Math.log(s0) + offset;
  out.mean = ref + dm;
  out.spread = Math.max(s2 / s0 - dm * dm, 0);
  out.variance = sv / s0;
  out.logZ = su / s0;
  out.top = top;
  return true;
}

/**
 * The entropic term `E_{w0,z0}[(1/x)·log E_{z1}[Z1^x]]` and its derivatives (the moments
 * `m, q0, q1 − q0, Q − q1`) for a level set, at `mhat, q0hat, d = q1hat − q0hat, quad, x`
 * (docs/theory.md §3; quadrature as in the module doc).
 *
 * @example
 * ```ts
 * import { levelSet } from "../quantizers/quantizer.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: levelSet([-1, 1]) });
 * const q = model.quantizer as Levels;
 * const a = entropicAverages(model, q, { mhat: 1, q0hat: 0.5, d: 0.4, quad: 1, x: 0.5 });
 * // binary ±1 weights: Var w + spread + <w>² sums to Q = 1
 * if (Math.abs(a.q0 + a.d1 + a.v1 - 1) > 1e-12) throw new Error();
 * ```
 */
export function entropicAverages(
  model: Model,
  q: Levels,
  p: EntropicParams,
  res: Resolution = DEFAULT_RESOLUTION,
): EntropicAverages {
  const { mhat, q0hat, d, quad, x } = p;
  const lmin = q.levels[0], lmax = q.levels[q.levels.length - 1];
  // At huge quad (beta·lambda) the common offset −½·quad·l² of log Z1 would swamp its
  // h-dependence in double precision: move −½·quad·(l_k² − L) into the base weights
  // (L = min l_k²) and add the exact offset −½·quad·L back at the end.
  const shift = quad * Math.max(lmin * lmin, lmax * lmax) > SHIFT_LIMIT;
  const qs = shift ? shiftedLevels(q, quad) : q;
  const quadEff = shift ? 0 : quad;
  const offset = shift ? -0.5 * quad * minSquare(q) : 0;
  const sd = Math.sqrt(d);
  const gap = maxGap(q);
  const outerRange = res.range ?? OUTER_RANGE, innerRange = res.range ?? INNER_RANGE;
  const ladder = res.ladder ?? LADDER;
  // outer components: h0 ~ N(mhat·mu, mhat²·v + q0hat), E[w0 | h0] = mu + s·(h0 − c0)
  const comps = model.teacher.components.map((c) => {
    const c0 = mhat * c.mean;
    const so = Math.sqrt(mhat * mhat * c.variance + q0hat);
    return {
      weight: c.weight,
      mean: c.mean,
      c0,
      so,
      shrink: so > 0 ? (mhat * c.variance) / (so * so) : 0,
    };
  });
  const mode: "exact" | "hermite" | "grid" = d === 0
    ? "exact"
    : sd * gap < GH_SWITCH
    ? "hermite"
    : "grid";
  let table: Table | null = null;
  if (mode === "grid") {
    let lo = Infinity, hi = -Infinity;
    for (const c of comps) {
      lo = Math.min(lo, c.c0 - outerRange * c.so);
      hi = Math.max(hi, c.c0 + outerRange * c.so);
    }
    lo += x * d * lmin - innerRange * sd;
    hi += x * d * lmax + innerRange * sd;
    const pts: number[] = [];
    const unresolved = thresholdPoints(qs, quadEff, 1, lo, hi, pts, ladder);
    if (unresolved) endPoints(q, quad, pts);
    let maxLen = TABLE_GRID * res.grid * sd;
    if (unresolved) maxLen = Math.min(maxLen, Math.sqrt(quad));
    table = tabulate(qs, quadEff, breaksFor(lo, hi, maxLen, pts), res.nodes);
  }
  // log of (quadrature weight × Z1^x) at the table nodes: the h0-independent part of the inner
  // log-integrand
  const tilted = table === null
    ? null
    : Float64Array.from(table.logW, (lw, i) => lw + x * table!.u[i]);
  const gh = gaussHermiteNormal(GH_NODES);
  const scratch = new Float64Array(Math.max(table ? table.h.length : 0, GH_NODES));
  const ghMean = new Float64Array(GH_NODES), ghVar = new Float64Array(GH_NODES);
  const ghLogZ = new Float64Array(GH_NODES);
  const inner: Inner = { logMean: 0, mean: 0, spread: 0, variance: 0, logZ: 0, top: 0 };
  let haveGuess = false;
  const gl = gaussLegendre(res.nodes);
  const logNorm = mode === "grid" ? -0.5 * Math.log(2 * Math.PI * d) : 0;

  const evalInner = (h0: number): void => {
    if (mode === "exact") {
      const pm = posteriorMoments(qs, h0, { mhat: 1, quad: quadEff });
      inner.logMean = x * pm.logZ;
      inner.mean = pm.mean;
      inner.spread = 0;
      inner.variance = pm.variance;
      inner.logZ = pm.logZ;
      return;
    }
    if (mode === "hermite") {
      for (let j = 0; j < GH_NODES; j++) {
        const pm = posteriorMoments(qs, h0 + sd * gh.nodes[j], { mhat: 1, quad: quadEff });
        scratch[j] = Math.log(gh.weights[j]) + x * pm.logZ;
        ghMean[j] = pm.mean;
        ghVar[j] = pm.variance;
        ghLogZ[j] = pm.logZ;
      }
      innerFromLogWeights(scratch, ghMean, ghVar, ghLogZ, 0, GH_NODES, 0, inner);
      return;
    }
    const t = table!;
    const from = lowerBound(t.h, h0 + x * d * lmin - innerRange * sd);
    let to = lowerBound(t.h, h0 + x * d * lmax + innerRange * sd);
    if (to <= from) to = Math.min(from + 1, t.h.length);
    const inv = 1 / (2 * d);
    const h = t.h, base = tilted!;
    // one pass from the previous outer node's top and mean (neighbouring nodes: close)
    if (
      haveGuess &&
      gridInnerOnePass(t, base, from, to, h0, inv, inner.top, inner.mean, logNorm, inner)
    ) return;
    haveGuess = true;
    let top = -Infinity, topAt = from;
    for (let i = from; i < to; i++) {
      const dh = h[i] - h0;
      const l = base[i] - dh * dh * inv;
      scratch[i - from] = l;
      if (l > top) {
        top = l;
        topAt = i;
      }
    }
    innerFromLogWeights(scratch, t.mean, t.variance, t.u, from, to, logNorm, inner, top, topAt);
  };

  let phi = 0, m = 0, q0 = 0, d1 = 0, v1 = 0, u = 0;
  for (const c of comps) {
    if (c.so === 0) {
      evalInner(c.c0);
      phi += (c.weight * inner.logMean) / x;
      m += c.weight * c.mean * inner.mean;
      q0 += c.weight * inner.mean * inner.mean;
      d1 += c.weight * inner.spread;
      v1 += c.weight * inner.variance;
      u += c.weight * inner.logZ;
      continue;
    }
    const lo = c.c0 - outerRange * c.so, hi = c.c0 + outerRange * c.so;
    const pts: number[] = [];
    for (
      let j = -Math.round(outerRange / res.grid);
      j <= Math.round(outerRange / res.grid);
      j++
    ) {
      pts.push(c.c0 + j * res.grid * c.so);
    }
    // steps of the outer integrand: the thresholds of Z1 (narrow kernel) and those of the
    // tilted mixture, whose level-k weight is exp(x·(l_k·h0 − ½(quad − x·d)·l_k² + logPi_k))
    // (a wide kernel, sqrt(d)·gap >= WIDE, smooths the steps of Z1 itself away)
    const wide = mode === "grid" && sd * gap >= WIDE;
    const narrowSteps = wide ? false : thresholdPoints(qs, quadEff, 1, lo, hi, pts, ladder);
    const tiltSteps = d > 0
      ? thresholdPoints(qs, quadEff - x * d, 1 / x, lo, hi, pts, ladder)
      : false;
    const unresolved = narrowSteps || tiltSteps;
    if (narrowSteps) endPoints(q, quad, pts);
    if (tiltSteps) endPoints(q, quad - x * d, pts);
    let maxLen = res.grid * c.so;
    if (d > 0) maxLen = Math.min(maxLen, res.grid * Math.max(sd, 1 / gap));
    if (unresolved) maxLen = Math.min(maxLen, Math.sqrt(quad));
    const breaks = breaksFor(lo, hi, maxLen, pts);
    const norm = 1 / (c.so * Math.sqrt(2 * Math.PI));
    let sPhi = 0, sM = 0, sQ0 = 0, sD1 = 0, sV1 = 0, sU = 0, mass = 0;
    for (let b = 0; b + 1 < breaks.length; b++) {
      const half = 0.5 * (breaks[b + 1] - breaks[b]), mid = 0.5 * (breaks[b + 1] + breaks[b]);
      for (let i = 0; i < res.nodes; i++) {
        const h0 = mid + half * gl.nodes[i];
        const z = (h0 - c.c0) / c.so;
        const w = gl.weights[i] * half * norm * Math.exp(-0.5 * z * z);
        if (w === 0) continue;
        evalInner(h0);
        const w0 = c.mean + c.shrink * (h0 - c.c0);
        sPhi += w * inner.logMean;
        sM += w * w0 * inner.mean;
        sQ0 += w * inner.mean * inner.mean;
        sD1 += w * inner.spread;
        sV1 += w * inner.variance;
        sU += w * inner.logZ;
        mass += w;
      }
    }
    const s = c.weight / mass;
    phi += (s * sPhi) / x;
    m += s * sM;
    q0 += s * sQ0;
    d1 += s * sD1;
    v1 += s * sV1;
    u += s * sU;
  }
  return { phi: phi + offset, m, q0, d1, v1, excess: u - phi };
}
