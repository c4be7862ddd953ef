// Test helper: the ground state at beta = ∞ by plain brute force, independent of the library's
// enumerations (every configuration in odometer order, each energy computed from scratch).
import type { SyntheticData } from "../../lib/algorithms/synthetic.ts";

/**
 * The minimum of `½·Σ_mu (y_mu − x_mu·w)² + ½·lambda·|w|²` over `w` in `levels^n` (row-major X):
 * its energy (not divided by n), a minimiser, and how many configurations lie within `tol` of it.
 */
export function bruteForceGroundState(
  data: SyntheticData,
  levels: number[],
  lambda: number,
  tol = 0,
): { energy: number; weights: number[]; ties: number } {
  const { n, samples: M, X, y } = data;
  const K = levels.length;
  const total = K ** n;
  let best = Infinity, bestW: number[] = [];
  const energies = new Float64Array(total);
  for (let c = 0; c < total; c++) {
    const w: number[] = [];
    let idx = c;
    for (let i = 0; i < n; i++) {
      w.push(levels[idx % K]);
      idx = Math.floor(idx / K);
    }
    let h = 0;
    for (let mu = 0; mu < M; mu++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += X[mu * n + i] * w[i];
      h += 0.5 * (y[mu] - s) ** 2;
    }
    for (let i = 0; i < n; i++) h += 0.5 * lambda * w[i] * w[i];
    energies[c] = h;
    if (h < best) {
      best = h;
      bestW = w;
    }
  }
  let ties = 0;
  for (const e of energies) if (e <= best + tol) ties++;
  return { energy: best, weights: bestW, ties };
}
