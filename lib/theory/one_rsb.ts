/**
 * One-step replica-symmetry breaking (1RSB) at finite inverse temperature (THEORY section 3).
 *
 * Order parameters: `Q` (self-overlap), `q1` (two configurations in the same state), `q0`
 * (different states), `m` (teacher overlap), the Parisi parameter `x ∈ (0, 1]`, and the
 * conjugates `mhat, q0hat, q1hat, Qhat`. With `chi1 = beta·(Q − q1)`,
 * `A = 1 + chi1 + beta·x·(q1 − q0)` and `R0 = rho − 2m + q0 + sigma2`:
 *
 *     G_E = −½(1 − 1/x)·log(1 + chi1) − 1/(2x)·log A − ½·beta·R0/A
 *     Phi = −mhat·m + ½·Qhat·Q + ½(1 − x)·q1hat·q1 + ½·x·q0hat·q0 + alpha·G_E
 *           + E_{w0,z0}[(1/x)·log E_{z1}[Z1^x]]
 *     Z1  = Σ_k pi_k·exp(−½(Qhat + q1hat + beta·lambda)·l_k² + h·l_k),
 *     h   = mhat·w0 + sqrt(q0hat)·z0 + sqrt(q1hat − q0hat)·z1.
 *
 * This is the standard 1RSB ansatz of Parisi (1979) / Mézard–Parisi–Virasoro (1987, ch. III)
 * applied to the Gaussian-design regression energy, as for the binary perceptron (Krauth–
 * Mézard 1989; Gardner–Derrida 1988). G_E follows from the eigenvalues of `I + beta·C` for the
 * 1RSB residual covariance C; re-derived here and checked (tests) by numerically
 * differentiating {@link oneRsbFreeEntropy} in all eight order parameters.
 *
 * Re-derived saddle point (agrees with THEORY section 3; no error found):
 *
 *     mhat  = alpha·beta/A
 *     q0hat = alpha·beta²·R0/A²
 *     q1hat − q0hat = alpha·beta²·(q1 − q0)/((1 + chi1)·A)      (no cancellation)
 *     Qhat + q1hat = alpha·beta/(1 + chi1)                        (the quadratic coefficient)
 *     m = E[w0·[<w>]], Q − q1 = E[[Var w]], q1 − q0 = E[[<w>²] − [<w>]²], q0 = E[[<w>]²]
 *
 * where `<·>` is the average under `Z1` and `[·]` over `z1` with weight `Z1^x`.
 *
 * Energy (derived here): at a saddle point `dPhi/dbeta = ∂Phi/∂beta` at fixed order
 * parameters, so `e = −∂Phi/∂beta = ½·lambda·Q − alpha·∂G_E/∂beta`, i.e. `e = ½·alpha·E_train
 * + ½·lambda·Q` with the 1RSB training error
 *
 *     E_train = (1 − 1/x)·(Q − q1)/(1 + chi1) + [(Q − q1)/x + (q1 − q0)]/A + R0/A²,
 *
 * which reduces to the RS `(Q − q)/(1 + chi) + R/(1 + chi)²` at `q1 = q0` or `x = 1`.
 *
 * Numerics. Within a Gaussian component of the teacher, `h0 = mhat·w0 + sqrt(q0hat)·z0` is
 * Gaussian and jointly Gaussian with `w0`, so the outer average is one-dimensional over `h0`;
 * the inner one is `E_{z1}[Z1^x F] = ∫ N(h; h0, d)·Z1(h)^x·F(h) dh` with
 * `d = q1hat − q0hat`. `log Z1`, `<w>`, `Var w` are tabulated once per evaluation on
 * composite 6-point Gauss–Legendre panels in `h` (at most sqrt(d) long, with geometric ladders
 * around the envelope thresholds as in scalar_channel.ts), and each inner integral is a
 * log-sum-exp of `x·log Z1 − (h − h0)²/(2d)` over the window of that table where the tilted
 * density can matter: its log-slope is `x·<w> − (h − h0)/d`, so it decays like a Gaussian
 * outside `[h0 + x·d·l_min, h0 + x·d·l_max] ± 10·sqrt(d)`. When the kernel is much narrower
 * than the steps of `Z1` (`sqrt(d)·gap < 0.1`) the inner integral is a 16-node Gauss–Hermite
 * rule instead, and at `d = 0` it is exact (the RS channel). The outer panels also carry
 * ladders around the thresholds of the tilted mixture (level k weighs
 * `exp(x·(l_k·h0 − ½(quad − x·d)·l_k² + log pi_k))`). Refining every panel three-fold
 * changes Phi by < 1e-12 at the tested points (see `refine`).
 *
 * Solver. At fixed x: damped plain iteration from the frozen side (`q1` just below `Q`, as
 * THEORY advises), then Anderson mixing once the residual is below 1e-5. The thermodynamic
 * x* is where `d(Phi*)/dx = 0` for the fixed-x saddle value `Phi*(x)`. We checked numerically
 * that this is a MINIMUM of `Phi*(x)` over x ∈ (0, 1], as THEORY states (crisis example:
 * `Phi*` = −1.1512, −1.1875, −1.1993, −1.1891, −1.1639 at x = 0.4, 0.5, 0.6, 0.8, 1; the
 * minimum −1.19982 is at x* = 0.6307, below Phi_RS = −1.16386), consistent with the
 * complexity `Sigma(x) = −x²·d(Phi*)/dx` being >= 0 for x <= x* and vanishing at x*. The
 * search descends from x = 1 along the frozen branch with warm starts (0.9, 0.8, …, 0.1,
 * then halving) until `d(Phi*)/dx` changes sign, then regula falsi. If there is no frozen
 * branch at x = 1, or `d(Phi*)/dx <= 0` there (`Sigma(1) >= 0`: at most a dynamical
 * transition), x* = 1 and the result equals RS.
 *
 * @module
 */
