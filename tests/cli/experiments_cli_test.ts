// The `cli phase`, `cli optimal-width` and `cli sweep` contracts: JSON shapes checked against
// independent solver calls, CSV and range syntax, exit codes, one-line errors.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { quantizerFromSpec } from "../../lib/quantizers/from_spec.ts";

import { cli } from "./run_cli.ts";

const MODEL = ["--alpha", "2", "--beta", "10", "--sigma2", "0.1"];

Deno.test("cli phase --json: AT crossings per bit depth are roots of at − 1", async () => {
  const r = await cli(
    "phase",
    "--vary",
    "width",
    "--from",
    "0.1",
    "--to",
    "5",
    "--bits",
    "1,2,3,4",
    ...MODEL,
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.lines.map((l: { bits: number }) => l.bits), [1, 2, 3, 4]);
  for (const line of j.lines) {
    assert.ok(Array.isArray(line.crossings) && Array.isArray(line.entropyCrossings));
    for (const w of line.crossings) {
      const s = solveRs({
        alpha: 2,
        beta: 10,
        sigma2: 0.1,
        quantizer: uniformQuantizer({ bits: line.bits, width: w }),
      });
      assert.ok(Math.abs(s.at - 1) < 1e-6, `bits ${line.bits}: at(${w}) = ${s.at}`);
    }
    for (const w of line.entropyCrossings) {
      const s = solveRs({
        alpha: 2,
        beta: 10,
        sigma2: 0.1,
        quantizer: uniformQuantizer({ bits: line.bits, width: w }),
      });
      assert.ok(Math.abs(s.shannonEntropy!) < 1e-6);
    }
  }
  // more bits: the RSB region starts at a wider width (finding (i))
  assert.ok(
    j.lines[0].crossings[0] < j.lines[1].crossings[0] &&
      j.lines[1].crossings[0] < j.lines[2].crossings[0],
  );
});

Deno.test("cli phase --vary alpha / beta (log) and the text output", async () => {
  const a = await cli(
    "phase",
    "--vary",
    "alpha",
    "--from",
    "0.2",
    "--to",
    "5",
    "--bits",
    "2",
    "--width",
    "2",
    "--beta",
    "10",
    "--sigma2",
    "0.1",
    "--json",
  );
  assert.equal(a.code, 0, a.stderr);
  const alpha = JSON.parse(a.stdout).lines[0].crossings[0];
  const s = solveRs({
    alpha,
    beta: 10,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 2, width: 2 }),
  });
  assert.ok(Math.abs(s.at - 1) < 1e-6);
  const b = await cli(
    "phase",
    "--vary",
    "beta",
    "--from",
    "0.5",
    "--to",
    "100",
    "--scale",
    "log",
    "--alpha",
    "2",
    "--width",
    "2",
    "--sigma2",
    "0.1",
    "--json",
  );
  assert.equal(b.code, 0, b.stderr);
  assert.equal(JSON.parse(b.stdout).lines[0].crossings.length, 1);
  const t = await cli(
    "phase",
    "--vary",
    "width",
    "--from",
    "0.1",
    "--to",
    "3",
    "--bits",
    "1",
    ...MODEL,
  );
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /^bits 1: AT = 1 at 0\.65\d+; entropy = 0 at 0\.80\d+/m);
});

Deno.test("cli optimal-width --json: omega* beats ±1 % (independent solves), Lloyd–Max alongside", async () => {
  const r = await cli(
    "optimal-width",
    "--bits",
    "1,2,3,4",
    "--objective",
    "meanError",
    "--alpha",
    "2",
    "--sigma2",
    "0.1",
    "--json",
  );
  assert.equal(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.results.length, 4);
  for (const res of j.results) {
    for (
      const k of [
        "bits",
        "width",
        "genError",
        "meanError",
        "at",
        "stable",
        "lloydMaxWidth",
        "converged",
      ]
    ) {
      assert.ok(k in res, `missing ${k}`);
    }
    assert.equal(res.converged, true);
    assert.equal(res.at, null); // beta = inf: the replicon of a level set diverges (toJson → null)
    assert.equal(res.stable, false);
    const err = (w: number) =>
      solveZeroTemperature({
        alpha: 2,
        sigma2: 0.1,
        quantizer: uniformQuantizer({ bits: res.bits, width: w }),
      }).meanError;
    assert.ok(Math.abs(err(res.width) - res.meanError) < 1e-9);
    assert.ok(err(res.width * 0.99) > res.meanError && err(res.width * 1.01) > res.meanError);
  }
  assert.ok(Math.abs(j.results[0].lloydMaxWidth - Math.sqrt(2 / Math.PI)) < 1e-12);
});

