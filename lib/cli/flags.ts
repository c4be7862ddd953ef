/**
 * Flag parsing shared by the CLI subcommands: the model and quantizer flags of `cli rs`,
 * number and list parsing with errors that name the flag, its value and the allowed range.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { ModelParams } from "../model/params.ts";
import { gaussBernoulliTeacher, gaussianTeacher, levelsTeacher } from "../model/teacher.ts";
import { QUANTIZER_NAMES, quantizerFromSpec, type QuantizerName } from "../quantizers/from_spec.ts";

/** A bad command line: printed as one line on stderr, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/**
 * Upper bounds of the CLI's size, count and scale flags, applied by {@link numberFlag} to every
 * flag named here whose range has no explicit `max` (so every command shares them). The size
 * bounds keep one flag from making a command run for hours or allocate gigabytes (the commands
 * also check the combined cost, see {@link checkBudget}); the scale bounds are where the RS
 * solvers were checked to converge (beta above 1e8, or widths above 1e3 times the teacher's
 * scale, need a residual finer than double precision resolves).
 *
 * @example
 * ```ts
 * if (FLAG_BOUNDS["max-iter"] !== 100000) throw new Error();
 * ```
 */
export const FLAG_BOUNDS: Readonly<Record<string, number>> = Object.freeze({
  "max-iter": 100_000,
  samples: 2_000,
  seeds: 10_000,
  workers: 64,
  n: 100_000,
  chains: 1_024,
  replicas: 256,
  sweeps: 10_000_000,
  "burn-in": 10_000_000,
  anneal: 10_000_000,
  alpha: 1e12,
  beta: 1e8,
  sigma2: 1e12,
  lambda: 1e100,
  rho: 1e12,
  width: 1e3,
  mu: 1e12,
});

/**
 * Refuses work whose estimated cost exceeds a budget, before any of it starts.
 *
 * @param flag the flag to name in the message (the one that usually makes the cost large).
 * @param what a description of the estimate, e.g. `"seeds·max-iter·alpha·n²"`.
 * @param estimate the estimated cost in the budget's unit.
 * @param budget the largest accepted estimate.
 * @param unit the unit, e.g. `"multiply-adds"` or `"bytes"`.
 * @throws {UsageError} `--n: the run needs ~3.2e13 multiply-adds (seeds·max-iter·alpha·n²), above the bound 1e12`.
 * @example
 * ```ts
 * checkBudget("n", "alpha·n²·4", 1e6, 1e9, "bytes");
 * let msg = "";
 * try { checkBudget("n", "alpha·n²·4", 1e12, 1e9, "bytes"); } catch (e) { msg = (e as Error).message; }
 * if (!msg.startsWith("--n: ")) throw new Error(msg);
 * ```
 */
export function checkBudget(
  flag: string,
  what: string,
  estimate: number,
  budget: number,
  unit: string,
): void {
  if (!(estimate <= budget)) {
    throw new UsageError(
      `--${flag}: the run needs ~${estimate.toPrecision(2)} ${unit} (${what}), above the bound ${
        budget.toPrecision(2)
      }; reduce it`,
    );
  }
}

/** Option table entry for node:util parseArgs. */
export type FlagSpec = Record<string, { type: "string" | "boolean"; default?: string | boolean }>;

