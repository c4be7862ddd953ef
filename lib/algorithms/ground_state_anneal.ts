/**
 * Upper bounds on the ground-state energy at sizes beyond enumeration (docs/theory.md §3b,
 * "Finite-N ground truth"; §4): simulated annealing (Kirkpatrick, Gelatt & Vecchi 1983) with
 * the heat-bath sampler of `mcmc.ts` on a geometric schedule in beta, followed by a
 * zero-temperature greedy descent (each weight moved to its best level given the others until
 * no move lowers the energy: a single-flip local minimum), over several independent restarts.
 * The best configuration is returned; its energy is an upper bound on the minimum, and how
 * many restarts reached it is the diagnostic.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { createRng } from "../numerics/rng.ts";
import { McmcSampler } from "./mcmc.ts";
import { columnMajorX, seedInstance, type SyntheticData } from "./synthetic.ts";
import {
  type GroundState,
  type GroundStateParams,
  groundStateResult,
  resolveGroundStateModel,
} from "./ground_state.ts";

/** Upper bounds of the annealing options (checked before any work starts). */
export const ANNEAL_LIMITS = {
  restarts: 1000,
  sweeps: 100000,
  betaEnd: 1e6,
} as const;

/** Options for {@link annealGroundState}. */
export interface AnnealOptions {
  /** Independent restarts, an integer in [1, 1000]. Default 8. */
  restarts?: number;
  /** Annealing sweeps per restart (one sweep = N heat-bath updates), an integer in [1, 1e5]. Default 300. */
  sweeps?: number;
  /** First inverse temperature of the geometric schedule, in (0, betaEnd]. Default 0.2. */
  betaStart?: number;
  /** Last inverse temperature, in [betaStart, 1e6]. Default 300 (then the greedy descent). */
  betaEnd?: number;
  /** Seed of the restarts' random numbers. Default: the data's seed (streams disjoint from the data's). */
  seed?: number;
  /**
   * Restarts agree when their energies differ by at most `tieTolerance·max(1, ½‖y‖²)`, a number
   * in [0, 1e-3]. Default 1e-9.
   */
  tieTolerance?: number;
}

const KEYS = ["restarts", "sweeps", "betaStart", "betaEnd", "seed", "tieTolerance"];

function intIn(name: string, v: number, lo: number, hi: number): number {
  if (!(Number.isInteger(v) && v >= lo && v <= hi)) {
    throw new RangeError(`${name}: expected an integer in [${lo}, ${hi}], got ${v}`);
  }
  return v;
}

/**
 * Checks annealing options and fills in the defaults (before any work starts).
 *
 * @throws {RangeError} naming the option, its value and the allowed range; {@link TypeError}
 *   on unknown keys.
 * @example
 * ```ts
 * const o = resolveAnnealOptions({ restarts: 4 });
 * if (o.restarts !== 4 || o.sweeps !== 300) throw new Error();
 * let msg = "";
 * try { resolveAnnealOptions({ sweeps: 1e7 }); } catch (e) { msg = (e as Error).message; }
 * if (!msg.startsWith("sweeps: expected an integer in [1, 100000]")) throw new Error(msg);
 * ```
 */
export function resolveAnnealOptions(
  options: AnnealOptions = {},
): Required<Omit<AnnealOptions, "seed">> & { seed: number | undefined } {
  checkKeys(options, KEYS, "annealGroundState options");
  const o = options ?? {};
  const restarts = intIn("restarts", o.restarts ?? 8, 1, ANNEAL_LIMITS.restarts);
  const sweeps = intIn("sweeps", o.sweeps ?? 300, 1, ANNEAL_LIMITS.sweeps);
  const betaEnd = o.betaEnd ?? 300;
  if (!(betaEnd > 0 && betaEnd <= ANNEAL_LIMITS.betaEnd)) {
    throw new RangeError(
      `betaEnd: expected a number in (0, ${ANNEAL_LIMITS.betaEnd}], got ${betaEnd}`,
    );
  }
  const betaStart = o.betaStart ?? Math.min(0.2, betaEnd);
  if (!(betaStart > 0 && betaStart <= betaEnd)) {
    throw new RangeError(
      `betaStart: expected a number in (0, betaEnd = ${betaEnd}], got ${betaStart}`,
    );
  }
  const tieTolerance = o.tieTolerance ?? 1e-9;
  if (!(tieTolerance >= 0 && tieTolerance <= 1e-3)) {
    throw new RangeError(`tieTolerance: expected a number in [0, 0.001], got ${tieTolerance}`);
  }
  if (o.seed !== undefined && !(Number.isSafeInteger(o.seed) && o.seed >= 0)) {
    throw new RangeError(`seed: expected an integer in [0, 2^53 - 1], got ${o.seed}`);
  }
  return { restarts, sweeps, betaStart, betaEnd, tieTolerance, seed: o.seed };
}

/**
 * Zero-temperature greedy descent: each weight in turn moves to the level minimising
 * `½(‖x_i‖² + lambda)·l² − h_i·l` (`h_i = x_i·res + ‖x_i‖²·w_i`), i.e. the energy with the
 * other weights fixed, until a full sweep changes nothing. Updates `w` and `res = y − Xw` in
 * place; returns the number of single-weight updates examined.
 *
 * @example
 * ```ts
 * // one weight, x = [1], y = [0.8], levels {−1, 0, 1}: the best level is 1 (|0.8 − 1| < |0.8 − 0|)
 * const w = new Float64Array([-1]), res = new Float64Array([1.8]);
 * greedyDescent(new Float64Array([1]), new Float64Array([1]), new Float64Array([-1, 0, 1]), 0, w, res);
 * if (w[0] !== 1 || Math.abs(res[0] + 0.2) > 1e-15) throw new Error();
 * ```
 */
