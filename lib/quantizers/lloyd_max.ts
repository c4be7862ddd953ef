/**
 * Lloyd–Max level sets: the mean-squared-error optimal K-level scalar quantizer for a Gaussian
 * source (S. P. Lloyd, "Least squares quantization in PCM", IEEE Trans. IT-28, 1982 [Bell Labs
 * memo 1957]; J. Max, "Quantizing for minimum distortion", IRE Trans. IT-6, 1960). Its two
 * optimality conditions are: each threshold is the midpoint of its two levels (nearest-level
 * rule), and each level is the conditional mean (centroid) of N(0, 1) on its cell,
 * `c = (phi(a) - phi(b)) / (Phi(b) - Phi(a))` on `[a, b]`.
 *
 * Lloyd's algorithm (Method I) alternates the two conditions; its fixed-point map contracts
 * only at rate `1 - O(1/K^2)`, which is impractical at 16 bits and 1e-13 accuracy. We therefore
 * solve the same fixed-point equations `l = c(l)` by Newton's method: the centroid of cell k
 * depends only on `l_{k-1}, l_k, l_{k+1}`, so the Jacobian is tridiagonal (solved in O(K)), with
 * `dc/db = phi(b) (b - c)/P` and `dc/da = phi(a) (c - a)/P`. A step that does not reduce the
 * residual is halved, and a plain Lloyd step is the fallback, so every iterate is a valid sorted
 * level set. The start is the Panter–Dite asymptotic solution (point density proportional to
 * `phi^{1/3}`, i.e. `l_k = sqrt(3) Phi^{-1}((k - 1/2)/K)`; Panter & Dite 1951, Gersho & Gray
 * 1992 section 6.3). For a log-concave density the fixed point is unique (Fleischer 1964;
 * Trushkin 1982), so this is the Lloyd–Max quantizer.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { normalCdf, normalPdf, normalQuantile, normalSf } from "../numerics/special.ts";
import { type LevelSet, levelSet } from "./quantizer.ts";
import type { BitsWidthOptions } from "./uniform.ts";
import {
  mirrorQuantizerLevels,
  validateQuantizerBits,
  validateQuantizerOptions,
  validateQuantizerPositive,
} from "./validate.ts";

/** Residual `max_k |l_k - centroid_k|` (in units of the source's sigma) at which we stop. */
const TOLERANCE = 1e-13;
const MAX_ITERATIONS = 500;

/** Gauss–Legendre nodes and weights on [-1, 1] (Newton on the Legendre recurrence). */
function gaussLegendre(n: number): [Float64Array, Float64Array] {
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = z;
      for (let j = 2; j <= n; j++) {
        const p2 = ((2 * j - 1) * z * p1 - (j - 1) * p0) / j;
        p0 = p1;
        p1 = p2;
      }
      dp = n * (z * p1 - p0) / (z * z - 1);
      const dz = p1 / dp;
      z -= dz;
      if (Math.abs(dz) < 1e-16) break;
    }
    x[i] = z;
    w[i] = 2 / ((1 - z * z) * dp * dp);
  }
  return [x, w];
}

const [GL_X, GL_W] = gaussLegendre(12);

/** Mass, conditional mean/variance and end-point hazards `phi(a)/P`, `phi(b)/P` of a cell. */
interface Cell {
  p: number;
  mean: number;
  variance: number;
  hazardLo: number;
  hazardHi: number;
}

const cell: Cell = { p: 0, mean: 0, variance: 0, hazardLo: 0, hazardHi: 0 };

function cdf(x: number): number {
  return x === -Infinity ? 0 : x === Infinity ? 1 : normalCdf(x);
}

function sf(x: number): number {
  return x === -Infinity ? 1 : x === Infinity ? 0 : normalSf(x);
}

