/**
 * One-dimensional root finding and minimisation without derivatives.
 *
 * - `brentRoot`: R. P. Brent, "Algorithms for Minimization without Derivatives" (Prentice-Hall,
 *   1973), ch. 4, procedure `zero` (inverse quadratic interpolation, secant and bisection), in
 *   the form of Press et al., Numerical Recipes, 3rd ed. (2007), §9.3 `zbrent`.
 * - `brentMinimize`: Brent (1973) ch. 5, procedure `localmin` (parabolic interpolation with
 *   golden-section safeguard), as in Numerical Recipes §10.3 `Brent`.
 * - `bracketMinimum`: Numerical Recipes §10.1 `mnbrak` (golden expansion with parabolic steps).
 *
 * Non-convergence is reported (`converged: false`), never hidden. A NaN from `f` stops the
 * iteration and is reported the same way; the returned point is always the best finite one.
 *
 * @module
 */

import { checkKeys } from "../model/options.ts";

const EPS = 2.220446049250313e-16;
const SQRT_EPS = 1.4901161193847656e-8;
/** (3 − √5)/2, the golden-section fraction. */
const CGOLD = 0.3819660112501051;
/** (1 + √5)/2. */
const GOLD = 1.618033988749895;

/**
 * Options of `brentRoot` and `findRoots`.
 *
 * @example
 * ```ts
 * const opts: RootOptions = { tolerance: 1e-6, maxIterations: 50 };
 * const r = brentRoot((x) => x - 0.25, 0, 1, opts);
 * if (Math.abs(r.x - 0.25) > 1e-6) throw new Error();
 * ```
 */
export interface RootOptions {
  /**
   * Absolute tolerance on x. The iteration stops when the bracket is narrower than
   * `4·EPS·|x| + tolerance` (relative machine precision plus this). Default 1e-14.
   */
  tolerance?: number;
  /** Maximum number of iterations (function evaluations after the end points). Default 200. */
  maxIterations?: number;
}

/**
 * The result of `brentRoot` (and each entry of `findRoots`).
 *
 * @example
 * ```ts
 * const r: RootResult = brentRoot((x) => x ** 3 - 8, 0, 5);
 * if (!r.converged || r.residual !== Math.abs(r.fx) || Math.abs(r.x - 2) > 1e-14) {
 *   throw new Error();
 * }
 * ```
 */
export interface RootResult {
  /** The root estimate (the end of the final bracket with the smaller |f|). */
  x: number;
  /** f(x). */
  fx: number;
  /** Iterations used (0 if an end point was an exact root). */
  iterations: number;
  /** True if the bracket shrank below the tolerance or f(x) is exactly 0. */
  converged: boolean;
  /** |f(x)|. Large at convergence means a sign change across a pole, not a root. */
  residual: number;
  /** Width of the final bracket (0 for an exact root at an end point). */
  width: number;
}

function checkFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new RangeError(`${name}: expected a finite number, got ${v}`);
}

function resolveRootOptions(
  opts: RootOptions,
  known: readonly string[],
  where: string,
): { tolerance: number; maxIterations: number } {
  checkKeys(opts, known, where);
  opts ??= {};
  const tolerance = opts.tolerance ?? 1e-14;
  const maxIterations = opts.maxIterations ?? 200;
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new RangeError(`tolerance: expected a finite number >= 0, got ${tolerance}`);
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`maxIterations: expected an integer >= 1, got ${maxIterations}`);
  }
  return { tolerance, maxIterations };
}

