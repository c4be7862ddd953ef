/**
 * The public API contract (docs/api.md): a curated root of at most 80 runtime names, explicit
 * re-exports only, sub-paths that resolve, documentation that passes `deno doc --lint`, and
 * README/docs code that imports only names that exist.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`)) as {
  name: string;
  exports: Record<string, string>;
};
const SUB_PATHS = [
  "./theory",
  "./algorithms",
  "./experiments",
  "./figures",
  "./plot",
  "./jupyter",
  "./numerics",
  "./quantizers",
  "./model",
  "./parallel",
];

Deno.test("api: the root exports at most 80 runtime names, explicitly (no export *)", async () => {
  const root = await import("../mod.ts");
  const names = Object.keys(root);
  assert.ok(names.length >= 30, `root has only ${names.length} runtime names`);
  assert.ok(names.length <= 80, `root has ${names.length} runtime names (> 80): ${names}`);
  const source = await Deno.readTextFile(`${ROOT}mod.ts`);
  assert.ok(!/export\s*\*/.test(source), "mod.ts must list its exports (no export *)");
  // the researcher's core is there; per-figure helpers and internals are not
  for (const name of ["solve", "solveRs", "solveZeroTemperature", "solveOneRsb", "runAmp"]) {
    assert.equal(typeof (root as Record<string, unknown>)[name], "function", name);
  }
  // per-figure helpers live in ./figures, internals nowhere public
  const figures = await import("../lib/figures/mod.ts") as Record<string, unknown>;
  const figureValues = new Set(Object.values(figures));
  for (const name of names) {
    const value = (root as Record<string, unknown>)[name];
    assert.ok(!figureValues.has(value), `${name} is a figure helper: ./figures, not the root`);
    assert.ok(!/Task$|^validate[A-Z]|^(display(Chart|Table|Bundle)|jupyterShow)$/.test(name), name);
  }
});

Deno.test("api: deno.json exports the root and every sub-path, and each resolves", async () => {
  assert.equal(config.exports["."], "./mod.ts");
  for (const sub of SUB_PATHS) {
    const target = config.exports[sub];
    assert.ok(typeof target === "string", `deno.json exports lacks ${sub}`);
    const mod = await import(new URL(`../${target.slice(2)}`, import.meta.url).href);
    assert.ok(Object.keys(mod).length > 0, `${sub} (${target}) exports nothing`);
  }
});

Deno.test("api: every root name is also reachable from its sub-path", async () => {
  const root = await import("../mod.ts") as Record<string, unknown>;
  const subs = await Promise.all(
    SUB_PATHS.map((sub) =>
      import(new URL(`../${config.exports[sub].slice(2)}`, import.meta.url).href)
    ),
  );
  for (const [name, value] of Object.entries(root)) {
    assert.ok(
      subs.some((m) => (m as Record<string, unknown>)[name] === value),
      `${name} is exported by the root but by no sub-path`,
    );
  }
});

Deno.test("api: `deno doc --lint mod.ts` passes (JSDoc and explicit types on the root)", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--lint", "mod.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
  // deno-lint-ignore no-control-regex
  assert.ok(out.success, text.replace(/\x1b\[[0-9;]*m/g, "").slice(0, 4000));
});

/** `import { a, type B } from "spec"` statements in the fenced code blocks of a markdown file. */
function codeImports(markdown: string): { spec: string; names: string[] }[] {
  const blocks = [...markdown.matchAll(/```(?:ts|typescript|js)\n([\s\S]*?)```/g)].map((m) => m[1]);
  const imports: { spec: string; names: string[] }[] = [];
  for (const block of blocks) {
    for (const m of block.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
      const names = m[1].split(",").map((s) => s.trim()).filter((s) => s && !s.startsWith("type "))
        .map((s) => s.split(/\s+as\s+/)[0]);
      imports.push({ spec: m[2], names });
    }
  }
  return imports;
}

Deno.test("api: README and docs code import only names their module exports", async () => {
  const files = ["README.md"];
  for await (const e of Deno.readDir(`${ROOT}docs`)) {
    if (e.name.endsWith(".md")) files.push(`docs/${e.name}`);
  }
  let checked = 0;
  for (const file of files) {
    const text = await Deno.readTextFile(`${ROOT}${file}`);
    for (const { spec, names } of codeImports(text)) {
      // "./mod.ts", "../mod.ts", "@typiquant/typiquant" and its sub-paths
      const sub = spec.startsWith(config.name)
        ? `.${spec.slice(config.name.length)}` || "."
        : /(^|\/)mod\.ts$/.test(spec) && !spec.includes("lib/")
        ? "."
        : undefined;
      if (sub === undefined) continue;
      const target = config.exports[sub === "." || sub === "" ? "." : sub];
      assert.ok(target, `${file}: ${spec} is not an export of deno.json`);
      const mod = await import(new URL(`../${target.slice(2)}`, import.meta.url).href);
      for (const name of names) {
        assert.ok(name in mod, `${file}: ${name} is not exported by ${spec}`);
        checked++;
      }
    }
  }
  assert.ok(checked > 0, "no import found in README.md / docs");
});
