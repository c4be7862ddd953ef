/**
 * `typiquant phase`: transition lines along one parameter for each bit depth — every width (or
 * alpha, beta, sigma2, lambda) in a range where the AT replicon crosses 1, and where the
 * entropy crosses 0.
 *
 * @module
 */
import { formatValue, toJson } from "./output.ts";
import {
  type FlagValues,
  modelFromFlags,
  numberFlag,
  parseFlags,
  parseList,
  parseNumber,
  UsageError,
} from "./flags.ts";
import type { QuantizerName, QuantizerSpec } from "../quantizers/from_spec.ts";
import {
  checkVaryParameter,
  type ExperimentParams,
  VARY_PARAMETERS,
  type VaryParameter,
} from "../experiments/params.ts";
import { transitionLines } from "../experiments/transition_lines.ts";
import { parseShard, type Shard, type ShardFile, shardPoints } from "../experiments/sweep.ts";

/**
 * Help text of `phase`.
 *
 * @example
 * ```ts
 * if (!PHASE_USAGE.includes("--vary P")) throw new Error();
 * ```
 */
export const PHASE_USAGE =
  `typiquant phase: AT (replicon = 1) and zero-entropy crossings along one parameter
  --vary P         width|alpha|beta|sigma2|lambda (required)
  --from A --to B  the range of P (required, A < B)
  --samples N      scan grid points (integer 2..2000, default 48)   --scale linear|log (default linear)
  --bits LIST      comma-separated bit depths (default 2), one line each
  --alpha A        samples per weight (required unless --vary alpha)
  --beta B         inverse temperature, finite (required unless --vary beta)
  --quantizer Q    uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2 (default uniform)
  --width W        outermost level (default 1; ignored with --vary width)
  --levels L       custom sorted levels (instead of --bits)   --mu MU  mu-law parameter
  --sigma2 S --lambda L --rho R --teacher T --density P   as in \`cli rs\`
  --tolerance T    RS tolerance (default 1e-10)   --max-iter N (1..100000, default 5000)
  --json           {"vary","from","to","lines":[{"bits","crossings","entropyCrossings",…}]}
  --shard K/N      only the lines (bit depths) i with i mod N = K − 1 (1 <= K <= N <= 10000),
                   as a shard file; \`sweep merge FILES… --out F\` joins all N into the output
exit: 0 ok, 2 bad input, 3 some solve or crossing did not converge`;

/** Flags of `phase` besides the model flags. */
const PHASE_FLAGS = {
  vary: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  samples: { type: "string" },
  scale: { type: "string" },
  tolerance: { type: "string" },
  "max-iter": { type: "string" },
  shard: { type: "string" },
} as const;

/**
 * Builds the experiment point of one bit depth from the model flags, with the varied
 * parameter set to `at` (the start of its range) so the other flags are validated as usual.
 *
 * @throws {UsageError} naming the flag.
 * @example
 * ```ts
 * import { parseFlags } from "./flags.ts";
 * const v = parseFlags(["--alpha", "2", "--beta", "10", "--quantizer", "lloyd-max"]);
 * const p = experimentFromFlags(v, 3, "width", 0.5);
 * if (JSON.stringify(p.quantizer) !== '{"quantizer":"lloyd-max","bits":3,"width":0.5}') throw new Error();
 * ```
 */
export function experimentFromFlags(
  values: FlagValues,
  bits: number | undefined,
  vary: VaryParameter | undefined,
  at: number | undefined,
): ExperimentParams {
  const overrides: { bits?: number; width?: number; alpha?: number } = { bits };
  if (vary === "width") overrides.width = at;
  if (vary === "alpha") overrides.alpha = at;
  const v: FlagValues = { ...values };
  if (vary === "beta") v.beta = String(at);
  if (vary === "sigma2") v.sigma2 = String(at);
  if (vary === "lambda") v.lambda = String(at);
  const model = modelFromFlags(v, overrides);
  const name = String(values.quantizer ?? "uniform") as QuantizerName;
  let spec: QuantizerSpec;
  if (model.quantizer.kind === "continuous") spec = { quantizer: "continuous" };
  else if (values.levels !== undefined) {
    spec = { quantizer: "custom", levels: Array.from(model.quantizer.levels) };
  } else {
    spec = {
      quantizer: name,
      bits: bits ?? (model.quantizer.bits as number),
      width: model.quantizer.width,
      ...(values.mu !== undefined ? { mu: parseNumber("mu", String(values.mu), {}) } : {}),
    };
  }
  return {
    alpha: model.alpha,
    beta: model.beta,
    sigma2: model.sigma2,
    lambda: model.lambda,
    teacher: model.teacher,
    quantizer: spec,
  };
}

/**
 * Runs `phase` with argv; returns the exit code (0 ok, 3 not converged; bad input throws a
 * UsageError or RangeError, which `main` turns into exit code 2).
 *
 * @example
 * ```ts
 * if (runPhase(["--help"]) !== 0) throw new Error();
 * ```
 */
