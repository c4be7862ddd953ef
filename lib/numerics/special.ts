/**
 * Special functions of the standard normal distribution, in double precision.
 *
 * - `erf`, `erfc`, `erfcx`: W. J. Cody, "Rational Chebyshev approximations for the error
 *   function", Math. Comp. 23 (1969) 631–637, as implemented in Cody's SPECFUN routine CALERF
 *   (netlib). The factor `exp(-y²)` is evaluated as `exp(-ys²)·exp(-(y-ys)(y+ys))` with
 *   `ys = trunc(16y)/16` (also from CALERF), so that the rounding of `y²` does not cost relative
 *   accuracy in the far tail.
 * - `normalCdf`, `normalSf`, `normalPdf`, `logNormalCdf`: built on the same rational functions,
 *   with the Gaussian factor `exp(-x²/2)` split the same way in `x` (not in `x/√2`), so the lower
 *   tail of Φ is accurate to a few ulps all the way to underflow (x ≈ -38.5).
 * - `normalQuantile`: M. J. Wichura, "Algorithm AS 241: The percentage points of the normal
 *   distribution", Appl. Statist. 37 (1988) 477–484 (PPND16, about 1e-16 relative).
 * - `log1pExp`, `log1mExp`: M. Mächler, "Accurately computing log(1 − exp(−|a|))", Rmpfr
 *   vignette (2012).
 *
 * All functions here are allocation-free and take and return plain numbers. NaN in gives NaN out
 * (like `Math.exp`); they never produce NaN from a non-NaN argument.
 *
 * @module
 */

/** 1/√π. */
const INV_SQRT_PI = 5.6418958354775628695e-1;
/** 1/√(2π). */
const INV_SQRT_2PI = 0.3989422804014327;
/** ln 2. */
const LN2 = 0.6931471805599453;
/** Cody's break point between the erf and the erfc approximations. */
const THRESH = 0.46875;
/** THRESH·√2: the same break point for an argument of Φ. */
const THRESH_X = 0.6629126073623883;
/** Below this, erf(x) = 2x/√π to double precision (Cody's XSMALL). */
const XSMALL = 1.11e-16;

// Cody (1969) / CALERF coefficients.
// erf(x) ≈ x·A(x²)/B(x²) on |x| <= 0.46875.
const A0 = 3.16112374387056560e00;
const A1 = 1.13864154151050156e02;
const A2 = 3.77485237685302021e02;
const A3 = 3.20937758913846947e03;
const A4 = 1.85777706184603153e-1;
const B0 = 2.36012909523441209e01;
const B1 = 2.44024637934444173e02;
const B2 = 1.28261652607737228e03;
const B3 = 2.84423683343917062e03;
// erfcx(x) = exp(x²)·erfc(x) ≈ C(x)/D(x) on 0.46875 <= x <= 4.
const C0 = 5.64188496988670089e-1;
const C1 = 8.88314979438837594e00;
const C2 = 6.61191906371416295e01;
const C3 = 2.98635138197400131e02;
const C4 = 8.81952221241769090e02;
const C5 = 1.71204761263407058e03;
const C6 = 2.05107837782607147e03;
const C7 = 1.23033935479799725e03;
const C8 = 2.15311535474403846e-8;
const D0 = 1.57449261107098347e01;
const D1 = 1.17693950891312499e02;
const D2 = 5.37181101862009858e02;
const D3 = 1.62138957456669019e03;
const D4 = 3.29079923573345963e03;
const D5 = 4.36261909014324716e03;
const D6 = 3.43936767414372164e03;
const D7 = 1.23033935480374942e03;
// erfcx(x) ≈ (1/√π − z·P(z)/Q(z))/x with z = 1/x² on x > 4.
const P0 = 3.05326634961232344e-1;
const P1 = 3.60344899949804439e-1;
const P2 = 1.25781726111229246e-1;
const P3 = 1.60837851487422766e-2;
const P4 = 6.58749161529837803e-4;
const P5 = 1.63153871373020978e-2;
const Q0 = 2.56852019228982242e00;
const Q1 = 1.87295284992346047e00;
const Q2 = 5.27905102951428412e-1;
const Q3 = 6.05183413124413191e-2;
const Q4 = 2.33520497626869185e-3;

