/**
 * Temperatures of the Monte Carlo sampler: the geometric annealing schedule, the geometric
 * parallel-tempering ladder, and replica-exchange moves between neighbouring temperatures
 * (Swendsen–Wang 1986; Hukushima–Nemoto 1996: accept with `min(1, exp((b_k − b_{k+1})·(E_k −
 * E_{k+1})))`).
 *
 * @module
 */
import type { Rng } from "../numerics/rng.ts";
import type { McmcSampler, McmcState } from "./mcmc_sampler.ts";

/**
 * The tempering ladder: R inverse temperatures geometric from betaStart to beta (just beta
 * when R = 1).
 *
 * @example
 * ```ts
 * const l = temperingLadder(10, 0.1, 3);
 * if (l[0] !== 0.1 || Math.abs(l[1] - 1) > 1e-15 || l[2] !== 10) throw new Error();
 * ```
 */
export function temperingLadder(beta: number, betaStart: number, replicas: number): Float64Array {
  const R = replicas;
  return Float64Array.from(
    { length: R },
    (_, k) => R === 1 ? beta : betaStart * Math.pow(beta / betaStart, k / (R - 1)),
  );
}

/**
 * Inverse temperature of annealing sweep `sweep` (0-based) of `anneal`: geometric from
 * betaStart to beta, reaching beta on the last annealing sweep; beta afterwards.
 *
 * @example
 * ```ts
 * if (annealingBeta(0, 3, 1, 4) !== 1 || annealingBeta(1, 3, 1, 4) !== 2 || annealingBeta(5, 3, 1, 4) !== 4) throw new Error();
 * ```
 */
export function annealingBeta(
  sweep: number,
  anneal: number,
  betaStart: number,
  beta: number,
): number {
  if (sweep >= anneal) return beta;
  return betaStart * Math.pow(beta / betaStart, anneal === 1 ? 1 : sweep / (anneal - 1));
}

/**
 * Replica-exchange attempts between neighbours `(k, k + 1)` of one chain's replicas (index =
 * ladder position), the pairs starting at `parity` (alternate 0 and 1 between sweeps). Swaps
 * the states in place; returns the number of attempts and of accepted swaps.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { createRng } from "../numerics/rng.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * import { McmcSampler } from "./mcmc_sampler.ts";
 * const data = teacherStudentData({ n: 20, alpha: 2, seed: 1, precision: "float64" });
 * const s = new McmcSampler(data, resolveModel({ alpha: 2, beta: 1, quantizer: uniformQuantizer({ bits: 1, width: 1 }) }));
 * const rng = createRng(2);
 * const reps = [s.randomState(rng), s.randomState(rng)];
 * const r = swapReplicas(s, reps, Float64Array.of(1, 1), 0, rng); // equal betas: always accepted
 * if (r.tried !== 1 || r.accepted !== 1) throw new Error();
 * ```
 */
export function swapReplicas(
  sampler: McmcSampler,
  replicas: McmcState[],
  ladder: Float64Array,
  parity: number,
  rng: Rng,
): { tried: number; accepted: number } {
  let tried = 0, accepted = 0;
  for (let k = parity; k + 1 < replicas.length; k += 2) {
    const e1 = sampler.energy(replicas[k]), e2 = sampler.energy(replicas[k + 1]);
    const logA = (ladder[k] - ladder[k + 1]) * (e1 - e2);
    tried++;
    if (logA >= 0 || rng.uniform() < Math.exp(logA)) {
      const t = replicas[k];
      replicas[k] = replicas[k + 1];
      replicas[k + 1] = t;
      accepted++;
    }
  }
  return { tried, accepted };
}
