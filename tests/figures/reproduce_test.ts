// `deno task reproduce --quick`: every expected file, REPORT numbers equal the JSON data.
import assert from "node:assert/strict";
import { fmtNumber, parseFigureJson } from "../../lib/figures/figure.ts";
import { FIGURE_REGISTRY } from "../../lib/figures/registry.ts";

const MAIN = new URL("../../lib/cli/reproduce.ts", import.meta.url).pathname;

async function reproduce(...args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("reproduce --quick writes every figure, its data and REPORT.md", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await reproduce("--quick", "--out", dir, "--workers", "2");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /reproduce: \d+ figure\(s\) written/);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name);
    for (const f of FIGURE_REGISTRY) {
      for (const ext of [".csv", ".json"]) assert.ok(files.includes(f.id + ext), f.id + ext);
      const stems = files.filter((n) => n.startsWith(f.id) && n.endsWith(".svg"));
      assert.ok(stems.length >= 1, `${f.id}: no chart`);
      for (const svg of stems) {
        const stem = svg.slice(0, -4);
        assert.ok(files.includes(`${stem}.png`) && files.includes(`${stem}.vl.json`), stem);
        assert.ok((await Deno.readTextFile(`${dir}/${svg}`)).startsWith("<svg"));
      }
    }
    const report = await Deno.readTextFile(`${dir}/REPORT.md`);
    assert.ok(report.includes("Quick run"));
    assert.ok(!report.includes("Figures that failed"));
    const json = <T>(id: string) =>
      parseFigureJson<{ summary: T }>(Deno.readTextFileSync(`${dir}/${id}.json`)).summary;

    // REPORT numbers are the JSON numbers, formatted
    const dd = json<{ thresholds: { bits: number; alphaC: number }[] }>("double_descent");
    for (const t of dd.thresholds) {
      assert.ok(report.includes(`| ${fmtNumber(t.alphaC, 4)} |`), `alpha_c ${t.alphaC}`);
    }
    const ow = json<{ optima: { width: number; error: number }[] }>("optimal_width");
    for (const o of ow.optima) {
      assert.ok(
        report.includes(`| ${fmtNumber(o.width)} | ${fmtNumber(o.error)} |`),
        `optimum ${o.width}`,
      );
    }
    const pd = json<{ onsets: { bits: number; atOnset: number | null }[] }>("phase_diagram");
    for (const o of pd.onsets.filter((x) => x.atOnset !== null)) {
      assert.ok(report.includes(`| ${o.bits} | ${fmtNumber(o.atOnset)} |`), `AT onset ${o.bits}`);
    }
    const amp = json<{ ampMaxRelativeDeviation: number }>("amp_validation");
    assert.ok(report.includes(`${fmtNumber(100 * amp.ampMaxRelativeDeviation, 2)} %`));
    const rsb = json<{ crisis: { rsTrainError: number; rsbTrainError: number } }>("one_rsb");
    assert.ok(
      report.includes(
        `training error RS ${fmtNumber(rsb.crisis.rsTrainError)} → 1RSB ${
          fmtNumber(rsb.crisis.rsbTrainError)
        }`,
      ),
    );
    const checks = json<{ crisisShannonEntropy: number }>("rs_checks");
    assert.ok(report.includes(`Shannon entropy ${fmtNumber(checks.crisisShannonEntropy)} < 0`));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reproduce: bad flags exit 2 with one line; --only selects figures", async () => {
  const bad = await reproduce("--only", "nope");
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /only: unknown figure "nope"/);
  const badW = await reproduce("--workers", "0");
  assert.equal(badW.code, 2);
  assert.match(badW.stderr, /workers: expected an integer in 1..64, got 0/);
  const dir = await Deno.makeTempDir();
  try {
    const r = await reproduce(
      "--quick",
      "--only",
      "double_descent",
      "--out",
      dir,
      "--no-png",
      "--quiet",
    );
    assert.equal(r.code, 0, r.stderr);
    const files = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.ok(files.includes("double_descent.json") && files.includes("REPORT.md"));
    assert.ok(!files.some((f) => f.endsWith(".png")));
    assert.ok(!files.some((f) => f.startsWith("rs_checks")));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

/** File name → content of every file in `dir` (hidden files included). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile) files.set(e.name, await Deno.readTextFile(`${dir}/${e.name}`));
  }
  return files;
}

Deno.test("reproduce: --out is checked before computing (one line, exit 2)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/file`, "x");
    const t = performance.now();
    const r = await reproduce("--quick", "--out", `${dir}/file`, "--quiet");
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /--out: .*exists and is not a directory/);
    // nothing was computed: a full quick run takes tens of seconds
    assert.ok(performance.now() - t < 15_000);
    const nested = await reproduce("--out", `${dir}/file/sub`, "--quiet");
    assert.equal(nested.code, 2, nested.stderr);
    assert.match(nested.stderr, /--out: cannot (use|create)/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reproduce: killed mid-run leaves the previous output intact; --only merges REPORT.md and drops stale files", async () => {
  const root = await Deno.makeTempDir();
  const out = `${root}/figs`;
  const flags = ["--quick", "--no-png", "--quiet", "--out", out];
  try {
    const first = await reproduce(...flags, "--only", "double_descent,optimal_width");
    assert.equal(first.code, 0, first.stderr);
    // a stale chart of an earlier run and a file of a figure that no longer exists
    await Deno.writeTextFile(`${out}/double_descent_removed_chart.svg`, "<svg/>");
    await Deno.writeTextFile(`${out}/retired_figure.csv`, "x\n1\n");
    const before = await snapshot(out);

    // kill a run while it computes: the output directory must be exactly as before
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, ...flags, "--only", "rs_checks,double_descent,optimal_width"],
      stdout: "null",
      stderr: "null",
    }).spawn();
    const staging = `${root}/.figs.staging-${child.pid}`;
    const t0 = performance.now();
    while (performance.now() - t0 < 30_000) {
      try {
        await Deno.stat(staging);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGKILL");
    const status = await child.status;
    assert.ok(!status.success, "the run was killed before it finished");
    assert.deepEqual(await snapshot(out), before);

    // a re-run of one figure: completes, cleans the dead run's staging directory, keeps the
    // other figures' files and REPORT sections, and drops the stale files
    const again = await reproduce(...flags, "--only", "rs_checks");
    assert.equal(again.code, 0, again.stderr);
    const after = await snapshot(out);
    assert.ok(!after.has("retired_figure.csv"));
    assert.ok(after.has("double_descent_removed_chart.svg"), "kept: not a figure redone here");
    for (const id of ["rs_checks", "double_descent", "optimal_width"]) {
      assert.ok(after.has(`${id}.json`) && after.has(`${id}.csv`), id);
    }
    assert.equal(after.get("double_descent.json"), before.get("double_descent.json"));
    const report = after.get("REPORT.md")!;
    const titles = [...report.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    const registry = FIGURE_REGISTRY.filter((f) =>
      ["rs_checks", "double_descent", "optimal_width"].includes(f.id)
    );
    for (const f of registry) assert.ok(report.includes(`<!-- figure: ${f.id} quick -->`), f.id);
    assert.equal(titles.filter((t) => t !== "Timings").length, 3, titles.join(" | "));
    assert.ok(report.includes("(`--only`)"));
    const leftovers = [...Deno.readDirSync(root)].map((e) => e.name).filter((n) => n !== "figs");
    assert.deepEqual(leftovers, []);

    // redoing a figure replaces its files: the stale chart of double_descent goes
    const third = await reproduce(...flags, "--only", "double_descent");
    assert.equal(third.code, 0, third.stderr);
    const last = await snapshot(out);
    assert.ok(!last.has("double_descent_removed_chart.svg"));
    assert.ok(last.has("rs_checks.json") && last.get("REPORT.md")!.includes("rs_checks"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("reproduce: a light figure built in the worker lane next to a heavy one writes what a run in one thread writes", async () => {
  // --workers 2: optimal_width (one thread) is built in the lane's worker while
  // one_rsb_phase_diagram runs here; --workers 1: both in order in one thread
  const a = await Deno.makeTempDir(), b = await Deno.makeTempDir();
  try {
    const only = "optimal_width,one_rsb_phase_diagram";
    const common = ["--quick", "--no-png", "--quiet", "--only", only];
    const r1 = await reproduce(...common, "--out", a, "--workers", "2");
    const r2 = await reproduce(...common, "--out", b, "--workers", "1");
    assert.equal(r1.code, 0, r1.stderr);
    assert.equal(r2.code, 0, r2.stderr);
    for (const id of only.split(",")) {
      assert.equal(
        await Deno.readTextFile(`${a}/${id}.json`),
        await Deno.readTextFile(`${b}/${id}.json`),
        id,
      );
    }
    // the report keeps the registry's order whichever lane finished first
    const report = await Deno.readTextFile(`${a}/REPORT.md`);
    assert.ok(report.indexOf("optimal") < report.indexOf("1RSB phase diagram"), report);
  } finally {
    await Deno.remove(a, { recursive: true });
    await Deno.remove(b, { recursive: true });
  }
});
