/**
 * The 1RSB solution record (docs/theory.md §3): every observable at a (fixed-x) saddle point,
 * assembled from the state, and the RS solution written as a 1RSB one (`x = 1`, `q1 = q0`).
 *
 * @module
 */
import type { Model } from "../model/params.ts";
import { withDisplay } from "../jupyter/with_display.ts";
import type { RsSolution } from "./rs.ts";
import type { OneRsbGroundState } from "./one_rsb_ground_state.ts";
import {
  oneRsbConjugates,
  oneRsbFreeEntropy,
  oneRsbFreeEntropyFrom,
  type OneRsbOrderParams,
  type OneRsbState,
  oneRsbTrainError,
} from "./one_rsb_equations.ts";
import { oneRsbDisplay } from "./one_rsb_display.ts";

/** The 1RSB solution at one point, with every observable. */
export interface OneRsbSolution extends OneRsbOrderParams {
  /** Parisi parameter `x ∈ (0, 1]`. */
  x: number;
  /** `chi1 = beta·(Q − q1)`. */
  chi1: number;
  /** Free entropy per weight `Phi` (base measure normalised). */
  freeEntropy: number;
  /** Free energy `−Phi/beta`. */
  freeEnergy: number;
  /** Energy per weight `½·alpha·trainError + ½·lambda·Q`. */
  energy: number;
  /** Entropy per weight relative to the base measure, `Phi + beta·energy`. */
  entropy: number;
  /** `entropy + log K` for a level set with uniform base measure; null otherwise. */
  shannonEntropy: number | null;
  /** Generalization error of a Gibbs sample `rho − 2m + Q + sigma2`. */
  genError: number;
  /** Generalization error of the posterior mean `rho − 2m + q0 + sigma2` (= R0). */
  meanError: number;
  /** Training error per sample (see the module doc for the formula). */
  trainError: number;
  /** True when x was optimised (else it was given). */
  xOptimized: boolean;
  /**
   * True when the fixed point (and, if optimised, the x search) converged and every
   * observable is finite and numerically meaningful.
   */
  converged: boolean;
  /** Why `converged` is false, when the cause is more than the residual (else absent). */
  reason?: string;
  /**
   * At beta = Infinity only: the frozen 1RSB ground state this solution was built from (y*,
   * complexity, the RS ground state); see `solveOneRsbGroundState`.
   */
  groundState?: OneRsbGroundState;
  /** Fixed-point iterations used (summed over the x search). */
  iterations: number;
  /** Last change of the state. */
  residual: number;
  /** The model the solution belongs to. */
  model: Model;
}

/** The numeric observables that must be finite for a solution to count as converged. */
const NUMERIC_KEYS = [
  "x",
  "m",
  "q0",
  "q1",
  "Q",
  "mhat",
  "q0hat",
  "q1hat",
  "Qhat",
  "chi1",
  "freeEntropy",
  "freeEnergy",
  "energy",
  "entropy",
  "genError",
  "meanError",
  "trainError",
] as const;

/**
 * Every observable of the 1RSB solution at a state and Parisi parameter x (the state is taken
 * as the saddle point; `status` is copied). A non-finite observable, or an entropy lost to
 * cancellation in `Phi + beta·energy`, sets `converged: false` with a `reason`. When the
 * caller has the entropic term at this state's conjugates (`status.entropic`: the `phi` of
 * `entropicAverages` on the default quadrature), Phi is assembled from it without another
 * quadrature.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * const model = resolveModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const s = assembleOneRsb(model, { m: 0.5, q0: 0.5, d1: 0.2, v1: 0.3 }, 0.5, false, {
 *   converged: false, iterations: 0, residual: Infinity,
 * });
 * if (Math.abs(s.Q - 1) > 1e-15 || Math.abs(s.genError - (1 - 1 + 1)) > 1e-15) throw new Error();
 * ```
 */