Deno.test("cli optimal-width at finite beta reports the stability of omega*", async () => {
  const r = await cli("optimal-width", "--bits", "1,3", ...MODEL, "--json");
  assert.equal(r.code, 0, r.stderr);
  const [one, three] = JSON.parse(r.stdout).results;
  assert.ok(one.at > 1 && one.stable === false); // 1 bit: omega* is in the RSB phase
  assert.ok(three.at < 1 && three.stable === true);
});

Deno.test("cli sweep: CSV with ranges equals cli rs / solver at every point; progress on stderr", async () => {
  const r = await cli(
    "sweep",
    "--alpha",
    "0.5,2",
    "--width",
    "0.5:3:3",
    "--beta",
    "10,inf",
    "--sigma2",
    "0.1",
    "--quantizer",
    "uniform,pow2",
    "--bits",
    "2",
  );
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split("\n");
  const header = lines[0].split(",");
  assert.equal(lines.length, 1 + 2 * 2 * 2 * 3);
  const col = (row: string[], k: string) => row[header.indexOf(k)];
  const widths = new Set<string>();
  for (const line of lines.slice(1)) {
    const row = line.split(",");
    widths.add(col(row, "width"));
    const beta = col(row, "beta") === "inf" ? Infinity : Number(col(row, "beta"));
    const params = {
      alpha: Number(col(row, "alpha")),
      beta,
      sigma2: 0.1,
      quantizer: quantizerFromSpec({
        quantizer: col(row, "quantizer") as "uniform",
        bits: 2,
        width: Number(col(row, "width")),
      }),
    };
    const s = Number.isFinite(beta) ? solveRs(params) : solveZeroTemperature(params);
    assert.equal(Number(col(row, "genError")), s.genError);
  }
  assert.deepEqual([...widths], ["0.5", "1.75", "3"]);
  assert.match(r.stderr, /sweep: 24\/24/);
  const one = await cli(
    "rs",
    "--alpha",
    "2",
    "--beta",
    "10",
    "--width",
    "1.75",
    "--sigma2",
    "0.1",
    "--json",
  );
  const rsRow = lines.slice(1).map((l) => l.split(",")).find((row) =>
    col(row, "quantizer") === "uniform" && col(row, "alpha") === "2" && col(row, "beta") === "10" &&
    col(row, "width") === "1.75"
  )!;
  assert.equal(Number(col(rsRow, "meanError")), JSON.parse(one.stdout).meanError);
});

Deno.test("cli sweep --json and log ranges", async () => {
  const r = await cli("sweep", "--alpha", "1:4:3:log", "--bits", "1", "--json", "--no-progress");
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, "");
  const j = JSON.parse(r.stdout);
  assert.deepEqual(j.rows.map((x: { alpha: number }) => x.alpha), [1, 2, 4]);
  assert.equal(j.rows[0].beta, "inf");
});

