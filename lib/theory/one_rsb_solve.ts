/**
 * `solveOneRsb`: the 1RSB solution at finite beta (docs/theory.md §3) at a given Parisi
 * parameter or at the thermodynamic x*.
 *
 * @module
 */
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import { checkImproper, type RsSolution, solveRs } from "./rs.ts";
import { checkX, type OneRsbOrderParams, type OneRsbState } from "./one_rsb_equations.ts";
import { type FixedXRun, iterateFixedX } from "./one_rsb_fixed_x.ts";
import { COARSE_RESOLUTION, ONE_RSB_X_MIN, optimizeX } from "./one_rsb_optimize_x.ts";
import { checkKeys, iterationControls } from "../model/options.ts";
import { assembleOneRsb, oneRsbFromRs, type OneRsbSolution } from "./one_rsb_solution.ts";
import { oneRsbFromGroundState } from "./one_rsb_ground_state.ts";

/** Options for {@link solveOneRsb}. */
export interface OneRsbOptions {
  /**
   * Parisi parameter in [0.001, 1] ({@link ONE_RSB_X_MIN}: below it `1/x` amplifies the
   * quadrature error beyond use), or "optimize" (default) for the thermodynamic x*.
   */
  x?: number | "optimize";
  /** Stop when the residual is below this. Default 1e-10. */
  tolerance?: number;
  /** Per fixed-x solve. Default 3000. */
  maxIterations?: number;
  /**
   * Initial damping in [0, 1) (raised when the iteration oscillates). Default 0.3 at a given
   * x, 0 for the x search (its solves start on or next to the branch).
   */
  damping?: number;
  /**
   * Where to start: `"frozen"` (default: the RS point with `q1` just below `Q`, as docs/theory.md §3
   * advises), `"rs"` (the RS point, `q1 = q0`: stays RS), or a previous state or solution
   * (warm start).
   */
  start?: "frozen" | "rs" | OneRsbState | OneRsbOrderParams;
}

/** The option keys {@link solveOneRsb} accepts. */
const OPTION_KEYS = ["x", "tolerance", "maxIterations", "damping", "start"] as const;

/**
 * Largest level count {@link solveOneRsb} accepts (8 bits). The cost of one 1RSB evaluation
 * grows linearly with the level count (a few seconds per solve at 256 levels); beyond this
 * bound the solve would not return in useful time (16 bits, 65536 levels: minutes to hours),
 * so it is refused with a RangeError naming `quantizer`.
 */
export const ONE_RSB_MAX_LEVELS = 256;

/** The fixed-x solve runs on the coarse quadrature down to this residual (see solveFixedX). */
const PRE_TOLERANCE = 1e-6;

/**
 * The fixed-x solve in two stages: the iteration on a trial quadrature of the x search to
 * `PRE_TOLERANCE` (each step at a fraction of the cost of the default quadrature; the two
 * fixed points differ by ~1e-7), then polished on the default quadrature from there (a few
 * steps, Anderson-accelerated). The iteration count is the total, within `maxIterations`.
 */
function solveFixedX(
  model: Model,
  x: number,
  start: OneRsbState,
  tolerance: number,
  maxIterations: number,
  damping: number,
): FixedXRun {
  const PRE = COARSE_RESOLUTION;
  if (tolerance >= PRE_TOLERANCE) {
    return iterateFixedX(model, x, start, { tolerance, maxIterations, damping });
  }
  const pre = iterateFixedX(model, x, start, {
    tolerance: PRE_TOLERANCE,
    maxIterations,
    damping,
    resolution: PRE,
  });
  if (!pre.converged || pre.iterations >= maxIterations) return pre;
  const run = iterateFixedX(model, x, pre.state, {
    tolerance,
    maxIterations: maxIterations - pre.iterations,
    damping,
  });
  return { ...run, iterations: run.iterations + pre.iterations };
}

function frozenStart(rs: RsSolution): OneRsbState {
  const spread = Math.max(rs.Q - rs.q, 1e-12);
  return { m: rs.m, q0: rs.q, d1: 0.999 * spread, v1: 0.001 * spread };
}

