// The `cli rs` contract: JSON fields, exit codes, one-line errors naming the flag.
import { classifyError } from "../../lib/cli/output.ts";
import { UsageError } from "../../lib/cli/flags.ts";
import assert from "node:assert/strict";

import { cli } from "./run_cli.ts";

Deno.test("cli rs --json: all contract fields, genError and meanError as defined", async () => {
  const r = await cli(
    "rs",
    "--alpha",
    "2",
    "--beta",
    "5",
    "--bits",
    "2",
    "--width",
    "1.2",
    "--sigma2",
    "0.1",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (
    const k of [
      "m",
      "Q",
      "q",
      "chi",
      "trainError",
      "genError",
      "meanError",
      "freeEntropy",
      "entropy",
      "at",
      "converged",
      "iterations",
    ]
  ) {
    assert.ok(k in j, `missing field ${k}`);
  }
  assert.ok(Math.abs(j.genError - (1 - 2 * j.m + j.Q + 0.1)) < 1e-12);
  assert.ok(Math.abs(j.meanError - (1 - 2 * j.m + j.q + 0.1)) < 1e-12);
  assert.ok(Math.abs(j.chi - 5 * (j.Q - j.q)) < 1e-9 * (1 + j.chi));
  assert.equal(j.converged, true);
});

Deno.test("cli rs --beta inf: undefined quantities are null", async () => {
  const r = await cli(
    "rs",
    "--alpha",
    "3",
    "--beta",
    "inf",
    "--bits",
    "3",
    "--width",
    "2",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.beta, "inf");
  assert.equal(j.freeEntropy, null);
  assert.equal(j.at, null); // diverges for a level set
  assert.equal(j.Q, j.q);
  assert.equal(typeof j.trainError, "number");
});

Deno.test("cli rs: table output without --json", async () => {
  const r = await cli(
    "rs",
    "--alpha",
    "2",
    "--beta",
    "2",
    "--quantizer",
    "continuous",
    "--lambda",
    "0.1",
  );
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^trainError\s+\d/m);
});