import { andersonMixer } from "../numerics/anderson.ts";
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import type { Quantizer } from "../quantizers/quantizer.ts";
import { gaussHermiteNormal, gaussLegendre } from "../numerics/quadrature.ts";
import { keyValueBundle, withDisplay } from "../jupyter/with_display.ts";
import { checkImproper, type RsSolution, solveRs } from "./rs.ts";
import { levelEnvelope, posteriorMoments } from "./scalar_channel.ts";

/** The iterated state of the 1RSB equations (differences, so nothing cancels when tiny). */
export interface OneRsbState {
  /** Teacher-student overlap `m`. */
  m: number;
  /** Inter-state overlap `q0`. */
  q0: number;
  /** `q1 − q0 >= 0` (0 is the RS solution). */
  d1: number;
  /** `Q − q1 > 0` (so `chi1 = beta·v1`). */
  v1: number;
}

/** All eight 1RSB order parameters (the arguments of {@link oneRsbFreeEntropy}). */
export interface OneRsbOrderParams {
  m: number;
  q0: number;
  q1: number;
  Q: number;
  mhat: number;
  q0hat: number;
  q1hat: number;
  Qhat: number;
}

/** The 1RSB solution at one point, with every observable. */
export interface OneRsbSolution extends OneRsbOrderParams {
  /** Parisi parameter `x ∈ (0, 1]`. */
  x: number;
  /** `chi1 = beta·(Q − q1)`. */
  chi1: number;
  /** Free entropy per weight `Phi` (base measure normalised). */
  freeEntropy: number;
  /** Free energy `−Phi/beta`. */
  freeEnergy: number;
  /** Energy per weight `½·alpha·trainError + ½·lambda·Q`. */
  energy: number;
  /** Entropy per weight relative to the base measure, `Phi + beta·energy`. */
  entropy: number;
  /** `entropy + log K` for a level set with uniform base measure; null otherwise. */
  shannonEntropy: number | null;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Generalization error of the posterior mean `rho − 2m + q0 + sigma2` (= R0). */
  meanError: number;
  /** Training error per sample (see the module doc for the formula). */
  trainError: number;
  /** True when x was optimised (else it was given). */
  xOptimized: boolean;
  /** True when the fixed point (and, if optimised, the x search) converged. */
  converged: boolean;
  /** Fixed-point iterations used (summed over the x search). */
  iterations: number;
  /** Last change of the state. */
  residual: number;
  /** The model the solution belongs to. */
  model: Model;
}

/** Options for {@link solveOneRsb}. */
export interface OneRsbOptions {
  /** Parisi parameter in (0, 1], or "optimize" (default) for the thermodynamic x*. */
  x?: number | "optimize";
  /** Stop when the residual is below this. Default 1e-10. */
  tolerance?: number;
  /** Per fixed-x solve. Default 3000. */
  maxIterations?: number;
  /** Initial damping in [0, 1) (adapted when the iteration oscillates). Default 0.3. */
  damping?: number;
  /**
   * Where to start: `"frozen"` (default: the RS point with `q1` just below `Q`, as THEORY
   * advises), `"rs"` (the RS point, `q1 = q0`: stays RS), or a previous state or solution
   * (warm start).
   */
  start?: "frozen" | "rs" | OneRsbState | OneRsbOrderParams;
}

/** Conjugates at a state for a given x. */
export interface OneRsbConjugates {
  mhat: number;
  q0hat: number;
  q1hat: number;
  Qhat: number;
  /** `q1hat − q0hat` (the inner kernel variance). */
  d: number;
  /** `Qhat + q1hat + beta·lambda` (the quadratic coefficient of Z1). */
  quad: number;
  chi1: number;
  A: number;
  R0: number;
}

/**
 * The 1RSB conjugates at a state (THEORY section 3, re-derived; see the module doc).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const c = oneRsbConjugates(model, { m: 0.5, q0: 0.3, d1: 0.2, v1: 0.5 }, 0.5);
 * // A = 1 + chi1 + beta·x·d1 = 1 + 1 + 0.2; mhat = alpha·beta/A
 * if (Math.abs(c.mhat - 2 / 2.2) > 1e-15) throw new Error();
 * // Qhat + q1hat = alpha·beta/(1 + chi1)
 * if (Math.abs(c.Qhat + c.q1hat - 1) > 1e-14) throw new Error();
 * ```
 */