/** Cody's first interval: erf(y) for |y| <= 0.46875 (odd in y). */
function erfSmall(y: number): number {
  const ysq = Math.abs(y) > XSMALL ? y * y : 0;
  let xnum = A4 * ysq;
  let xden = ysq;
  xnum = (xnum + A0) * ysq;
  xden = (xden + B0) * ysq;
  xnum = (xnum + A1) * ysq;
  xden = (xden + B1) * ysq;
  xnum = (xnum + A2) * ysq;
  xden = (xden + B2) * ysq;
  return (y * (xnum + A3)) / (xden + B3);
}

/** erfcx(y) = exp(y²)·erfc(y) for y >= 0.46875 (Cody's second and third intervals). */
function erfcxLarge(y: number): number {
  if (y <= 4) {
    let xnum = C8 * y;
    let xden = y;
    xnum = (xnum + C0) * y;
    xden = (xden + D0) * y;
    xnum = (xnum + C1) * y;
    xden = (xden + D1) * y;
    xnum = (xnum + C2) * y;
    xden = (xden + D2) * y;
    xnum = (xnum + C3) * y;
    xden = (xden + D3) * y;
    xnum = (xnum + C4) * y;
    xden = (xden + D4) * y;
    xnum = (xnum + C5) * y;
    xden = (xden + D5) * y;
    xnum = (xnum + C6) * y;
    xden = (xden + D6) * y;
    return (xnum + C7) / (xden + D7);
  }
  if (y === Infinity) return 0;
  const z = 1 / (y * y);
  let xnum = P5 * z;
  let xden = z;
  xnum = (xnum + P0) * z;
  xden = (xden + Q0) * z;
  xnum = (xnum + P1) * z;
  xden = (xden + Q1) * z;
  xnum = (xnum + P2) * z;
  xden = (xden + Q2) * z;
  xnum = (xnum + P3) * z;
  xden = (xden + Q3) * z;
  const r = (z * (xnum + P4)) / (xden + Q4);
  return (INV_SQRT_PI - r) / y;
}

/**
 * exp(-y²) for finite y >= 0 without the relative error of rounding y² (CALERF's split:
 * `ys = trunc(16y)/16` makes `ys²` exact and `(y-ys)(y+ys)` small).
 */
function expNegSq(y: number): number {
  const ys = Math.trunc(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  return Math.exp(-ys * ys) * Math.exp(-del);
}

/** exp(-x²/2) for finite x >= 0, split as in `expNegSq`. */
function expNegHalfSq(x: number): number {
  const xs = Math.trunc(x * 16) / 16;
  const del = (x - xs) * (x + xs);
  return Math.exp(-0.5 * xs * xs) * Math.exp(-0.5 * del);
}

/**
 * The error function erf(x) = (2/√π) ∫₀ˣ exp(-t²) dt (Cody 1969). Relative error a few ulps.
 *
 * @example
 * ```ts
 * // erf(1) = 0.84270079294971486934
 * if (Math.abs(erf(1) - 0.8427007929497149) > 2.3e-16) throw new Error("erf(1)");
 * if (erf(-1) !== -erf(1)) throw new Error("odd");
 * ```
 */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return erfSmall(x);
  if (y >= 6) return x > 0 ? 1 : (x < 0 ? -1 : x); // erfc(6) ≈ 2e-17 < ulp(1)/2
  const r = 1 - expNegSq(y) * erfcxLarge(y);
  return x < 0 ? -r : r;
}

/**
 * The complementary error function erfc(x) = 1 − erf(x) (Cody 1969), accurate to a few ulps
 * relative for all x, including the far right tail (it leaves the normal range at x ≈ 26.55 and
 * underflows to 0 at x ≈ 27.3). erfc(-x) = 2 − erfc(x).
 *
 * @example
 * ```ts
 * // erfc(10) = 2.0884875837625447570e-45
 * if (Math.abs(erfc(10) / 2.0884875837625447570e-45 - 1) > 1e-15) throw new Error("erfc(10)");
 * if (erfc(0) !== 1 || erfc(-Infinity) !== 2 || erfc(Infinity) !== 0) throw new Error();
 * ```
 */