/** The model and quantizer flags common to every subcommand. */
export const MODEL_FLAGS: FlagSpec = {
  alpha: { type: "string" },
  beta: { type: "string" },
  bits: { type: "string" },
  width: { type: "string" },
  quantizer: { type: "string", default: "uniform" },
  levels: { type: "string" },
  mu: { type: "string" },
  sigma2: { type: "string", default: "0" },
  lambda: { type: "string", default: "0" },
  rho: { type: "string", default: "1" },
  teacher: { type: "string", default: "gaussian" },
  density: { type: "string", default: "0.5" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", default: false },
};

/** Parsed flag values. */
export type FlagValues = Record<string, string | boolean | undefined>;

/** The flags given explicitly on the command line, per parsed value object. */
const explicit = new WeakMap<FlagValues, ReadonlySet<string>>();

/**
 * Whether `flag` was given explicitly (not filled in by a default). For value objects not made
 * by {@link parseFlags} (e.g. copies), any defined value other than the flag's default counts.
 *
 * @example
 * ```ts
 * const v = parseFlags(["--alpha", "2"]);
 * if (flagGiven(v, "quantizer") || !flagGiven(v, "alpha")) throw new Error();
 * ```
 */
export function flagGiven(values: FlagValues, flag: string): boolean {
  const set = explicit.get(values);
  if (set !== undefined) return set.has(flag);
  return values[flag] !== undefined && values[flag] !== MODEL_FLAGS[flag]?.default;
}

/**
 * Parses argv against the model flags plus `extra`, rejecting unknown flags and positionals.
 *
 * @throws {UsageError} on unknown flags or missing values.
 * @example
 * ```ts
 * const v = parseFlags(["--alpha", "2", "--json"]);
 * if (v.alpha !== "2" || v.json !== true || v.quantizer !== "uniform") throw new Error();
 * ```
 */
export function parseFlags(argv: string[], extra: FlagSpec = {}): FlagValues {
  const options = { ...MODEL_FLAGS, ...extra };
  // let string flags take negative numbers as values ("--alpha -1" → "--alpha=-1")
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith("--") ? argv[i].slice(2) : "";
    const next = argv[i + 1];
    if (
      options[name]?.type === "string" && next !== undefined && /^-([\d.]|inf)/i.test(next)
    ) {
      args.push(`--${name}=${next}`);
      i++;
    } else args.push(argv[i]);
  }
  try {
    const { values, positionals } = parseArgs({
      args,
      options,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length > 0) {
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
    }
    const given = new Set<string>();
    for (const a of args) {
      if (a.startsWith("--")) given.add(a.slice(2).split("=")[0]);
    }
    explicit.set(values as FlagValues, given);
    return values as FlagValues;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = (e as Error).message.split("\n")[0];
    const unknown = /^Unknown option '--([^']*)'/.exec(message);
    if (unknown !== null) {
      throw new UsageError(`--${unknown[1]}: unknown flag for this command (see --help)`);
    }
    const missing = /^Option '--([\w-]+)[^']*' argument missing/.exec(message);
    if (missing !== null) throw new UsageError(`--${missing[1]}: expected a value`);
    throw new UsageError(message);
  }
}

/** Range constraints for {@link parseNumber}. */
export interface NumberRange {
  min?: number;
  max?: number;
  /** min is exclusive */
  exclusiveMin?: boolean;
  integer?: boolean;
  /** accept "inf" / "Infinity" */
  allowInfinity?: boolean;
}

function describe(r: NumberRange): string {
  const kind = r.integer ? "an integer" : "a number";
  const parts: string[] = [];
  if (r.min !== undefined) parts.push(`${r.exclusiveMin ? ">" : ">="} ${r.min}`);
  if (r.max !== undefined) parts.push(`<= ${r.max}`);
  const inf = r.allowInfinity ? " (or inf)" : "";
  return `${kind}${parts.length ? " " + parts.join(" and ") : ""}${inf}`;
}

/**
 * Parses one numeric flag value.
 *
 * @throws {UsageError} `--flag: expected a number > 0, got "x"`.
 * @example
 * ```ts
 * if (parseNumber("beta", "inf", { min: 0, exclusiveMin: true, allowInfinity: true }) !== Infinity) throw new Error();
 * let msg = "";
 * try { parseNumber("alpha", "-1", { min: 0, exclusiveMin: true }); } catch (e) { msg = (e as Error).message; }
 * if (msg !== '--alpha: expected a number > 0, got "-1"') throw new Error(msg);
 * ```
 */