Deno.test("cli rs: bad input exits 2 with one line naming the flag, value and range", async () => {
  const cases: [string[], RegExp][] = [
    [["--alpha", "-1"], /--alpha: expected a number > 0 and <= 1000000000000, got "-1"/],
    [
      ["--alpha", "2", "--beta", "0"],
      /--beta: expected a number > 0 and <= 100000000 \(or inf\), got "0"/,
    ],
    [["--alpha", "2", "--bits", "2.5"], /--bits: expected an integer >= 1 and <= 16, got "2.5"/],
    [["--alpha", "2", "--bits", "17"], /--bits/],
    [["--alpha", "2", "--width", "0"], /--width: expected a number > 0 and <= 1000, got "0"/],
    [["--alpha", "2", "--sigma2", "-0.1"], /--sigma2: expected a number >= 0/],
    [["--alpha", "2", "--lambda", "x"], /--lambda: expected a number >= 0 and <= 1e\+100, got "x"/],
    [["--alpha", "2", "--rho", "0"], /--rho/],
    [["--alpha", "2", "--quantizer", "foo"], /--quantizer: expected one of .*got "foo"/],
    [
      ["--alpha", "2", "--teacher", "bar"],
      /--teacher: expected one of gaussian\|levels\|gauss-bernoulli, got "bar"/,
    ],
    [["--alpha", "2", "--levels", "1,0"], /levels/],
    [["--alpha", "2", "--nope", "1"], /nope/],
    [["--beta", "2"], /--alpha: required/],
    // the documented ranges (issue 11): beyond them the solvers cannot reach the tolerance
    [["--alpha", "1e13"], /--alpha: expected a number > 0 and <= 1000000000000, got "1e13"/],
    [["--alpha", "2", "--beta", "1e9"], /--beta: .* <= 100000000 \(or inf\), got "1e9"/],
    [["--alpha", "2", "--width", "1e300"], /--width: .* <= 1000, got "1e300"/],
    [["--alpha", "2", "--levels", "1e300,2e300"], /--levels: .* <= 1000, got "1e300"/],
    [["--alpha", "2", "--beta", "-inf"], /--beta: .* \(or inf\), got "-inf"/],
    // flags that would be ignored are refused
    [
      ["--alpha", "2", "--levels", "-1,1", "--bits", "3"],
      /--bits: cannot be combined with --levels/,
    ],
    [["--alpha", "2", "--mu", "5"], /--mu: only used with --quantizer mu-law/],
    [["--alpha", "2", "--density", "0.2"], /--density: only used with --teacher gauss-bernoulli/],
    [["--alpha", "2", "--quantizer", "continuous", "--bits", "3"], /--bits: not used with/],
  ];
  for (const [args, pattern] of cases) {
    const r = await cli("rs", ...args);
    assert.equal(r.code, 2, `${args.join(" ")} → exit ${r.code}`);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line on stderr for ${args.join(" ")}: ${r.stderr}`);
    assert.match(lines[0], pattern);
  }
});

Deno.test("cli rs: non-convergence exits 3 and still prints JSON with converged: false", async () => {
  const r = await cli(
    "rs",
    "--alpha",
    "0.7",
    "--beta",
    "50",
    "--bits",
    "1",
    "--width",
    "1.5",
    "--max-iter",
    "2",
    "--json",
  );
  assert.equal(r.code, 3, r.stderr);
  assert.equal(JSON.parse(r.stdout).converged, false);
});

Deno.test("cli rs: ridgeless regression at beta = inf — closed forms, no NaN, honest convergence", async () => {
  // minimum-norm interpolator below alpha = 1: meanError = (1 − alpha)·rho + sigma2·alpha/(1 − alpha)
  const half = await cli("rs", "--alpha", "0.5", "--quantizer", "continuous", "--json");
  assert.equal(half.code, 0, half.stderr);
  const h = JSON.parse(half.stdout);
  assert.equal(h.phase, "interpolating");
  assert.equal(h.converged, true);
  assert.ok(h.residual < 1e-14 && Math.abs(h.meanError - 0.5) < 1e-15);
  // the double-descent peak with noise: meanError diverges; reported as null (Infinity) with
  // valid false, never NaN
  const peak = await cli("rs", "--alpha", "1", "--quantizer", "continuous", "--sigma2", "0.1");
  assert.equal(peak.code, 0, peak.stderr);
  assert.ok(!peak.stdout.includes("NaN"));
  assert.match(peak.stdout, /meanError\s+Infinity/);
  assert.match(peak.stdout, /valid\s+false/);
  // just above it: least squares sigma2·alpha/(alpha − 1) = 100.1 (the iteration needed > 5000 steps)
  const ls = await cli(
    "rs",
    "--alpha",
    "1.001",
    "--quantizer",
    "continuous",
    "--sigma2",
    "0.1",
    "--json",
  );
  assert.equal(ls.code, 0, ls.stderr);
  assert.ok(Math.abs(JSON.parse(ls.stdout).meanError / 100.1 - 1) < 1e-12);
});

Deno.test("classifyError: bad input 2, solver breakdown 3, output and internal errors 1 — one line each", () => {
  const cases: [unknown, number, RegExp][] = [
    [new UsageError("--alpha: required"), 2, /^--alpha: required$/],
    [new RangeError("levels[2]: expected a finite number, got NaN"), 2, /^levels\[2\]/],
    [new RangeError("mhat: expected a finite number > 0, got NaN"), 3, /^solver breakdown/],
    [
      new RangeError("Invalid array length"),
      1,
      /^internal error: RangeError: Invalid array length$/,
    ],
    [new RangeError("Maximum call stack size exceeded"), 1, /^internal error/],
    [new TypeError('solveRs options: unknown key "x"'), 1, /^internal error/],
    [new Deno.errors.BrokenPipe("Broken pipe (os error 32)"), 1, /broken pipe/],
    [new Error("No space left on device (os error 28): write 'figures/a.svg'"), 1, /no space left/],
    [Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }), 1, /permission/],
    [new Error("first line\n    at stack"), 1, /^internal error: Error: first line$/],
  ];
  for (const [e, code, line] of cases) {
    const c = classifyError(e);
    assert.equal(c.code, code, String(e));
    assert.match(c.line, line);
    assert.ok(!c.line.includes("\n"));
  }
});