export function erfc(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return 1 - erfSmall(x);
  if (y > 27.5) return x > 0 ? 0 : 2; // erfc(27.3) already underflows
  const r = expNegSq(y) * erfcxLarge(y);
  return x < 0 ? 2 - r : r;
}

/**
 * The scaled complementary error function erfcx(x) = exp(x²)·erfc(x) (Cody 1969). For large
 * x it behaves as 1/(x√π). It overflows to `Infinity` for x < -26.63.
 *
 * @example
 * ```ts
 * // erfcx(100) ≈ 1/(100√π)·(1 − 1/(2·100²))
 * const approx = 1 / (100 * Math.sqrt(Math.PI)) * (1 - 0.5e-4 + 0.75e-8);
 * if (Math.abs(erfcx(100) / approx - 1) > 1e-11) throw new Error("erfcx(100)");
 * ```
 */
export function erfcx(x: number): number {
  const y = Math.abs(x);
  if (y <= THRESH) return Math.exp(x * x) * (1 - erfSmall(x));
  if (x > 0) return erfcxLarge(y);
  if (y > 26.7) return Infinity; // exp(x²) overflows
  // erfcx(-y) = 2·exp(y²) − erfcx(y); exp(y²) split as in expNegSq.
  const ys = Math.trunc(y * 16) / 16;
  const del = (y - ys) * (y + ys);
  const e = Math.exp(ys * ys) * Math.exp(del);
  return e + e - erfcxLarge(y);
}

/**
 * The standard normal density φ(x) = exp(−x²/2)/√(2π), accurate to a few ulps in the tails.
 *
 * @example
 * ```ts
 * if (Math.abs(normalPdf(0) - 0.3989422804014327) > 1e-17) throw new Error("phi(0)");
 * if (normalPdf(40) !== 0 || normalPdf(-1) !== normalPdf(1)) throw new Error();
 * ```
 */
export function normalPdf(x: number): number {
  const y = Math.abs(x);
  if (y > 39) return x === x ? 0 : x; // below the smallest subnormal
  return INV_SQRT_2PI * expNegHalfSq(y);
}

/**
 * The upper tail Q(y) = 1 − Φ(y) for y >= THRESH_X: ½·exp(−y²/2)·erfcx(y/√2). The Gaussian
 * factor is split in y itself, so the rounding of y/√2 only enters through the slowly
 * varying erfcx.
 */
function upperTail(y: number): number {
  if (y > 40) return 0;
  return 0.5 * expNegHalfSq(y) * erfcxLarge(y * Math.SQRT1_2);
}

/**
 * The standard normal cumulative distribution function Φ(x) = ½·erfc(−x/√2), accurate to a
 * few ulps relative in the lower tail, down to underflow at x ≈ -38.5. For the upper tail use
 * `normalSf`: 1 − Φ(x) cannot be read off Φ(x) once Φ(x) rounds to 1.
 *
 * @example
 * ```ts
 * // Φ(-10) = 7.6198530241605260660e-24
 * if (Math.abs(normalCdf(-10) / 7.619853024160526e-24 - 1) > 1e-15) throw new Error();
 * if (normalCdf(0) !== 0.5) throw new Error("Phi(0)");
 * ```
 */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y < THRESH_X) return 0.5 + 0.5 * erfSmall(x * Math.SQRT1_2);
  const q = upperTail(y);
  if (x < 0) return q;
  return x === x ? 1 - q : x;
}

/**
 * The standard normal survival function 1 − Φ(x) = Φ(−x), accurate in the upper tail.
 *
 * @example
 * ```ts
 * if (normalSf(10) !== normalCdf(-10)) throw new Error("symmetry");
 * if (!(normalSf(10) > 0)) throw new Error("no cancellation");
 * ```
 */
export function normalSf(x: number): number {
  return normalCdf(-x);
}

/**
 * log Φ(x), accurate for all x: for very negative x it uses
 * log Φ(x) = log erfcx(−x/√2) − x²/2 − log 2, so it stays finite (≈ −x²/2) far beyond the
 * underflow of Φ; for x > 0 it is log1p(−Q(x)).
 *
 * @example
 * ```ts
 * // log Φ(-40) = -804.60844201375378817 (Φ(-40) itself underflows)
 * if (Math.abs(logNormalCdf(-40) / -804.6084420137538 - 1) > 1e-14) throw new Error();
 * if (Math.abs(logNormalCdf(10) / -7.619853024160526e-24 - 1) > 1e-15) throw new Error();
 * ```
 */
