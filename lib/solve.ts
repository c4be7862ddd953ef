/**
 * `solve`: one entry point to the replica theory that dispatches on the ansatz (RS or 1RSB)
 * and on the inverse temperature (finite beta or beta = Infinity):
 *
 * | ansatz   | beta finite                          | beta = Infinity                                  |
 * | -------- | ------------------------------------ | ------------------------------------------------ |
 * | `"rs"`   | `solveRs` (docs/theory.md §2)        | `solveZeroTemperature` (§2, "Zero temperature")  |
 * | `"1rsb"` | `solveOneRsb` (§3)                   | `solveOneRsbGroundState` (§3b)                   |
 *
 * The result is the object the direct call returns, tagged with two non-enumerable
 * discriminants, `ansatz` and `zeroTemperature` (so `JSON.stringify`, `Object.keys`, spreading
 * and the Jupyter display are those of the direct call).
 *
 * @module
 */
import { type ModelParams, resolveModel } from "./model/params.ts";
import { checkKeys } from "./model/options.ts";
import { type RsOptions, type RsSolution, solveRs } from "./theory/rs.ts";
import {
  solveZeroTemperature,
  type ZeroTemperatureOptions,
  type ZeroTemperatureSolution,
} from "./theory/zero_temperature.ts";
import { type OneRsbOptions, type OneRsbSolution, solveOneRsb } from "./theory/one_rsb.ts";
import {
  type OneRsbGroundState,
  type OneRsbGroundStateOptions,
  solveOneRsbGroundState,
} from "./theory/one_rsb_ground_state.ts";

/** The ansätze {@link solve} dispatches to. */
export type Ansatz = "rs" | "1rsb";

/**
 * Options of {@link solve}: `ansatz` plus the options of the solver it dispatches to, passed
 * through unchanged. A key the target solver does not take is a TypeError naming it (e.g.
 * `acceleration` at beta = Infinity, `x` with the RS ansatz).
 */
export interface SolveOptions {
  /** `"rs"` (default) or `"1rsb"`. */
  ansatz?: Ansatz;
  /** Stop when the residual is below this (every solver; defaults are the solver's). */
  tolerance?: number;
  /** Iteration cap (every solver; defaults are the solver's). */
  maxIterations?: number;
  /** Initial damping in [0, 1) (all but the RS ground state). */
  damping?: number;
  /** Warm start or start rule of the target solver (all but the RS ground state). */
  start?:
    | RsOptions["start"]
    | OneRsbOptions["start"]
    | OneRsbGroundStateOptions["start"];
  /** RS at finite beta only: `"anderson"` (default) or `"none"`. */
  acceleration?: RsOptions["acceleration"];
  /** 1RSB at finite beta only: Parisi parameter x or `"optimize"` (default). */
  x?: OneRsbOptions["x"];
  /** 1RSB at beta = Infinity only: `y = beta·x` or `"optimize"` (default). */
  y?: OneRsbGroundStateOptions["y"];
}

/** The option keys each target solver takes (besides `ansatz`). */
const TARGET_KEYS = {
  rs: ["tolerance", "maxIterations", "damping", "start", "acceleration"],
  zeroTemperature: ["tolerance", "maxIterations"],
  oneRsb: ["x", "tolerance", "maxIterations", "damping", "start"],
  oneRsbGroundState: ["y", "tolerance", "maxIterations", "damping", "start"],
} as const;

/** Every key {@link SolveOptions} accepts. */
const SOLVE_KEYS: readonly string[] = [
  "ansatz",
  ...new Set(Object.values(TARGET_KEYS).flat()),
];

/** RS at finite beta: the result of `solveRs`. */
export type RsSolved = RsSolution & { readonly ansatz: "rs"; readonly zeroTemperature: false };
/** RS at beta = Infinity: the result of `solveZeroTemperature`. */
export type ZeroTemperatureSolved = ZeroTemperatureSolution & {
  readonly ansatz: "rs";
  readonly zeroTemperature: true;
};
/** 1RSB at finite beta: the result of `solveOneRsb`. */
export type OneRsbSolved = OneRsbSolution & {
  readonly ansatz: "1rsb";
  readonly zeroTemperature: false;
};
/** 1RSB at beta = Infinity: the result of `solveOneRsbGroundState`. */
export type OneRsbGroundStateSolved = OneRsbGroundState & {
  readonly ansatz: "1rsb";
  readonly zeroTemperature: true;
};

