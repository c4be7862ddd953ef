/**
 * Exact ground state by meet-in-the-middle enumeration (docs/theory.md §3b, "Finite-N ground
 * truth"). Split the weights into halves A (first `nA`) and B (the rest). For every
 * configuration `a` of A form `r_a = y − X_A·w_a`, for every `b` of B form `s_b = X_B·w_b`; the
 * energy of the pair is
 *
 *     H(a, b) = ½‖r_a − s_b‖² + ½·lambda·(‖w_a‖² + ‖w_b‖²) = c_a + c_b − r_a·s_b,
 *
 * with `c_a = ½‖r_a‖² + ½·lambda·‖w_a‖²` and `c_b = ½‖s_b‖² + ½·lambda·‖w_b‖²`, so the energies
 * of all K^N pairs are one matrix product `R·Sᵀ` (the classic Horowitz–Sahni split). The
 * product is computed in Float64 by a register-blocked (4 × 2) and cache-blocked loop that
 * keeps only the running minimum and the number of pairs within the tie tolerance of it; the
 * smaller half `S` is stored (K^{⌊N/2⌋} rows of length M), the rows of `R` are generated block
 * by block. For large instances the A range is split over module workers.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { runInWorkers } from "../parallel/worker_pool.ts";
import { columnMajorX, seedInstance, type SyntheticData } from "./synthetic.ts";
import {
  type GroundState,
  type GroundStateParams,
  groundStateResult,
  resolveGroundStateModel,
} from "./ground_state.ts";

/** Default bound on K^N for {@link exactGroundState}: 2^27 ≈ 1.34e8 (1 bit: N ≤ 27; 2 bits: N ≤ 13). */
export const DEFAULT_MAX_CONFIGURATIONS = 2 ** 27;

/** Largest accepted `maxConfigurations` (1e12: hours of work even on many cores). */
export const MAX_CONFIGURATIONS_LIMIT = 1e12;

/** Largest stored half, in Float64 entries K^{⌊N/2⌋}·M (2^26 entries = 512 MiB). */
const MAX_STORED_ENTRIES = 2 ** 26;

/** Options for {@link exactGroundState}. */
export interface EnumerateOptions {
  /**
   * Refuse instances with more than this many configurations K^N, a number in
   * [1, 1e12]. Default {@link DEFAULT_MAX_CONFIGURATIONS} = 2^27.
   */
  maxConfigurations?: number;
  /**
   * Pairs with `H − H_min <= tieTolerance·max(1, ½‖y‖²)` count as degenerate minima, a number
   * in [0, 1e-6]. Default 1e-12 (rounding of `c_a + c_b − r_a·s_b` is ~1e-15 of that scale).
   */
  tieTolerance?: number;
}

/** Options for {@link exactGroundStateParallel}. */
export interface ParallelEnumerateOptions extends EnumerateOptions {
  /** Module workers, an integer >= 1. Default: the machine's cores (1 runs in this thread). */
  workers?: number;
  /** Below this many configurations run in this thread (workers do not pay). Default 2^22. */
  minParallel?: number;
}

/**
 * One block of the enumeration (structured-cloneable): A configurations `[aStart, aEnd)`
 * against all B configurations. The unit of work of the workers.
 */
export interface EnumerateBlockTask {
  /** X column-major (column i is `Xc[i·M .. i·M + M)`). */
  Xc: Float64Array;
  y: Float64Array;
  n: number;
  samples: number;
  levels: Float64Array;
  lambda: number;
  /** Number of weights in half A (the first nA weights); B is the rest. */
  nA: number;
  aStart: number;
  aEnd: number;
  /** Absolute tie tolerance on H. */
  tolerance: number;
}

/** The best pair of one block. */
export interface EnumerateBlockResult {
  /** Minimum of H (not per weight) as computed by the product. */
  energy: number;
  /** Pairs within the tolerance of the minimum. */
  count: number;
  /** Index of the A configuration (base-K digits: weight i has digit ⌊a/K^i⌋ mod K). */
  a: number;
  /** Index of the B configuration (weight nA + j has digit ⌊b/K^j⌋ mod K). */
  b: number;
  /** Pairs evaluated. */
  visited: number;
}

