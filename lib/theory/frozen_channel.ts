/**
 * The scalar problem of 1RSB at zero temperature (docs/theory.md §3b): states frozen onto
 * single configurations, `x → 0` with `y = beta·x` fixed.
 *
 * With scaled conjugates `a, mu, g0, g1` the field on a weight is
 * `h = mu·w0 + sqrt(g0)·z0 + sqrt(g1)·z1`, the energy-like potential is
 * `phi(h) = max_k [−½(a + lambda)·l_k² + h·l_k]` and `l*(h)` its argmax. The inner average
 * `<·>` is over `z1` with weight `exp(y·phi)`, the outer one over `w0` and `z0`.
 *
 * Inner average in closed form: on level k's interval of `z1`, `(u_{k−1}, u_k)` with
 * `u_k = (t_k − g)/s` (`s = sqrt(g1)`, `g` the `z1`-free part of `h`, thresholds
 * `t_k = ½(a + lambda)(l_k + l_{k+1})`), `phi` is linear in `z1`, so
 *
 *     E_z1[exp(y·phi)·1_k] = exp(y·(−½(a+lambda)·l_k² + g·l_k) + ½·y²·g1·l_k²)
 *                            · [Φ(u_k − y·s·l_k) − Φ(u_{k−1} − y·s·l_k)],
 *
 * evaluated in log space (differences of normal CDFs from the tail that keeps precision).
 * Within level k the tilted `z1` is a normal truncated to the interval and shifted by
 * `y·s·l_k`, which gives `<phi>` (needed for `d(Phi/beta)/dy`) in closed form too.
 *
 * Outer average: every teacher is a Gaussian mixture; within a component `(w0, g)` is jointly
 * Gaussian, `g ~ N(mu·mean, mu²·v + g0)`, `E[w0 | g] = mean + mu·v/(mu²·v + g0)·(g − mu·mean)`,
 * so it is one integral over `g`, done with composite Gauss–Legendre panels on a mesh
 * graded towards the points where `<l*>(g)` switches level (the thresholds shifted by the
 * tilt `−y·g1·l`; see `outerBreaks`).
 *
 * `chi1 = E[<l*'(h)>]` is computed by Stein's lemma in `g` (smooth, no delta spikes):
 * `d<l*>/dg = <l*'(h)> + y·(<l*²> − <l*>²)`, and `E[d<l*>/dg] = E[(g − M)·<l*>]/S²`.
 *
 * @module
 */
import type { Teacher } from "../model/teacher.ts";
import { gaussLegendre } from "../numerics/quadrature.ts";
import { erfcx, normalCdf } from "../numerics/special.ts";
import { nearestIndex } from "./nearest_level.ts";

/** Scaled conjugates of the zero-temperature 1RSB (docs/theory.md §3b). */
export interface FrozenConjugates {
  /** `(Qhat + q1hat)/beta`, the quadratic coefficient (without lambda). */
  a: number;
  /** `mhat/beta`. */
  mu: number;
  /** `q0hat/beta²`. */
  g0: number;
  /** `(q1hat − q0hat)/beta²`. */
  g1: number;
}

/** Averages of the frozen scalar problem over `w0, z0` (and the tilted `z1`). */
export interface FrozenAverages {
  /** `E[w0·<l*>]` */
  m: number;
  /** `E[<l*>²]` */
  q0: number;
  /** `E[<l*²>]` */
  q1: number;
  /** `E[<l*²> − <l*>²]` = q1 − q0 (a centred sum: accurate when tiny) */
  d: number;
  /** `E[<l*'(h)>]` */
  chi1: number;
  /** `E[log E_z1 exp(y·phi)]` */
  logZ: number;
  /** `E[<phi>]` */
  phi: number;
  /** `E[<log pi(l*)>]` (0 without base weights). */
  logPi: number;
  /** Number of inner evaluations (a cost measure). */
  evaluations: number;
}

