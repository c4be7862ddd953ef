/**
 * Exact ground state by sphere decoding (docs/theory.md §3b, "Finite-N ground truth"): branch
 * and bound over the levels of each weight on the triangular form of the energy (Fincke &
 * Pohst 1985, "Improved methods for calculating vectors of short length in a lattice";
 * Schnorr & Euchner 1994, "Lattice basis reduction"; Agrell, Eriksson, Vardy & Zeger 2002,
 * "Closest point search in lattices", IEEE Trans. Inf. Theory 48, 2201).
 *
 * With `G = XᵀX + (lambda + shift)·I = RᵀR` (Cholesky, R upper triangular) and `u = R⁻ᵀXᵀy`,
 *
 *     H(w) = ½‖y − Xw‖² + ½·lambda·‖w‖²
 *          = ½‖Rw − u‖² − ½·shift·‖w‖² + ½‖y‖² − ½‖u‖²,
 *
 * exactly, for any `shift >= 0` (the shift makes G positive definite when M < N and
 * lambda = 0; its compensation `−½·shift·w_i²` is separable and enters the cost of each level).
 * Row j of `Rw − u` involves only `w_j, ..., w_{N−1}`, so the weights are fixed from the last to
 * the first: at depth j the cost of level l is `½R_jj²(l − c_j)² − ½·shift·l²` with the centre
 * `c_j = (u_j − Σ_{k>j} R_jk w_k)/R_jj`; a partial assignment whose cost plus the least
 * possible cost of the free weights (`−½·shift·l_max²` each) exceeds the best energy found
 * (plus the tie tolerance) is pruned. The children of a node are visited in increasing cost
 * (the Schnorr–Euchner order; for shift = 0 the zig-zag around `c_j`), so the first leaf is the
 * Babai point and the radius shrinks at each better leaf. The initial radius is the energy of
 * a greedy single-weight descent from the Babai point (`greedyDescent`). Columns are ordered
 * V-BLAST style (Foschini, Golden, Valenzuela & Wolniansky 1999; the "sorted" orderings of
 * Agrell et al. §IV-B): the weight decided first is the one with the largest conditional
 * precision `1/(G⁻¹)_jj`, then recursively on the rest, which puts the large diagonal entries
 * of R at the top of the tree where pruning pays most.
 *
 * The search is exact up to the rounding of the triangular form: the energy of the returned
 * configuration is recomputed from X and y and compared (`energyMismatch`); a node budget
 * (`maxNodes`) stops the search with `converged: false` and the best configuration so far (an
 * upper bound), never a silent wrong answer.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { columnMajorX, seedInstance, type SyntheticData } from "./synthetic.ts";
import { greedyDescent } from "./ground_state_anneal.ts";
import {
  type GroundState,
  type GroundStateParams,
  groundStateResult,
  resolveGroundStateModel,
} from "./ground_state.ts";

/** Default node budget of {@link sphereGroundState}: 1e9 nodes (about a minute). */
export const DEFAULT_MAX_NODES = 1e9;

/** Largest accepted `maxNodes` (1e13). */
export const MAX_NODES_LIMIT = 1e13;

/** Largest N accepted by {@link sphereGroundState} (the factorisation holds N² numbers per depth). */
export const SPHERE_MAX_N = 2000;

/** Options for {@link sphereGroundState}. */
export interface SphereOptions {
  /**
   * Stop after visiting this many nodes (partial assignments), an integer in [1, 1e13].
   * Default {@link DEFAULT_MAX_NODES} = 1e9. When exceeded the result has `converged: false`,
   * `bound: "upper"` and the best configuration found.
   */
  maxNodes?: number;
  /**
   * Leaves with `H − H_min <= tieTolerance·max(1, ½‖y‖²)` count as degenerate minima, a number
   * in [0, 1e-6]. Default 1e-12. Pruning keeps every leaf within this tolerance of the best, so
   * the degeneracy is exact.
   */
  tieTolerance?: number;
  /**
   * Diagonal shift added to `XᵀX + lambda·I` before the Cholesky factorisation and compensated
   * exactly in the level costs, a number in [0, 1e6]. Default: when every level has the same
   * |l| (e.g. 1 bit) the compensation is a constant and the shift costs nothing in the bound,
   * and 0.3 times the mean diagonal entry of `XᵀX + lambda·I` prunes best (measured in
   * bench/ground_state_bench.ts: 5 to 100 times fewer nodes than no shift at N = 40 to 50);
   * otherwise 0 when the factorisation is well conditioned (smallest pivot² above 1e-8 of the
   * largest diagonal entry), else 1e-2 times the mean diagonal entry (M < N and lambda = 0).
   */
  shift?: number;
  /** Column order: `"vblast"` (default) or `"natural"` (the data's order; for tests). */
  order?: "vblast" | "natural";
}