export function oneRsbConjugates(model: Model, state: OneRsbState, x: number): OneRsbConjugates {
  const { alpha, beta, lambda, sigma2, teacher } = model;
  const chi1 = beta * state.v1;
  const A = 1 + chi1 + beta * x * state.d1;
  const R0 = teacher.rho - 2 * state.m + state.q0 + sigma2;
  const mhat = (alpha * beta) / A;
  const q0hat = (alpha * beta * beta * Math.max(R0, 0)) / (A * A);
  const d = (alpha * beta * beta * state.d1) / ((1 + chi1) * A);
  const q1hat = q0hat + d;
  const sum = (alpha * beta) / (1 + chi1); // Qhat + q1hat
  return {
    mhat,
    q0hat,
    q1hat,
    Qhat: sum - q1hat,
    d,
    quad: sum + (lambda === 0 ? 0 : beta * lambda),
    chi1,
    A,
    R0,
  };
}

/**
 * The energetic term `G_E` of the 1RSB free entropy (THEORY section 3).
 *
 * @throws {RangeError} if `1 + chi1 <= 0` or `A <= 0` (outside the domain).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * // at q1 = q0 it is the RS term −½·log(1 + chi) − ½·beta·R/(1 + chi), for any x
 * const g = oneRsbEnergetic(model, { m: 0.5, q0: 0.4, q1: 0.4, Q: 1 }, 0.3);
 * const chi = 2 * 0.6, R = 1 - 1 + 0.4;
 * if (Math.abs(g - (-0.5 * Math.log(1 + chi) - (0.5 * 2 * R) / (1 + chi))) > 1e-14) throw new Error();
 * ```
 */
export function oneRsbEnergetic(
  model: Model,
  p: { m: number; q0: number; q1: number; Q: number },
  x: number,
): number {
  const { beta, sigma2, teacher } = model;
  const chi1 = beta * (p.Q - p.q1);
  const A = 1 + chi1 + beta * x * (p.q1 - p.q0);
  if (!(1 + chi1 > 0 && A > 0)) {
    throw new RangeError(`Q, q1, q0: expected 1 + chi1 > 0 and A > 0, got ${1 + chi1} and ${A}`);
  }
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  return -0.5 * (1 - 1 / x) * Math.log1p(chi1) - Math.log(A) / (2 * x) - (0.5 * beta * R0) / A;
}

/**
 * The 1RSB training error per sample at order parameters, `−2·∂G_E/∂beta` (module doc).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 1, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * // x = 1: the RS (Q − q0)/(1 + chi) + R/(1 + chi)² with chi = beta·(Q − q0)
 * const e = oneRsbTrainError(model, { m: 0.5, q0: 0.4, q1: 0.7, Q: 1 }, 1);
 * const chi = 2 * 0.6, R = 1 - 1 + 0.4;
 * if (Math.abs(e - (0.6 / (1 + chi) + R / (1 + chi) ** 2)) > 1e-15) throw new Error();
 * ```
 */
export function oneRsbTrainError(
  model: Model,
  p: { m: number; q0: number; q1: number; Q: number },
  x: number,
): number {
  const { beta, sigma2, teacher } = model;
  const v1 = p.Q - p.q1, d1 = p.q1 - p.q0;
  const chi1 = beta * v1;
  const A = 1 + chi1 + beta * x * d1;
  const R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
  return ((1 - 1 / x) * v1) / (1 + chi1) + (v1 / x + d1) / A + R0 / (A * A);
}

// ---------------------------------------------------------------------------------------------
// The entropic term: nested Gaussian integrals.

/** Averages of the entropic term (internal). */
interface EntropicAverages {
  /** `E[(1/x)·log E_z1[Z1^x]]` */
  phi: number;
  m: number;
  q0: number;
  /** `E[[<w>²] − [<w>]²]` = q1 − q0 */
  d1: number;
  /** `E[[Var w]]` = Q − q1 */
  v1: number;
}

interface EntropicParams {
  mhat: number;
  q0hat: number;
  /** q1hat − q0hat >= 0 */
  d: number;
  /** Qhat + q1hat + beta·lambda */
  quad: number;
  x: number;
}

const NODES = 6; // Gauss–Legendre nodes per panel
const LADDER = [1, 2.5, 4.5, 7, 10, 14, 19, 26, 36];
const OUTER_RANGE = 9; // outer h0 over mean ± 9 sd
const INNER_RANGE = 10; // inner tail beyond the tilt window, in units of sqrt(d)
const GRID = 1.0; // Gaussian grid spacing, in standard deviations
const GH_NODES = 16;
const GH_SWITCH = 0.1; // Gauss–Hermite inner rule when sqrt(d)·max gap < this
const CUT = 46;

/** Numerical resolution knobs (tests refine them to check the quadrature). */
interface Resolution {
  nodes: number;
  grid: number;
}
const DEFAULT_RESOLUTION: Resolution = { nodes: NODES, grid: GRID };
/** Anderson acceleration starts below this residual (plain damped iteration above it). */
const AA_SWITCH = 1e-5;

/** Tabulated posterior of Z1 on the inner grid. */
interface Table {
  h: Float64Array;
  logW: Float64Array;
  u: Float64Array;
  mean: Float64Array;
  variance: Float64Array;
}

type Levels = Extract<Quantizer, { kind: "levels" }>;

