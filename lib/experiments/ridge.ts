/**
 * The ridge / least-squares / minimum-norm estimator at finite N, by Cholesky factorisation:
 * `w = (XᵀX + λI)⁻¹Xᵀy` (primal, N×N) or the equivalent `w = Xᵀ(XXᵀ + λI)⁻¹y` (dual, M×M),
 * whichever system is smaller; with λ = 0 and M < N the dual form is the minimum-norm
 * interpolator. This is the minimiser over real w of the energy `½‖y − Xw‖² + ½λ‖w‖²` of
 * docs/theory.md §1.
 *
 * @module
 */

/**
 * Cholesky factorisation `A = LLᵀ` in place (lower triangle of the row-major n×n `a`).
 *
 * @throws {RangeError} if A is not (numerically) positive definite.
 * @example
 * ```ts
 * const a = new Float64Array([4, 2, 2, 3]);
 * choleskyInPlace(a, 2);
 * if (a[0] !== 2 || a[2] !== 1 || Math.abs(a[3] - Math.SQRT2) > 1e-15) throw new Error();
 * ```
 */
export function choleskyInPlace(a: Float64Array, n: number): void {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0)) {
      throw new RangeError(`matrix: not positive definite (pivot ${j} is ${d}); add lambda > 0`);
    }
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
  }
}

/** Solves `LLᵀx = b` in place of b, L from {@link choleskyInPlace}. */
function choleskySolve(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i];
    const ri = i * n;
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/**
 * The ridge estimator for row-major `X` (M×N) and labels `y` (see the module doc).
 *
 * @throws {RangeError} on inconsistent sizes, lambda < 0, or a singular system.
 * @example
 * ```ts
 * // X = I (2×2), lambda = 1: w = y / 2
 * const w = ridgeEstimate(new Float64Array([1, 0, 0, 1]), new Float64Array([2, 4]), 2, 1);
 * if (Math.abs(w[0] - 1) > 1e-15 || Math.abs(w[1] - 2) > 1e-15) throw new Error(String(w));
 * ```
 */
export function ridgeEstimate(
  X: ArrayLike<number>,
  y: ArrayLike<number>,
  n: number,
  lambda: number,
): Float64Array {
  const m = y.length;
  if (!(Number.isInteger(n) && n >= 1) || X.length !== m * n) {
    throw new RangeError(`X: expected ${m}×${n} = ${m * n} entries, got ${X.length}`);
  }
  if (!(Number.isFinite(lambda) && lambda >= 0)) {
    throw new RangeError(`lambda: expected a finite number >= 0, got ${lambda}`);
  }
  const w = new Float64Array(n);
  if (m >= n) {
    const a = new Float64Array(n * n);
    const row = new Float64Array(n);
    for (let mu = 0; mu < m; mu++) {
      const off = mu * n;
      for (let i = 0; i < n; i++) row[i] = X[off + i];
      for (let i = 0; i < n; i++) {
        const xi = row[i];
        if (xi === 0) continue;
        const ri = i * n;
        for (let j = 0; j <= i; j++) a[ri + j] += xi * row[j];
      }
      const ym = y[mu];
      for (let i = 0; i < n; i++) w[i] += row[i] * ym;
    }
    for (let i = 0; i < n; i++) a[i * n + i] += lambda;
    choleskyInPlace(a, n);
    choleskySolve(a, n, w);
    return w;
  }
  const k = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      const oa = a * n, ob = b * n;
      for (let i = 0; i < n; i++) s += X[oa + i] * X[ob + i];
      k[a * m + b] = s;
    }
    k[a * m + a] += lambda;
  }
  choleskyInPlace(k, m);
  const coef = Float64Array.from(y);
  choleskySolve(k, m, coef);
  for (let mu = 0; mu < m; mu++) {
    const off = mu * n, c = coef[mu];
    for (let i = 0; i < n; i++) w[i] += X[off + i] * c;
  }
  return w;
}