/** A sphere-decoding ground state: {@link GroundState} with the search's diagnostics. */
export interface SphereGroundState extends GroundState {
  /** Always `"sphere"`. */
  method: "sphere";
  /** Nodes visited (the same as `visited`). */
  nodes: number;
  /** Whether the node budget stopped the search. */
  budgetExceeded: boolean;
  /** Diagonal shift used. */
  shift: number;
  /**
   * |H from X and y − H from the triangular form| of the returned configuration, divided by
   * `max(1, ½‖y‖²)`: the rounding of the factorisation (converged requires it below 1e-9).
   */
  energyMismatch: number;
}

const KEYS = ["maxNodes", "tieTolerance", "shift", "order"];

/** Checked options with defaults filled in (shift undefined: automatic). */
export interface ResolvedSphereOptions {
  /** Node budget. */
  maxNodes: number;
  /** Relative tie tolerance. */
  tieTolerance: number;
  /** Diagonal shift, or undefined for the automatic choice. */
  shift: number | undefined;
  /** Column order. */
  order: "vblast" | "natural";
}

/**
 * Checks sphere-decoding options and fills in the defaults.
 *
 * @throws {RangeError} naming the option, its value and the allowed range; {@link TypeError}
 *   on unknown keys.
 * @example
 * ```ts
 * const o = resolveSphereOptions({ maxNodes: 1000 });
 * if (o.maxNodes !== 1000 || o.order !== "vblast") throw new Error();
 * let msg = "";
 * try { resolveSphereOptions({ maxNodes: 0 }); } catch (e) { msg = (e as Error).message; }
 * if (!msg.startsWith("maxNodes: expected an integer in [1, 10000000000000]")) throw new Error(msg);
 * ```
 */
export function resolveSphereOptions(options: SphereOptions = {}): ResolvedSphereOptions {
  checkKeys(options, KEYS, "sphereGroundState options");
  const o = options ?? {};
  const maxNodes = o.maxNodes ?? DEFAULT_MAX_NODES;
  if (!(Number.isSafeInteger(maxNodes) && maxNodes >= 1 && maxNodes <= MAX_NODES_LIMIT)) {
    throw new RangeError(
      `maxNodes: expected an integer in [1, ${MAX_NODES_LIMIT}], got ${maxNodes}`,
    );
  }
  const tieTolerance = o.tieTolerance ?? 1e-12;
  if (!(tieTolerance >= 0 && tieTolerance <= 1e-6)) {
    throw new RangeError(`tieTolerance: expected a number in [0, 1e-6], got ${tieTolerance}`);
  }
  if (o.shift !== undefined && !(o.shift >= 0 && o.shift <= 1e6)) {
    throw new RangeError(`shift: expected a number in [0, 1e6], got ${o.shift}`);
  }
  const order = o.order ?? "vblast";
  if (order !== "vblast" && order !== "natural") {
    throw new RangeError(`order: expected "vblast" or "natural", got ${String(order)}`);
  }
  return { maxNodes, tieTolerance, shift: o.shift, order };
}

