// Every command shown in the README with its output is re-run here and must print exactly that
// output, so the README's numbers always come from the current code.
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const MAIN = new URL("lib/cli/main.ts", ROOT).pathname;

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
    assert.equal(stdout, output, `README output of "${args.join(" ")}" is stale`);
  }
});