/**
 * Solves the 1RSB equations at finite beta (docs/theory.md §3) at a given Parisi parameter x or
 * at the thermodynamic x* (`x: "optimize"`, the default), and returns every observable with
 * `converged`, `iterations` and `residual`. For continuous weights (a Gaussian measure) 1RSB
 * is RS: the RS solution is returned with `x = 1`, `q1 = q0`. At `beta = Infinity` it returns
 * the frozen 1RSB ground state (docs/theory.md §3b) in the same shape, with `x = 0` and the
 * full solution (y*, complexity) under `groundState`.
 *
 * @throws {RangeError} on invalid parameters or options (`x` outside [0.001, 1], or a fixed `x`
 *   at beta = Infinity), or for a level set with more than {@link ONE_RSB_MAX_LEVELS} levels.
 * @throws {TypeError} for an unknown option key.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { solveRs } from "./rs.ts";
 * // the entropy-crisis example of docs/theory.md §5: RS entropy < 0, 1RSB entropy >= 0
 * const params = { alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) };
 * const rs = solveRs(params);
 * const s = solveOneRsb(params);
 * if (!(rs.shannonEntropy! < 0 && s.converged && s.shannonEntropy! >= 0)) throw new Error();
 * if (!(s.x > 0 && s.x < 1 && s.q1 > s.q0 && s.freeEntropy < rs.freeEntropy)) throw new Error();
 * ```
 */
export function solveOneRsb(params: ModelParams, options: OneRsbOptions = {}): OneRsbSolution {
  checkKeys(options, OPTION_KEYS, "solveOneRsb options");
  const model = resolveModel(params);
  // beta = Infinity: the frozen 1RSB ground state (docs/theory.md §3b), a separate solver; the
  // result has x = 0 and carries the full ground-state solution (y*, complexity) as groundState
  if (!Number.isFinite(model.beta)) return oneRsbFromGroundState(params, options);
  checkImproper(model);
  const q = model.quantizer;
  if (q.kind === "levels" && q.levels.length > ONE_RSB_MAX_LEVELS) {
    throw new RangeError(
      `quantizer: solveOneRsb supports at most ${ONE_RSB_MAX_LEVELS} levels (8 bits), got ${q.levels.length}`,
    );
  }
  const xOpt = options.x ?? "optimize";
  const { tolerance, maxIterations, damping } = iterationControls(options, {
    tolerance: 1e-10,
    maxIterations: 3000,
    damping: xOpt === "optimize" ? 0 : 0.3,
  });
  if (xOpt !== "optimize") {
    checkX(xOpt);
    if (!(xOpt >= ONE_RSB_X_MIN)) {
      throw new RangeError(
        `x: expected a number >= ${ONE_RSB_X_MIN} (below it 1/x amplifies the quadrature error), got ${xOpt}`,
      );
    }
  }
  const rs = solveRs(params, { tolerance, maxIterations: Math.max(maxIterations, 5000) });
  if (model.quantizer.kind === "continuous") return oneRsbFromRs(rs);
  const start = options.start === undefined || options.start === "frozen"
    ? frozenStart(rs)
    : options.start === "rs"
    ? { m: rs.m, q0: rs.q, d1: 0, v1: rs.V }
    : "d1" in options.start
    ? { m: options.start.m, q0: options.start.q0, d1: options.start.d1, v1: options.start.v1 }
    : {
      m: options.start.m,
      q0: options.start.q0,
      d1: options.start.q1 - options.start.q0,
      v1: options.start.Q - options.start.q1,
    };
  // (v1 = Q − q1 = 0: states frozen solid, as a solution at large beta can return; the
  // iteration carries it at V1_FLOOR)
  if (
    !(start.v1 >= 0 && start.d1 >= 0 && Number.isFinite(start.m) && Number.isFinite(start.q0) &&
      Number.isFinite(start.v1))
  ) {
    throw new RangeError(
      `start: expected finite m, q0, d1 >= 0 and v1 >= 0, got ${JSON.stringify(start)}`,
    );
  }
  if (xOpt !== "optimize") {
    const run = solveFixedX(model, xOpt, start, tolerance, maxIterations, damping);
    return assembleOneRsb(model, run.state, xOpt, false, run);
  }
  return optimizeX(model, start, { tolerance, maxIterations, damping });
}