const CUT = 40; // levels whose log-weight is more than 40 below the top are dropped
const RANGE = 8; // outer integral over mean ± 8 sd (tail mass 1e-15)
/** An outer quadrature rule: Gauss–Legendre `nodes` a panel on the mesh of {@link outerBreaks}. */
interface Mesh {
  /** panel length at a feature, in units of its width */
  a: number;
  /** growth of the panels away from a feature (length <= r·distance) */
  r: number;
  /** longest panel, in units of the outer sd */
  grid: number;
  nodes: number;
}
// the fine rule: at the solutions for y*/2, y*, 2y* (1–4 bits, alpha 0.3–3; sigma2 = 0.1
// and lambda = 0.2 at alpha = 1) its largest relative error over the averages, against a
// 6-fold refinement of the earlier rule (break points at 3 centres a threshold with ladders
// at 0.7, 3, 10 widths, 1-sd panels, 6 nodes: worst 9e-8 there, 618 nodes mean), is 4.7e-10
// with 200 nodes (mean over the whole line; 230 at 3 bits, alpha 2, against 972; a symmetric
// level set with a centred teacher needs half of them, see frozenAverages)
const FINE: Mesh = { a: 3, r: 2.5, grid: 2, nodes: 10 };
// the coarse rule (for the first stage of a solve): there, relative errors up to 4.6e-4 with
// 99 nodes (mean over the whole line; the fine rule 200)
const COARSE: Mesh = { a: 6, r: 3, grid: 4, nodes: 8 };
// the rough rule (for the fixed-point sweeps that only select the branch, to a residual of
// 1e-2): relative errors up to 5e-2 with 45 nodes (mean over the whole line)
const ROUGH: Mesh = { a: 8, r: 4, grid: 5.4, nodes: 6 };
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * `Math.exp(x)`, with the underflow to 0 below −746 taken without calling it (V8's exp is
 * ~7 times slower there, and the arguments here often are in the thousands: the Gaussian
 * tails at large y).
 */
