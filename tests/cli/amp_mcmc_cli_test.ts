// The `cli amp` / `cli mcmc` contract: JSON fields, statistics over seeds, exit codes, errors.
import assert from "node:assert/strict";

import { cli } from "./run_cli.ts";

const FIELDS = ["m", "q", "Q", "meanError", "genError", "trainError"];
const POINT = ["--alpha", "2", "--beta", "5", "--bits", "2", "--width", "1.2", "--sigma2", "0.1"];

function checkSummary(
  j: Record<string, unknown>,
  seeds: number[],
  averaged: (r: Record<string, unknown>) => boolean,
) {
  const runs = j.runs as Record<string, unknown>[];
  assert.deepEqual(runs.map((r) => r.seed), seeds);
  for (const r of runs) {
    for (const k of [...FIELDS, "converged", "iterations"]) assert.ok(k in r, `run field ${k}`);
    // errors use the instance's own teacher norm
    const rho = r.rhoHat as number;
    assert.ok(
      Math.abs((r.genError as number) - (rho - 2 * (r.m as number) + (r.Q as number) + 0.1)) <
        1e-12,
    );
    if (j.algorithm === "amp") {
      assert.ok(
        Math.abs((r.meanError as number) - (rho - 2 * (r.m as number) + (r.q as number) + 0.1)) <
          1e-12,
      );
    } else {
      // Monte Carlo: the bias-corrected estimate, never below the bound sigma2 = 0.1
      const raw = r.meanErrorUnclipped as number;
      assert.equal(r.meanError, Math.max(0.1, raw));
      assert.equal(r.meanErrorClipped, raw < 0.1);
    }
  }
  const used = runs.filter(averaged);
  const mean = j.mean as Record<string, number>, stderr = j.stderr as Record<string, number>;
  for (const f of FIELDS) {
    const xs = used.map((r) => r[f] as number);
    const mu = xs.reduce((a, b) => a + b) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, v) => a + (v - mu) ** 2, 0) / (xs.length - 1));
    assert.ok(Math.abs(mean[f] - mu) < 1e-12, `mean ${f}`);
    assert.ok(Math.abs(stderr[f] - sd / Math.sqrt(xs.length)) < 1e-12, `stderr ${f}`);
  }
  const theory = j.theory as Record<string, unknown>;
  for (const k of [...FIELDS, "chi", "freeEntropy", "entropy", "at", "converged", "iterations"]) {
    assert.ok(k in theory, `theory field ${k}`);
  }
  assert.ok(
    Math.abs(
      (theory.genError as number) - (1 - 2 * (theory.m as number) + (theory.Q as number) + 0.1),
    ) < 1e-12,
  );
}

Deno.test("cli amp --json: runs per seed, mean and stderr over seeds, RS theory", async () => {
  const r = await cli("amp", ...POINT, "--n", "400", "--seed", "3", "--seeds", "3", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  checkSummary(j, [3, 4, 5], (run) => run.converged === true);
  assert.equal(j.algorithm, "amp");
  assert.ok(j.runs.every((run: { converged: boolean }) => run.converged));
  // same seed, same numbers
  const again = await cli("amp", ...POINT, "--n", "400", "--seed", "3", "--seeds", "3", "--json");
  assert.equal(again.stdout, r.stdout);
  // table output
  const t = await cli("amp", ...POINT, "--n", "200", "--seeds", "2");
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^RS theory\s+\d/m);
});

