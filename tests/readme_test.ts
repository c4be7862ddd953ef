// Every command shown in the README with its output is re-run here and must print exactly that
// output, so the README's numbers always come from the current code. One exception: a README
// line ending in "…" (used for the solver diagnostics `iterations` and `residual`, which change
// whenever the iteration does) matches any line that starts with the text before the "…".
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const MAIN = new URL("lib/cli/main.ts", ROOT).pathname;

/** The printed output with every line the README elides (`key …`) cut to the README's text. */
export function maskElided(expected: string, actual: string): string {
  const want = expected.split("\n");
  return actual.split("\n").map((line, i) => {
    const w = want[i];
    if (w === undefined || !w.endsWith("…")) return line;
    const prefix = w.slice(0, -1);
    return line.startsWith(prefix) && line.length > prefix.length ? w : line;
  }).join("\n");
}

/** `$ deno task cli …` blocks of the README: the command line and the lines printed after it. */
function examples(readme: string): { args: string[]; output: string }[] {
  const out: { args: string[]; output: string }[] = [];
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of readme.split("\n")) {
    if (line.startsWith("```")) {
      if (current === null) current = [];
      else {
        blocks.push(current);
        current = null;
      }
    } else if (current !== null) current.push(line);
  }
  for (const block of blocks) {
    const parts = block.join("\n").split(/^\$ /m).slice(1);
    for (const part of parts) {
      const [command, ...lines] = part.trimEnd().split("\n");
      const m = command.match(/^deno task cli (.*)$/);
      if (m) out.push({ args: m[1].trim().split(/\s+/), output: lines.join("\n").trimEnd() });
    }
  }
  return out;
}

Deno.test("maskElided: only lines the README elides, and only when their prefix matches", () => {
  const expected = "a 1\niterations     …\nresidual       …";
  assert.equal(maskElided(expected, "a 1\niterations     12\nresidual       3e-11"), expected);
  // a changed value before the "…", a changed key, an empty value: not masked
  assert.notEqual(maskElided(expected, "a 2\niterations     12\nresidual       3e-11"), expected);
  assert.notEqual(maskElided(expected, "a 1\niteration      12\nresidual       3e-11"), expected);
  assert.notEqual(maskElided(expected, "a 1\niterations     \nresidual       3e-11"), expected);
});

Deno.test("README command examples print exactly what the README shows", async () => {
  const readme = await Deno.readTextFile(new URL("README.md", ROOT));
  const cases = examples(readme);
  assert.ok(cases.length >= 3, `expected README examples, found ${cases.length}`);
  for (const { args, output } of cases) {
    const run = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", MAIN, ...args],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stdout = new TextDecoder().decode(run.stdout).trimEnd();
    assert.equal(run.code, 0, `${args.join(" ")}: ${new TextDecoder().decode(run.stderr)}`);
    assert.equal(
      maskElided(output, stdout),
      output,
      `README output of "${args.join(" ")}" is stale`,
    );
  }
});