/**
 * N(0, 1) restricted to [a, b] (a < b, possibly infinite), written into the shared `cell`.
 * Narrow cells (|exponent| <= ~1.5 across the cell) use 12-point Gauss–Legendre on the offset
 * from the cell midpoint m, `phi(m + s) = phi(m) exp(-m s - s^2/2)`, which avoids the
 * cancellation in `phi(a) - phi(b)` and `Phi(b) - Phi(a)` for tiny cells (error < 1e-20
 * relative). Wide cells use the closed forms with the tail-accurate cdf/sf.
 */
function gaussianCell(a: number, b: number): Cell {
  const h = (b - a) / 2;
  const m = a + h;
  if (Number.isFinite(h) && h * (Math.abs(m) + h) <= 1) {
    let g0 = 0;
    let g1 = 0;
    for (let i = 0; i < GL_X.length; i++) {
      const s = h * GL_X[i];
      const g = GL_W[i] * Math.exp(-m * s - s * s / 2);
      g0 += g;
      g1 += g * s;
    }
    const delta = g1 / g0;
    let g2 = 0;
    for (let i = 0; i < GL_X.length; i++) {
      const s = h * GL_X[i];
      const d = s - delta;
      g2 += GL_W[i] * Math.exp(-m * s - s * s / 2) * d * d;
    }
    const z = h * g0; // integral of exp(-m s - s^2/2) over [-h, h]
    cell.p = normalPdf(m) * z;
    cell.mean = m + delta;
    cell.variance = g2 / g0;
    cell.hazardLo = Math.exp(m * h - h * h / 2) / z;
    cell.hazardHi = Math.exp(-m * h - h * h / 2) / z;
    return cell;
  }
  const phiA = Number.isFinite(a) ? normalPdf(a) : 0;
  const phiB = Number.isFinite(b) ? normalPdf(b) : 0;
  const p = a >= 0 ? sf(a) - sf(b) : b <= 0 ? cdf(b) - cdf(a) : 1 - cdf(a) - sf(b);
  const mean = (phiA - phiB) / p;
  const aPhiA = Number.isFinite(a) ? a * phiA : 0;
  const bPhiB = Number.isFinite(b) ? b * phiB : 0;
  cell.p = p;
  cell.mean = mean;
  cell.variance = Math.max(0, 1 + (aPhiA - bPhiB) / p - mean * mean);
  cell.hazardLo = phiA / p;
  cell.hazardHi = phiB / p;
  return cell;
}

/** Evaluation of the centroid condition at levels `l`. */
interface Evaluation {
  residual: number;
  mse: number;
}

/**
 * Fills f = l - c(l) and (optionally) the tridiagonal Jacobian of f; returns the residual
 * max|f| and the MSE of the level set `l` with nearest-level thresholds.
 */
function evaluate(
  l: Float64Array,
  f: Float64Array,
  jac?: { sub: Float64Array; diag: Float64Array; sup: Float64Array },
): Evaluation {
  const k = l.length;
  let residual = 0;
  let mse = 0;
  for (let i = 0; i < k; i++) {
    const a = i === 0 ? -Infinity : (l[i - 1] + l[i]) / 2;
    const b = i === k - 1 ? Infinity : (l[i] + l[i + 1]) / 2;
    const c = gaussianCell(a, b);
    const fi = l[i] - c.mean;
    f[i] = fi;
    if (!(Math.abs(fi) <= residual)) residual = Math.abs(fi); // NaN propagates
    mse += c.p * (c.variance + fi * fi);
    if (jac !== undefined) {
      const dca = i === 0 ? 0 : c.hazardLo * (c.mean - a);
      const dcb = i === k - 1 ? 0 : c.hazardHi * (b - c.mean);
      jac.sub[i] = -dca / 2;
      jac.diag[i] = 1 - (dca + dcb) / 2;
      jac.sup[i] = -dcb / 2;
    }
  }
  return { residual, mse };
}