/**
 * The result of {@link solve}: a union discriminated by `ansatz` (`"rs"` | `"1rsb"`) and
 * `zeroTemperature` (`model.beta === Infinity`). Every member has `converged`, `iterations`,
 * `residual`, `model`, `m`, `trainError`, `genError`, `meanError`, `energy` and `freeEnergy`.
 */
export type Solution =
  | RsSolved
  | ZeroTemperatureSolved
  | OneRsbSolved
  | OneRsbGroundStateSolved;

function tag<T extends object, A extends Ansatz, Z extends boolean>(
  obj: T,
  ansatz: A,
  zeroTemperature: Z,
): T & { readonly ansatz: A; readonly zeroTemperature: Z } {
  Object.defineProperty(obj, "ansatz", { value: ansatz, enumerable: false });
  Object.defineProperty(obj, "zeroTemperature", { value: zeroTemperature, enumerable: false });
  return obj as T & { readonly ansatz: A; readonly zeroTemperature: Z };
}

/** Options without `ansatz`, checked against the keys the target solver takes. */
function passThrough(
  options: SolveOptions,
  known: readonly string[],
  target: string,
): Record<string, unknown> {
  checkKeys(options, ["ansatz", ...known], `solve options (${target})`);
  const { ansatz: _ansatz, ...rest } = options;
  return rest;
}

/**
 * Solves the replica equations at `params` with the ansatz `options.ansatz` (default `"rs"`),
 * dispatching on `params.beta`: finite → `solveRs` / `solveOneRsb`, Infinity →
 * `solveZeroTemperature` / `solveOneRsbGroundState`. The other options pass through to that
 * solver. Returns the solver's own result (same fields, same display), tagged with the
 * non-enumerable discriminants `ansatz` and `zeroTemperature`. Non-convergence is reported by
 * the solver (`converged: false`), never thrown.
 *
 * @param params the model (docs/theory.md §1); `beta: Infinity` is the ground state.
 * @param options `ansatz` plus the target solver's options.
 * @throws {RangeError} for an ansatz other than "rs" / "1rsb", and whatever the target solver
 *   throws for invalid parameters.
 * @throws {TypeError} for an option key neither `solve` nor the target solver takes.
 * @example
 * ```ts
 * import { uniformQuantizer } from "./quantizers/uniform.ts";
 * const quantizer = uniformQuantizer({ bits: 1, width: 1 });
 * const rs = solve({ alpha: 2, beta: 10, quantizer });
 * const ground = solve({ alpha: 2, beta: Infinity, quantizer }, { ansatz: "1rsb" });
 * if (rs.ansatz !== "rs" || rs.zeroTemperature || !rs.converged) throw new Error();
 * if (ground.ansatz !== "1rsb" || !ground.zeroTemperature) throw new Error();
 * // the discriminants narrow the type: y is a field of the 1RSB ground state only
 * if (!(ground.y > 0)) throw new Error();
 * ```
 */
export function solve(params: ModelParams, options: SolveOptions = {}): Solution {
  checkKeys(options, SOLVE_KEYS, "solve options");
  options ??= {};
  const ansatz = options.ansatz ?? "rs";
  if (ansatz !== "rs" && ansatz !== "1rsb") {
    throw new RangeError(
      `ansatz: expected "rs" or "1rsb", got ${
        typeof ansatz === "string" ? JSON.stringify(ansatz) : String(ansatz)
      }`,
    );
  }
  const finite = Number.isFinite(resolveModel(params).beta);
  if (ansatz === "rs") {
    if (finite) {
      const o = passThrough(options, TARGET_KEYS.rs, 'ansatz "rs", finite beta: solveRs');
      return tag(solveRs(params, o as RsOptions), "rs", false);
    }
    const o = passThrough(
      options,
      TARGET_KEYS.zeroTemperature,
      'ansatz "rs", beta = Infinity: solveZeroTemperature',
    );
    return tag(solveZeroTemperature(params, o as ZeroTemperatureOptions), "rs", true);
  }
  if (finite) {
    const o = passThrough(options, TARGET_KEYS.oneRsb, 'ansatz "1rsb", finite beta: solveOneRsb');
    return tag(solveOneRsb(params, o as OneRsbOptions), "1rsb", false);
  }
  const o = passThrough(
    options,
    TARGET_KEYS.oneRsbGroundState,
    'ansatz "1rsb", beta = Infinity: solveOneRsbGroundState',
  );
  return tag(solveOneRsbGroundState(params, o as OneRsbGroundStateOptions), "1rsb", true);
}