export function parseNumber(flag: string, raw: string, range: NumberRange = {}): number {
  const text = raw.trim();
  let v: number;
  if (range.allowInfinity && /^(\+?inf|\+?infinity)$/i.test(text)) v = Infinity;
  else v = text === "" ? NaN : Number(text);
  const bad = Number.isNaN(v) ||
    (!Number.isFinite(v) && !(range.allowInfinity && v === Infinity)) ||
    (range.integer && !Number.isInteger(v)) ||
    (range.min !== undefined && (range.exclusiveMin ? !(v > range.min) : !(v >= range.min))) ||
    (range.max !== undefined && v > range.max && !(range.allowInfinity && v === Infinity));
  if (bad) {
    throw new UsageError(`--${flag}: expected ${describe(range)}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/**
 * Parses a comma-separated list of numbers, each checked against `range`.
 *
 * @example
 * ```ts
 * const b = parseList("bits", "1,2, 3", { integer: true, min: 1, max: 16 });
 * if (b.join() !== "1,2,3") throw new Error();
 * ```
 */
export function parseList(flag: string, raw: string, range: NumberRange = {}): number[] {
  const parts = raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
  if (parts.length === 0) {
    throw new UsageError(`--${flag}: expected a comma-separated list, got ""`);
  }
  return parts.map((p) => parseNumber(flag, p, range));
}

/**
 * Reads an optional numeric flag. Flags listed in {@link FLAG_BOUNDS} get that upper bound
 * unless `range.max` is given.
 *
 * @example
 * ```ts
 * let msg = "";
 * try { numberFlag({ samples: "1e9" }, "samples", 48, { integer: true, min: 2 }); }
 * catch (e) { msg = (e as Error).message; }
 * if (msg !== '--samples: expected an integer >= 2 and <= 2000, got "1e9"') throw new Error(msg);
 * ```
 */
export function numberFlag(
  values: FlagValues,
  flag: string,
  fallback: number | undefined,
  range: NumberRange,
): number | undefined {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const bound = FLAG_BOUNDS[flag];
  const bounded = range.max === undefined && bound !== undefined ? { ...range, max: bound } : range;
  return parseNumber(flag, String(raw), bounded);
}

/**
 * Rejects flags that would be silently ignored: `--levels` with `--bits`, `--width`, `--mu` or a
 * `--quantizer` other than custom; `--mu` without `--quantizer mu-law`; `--density` without
 * `--teacher gauss-bernoulli`.
 *
 * @throws {UsageError} naming both flags.
 * @example
 * ```ts
 * let msg = "";
 * try { checkFlagConflicts(parseFlags(["--alpha", "1", "--levels", "-1,1", "--bits", "3"])); }
 * catch (e) { msg = (e as Error).message; }
 * if (!msg.startsWith("--bits: cannot be combined with --levels")) throw new Error(msg);
 * ```
 */
export function checkFlagConflicts(values: FlagValues): void {
  const given = (f: string) => flagGiven(values, f);
  if (given("levels")) {
    for (const f of ["bits", "width", "mu"]) {
      if (given(f)) {
        throw new UsageError(
          `--${f}: cannot be combined with --levels (the levels fix the level set)`,
        );
      }
    }
    const name = String(values.quantizer ?? "uniform");
    if (given("quantizer") && name !== "custom") {
      throw new UsageError(
        `--quantizer: cannot be combined with --levels (which gives a custom level set), got ${
          JSON.stringify(name)
        }`,
      );
    }
  }
  if (given("mu") && String(values.quantizer ?? "uniform") !== "mu-law") {
    throw new UsageError(
      `--mu: only used with --quantizer mu-law, got --quantizer ${
        JSON.stringify(String(values.quantizer ?? "uniform"))
      }`,
    );
  }
  if (given("density") && String(values.teacher ?? "gaussian") !== "gauss-bernoulli") {
    throw new UsageError(
      `--density: only used with --teacher gauss-bernoulli, got --teacher ${
        JSON.stringify(String(values.teacher ?? "gaussian"))
      }`,
    );
  }
  if (
    String(values.quantizer ?? "uniform") === "continuous" &&
    (given("bits") || given("width"))
  ) {
    throw new UsageError(
      `--${given("bits") ? "bits" : "width"}: not used with --quantizer continuous (real weights)`,
    );
  }
}

/**
 * Builds model parameters from the common flags. `bits` may be overridden (for subcommands
 * that loop over bit counts). `--beta` defaults to `inf`; `--alpha` is required unless
 * `alphaOptional`.
 *
 * @throws {UsageError} naming the flag.
 * @example
 * ```ts
 * const p = modelFromFlags(parseFlags(["--alpha", "2", "--beta", "10", "--bits", "2", "--width", "1"]));
 * if (p.alpha !== 2 || p.beta !== 10 || p.quantizer.kind !== "levels") throw new Error();
 * ```
 */
export function modelFromFlags(
  values: FlagValues,
  overrides: { bits?: number; width?: number; alpha?: number } = {},
): ModelParams {
  checkFlagConflicts(values);
  const alpha = overrides.alpha ??
    numberFlag(values, "alpha", undefined, { min: 0, exclusiveMin: true });
  if (alpha === undefined) throw new UsageError(`--alpha: required (a number > 0)`);
  const beta = numberFlag(values, "beta", Infinity, {
    min: 0,
    exclusiveMin: true,
    allowInfinity: true,
  })!;
  const sigma2 = numberFlag(values, "sigma2", 0, { min: 0 })!;
  const lambda = numberFlag(values, "lambda", 0, { min: 0 })!;
  const rho = numberFlag(values, "rho", 1, { min: 0, exclusiveMin: true })!;
  const name = String(values.quantizer ?? "uniform");
  if (!(QUANTIZER_NAMES as readonly string[]).includes(name)) {
    throw new UsageError(
      `--quantizer: expected one of ${QUANTIZER_NAMES.join("|")}, got ${JSON.stringify(name)}`,
    );
  }
  const levels = values.levels === undefined
    ? undefined
    : parseList("levels", String(values.levels), { min: -1e3, max: 1e3 });
  const bits = overrides.bits ?? numberFlag(values, "bits", levels ? undefined : 2, {
    integer: true,
    min: 1,
    max: 16,
  });
  const width = overrides.width ?? numberFlag(values, "width", levels ? undefined : 1, {
    min: 0,
    exclusiveMin: true,
  });
  const mu = numberFlag(values, "mu", undefined, { min: 0, exclusiveMin: true });
  let quantizer;
  try {
    quantizer = quantizerFromSpec({
      quantizer: name as QuantizerName,
      bits,
      width,
      levels,
      mu,
    });
  } catch (e) {
    throw new UsageError(`--${(e as Error).message}`);
  }
  const teacherName = String(values.teacher ?? "gaussian");
  let teacher;
  switch (teacherName) {
    case "gaussian":
      teacher = gaussianTeacher({ rho });
      break;
    case "gauss-bernoulli": {
      const density = numberFlag(values, "density", 0.5, { min: 0, exclusiveMin: true, max: 1 });
      teacher = gaussBernoulliTeacher({ rho, density });
      break;
    }
    case "levels":
      if (quantizer.kind !== "levels") {
        throw new UsageError(`--teacher: "levels" needs a level-set quantizer, got "continuous"`);
      }
      teacher = levelsTeacher(quantizer.levels);
      break;
    default:
      throw new UsageError(
        `--teacher: expected one of gaussian|levels|gauss-bernoulli, got ${
          JSON.stringify(teacherName)
        }`,
      );
  }
  return { alpha, beta, sigma2, lambda, quantizer, teacher };
}