const ROWS_A = 4; // register block: 4 rows of R ...
const ROWS_B = 2; // ... against 2 rows of S
const BLOCK_A = 256; // rows of R generated at a time (a multiple of ROWS_A)

/**
 * Enumerates A configurations `[aStart, aEnd)` against all B configurations (exported for the
 * module workers; {@link exactGroundState} is the public entry point).
 *
 * @example
 * ```ts
 * // N = 2, M = 1, X = [1, 2], y = 3, levels {−1, 1}: H = ½(3 − w1 − 2w2)², minimum ½·0² at w = (1, 1)
 * const r = enumerateBlockTask({
 *   Xc: new Float64Array([1, 2]), y: new Float64Array([3]), n: 2, samples: 1,
 *   levels: new Float64Array([-1, 1]), lambda: 0, nA: 1, aStart: 0, aEnd: 2, tolerance: 1e-12,
 * });
 * if (r.energy !== 0 || r.a !== 1 || r.b !== 1 || r.count !== 1 || r.visited !== 4) throw new Error();
 * ```
 */
export function enumerateBlockTask(task: EnumerateBlockTask): EnumerateBlockResult {
  const { Xc, y, n, samples: M, levels, lambda, nA, aStart, aEnd, tolerance } = task;
  const K = levels.length;
  const nB = n - nA;
  const countB = Math.pow(K, nB);
  // S: all B configurations by doubling (weight nA + j is digit j), padded to a multiple of ROWS_B
  const rowsB = Math.ceil(countB / ROWS_B) * ROWS_B;
  const S = new Float64Array(rowsB * M);
  const cB = new Float64Array(rowsB).fill(Infinity);
  const w2B = new Float64Array(countB);
  let filled = 1;
  for (let j = 0; j < nB; j++) {
    const col = (nA + j) * M;
    for (let k = K - 1; k >= 0; k--) {
      const l = levels[k];
      for (let b = 0; b < filled; b++) {
        const src = b * M, dst = (k * filled + b) * M;
        for (let mu = 0; mu < M; mu++) S[dst + mu] = S[src + mu] + l * Xc[col + mu];
        w2B[k * filled + b] = w2B[b] + l * l;
      }
    }
    filled *= K;
  }
  for (let b = 0; b < countB; b++) {
    let s = 0;
    const off = b * M;
    for (let mu = 0; mu < M; mu++) s += S[off + mu] * S[off + mu];
    cB[b] = 0.5 * s + 0.5 * lambda * w2B[b];
  }
  // cache block of S rows: about 192 KiB
  const chunk = Math.max(ROWS_B, Math.floor(24576 / Math.max(M, 1) / ROWS_B) * ROWS_B);
  const R = new Float64Array(BLOCK_A * M);
  const cA = new Float64Array(BLOCK_A);
  let best = Infinity, thr = Number.MAX_VALUE, count = 0, bestA = -1, bestB = -1;
  for (let a0 = aStart; a0 < aEnd; a0 += BLOCK_A) {
    const rows = Math.min(BLOCK_A, aEnd - a0);
    const rowsA = Math.ceil(rows / ROWS_A) * ROWS_A;
    // generate r_a = y − X_A·w_a for this block
    for (let t = 0; t < rowsA; t++) {
      const off = t * M;
      if (t >= rows) {
        R.fill(0, off, off + M);
        cA[t] = Infinity;
        continue;
      }
      for (let mu = 0; mu < M; mu++) R[off + mu] = y[mu];
      let idx = a0 + t, w2 = 0;
      for (let i = 0; i < nA; i++) {
        const l = levels[idx % K];
        idx = Math.floor(idx / K);
        w2 += l * l;
        const col = i * M;
        for (let mu = 0; mu < M; mu++) R[off + mu] -= l * Xc[col + mu];
      }
      let s = 0;
      for (let mu = 0; mu < M; mu++) s += R[off + mu] * R[off + mu];
      cA[t] = 0.5 * s + 0.5 * lambda * w2;
    }
    for (let bc = 0; bc < rowsB; bc += chunk) {
      const bEnd = Math.min(bc + chunk, rowsB);
      for (let t = 0; t < rowsA; t += ROWS_A) {
        const o0 = t * M, o1 = o0 + M, o2 = o1 + M, o3 = o2 + M;
        const ca0 = cA[t], ca1 = cA[t + 1], ca2 = cA[t + 2], ca3 = cA[t + 3];
        for (let b = bc; b < bEnd; b += ROWS_B) {
          const p0 = b * M, p1 = p0 + M;
          let s00 = 0, s01 = 0, s10 = 0, s11 = 0, s20 = 0, s21 = 0, s30 = 0, s31 = 0;
          for (let mu = 0; mu < M; mu++) {
            const u0 = S[p0 + mu], u1 = S[p1 + mu];
            const v0 = R[o0 + mu], v1 = R[o1 + mu], v2 = R[o2 + mu], v3 = R[o3 + mu];
            s00 += v0 * u0;
            s01 += v0 * u1;
            s10 += v1 * u0;
            s11 += v1 * u1;
            s20 += v2 * u0;
            s21 += v2 * u1;
            s30 += v3 * u0;
            s31 += v3 * u1;
          }
          const cb0 = cB[b], cb1 = cB[b + 1];
          const e00 = ca0 + cb0 - s00, e01 = ca0 + cb1 - s01;
          const e10 = ca1 + cb0 - s10, e11 = ca1 + cb1 - s11;
          const e20 = ca2 + cb0 - s20, e21 = ca2 + cb1 - s21;
          const e30 = ca3 + cb0 - s30, e31 = ca3 + cb1 - s31;
          if (
            Math.min(e00, e01, e10, e11, e20, e21, e30, e31) <= thr
          ) {
            const es = [e00, e01, e10, e11, e20, e21, e30, e31];
            for (let q = 0; q < 8; q++) {
              const e = es[q];
              if (!(e <= thr)) continue;
              const ai = a0 + t + (q >> 1), bi = b + (q & 1);
              if (e < best - tolerance) {
                best = e;
                count = 1;
                bestA = ai;
                bestB = bi;
              } else {
                count++;
                if (e < best) {
                  best = e;
                  bestA = ai;
                  bestB = bi;
                }
              }
              thr = best + tolerance;
            }
          }
        }
      }
    }
  }
  return { energy: best, count, a: bestA, b: bestB, visited: (aEnd - aStart) * countB };
}

