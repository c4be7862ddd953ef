/**
 * `typiquant optimal-width`: the width minimising the generalization error for each bit depth,
 * with its RS stability and the Lloyd–Max (MSE-optimal) widths alongside.
 *
 * @module
 */
import { formatValue, toJson } from "./output.ts";
import { numberFlag, parseFlags, parseList, UsageError } from "./flags.ts";
import { experimentFromFlags } from "./phase.ts";
import { optimalWidth, type WidthObjective } from "../experiments/optimal_width.ts";

/**
 * Help text of `optimal-width`.
 *
 * @example
 * ```ts
 * if (!OPTIMAL_WIDTH_USAGE.includes("--objective")) throw new Error();
 * ```
 */
export const OPTIMAL_WIDTH_USAGE =
  `typiquant optimal-width: the width omega* minimising the generalization error
  --bits LIST      comma-separated bit depths 1..16 (default 2; at most 16 of them), one result each
  --objective O    genError (Gibbs sample, default) | meanError (posterior mean)
  --alpha A        samples per weight (required)
  --beta B         inverse temperature (> 0, or inf = ground state; default inf)
  --quantizer Q    uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2 (default uniform)
  --mu MU          mu-law parameter   --levels L  custom sorted levels (instead of --bits)
  --sigma2 S --lambda L --rho R --teacher T --density P   as in \`cli rs\`
  --from W --to W  width range scanned (default 0.05..8 times sqrt(rho), extended if needed)
  --samples N      log-spaced scan points (integer 3..2000, default 40)
  --tolerance T    RS tolerance (default 1e-10)   --max-iter N (1..100000, default 5000)
  --json           {"results":[{"bits","width","genError","meanError","at","stable","lloydMaxWidth",…}]}
exit: 0 ok, 2 bad input, 3 a minimisation or solve did not converge, 1 internal/output error`;

/**
 * Runs `optimal-width` with argv; returns the exit code (0 ok, 3 not converged; bad input
 * throws a UsageError or RangeError, which `main` turns into exit code 2).
 *
 * @example
 * ```ts
 * if (runOptimalWidth(["--help"]) !== 0) throw new Error();
 * ```
 */
export function runOptimalWidth(argv: string[]): number {
  const values = parseFlags(argv, {
    objective: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    samples: { type: "string" },
    tolerance: { type: "string" },
    "max-iter": { type: "string" },
  });
  if (values.help) {
    console.log(OPTIMAL_WIDTH_USAGE);
    return 0;
  }
  const objective = String(values.objective ?? "genError");
  if (objective !== "genError" && objective !== "meanError") {
    throw new UsageError(
      `--objective: expected genError|meanError, got ${JSON.stringify(objective)}`,
    );
  }
  if (String(values.quantizer ?? "uniform") === "continuous") {
    throw new UsageError(`--quantizer: continuous weights have no width to optimise`);
  }
  const from = numberFlag(values, "from", undefined, { min: 0, exclusiveMin: true });
  const to = numberFlag(values, "to", undefined, { min: 0, exclusiveMin: true });
  if (from !== undefined && to !== undefined && !(to > from)) {
    throw new UsageError(
      `--to: expected a number > --from = ${from}, got ${JSON.stringify(values.to)}`,
    );
  }
  const samples = numberFlag(values, "samples", 40, { integer: true, min: 3 })!;
  const tolerance = numberFlag(values, "tolerance", 1e-10, { min: 0, exclusiveMin: true })!;
  const maxIterations = numberFlag(values, "max-iter", 5000, { integer: true, min: 1 })!;
  const bitsList = values.levels !== undefined
    ? [undefined]
    : parseList("bits", String(values.bits ?? "2"), { integer: true, min: 1, max: 16 });
  if (bitsList.length > 16) {
    throw new UsageError(`--bits: expected at most 16 bit depths, got ${bitsList.length}`);
  }
  const points = bitsList.map((bits) => experimentFromFlags(values, bits, undefined, undefined));
  const results = points.map((p) => {
    const r = optimalWidth(p, {
      objective: objective as WidthObjective,
      from,
      to,
      samples,
      tolerance,
      maxIterations,
    });
    return {
      bits: r.bits,
      family: r.family,
      width: r.width,
      genError: r.genError,
      meanError: r.meanError,
      trainError: r.trainError,
      at: r.at,
      shannonEntropy: r.shannonEntropy,
      stable: r.stable,
      phase: r.phase,
      valid: r.valid,
      lloydMaxWidth: r.lloydMaxWidth,
      mseOptimalWidth: r.mseOptimalWidth,
      interior: r.interior,
      converged: r.converged,
    };
  });
  const converged = results.every((r) => r.converged);
  if (values.json) {
    console.log(toJson({ objective, results, converged }));
  } else {
    console.log(`optimal width (minimising ${objective})`);
    for (const r of results) {
      console.log(
        `bits ${formatValue(r.bits)}: width ${formatValue(r.width)}  genError ${
          formatValue(r.genError)
        }  meanError ${formatValue(r.meanError)}  at ${formatValue(r.at)}  stable ${r.stable}  ` +
          `Lloyd-Max width ${formatValue(r.lloydMaxWidth)}  family MSE-optimal width ${
            formatValue(r.mseOptimalWidth)
          }${r.converged ? "" : "  (not converged)"}`,
      );
    }
  }
  if (!converged) {
    const failed = results.filter((r) => !r.converged).map((r) => r.bits ?? "levels");
    console.error(`typiquant optimal-width: did not converge for bits ${failed.join(",")}`);
  }
  return converged ? 0 : 3;
}
