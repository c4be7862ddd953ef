// `sweep --shard K/N`, `phase --shard K/N` and `sweep merge`: the merged shard files are byte
// for byte the output of a single run (CSV, JSON, phase text and JSON), for two different N,
// and bad shards or incomplete merges exit 2 with one line on stderr.
import assert from "node:assert/strict";
import { cli } from "./run_cli.ts";
import { mergeShards, parseShard, shardPoints } from "../../lib/experiments/sweep.ts";

const SWEEP = [
  "sweep",
  "--alpha",
  "0.5,1.5,3",
  "--beta",
  "5,inf",
  "--bits",
  "1,2",
  "--width",
  "1.2",
];
const PHASE = [
  "phase",
  "--vary",
  "width",
  "--from",
  "0.6",
  "--to",
  "2.4",
  "--samples",
  "6",
  "--alpha",
  "2",
  "--beta",
  "10",
  "--bits",
  "1,2,3",
];

/** Runs the command whole and in `count` shards, merges the shards, returns both outputs. */
async function singleAndMerged(
  dir: string,
  args: string[],
  count: number,
): Promise<{ single: string; merged: string; code: number; mergeCode: number }> {
  const runs = await Promise.all([
    cli(...args, "--no-progress"),
    ...Array.from({ length: count }, (_, k) => cli(...args, "--shard", `${k + 1}/${count}`)),
  ]);
  const files: string[] = [];
  for (let k = 1; k <= count; k++) {
    assert.equal(runs[k].code, runs[0].code, runs[k].stderr);
    const f = `${dir}/shard-${k}-of-${count}.json`;
    await Deno.writeTextFile(f, runs[k].stdout);
    files.push(f);
  }
  const out = `${dir}/merged-${count}`;
  const m = await cli("sweep", "merge", ...files.reverse(), "--out", out);
  return {
    single: runs[0].stdout,
    merged: await Deno.readTextFile(out),
    code: runs[0].code,
    mergeCode: m.code,
  };
}

Deno.test("sweep shards merge into the single run's CSV and JSON, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const [format, count] of [["csv", 3], ["json", 2]] as const) {
      const args = format === "json" ? [...SWEEP, "--json"] : SWEEP;
      const r = await singleAndMerged(dir, args, count);
      assert.equal(r.code, 0);
      assert.equal(r.mergeCode, 0);
      assert.ok(r.single.length > 100);
      assert.equal(r.merged, r.single, `${format}, ${count} shards`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("phase shards (one line per bit depth) merge into the single run's text and JSON", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (const json of [false, true]) {
      const args = json ? [...PHASE, "--json"] : PHASE;
      const runs = await Promise.all([
        cli(...args),
        cli(...args, "--shard", "1/2"),
        cli(...args, "--shard", "2/2"),
      ]);
      const files = [`${dir}/p1`, `${dir}/p2`];
      await Deno.writeTextFile(files[0], runs[1].stdout);
      await Deno.writeTextFile(files[1], runs[2].stdout);
      const m = await cli("sweep", "merge", files[1], files[0], "--out", `${dir}/merged`);
      assert.equal(m.code, runs[0].code, m.stderr);
      assert.equal(await Deno.readTextFile(`${dir}/merged`), runs[0].stdout);
      assert.ok(runs[0].stdout.includes("bits 3") || runs[0].stdout.includes('"bits":3'));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bad shards and incomplete merges: errors naming the problem, exit 2 in the CLI", async () => {
  for (const bad of ["0/2", "3/2", "1/0", "a", "1/10001", "1/2/3"]) {
    assert.throws(() => parseShard(bad), /shard: expected K\/N with integers 1 <= K <= N <= 10000/);
  }
  assert.deepEqual(shardPoints(5, parseShard("5/5")), [4]);
  assert.deepEqual(shardPoints(2, parseShard("3/4")), []); // more shards than points: empty
  const file = (index: number, count: number, head = "h") =>
    JSON.stringify({
      typiquantShard: 1,
      command: "sweep",
      format: "csv",
      index,
      count,
      total: 2,
      head,
      items: index === 1 ? [{ point: 0, converged: true, value: "a" }] : [
        { point: 1, converged: true, value: "b" },
      ],
    });
  const cases: [string[], RegExp][] = [
    [[file(1, 2)], /missing shard\(s\) 2 of 2/],
    [[file(1, 2), file(1, 2)], /repeated/],
    [[file(1, 2), file(2, 2, "other")], /different run/],
    [["alpha,beta\n1,2\n"], /not a shard file/],
    [[], /got none/],
  ];
  for (const [texts, re] of cases) assert.throws(() => mergeShards(texts), re);
  assert.equal(mergeShards([file(2, 2), file(1, 2)]).output, "h\na\nb\n");
  // the CLI: one line on stderr, exit 2
  const dir = await Deno.makeTempDir();
  try {
    const [badShard, s1] = await Promise.all([
      cli(...SWEEP, "--shard", "3/2"),
      cli(...SWEEP, "--shard", "1/2"),
    ]);
    assert.equal(badShard.code, 2);
    assert.match(badShard.stderr, /--shard: expected K\/N with integers 1 <= K <= N/);
    assert.equal(badShard.stderr.trim().split("\n").length, 1);
    await Deno.writeTextFile(`${dir}/s1`, s1.stdout);
    const [missing, noOut] = await Promise.all([
      cli("sweep", "merge", `${dir}/s1`, "--out", `${dir}/out`),
      cli("sweep", "merge", `${dir}/s1`),
    ]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing shard\(s\) 2 of 2/);
    assert.equal(noOut.code, 2);
    assert.match(noOut.stderr, /--out: required/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