function addLadder(pts: number[], t: number, tau: number, left: number, right: number): void {
  pts.push(t);
  for (const o of LADDER) {
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
): boolean {
  const env = levelEnvelope(q.levels, q.logPi, { mhat: 1, quad });
  const thr = env.thresholds;
  let unresolved = false;
  const reach = LADDER[LADDER.length - 1];
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
    addLadder(pts, t, tau, left, right);
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
}

function innerFromLogWeights(
  ell: Float64Array,
  mean: ArrayLike<number>,
  variance: ArrayLike<number>,
  from: number,
  to: number,
  offset: number,
  out: Inner,
): void {
  let lmax = -Infinity;
  for (let i = from; i < to; i++) if (ell[i - from] > lmax) lmax = ell[i - from];
  let s0 = 0, s1 = 0, sv = 0;
  const floor = lmax - CUT;
  for (let i = from; i < to; i++) {
    const l = ell[i - from];
    const e = l < floor ? 0 : Math.exp(l - lmax); // below e^-46 of the top: negligible
    ell[i - from] = e;
    s0 += e;
    s1 += e * mean[i];
    sv += e * variance[i];
  }
  const mu = s1 / s0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const dv = mean[i] - mu;
    s2 += ell[i - from] * dv * dv;
  }
  out.logMean = lmax + Math.log(s0) + offset;
  out.mean = mu;
  out.spread = s2 / s0;
  out.variance = sv / s0;
}

/**
 * The entropic term and its derivatives (the moments) for a level set, at `mhat, q0hat,
 * d = q1hat − q0hat, quad, x`.
 */
function entropicAverages(
  model: Model,
  q: Levels,
  p: EntropicParams,
  res: Resolution = DEFAULT_RESOLUTION,
): EntropicAverages {
  const { mhat, q0hat, d, quad, x } = p;
  const lmin = q.levels[0], lmax = q.levels[q.levels.length - 1];
  const sd = Math.sqrt(d);
  const gap = maxGap(q);
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
      lo = Math.min(lo, c.c0 - OUTER_RANGE * c.so);
      hi = Math.max(hi, c.c0 + OUTER_RANGE * c.so);
    }
    lo += x * d * lmin - INNER_RANGE * sd;
    hi += x * d * lmax + INNER_RANGE * sd;
    const pts: number[] = [];
    const unresolved = thresholdPoints(q, quad, 1, lo, hi, pts);
    endPoints(q, quad, pts);
    let maxLen = res.grid * sd;
    if (unresolved) maxLen = Math.min(maxLen, Math.sqrt(quad));
    table = tabulate(q, quad, breaksFor(lo, hi, maxLen, pts), res.nodes);
  }
  const gh = gaussHermiteNormal(GH_NODES);
  const scratch = new Float64Array(Math.max(table ? table.h.length : 0, GH_NODES));
  const ghMean = new Float64Array(GH_NODES), ghVar = new Float64Array(GH_NODES);
  const inner: Inner = { logMean: 0, mean: 0, spread: 0, variance: 0 };
  const gl = gaussLegendre(res.nodes);
  const logNorm = mode === "grid" ? -0.5 * Math.log(2 * Math.PI * d) : 0;

  const evalInner = (h0: number): void => {
    if (mode === "exact") {
      const pm = posteriorMoments(q, h0, { mhat: 1, quad });
      inner.logMean = x * pm.logZ;
      inner.mean = pm.mean;
      inner.spread = 0;
      inner.variance = pm.variance;
      return;
    }
    if (mode === "hermite") {
      for (let j = 0; j < GH_NODES; j++) {
        const pm = posteriorMoments(q, h0 + sd * gh.nodes[j], { mhat: 1, quad });
        scratch[j] = Math.log(gh.weights[j]) + x * pm.logZ;
        ghMean[j] = pm.mean;
        ghVar[j] = pm.variance;
      }
      innerFromLogWeights(scratch, ghMean, ghVar, 0, GH_NODES, 0, inner);
      return;
    }
    const t = table!;
    const from = lowerBound(t.h, h0 + x * d * lmin - INNER_RANGE * sd);
    let to = lowerBound(t.h, h0 + x * d * lmax + INNER_RANGE * sd);
    if (to <= from) to = Math.min(from + 1, t.h.length);
    const inv = 1 / (2 * d);
    for (let i = from; i < to; i++) {
      const dh = t.h[i] - h0;
      scratch[i - from] = t.logW[i] - dh * dh * inv + x * t.u[i];
    }
    innerFromLogWeights(scratch, t.mean, t.variance, from, to, logNorm, inner);
  };

  let phi = 0, m = 0, q0 = 0, d1 = 0, v1 = 0;
  for (const c of comps) {
    if (c.so === 0) {
      evalInner(c.c0);
      phi += (c.weight * inner.logMean) / x;
      m += c.weight * c.mean * inner.mean;
      q0 += c.weight * inner.mean * inner.mean;
      d1 += c.weight * inner.spread;
      v1 += c.weight * inner.variance;
      continue;
    }
    const lo = c.c0 - OUTER_RANGE * c.so, hi = c.c0 + OUTER_RANGE * c.so;
    const pts: number[] = [];
    for (
      let j = -Math.round(OUTER_RANGE / res.grid);
      j <= Math.round(OUTER_RANGE / res.grid);
      j++
    ) {
      pts.push(c.c0 + j * res.grid * c.so);
    }
    // steps of the outer integrand: the thresholds of Z1 (narrow kernel) and those of the
    // tilted mixture, whose level-k weight is exp(x·(l_k·h0 − ½(quad − x·d)·l_k² + logPi_k))
    let unresolved = thresholdPoints(q, quad, 1, lo, hi, pts);
    if (d > 0) unresolved = thresholdPoints(q, quad - x * d, 1 / x, lo, hi, pts) || unresolved;
    endPoints(q, quad, pts);
    if (d > 0) endPoints(q, quad - x * d, pts);
    let maxLen = res.grid * c.so;
    if (d > 0) maxLen = Math.min(maxLen, res.grid * Math.max(sd, 1 / gap));
    if (unresolved) maxLen = Math.min(maxLen, Math.sqrt(quad));
    const breaks = breaksFor(lo, hi, maxLen, pts);
    const norm = 1 / (c.so * Math.sqrt(2 * Math.PI));
    let sPhi = 0, sM = 0, sQ0 = 0, sD1 = 0, sV1 = 0, mass = 0;
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
        mass += w;
      }
    }
    const s = c.weight / mass;
    phi += (s * sPhi) / x;
    m += s * sM;
    q0 += s * sQ0;
    d1 += s * sD1;
    v1 += s * sV1;
  }
  return { phi, m, q0, d1, v1 };
}