/**
 * Checks that K^N configurations can be enumerated: `maxConfigurations` in [1, 1e12], K^N at
 * most `maxConfigurations` (default 2^27), the stored half K^{⌊N/2⌋}·M at most 2^26 entries.
 *
 * @throws {RangeError} naming `n` (or `maxConfigurations`), the value and the bound.
 * @example
 * ```ts
 * checkEnumerationSize(2, 27, 54);
 * let msg = "";
 * try { checkEnumerationSize(4, 60, 120); } catch (e) { msg = (e as Error).message; }
 * if (!msg.startsWith("n: exact enumeration of K^N = 4^60")) throw new Error(msg);
 * ```
 */
export function checkEnumerationSize(
  K: number,
  n: number,
  samples: number,
  maxConfigurations: number = DEFAULT_MAX_CONFIGURATIONS,
): void {
  if (!(maxConfigurations >= 1 && maxConfigurations <= MAX_CONFIGURATIONS_LIMIT)) {
    throw new RangeError(
      `maxConfigurations: expected a number in [1, ${MAX_CONFIGURATIONS_LIMIT}], got ${maxConfigurations}`,
    );
  }
  const configurations = Math.pow(K, n);
  if (!(configurations <= maxConfigurations)) {
    throw new RangeError(
      `n: exact enumeration of K^N = ${K}^${n} = ${
        configurations.toPrecision(3)
      } configurations exceeds maxConfigurations = ${maxConfigurations}; largest n is ${
        Math.floor(Math.log(maxConfigurations) / Math.log(K) + 1e-9)
      } for K = ${K} (use annealing above)`,
    );
  }
  const nB = Math.floor(n / 2);
  if (Math.pow(K, nB) * samples > MAX_STORED_ENTRIES) {
    throw new RangeError(
      `n: the stored half has K^${nB}·M = ${
        Math.pow(K, nB) * samples
      } entries, above the bound ${MAX_STORED_ENTRIES} (512 MiB)`,
    );
  }
}

