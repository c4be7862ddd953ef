// The committed wasm bytes (amp_kernel_wasm.ts) are the assembly of amp_kernel.wat: assembled
// again here with npm:wabt (tools/build_amp_kernel.ts), and the recorded SHA-256 of the .wat.
import assert from "node:assert/strict";
import {
  AMP_KERNEL_WASM_BASE64,
  AMP_KERNEL_WAT_SHA256,
} from "../../lib/algorithms/amp_kernel_wasm.ts";
import { assembleWat, sha256Hex, WAT_URL } from "../../tools/build_amp_kernel.ts";

const fix = "regenerate with: deno run -A tools/build_amp_kernel.ts";

Deno.test("amp_kernel_wasm.ts holds the assembly of amp_kernel.wat", async () => {
  const wat = Deno.readTextFileSync(WAT_URL);
  assert.equal(AMP_KERNEL_WAT_SHA256, await sha256Hex(wat), `the .wat changed; ${fix}`);
  const bytes = await assembleWat(wat);
  const committed = Uint8Array.from(atob(AMP_KERNEL_WASM_BASE64), (c) => c.charCodeAt(0));
  assert.deepEqual(committed, bytes, `the wasm bytes differ from the .wat; ${fix}`);
});

Deno.test("a changed .wat is detected", async () => {
  const wat = Deno.readTextFileSync(WAT_URL).replace("(i32.const 31)", "(i32.const 15)");
  const committed = Uint8Array.from(atob(AMP_KERNEL_WASM_BASE64), (c) => c.charCodeAt(0));
  assert.notEqual(AMP_KERNEL_WAT_SHA256, await sha256Hex(wat));
  assert.notDeepEqual(await assembleWat(wat), committed);
});
