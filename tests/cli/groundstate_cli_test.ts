// The `cli groundstate` contract: JSON shape, statistics over seeds, exit codes 0/2/3, errors
// naming the flag, its value and the allowed range.
import assert from "node:assert/strict";

import { cli } from "./run_cli.ts";

const FIELDS = ["trainError", "genError", "m", "Q"];

Deno.test("groundstate --json: runs per seed, mean and stderr over them, RS alongside", async () => {
  const r = await cli(
    "groundstate",
    ...["--alpha", "2", "--bits", "1", "--sigma2", "0.1", "--n", "12", "--seeds", "3", "--json"],
    ...["--method", "enumerate"],
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.method, "enumerate");
  assert.deepEqual(j.seeds, [1, 2, 3]);
  const runs = j.runs as Record<string, number>[];
  assert.deepEqual(runs.map((x) => x.seed), [1, 2, 3]);
  for (const x of runs) {
    for (const k of [...FIELDS, "energy", "degeneracy", "converged", "visited"]) {
      assert.ok(k in x, `run field ${k}`);
    }
    assert.equal(x.visited, 2 ** 12);
    assert.equal(x.Q, 1); // levels ±1
    // genError = rhoHat − 2m + Q + sigma2 (fresh-data expectation)
    assert.ok(Math.abs(x.genError - (x.rhoHat - 2 * x.m + x.Q + 0.1)) < 1e-12);
  }
  for (const f of FIELDS) {
    const v = runs.map((x) => x[f]);
    const mean = v.reduce((a, b) => a + b) / 3;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / 2);
    assert.ok(Math.abs(j.mean[f] - mean) < 1e-14, f);
    assert.ok(Math.abs(j.stderr[f] - sd / Math.sqrt(3)) < 1e-14, f);
  }
  assert.equal(j.rs.phase, "ground-state");
  // the 1RSB ground state beside it: solved, and above RS in training error (1RSB raises the
  // RS ground-state energy, docs/theory.md §3b)
  assert.equal(j.oneRsb.converged, true);
  assert.ok(j.oneRsb.y > 0 && j.oneRsb.trainError >= j.rs.trainError, JSON.stringify(j.oneRsb));
});

Deno.test("groundstate: sphere decoding is the default, equals enumeration, exit 3 on a node-budget stop", async () => {
  const flags = ["--alpha", "1", "--bits", "2", "--sigma2", "0.1", "--n", "9", "--seeds", "3"];
  const s = await cli("groundstate", ...flags, "--json");
  const e = await cli("groundstate", ...flags, "--method", "enumerate", "--json");
  assert.equal(s.code, 0, s.stderr);
  assert.equal(e.code, 0, e.stderr);
  const js = JSON.parse(s.stdout), je = JSON.parse(e.stdout);
  assert.equal(js.method, "sphere");
  for (const [k, run] of (js.runs as Record<string, number>[]).entries()) {
    const ref = je.runs[k].energy;
    assert.ok(Math.abs(run.energy - ref) <= 1e-10 * ref, `${run.energy} vs ${ref}`);
    assert.equal(run.degeneracy, je.runs[k].degeneracy);
    assert.ok(run.visited > 0 && (run as Record<string, unknown>).converged === true);
  }
  const cut = await cli(
    "groundstate",
    ...["--alpha", "1", "--bits", "2", "--n", "40", "--seeds", "2", "--max-nodes", "30", "--json"],
  );
  assert.equal(cut.code, 3, cut.stderr);
  assert.match(
    cut.stderr.trim(),
    /^typiquant groundstate: sphere decoding of seed\(s\) 1,2 did not finish within --max-nodes 30/,
  );
  assert.equal(JSON.parse(cut.stdout).runs[0].bound, "upper");
});

Deno.test("groundstate: --beta inf is accepted; anneal exit 0 with one restart, 3 when restarts disagree", async () => {
  const ok = await cli(
    "groundstate",
    ...["--alpha", "2", "--beta", "inf", "--n", "40", "--method", "anneal", "--seeds", "1"],
    ...["--restarts", "1", "--sweeps", "20", "--json"],
  );
  assert.equal(ok.code, 0, ok.stderr);
  const j = JSON.parse(ok.stdout);
  assert.equal(j.runs[0].bound, "upper");
  assert.equal(j.stderr.m, null); // one seed
  // 2 bits, N = 100, 3 short restarts: they end in different local minima (seen: 3 distinct)
  const bad = await cli(
    "groundstate",
    ...["--alpha", "2", "--bits", "2", "--n", "100", "--method", "anneal", "--seeds", "1"],
    ...["--restarts", "3", "--sweeps", "5", "--json"],
  );
  assert.equal(bad.code, 3, bad.stderr);
  const b = JSON.parse(bad.stdout);
  assert.ok(b.runs[0].restartsAgreeing < 2 && b.runs[0].converged === false);
  assert.match(
    bad.stderr.trim(),
    /^typiquant groundstate: annealing of seed\(s\) 1 did not converge/,
  );
});