export function runPhase(argv: string[]): number {
  const values = parseFlags(argv, PHASE_FLAGS);
  if (values.help) {
    console.log(PHASE_USAGE);
    return 0;
  }
  if (values.vary === undefined) {
    throw new UsageError(`--vary: required, one of ${VARY_PARAMETERS.join("|")}`);
  }
  let vary: VaryParameter;
  try {
    vary = checkVaryParameter(String(values.vary));
  } catch {
    throw new UsageError(
      `--vary: expected one of ${VARY_PARAMETERS.join("|")}, got ${JSON.stringify(values.vary)}`,
    );
  }
  const positive = vary === "width" || vary === "alpha" || vary === "beta";
  const range = positive ? { min: 0, exclusiveMin: true } : { min: 0 };
  if (values.from === undefined) {
    throw new UsageError(`--from: required (start of the ${vary} range)`);
  }
  if (values.to === undefined) throw new UsageError(`--to: required (end of the ${vary} range)`);
  const from = parseNumber("from", String(values.from), range);
  const to = parseNumber("to", String(values.to), range);
  if (!(to > from)) {
    throw new UsageError(
      `--to: expected a number > --from = ${from}, got ${JSON.stringify(values.to)}`,
    );
  }
  const samples = numberFlag(values, "samples", 48, { integer: true, min: 2 })!;
  const scale = String(values.scale ?? "linear");
  if (scale !== "linear" && scale !== "log") {
    throw new UsageError(`--scale: expected linear|log, got ${JSON.stringify(scale)}`);
  }
  if (scale === "log" && !(from > 0)) {
    throw new UsageError(
      `--from: expected a number > 0 with --scale log, got ${JSON.stringify(values.from)}`,
    );
  }
  const tolerance = numberFlag(values, "tolerance", 1e-10, { min: 0, exclusiveMin: true })!;
  const maxIterations = numberFlag(values, "max-iter", 5000, { integer: true, min: 1 })!;
  if (vary !== "beta") {
    const beta = numberFlag(values, "beta", undefined, { min: 0, exclusiveMin: true });
    if (beta === undefined) {
      throw new UsageError(
        `--beta: required, a finite number > 0 (AT lines diverge at beta = inf)`,
      );
    }
  }
  const bitsList = values.levels !== undefined
    ? [undefined]
    : parseList("bits", String(values.bits ?? "2"), { integer: true, min: 1, max: 16 });
  if (bitsList.length > 16) {
    throw new UsageError(`--bits: expected at most 16 bit depths, got ${bitsList.length}`);
  }
  const points = bitsList.map((bits) => experimentFromFlags(values, bits, vary, from));
  if (String(values.quantizer ?? "uniform") === "continuous" && vary === "width") {
    throw new UsageError(`--vary: continuous weights have no width to vary`);
  }
  let shard: Shard | null = null;
  if (values.shard !== undefined) {
    try {
      shard = parseShard(String(values.shard));
    } catch (e) {
      throw new UsageError(`--${(e as Error).message}`);
    }
  }
  const selected = shard === null ? points.map((_, k) => k) : shardPoints(points.length, shard);
  const lines = selected.map((k) => points[k]).map((p) => {
    const t = transitionLines(p, {
      vary,
      from,
      to,
      samples,
      scale,
      tolerance,
      maxIterations,
    });
    const q = p.quantizer as QuantizerSpec;
    return {
      bits: q.bits ?? (q.levels ? Math.log2(q.levels.length) : null),
      crossings: t.at.map((c) => c.value),
      directions: t.at.map((c) => c.direction),
      entropyCrossings: t.entropy.map((c) => c.value),
      entropyDirections: t.entropy.map((c) => c.direction),
      entropyKind: t.entropyKind,
      nonConverged: t.nonConverged,
      converged: t.converged,
    };
  });
  const converged = lines.every((l) => l.converged);
  const title = `${vary} in [${from}, ${to}]: where AT = 1 and where the entropy = 0`;
  const lineText = (l: typeof lines[number]) => {
    const f = (xs: number[]) => (xs.length ? xs.map(formatValue).join(", ") : "none");
    return `bits ${l.bits}: AT = 1 at ${f(l.crossings)}; entropy = 0 at ${f(l.entropyCrossings)}${
      l.converged ? "" : " (not all converged)"
    }`;
  };
  if (shard !== null) {
    // a shard file (see `sweep merge`): the lines of this shard, tagged with their index
    const file: ShardFile = {
      typiquantShard: 1,
      command: "phase",
      format: values.json ? "json" : "text",
      index: shard.index,
      count: shard.count,
      total: points.length,
      head: values.json ? { vary, from, to, samples, scale } : title,
      items: lines.map((l, k) => ({
        point: selected[k],
        converged: l.converged,
        value: values.json ? JSON.parse(toJson(l)) : lineText(l),
      })),
    };
    console.log(toJson(file));
  } else if (values.json) {
    console.log(toJson({ vary, from, to, samples, scale, lines, converged }));
  } else {
    console.log(title);
    for (const l of lines) console.log(lineText(l));
  }
  return converged ? 0 : 3;
}
