/**
 * `typiquant rsb`: the one-step RSB solution at one point, next to the RS one: finite beta
 * (docs/theory.md §3, Parisi parameter x) or beta = inf (the frozen 1RSB ground state of
 * docs/theory.md §3b, with y = beta·x).
 *
 * @module
 */
import { formatTable, toJson } from "./output.ts";
import {
  type FlagValues,
  modelFromFlags,
  numberFlag,
  parseFlags,
  parseNumber,
  UsageError,
} from "./flags.ts";
import { solveOneRsb } from "../theory/one_rsb.ts";
import { solveRs } from "../theory/rs.ts";
import { solveOneRsbGroundState } from "../theory/one_rsb_ground_state.ts";
import type { ModelParams } from "../model/params.ts";

/** Help text of `rsb`. */
export const RSB_USAGE =
  `typiquant rsb: one-step replica-symmetry-breaking (1RSB) solution at one point
  --alpha A        samples per weight (required, > 0)
  --beta B         inverse temperature (> 0, or inf: the 1RSB ground state; default inf)
  --quantizer Q    uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2|continuous (default uniform)
  --bits B         bits, integer 1..16 (default 2)   --width W   outermost level (> 0, default 1)
  --levels L       comma-separated sorted levels (instead of --bits/--width)
  --mu MU          mu-law parameter (default 255)
  --sigma2 S       label-noise variance (>= 0, default 0)
  --lambda L       weight decay (>= 0, default 0)
  --rho R          teacher second moment (> 0, default 1)
  --teacher T      gaussian|levels|gauss-bernoulli (default gaussian)  --density P (gauss-bernoulli)
  --x X            finite beta: Parisi parameter in [0.001, 1], or opt for the thermodynamic x*
                   (default opt)
  --y Y            beta inf: y = beta·x > 0, or opt for the ground state y* (default opt)
  --tolerance T    solver tolerance (default 1e-10)
  --max-iter N     iterations per fixed x or y (default 3000 at finite beta, 2000 at inf)
  --json           one JSON object on stdout (the RS values at the same point under "rs")
exit: 0 ok, 2 bad input, 3 not converged`;

/**
 * Parses `--x`: a number in [0.001, 1] (below it the 1RSB quadrature loses its digits), or
 * "opt" (the default) for the thermodynamic x*.
 *
 * @throws {UsageError} naming the flag and its value.
 * @example
 * ```ts
 * if (parseRsbX({ x: "0.25" }) !== 0.25 || parseRsbX({}) !== "optimize") throw new Error();
 * ```
 */
export function parseRsbX(values: FlagValues): number | "optimize" {
  const raw = values.x;
  if (raw === undefined) return "optimize";
  const text = String(raw).trim().toLowerCase();
  if (text === "opt" || text === "optimize") return "optimize";
  try {
    return parseNumber("x", String(raw), { min: 0.001, max: 1 });
  } catch {
    throw new UsageError(
      `--x: expected a number in [0.001, 1], or opt, got ${JSON.stringify(raw)}`,
    );
  }
}

/**
 * Parses `--y`: a finite number > 0, or "opt" (the default) for the ground state y*.
 *
 * @throws {UsageError} naming the flag and its value.
 * @example
 * ```ts
 * if (parseRsbY({ y: "2.5" }) !== 2.5 || parseRsbY({}) !== "optimize") throw new Error();
 * ```
 */
export function parseRsbY(values: FlagValues): number | "optimize" {
  const raw = values.y;
  if (raw === undefined) return "optimize";
  const text = String(raw).trim().toLowerCase();
  if (text === "opt" || text === "optimize") return "optimize";
  try {
    return parseNumber("y", String(raw), { min: 0, exclusiveMin: true });
  } catch {
    throw new UsageError(`--y: expected a finite number > 0, or opt, got ${JSON.stringify(raw)}`);
  }
}

/**
 * JSON fields of the 1RSB ground state (beta = inf, docs/theory.md §3b) with the RS ground state
 * under `rs`.
 *
 * @throws {UsageError} if `--x` is given (at beta = inf the Parisi parameter is `--y`).
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 2, beta: Infinity, quantizer: uniformQuantizer({ bits: 1, width: 1 }) };
 * const r = groundStateRecord(params, {}) as { complexity: number; trainError: number; rs: { trainError: number } };
 * // y* is where the complexity vanishes; 1RSB raises the RS training error here
 * if (Math.abs(r.complexity) > 1e-8 || !(r.trainError > r.rs.trainError)) throw new Error();
 * ```
 */
