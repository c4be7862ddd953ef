// `deno task lab` (tools/lab.ts) run as a subprocess with a fake PATH: no Jupyter at all, a
// stub `jupyter` with only the classic Notebook, and one with JupyterLab and a Deno kernel.
// `--dry-run` prints the plan instead of installing the kernel or starting Jupyter.
import assert from "node:assert/strict";
import { INSTALL_HELP, planLab } from "../../tools/lab.ts";

const LAB = new URL("../../tools/lab.ts", import.meta.url).pathname;

/** Runs tools/lab.ts with PATH set to `dir` only. */
async function runWithPath(dir: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", LAB, ...args],
    env: { PATH: dir, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/** A `jupyter` shell stub answering the probes the script makes. */
async function stubJupyter(dir: string, opts: { lab: boolean; kernel: string | null }) {
  const specs = opts.kernel === null
    ? '{"kernelspecs": {}}'
    : `{"kernelspecs": {"deno": {"spec": {"argv": ["${opts.kernel}", "jupyter", "--kernel"]}}}}`;
  const script = `#!/bin/sh
case "$1 $2" in
  "lab --version") ${opts.lab ? "echo 4.2.0" : "exit 1"} ;;
  "notebook --version") echo 6.4.12 ;;
  "kernelspec list") echo '${specs}' ;;
  *) exit 3 ;;
esac
`;
  await Deno.writeTextFile(`${dir}/jupyter`, script);
  await Deno.chmod(`${dir}/jupyter`, 0o755);
}

Deno.test("lab: no jupyter on PATH exits 1 with install instructions", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await runWithPath(dir, ["--dry-run"]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trim(), INSTALL_HELP);
    for (const hint of ["pip install jupyterlab", "apt-get install jupyter-notebook", "VS Code"]) {
      assert.ok(r.stderr.includes(hint), `missing hint ${hint}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lab: jupyter without lab falls back to the classic Notebook and installs the kernel", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await stubJupyter(dir, { lab: false, kernel: null });
    const r = await runWithPath(dir, ["--dry-run", "--no-browser"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`install kernel: ${Deno.execPath()} jupyter --install\n`));
    assert.match(r.stdout, /start: jupyter notebook notebooks\/ --no-browser /);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("lab: JupyterLab with a working Deno kernel installs nothing; a stale kernel is replaced", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await stubJupyter(dir, { lab: true, kernel: Deno.execPath() });
    let r = await runWithPath(dir, ["--dry-run"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /install kernel: \(the deno kernel is installed\)/);
    assert.match(r.stdout, /start: jupyter lab notebooks\/ /);
    await stubJupyter(dir, { lab: true, kernel: `${dir}/gone/deno` });
    r = await runWithPath(dir, ["--dry-run"]);
    assert.match(r.stdout, /install kernel: .* jupyter --install --force\n/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("planLab: lab preferred over notebook; null without a front end", () => {
  const opts = { deno: "deno", notebooksDir: "nb/", extraArgs: ["--port", "1"] };
  const kernel = { program: "deno", exists: true };
  assert.equal(planLab({ lab: false, notebook: false, denoKernel: kernel }, opts), null);
  const both = planLab({ lab: true, notebook: true, denoKernel: kernel }, opts);
  assert.deepEqual(both, {
    frontEnd: "lab",
    install: null,
    launch: ["jupyter", "lab", "nb/", "--port", "1"],
  });
});
