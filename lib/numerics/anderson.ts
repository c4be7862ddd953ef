/**
 * Anderson acceleration of a fixed-point iteration x ← F(x) (Anderson 1965; Walker & Ni 2011,
 * "Anderson acceleration for fixed-point iterations", SIAM J. Numer. Anal. 49, 1715).
 * Type-II form with a short memory: from the last few residuals g = F(x) − x it picks the
 * combination with the smallest residual and steps from there.
 *
 * @module
 */

/** A stateful Anderson mixer for vectors of a fixed dimension. */
export interface AndersonMixer {
  /**
   * Given the current x and F(x), returns the next iterate (a new array). `mixing` overrides
   * the mixer's mixing parameter for this step (e.g. under adaptive damping).
   */
  next(x: ArrayLike<number>, fx: ArrayLike<number>, mixing?: number): Float64Array;
  /** Forgets the history (e.g. after a bad step). */
  reset(): void;
}

/**
 * Creates an Anderson mixer with memory `memory` (>= 1) and mixing parameter `mixing` in (0, 1].
 *
 * @throws {RangeError} on a bad dimension, memory or mixing.
 * @example
 * ```ts
 * // F(x) = cos(x): plain iteration needs ~80 steps for 1e-14, Anderson far fewer
 * const mixer = andersonMixer(1, { memory: 3 });
 * let x: Float64Array = new Float64Array([1]), steps = 0;
 * while (Math.abs(Math.cos(x[0]) - x[0]) > 1e-14 && steps < 100) {
 *   x = mixer.next(x, [Math.cos(x[0])]);
 *   steps++;
 * }
 * if (steps > 15 || Math.abs(x[0] - 0.7390851332151607) > 1e-13) throw new Error(`${steps}`);
 * ```
 */
export function andersonMixer(
  dim: number,
  options: { memory?: number; mixing?: number } = {},
): AndersonMixer {
  const memory = options.memory ?? 3;
  const mixing = options.mixing ?? 1;
  if (!(Number.isInteger(dim) && dim >= 1)) {
    throw new RangeError(`dim: expected an integer >= 1, got ${dim}`);
  }
  if (!(Number.isInteger(memory) && memory >= 1)) {
    throw new RangeError(`memory: expected an integer >= 1, got ${memory}`);
  }
  if (!(mixing > 0 && mixing <= 1)) {
    throw new RangeError(`mixing: expected a number in (0, 1], got ${mixing}`);
  }
  let prevX: Float64Array | null = null;
  let prevG: Float64Array | null = null;
  const dX: Float64Array[] = [];
  const dG: Float64Array[] = [];
  return {
    reset() {
      prevX = prevG = null;
      dX.length = dG.length = 0;
    },
    next(x, fx, stepMixing = mixing) {
      if (!(stepMixing > 0 && stepMixing <= 1)) {
        throw new RangeError(`mixing: expected a number in (0, 1], got ${stepMixing}`);
      }
      const g = new Float64Array(dim);
      for (let i = 0; i < dim; i++) g[i] = fx[i] - x[i];
      const xc = Float64Array.from(x as ArrayLike<number>);
      if (prevX !== null && prevG !== null) {
        const a = new Float64Array(dim), b = new Float64Array(dim);
        for (let i = 0; i < dim; i++) {
          a[i] = xc[i] - prevX[i];
          b[i] = g[i] - prevG[i];
        }
        dX.push(a);
        dG.push(b);
        if (dX.length > memory) {
          dX.shift();
          dG.shift();
        }
      }
      prevX = xc;
      prevG = g;
      const k = dG.length;
      const out = new Float64Array(dim);
      for (let i = 0; i < dim; i++) out[i] = xc[i] + stepMixing * g[i];
      if (k === 0) return out;
      // gamma = argmin |g − dG·gamma|: normal equations with a small Tikhonov term
      const A = new Float64Array(k * k), rhs = new Float64Array(k);
      let trace = 0;
      for (let p = 0; p < k; p++) {
        for (let q = 0; q < k; q++) {
          let s = 0;
          for (let i = 0; i < dim; i++) s += dG[p][i] * dG[q][i];
          A[p * k + q] = s;
        }
        trace += A[p * k + p];
        let s = 0;
        for (let i = 0; i < dim; i++) s += dG[p][i] * g[i];
        rhs[p] = s;
      }
      if (!(trace > 0)) return out;
      for (let p = 0; p < k; p++) A[p * k + p] += 1e-12 * trace;
      const gamma = solveSmall(A, rhs, k);
      if (gamma === null) return out;
      for (let p = 0; p < k; p++) {
        for (let i = 0; i < dim; i++) out[i] -= gamma[p] * (dX[p][i] + stepMixing * dG[p][i]);
      }
      return out;
    },
  };
}

/** Gaussian elimination with partial pivoting for a tiny dense system; null if singular. */
function solveSmall(A: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const M = Float64Array.from(A), x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[p * n + c])) p = r;
    if (!(Math.abs(M[p * n + c]) > 0)) return null;
    if (p !== c) {
      for (let j = 0; j < n; j++) [M[c * n + j], M[p * n + j]] = [M[p * n + j], M[c * n + j]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = M[r * n + c] / M[c * n + c];
      for (let j = c; j < n; j++) M[r * n + j] -= f * M[c * n + j];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let j = c + 1; j < n; j++) s -= M[c * n + j] * x[j];
    x[c] = s / M[c * n + c];
  }
  return x.every(Number.isFinite) ? x : null;
}
