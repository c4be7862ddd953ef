// Property-based tests of the CLI contract (issue 11) with fast-check, fixed seeds, bounded runs:
// for every generated command line, either exit 0 with finite, physically sane numbers, or
// exit 2 with one stderr line naming the flag, or exit 3 saying what did not converge, within
// a time bound. Most cases run in-process through `main(argv)` with the console captured; a
// few spawn the real CLI for the real exit codes.
import assert from "node:assert/strict";
import fc from "fast-check";
import { main } from "../../lib/cli/main.ts";
import { cli } from "../cli/run_cli.ts";
import { quantizerFromSpec, type QuantizerName } from "../../lib/quantizers/from_spec.ts";
import type { LevelSet } from "../../lib/quantizers/quantizer.ts";
import { levelsTeacher } from "../../lib/model/teacher.ts";

/** Runs `main(argv)` with console.log / console.error captured. */
async function runInProcess(
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const out: string[] = [], err: string[] = [];
  const { log, error, warn } = console;
  console.log = (...a: unknown[]) => void out.push(a.map(String).join(" "));
  console.error = (...a: unknown[]) => void err.push(a.map(String).join(" "));
  console.warn = console.error;
  const t = performance.now();
  try {
    const code = await main(argv);
    return { code, stdout: out.join("\n"), stderr: err.join("\n"), ms: performance.now() - t };
  } finally {
    Object.assign(console, { log, error, warn });
  }
}

/** Names a bad-input line may start with: the flags and the library's parameter names. */
const NAMES = new Set([
  "alpha",
  "beta",
  "bits",
  "width",
  "levels",
  "mu",
  "sigma2",
  "lambda",
  "rho",
  "teacher",
  "density",
  "quantizer",
  "tolerance",
  "max-iter",
  "samples",
  "vary",
  "from",
  "to",
  "scale",
  "objective",
  "n",
  "seed",
  "seeds",
  "chains",
  "sweeps",
  "burn-in",
  "anneal",
  "replicas",
  "workers",
  "damping",
  "precision",
]);

/** Checks the exit-code contract; returns the parsed JSON on exit 0. */
function checkContract(
  command: string,
  argv: string[],
  r: { code: number; stdout: string; stderr: string; ms: number },
  budgetMs: number,
): Record<string, unknown> | null {
  const where = `${command} ${argv.join(" ")} → exit ${r.code}\n${r.stderr}`;
  assert.ok(r.ms < budgetMs, `took ${r.ms.toFixed(0)} ms: ${where}`);
  assert.ok([0, 2, 3].includes(r.code), where);
  assert.ok(!/^\s+at /m.test(r.stderr), `stack trace: ${where}`);
  if (r.code === 2) {
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, where);
    const m = new RegExp(`^typiquant ${command}: (?:--)?([\\w-]+)(?:\\[\\d+\\])?: `).exec(
      lines[0],
    );
    assert.ok(m !== null && NAMES.has(m[1]), `names no flag: ${where}`);
    assert.equal(r.stdout, "", where);
    return null;
  }
  if (r.code === 3) {
    assert.match(r.stderr, /did not converge|not converged|solver breakdown/, where);
    return null;
  }
  assert.ok(!/NaN/.test(r.stdout), where);
  return JSON.parse(r.stdout);
}

const tol = 1e-9;

/** Physical sanity of an RS record (finite or zero temperature). */
function checkRsRecord(rec: Record<string, unknown>, rho: number, maxLevels: number): void {
  const num = (k: string) => rec[k] as number | null;
  const where = JSON.stringify(rec);
  assert.equal(rec.converged, true, where);
  const finite = rec.beta !== "inf";
  const required = finite
    ? ["m", "q", "V", "Q", "chi", "R", "trainError", "genError", "meanError", "energy", "at"]
    : ["m", "q", "trainError"];
  for (const k of required) assert.ok(Number.isFinite(num(k)), `${k} not finite: ${where}`);
  if (finite) {
    for (const k of ["freeEntropy", "entropy", "mhat", "qhat"]) {
      assert.ok(Number.isFinite(num(k)), `${k}: ${where}`);
    }
  }
  const m = num("m")!, q = num("q")!, Q = num("Q");
  assert.ok(q >= -tol, `q < 0: ${where}`);
  if (Q !== null) {
    assert.ok(Q >= q - tol * (1 + q), `Q < q: ${where}`);
    assert.ok(Math.abs(m) <= Math.sqrt(rho * Q) * (1 + 1e-9) + tol, `|m| > sqrt(rho Q): ${where}`);
  }
  assert.ok(Math.abs(m) <= Math.sqrt(rho * q) * (1 + 1e-9) + tol, `|m| > sqrt(rho q): ${where}`);
  for (const k of ["trainError", "genError", "meanError", "R"]) {
    const v = num(k);
    if (v !== null) assert.ok(v >= -tol, `${k} < 0: ${where}`);
  }
  const s = num("shannonEntropy");
  if (s !== null && s !== undefined) {
    assert.ok(s <= Math.log(maxLevels) + 1e-9, `Shannon entropy > log K: ${where}`);
  }
}