/** Solves the tridiagonal system J x = rhs in place of rhs (Thomas algorithm). */
function solveTridiagonal(
  sub: Float64Array,
  diag: Float64Array,
  sup: Float64Array,
  rhs: Float64Array,
): void {
  const n = rhs.length;
  const c = new Float64Array(n);
  let beta = diag[0];
  rhs[0] /= beta;
  for (let i = 1; i < n; i++) {
    c[i] = sup[i - 1] / beta;
    beta = diag[i] - sub[i] * c[i];
    rhs[i] = (rhs[i] - sub[i] * rhs[i - 1]) / beta;
  }
  for (let i = n - 2; i >= 0; i--) rhs[i] -= c[i + 1] * rhs[i + 1];
}

/** Replaces l by its antisymmetric part, (l_i - l_{K-1-i})/2, exactly symmetric. */
function symmetrize(l: Float64Array): void {
  const k = l.length;
  for (let i = 0; i < k >> 1; i++) l[i] = (l[i] - l[k - 1 - i]) / 2;
  mirrorQuantizerLevels(l);
}

function isStrictlyIncreasing(l: Float64Array): boolean {
  for (let i = 0; i < l.length; i++) {
    if (!Number.isFinite(l[i]) || (i > 0 && !(l[i] > l[i - 1]))) return false;
  }
  return true;
}

/** The Lloyd–Max quantizer of a N(0, 1) source, from {@link lloydMaxGaussian}. */
export interface LloydMaxResult {
  /** The K = 2^bits optimal levels (sorted, symmetric), for a N(0, 1) source. */
  readonly levels: Float64Array;
  /** The K - 1 decision thresholds (midpoints of consecutive levels). */
  readonly thresholds: Float64Array;
  /** Mean squared error `E[(X - Q(X))^2]`, X ~ N(0, 1). */
  readonly mse: number;
  /** Newton / Lloyd iterations used. */
  readonly iterations: number;
  /** Whether the centroid residual reached 1e-13. */
  readonly converged: boolean;
  /** Final residual `max_k |l_k - E[X | X in cell k]|`. */
  readonly residual: number;
}

function solveLloydMax(bits: number): LloydMaxResult {
  const k = 2 ** bits;
  const l = new Float64Array(k);
  for (let i = 0; i < k >> 1; i++) l[i] = Math.sqrt(3) * normalQuantile((i + 0.5) / k);
  mirrorQuantizerLevels(l);
  const f = new Float64Array(k);
  const jac = { sub: new Float64Array(k), diag: new Float64Array(k), sup: new Float64Array(k) };
  const trial = new Float64Array(k);
  const ftrial = new Float64Array(k);
  let ev = evaluate(l, f, jac);
  let iterations = 0;
  while (!(ev.residual <= TOLERANCE) && iterations < MAX_ITERATIONS) {
    iterations++;
    const step = Float64Array.from(f, (v) => -v);
    solveTridiagonal(jac.sub, jac.diag, jac.sup, step);
    let accepted = false;
    for (let s = 1, tries = 0; tries < 30; s /= 2, tries++) {
      for (let i = 0; i < k; i++) trial[i] = l[i] + s * step[i];
      symmetrize(trial);
      if (!isStrictlyIncreasing(trial)) continue;
      const evTrial = evaluate(trial, ftrial);
      if (evTrial.residual < ev.residual) {
        accepted = true;
        break;
      }
    }
    if (!accepted) {
      // Lloyd step: move every level to its centroid (always sorted, never increases the MSE).
      for (let i = 0; i < k; i++) trial[i] = l[i] - f[i];
      symmetrize(trial);
    }
    l.set(trial);
    ev = evaluate(l, f, jac);
  }
  const t = new Float64Array(k - 1);
  for (let i = 0; i < k - 1; i++) t[i] = (l[i] + l[i + 1]) / 2;
  return {
    levels: l,
    thresholds: t,
    mse: ev.mse,
    iterations,
    converged: ev.residual <= TOLERANCE,
    residual: ev.residual,
  };
}

const cache = new Map<number, LloydMaxResult>();