/** The Gram matrix `XᵀX + d·I` (N×N, row-major) and `b = Xᵀy` from column-major X. */
function gram(Xc: Float64Array, y: ArrayLike<number>, n: number, M: number, d: number) {
  const G = new Float64Array(n * n), b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const oi = i * M;
    let s = 0;
    for (let mu = 0; mu < M; mu++) s += Xc[oi + mu] * y[mu];
    b[i] = s;
    for (let j = i; j < n; j++) {
      const oj = j * M;
      let t = 0;
      for (let mu = 0; mu < M; mu++) t += Xc[oi + mu] * Xc[oj + mu];
      G[i * n + j] = t;
      G[j * n + i] = t;
    }
    G[i * n + i] += d;
  }
  return { G, b };
}

/**
 * Cholesky `G = RᵀR` of a symmetric matrix (row-major), R upper triangular stored row-major;
 * null when a pivot is not positive.
 */
function cholesky(G: Float64Array, n: number): Float64Array | null {
  const R = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let d = G[i * n + i];
    for (let k = 0; k < i; k++) d -= R[k * n + i] * R[k * n + i];
    if (!(d > 0)) return null;
    const rii = Math.sqrt(d);
    R[i * n + i] = rii;
    for (let j = i + 1; j < n; j++) {
      let s = G[i * n + j];
      for (let k = 0; k < i; k++) s -= R[k * n + i] * R[k * n + j];
      R[i * n + j] = s / rii;
    }
  }
  return R;
}

/** Inverse of a symmetric positive-definite matrix from its Cholesky factor (row-major). */
function inverseFromCholesky(R: Float64Array, n: number): Float64Array {
  // Rinv upper triangular, then G⁻¹ = Rinv·Rinvᵀ
  const Ri = new Float64Array(n * n);
  for (let j = n - 1; j >= 0; j--) {
    Ri[j * n + j] = 1 / R[j * n + j];
    for (let i = j - 1; i >= 0; i--) {
      let s = 0;
      for (let k = i + 1; k <= j; k++) s += R[i * n + k] * Ri[k * n + j];
      Ri[i * n + j] = -s / R[i * n + i];
    }
  }
  const P = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      let s = 0;
      for (let k = j; k < n; k++) s += Ri[i * n + k] * Ri[j * n + k];
      P[i * n + j] = s;
      P[j * n + i] = s;
    }
  }
  return P;
}

/**
 * V-BLAST order of a positive-definite Gram matrix: position N−1 (decided first) gets the
 * index with the smallest `(G⁻¹)_jj`, i.e. the largest last pivot of the Cholesky factor; the
 * index is removed (the inverse of the remaining block is the Schur complement of the
 * inverse) and the rule repeats. Returns `perm` with `perm[position] = original index`.
 */
function vblastOrder(G: Float64Array, n: number): Int32Array | null {
  const R = cholesky(G, n);
  if (R === null) return null;
  const P = inverseFromCholesky(R, n);
  const alive = new Uint8Array(n).fill(1);
  const perm = new Int32Array(n);
  for (let t = n - 1; t >= 0; t--) {
    let p = -1, best = Infinity;
    for (let i = 0; i < n; i++) {
      if (alive[i] && P[i * n + i] < best) {
        best = P[i * n + i];
        p = i;
      }
    }
    if (p < 0 || !(best > 0)) return null;
    perm[t] = p;
    alive[p] = 0;
    const ppp = P[p * n + p];
    for (let i = 0; i < n; i++) {
      if (!alive[i]) continue;
      const f = P[i * n + p] / ppp;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) if (alive[j]) P[i * n + j] -= f * P[p * n + j];
    }
  }
  return perm;
}

/** The triangular problem (permuted): R column-major (`Rc[j·n + i] = R_ij`), u, the constant. */
interface Triangular {
  n: number;
  perm: Int32Array;
  Rc: Float64Array;
  u: Float64Array;
  /** `½‖y‖² − ½‖u‖²`. */
  constant: number;
  shift: number;
}