// --- generators -------------------------------------------------------------------------

const logNumber = (lo: number, hi: number) =>
  fc.integer({ min: Math.round(100 * Math.log10(lo)), max: Math.round(100 * Math.log10(hi)) })
    .map((e) => String(Number((10 ** (e / 100)).toPrecision(4))));
const junk = fc.constantFrom("", "abc", "NaN", "-1", "0", "1e400", "-inf", "inf", "2.5", "0x10");

/** With probability `p`: one of `arb`'s values, else null. */
const sometimes = <T>(p: number, arb: fc.Arbitrary<T>) =>
  fc.oneof(
    { weight: Math.round(100 * (1 - p)), arbitrary: fc.constant(null) },
    { weight: Math.round(100 * p), arbitrary: arb },
  );

/**
 * Command lines of `rs`: a coherent model over the documented ranges (every family, teacher,
 * extreme alpha, beta, lambda), then, 30 % of the time, one flag set to junk or a conflicting
 * flag added.
 */
const rsArgv = fc.record({
  alpha: logNumber(1e-3, 1e6),
  beta: fc.oneof({ weight: 4, arbitrary: logNumber(1e-3, 1e4) }, {
    weight: 1,
    arbitrary: fc.constant("inf"),
  }),
  family: fc.constantFrom(
    "uniform",
    "midtread",
    "gauss-quantile",
    "lloyd-max",
    "mu-law",
    "pow2",
    "continuous",
    "levels",
  ),
  bits: fc.integer({ min: 1, max: 6 }).map(String),
  width: logNumber(0.05, 20),
  levels: fc.uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: 1, maxLength: 6 }).map((
    a,
  ) => a.sort((x, y) => x - y).map((x) => x / 10).join(",")),
  mu: logNumber(0.1, 1e3),
  sigma2: fc.oneof(fc.constant("0"), logNumber(1e-6, 1e2)),
  lambda: fc.oneof(fc.constant("0"), logNumber(1e-6, 1e30)),
  rho: sometimes(0.3, logNumber(0.1, 10)),
  teacher: fc.constantFrom("gaussian", "gaussian", "levels", "gauss-bernoulli"),
  density: logNumber(0.01, 1),
  maxIter: sometimes(0.2, fc.integer({ min: 1, max: 20000 }).map(String)),
  mutation: sometimes(
    0.3,
    fc.tuple(
      fc.constantFrom(
        "alpha",
        "beta",
        "bits",
        "width",
        "levels",
        "mu",
        "sigma2",
        "lambda",
        "rho",
        "teacher",
        "quantizer",
        "max-iter",
      ),
      fc.oneof(junk, fc.constantFrom("1e9", "17", "cauchy", "bogus", "1,1", "a,b")),
    ),
  ),
}).map((r) => {
  const args = new Map<string, string>([["alpha", r.alpha], ["beta", r.beta]]);
  if (r.family === "levels") args.set("levels", r.levels);
  else {
    args.set("quantizer", r.family);
    if (r.family !== "continuous") args.set("bits", r.bits).set("width", r.width);
    if (r.family === "mu-law") args.set("mu", r.mu);
  }
  args.set("sigma2", r.sigma2).set("lambda", r.lambda).set("teacher", r.teacher);
  if (r.teacher === "gauss-bernoulli") args.set("density", r.density);
  if (r.rho !== null) args.set("rho", r.rho);
  if (r.maxIter !== null) args.set("max-iter", r.maxIter);
  if (r.mutation !== null) args.set(r.mutation[0], r.mutation[1]);
  return [...args].flatMap(([k, v]) => [`--${k}`, v]);
});

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? undefined : argv[i + 1];
}