export function groundStateRecord(
  params: ModelParams,
  values: FlagValues,
): Record<string, unknown> {
  if (values.x !== undefined) {
    throw new UsageError(
      `--x: cannot be combined with --beta inf (the zero-temperature Parisi parameter is --y), got ${
        JSON.stringify(values.x)
      }`,
    );
  }
  const tolerance = numberFlag(values, "tolerance", 1e-10, { min: 0, exclusiveMin: true })!;
  const maxIterations = numberFlag(values, "max-iter", 2000, { integer: true, min: 1 })!;
  const y = parseRsbY(values);
  const s = solveOneRsbGroundState(params, { y, tolerance, maxIterations });
  const rs = s.rs;
  return {
    y: s.y,
    phase: s.phase,
    m: s.m,
    q0: s.q0,
    q1: s.q1,
    chi1: s.chi1,
    trainError: s.trainError,
    genError: s.genError,
    meanError: s.meanError,
    energy: s.energy,
    freeEnergy: s.freeEnergy,
    complexity: s.complexity,
    converged: s.converged,
    iterations: s.iterations,
    residual: s.residual,
    rs: {
      phase: rs.phase,
      m: rs.m,
      q: rs.q,
      chi: rs.chi,
      trainError: rs.trainError,
      genError: rs.genError,
      energy: rs.energy,
      valid: rs.valid,
      converged: rs.converged,
    },
  };
}

/**
 * JSON fields of a 1RSB point (docs/theory.md §3) with the RS point under `rs`; at beta = inf
 * those of {@link groundStateRecord}.
 *
 * @throws {UsageError} for `--y` with a finite beta, `--x` with beta = inf, or bad flags.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const params = { alpha: 0.7, beta: 10, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) };
 * const r = rsbRecord(params, { x: "1" }) as { freeEntropy: number; rs: { freeEntropy: number } };
 * // x = 1 is RS
 * if (Math.abs(r.freeEntropy - r.rs.freeEntropy) > 1e-9) throw new Error();
 * ```
 */
export function rsbRecord(params: ModelParams, values: FlagValues): Record<string, unknown> {
  if (!Number.isFinite(params.beta)) return groundStateRecord(params, values);
  if (values.y !== undefined) {
    throw new UsageError(
      `--y: only used with --beta inf (at finite beta the Parisi parameter is --x), got ${
        JSON.stringify(values.y)
      }`,
    );
  }
  const tolerance = numberFlag(values, "tolerance", 1e-10, { min: 0, exclusiveMin: true })!;
  const maxIterations = numberFlag(values, "max-iter", 3000, { integer: true, min: 1 })!;
  const x = parseRsbX(values);
  const s = solveOneRsb(params, { x, tolerance, maxIterations });
  const rs = solveRs(params, { tolerance, maxIterations: Math.max(maxIterations, 5000) });
  return {
    x: s.x,
    q0: s.q0,
    q1: s.q1,
    Q: s.Q,
    m: s.m,
    freeEntropy: s.freeEntropy,
    entropy: s.entropy,
    shannonEntropy: s.shannonEntropy,
    genError: s.genError,
    meanError: s.meanError,
    trainError: s.trainError,
    converged: s.converged,
    reason: s.reason ?? null,
    iterations: s.iterations,
    rs: {
      q: rs.q,
      Q: rs.Q,
      m: rs.m,
      freeEntropy: rs.freeEntropy,
      entropy: rs.entropy,
      shannonEntropy: rs.shannonEntropy,
      genError: rs.genError,
      meanError: rs.meanError,
      trainError: rs.trainError,
      at: rs.at,
      converged: rs.converged,
    },
  };
}

/** Runs `rsb` with argv; returns the exit code. */
export function runRsb(argv: string[]): number {
  const values = parseFlags(argv, {
    x: { type: "string" },
    y: { type: "string" },
    tolerance: { type: "string" },
    "max-iter": { type: "string" },
  });
  if (values.help) {
    console.log(RSB_USAGE);
    return 0;
  }
  const params = modelFromFlags(values);
  const record = rsbRecord(params, values);
  if (values.json) console.log(toJson(record));
  else {
    const { rs, ...rest } = record as { rs: Record<string, unknown> };
    const rows: [string, unknown][] = [
      ...Object.entries(rest),
      ...Object.entries(rs).map(([k, v]): [string, unknown] => [`rs.${k}`, v]),
    ];
    console.log(formatTable(rows));
  }
  // exit 3 when the 1RSB solve or the RS solve shown beside it did not converge, and say which
  const rsRecord = record.rs as { converged: boolean };
  const failed = [
    ...(record.converged ? [] : [`1RSB${record.reason ? ` (${record.reason})` : ""}`]),
    ...(rsRecord.converged ? [] : ["RS (under rs)"]),
  ];
  if (failed.length > 0) {
    console.error(`typiquant rsb: did not converge: ${failed.join(", ")}`);
    return 3;
  }
  return 0;
}