/** Brent's zero on a bracket with known end values (fa·fb < 0 or one of them 0). */
function zeroin(
  f: (x: number) => number,
  a: number,
  b: number,
  fa: number,
  fb: number,
  tolerance: number,
  maxIterations: number,
): RootResult {
  if (fa === 0) return { x: a, fx: 0, iterations: 0, converged: true, residual: 0, width: 0 };
  if (fb === 0) return { x: b, fx: 0, iterations: 0, converged: true, residual: 0, width: 0 };
  let c = a, fc = fa;
  let d = b - a, e = d;
  let iter = 0;
  for (;;) {
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
      e = d = b - a;
    }
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tol1 = 2 * EPS * Math.abs(b) + 0.5 * tolerance;
    const xm = 0.5 * (c - b);
    if (Math.abs(xm) <= tol1 || fb === 0) {
      return {
        x: b,
        fx: fb,
        iterations: iter,
        converged: true,
        residual: Math.abs(fb),
        width: Math.abs(c - b),
      };
    }
    if (iter >= maxIterations) break;
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      // inverse quadratic interpolation (secant if a === c)
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) {
        p = 2 * xm * s;
        q = 1 - s;
      } else {
        const qq = fa / fc, r = fb / fc;
        p = s * (2 * xm * qq * (qq - r) - (b - a) * (r - 1));
        q = (qq - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q;
      p = Math.abs(p);
      const min1 = 3 * xm * q - Math.abs(tol1 * q);
      const min2 = Math.abs(e * q);
      if (2 * p < (min1 < min2 ? min1 : min2)) {
        e = d;
        d = p / q;
      } else {
        d = xm;
        e = d;
      }
    } else {
      d = xm;
      e = d;
    }
    a = b;
    fa = fb;
    b += Math.abs(d) > tol1 ? d : (xm >= 0 ? tol1 : -tol1);
    iter++;
    const fnew = f(b);
    if (fnew !== fnew) {
      // NaN: report the best finite point so far, not converged
      return {
        x: a,
        fx: fa,
        iterations: iter,
        converged: false,
        residual: Math.abs(fa),
        width: Math.abs(c - a),
      };
    }
    fb = fnew;
  }
  return {
    x: b,
    fx: fb,
    iterations: iter,
    converged: false,
    residual: Math.abs(fb),
    width: Math.abs(c - b),
  };
}

/**
 * A root of `f` in the bracket [lo, hi] by Brent's method (Brent 1973, ch. 4). `lo` and `hi`
 * may be given in either order; f(lo) and f(hi) must have opposite signs (or one be 0).
 *
 * @throws {RangeError} if lo/hi are not finite, if f(lo) or f(hi) is NaN, or if they do not
 * bracket a root; or on invalid options.
 * @example
 * ```ts
 * const r = brentRoot((x) => x * x - 2, 0, 2);
 * if (!r.converged || Math.abs(r.x - Math.SQRT2) > 1e-14) throw new Error();
 * ```
 */
export function brentRoot(
  f: (x: number) => number,
  lo: number,
  hi: number,
  opts: RootOptions = {},
): RootResult {
  checkFinite("lo", lo);
  checkFinite("hi", hi);
  const { tolerance, maxIterations } = resolveRootOptions(
    opts,
    ["tolerance", "maxIterations"],
    "brentRoot options",
  );
  const flo = f(lo), fhi = f(hi);
  if (flo !== flo) throw new RangeError(`f(lo): expected a number, got NaN at lo = ${lo}`);
  if (fhi !== fhi) throw new RangeError(`f(hi): expected a number, got NaN at hi = ${hi}`);
  if ((flo > 0 && fhi > 0) || (flo < 0 && fhi < 0)) {
    throw new RangeError(
      `[lo, hi]: expected a bracket with f(lo)·f(hi) <= 0, got f(${lo}) = ${flo} and ` +
        `f(${hi}) = ${fhi}`,
    );
  }
  return zeroin(f, lo, hi, flo, fhi, tolerance, maxIterations);
}

/**
 * Options of `findRoots`.
 *
 * @example
 * ```ts
 * const opts: FindRootsOptions = { samples: 5000 };
 * // sin(1/x) has 31 roots 1/(kπ) in [0.01, 1] (k = 1..31), the closest 3.4e-4 apart
 * if (findRoots((x) => Math.sin(1 / x), 0.01, 1, opts).length !== 31) throw new Error();
 * ```
 */
export interface FindRootsOptions extends RootOptions {
  /** Number of equal sub-intervals of [lo, hi] scanned for sign changes. Default 200. */
  samples?: number;
}