function checkX(x: number): void {
  if (!(x > 0 && x <= 1)) throw new RangeError(`x: expected a number in (0, 1], got ${x}`);
}

/**
 * The 1RSB free entropy `Phi(m, q0, q1, Q, mhat, q0hat, q1hat, Qhat; x)` per weight (THEORY
 * section 3) at arbitrary (not necessarily stationary) order parameters — for tests of
 * stationarity and of the saddle-point equations. Level sets only (continuous weights are RS).
 * `options.refine >= 1` multiplies the Gauss–Legendre nodes per panel and divides the panel
 * lengths (a quadrature accuracy check; default 1).
 *
 * @throws {RangeError} outside the domain (`q1hat >= q0hat >= 0`, `1 + chi1 > 0`, `A > 0`,
 *   `x ∈ (0, 1]`, finite beta) or for continuous weights.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { solveRs } from "./rs.ts";
 * const params = { alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const rs = solveRs(params);
 * // at q1 = q0 (and q1hat = q0hat) Phi is the RS free entropy for every x
 * const phi = oneRsbFreeEntropy(resolveModel(params), {
 *   m: rs.m, q0: rs.q, q1: rs.q, Q: rs.Q, mhat: rs.mhat, q0hat: rs.qhat, q1hat: rs.qhat, Qhat: rs.Qhat,
 * }, 0.4);
 * if (Math.abs(phi - rs.freeEntropy) > 1e-9) throw new Error(`${phi} vs ${rs.freeEntropy}`);
 * ```
 */
export function oneRsbFreeEntropy(
  model: Model,
  p: OneRsbOrderParams,
  x: number,
  options: { refine?: number } = {},
): number {
  const refine = options.refine ?? 1;
  if (!(refine >= 1 && Number.isFinite(refine))) {
    throw new RangeError(`refine: expected a finite number >= 1, got ${refine}`);
  }
  const res = refine === 1
    ? DEFAULT_RESOLUTION
    : { nodes: Math.round(NODES * refine), grid: GRID / refine };
  return freeEntropyAt(model, p, x, res);
}

