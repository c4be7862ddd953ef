// The `cli rsb` contract: JSON fields (1RSB and RS side by side), exit codes, one-line errors.
import assert from "node:assert/strict";

import { cli } from "./run_cli.ts";

const CRISIS = ["--alpha", "0.7", "--beta", "10", "--bits", "1", "--width", "1.5"];

Deno.test("cli rsb --json at the entropy-crisis point: contract fields, RS alongside", async () => {
  const r = await cli("rsb", ...CRISIS, "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (
    const k of [
      "x",
      "q0",
      "q1",
      "Q",
      "m",
      "freeEntropy",
      "entropy",
      "genError",
      "meanError",
      "trainError",
      "converged",
    ]
  ) {
    assert.ok(k in j, `missing field ${k}`);
  }
  for (
    const k of [
      "q",
      "Q",
      "m",
      "freeEntropy",
      "entropy",
      "genError",
      "meanError",
      "trainError",
      "converged",
    ]
  ) {
    assert.ok(k in j.rs, `missing field rs.${k}`);
  }
  assert.equal(j.converged, true);
  assert.ok(j.x > 0 && j.x < 1, `x* = ${j.x}`);
  assert.ok(j.q0 < j.q1 && j.q1 <= j.Q + 1e-12);
  assert.ok(Math.abs(j.genError - (1 - 2 * j.m + j.Q)) < 1e-12);
  assert.ok(Math.abs(j.meanError - (1 - 2 * j.m + j.q0)) < 1e-12);
  // the RS entropy is negative here, the 1RSB one is not, and 1RSB has the lower Phi
  assert.ok(j.rs.shannonEntropy < 0 && j.shannonEntropy >= 0);
  assert.ok(j.freeEntropy < j.rs.freeEntropy);
});

Deno.test("cli rsb --x 1: equals the RS values; table output without --json", async () => {
  const r = await cli("rsb", ...CRISIS, "--x", "1", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.x, 1);
  assert.ok(Math.abs(j.freeEntropy - j.rs.freeEntropy) < 1e-9);
  assert.ok(Math.abs(j.trainError - j.rs.trainError) < 1e-8);
  const t = await cli("rsb", ...CRISIS, "--x", "0.6");
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^x\s+0\.6/m);
  assert.match(t.stdout, /^rs\.trainError\s+\d/m);
});

Deno.test("cli rsb: bad input exits 2 with one line naming the flag", async () => {
  const cases: [string[], RegExp][] = [
    [["--alpha", "0.7", "--beta", "10", "--y", "2"], /--y: only used with --beta inf/],
    [["--alpha", "0.7", "--beta", "inf", "--x", "0.5"], /--x: cannot be combined with --beta inf/],
    [["--alpha", "0.7", "--x", "0.5"], /--x: cannot be combined with --beta inf/],
    [["--alpha", "0.7", "--y", "0"], /--y: expected a finite number > 0, or opt, got "0"/],
    [["--alpha", "0.7", "--y", "-2"], /--y: .*got "-2"/],
    [["--alpha", "0.7", "--y", "nan"], /--y: .*got "nan"/],
    [["--alpha", "0.7", "--y", "inf"], /--y: .*got "inf"/],
    [
      ["--alpha", "0.7", "--beta", "10", "--x", "0"],
      /--x: expected a number in \[0.001, 1\], or opt, got "0"/,
    ],
    [["--alpha", "0.7", "--beta", "10", "--x", "1.5"], /--x: .*got "1.5"/],
    [["--alpha", "0.7", "--beta", "10", "--x", "1e-300"], /--x: .*got "1e-300"/],
    [["--alpha", "0.7", "--beta", "10", "--x", "best"], /--x: .*got "best"/],
    [["--alpha", "0.7", "--beta", "10", "--max-iter", "0"], /--max-iter: expected an integer >= 1/],
    [["--alpha", "0.7", "--beta", "10", "--tolerance", "-1"], /--tolerance: expected a number > 0/],
    [["--beta", "10"], /--alpha: required/],
  ];
  for (const [args, pattern] of cases) {
    const r = await cli("rsb", ...args);
    assert.equal(r.code, 2, `${args.join(" ")} → exit ${r.code}`);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line on stderr for ${args.join(" ")}: ${r.stderr}`);
    assert.match(lines[0], pattern);
  }
});

Deno.test("cli rsb: non-convergence exits 3 and still prints JSON with converged: false", async () => {
  const r = await cli("rsb", ...CRISIS, "--x", "0.6", "--max-iter", "2", "--json");
  assert.equal(r.code, 3, r.stderr);
  assert.equal(JSON.parse(r.stdout).converged, false);
  assert.match(r.stderr.trim(), /^typiquant rsb: did not converge: 1RSB/);
});

Deno.test("cli rsb --beta inf --json: the 1RSB ground state with the RS one under rs", async () => {
  const r = await cli(
    "rsb",
    "--alpha",
    "1",
    "--bits",
    "1",
    "--width",
    "1",
    "--beta",
    "inf",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (
    const k of [
      "y",
      "m",
      "q0",
      "q1",
      "chi1",
      "trainError",
      "genError",
      "energy",
      "complexity",
      "converged",
      "iterations",
      "residual",
    ]
  ) {
    assert.ok(k in j, `missing field ${k}`);
  }
  for (const k of ["m", "q", "chi", "trainError", "genError", "converged"]) {
    assert.ok(k in j.rs, `missing field rs.${k}`);
  }
  assert.equal(j.converged, true);
  assert.ok(j.y > 0 && Math.abs(j.complexity) < 1e-8);
  // identities of docs/theory.md §3b: test error of the minimiser, training error at y*
  assert.ok(Math.abs(j.genError - (1 - 2 * j.m + j.q1)) < 1e-12);
  assert.ok(Math.abs(j.trainError - 2 * j.energy) < 1e-10);
  // binary levels: q1 = E[<l*²>] = 1 exactly; the outer quadrature's weights sum to 1 within ~1e-11
  assert.ok(j.q0 < j.q1 && Math.abs(j.q1 - 1) < 1e-9);
  assert.equal(j.rs.phase, "ground-state");
});

Deno.test("cli rsb --beta inf: --y fixes y (default beta), table output, exit 3 if not converged", async () => {
  const t = await cli("rsb", "--alpha", "2", "--bits", "1", "--width", "1", "--y", "2");
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^y\s+2$/m);
  assert.match(t.stdout, /^phase\s+fixed-y$/m);
  assert.match(t.stdout, /^rs\.trainError\s+\d/m);
  const r = await cli(
    "rsb",
    "--alpha",
    "2",
    "--bits",
    "1",
    "--y",
    "2",
    "--max-iter",
    "2",
    "--json",
  );
  assert.equal(r.code, 3, r.stderr);
  assert.equal(JSON.parse(r.stdout).converged, false);
});