Deno.test("bad input exits 2 with one line naming the flag", async () => {
  const cases: [string[], RegExp][] = [
    [
      ["phase", "--vary", "bits", "--from", "1", "--to", "2", ...MODEL],
      /--vary: expected one of width\|alpha\|beta\|sigma2\|lambda, got "bits"/,
    ],
    [["phase", "--from", "1", "--to", "2", ...MODEL], /--vary: required/],
    [["phase", "--vary", "width", "--to", "2", ...MODEL], /--from: required/],
    [
      ["phase", "--vary", "width", "--from", "2", "--to", "1", ...MODEL],
      /--to: expected a number > --from = 2, got "1"/,
    ],
    [
      ["phase", "--vary", "width", "--from", "-1", "--to", "1", ...MODEL],
      /--from: expected a number > 0, got "-1"/,
    ],
    [
      ["phase", "--vary", "width", "--from", "0.1", "--to", "1", "--bits", "", ...MODEL],
      /--bits: expected a comma-separated list, got ""/,
    ],
    [
      ["phase", "--vary", "width", "--from", "0.1", "--to", "1", "--bits", "1,x", ...MODEL],
      /--bits: expected an integer >= 1 and <= 16, got "x"/,
    ],
    [
      ["phase", "--vary", "width", "--from", "0.1", "--to", "1", "--alpha", "2"],
      /--beta: required/,
    ],
    [
      ["phase", "--vary", "width", "--from", "0.1", "--to", "1", "--alpha", "2", "--beta", "inf"],
      /--beta: expected a number > 0/,
    ],
    [
      ["phase", "--vary", "width", "--from", "0.1", "--to", "1", "--samples", "1", ...MODEL],
      /--samples: expected an integer >= 2/,
    ],
    [
      ["optimal-width", "--objective", "foo", "--alpha", "2"],
      /--objective: expected genError\|meanError, got "foo"/,
    ],
    [
      ["optimal-width", "--bits", "1,17", "--alpha", "2"],
      /--bits: expected an integer >= 1 and <= 16, got "17"/,
    ],
    [["optimal-width", "--bits", "2"], /--alpha: required/],
    [
      ["optimal-width", "--alpha", "2", "--quantizer", "continuous"],
      /--quantizer: continuous weights have no width/,
    ],
    [
      ["optimal-width", "--alpha", "2", "--from", "3", "--to", "1"],
      /--to: expected a number > --from = 3/,
    ],
    [["sweep", "--width", "1"], /--alpha: required/],
    [["sweep", "--alpha", ""], /--alpha: expected a comma-separated list, got ""/],
    [["sweep", "--alpha", "1", "--width", "3:1:4"], /--width: expected FROM < TO in range "3:1:4"/],
    [
      ["sweep", "--alpha", "1", "--width", "1:2"],
      /--width: expected a range FROM:TO:COUNT or FROM:TO:COUNT:log, got "1:2"/,
    ],
    [
      ["sweep", "--alpha", "1", "--width", "1:2:x"],
      /--width: expected an integer >= 1 and <= 100000, got "x"/,
    ],
    // sizes are bounded before any solving starts (issue 11)
    [["sweep", "--alpha", "1:2:1e9"], /--alpha: expected an integer >= 1 and <= 100000/],
    [
      ["sweep", "--alpha", "1:2:1000", "--width", "1:2:1000"],
      /--alpha: the run needs ~1\.0e\+6 grid points/,
    ],
    [
      [
        "phase",
        "--vary",
        "width",
        "--from",
        "0.5",
        "--to",
        "2",
        "--alpha",
        "2",
        "--samples",
        "1e9",
      ],
      /--samples: expected an integer >= 2 and <= 2000, got "1e9"/,
    ],
    [
      ["optimal-width", "--alpha", "2", "--samples", "1e9"],
      /--samples: expected an integer >= 3 and <= 2000/,
    ],
    [
      ["optimal-width", "--alpha", "2", "--levels", "-1,1", "--quantizer", "mu-law"],
      /--quantizer: cannot be combined with --levels/,
    ],
    [["sweep", "--alpha", "1", "--width", "0:2:3:log"], /--width: expected a number > 0, got "0"/],
    [
      ["sweep", "--alpha", "1", "--quantizer", "uniform,foo"],
      /--quantizer: expected one of .*got "foo"/,
    ],
    [["sweep", "--alpha", "1", "--quantizer", "midtread", "--bits", "1"], /bits/],
  ];
  for (const [args, pattern] of cases) {
    const r = await cli(...args);
    assert.equal(r.code, 2, `${args.join(" ")} → exit ${r.code}: ${r.stderr}`);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line on stderr for ${args.join(" ")}: ${r.stderr}`);
    assert.match(lines[0], pattern);
  }
});

Deno.test("non-convergence exits 3 and still prints the JSON", async () => {
  const r = await cli(
    "phase",
    "--vary",
    "width",
    "--from",
    "0.1",
    "--to",
    "3",
    ...MODEL,
    "--max-iter",
    "2",
    "--json",
  );
  assert.equal(r.code, 3, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.converged, false);
  assert.ok(j.lines[0].nonConverged.length > 0);
});

Deno.test("help texts", async () => {
  for (const cmd of ["phase", "optimal-width", "sweep"]) {
    const r = await cli(cmd, "--help");
    assert.equal(r.code, 0);
    assert.match(r.stdout, new RegExp(`typiquant ${cmd}`));
  }
  const top = await cli("--help");
  assert.match(top.stdout, /phase\s+AT/);
  assert.match(top.stdout, /optimal-width/);
  assert.match(top.stdout, /sweep/);
});