export function logNormalCdf(x: number): number {
  if (x < -1) {
    return Math.log(erfcxLarge(-x * Math.SQRT1_2)) - 0.5 * x * x - LN2;
  }
  if (x <= 0) return Math.log(normalCdf(x));
  return Math.log1p(-normalSf(x));
}

/**
 * log(1 − Φ(x)) = log Φ(−x), accurate for all x (the mirror image of `logNormalCdf`).
 *
 * @example
 * ```ts
 * if (logNormalSf(3) !== logNormalCdf(-3)) throw new Error();
 * ```
 */
export function logNormalSf(x: number): number {
  return logNormalCdf(-x);
}

// Wichura (1988), AS 241 PPND16 coefficients.
const SPLIT1 = 0.425;
const SPLIT2 = 5;
const CONST1 = 0.180625;
const CONST2 = 1.6;
const QA0 = 3.3871328727963666080e0;
const QA1 = 1.3314166789178437745e2;
const QA2 = 1.9715909503065514427e3;
const QA3 = 1.3731693765509461125e4;
const QA4 = 4.5921953931549871457e4;
const QA5 = 6.7265770927008700853e4;
const QA6 = 3.3430575583588128105e4;
const QA7 = 2.5090809287301226727e3;
const QB1 = 4.2313330701600911252e1;
const QB2 = 6.8718700749205790830e2;
const QB3 = 5.3941960214247511077e3;
const QB4 = 2.1213794301586595867e4;
const QB5 = 3.9307895800092710610e4;
const QB6 = 2.8729085735721942674e4;
const QB7 = 5.2264952788528545610e3;
const QC0 = 1.42343711074968357734e0;
const QC1 = 4.63033784615654529590e0;
const QC2 = 5.76949722146069140550e0;
const QC3 = 3.64784832476320460504e0;
const QC4 = 1.27045825245236838258e0;
const QC5 = 2.41780725177450611770e-1;
const QC6 = 2.27238449892691845833e-2;
const QC7 = 7.74545014278341407640e-4;
const QD1 = 2.05319162663775882187e0;
const QD2 = 1.67638483018380384940e0;
const QD3 = 6.89767334985100004550e-1;
const QD4 = 1.48103976427480074590e-1;
const QD5 = 1.51986665636164571966e-2;
const QD6 = 5.47593808499534494600e-4;
const QD7 = 1.05075007164441684324e-9;
const QE0 = 6.65790464350110377720e0;
const QE1 = 5.46378491116411436990e0;
const QE2 = 1.78482653991729133580e0;
const QE3 = 2.96560571828504891230e-1;
const QE4 = 2.65321895265761230930e-2;
const QE5 = 1.24266094738807843860e-3;
const QE6 = 2.71155556874348757815e-5;
const QE7 = 2.01033439929228813265e-7;
const QF1 = 5.99832206555887937690e-1;
const QF2 = 1.36929880922735805310e-1;
const QF3 = 1.48753612908506148525e-2;
const QF4 = 7.86869131145613259100e-4;
const QF5 = 1.84631831751005468180e-5;
const QF6 = 1.42151175831644588870e-7;
const QF7 = 2.04426310338993978564e-15;

