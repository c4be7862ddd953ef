/**
 * `typiquant rs`: the replica-symmetric solution at one point (finite beta or `--beta inf`).
 *
 * @module
 */
import { formatTable, formatValue, printLine, toJson } from "./output.ts";
import { type FlagValues, modelFromFlags, numberFlag, parseFlags } from "./flags.ts";
import { solveRs } from "../theory/rs.ts";
import { solveZeroTemperature } from "../theory/zero_temperature.ts";
import type { ModelParams } from "../model/params.ts";

/** Help text of `rs`. */
export const RS_USAGE = `typiquant rs: replica-symmetric solution at one point
  --alpha A        samples per weight (required, > 0 and <= 1e12)
  --beta B         inverse temperature (> 0 and <= 1e8, or inf; default inf)
  --quantizer Q    uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2|continuous (default uniform)
  --bits B         bits, integer 1..16 (default 2)   --width W   outermost level (> 0 and <= 1e3, default 1)
  --levels L       comma-separated sorted levels in [-1e3, 1e3] (instead of --bits/--width/--quantizer)
  --mu MU          mu-law parameter (--quantizer mu-law only; default 255)
  --sigma2 S       label-noise variance (>= 0 and <= 1e12, default 0)
  --lambda L       weight decay (>= 0 and <= 1e100, default 0)
  --rho R          teacher second moment (> 0 and <= 1e12, default 1)
  --teacher T      gaussian|levels|gauss-bernoulli (default gaussian)  --density P (gauss-bernoulli)
  --tolerance T    solver tolerance (default 1e-10)   --max-iter N (1..100000, default 5000)
  --json           one JSON object on stdout
exit: 0 ok, 2 bad input, 3 not converged (or a non-finite result), 1 internal/output error`;

/** JSON fields of an RS point (docs/theory.md §2), null where undefined at beta = inf. */
export function rsRecord(params: ModelParams, values: FlagValues): Record<string, unknown> {
  const tolerance = numberFlag(values, "tolerance", 1e-10, { min: 0, exclusiveMin: true })!;
  const maxIterations = numberFlag(values, "max-iter", 5000, { integer: true, min: 1 })!;
  if (Number.isFinite(params.beta)) {
    const s = solveRs(params, { tolerance, maxIterations });
    const { model: _model, ...rest } = s;
    return { phase: "finite-temperature", ...rest };
  }
  const s = solveZeroTemperature(params, { tolerance: Math.min(tolerance, 1e-12), maxIterations });
  const { model: _model, ...rest } = s;
  return {
    ...rest,
    mhat: null,
    qhat: null,
    Qhat: null,
    shannonEntropy: null,
  };
}

/**
 * The stderr line for a record that did not converge, or null if it did.
 *
 * @example
 * ```ts
 * if (notConvergedLine("RS", { converged: true }) !== null) throw new Error();
 * const line = notConvergedLine("RS", { converged: false, iterations: 7, residual: 0.5 });
 * if (line !== "RS solve did not converge (iterations 7, residual 0.500000)") throw new Error(line!);
 * ```
 */
export function notConvergedLine(what: string, record: Record<string, unknown>): string | null {
  if (record.converged === true) return null;
  return `${what} solve did not converge (iterations ${formatValue(record.iterations)}, residual ${
    formatValue(record.residual)
  })`;
}

/** Runs `rs` with argv; returns the exit code. */
export function runRs(argv: string[]): number {
  const values = parseFlags(argv, {
    tolerance: { type: "string" },
    "max-iter": { type: "string" },
  });
  if (values.help) {
    console.log(RS_USAGE);
    return 0;
  }
  const params = modelFromFlags(values);
  const record = rsRecord(params, values);
  const summary = {
    alpha: params.alpha,
    beta: Number.isFinite(params.beta) ? params.beta : "inf",
    sigma2: params.sigma2,
    lambda: params.lambda,
    ...record,
  };
  if (values.json) printLine(toJson(summary));
  else printLine(formatTable(Object.entries(summary)));
  const failure = notConvergedLine("RS", record);
  if (failure !== null) console.error(`typiquant rs: ${failure}`);
  return failure === null ? 0 : 3;
}