/**
 * All roots of `f` in [lo, hi] at which f changes sign between two points of a uniform grid of
 * `samples` sub-intervals, each refined by `brentRoot`; grid points where f is exactly 0 are
 * roots too. Sorted ascending. Roots closer together than the grid spacing, and roots of even
 * multiplicity (no sign change), can be missed; sub-intervals with a NaN end are skipped. A
 * sign change across a pole is returned with a large `residual`.
 *
 * @throws {RangeError} if lo/hi are not finite with lo < hi, or samples is not an integer >= 1.
 * @example
 * ```ts
 * const roots = findRoots(Math.cos, 0, 10);
 * // cos has roots π/2, 3π/2, 5π/2 in [0, 10]
 * if (roots.length !== 3 || Math.abs(roots[2].x - 2.5 * Math.PI) > 1e-14) throw new Error();
 * ```
 */
export function findRoots(
  f: (x: number) => number,
  lo: number,
  hi: number,
  opts: FindRootsOptions = {},
): RootResult[] {
  checkFinite("lo", lo);
  checkFinite("hi", hi);
  if (!(lo < hi)) throw new RangeError(`hi: expected a number > lo = ${lo}, got ${hi}`);
  const { tolerance, maxIterations } = resolveRootOptions(
    opts,
    ["tolerance", "maxIterations", "samples"],
    "findRoots options",
  );
  const samples = opts?.samples ?? 200;
  if (!(Number.isInteger(samples) && samples >= 1)) {
    throw new RangeError(`samples: expected an integer >= 1, got ${samples}`);
  }
  const h = (hi - lo) / samples;
  const roots: RootResult[] = [];
  let xa = lo;
  let fa = f(xa);
  if (fa === 0) {
    roots.push({ x: xa, fx: 0, iterations: 0, converged: true, residual: 0, width: 0 });
  }
  for (let i = 1; i <= samples; i++) {
    const xb = i === samples ? hi : lo + i * h;
    const fb = f(xb);
    if (fb === 0) {
      roots.push({ x: xb, fx: 0, iterations: 0, converged: true, residual: 0, width: 0 });
    } else if ((fa < 0 && fb > 0) || (fa > 0 && fb < 0)) {
      roots.push(zeroin(f, xa, xb, fa, fb, tolerance, maxIterations));
    }
    xa = xb;
    fa = fb;
  }
  return roots;
}

/**
 * Options of `brentMinimize`.
 *
 * @example
 * ```ts
 * const opts: MinimizeOptions = { relativeTolerance: 1e-12, tolerance: 0 };
 * const m = brentMinimize((x) => (x - 3) ** 2, 0, 10, opts);
 * if (Math.abs(m.x - 3) > 1e-10) throw new Error();
 * ```
 */
export interface MinimizeOptions {
  /**
   * Absolute tolerance on x; the iteration stops when x is known to within about
   * `2·(relativeTolerance·|x| + tolerance/3)`. Default 1e-12.
   */
  tolerance?: number;
  /**
   * Relative tolerance on x. Default √EPS ≈ 1.5e-8: a minimum can only be located to about
   * √EPS relative from function values, since f(x* + δ) − f(x*) = O(δ²).
   */
  relativeTolerance?: number;
  /** Maximum number of iterations (function evaluations). Default 200. */
  maxIterations?: number;
}

/**
 * The result of `brentMinimize`.
 *
 * @example
 * ```ts
 * const m: MinimizeResult = brentMinimize(Math.cosh, -1, 2);
 * if (!m.converged || m.fx !== Math.cosh(m.x) || Math.abs(m.fx - 1) > 1e-15) throw new Error();
 * ```
 */
export interface MinimizeResult {
  /** The abscissa of the smallest value found. */
  x: number;
  /** f(x). */
  fx: number;
  /** Iterations used. */
  iterations: number;
  /** True if the interval around x shrank below the tolerance. */
  converged: boolean;
}

/**
 * A local minimum of `f` on [lo, hi] by Brent's `localmin` (parabolic interpolation safeguarded
 * by golden-section search; Brent 1973, ch. 5). If f is unimodal on [lo, hi] this is the
 * minimum; otherwise it is some local minimum (possibly next to an end).
 *
 * @throws {RangeError} if lo/hi are not finite with lo < hi, if f is NaN at the first point, or
 * on invalid options.
 * @example
 * ```ts
 * const m = brentMinimize((x) => (x - 1) ** 2 + 3, -5, 5);
 * if (!m.converged || Math.abs(m.x - 1) > 1e-7 || m.fx !== 3) throw new Error();
 * ```
 */