interface Plan {
  model: ReturnType<typeof resolveGroundStateModel>;
  K: number;
  nA: number;
  countA: number;
  tolerance: number;
}

function plan(
  data: SyntheticData,
  params: GroundStateParams,
  options: EnumerateOptions,
  where: string,
  extraKeys: string[] = [],
): Plan {
  checkKeys(options, ["maxConfigurations", "tieTolerance", ...extraKeys], where);
  const model = resolveGroundStateModel(params, data);
  const tieTolerance = options.tieTolerance ?? 1e-12;
  if (!(tieTolerance >= 0 && tieTolerance <= 1e-6)) {
    throw new RangeError(`tieTolerance: expected a number in [0, 1e-6], got ${tieTolerance}`);
  }
  const K = model.quantizer.levels.length;
  const { n, samples: M } = data;
  checkEnumerationSize(K, n, M, options.maxConfigurations);
  const nB = Math.floor(n / 2);
  let y2 = 0;
  for (let mu = 0; mu < M; mu++) y2 += data.y[mu] * data.y[mu];
  const tolerance = tieTolerance * Math.max(1, 0.5 * y2);
  return { model, K, nA: n - nB, countA: Math.pow(K, n - nB), tolerance };
}

function blockTask(data: SyntheticData, p: Plan, aStart: number, aEnd: number, Xc: Float64Array) {
  return {
    Xc,
    y: Float64Array.from(data.y),
    n: data.n,
    samples: data.samples,
    levels: Float64Array.from(p.model.quantizer.levels),
    lambda: p.model.lambda,
    nA: p.nA,
    aStart,
    aEnd,
    tolerance: p.tolerance,
  };
}

function decode(n: number, nA: number, levels: Float64Array, a: number, b: number): Float64Array {
  const K = levels.length;
  const w = new Float64Array(n);
  for (let i = 0; i < nA; i++) {
    w[i] = levels[a % K];
    a = Math.floor(a / K);
  }
  for (let j = nA; j < n; j++) {
    w[j] = levels[b % K];
    b = Math.floor(b / K);
  }
  return w;
}

function merge(parts: EnumerateBlockResult[], tolerance: number): EnumerateBlockResult {
  let best = parts[0];
  for (const p of parts) if (p.energy < best.energy) best = p;
  let count = 0, visited = 0;
  for (const p of parts) {
    visited += p.visited;
    if (p.energy <= best.energy + tolerance) count += p.count;
  }
  return { ...best, count, visited };
}

function finish(
  data: SyntheticData,
  p: Plan,
  r: EnumerateBlockResult,
  workers: number,
  t0: number,
): GroundState {
  if (!(r.a >= 0 && r.b >= 0 && Number.isFinite(r.energy))) {
    throw new RangeError(
      `data: the enumeration found no finite energy (non-finite X or y?), got ${r.energy}`,
    );
  }
  const weights = decode(data.n, p.nA, p.model.quantizer.levels, r.a, r.b);
  const g = groundStateResult(data, p.model, weights, {
    method: "enumerate",
    visited: r.visited,
    degeneracy: r.count,
    restarts: 1,
    restartsAgreeing: 1,
    restartEnergies: [],
    converged: true,
    workers,
    timeMs: performance.now() - t0,
  });
  g.restartEnergies.push(g.energy);
  return g;
}