/**
 * The standard normal quantile Φ⁻¹(p) (Wichura 1988, AS 241 / PPND16, about 1e-16 relative).
 * `normalQuantile(0)` is `-Infinity` and `normalQuantile(1)` is `Infinity`. In the upper tail
 * pass the lower-tail probability instead: Φ⁻¹(1 − q) = −Φ⁻¹(q) is exact, `1 - q` is not.
 *
 * @throws {RangeError} if p is not in [0, 1] (NaN included).
 * @example
 * ```ts
 * if (Math.abs(normalQuantile(0.975) - 1.959963984540054) > 1e-15) throw new Error();
 * if (normalQuantile(0.5) !== 0 || normalQuantile(0) !== -Infinity) throw new Error();
 * ```
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`p: expected a probability in [0, 1], got ${p}`);
  }
  const q = p - 0.5;
  if (Math.abs(q) <= SPLIT1) {
    const r = CONST1 - q * q;
    return (q *
      (((((((QA7 * r + QA6) * r + QA5) * r + QA4) * r + QA3) * r + QA2) * r + QA1) * r + QA0)) /
      (((((((QB7 * r + QB6) * r + QB5) * r + QB4) * r + QB3) * r + QB2) * r + QB1) * r + 1);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let v: number;
  if (r <= SPLIT2) {
    r -= CONST2;
    v = (((((((QC7 * r + QC6) * r + QC5) * r + QC4) * r + QC3) * r + QC2) * r + QC1) * r + QC0) /
      (((((((QD7 * r + QD6) * r + QD5) * r + QD4) * r + QD3) * r + QD2) * r + QD1) * r + 1);
  } else {
    r -= SPLIT2;
    v = (((((((QE7 * r + QE6) * r + QE5) * r + QE4) * r + QE3) * r + QE2) * r + QE1) * r + QE0) /
      (((((((QF7 * r + QF6) * r + QF5) * r + QF4) * r + QF3) * r + QF2) * r + QF1) * r + 1);
  }
  return q < 0 ? -v : v;
}

/**
 * log(Σ exp(values[i])) over `start <= i < end`, computed stably by factoring out the maximum.
 * Returns `-Infinity` for an empty range or when every value is `-Infinity`, `Infinity` if any
 * value is `Infinity`, and NaN if any value is NaN.
 *
 * @param values the terms (any array-like of numbers, e.g. a Float64Array).
 * @param start first index (default 0).
 * @param end one past the last index (default `values.length`).
 * @throws {RangeError} if start/end are not integers with 0 <= start <= end <= values.length.
 * @example
 * ```ts
 * const v = logSumExp([1000, 1000]);
 * if (Math.abs(v - (1000 + Math.log(2))) > 1e-12) throw new Error("stable");
 * if (logSumExp([-Infinity, -Infinity]) !== -Infinity) throw new Error();
 * if (logSumExp(new Float64Array([5, 0, 0]), 1) !== Math.log(2)) throw new Error("range");
 * ```
 */
export function logSumExp(
  values: ArrayLike<number>,
  start: number = 0,
  end: number = values.length,
): number {
  if (!(Number.isInteger(start) && start >= 0 && start <= values.length)) {
    throw new RangeError(
      `start: expected an integer in [0, ${values.length}], got ${start}`,
    );
  }
  if (!(Number.isInteger(end) && end >= start && end <= values.length)) {
    throw new RangeError(
      `end: expected an integer in [${start}, ${values.length}], got ${end}`,
    );
  }
  let max = -Infinity;
  for (let i = start; i < end; i++) {
    const v = values[i];
    if (v > max) max = v;
    else if (v !== v) return NaN;
  }
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let i = start; i < end; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/**
 * log(1 + eˣ) without overflow or loss of precision (Mächler 2012): eˣ for x <= -37,
 * log1p(eˣ) up to 18, x + e⁻ˣ up to 33.3, x beyond.
 *
 * @example
 * ```ts
 * if (log1pExp(1000) !== 1000) throw new Error("no overflow");
 * if (log1pExp(-800) !== Math.exp(-800)) throw new Error();
 * if (Math.abs(log1pExp(0) - Math.LN2) > 1e-16) throw new Error();
 * ```
 */
export function log1pExp(x: number): number {
  if (x <= -37) return Math.exp(x);
  if (x <= 18) return Math.log1p(Math.exp(x));
  if (x <= 33.3) return x + Math.exp(-x);
  return x;
}

/**
 * log(1 − eˣ) for x <= 0, accurate near both ends (Mächler 2012): log(−expm1(x)) for
 * x > −log 2, log1p(−eˣ) otherwise. `log1mExp(0)` is `-Infinity`.
 *
 * @throws {RangeError} if x > 0 (the logarithm of a negative number).
 * @example
 * ```ts
 * if (Math.abs(log1mExp(-1e-20) - Math.log(1e-20)) > 1e-13) throw new Error();
 * if (log1mExp(-800) !== -Math.exp(-800)) throw new Error();
 * ```
 */
export function log1mExp(x: number): number {
  if (x > 0) throw new RangeError(`x: expected a number <= 0, got ${x}`);
  return x > -LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}