function expU(x: number): number {
  return x < -746 ? 0 : Math.exp(x);
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/** The break point of erfcx's rational approximations (0.46875) for an argument of Φ. */
const THRESH_X = 0.46875 * Math.SQRT2;
/** `(φ(lo) − φ(hi))/(Φ(hi) − Φ(lo))`, the second output of {@link logIntervalProb}. */
let shiftOut = 0;

/**
 * `log(Φ(hi) − Φ(lo))` for `lo < hi`, and (in `shiftOut`) `(φ(lo) − φ(hi))/(Φ(hi) − Φ(lo))`,
 * the mean of a standard normal truncated to `(lo, hi)`. With both ends in one tail (say
 * `lo >= 0`) the difference is `½·exp(−lo²/2)·(erfcx(lo/√2) − E·erfcx(hi/√2))`,
 * `E = exp(−(hi² − lo²)/2)`: one exp, one log and two rational functions, instead of the
 * log-CDF at both ends and their difference in log space (same precision: both lose digits
 * only as `hi − lo → 0`).
 */
function logIntervalProb(lo: number, hi: number): number {
  if (!(hi > lo)) {
    shiftOut = 0;
    return -Infinity;
  }
  if (lo >= 0 || hi <= 0) {
    // one tail: mirror to 0 <= a < b (b may be ∞)
    const a = lo >= 0 ? lo : -hi, b = lo >= 0 ? hi : -lo;
    const ra = erfcx(a * Math.SQRT1_2);
    // the far end counts when E·erfcx(b/√2) >= 2^−53·erfcx(a/√2) (erfcx decreases): x < 37
    const x = 0.5 * (b - a) * (b + a);
    let e = 0, one = 1, rb = 0;
    if (x < 37) {
      if (x < 0.5) {
        one = -Math.expm1(-x);
        e = 1 - one;
      } else {
        e = Math.exp(-x);
        one = 1 - e;
      }
      rb = erfcx(b * Math.SQRT1_2);
    }
    const d = ra - e * rb;
    if (!(d > 0)) {
      // (rounding, for an interval of a few ulps)
      shiftOut = 0;
      return -Infinity;
    }
    shiftOut = lo >= 0 ? (SQRT_2_OVER_PI * one) / d : (-SQRT_2_OVER_PI * one) / d;
    return -0.5 * a * a - Math.LN2 + Math.log(d);
  }
  // lo < 0 < hi: 1 − Φ(lo) − Φ(−hi), both tails <= ½
  // (a tail beyond THRESH_X is ½·exp(−x²/2)·erfcx(|x|/√2), sharing the exp with the density)
  const dl = lo < -38.5 ? 0 : Math.exp(-0.5 * lo * lo);
  const dh = hi > 38.5 ? 0 : Math.exp(-0.5 * hi * hi);
  const tl = dl === 0 ? 0 : lo < -THRESH_X ? 0.5 * dl * erfcx(-lo * Math.SQRT1_2) : normalCdf(lo);
  const th = dh === 0 ? 0 : hi > THRESH_X ? 0.5 * dh * erfcx(hi * Math.SQRT1_2) : normalCdf(-hi);
  const p = 1 - (tl + th);
  if (!(p > 0)) {
    shiftOut = 0;
    return -Infinity;
  }
  shiftOut = (dl - dh) / (p * Math.sqrt(2 * Math.PI));
  return tl + th === 0 ? 0 : Math.log1p(-(tl + th));
}

/** Per-point result of the inner average (reused). */
interface Inner {
  mean: number;
  second: number;
  variance: number;
  logZ: number;
  phi: number;
  lpi: number;
  /** `<l*'(h)>` (direct form; used only when the outer variable is a point mass) */
  slope: number;
}

/**
 * The inner average at one value `g` of the `z1`-free field: `<l*>`, `<l*²>`, `<phi>`,
 * `log E_z1 exp(y·phi)`, `<l*'(h)>`. `c = a + lambda`, `s = sqrt(g1)`.
 */
function innerAverage(
  levels: Float64Array,
  c: number,
  s: number,
  y: number,
  g: number,
  w: Float64Array,
  out: Inner,
  logPi: Float64Array | null,
): void {
  const k = levels.length;
  if (s === 0) {
    // no z1 noise: phi is deterministic, the argmax level (ties to the upper one)
    let best = 0, pbest = -Infinity;
    for (let i = 0; i < k; i++) {
      const p = levels[i] * (g - 0.5 * c * levels[i]);
      if (p >= pbest) {
        pbest = p;
        best = i;
      }
    }
    const l = levels[best];
    out.mean = l;
    out.second = l * l;
    out.variance = 0;
    out.logZ = y * pbest;
    out.phi = pbest;
    out.lpi = logPi === null ? 0 : logPi[best];
    out.slope = 0;
    return;
  }
  // log-weight of level i: ub(l_i) + log P_i, with ub a concave quadratic in l (log P <= 0)
  const curv = c - y * s * s; // = alpha/A + lambda > 0 at the saddle
  const lw = w; // log-weights of the window, then weights (scratch of length K)
  const pz = scratchZ(k); // E[z1 | level] shifts
  const ub = (l: number) => upperBound(l, c, s, y, g);
  const logW = (i: number) => levelLogWeight(levels, i, c, s, y, g, pz);
  let lo = 0, hi = k - 1, top = -Infinity;
  if (k <= SMALL_K || !(curv > 0)) {
    for (let i = 0; i < k; i++) {
      lw[i] = logW(i);
      if (lw[i] > top) top = lw[i];
    }
  } else {
    // many levels: walk from the bound's maximiser to the top, keep the levels within CUT
    const lq = g / curv;
    let best = nearestIndex(levels, lq);
    lw[best] = top = logW(best);
    let a = best, z = best; // computed range [a, z]
    for (let i = best + 1; i < k; i++) {
      lw[i] = logW(i);
      z = i;
      if (lw[i] > top) {
        top = lw[i];
        best = i;
      } else if (ub(levels[i]) < top - CUT && levels[i] > lq) break;
    }
    for (let i = best - 1; i >= 0; i--) {
      if (i < a) {
        lw[i] = logW(i);
        a = i;
      }
      if (lw[i] > top) {
        top = lw[i];
        best = i;
      } else if (ub(levels[i]) < top - CUT && levels[i] < lq) break;
    }
    lo = a;
    hi = z;
    while (lo > 0 && !(ub(levels[lo - 1]) < top - CUT && levels[lo - 1] < lq)) {
      lo--;
      lw[lo] = logW(lo);
    }
    while (hi < k - 1 && !(ub(levels[hi + 1]) < top - CUT && levels[hi + 1] > lq)) {
      hi++;
      lw[hi] = logW(hi);
    }
  }
  const z = levelMoments(levels, lw, pz, lo, hi, top, g, c, s, logPi, out);
  // <l*'(h)>: jumps × tilted density of h at the thresholds, exp(y·phi(t))·N(u)/s / Z
  let slope = 0;
  for (let i = lo; i < hi; i++) {
    const l = levels[i], l2 = levels[i + 1];
    const t = 0.5 * c * (l + l2);
    const u = (t - g) / s;
    const phiT = l * (t - 0.5 * c * l);
    slope += ((l2 - l) * expU(y * phiT - 0.5 * u * u - LOG_SQRT_2PI - top)) / s;
  }
  out.slope = slope / z;
}

/**
 * The moments of the tilted level weights `exp(lw[i] − top)` over levels `lo..hi`: writes
 * mean, second moment, variance, logZ, <phi> and <log pi> to `out` (not the slope), turns `lw`
 * into the weights, and returns their sum Z.
 */
function levelMoments(
  levels: Float64Array,
  lw: Float64Array,
  pz: Float64Array,
  lo: number,
  hi: number,
  top: number,
  g: number,
  c: number,
  s: number,
  logPi: Float64Array | null,
  out: Inner,
): number {
  let z = 0, s1 = 0, s2 = 0, sphi = 0, slp = 0;
  for (let i = lo; i <= hi; i++) {
    const e = expU(lw[i] - top);
    lw[i] = e;
    if (e === 0) continue;
    const l = levels[i];
    z += e;
    s1 += e * l;
    s2 += e * l * l;
    sphi += e * (l * (g - 0.5 * c * l) + s * l * pz[i]);
    if (logPi !== null) slp += e * logPi[i];
  }
  const mean = s1 / z;
  let v = 0;
  for (let i = lo; i <= hi; i++) {
    const d = levels[i] - mean;
    v += lw[i] * d * d;
  }
  out.mean = mean;
  out.second = s2 / z;
  out.variance = v / z;
  out.logZ = top + Math.log(z);
  out.phi = sphi / z;
  out.lpi = slp / z;
  return z;
}

/**
 * Per-call constants of the inner average over all levels (the small level sets): thresholds,
 * tilts and the g-free parts of the log-weights, computed once per `frozenAverages` call
 * instead of once per node and level.
 */
interface LevelTable {
  k: number;
  levels: Float64Array;
  c: number;
  s: number;
  invS: number;
  /** thresholds `t_j = ½c(l_j + l_{j+1})` */
  t: Float64Array;
  /** tilts `y·s·l_i` */
  b: Float64Array;
  /** `y·l_i` */
  yl: Float64Array;
  /** `−½y·c·l_i² + ½y²s²l_i²`, the g-free part of the log-weight */
  ub0: Float64Array;
  /** `y·phi(t_j) − log √(2π)` at the thresholds */
  phiT: Float64Array;
  /** `(l_{j+1} − l_j)/s` */
  jump: Float64Array;
  /** scratch: `(t_j − g)/s`, tilted `E[z1 | level]`, log-weights then weights */
  xi: Float64Array;
  pz: Float64Array;
  lw: Float64Array;
  /** scratch: upper bounds of the log-weights */
  bound: Float64Array;
}

/** The arrays of the last table (reused when K matches: typed-array allocation dominated the
 * cost of a table at small K). `frozenAverages` is not re-entrant, so one is enough. */
let tableCache: LevelTable | null = null;

function levelTable(levels: Float64Array, c: number, s: number, y: number): LevelTable {
  const k = levels.length;
  let tab = tableCache;
  if (tab === null || tab.k !== k) {
    const m = Math.max(k - 1, 0);
    tab = {
      k,
      levels,
      c,
      s,
      invS: 1 / s,
      t: new Float64Array(m),
      b: new Float64Array(k),
      yl: new Float64Array(k),
      ub0: new Float64Array(k),
      phiT: new Float64Array(m),
      jump: new Float64Array(m),
      xi: new Float64Array(m),
      pz: new Float64Array(k),
      lw: new Float64Array(k),
      bound: new Float64Array(k),
    };
    tableCache = tab;
  }
  tab.levels = levels;
  tab.c = c;
  tab.s = s;
  tab.invS = 1 / s;
  const { t, b, yl, ub0, phiT, jump } = tab;
  for (let i = 0; i < k; i++) {
    const l = levels[i];
    b[i] = y * s * l;
    yl[i] = y * l;
    ub0[i] = y * (-0.5 * c * l * l) + 0.5 * y * y * s * s * l * l;
  }
  for (let j = 0; j + 1 < k; j++) {
    const l = levels[j], l2 = levels[j + 1];
    t[j] = 0.5 * c * (l + l2);
    phiT[j] = y * (l * (t[j] - 0.5 * c * l)) - LOG_SQRT_2PI;
    jump[j] = (l2 - l) / s;
  }
  return tab;
}

/** {@link innerAverage} summing every level (s > 0), from a {@link LevelTable}. */
function innerAll(
  tab: LevelTable,
  g: number,
  out: Inner,
  logPi: Float64Array | null,
): void {
  const { k, levels, c, s, invS, t, b, yl, ub0, phiT, jump, xi, pz, lw, bound } = tab;
  for (let j = 0; j + 1 < k; j++) xi[j] = (t[j] - g) * invS;
  // a cheap upper bound of every log-weight: the quadratic part plus a Chernoff bound of the
  // interval probability, P_i <= ½·exp(−½x²) when the tilted centre lies a distance x outside
  // the interval (else P_i <= 1); the exact log-weight of the best bound first, then only the
  // levels whose bound is within CUT of the running top (the others weigh < e^−40 of it)
  let first = 0, bestUb = -Infinity;
  for (let i = 0; i < k; i++) {
    const uhi = i < k - 1 ? xi[i] - b[i] : Infinity;
    const ulo = i > 0 ? xi[i - 1] - b[i] : -Infinity;
    let u = ub0[i] + yl[i] * g;
    if (uhi < 0) u -= 0.5 * uhi * uhi + Math.LN2;
    else if (ulo > 0) u -= 0.5 * ulo * ulo + Math.LN2;
    bound[i] = u;
    if (u > bestUb) {
      bestUb = u;
      first = i;
    }
  }
  let top = -Infinity;
  for (let n = 0; n < k; n++) {
    const i = n === 0 ? first : n <= first ? n - 1 : n;
    if (bound[i] < top - CUT) {
      lw[i] = -Infinity;
      continue;
    }
    const uhi = i < k - 1 ? xi[i] - b[i] : Infinity;
    const ulo = i > 0 ? xi[i - 1] - b[i] : -Infinity;
    const lp = logIntervalProb(ulo, uhi);
    if (lp === -Infinity) {
      lw[i] = -Infinity;
      continue;
    }
    // E[z1 | level i, tilted] = b + (pdf(ulo) − pdf(uhi))/P_i
    pz[i] = b[i] + shiftOut;
    const w = ub0[i] + yl[i] * g + lp;
    lw[i] = w;
    if (w > top) top = w;
  }
  const z = levelMoments(levels, lw, pz, 0, k - 1, top, g, c, s, logPi, out);
  // <l*'(h)>: jumps × tilted density of h at the thresholds, exp(y·phi(t))·N(u)/s / Z
  let slope = 0;
  for (let j = 0; j + 1 < k; j++) {
    slope += jump[j] * expU(phiT[j] - 0.5 * xi[j] * xi[j] - top);
  }
  out.slope = slope / z;
}

/** `y·(−½c·l² + g·l) + ½y²·s²·l²`: level l's log-weight without its interval probability. */
function upperBound(l: number, c: number, s: number, y: number, g: number): number {
  return y * (l * (g - 0.5 * c * l)) + 0.5 * y * y * s * s * l * l;
}

/** Level i's log-weight; writes the tilted `E[z1 | level i]` to `pz[i]`. */
function levelLogWeight(
  levels: Float64Array,
  i: number,
  c: number,
  s: number,
  y: number,
  g: number,
  pz: Float64Array,
): number {
  const k = levels.length;
  const l = levels[i];
  const b = y * s * l;
  const uhi = i < k - 1 ? (0.5 * c * (l + levels[i + 1]) - g) / s - b : Infinity;
  const ulo = i > 0 ? (0.5 * c * (levels[i - 1] + l) - g) / s - b : -Infinity;
  const lp = logIntervalProb(ulo, uhi);
  // E[z1 | level i, tilted] = b + (pdf(ulo) − pdf(uhi))/P_i, P_i = Φ(uhi) − Φ(ulo)
  pz[i] = b + shiftOut;
  return upperBound(l, c, s, y, g) + lp;
}

const SMALL_K = 16; // up to this many levels every level is summed (no window search)
let zScratch = new Float64Array(16);
function scratchZ(k: number): Float64Array {
  if (zScratch.length < k) zScratch = new Float64Array(k);
  return zScratch;
}
let wScratch = new Float64Array(16);
function scratchW(k: number): Float64Array {
  if (wScratch.length < k) wScratch = new Float64Array(k);
  return wScratch;
}

/**
 * Break points of the outer panels for one teacher component: a graded mesh on
 * `mean ± RANGE·sd`. Where `<l*>(g)` switches between neighbouring levels there are
 * features: the midpoint `t − ½y·g1·(l + l2)` of the tilted thresholds, where the switch
 * happens over a width `min(s, 1/(y·gap))` (`s = sqrt(g1)`), and the tilted thresholds
 * `t − y·g1·l`, `t − y·g1·l2` themselves, where the interval probabilities turn into Gaussian
 * tails over a width `s`. A panel is at most `grid` sd long and at most
 * `max(a·width, r·distance)` from every feature (ahead of the panel: its distance to the
 * panel's end), so panels are `a` widths long at a feature and grow geometrically (by `1 + r`)
 * away from it; overlapping features share their panels. At `g1 = 0` the switches are steps
 * at the bare thresholds, which are break points.
 */
function outerBreaks(
  levels: Float64Array,
  c: number,
  g1: number,
  y: number,
  mean: number,
  sd: number,
  refine: number,
  mesh: Mesh,
  half = false,
): number[] {
  const lo = half ? mean : mean - RANGE * sd, hi = mean + RANGE * sd;
  const s = Math.sqrt(g1);
  // features: positions `fp` and panel lengths `fa` at them, sorted by position (insertion
  // sort: they come nearly sorted, ctr2 <= mid <= ctr1 a threshold, thresholds increasing)
  const fp: number[] = [], fa: number[] = [], steps: number[] = [];
  const add = (p: number, a: number) => {
    let i = fp.length;
    fp.push(p);
    fa.push(a);
    for (; i > 0 && fp[i - 1] > p; i--) {
      fp[i] = fp[i - 1];
      fa[i] = fa[i - 1];
    }
    fp[i] = p;
    fa[i] = a;
  };
  for (let j = 0; j + 1 < levels.length; j++) {
    const l = levels[j], l2 = levels[j + 1];
    const t = 0.5 * c * (l + l2);
    if (s === 0) {
      if (t > lo && t < hi) steps.push(t);
      continue;
    }
    add(t - y * g1 * l2, mesh.a * s);
    add(t - 0.5 * y * g1 * (l + l2), mesh.a * Math.min(s, 1 / (y * (l2 - l))));
    add(t - y * g1 * l, mesh.a * s);
  }
  const r = mesh.r, ahead = r / (1 + r), grid = mesh.grid * sd;
  // only features within reach / ahead (resp. reach / r) of x can bind the panel length
  const reach = grid * (1 + 1 / r);
  const out: number[] = [lo];
  let x = lo, f0 = 0, si = 0;
  while (x < hi) {
    let h = Math.min(grid, hi - x);
    while (f0 < fp.length && fp[f0] < x - reach) f0++;
    for (let f = f0; f < fp.length; f++) {
      const d = fp[f] - x;
      if (d > reach) break;
      const lim = Math.max(fa[f], d <= 0 ? -r * d : ahead * d);
      if (lim < h) h = lim;
    }
    while (si < steps.length && steps[si] <= x) si++;
    if (si < steps.length && steps[si] < x + h) h = steps[si] - x;
    const nx = hi - (x + h) < 1e-9 * h ? hi : x + h;
    for (let k = 1; k < refine; k++) out.push(x + ((nx - x) * k) / refine);
    out.push(nx);
    x = nx;
  }
  return out;
}

/** True if `levels` (sorted) and `logPi` (if given) are symmetric about 0, to rounding. */
function isSymmetric(levels: Float64Array, logPi: Float64Array | null): boolean {
  const k = levels.length;
  const scale = Math.max(Math.abs(levels[0]), Math.abs(levels[k - 1]));
  for (let i = 0; i < k; i++) {
    const j = k - 1 - i;
    if (!(Math.abs(levels[i] + levels[j]) <= 1e-14 * scale)) return false;
    if (logPi !== null && logPi[i] !== logPi[j]) return false;
  }
  return true;
}

/**
 * Averages of the frozen scalar problem (docs/theory.md §3b) over the teacher `w0`, `z0` and
 * the tilted `z1`, for a level set `levels` (sorted), ridge `lambda`, Parisi `y > 0`.
 * `refine` (default 1) divides every outer panel into `refine` pieces (an accuracy check);
 * `logPi` (optional log base weights) adds `E[<log pi(l*)>]`; `rule` `"coarse"` uses fewer
 * outer panels (relative errors up to ~5e-4, for the first stage of a solve), `"rough"`
 * still fewer (~5e-2, for sweeps that only select a branch); default `"fine"`, ~5e-10.
 *
 * @throws {RangeError} if a conjugate or y is out of range.
 * @example
 * ```ts
 * import { gaussianTeacher } from "../model/teacher.ts";
 * const lv = new Float64Array([-1, 1]);
 * // g1 = 0: no z1 noise, l* = sign(g) with g ~ N(0, mu² + g0): q0 = q1 = 1,
 * // m = E|w0|·... = sqrt(2/π)·mu/sqrt(mu² + g0)
 * const av = frozenAverages(lv, gaussianTeacher(), { a: 1, mu: 1, g0: 1, g1: 0 }, 0, 1);
 * if (Math.abs(av.m - Math.sqrt(2 / Math.PI) / Math.SQRT2) > 1e-10) throw new Error(`${av.m}`);
 * if (Math.abs(av.q1 - 1) > 1e-12 || av.d !== 0) throw new Error();
 * ```
 */
export function frozenAverages(
  levels: Float64Array,
  teacher: Teacher,
  conj: FrozenConjugates,
  lambda: number,
  y: number,
  refine = 1,
  logPi: Float64Array | null = null,
  rule: "fine" | "coarse" | "rough" = "fine",
): FrozenAverages {
  const { a, mu, g0, g1 } = conj;
  if (!(a > 0 && Number.isFinite(a))) {
    throw new RangeError(`a: expected a finite number > 0, got ${a}`);
  }
  if (!(mu >= 0 && Number.isFinite(mu))) {
    throw new RangeError(`mu: expected a finite number >= 0, got ${mu}`);
  }
  if (!(g0 >= 0 && Number.isFinite(g0))) {
    throw new RangeError(`g0: expected a finite number >= 0, got ${g0}`);
  }
  if (!(g1 >= 0 && Number.isFinite(g1))) {
    throw new RangeError(`g1: expected a finite number >= 0, got ${g1}`);
  }
  if (!(y > 0 && Number.isFinite(y))) {
    throw new RangeError(`y: expected a finite number > 0, got ${y}`);
  }
  if (rule !== "fine" && rule !== "coarse" && rule !== "rough") {
    throw new RangeError(`rule: expected "fine", "coarse" or "rough", got ${String(rule)}`);
  }
  const c = a + lambda;
  const s = Math.sqrt(g1);
  // every level summed (small level sets, or no concave bound for the window search)
  const table = s > 0 && (levels.length <= SMALL_K || !(c - y * s * s > 0))
    ? levelTable(levels, c, s, y)
    : null;
  const w = scratchW(levels.length);
  const inner: Inner = {
    mean: 0,
    second: 0,
    variance: 0,
    logZ: 0,
    phi: 0,
    lpi: 0,
    slope: 0,
  };
  const mesh = rule === "coarse" ? COARSE : rule === "rough" ? ROUGH : FINE;
  const nodes = mesh.nodes;
  const gl = gaussLegendre(nodes);
  const acc: FrozenAverages = {
    m: 0,
    q0: 0,
    q1: 0,
    d: 0,
    chi1: 0,
    logZ: 0,
    phi: 0,
    logPi: 0,
    evaluations: 0,
  };
  // a level set symmetric about 0 (and base weights, if any): for a teacher component of mean 0
  // every integrand below is even in g (<l*> is odd, logZ and <phi> even), so the outer integral
  // runs over g >= 0 only (half the nodes; the normalisation by the mass makes up the factor 2)
  const symmetric = isSymmetric(levels, logPi);
  for (const comp of teacher.components) {
    const M = mu * comp.mean;
    const S2 = mu * mu * comp.variance + g0;
    if (S2 === 0) {
      innerAverage(levels, c, s, y, M, w, inner, logPi);
      const p = comp.weight;
      acc.m += p * comp.mean * inner.mean;
      acc.q0 += p * inner.mean * inner.mean;
      acc.q1 += p * inner.second;
      acc.d += p * inner.variance;
      acc.chi1 += p * inner.slope;
      acc.logZ += p * inner.logZ;
      acc.phi += p * inner.phi;
      acc.logPi += p * inner.lpi;
      acc.evaluations++;
      continue;
    }
    const S = Math.sqrt(S2);
    const shrink = (mu * comp.variance) / S2;
    const breaks = outerBreaks(levels, c, g1, y, M, S, refine, mesh, symmetric && M === 0);
    const norm = 1 / (S * Math.sqrt(2 * Math.PI));
    let mass = 0, m = 0, q0 = 0, q1 = 0, d = 0, stein = 0, slope = 0, lz = 0, ph = 0, lp = 0;
    for (let p = 0; p + 1 < breaks.length; p++) {
      const lo = breaks[p], hi = breaks[p + 1];
      const half = 0.5 * (hi - lo), mid = 0.5 * (hi + lo);
      for (let i = 0; i < nodes; i++) {
        const g = mid + half * gl.nodes[i];
        const x = (g - M) / S;
        const dens = gl.weights[i] * half * norm * Math.exp(-0.5 * x * x);
        if (table !== null) innerAll(table, g, inner, logPi);
        else innerAverage(levels, c, s, y, g, w, inner, logPi);
        mass += dens;
        m += dens * (comp.mean + shrink * (g - M)) * inner.mean;
        q0 += dens * inner.mean * inner.mean;
        q1 += dens * inner.second;
        d += dens * inner.variance;
        stein += dens * (g - M) * inner.mean;
        slope += dens * inner.slope;
        lz += dens * inner.logZ;
        ph += dens * inner.phi;
        lp += dens * inner.lpi;
      }
      acc.evaluations += nodes;
    }
    const f = comp.weight / mass;
    acc.m += f * m;
    acc.q0 += f * q0;
    acc.q1 += f * q1;
    acc.d += f * d;
    // Stein's form is smooth in g (no spikes of width s) but cancels when y·E[Var] ≈ E[d<l*>/dg]
    // (large y): then the direct sum of the (positive) threshold densities is used
    const T = stein / S2, V = y * d;
    acc.chi1 += f * (T - V > 0.1 * T ? T - V : slope);
    acc.logZ += f * lz;
    acc.phi += f * ph;
    acc.logPi += f * lp;
  }
  return acc;
}