export function brentMinimize(
  f: (x: number) => number,
  lo: number,
  hi: number,
  opts: MinimizeOptions = {},
): MinimizeResult {
  checkFinite("lo", lo);
  checkFinite("hi", hi);
  if (!(lo < hi)) throw new RangeError(`hi: expected a number > lo = ${lo}, got ${hi}`);
  checkKeys(opts, ["tolerance", "relativeTolerance", "maxIterations"], "brentMinimize options");
  opts ??= {};
  const tolerance = opts.tolerance ?? 1e-12;
  const relativeTolerance = opts.relativeTolerance ?? SQRT_EPS;
  const maxIterations = opts.maxIterations ?? 200;
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new RangeError(`tolerance: expected a finite number >= 0, got ${tolerance}`);
  }
  if (!(Number.isFinite(relativeTolerance) && relativeTolerance >= EPS)) {
    throw new RangeError(
      `relativeTolerance: expected a finite number >= ${EPS}, got ${relativeTolerance}`,
    );
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`maxIterations: expected an integer >= 1, got ${maxIterations}`);
  }
  let a = lo, b = hi;
  let x = a + CGOLD * (b - a);
  let w = x, v = x;
  let fx = f(x);
  if (fx !== fx) throw new RangeError(`f: expected a number, got NaN at x = ${x}`);
  let fw = fx, fv = fx;
  let d = 0, e = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    const xm = 0.5 * (a + b);
    const tol1 = relativeTolerance * Math.abs(x) + tolerance / 3;
    const tol2 = 2 * tol1;
    if (Math.abs(x - xm) <= tol2 - 0.5 * (b - a)) {
      return { x, fx, iterations: iter, converged: true };
    }
    let golden = true;
    if (Math.abs(e) > tol1) {
      // trial parabolic fit through x, w, v
      let r = (x - w) * (fx - fv);
      let q = (x - v) * (fx - fw);
      let p = (x - v) * q - (x - w) * r;
      q = 2 * (q - r);
      if (q > 0) p = -p;
      q = Math.abs(q);
      r = e;
      e = d;
      if (!(Math.abs(p) >= Math.abs(0.5 * q * r) || p <= q * (a - x) || p >= q * (b - x))) {
        d = p / q;
        const u = x + d;
        if (u - a < tol2 || b - u < tol2) d = xm - x >= 0 ? tol1 : -tol1;
        golden = false;
      }
    }
    if (golden) {
      e = x >= xm ? a - x : b - x;
      d = CGOLD * e;
    }
    const u = Math.abs(d) >= tol1 ? x + d : x + (d >= 0 ? tol1 : -tol1);
    const fu = f(u);
    if (fu !== fu) return { x, fx, iterations: iter + 1, converged: false };
    if (fu <= fx) {
      if (u >= x) a = x;
      else b = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return { x, fx, iterations: maxIterations, converged: false };
}

/**
 * Options of `bracketMinimum`.
 *
 * @example
 * ```ts
 * const opts: BracketOptions = { maxIterations: 5 };
 * // f = x decreases forever to the left: no bracket within 5 steps
 * if (bracketMinimum((x) => x, 0, 1, opts).converged) throw new Error();
 * ```
 */
export interface BracketOptions {
  /** Largest parabolic step, in units of the current step. Default 100. */
  growLimit?: number;
  /** Maximum number of expansion steps. Default 100. */
  maxIterations?: number;
}

/**
 * The result of `bracketMinimum`: a < b < c with f(b) <= f(a) and f(b) <= f(c) if found.
 *
 * @example
 * ```ts
 * const br: BracketResult = bracketMinimum((x) => (x + 4) ** 2, 0, 1);
 * if (!(br.a < -4 && -4 < br.c)) throw new Error();
 * ```
 */