/**
 * The exact ground state of one instance by meet-in-the-middle enumeration of all K^N
 * configurations, in this thread (see {@link exactGroundStateParallel} for workers).
 *
 * @throws {RangeError} when K^N exceeds `maxConfigurations` (default 2^27), on a finite beta,
 *   bad options or mismatched data; {@link TypeError} for continuous weights or unknown option
 *   keys.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 10, alpha: 2, seed: 1 });
 * const g = exactGroundState(data, { alpha: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * if (g.visited !== 1024 || g.Q !== 1 || g.bound !== "exact" || !(g.trainError >= 0)) throw new Error();
 * ```
 */
export function exactGroundState(
  data: SyntheticData,
  params: GroundStateParams,
  options: EnumerateOptions = {},
): GroundState {
  const t0 = performance.now();
  const p = plan(data, params, options, "exactGroundState options");
  const r = enumerateBlockTask(blockTask(data, p, 0, p.countA, columnMajorX(data)));
  return finish(data, p, r, 1, t0);
}

/**
 * {@link exactGroundState} with the A configurations split over module workers (when K^N is
 * at least `minParallel`; smaller instances run in this thread). Same result.
 *
 * @throws as {@link exactGroundState}; RangeError on bad `workers` or `minParallel`.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 12, alpha: 1.5, seed: 2 });
 * const params = { alpha: 1.5, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const g = await exactGroundStateParallel(data, params, { workers: 2, minParallel: 1 });
 * if (g.energy !== exactGroundState(data, params).energy || g.workers !== 2) throw new Error();
 * ```
 */
export async function exactGroundStateParallel(
  data: SyntheticData,
  params: GroundStateParams,
  options: ParallelEnumerateOptions = {},
): Promise<GroundState> {
  const t0 = performance.now();
  const { workers: w, minParallel: mp, ...rest } = options ?? {};
  const p = plan(data, params, rest, "exactGroundStateParallel options", []);
  const workers = w ?? Math.max(1, navigator.hardwareConcurrency ?? 2);
  if (!(Number.isInteger(workers) && workers >= 1 && workers <= 256)) {
    throw new RangeError(`workers: expected an integer in [1, 256], got ${workers}`);
  }
  const minParallel = mp ?? 2 ** 22;
  if (!(minParallel >= 1)) {
    throw new RangeError(`minParallel: expected a number >= 1, got ${minParallel}`);
  }
  const Xc = columnMajorX(data);
  const total = Math.pow(p.K, data.n);
  if (workers === 1 || total < minParallel || p.countA < 2) {
    const r = enumerateBlockTask(blockTask(data, p, 0, p.countA, Xc));
    return finish(data, p, r, 1, t0);
  }
  // a few tasks per worker so that an uneven share of the machine balances out
  const tasksCount = Math.min(p.countA, 4 * workers);
  const tasks: EnumerateBlockTask[] = [];
  for (let k = 0; k < tasksCount; k++) {
    const aStart = Math.floor((k * p.countA) / tasksCount);
    const aEnd = Math.floor(((k + 1) * p.countA) / tasksCount);
    if (aEnd > aStart) tasks.push(blockTask(data, p, aStart, aEnd, Xc));
  }
  const url = new URL("./ground_state_enumerate.ts", import.meta.url).href;
  const parts = await runInWorkers<EnumerateBlockTask, EnumerateBlockResult>(
    url,
    "enumerateBlockTask",
    tasks,
    { workers },
  );
  return finish(data, p, merge(parts, p.tolerance), Math.min(workers, tasks.length), t0);
}

/** A task for {@link exactGroundStateSeedTask}: one seed (structured-cloneable). */
export interface EnumerateSeedTask {
  params: GroundStateParams;
  n: number;
  seed: number;
  options?: EnumerateOptions;
}

/**
 * Generates the instance of one seed (X in float64) and enumerates its ground state (the unit
 * of work of the ground-state series in module workers).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const g = exactGroundStateSeedTask({ params, n: 8, seed: 3 });
 * if (g.seed !== 3 || g.n !== 8) throw new Error();
 * ```
 */
export function exactGroundStateSeedTask(task: EnumerateSeedTask): GroundState {
  const data = seedInstance({ ...task.params, beta: Infinity }, task.n, task.seed, "float64");
  return exactGroundState(data, task.params, task.options);
}