Deno.test("cli amp: a run that does not converge gives exit 3 and converged: false", async () => {
  // RSB phase (AT > 1): AMP keeps moving
  const r = await cli(
    "amp",
    "--alpha",
    "0.9",
    "--beta",
    "20",
    "--bits",
    "1",
    "--width",
    "1.5",
    "--n",
    "500",
    "--seeds",
    "2",
    "--max-iter",
    "60",
    "--json",
  );
  assert.equal(r.code, 3, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.ok(j.runs.every((run: { converged: boolean }) => run.converged === false));
  assert.ok(j.theory.at > 1);
  assert.equal(j.averaged, 0);
  assert.equal(j.mean.m, null);
});

Deno.test("cli mcmc --json: runs per seed, mean and stderr over seeds, RS theory", async () => {
  const r = await cli(
    "mcmc",
    ...POINT,
    "--n",
    "100",
    "--seeds",
    "2",
    "--sweeps",
    "100",
    "--chains",
    "3",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  checkSummary(j, [1, 2], () => true);
  assert.equal(j.algorithm, "mcmc");
  assert.equal(j.runs[0].iterations, 300); // anneal + burn-in + measured sweeps
  assert.ok(j.runs[0].stderr.m > 0);
  const again = await cli(
    "mcmc",
    ...POINT,
    "--n",
    "100",
    "--seeds",
    "2",
    "--sweeps",
    "100",
    "--chains",
    "3",
    "--json",
  );
  assert.equal(again.stdout, r.stdout);
});

Deno.test("cli amp / mcmc: bad input exits 2 with one line naming the flag", async () => {
  const cases: [string, string[], RegExp][] = [
    ["amp", ["--alpha", "2"], /--beta: required for AMP/],
    [
      "amp",
      ["--alpha", "2", "--beta", "inf"],
      /--beta: expected a finite number > 0 for AMP, got "inf"/,
    ],
    ["amp", [...POINT, "--n", "0"], /--n: expected an integer >= 1 and <= 100000, got "0"/],
    ["amp", [...POINT, "--seeds", "0"], /--seeds: expected an integer >= 1/],
    ["amp", [...POINT, "--seed", "-1"], /--seed: expected an integer >= 0, got "-1"/],
    ["amp", [...POINT, "--damping", "1"], /--damping: expected a number >= 0 and < 1, got "1"/],
    ["amp", [...POINT, "--max-iter", "2.5"], /--max-iter: expected an integer >= 1/],
    [
      "amp",
      [...POINT, "--precision", "half"],
      /--precision: expected one of float32\|float64, got "half"/,
    ],
    ["amp", [...POINT, "--sweeps", "3"], /sweeps/],
    ["amp", ["--alpha", "0.8", "--beta", "1", "--quantizer", "continuous"], /improper/],
    [
      "mcmc",
      [...POINT, "--chains", "1"],
      /--chains: expected an integer >= 2 and <= 1024, got "1"/,
    ],
    [
      "mcmc",
      [...POINT, "--sweeps", "0"],
      /--sweeps: expected an integer >= 1 and <= 10000000, got "0"/,
    ],
    ["mcmc", [...POINT, "--workers", "0"], /--workers: expected an integer >= 1/],
    [
      "mcmc",
      ["--alpha", "2", "--beta", "inf"],
      /--beta: expected a finite number > 0 for Monte Carlo/,
    ],
    ["mcmc", [...POINT, "--replicas", "x"], /--replicas/],
    // sizes are bounded before any work starts (issue 11: these used to run for minutes)
    ["mcmc", [...POINT, "--chains", "1e9"], /--chains: expected an integer >= 2 and <= 1024/],
    ["mcmc", [...POINT, "--replicas", "1e9"], /--replicas: .* <= 256/],
    ["mcmc", [...POINT, "--burn-in", "1e12"], /--burn-in: .* <= 10000000/],
    ["mcmc", [...POINT, "--sweeps", "1e12"], /--sweeps: .* <= 10000000/],
    [
      "mcmc",
      [...POINT, "--sweeps", "1e7"],
      /--sweeps: the run needs ~.* above the bound 1\.0e\+11/,
    ],
    ["amp", [...POINT, "--n", "100000"], /--n: the run needs ~.* bytes .* above the bound/],
    ["amp", [...POINT, "--seeds", "10000"], /--max-iter: the run needs ~.* multiply-adds/],
    [
      "amp",
      [...POINT, "--beta", "-inf"],
      /--beta: expected a number > 0 and <= 100000000 \(or inf\), got "-inf"/,
    ],
    [
      "amp",
      [...POINT, "--levels", "-1,1", "--width", "2"],
      /--(bits|width): cannot be combined with --levels/,
    ],
  ];
  for (const [cmd, args, pattern] of cases) {
    const r = await cli(cmd, ...args);
    assert.equal(r.code, 2, `${cmd} ${args.join(" ")} → exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line on stderr: ${r.stderr}`);
    assert.match(lines[0], pattern);
  }
});
