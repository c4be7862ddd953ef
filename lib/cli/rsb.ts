/**
 * `typiquant rsb`: the one-step RSB solution at one point (finite beta), next to the RS one.
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
import type { ModelParams } from "../model/params.ts";

/** Help text of `rsb`. */
export const RSB_USAGE =
  `typiquant rsb: one-step replica-symmetry-breaking (1RSB) solution at one point
  --alpha A        samples per weight (required, > 0)
  --beta B         inverse temperature (required here: finite, > 0)
  --quantizer Q    uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2|continuous (default uniform)
  --bits B         bits, integer 1..16 (default 2)   --width W   outermost level (> 0, default 1)
  --levels L       comma-separated sorted levels (instead of --bits/--width)
  --mu MU          mu-law parameter (default 255)
  --sigma2 S       label-noise variance (>= 0, default 0)
  --lambda L       weight decay (>= 0, default 0)
  --rho R          teacher second moment (> 0, default 1)
  --teacher T      gaussian|levels|gauss-bernoulli (default gaussian)  --density P (gauss-bernoulli)
  --x X            Parisi parameter in (0, 1], or opt for the thermodynamic x* (default opt)
  --tolerance T    solver tolerance (default 1e-10)   --max-iter N (default 3000, per fixed x)
  --json           one JSON object on stdout (the RS values at the same point under "rs")
exit: 0 ok, 2 bad input, 3 not converged`;

/**
 * Parses `--x`: a number in (0, 1], or "opt" (the default) for the thermodynamic x*.
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
    return parseNumber("x", String(raw), { min: 0, exclusiveMin: true, max: 1 });
  } catch {
    throw new UsageError(`--x: expected a number > 0 and <= 1, or opt, got ${JSON.stringify(raw)}`);
  }
}

/**
 * JSON fields of a 1RSB point (THEORY section 3) with the RS point under `rs`.
 *
 * @throws {UsageError} for beta = inf (1RSB is solved at finite beta only).
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
  if (!Number.isFinite(params.beta)) {
    throw new UsageError(
      `--beta: rsb needs a finite beta > 0, got ${
        values.beta === undefined ? "inf (the default)" : JSON.stringify(values.beta)
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
  return record.converged ? 0 : 3;
}