export function assembleOneRsb(
  model: Model,
  state: OneRsbState,
  x: number,
  xOptimized: boolean,
  status: { converged: boolean; iterations: number; residual: number; entropic?: number },
): OneRsbSolution {
  const { alpha, beta, lambda, sigma2, teacher, quantizer } = model;
  const c = oneRsbConjugates(model, state, x);
  const q1 = state.q0 + state.d1, Q = q1 + state.v1;
  const op: OneRsbOrderParams = {
    m: state.m,
    q0: state.q0,
    q1,
    Q,
    mhat: c.mhat,
    q0hat: c.q0hat,
    q1hat: c.q1hat,
    Qhat: c.Qhat,
  };
  let freeEntropy = NaN;
  let reason: string | undefined;
  try {
    freeEntropy = status.entropic !== undefined
      ? oneRsbFreeEntropyFrom(model, op, x, status.entropic)
      : oneRsbFreeEntropy(model, op, x);
  } catch (e) {
    // an unconverged state can leave the domain (1 + chi1 <= 0, A <= 0, q1hat < q0hat): the
    // equations throw a RangeError there; anything else is a bug and surfaces
    if (!(e instanceof RangeError)) throw e;
    reason = `free entropy undefined at this state: ${(e as Error).message}`;
  }
  const trainError = oneRsbTrainError(model, op, x);
  const energy = 0.5 * alpha * trainError + 0.5 * lambda * Q;
  let entropy = freeEntropy + beta * energy;
  // entropy = Phi + beta·energy cancels terms of size `scale`; the quadrature is good to
  // ~1e-16 of it (measured: binary levels, lambda = 1e8), so beyond scale = 1e10·max(1,
  // |entropy|) fewer than six digits of the entropy are left
  const scale = Math.abs(c.mhat * state.m) + Math.abs(0.5 * c.Qhat * Q) +
    Math.abs(0.5 * (1 - x) * c.q1hat * q1) + Math.abs(0.5 * x * c.q0hat * state.q0) +
    Math.abs(beta * energy) + Math.abs(freeEntropy);
  if (reason === undefined && scale > 1e10 * Math.max(1, Math.abs(entropy))) {
    reason = `entropy: Phi + beta·energy cancels terms of size ${
      scale.toPrecision(3)
    } (beta·lambda or the conjugates too large for double precision); entropy set to NaN`;
    entropy = NaN; // never report a number with no correct digit
  }
  let shannonEntropy: number | null = null;
  if (quantizer.kind === "levels" && quantizer.logPi.every((v) => v === quantizer.logPi[0])) {
    shannonEntropy = entropy + Math.log(quantizer.levels.length);
  }
  const solution: OneRsbSolution = {
    x,
    ...op,
    chi1: c.chi1,
    freeEntropy,
    freeEnergy: -freeEntropy / beta,
    energy,
    entropy,
    shannonEntropy,
    genError: teacher.rho - 2 * state.m + Q + sigma2,
    meanError: teacher.rho - 2 * state.m + state.q0 + sigma2,
    trainError,
    xOptimized,
    converged: status.converged,
    iterations: status.iterations,
    residual: status.residual,
    model,
  };
  if (reason === undefined) {
    const bad: string[] = NUMERIC_KEYS.filter((k) => !Number.isFinite(solution[k]));
    if (shannonEntropy !== null && !Number.isFinite(shannonEntropy)) bad.push("shannonEntropy");
    if (bad.length > 0) reason = `non-finite ${bad.join(", ")}`;
  }
  if (reason !== undefined) {
    solution.converged = false;
    solution.reason = reason;
  }
  return withDisplay(solution, oneRsbDisplay);
}

/**
 * The RS solution as a 1RSB one (`x = 1`, `q1 = q0 = q`, `q1hat = q0hat = qhat`).
 *
 * @example
 * ```ts
 * import { continuous } from "../quantizers/quantizer.ts";
 * import { solveRs } from "./rs.ts";
 * const rs = solveRs({ alpha: 2, beta: 3, quantizer: continuous() });
 * const s = oneRsbFromRs(rs);
 * if (s.x !== 1 || s.q1 !== rs.q || s.freeEntropy !== rs.freeEntropy) throw new Error();
 * ```
 */
export function oneRsbFromRs(rs: RsSolution): OneRsbSolution {
  const model = rs.model;
  const shannon = rs.shannonEntropy;
  const s: OneRsbSolution = {
    x: 1,
    m: rs.m,
    q0: rs.q,
    q1: rs.q,
    Q: rs.Q,
    mhat: rs.mhat,
    q0hat: rs.qhat,
    q1hat: rs.qhat,
    Qhat: rs.Qhat,
    chi1: rs.chi,
    freeEntropy: rs.freeEntropy,
    freeEnergy: rs.freeEnergy,
    energy: rs.energy,
    entropy: rs.entropy,
    shannonEntropy: shannon,
    genError: rs.genError,
    meanError: rs.meanError,
    trainError: rs.trainError,
    xOptimized: false,
    converged: rs.converged,
    iterations: rs.iterations,
    residual: rs.residual,
    model,
  };
  return withDisplay(s, oneRsbDisplay);
}
