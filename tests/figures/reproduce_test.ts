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
  assert.match(badW.stderr, /workers: expected an integer >= 1, got 0/);
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