Deno.test("groundstate: bad input exits 2 with one line naming the flag and the range", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["--n", "60", "--bits", "2", "--method", "enumerate"],
      /^typiquant groundstate: --n: expected an integer in \[1, 13\].*got "60"$/,
    ],
    [
      ["--n", "30", "--bits", "1", "--method", "enumerate"],
      /--n: expected an integer in \[1, 27\]/,
    ],
    [
      ["--n", "3000"],
      /^typiquant groundstate: --n: expected an integer in \[1, 2000\] for --method sphere, got "3000"$/,
    ],
    [["--n", "8", "--max-nodes", "0"], /--max-nodes/],
    [
      ["--n", "500", "--seeds", "10", "--max-nodes", "1e12"],
      /--max-nodes: the run needs ~5\.0e\+15 multiply-adds \(seeds·max-nodes·n\), above the bound 1\.0e\+12/,
    ],
    [["--n", "8", "--beta", "3"], /--beta: .*got "3"/],
    [
      ["--n", "8", "--method", "sa"],
      /--method: expected one of sphere\|enumerate\|anneal, got "sa"/,
    ],
    [
      ["--n", "8", "--method", "anneal", "--sweeps", "1e9"],
      /--sweeps: expected an integer >= 1 and <= 100000/,
    ],
    [["--n", "8", "--restarts", "0"], /--restarts/],
    [["--n", "8", "--quantizer", "continuous"], /--quantizer: .*level set/],
    [["--n", "8", "--max-configurations", "1e13"], /--max-configurations/],
    [
      ["--sizes", "10"],
      /^typiquant groundstate: --sizes: expected at least 2 distinct integers >= 1, got "10"$/,
    ],
    [["--sizes", "8,8"], /--sizes: expected at least 2 distinct/],
    [["--sizes", "8,x"], /--sizes: expected an integer >= 1, got "x"/],
    [["--n", "8", "--sizes", "8,10"], /--sizes: give either --n .* or --sizes/],
    [
      ["--sizes", "1000,2000", "--seeds", "10", "--max-nodes", "1e10"],
      /--max-nodes: the run needs ~3\.0e\+14 multiply-adds \(seeds·max-nodes·Σn\), above the bound 1\.0e\+12/,
    ],
    [
      ["--n", "2000", "--method", "anneal", "--restarts", "1000", "--sweeps", "100000"],
      /--sweeps: the run needs ~.* above the bound 1\.0e\+12/,
    ],
    [
      [
        "--n",
        "30",
        "--bits",
        "1",
        "--max-configurations",
        "1e10",
        "--seeds",
        "1000",
        "--method",
        "enumerate",
      ],
      /--seeds: the run needs ~.* above the bound 1\.0e\+12/,
    ],
  ];
  for (const [flags, re] of cases) {
    const r = await cli("groundstate", "--alpha", "2", ...flags);
    assert.equal(r.code, 2, `${flags.join(" ")}: ${r.stderr}`);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0], re);
    assert.equal(r.stdout, "");
  }
});

Deno.test("groundstate --sizes: per-size statistics equal one-size runs, 1/N fits agree, both theories alongside", async () => {
  const model = ["--alpha", "1", "--bits", "1", "--width", "1", "--sigma2", "0.1", "--seeds", "4"];
  const r = await cli("groundstate", ...model, "--sizes", "6,9,12", "--json");
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.seeds, 4);
  assert.deepEqual(j.sizes.map((p: { n: number }) => p.n), [6, 9, 12]);
  // each size: the same instances as a one-size run (seeds 1..4), so the same mean and stderr
  for (const p of j.sizes) {
    const one = JSON.parse(
      (await cli("groundstate", ...model, "--n", String(p.n), "--json")).stdout,
    );
    for (const f of FIELDS) {
      assert.ok(Math.abs(p.mean[f] - one.mean[f]) < 1e-14, `N ${p.n} ${f}`);
      assert.ok(Math.abs(p.stderr[f] - one.stderr[f]) < 1e-14, `N ${p.n} ${f}`);
    }
    assert.equal(p.converged, 4);
  }
  // the straight-line extrapolation in 1/N and the 1/N model of the finite-size fits are two
  // implementations of the same weighted fit
  const line = j.fits.find((f: { model: string }) => f.model === "1/N");
  assert.ok(Math.abs(line.trainError - j.extrapolation.trainError.value) < 1e-12);
  assert.ok(Math.abs(line.stderr - j.extrapolation.trainError.stderr) < 1e-12);
  // and by hand: weighted least squares of the means on 1/N at the three sizes
  const x = j.sizes.map((p: { n: number }) => 1 / p.n);
  const y = j.sizes.map((p: { mean: { trainError: number } }) => p.mean.trainError);
  const w = j.sizes.map((p: { stderr: { trainError: number } }) => p.stderr.trainError ** -2);
  const S = (g: (i: number) => number) => [0, 1, 2].reduce((a, i) => a + w[i] * g(i), 0);
  const det = S(() => 1) * S((i) => x[i] * x[i]) - S((i) => x[i]) ** 2;
  const intercept =
    (S((i) => x[i] * x[i]) * S((i) => y[i]) - S((i) => x[i]) * S((i) => x[i] * y[i])) / det;
  assert.ok(Math.abs(intercept - line.trainError) < 1e-12, `${intercept} vs ${line.trainError}`);
  assert.equal(j.fits.length, 3);
  assert.ok(j.rs.converged && j.oneRsb.converged);
  // text output: one row per size, the extrapolation, both theories and the three corrections
  const t = await cli("groundstate", ...model, "--sizes", "6,9,12");
  assert.equal(t.code, 0, t.stderr);
  for (
    const row of [
      "6 ",
      "9 ",
      "12 ",
      "N → ∞ (1/N)",
      "RS theory",
      "1RSB theory",
      "1/N + 1/N²",
      "N^(−2/3)",
    ]
  ) {
    assert.ok(t.stdout.split("\n").some((l) => l.startsWith(row)), `row ${row}:\n${t.stdout}`);
  }
});