function triangularForm(
  Xc: Float64Array,
  y: ArrayLike<number>,
  n: number,
  M: number,
  lambda: number,
  levels: Float64Array,
  opt: ResolvedSphereOptions,
): Triangular {
  const base = gram(Xc, y, n, M, lambda);
  let maxDiag = 0, meanDiag = 0;
  for (let i = 0; i < n; i++) {
    maxDiag = Math.max(maxDiag, base.G[i * n + i]);
    meanDiag += base.G[i * n + i] / n;
  }
  const attempt = (shift: number) => {
    const G = Float64Array.from(base.G);
    for (let i = 0; i < n; i++) G[i * n + i] += shift;
    let perm: Int32Array | null;
    if (opt.order === "natural") perm = Int32Array.from({ length: n }, (_, i) => i);
    else perm = vblastOrder(G, n);
    if (perm === null) return null;
    const Gp = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) Gp[i * n + j] = G[perm[i] * n + perm[j]];
    }
    const R = cholesky(Gp, n);
    if (R === null) return null;
    let minPivot2 = Infinity;
    for (let i = 0; i < n; i++) minPivot2 = Math.min(minPivot2, R[i * n + i] ** 2);
    return { R, perm, minPivot2 };
  };
  let lmin = Infinity, lmax = 0;
  for (const l of levels) {
    lmin = Math.min(lmin, Math.abs(l));
    lmax = Math.max(lmax, Math.abs(l));
  }
  const equalMagnitude = lmax - lmin <= 1e-12 * lmax;
  let shift = opt.shift ?? (equalMagnitude ? 0.3 * Math.max(meanDiag, 1e-300) : 0);
  let f = attempt(shift);
  const scale = Math.max(maxDiag, Number.MIN_VALUE);
  if (opt.shift === undefined && (f === null || f.minPivot2 < 1e-8 * scale)) {
    shift = 1e-2 * Math.max(meanDiag, 1e-300);
    f = attempt(shift);
  }
  if (f === null) {
    throw new RangeError(
      `shift: XᵀX + (lambda + shift)·I is not positive definite with shift = ${shift} ` +
        `(use a shift > 0 when M < N and lambda = 0)`,
    );
  }
  const { R, perm } = f;
  // u solves Rᵀu = b (permuted)
  const u = new Float64Array(n);
  let u2 = 0;
  for (let i = 0; i < n; i++) {
    let s = base.b[perm[i]];
    for (let k = 0; k < i; k++) s -= R[k * n + i] * u[k];
    u[i] = s / R[i * n + i];
    u2 += u[i] * u[i];
  }
  const Rc = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) Rc[j * n + i] = R[i * n + j];
  let y2 = 0;
  for (let mu = 0; mu < M; mu++) y2 += y[mu] * y[mu];
  return { n, perm, Rc, u, constant: 0.5 * y2 - 0.5 * u2, shift };
}

/** `½‖Rw − u‖² − ½·shift·‖w‖²` of a configuration in the permuted order. */
function triangularCost(t: Triangular, wp: Float64Array): number {
  const { n, Rc, u, shift } = t;
  let e = 0;
  for (let i = 0; i < n; i++) {
    let s = -u[i];
    for (let k = i; k < n; k++) s += Rc[k * n + i] * wp[k];
    e += 0.5 * s * s - 0.5 * shift * wp[i] * wp[i];
  }
  return e;
}

/** Result of the tree search on a triangular form. */
interface SearchResult {
  /** Best configuration (permuted order). */
  wp: Float64Array;
  /** Its triangular cost. */
  cost: number;
  /** Leaves within the tolerance of the best. */
  count: number;
  nodes: number;
  budgetExceeded: boolean;
}

/**
 * Schnorr–Euchner depth-first search. `radius`: initial bound on the cost (a configuration of
 * that cost must exist, e.g. the greedy one); `tolerance`: absolute tie tolerance.
 */