export interface BracketResult {
  /** Left point. */
  a: number;
  /** Middle point, the lowest of the three if `converged`. */
  b: number;
  /** Right point. */
  c: number;
  /** f(a). */
  fa: number;
  /** f(b). */
  fb: number;
  /** f(c). */
  fc: number;
  /** Expansion steps used. */
  iterations: number;
  /** True if a bracketing triple was found. */
  converged: boolean;
}

/**
 * Expands downhill from the two points x0, x1 until it brackets a minimum of `f`: a triple
 * a < b < c with f(b) <= min(f(a), f(c)) (Numerical Recipes `mnbrak`). The triple can be
 * passed to `brentMinimize(f, a, c)`.
 *
 * @throws {RangeError} if x0/x1 are not finite and distinct, f is NaN at them, or on invalid
 * options.
 * @example
 * ```ts
 * const br = bracketMinimum((x) => (x - 10) ** 2, 0, 1);
 * if (!br.converged || !(br.a < 10 && 10 < br.c) || !(br.fb <= br.fa && br.fb <= br.fc)) {
 *   throw new Error();
 * }
 * ```
 */
export function bracketMinimum(
  f: (x: number) => number,
  x0: number,
  x1: number,
  opts: BracketOptions = {},
): BracketResult {
  checkFinite("x0", x0);
  checkFinite("x1", x1);
  if (x0 === x1) throw new RangeError(`x1: expected a number different from x0 = ${x0}`);
  checkKeys(opts, ["growLimit", "maxIterations"], "bracketMinimum options");
  opts ??= {};
  const growLimit = opts.growLimit ?? 100;
  const maxIterations = opts.maxIterations ?? 100;
  if (!(Number.isFinite(growLimit) && growLimit > 1)) {
    throw new RangeError(`growLimit: expected a finite number > 1, got ${growLimit}`);
  }
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`maxIterations: expected an integer >= 1, got ${maxIterations}`);
  }
  let a = x0, b = x1;
  let fa = f(a), fb = f(b);
  if (fa !== fa) throw new RangeError(`f(x0): expected a number, got NaN at x0 = ${x0}`);
  if (fb !== fb) throw new RangeError(`f(x1): expected a number, got NaN at x1 = ${x1}`);
  if (fb > fa) {
    let t = a;
    a = b;
    b = t;
    t = fa;
    fa = fb;
    fb = t;
  }
  let c = b + GOLD * (b - a);
  let fc = f(c);
  let iter = 0;
  const done = (converged: boolean): BracketResult =>
    a < c
      ? { a, b, c, fa, fb, fc, iterations: iter, converged }
      : { a: c, b, c: a, fa: fc, fb, fc: fa, iterations: iter, converged };
  while (fb > fc) {
    if (iter >= maxIterations || !Number.isFinite(c)) return done(false);
    iter++;
    const r = (b - a) * (fb - fc);
    const q = (b - c) * (fb - fa);
    const dq = q - r;
    const den = 2 * (Math.abs(dq) > 1e-300 ? dq : (dq >= 0 ? 1e-300 : -1e-300));
    let u = b - ((b - c) * q - (b - a) * r) / den;
    const ulim = b + growLimit * (c - b);
    let fu: number;
    if ((b - u) * (u - c) > 0) {
      // parabolic u between b and c
      fu = f(u);
      if (fu < fc) {
        a = b;
        fa = fb;
        b = u;
        fb = fu;
        return done(true);
      } else if (fu > fb) {
        c = u;
        fc = fu;
        return done(true);
      }
      u = c + GOLD * (c - b);
      fu = f(u);
    } else if ((c - u) * (u - ulim) > 0) {
      // parabolic u between c and its allowed limit
      fu = f(u);
      if (fu < fc) {
        b = c;
        c = u;
        u = c + GOLD * (c - b);
        fb = fc;
        fc = fu;
        fu = f(u);
      }
    } else if ((u - ulim) * (ulim - c) >= 0) {
      u = ulim;
      fu = f(u);
    } else {
      u = c + GOLD * (c - b);
      fu = f(u);
    }
    if (fu !== fu) return done(false);
    a = b;
    b = c;
    c = u;
    fa = fb;
    fb = fc;
    fc = fu;
  }
  if (fc !== fc) return done(false);
  return done(true);
}