Deno.test("property: cli rs over the flag space honours the exit-code contract", async () => {
  const codes = [0, 0, 0, 0];
  await fc.assert(
    fc.asyncProperty(rsArgv, async (argv) => {
      const r = await runInProcess(["rs", ...argv, "--json"]);
      codes[r.code] = (codes[r.code] ?? 0) + 1;
      if (Deno.env.get("DEBUG_PROP")) console.log(r.code, argv.join(" "), r.stderr);
      const rec = checkContract("rs", argv, r, 20_000);
      if (rec === null) return;
      let rho = Number(flagValue(argv, "rho") ?? "1");
      if (flagValue(argv, "teacher") === "levels") {
        // the teacher is uniform on the student's levels: rho is their mean square
        const spec = flagValue(argv, "levels") === undefined
          ? {
            quantizer: flagValue(argv, "quantizer") as QuantizerName,
            bits: Number(flagValue(argv, "bits")),
            width: Number(flagValue(argv, "width")),
            mu: flagValue(argv, "mu") === undefined ? undefined : Number(flagValue(argv, "mu")),
          }
          : {
            quantizer: "custom" as const,
            levels: flagValue(argv, "levels")!.split(",").map(Number),
          };
        rho = levelsTeacher((quantizerFromSpec(spec) as LevelSet).levels).rho;
      }
      const levels = flagValue(argv, "levels");
      const bits = Number(flagValue(argv, "bits") ?? "2");
      const maxLevels = levels !== undefined ? levels.split(",").length : 2 ** bits;
      checkRsRecord(rec, rho, maxLevels);
    }),
    { seed: Number(Deno.env.get("PROP_SEED") ?? 20261129), numRuns: 120, endOnFailure: true },
  );
  console.log(`exit codes 0/2/3: ${codes[0]}/${codes[2]}/${codes[3]}`);
  // the generator must exercise the solver, not only the validation
  assert.ok(codes[0] >= 30, `only ${codes[0]} of 120 runs solved`);
});

Deno.test("property: phase and optimal-width over their flags (fewer runs: each is a scan)", async () => {
  const base = fc.record({
    alpha: logNumber(0.2, 20),
    beta: fc.oneof(logNumber(0.5, 100), fc.constant("inf")),
    bits: fc.constantFrom("1", "2", "1,2", "3", "2", "0"),
    samples: fc.constantFrom("3", "8", "12", "8", "1e9"),
    quantizer: fc.constantFrom("uniform", "midtread", "lloyd-max", "uniform", "continuous"),
  });
  const codes = [0, 0, 0, 0];
  await fc.assert(
    fc.asyncProperty(base, fc.boolean(), async (p, phase) => {
      const argv = phase
        ? ["--vary", "width", "--from", "0.3", "--to", "3", "--alpha", p.alpha, "--beta", p.beta]
        : ["--alpha", p.alpha, "--beta", p.beta];
      argv.push("--bits", p.bits, "--samples", p.samples, "--quantizer", p.quantizer);
      const command = phase ? "phase" : "optimal-width";
      const r = await runInProcess([command, ...argv, "--json"]);
      codes[r.code] = (codes[r.code] ?? 0) + 1;
      const rec = checkContract(command, argv, r, 60_000);
      if (rec === null) return;
      if (!phase) {
        for (const res of rec.results as Record<string, number | null>[]) {
          assert.ok((res.width as number) > 0 && Number.isFinite(res.width));
          assert.ok((res.meanError as number) >= -tol && (res.genError as number) >= -tol);
        }
      }
    }),
    { seed: 7, numRuns: 16, endOnFailure: true },
  );
  console.log(`exit codes 0/2/3: ${codes[0]}/${codes[2]}/${codes[3]}`);
  assert.ok(codes[0] >= 4, `only ${codes[0]} of 16 scans ran`);
});

Deno.test("property: amp / mcmc size flags are bounded before any work", async () => {
  const sizes = fc.record({
    command: fc.constantFrom("amp", "mcmc"),
    flag: fc.constantFrom("n", "seeds", "chains", "replicas", "sweeps", "burn-in", "max-iter"),
    value: fc.constantFrom("1e9", "1e12", "1e7", "100000", "-3", "2.5"),
  });
  await fc.assert(
    fc.asyncProperty(sizes, async ({ command, flag, value }) => {
      const argv = ["--alpha", "2", "--beta", "2", `--${flag}`, value, "--workers", "1"];
      const r = await runInProcess([command, ...argv]);
      // every value here is out of range or over the work/memory budget, or a flag the
      // command does not have: refused at once
      checkContract(command, argv, r, 5_000);
      assert.equal(r.code, 2, `${command} ${argv.join(" ")}: ${r.stderr}`);
    }),
    { seed: 11, numRuns: 30, endOnFailure: true },
  );
});

Deno.test("spawned CLI: real exit codes 0, 2 and 3 with one stderr line and no stack trace", async () => {
  const ok = await cli("rs", "--alpha", "0.5", "--quantizer", "continuous", "--json");
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(ok.stdout).converged, true);
  const bad = await cli("rs", "--alpha", "2", "--beta", "-inf");
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr.trim(),
    'typiquant rs: --beta: expected a number > 0 and <= 100000000 (or inf), got "-inf"',
  );
  const slow = await cli("rs", "--alpha", "2", "--beta", "10", "--max-iter", "2", "--json");
  assert.equal(slow.code, 3);
  assert.equal(JSON.parse(slow.stdout).converged, false);
  assert.match(slow.stderr.trim(), /^typiquant rs: RS solve did not converge \(iterations 2, /);
});