/**
 * The Lloyd–Max (MSE-optimal) `K = 2^bits`-level quantizer of a standard Gaussian source,
 * unscaled: levels, thresholds, MSE, and the convergence report of the fixed-point solve
 * (centroid residual 1e-13). Results are cached per bit depth; arrays are fresh copies.
 *
 * @throws {RangeError} if bits is not an integer in 1..16.
 * @example
 * ```ts
 * const r = lloydMaxGaussian(1);
 * // b = 1: levels ±E|X| = ±sqrt(2/pi), mse = 1 - 2/pi (Max 1960, table I)
 * if (!r.converged || Math.abs(r.levels[1] - Math.sqrt(2 / Math.PI)) > 1e-12) throw new Error();
 * if (Math.abs(r.mse - (1 - 2 / Math.PI)) > 1e-12 || r.thresholds[0] !== 0) throw new Error();
 * ```
 */
export function lloydMaxGaussian(bits: number): LloydMaxResult {
  validateQuantizerBits(bits);
  let r = cache.get(bits);
  if (r === undefined) {
    r = solveLloydMax(bits);
    cache.set(bits, r);
  }
  return { ...r, levels: r.levels.slice(), thresholds: r.thresholds.slice() };
}

/**
 * The MSE-optimal quantizer width for a N(0, sigma^2) source: the outermost Lloyd–Max level
 * times sigma (e.g. `sqrt(2/pi) sigma` at 1 bit).
 *
 * @throws {RangeError} if bits is not an integer in 1..16 or sigma is not finite and > 0.
 * @example
 * ```ts
 * const w = lloydMaxOptimalWidth(1, { sigma: 2 });
 * if (Math.abs(w - 2 * Math.sqrt(2 / Math.PI)) > 1e-12) throw new Error();
 * ```
 */
export function lloydMaxOptimalWidth(bits: number, options: { sigma?: number } = {}): number {
  checkKeys(options, ["sigma"], "lloydMaxOptimalWidth options");
  const sigma = validateQuantizerPositive(options?.sigma ?? 1, "sigma");
  const r = lloydMaxGaussian(bits);
  return r.levels[r.levels.length - 1] * sigma;
}

/**
 * Lloyd–Max quantizer: the MSE-optimal `K = 2^bits` levels for a Gaussian source (see
 * {@link lloydMaxGaussian}), rescaled so that the outermost level is exactly `width`. The
 * shape is scale-free: a N(0, sigma^2) source is optimally served by
 * `width = lloydMaxOptimalWidth(bits, { sigma })`.
 *
 * @throws {RangeError} if bits is not an integer in 1..16 or width is not finite and > 0.
 * @throws {Error} if the Lloyd–Max solve did not converge (never observed for 1..16 bits).
 * @example
 * ```ts
 * const q = lloydMaxQuantizer({ bits: 2, width: 1 });
 * // Max (1960): levels ±0.4528, ±1.510 for N(0,1)
 * if (Math.abs(q.levels[2] - 0.4528 / 1.510) > 1e-3 || q.levels[3] !== 1) throw new Error();
 * ```
 */
export function lloydMaxQuantizer(options: BitsWidthOptions): LevelSet {
  validateQuantizerOptions(options, ["bits", "width"], "lloydMaxQuantizer options");
  const bits = validateQuantizerBits(options.bits);
  const width = validateQuantizerPositive(options.width, "width");
  const r = lloydMaxGaussian(bits);
  if (!r.converged) {
    throw new Error(
      `lloydMaxQuantizer: Lloyd–Max solve did not converge for bits = ${bits} ` +
        `(iterations ${r.iterations}, residual ${r.residual})`,
    );
  }
  const k = r.levels.length;
  const outer = r.levels[k - 1];
  const levels = new Float64Array(k);
  levels[0] = -width;
  for (let i = 1; i < k >> 1; i++) levels[i] = width * (r.levels[i] / outer);
  return levelSet(mirrorQuantizerLevels(levels), { family: "lloyd-max" });
}