function search(
  t: Triangular,
  levels: Float64Array,
  radius: number,
  tolerance: number,
  maxNodes: number,
): SearchResult {
  const { n, Rc, u, shift } = t;
  const K = levels.length;
  let lmax2 = 0;
  for (let k = 0; k < K; k++) lmax2 = Math.max(lmax2, levels[k] * levels[k]);
  const phiMin = -0.5 * shift * lmax2;
  const phi = new Float64Array(K);
  for (let k = 0; k < K; k++) phi[k] = -0.5 * shift * levels[k] * levels[k];
  // acc[d·n + i] = Σ_{k >= d} R_ik w_k for i < d (row n: zeros)
  const acc = new Float64Array((n + 1) * n);
  const partial = new Float64Array(n + 1); // cost of the weights fixed at depths >= d
  const order = new Int32Array(n * K); // children of depth j, by increasing cost
  const costs = new Float64Array(n * K);
  const next = new Int32Array(n);
  const w = new Float64Array(n);
  const best = new Float64Array(n);
  let bestCost = Infinity, count = 0, nodes = 0, exceeded = false;
  let bound = radius + tolerance;
  const expand = (j: number) => {
    const rjj = Rc[j * n + j];
    const c = (u[j] - acc[(j + 1) * n + j]) / rjj;
    const h = 0.5 * rjj * rjj;
    const o = j * K;
    for (let k = 0; k < K; k++) {
      const d = levels[k] - c;
      const q = h * d * d + phi[k];
      // insertion by cost
      let p = k;
      while (p > 0 && costs[o + p - 1] > q) {
        costs[o + p] = costs[o + p - 1];
        order[o + p] = order[o + p - 1];
        p--;
      }
      costs[o + p] = q;
      order[o + p] = k;
    }
    next[j] = 0;
  };
  let j = n - 1;
  expand(j);
  for (;;) {
    const tIdx = next[j]++;
    const q = tIdx < K ? partial[j + 1] + costs[j * K + tIdx] : Infinity;
    if (!(q + j * phiMin <= bound)) {
      // this child and every later one are out of the sphere: back up
      j++;
      if (j === n) break;
      continue;
    }
    if (nodes >= maxNodes) {
      exceeded = true;
      break;
    }
    nodes++;
    const l = levels[order[j * K + tIdx]];
    w[j] = l;
    partial[j] = q;
    if (j === 0) {
      if (q < bestCost - tolerance) {
        bestCost = q;
        best.set(w);
        count = 1;
      } else {
        count++;
        if (q < bestCost) {
          bestCost = q;
          best.set(w);
        }
      }
      bound = Math.min(bound, bestCost + tolerance);
      continue;
    }
    // acc for depth j from depth j + 1: add column j of R times w_j
    const src = (j + 1) * n, dst = j * n, col = j * n;
    for (let i = 0; i < j; i++) acc[dst + i] = acc[src + i] + Rc[col + i] * l;
    j--;
    expand(j);
  }
  return { wp: best, cost: bestCost, count, nodes, budgetExceeded: exceeded };
}

/** The Babai point: at each depth the level of least cost (the first leaf of the search). */
function babai(t: Triangular, levels: Float64Array): Float64Array {
  const { n, Rc, u, shift } = t;
  const w = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    let s = u[j];
    for (let k = j + 1; k < n; k++) s -= Rc[k * n + j] * w[k];
    const rjj = Rc[j * n + j];
    const c = s / rjj;
    let bestQ = Infinity;
    for (const l of levels) {
      const q = 0.5 * rjj * rjj * (l - c) ** 2 - 0.5 * shift * l * l;
      if (q < bestQ) {
        bestQ = q;
        w[j] = l;
      }
    }
  }
  return w;
}

/**
 * The exact ground state of one instance by sphere decoding (see the module doc), in this
 * thread. Works for any sorted level set, lambda >= 0 and any M (M < N uses a compensated
 * diagonal shift).
 *
 * @throws {RangeError} on bad options, a finite beta, mismatched data or N above 2000;
 *   {@link TypeError} for continuous weights or unknown option keys.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * import { exactGroundState } from "./ground_state_enumerate.ts";
 * const data = teacherStudentData({ n: 12, alpha: 2, sigma2: 0.1, seed: 1 });
 * const params = { alpha: 2, sigma2: 0.1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const g = sphereGroundState(data, params);
 * const e = exactGroundState(data, params);
 * if (!g.converged || g.bound !== "exact" || Math.abs(g.energy - e.energy) > 1e-12) throw new Error();
 * ```
 */
