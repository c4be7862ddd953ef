import assert from "node:assert/strict";

Deno.test("outside the kernel: charts, tables and progress write nothing to stdout", async () => {
  const script = new URL("./_outside_kernel.ts", import.meta.url);
  const config = new URL("../../deno.json", import.meta.url);
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", config.pathname, script.pathname],
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  assert.equal(stdout, "");
  // stderr is a pipe, not a terminal: plain progress lines, no carriage returns.
  assert.ok(stderr.includes("work: 50/50 (100%)"), stderr);
  assert.ok(!stderr.includes("\r"));
});