export function greedyDescent(
  Xc: Float64Array,
  colNorms: Float64Array,
  levels: Float64Array,
  lambda: number,
  w: Float64Array,
  res: Float64Array,
  maxSweeps = 10000,
): number {
  const n = w.length, M = res.length, K = levels.length;
  let visited = 0;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let moved = false;
    for (let i = 0; i < n; i++) {
      const off = i * M;
      let d = 0;
      for (let mu = 0; mu < M; mu++) d += Xc[off + mu] * res[mu];
      const old = w[i];
      const h = d + colNorms[i] * old;
      const a = colNorms[i] + lambda;
      let best = old, eBest = 0.5 * a * old * old - h * old;
      for (let k = 0; k < K; k++) {
        const l = levels[k];
        const e = 0.5 * a * l * l - h * l;
        // strict improvement beyond rounding: no cycling between equal-energy levels
        if (e < eBest - 1e-13 * (1 + Math.abs(eBest))) {
          eBest = e;
          best = l;
        }
      }
      visited++;
      if (best !== old) {
        const delta = best - old;
        for (let mu = 0; mu < M; mu++) res[mu] -= delta * Xc[off + mu];
        w[i] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return visited;
}

/**
 * The best configuration found by simulated annealing + greedy descent over several restarts:
 * an upper bound on the ground-state energy (exact only if it happens to be the minimum).
 *
 * @throws {RangeError} on bad options (before any work), a finite beta or mismatched data;
 *   {@link TypeError} for continuous weights or unknown option keys.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * import { exactGroundState } from "./ground_state_enumerate.ts";
 * const data = teacherStudentData({ n: 12, alpha: 2, seed: 4 });
 * const params = { alpha: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const g = annealGroundState(data, params, { restarts: 4, sweeps: 100 });
 * if (g.bound !== "upper" || g.energy < exactGroundState(data, params).energy - 1e-12) throw new Error();
 * ```
 */
export function annealGroundState(
  data: SyntheticData,
  params: GroundStateParams,
  options: AnnealOptions = {},
): GroundState {
  const t0 = performance.now();
  const opt = resolveAnnealOptions(options);
  const model = resolveGroundStateModel(params, data);
  const { n, samples: M } = data;
  const levels = model.quantizer.levels;
  const lambda = model.lambda;
  // the heat-bath sampler needs a Model with a finite beta only for its type; it takes beta per sweep
  const sampler = new McmcSampler(data, { ...model, beta: opt.betaEnd });
  const Xc = columnMajorX(data);
  const colNorms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let mu = 0; mu < M; mu++) s += Xc[i * M + mu] ** 2;
    colNorms[i] = s;
  }
  let y2 = 0;
  for (let mu = 0; mu < M; mu++) y2 += data.y[mu] * data.y[mu];
  const tolerance = opt.tieTolerance * Math.max(1, 0.5 * y2);
  // the data used the first three split streams of createRng(data.seed): skip them
  const root = createRng(opt.seed ?? data.seed);
  for (let s = 0; s < 3; s++) root.split();
  const energies: number[] = [];
  let best: Float64Array | null = null, bestEnergy = Infinity, visited = 0;
  const S = opt.sweeps;
  for (let r = 0; r < opt.restarts; r++) {
    const rng = root.split();
    const state = sampler.randomState(rng);
    for (let t = 0; t < S; t++) {
      const b = S === 1
        ? opt.betaEnd
        : opt.betaStart * Math.pow(opt.betaEnd / opt.betaStart, t / (S - 1));
      sampler.sweep(state, b, rng);
      if ((t + 1) % 50 === 0) sampler.refreshResidual(state);
    }
    visited += S * n;
    sampler.refreshResidual(state);
    visited += greedyDescent(Xc, colNorms, levels, lambda, state.w, state.res);
    sampler.refreshResidual(state);
    const e = sampler.energy(state);
    energies.push(e / n);
    if (e < bestEnergy) {
      bestEnergy = e;
      best = Float64Array.from(state.w);
    }
  }
  const agreeing = energies.filter((e) => e * n <= bestEnergy + tolerance).length;
  return groundStateResult(data, model, best!, {
    method: "anneal",
    visited,
    degeneracy: null,
    restarts: opt.restarts,
    restartsAgreeing: agreeing,
    restartEnergies: energies,
    converged: opt.restarts === 1 || agreeing >= 2,
    workers: 1,
    timeMs: performance.now() - t0,
  });
}

/** A task for {@link annealGroundStateSeedTask}: one seed (structured-cloneable). */
export interface AnnealSeedTask {
  params: GroundStateParams;
  n: number;
  seed: number;
  options?: AnnealOptions;
}

/**
 * Generates the instance of one seed (X in float64) and anneals it (the unit of work of the
 * ground-state series in module workers).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, quantizer: uniformQuantizer({ bits: 2, width: 1 }) };
 * const g = annealGroundStateSeedTask({ params, n: 30, seed: 3, options: { restarts: 2, sweeps: 20 } });
 * if (g.seed !== 3 || g.restartEnergies.length !== 2) throw new Error();
 * ```
 */
export function annealGroundStateSeedTask(task: AnnealSeedTask): GroundState {
  const data = seedInstance({ ...task.params, beta: Infinity }, task.n, task.seed, "float64");
  return annealGroundState(data, task.params, task.options);
}