export function sphereGroundState(
  data: SyntheticData,
  params: GroundStateParams,
  options: SphereOptions = {},
): SphereGroundState {
  const t0 = performance.now();
  const opt = resolveSphereOptions(options);
  const model = resolveGroundStateModel(params, data);
  const { n, samples: M } = data;
  if (n > SPHERE_MAX_N) {
    throw new RangeError(`n: sphere decoding accepts N in [1, ${SPHERE_MAX_N}], got ${n}`);
  }
  const levels = Float64Array.from(model.quantizer.levels);
  const lambda = model.lambda;
  const Xc = columnMajorX(data);
  const t = triangularForm(Xc, data.y, n, M, lambda, levels, opt);
  let y2 = 0;
  for (let mu = 0; mu < M; mu++) y2 += data.y[mu] * data.y[mu];
  const scale = Math.max(1, 0.5 * y2);
  const tolerance = opt.tieTolerance * scale;
  // initial radius: greedy single-weight descent from the Babai point (original order)
  const wb = babai(t, levels);
  const w0 = new Float64Array(n);
  for (let p = 0; p < n; p++) w0[t.perm[p]] = wb[p];
  const colNorms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let mu = 0; mu < M; mu++) s += Xc[i * M + mu] ** 2;
    colNorms[i] = s;
  }
  const res = Float64Array.from(data.y);
  for (let i = 0; i < n; i++) {
    if (w0[i] !== 0) { for (let mu = 0; mu < M; mu++) res[mu] -= w0[i] * Xc[i * M + mu]; }
  }
  greedyDescent(Xc, colNorms, levels, lambda, w0, res);
  const wg = new Float64Array(n);
  for (let p = 0; p < n; p++) wg[p] = w0[t.perm[p]];
  const greedyCost = triangularCost(t, wg);
  const r = search(t, levels, greedyCost, tolerance, opt.maxNodes);
  // a budget stop before any leaf: the greedy configuration is the best known
  const found = r.cost <= greedyCost + tolerance && Number.isFinite(r.cost);
  const wp = found ? r.wp : wg;
  const cost = found ? r.cost : greedyCost;
  const weights = new Float64Array(n);
  for (let p = 0; p < n; p++) weights[t.perm[p]] = wp[p];
  const g = groundStateResult(data, model, weights, {
    method: "sphere",
    bound: r.budgetExceeded ? "upper" : "exact",
    visited: r.nodes,
    degeneracy: r.budgetExceeded ? null : Math.max(1, r.count),
    restarts: 1,
    restartsAgreeing: 1,
    restartEnergies: [],
    converged: false,
    workers: 1,
    timeMs: 0,
  });
  const direct = g.energy * n;
  const mismatch = Math.abs(direct - (cost + t.constant)) / scale;
  g.restartEnergies.push(g.energy);
  g.converged = !r.budgetExceeded && mismatch <= 1e-9;
  g.timeMs = performance.now() - t0;
  return Object.assign(g, {
    method: "sphere" as const,
    nodes: r.nodes,
    budgetExceeded: r.budgetExceeded,
    shift: t.shift,
    energyMismatch: mismatch,
  });
}

/** A task for {@link sphereGroundStateSeedTask}: one seed (structured-cloneable). */
export interface SphereSeedTask {
  /** Model parameters (beta absent). */
  params: GroundStateParams;
  /** Number of weights N. */
  n: number;
  /** Instance seed. */
  seed: number;
  /** Sphere-decoding options. */
  options?: SphereOptions;
}

/**
 * Generates the instance of one seed (X in float64) and finds its ground state by sphere
 * decoding (the unit of work of the ground-state series in module workers).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 1, quantizer: uniformQuantizer({ bits: 2, width: 1.5 }) };
 * const g = sphereGroundStateSeedTask({ params, n: 10, seed: 3 });
 * if (g.seed !== 3 || g.n !== 10 || !g.converged) throw new Error();
 * ```
 */
export function sphereGroundStateSeedTask(task: SphereSeedTask): SphereGroundState {
  const data = seedInstance({ ...task.params, beta: Infinity }, task.n, task.seed, "float64");
  return sphereGroundState(data, task.params, task.options);
}
