/**
 * `typiquant sweep`: the RS solution on the cartesian product of parameter lists, as CSV
 * (default) or JSON on stdout, with a progress bar on stderr.
 *
 * List syntax (every list flag): comma-separated items, each a number or a range
 * `from:to:count` (count evenly spaced values, ends included) or `from:to:count:log`
 * (geometrically spaced), e.g. `--alpha 0.5,1,2 --width 0.5:3:11 --beta 1:100:3:log,inf`.
 *
 * @module
 */
import {
  checkBudget,
  numberFlag,
  type NumberRange,
  parseFlags,
  parseNumber,
  UsageError,
} from "./flags.ts";
import { gaussBernoulliTeacher, gaussianTeacher } from "../model/teacher.ts";
import { QUANTIZER_NAMES, type QuantizerName } from "../quantizers/from_spec.ts";
import { parameterGrid } from "../experiments/params.ts";
import {
  mergeShards,
  parseShard,
  runSweep,
  type Shard,
  shardPoints,
  sweepShardFile,
  sweepSize,
  sweepToCsv,
  sweepToJson,
} from "../experiments/sweep.ts";
import { progressBar } from "../jupyter/progress.ts";

/** Largest number of grid points (and of items of one range) a `sweep` accepts. */
export const SWEEP_MAX_POINTS = 100_000;

/**
 * Help text of `sweep`.
 *
 * @example
 * ```ts
 * if (!SWEEP_USAGE.includes("FROM:TO:COUNT")) throw new Error();
 * ```
 */
export const SWEEP_USAGE =
  `typiquant sweep: RS solutions on a grid of parameters (cartesian product)
  list flags take comma-separated items, each a number or a range FROM:TO:COUNT
  (evenly spaced, ends included) or FROM:TO:COUNT:log, e.g. --width 0.5:3:11; at most
  ${SWEEP_MAX_POINTS} grid points in all (checked before solving)
  --alpha LIST     samples per weight (required)
  --beta LIST      inverse temperatures, > 0 or inf (default inf)
  --sigma2 LIST    label-noise variances (default 0)   --lambda LIST  weight decays (default 0)
  --bits LIST      bit depths (default 2)              --width LIST   widths (default 1)
  --quantizer LIST comma-separated families: uniform|midtread|gauss-quantile|lloyd-max|mu-law|pow2|continuous
  --mu MU          mu-law parameter   --rho R   --teacher gaussian|gauss-bernoulli  --density P
  --tolerance T    RS tolerance (default 1e-10)   --max-iter N (1..100000, default 5000)
  --json           {"rows":[…]} instead of CSV (inf as "inf")
  --shard K/N      solve only points i with i mod N = K − 1 (1 <= K <= N <= 10000) and print
                   a shard file; \`sweep merge\` joins the N files into the single run's output
  --no-progress    no progress bar on stderr
typiquant sweep merge FILES… --out F: the output of the single run from the files of all
  N shards (CSV or JSON as the shards were run), byte for byte
exit: 0 ok, 2 bad input, 3 some point did not converge (the output is still complete)`;

/**
 * Parses a list flag with range items (see the module doc).
 *
 * @throws {UsageError} naming the flag and the offending item.
 * @example
 * ```ts
 * const v = parseSweepList("width", "0.5:1.5:3,4");
 * if (v.join() !== "0.5,1,1.5,4") throw new Error(v.join());
 * const b = parseSweepList("beta", "1:100:3:log,inf", { min: 0, exclusiveMin: true, allowInfinity: true });
 * if (Math.abs(b[1] - 10) > 1e-12 || b[3] !== Infinity) throw new Error(b.join());
 * ```
 */
export function parseSweepList(flag: string, raw: string, range: NumberRange = {}): number[] {
  const items = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (items.length === 0) {
    throw new UsageError(`--${flag}: expected a comma-separated list, got ${JSON.stringify(raw)}`);
  }
  const out: number[] = [];
  for (const item of items) {
    if (!item.includes(":")) {
      out.push(parseNumber(flag, item, range));
      continue;
    }
    const parts = item.split(":");
    const log = parts.length === 4 && parts[3] === "log";
    if (!(parts.length === 3 || log)) {
      throw new UsageError(
        `--${flag}: expected a range FROM:TO:COUNT or FROM:TO:COUNT:log, got ${
          JSON.stringify(item)
        }`,
      );
    }
    const finite = { ...range, allowInfinity: false };
    const from = parseNumber(flag, parts[0], finite);
    const to = parseNumber(flag, parts[1], finite);
    const count = parseNumber(flag, parts[2], { integer: true, min: 1, max: SWEEP_MAX_POINTS });
    if (count === 1) {
      if (from !== to) {
        throw new UsageError(
          `--${flag}: a range of COUNT 1 needs FROM = TO, got ${JSON.stringify(item)}`,
        );
      }
      out.push(from);
      continue;
    }
    if (!(to > from)) {
      throw new UsageError(`--${flag}: expected FROM < TO in range ${JSON.stringify(item)}`);
    }
    if (log && !(from > 0)) {
      throw new UsageError(`--${flag}: a log range needs FROM > 0, got ${JSON.stringify(item)}`);
    }
    out.push(...parameterGrid(from, to, count, log ? "log" : "linear"));
  }
  return out;
}

/**
 * Runs `sweep` with argv; returns the exit code (0 ok, 3 some point not converged; bad input
 * throws a UsageError or RangeError, which `main` turns into exit code 2).
 *
 * @example
 * ```ts
 * if (await runSweepCommand(["--help"]) !== 0) throw new Error();
 * ```
 */
