// Runs the typiquant CLI in a subprocess (shared by the CLI contract tests).

const MAIN = new URL("../../lib/cli/main.ts", import.meta.url).pathname;

/** Exit code, stdout and stderr of `deno run -A lib/cli/main.ts ...args`. */
export async function cli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}