function freeEntropyAt(model: Model, p: OneRsbOrderParams, x: number, res: Resolution): number {
  checkX(x);
  const q = model.quantizer;
  if (q.kind !== "levels") {
    throw new RangeError(`quantizer: oneRsbFreeEntropy needs a level set, got continuous weights`);
  }
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: expected a finite beta > 0, got ${model.beta}`);
  }
  if (!(p.mhat > 0 && p.q0hat >= 0 && p.q1hat >= p.q0hat)) {
    throw new RangeError(
      `q1hat, q0hat, mhat: expected q1hat >= q0hat >= 0 and mhat > 0, got ${p.q1hat}, ${p.q0hat}, ${p.mhat}`,
    );
  }
  const quad = p.Qhat + p.q1hat + model.beta * model.lambda;
  const ent = entropicAverages(model, q, {
    mhat: p.mhat,
    q0hat: p.q0hat,
    d: p.q1hat - p.q0hat,
    quad,
    x,
  }, res);
  return -p.mhat * p.m + 0.5 * p.Qhat * p.Q + 0.5 * (1 - x) * p.q1hat * p.q1 +
    0.5 * x * p.q0hat * p.q0 + model.alpha * oneRsbEnergetic(model, p, x) + ent.phi;
}

/**
 * One undamped step of the 1RSB fixed-point iteration at fixed x: conjugates, then moments.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const next = oneRsbStep(model, { m: 0.5, q0: 0.5, d1: 0.2, v1: 0.3 }, 0.5);
 * // binary weights: Q = q0 + d1 + v1 = 1 exactly
 * if (Math.abs(next.q0 + next.d1 + next.v1 - 1) > 1e-12) throw new Error();
 * ```
 */
export function oneRsbStep(model: Model, state: OneRsbState, x: number): OneRsbState {
  checkX(x);
  const q = model.quantizer;
  if (q.kind !== "levels") throw new RangeError(`quantizer: oneRsbStep needs a level set`);
  const c = oneRsbConjugates(model, state, x);
  const ent = entropicAverages(model, q, { mhat: c.mhat, q0hat: c.q0hat, d: c.d, quad: c.quad, x });
  return { m: ent.m, q0: ent.q0, d1: ent.d1, v1: ent.v1 };
}

interface FixedXRun {
  state: OneRsbState;
  converged: boolean;
  iterations: number;
  residual: number;
}

/**
 * The fixed-x iteration: damped plain iteration (adaptive damping) until the residual is
 * below `AA_SWITCH`, then Anderson mixing (depth 3; Walker & Ni, SIAM J. Numer. Anal. 49
 * (2011) 1715) in scaled coordinates `(m, q0, s_d·d1, s_v·log v1)`. Anderson mixing is a
 * root finder: started far away it happily converges to fixed points that the plain
 * iteration repels (seen: from the frozen start it fell back to the RS point where AT > 1,
 * while the plain iteration reached the 1RSB branch), so it is only used to polish.
 */
function iterateFixedX(
  model: Model,
  x: number,
  start: OneRsbState,
  tolerance: number,
  maxIterations: number,
  damping0: number,
): FixedXRun {
  const beta = model.beta;
  const A0 = 1 + beta * start.v1 + beta * x * start.d1;
  const sd = Math.max(1, (beta * x) / A0);
  const sv = Math.max((beta * start.v1) / (1 + beta * start.v1), 1e-3);
  const encode = (s: OneRsbState): number[] => [s.m, s.q0, sd * s.d1, sv * Math.log(s.v1)];
  const decode = (u: number[]): OneRsbState => ({
    m: u[0],
    q0: u[1],
    d1: Math.max(u[2] / sd, 0),
    v1: Math.exp(u[3] / sv),
  });
  const mixer = andersonMixer(4, { memory: 3 });
  let s = { ...start };
  let damping = damping0;
  let residual = Infinity;
  let previous = Infinity;
  let best = Infinity;
  let calm = 0;
  for (let it = 1; it <= maxIterations; it++) {
    const f = oneRsbStep(model, s, x);
    const A = 1 + beta * s.v1 + beta * x * s.d1;
    residual = Math.max(
      Math.abs(f.m - s.m),
      Math.abs(f.q0 - s.q0),
      Math.abs(f.d1 - s.d1) * Math.max(1, (beta * x) / A),
      (Math.abs(f.v1 - s.v1) * beta) / (1 + beta * s.v1),
    );
    if (!Number.isFinite(residual)) return { state: s, converged: false, iterations: it, residual };
    if (residual < tolerance) return { state: f, converged: true, iterations: it, residual };
    const u = encode(s);
    const fu = encode(f);
    if (!fu.every(Number.isFinite)) return { state: s, converged: false, iterations: it, residual };
    const g = fu.map((v, i) => v - u[i]);
    // adaptive damping of the plain step
    if (residual > previous) {
      damping = Math.min(0.95, damping + 0.5 * (1 - damping));
      calm = 0;
    } else if (++calm > 20 && damping > damping0) {
      damping = Math.max(damping0, damping * 0.7);
      calm = 0;
    }
    previous = residual;
    const mix = 1 - damping;
    let next = u.map((v, i) => v + mix * g[i]);
    if (residual >= AA_SWITCH || residual > 2 * best) {
      mixer.reset();
    } else {
      const accel = mixer.next(u, fu, mix);
      if (accel.every(Number.isFinite)) next = Array.from(accel);
      else mixer.reset();
    }
    best = Math.min(best, residual);
    s = decode(next);
  }
  return { state: s, converged: false, iterations: maxIterations, residual };
}

function assemble(
  model: Model,
  state: OneRsbState,
  x: number,
  xOptimized: boolean,
  status: { converged: boolean; iterations: number; residual: number },
): OneRsbSolution {
  const { alpha, beta, lambda, sigma2, teacher, quantizer } = model;
  const c = oneRsbConjugates(model, state, x);
  const q1 = state.q0 + state.d1, Q = q1 + state.v1;
  const op: OneRsbOrderParams = {
    m: state.m,
    q0: state.q0,
    q1,
    Q,
    mhat: c.mhat,
    q0hat: c.q0hat,
    q1hat: c.q1hat,
    Qhat: c.Qhat,
  };
  const freeEntropy = oneRsbFreeEntropy(model, op, x);
  const trainError = oneRsbTrainError(model, op, x);
  const energy = 0.5 * alpha * trainError + 0.5 * lambda * Q;
  const entropy = freeEntropy + beta * energy;
  let shannonEntropy: number | null = null;
  if (quantizer.kind === "levels" && quantizer.logPi.every((v) => v === quantizer.logPi[0])) {
    shannonEntropy = entropy + Math.log(quantizer.levels.length);
  }
  const solution: OneRsbSolution = {
    x,
    ...op,
    chi1: c.chi1,
    freeEntropy,
    freeEnergy: -freeEntropy / beta,
    energy,
    entropy,
    shannonEntropy,
    genError: teacher.rho - 2 * state.m + Q + sigma2,
    meanError: teacher.rho - 2 * state.m + state.q0 + sigma2,
    trainError,
    xOptimized,
    converged: status.converged,
    iterations: status.iterations,
    residual: status.residual,
    model,
  };
  return withDisplay(solution, oneRsbDisplay);
}

function fromRs(rs: RsSolution): OneRsbSolution {
  const model = rs.model;
  const shannon = rs.shannonEntropy;
  const s: OneRsbSolution = {
    x: 1,
    m: rs.m,
    q0: rs.q,
    q1: rs.q,
    Q: rs.Q,
    mhat: rs.mhat,
    q0hat: rs.qhat,
    q1hat: rs.qhat,
    Qhat: rs.Qhat,
    chi1: rs.chi,
    freeEntropy: rs.freeEntropy,
    freeEnergy: rs.freeEnergy,
    energy: rs.energy,
    entropy: rs.entropy,
    shannonEntropy: shannon,
    genError: rs.genError,
    meanError: rs.meanError,
    trainError: rs.trainError,
    xOptimized: false,
    converged: rs.converged,
    iterations: rs.iterations,
    residual: rs.residual,
    model,
  };
  return withDisplay(s, oneRsbDisplay);
}

function oneRsbDisplay(s: OneRsbSolution): Record<string, string> {
  const rows: [string, number | boolean | null][] = [
    ["x", s.x],
    ["m", s.m],
    ["q0", s.q0],
    ["q1", s.q1],
    ["Q", s.Q],
    ["train error", s.trainError],
    ["gen error (Gibbs)", s.genError],
    ["gen error (mean)", s.meanError],
    ["free entropy", s.freeEntropy],
    ["entropy", s.entropy],
    ["Shannon entropy", s.shannonEntropy],
    ["converged", s.converged],
    ["iterations", s.iterations],
  ];
  const { alpha, beta, sigma2, lambda } = s.model;
  return keyValueBundle(
    `1RSB solution (alpha=${alpha}, beta=${beta}, sigma2=${sigma2}, lambda=${lambda})`,
    rows,
  );
}

function frozenStart(rs: RsSolution): OneRsbState {
  const spread = Math.max(rs.Q - rs.q, 1e-12);
  return { m: rs.m, q0: rs.q, d1: 0.999 * spread, v1: 0.001 * spread };
}

/**
 * Solves the 1RSB equations at finite beta (THEORY section 3) at a given Parisi parameter x or
 * at the thermodynamic x* (`x: "optimize"`, the default), and returns every observable with
 * `converged`, `iterations` and `residual`. For continuous weights (a Gaussian measure) 1RSB
 * is RS: the RS solution is returned with `x = 1`, `q1 = q0`.
 *
 * @throws {RangeError} on invalid parameters or options, or for beta = Infinity.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { solveRs } from "./rs.ts";
 * // the entropy-crisis example of THEORY section 5: RS entropy < 0, 1RSB entropy >= 0
 * const params = { alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) };
 * const rs = solveRs(params);
 * const s = solveOneRsb(params);
 * if (!(rs.shannonEntropy! < 0 && s.converged && s.shannonEntropy! >= 0)) throw new Error();
 * if (!(s.x > 0 && s.x < 1 && s.q1 > s.q0 && s.freeEntropy < rs.freeEntropy)) throw new Error();
 * ```
 */
export function solveOneRsb(params: ModelParams, options: OneRsbOptions = {}): OneRsbSolution {
  const model = resolveModel(params);
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: solveOneRsb needs a finite beta > 0, got ${model.beta}`);
  }
  checkImproper(model);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 3000;
  const damping = options.damping ?? 0.3;
  if (!(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`tolerance: expected a finite number > 0, got ${tolerance}`);
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`maxIterations: expected an integer >= 1, got ${maxIterations}`);
  }
  if (!(damping >= 0 && damping < 1)) {
    throw new RangeError(`damping: expected a number in [0, 1), got ${damping}`);
  }
  const xOpt = options.x ?? "optimize";
  if (xOpt !== "optimize") checkX(xOpt);
  const rs = solveRs(params, { tolerance, maxIterations: Math.max(maxIterations, 5000) });
  if (model.quantizer.kind === "continuous") return fromRs(rs);
  const start = options.start === undefined || options.start === "frozen"
    ? frozenStart(rs)
    : options.start === "rs"
    ? { m: rs.m, q0: rs.q, d1: 0, v1: rs.V }
    : "d1" in options.start
    ? { m: options.start.m, q0: options.start.q0, d1: options.start.d1, v1: options.start.v1 }
    : {
      m: options.start.m,
      q0: options.start.q0,
      d1: options.start.q1 - options.start.q0,
      v1: options.start.Q - options.start.q1,
    };
  if (!(start.v1 > 0 && start.d1 >= 0 && Number.isFinite(start.m) && Number.isFinite(start.q0))) {
    throw new RangeError(
      `start: expected finite m, q0, d1 >= 0 and v1 > 0, got ${JSON.stringify(start)}`,
    );
  }
  if (xOpt !== "optimize") {
    const run = iterateFixedX(model, xOpt, start, tolerance, maxIterations, damping);
    return assemble(model, run.state, xOpt, false, run);
  }
  return optimizeX(model, start, tolerance, maxIterations, damping);
}

/**
 * `∂Phi/∂x` at fixed order parameters (the total x-derivative of the fixed-x saddle value Phi*(x)), by a central
 * difference of {@link oneRsbFreeEntropy} in x. The 1RSB complexity is `Sigma = −x²·∂Phi/∂x`.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = solveOneRsb({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) }, { x: 0.5, start: "rs" });
 * // at q1 = q0, Phi does not depend on x
 * if (Math.abs(oneRsbDPhiDx(s.model, s, 0.5)) > 1e-8) throw new Error();
 * ```
 */
export function oneRsbDPhiDx(model: Model, p: OneRsbOrderParams, x: number): number {
  checkX(x);
  const h = Math.min(1e-5, 0.5 * (1 - x) + 1e-7, 0.5 * x);
  const hi = Math.min(x + h, 1);
  const lo = hi - 2 * h;
  return (oneRsbFreeEntropy(model, p, hi) - oneRsbFreeEntropy(model, p, lo)) / (hi - lo);
}

/** Below this relative spread `(q1 − q0)/Q` a solution is taken to be RS. */
const RS_SPREAD = 1e-7;
/** Smallest Parisi parameter tried by the x search. */
const X_MIN = 1e-3;

function isRsLike(state: OneRsbState): boolean {
  const Q = state.q0 + state.d1 + state.v1;
  return state.d1 <= RS_SPREAD * Math.max(Q, 1e-300);
}

function optimizeX(
  model: Model,
  start: OneRsbState,
  tolerance: number,
  maxIterations: number,
  damping: number,
): OneRsbSolution {
  // Phi*(x) (the fixed-x saddle) has an interior MINIMUM at the thermodynamic x*, where the
  // complexity Sigma = −x²·d(Phi*)/dx vanishes (checked numerically: at the entropy-crisis
  // example Phi*(x) is −1.1512, −1.1875, −1.1993, −1.1891, −1.1639 at x = 0.4, 0.5, 0.6,
  // 0.8, 1, and −1.1639 = Phi_RS). We find x* as the root of d(Phi*)/dx, descending from x = 1
  // along the frozen branch with warm starts; if d(Phi*)/dx <= 0 at x = 1 (Sigma(1) >= 0) or
  // the frozen branch does not exist there, x* = 1 and the solution is RS.
  let iterations = 0;
  const solveAt = (x: number, from: OneRsbState) => {
    const run = iterateFixedX(model, x, from, tolerance, maxIterations, damping);
    iterations += run.iterations;
    const sol = assemble(model, run.state, x, true, run);
    const g = isRsLike(run.state) ? 0 : oneRsbDPhiDx(model, sol, x);
    return { run, sol, g };
  };
  const finish = (sol: OneRsbSolution, ok: boolean): OneRsbSolution => {
    sol.converged = sol.converged && ok;
    sol.iterations = iterations;
    return sol;
  };
  let prev = solveAt(1, start);
  if (!prev.run.converged) return finish(prev.sol, false);
  if (isRsLike(prev.run.state) || !(prev.g > 0)) return finish(prev.sol, true);
  // descend: 0.9, 0.8, …, 0.1, then halving down to X_MIN
  const grid: number[] = [];
  for (let k = 9; k >= 1; k--) grid.push(k / 10);
  for (let v = 0.05; v >= X_MIN; v /= 2) grid.push(v);
  for (const xn of grid) {
    let next = solveAt(xn, prev.run.state);
    // the branch was lost (fell back to RS or diverged): bisect between prev and the failed x
    let lost = !next.run.converged || isRsLike(next.run.state);
    let failed = xn;
    for (let k = 0; k < 6 && lost; k++) {
      const mid = solveAt(0.5 * (failed + prev.sol.x), prev.run.state);
      if (!mid.run.converged || isRsLike(mid.run.state)) failed = mid.sol.x;
      else if (mid.g > 0) prev = mid; // still descending
      else {
        next = mid;
        lost = false;
      }
    }
    if (lost) return finish(prev.sol, false); // no sign change on the branch: flagged
    if (next.g <= 0) return finish(rootX(next, prev), true);
    prev = next;
  }
  return finish(prev.sol, false);

  function rootX(
    a: { sol: OneRsbSolution; g: number; run: FixedXRun },
    b: { sol: OneRsbSolution; g: number; run: FixedXRun },
  ): OneRsbSolution {
    // Illinois regula falsi on g(x) = d(Phi*)/dx between a (g <= 0) and b (g > 0), each solve
    // warm-started from the nearer end
    let lo = a, hi = b, gl = a.g, gh = b.g, last = 0;
    let best = Math.abs(a.g) < Math.abs(b.g) ? a : b;
    for (let k = 0; k < 60; k++) {
      const xl = lo.sol.x, xh = hi.sol.x;
      let xm = xl - (gl * (xh - xl)) / (gh - gl);
      if (!(xm > Math.min(xl, xh) && xm < Math.max(xl, xh))) xm = 0.5 * (xl + xh);
      const from = Math.abs(xm - xl) < Math.abs(xm - xh) ? lo.run.state : hi.run.state;
      const mid = solveAt(xm, from);
      if (!mid.run.converged || isRsLike(mid.run.state)) return best.sol;
      if (Math.abs(mid.g) < Math.abs(best.g)) best = mid;
      if (Math.abs(mid.g) < 1e-9) return best.sol;
      if (mid.g <= 0) {
        lo = mid;
        gl = mid.g;
        if (last === -1) gh *= 0.5;
        last = -1;
      } else {
        hi = mid;
        gh = mid.g;
        if (last === 1) gl *= 0.5;
        last = 1;
      }
      if (Math.abs(hi.sol.x - lo.sol.x) < 1e-6) return best.sol;
    }
    return best.sol;
  }
}