export async function runSweepCommand(argv: string[]): Promise<number> {
  if (argv[0] === "merge") return await runSweepMerge(argv.slice(1));
  const values = parseFlags(argv, {
    tolerance: { type: "string" },
    "max-iter": { type: "string" },
    shard: { type: "string" },
    "no-progress": { type: "boolean", default: false },
  });
  if (values.help) {
    console.log(SWEEP_USAGE);
    return 0;
  }
  if (values.alpha === undefined) throw new UsageError(`--alpha: required (a list of numbers > 0)`);
  if (values.levels !== undefined) {
    throw new UsageError(`--levels: not supported by sweep (use --quantizer and --bits/--width)`);
  }
  const list = (flag: string, fallback: string, range: NumberRange) =>
    parseSweepList(flag, String(values[flag] ?? fallback), range);
  const alpha = list("alpha", "", { min: 0, exclusiveMin: true });
  const beta = list("beta", "inf", { min: 0, exclusiveMin: true, allowInfinity: true });
  const sigma2 = list("sigma2", "0", { min: 0 });
  const lambda = list("lambda", "0", { min: 0 });
  const bits = list("bits", "2", { integer: true, min: 1, max: 16 });
  const width = list("width", "1", { min: 0, exclusiveMin: true });
  const families = String(values.quantizer ?? "uniform").split(",").map((s) => s.trim())
    .filter((s) => s !== "");
  if (families.length === 0) {
    throw new UsageError(`--quantizer: expected a comma-separated list, got ""`);
  }
  const allowed = QUANTIZER_NAMES.filter((n) => n !== "custom");
  for (const f of families) {
    if (!(allowed as readonly string[]).includes(f)) {
      throw new UsageError(
        `--quantizer: expected one of ${allowed.join("|")}, got ${JSON.stringify(f)}`,
      );
    }
  }
  const mu = numberFlag(values, "mu", undefined, { min: 0, exclusiveMin: true });
  const rho = numberFlag(values, "rho", 1, { min: 0, exclusiveMin: true })!;
  const teacherName = String(values.teacher ?? "gaussian");
  let teacher;
  if (teacherName === "gaussian") teacher = gaussianTeacher({ rho });
  else if (teacherName === "gauss-bernoulli") {
    const density = numberFlag(values, "density", 0.5, { min: 0, exclusiveMin: true, max: 1 })!;
    teacher = gaussBernoulliTeacher({ rho, density });
  } else {
    throw new UsageError(
      `--teacher: expected one of gaussian|gauss-bernoulli, got ${JSON.stringify(teacherName)}`,
    );
  }
  const tolerance = numberFlag(values, "tolerance", 1e-10, { min: 0, exclusiveMin: true })!;
  const maxIterations = numberFlag(values, "max-iter", 5000, { integer: true, min: 1 })!;
  const grid = {
    alpha,
    beta,
    sigma2,
    lambda,
    bits,
    width,
    quantizer: families as QuantizerName[],
    mu,
    teacher,
  };
  const total = sweepSize(grid);
  checkBudget("alpha", "the product of the list lengths", total, SWEEP_MAX_POINTS, "grid points");
  let shard: Shard | null = null;
  if (values.shard !== undefined) {
    try {
      shard = parseShard(String(values.shard));
    } catch (e) {
      throw new UsageError(`--${(e as Error).message}`);
    }
  }
  const points = shard === null ? undefined : shardPoints(total, shard);
  // the bar starts with the first solved point, after runSweep has validated every point
  let bar: ReturnType<typeof progressBar> | null = null;
  const result = runSweep(grid, {
    tolerance,
    maxIterations,
    points,
    onProgress: (done, all) => {
      if (values["no-progress"]) return;
      bar ??= progressBar({ total: all, label: "sweep", target: null });
      bar.update(done);
    },
  });
  await (bar as ReturnType<typeof progressBar> | null)?.done();
  if (shard !== null) {
    const format = values.json ? "json" : "csv";
    console.log(sweepShardFile(result.rows, points!, shard, total, format));
  } else if (values.json) console.log(sweepToJson(result.rows));
  else console.log(sweepToCsv(result.rows).trimEnd());
  return result.converged ? 0 : 3;
}

/**
 * `sweep merge FILES… --out F`: writes the single run's output reassembled from shard files
 * (written by `sweep --shard K/N` or `phase --shard K/N`); returns 0, or 3 when some point did
 * not converge. Bad or incomplete files throw a UsageError (exit 2).
 *
 * @example
 * ```ts
 * let threw = false;
 * try { await runSweepMerge(["a.json"]); } catch { threw = true; } // --out is required
 * if (!threw) throw new Error();
 * ```
 */
export async function runSweepMerge(argv: string[]): Promise<number> {
  const files: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") {
      console.log(SWEEP_USAGE);
      return 0;
    }
    if (a === "--out") {
      out = argv[++i];
      if (out === undefined) throw new UsageError(`--out: expected a file name`);
    } else if (a.startsWith("--out=")) out = a.slice(6);
    else if (a.startsWith("--")) throw new UsageError(`sweep merge: unknown flag ${a}`);
    else files.push(a);
  }
  if (out === undefined || out === "") throw new UsageError(`--out: required (the merged file)`);
  if (files.length === 0) throw new UsageError(`FILES: expected the files of all shards`);
  const texts = await Promise.all(files.map(async (f) => {
    try {
      return await Deno.readTextFile(f);
    } catch (e) {
      throw new UsageError(`FILES: cannot read ${JSON.stringify(f)} (${(e as Error).name})`);
    }
  }));
  let merged;
  try {
    merged = mergeShards(texts);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  await Deno.writeTextFile(out, merged.output);
  return merged.converged ? 0 : 3;
}
