/**
 * Small dense linear systems: Gaussian elimination with partial pivoting (Golub & Van Loan,
 * "Matrix Computations", 4th ed., Algorithm 3.4.1), for the few-unknown Newton steps of the
 * 1RSB solvers.
 *
 * @module
 */

/**
 * Solves `A·x = b` for a small square system by Gaussian elimination with partial pivoting.
 * `A` and `b` are not modified.
 *
 * @returns x, or null when `A` is singular (a zero pivot) or the solution is not finite.
 * @example
 * ```ts
 * // 2x + y = 5, x + 3y = 10  →  x = 1, y = 3
 * const x = solveDense([[2, 1], [1, 3]], [5, 10])!;
 * if (Math.abs(x[0] - 1) > 1e-15 || Math.abs(x[1] - 3) > 1e-15) throw new Error(`${x}`);
 * if (solveDense([[1, 2], [2, 4]], [1, 2]) !== null) throw new Error("singular");
 * ```
 */
export function solveDense(
  A: readonly (readonly number[])[],
  b: readonly number[],
): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(M[i][k]) > Math.abs(M[p][k])) p = i;
    if (!(Math.abs(M[p][k]) > 0)) return null;
    [M[k], M[p]] = [M[p], M[k]];
    for (let i = k + 1; i < n; i++) {
      const f = M[i][k] / M[k][k];
      for (let j = k; j <= n; j++) M[i][j] -= f * M[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = M[i][n];
    for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x.every(Number.isFinite) ? x : null;
}
