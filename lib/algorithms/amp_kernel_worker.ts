/**
 * Module worker of the two-thread float32 AMP pass (`amp_kernel.ts`): instantiates the kernel
 * on the shared wasm memory it is sent, then loops: waits for the generation counter to move,
 * runs `amp_f32` on the second half of the rows with the `g` buffers and coefficients the main
 * thread wrote into the control block, and publishes the generation it finished.
 *
 * @module
 */

interface Setup {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** Byte offset of the control block (Int32 words, then c1, c2 as float64 at +32). */
  pc: number;
  /** px, n, m, pa, py, pg0, pg1, po, pb of the second half. */
  args: number[];
}

const GEN = 0, DONE = 1, CUR = 2, QUIT = 3, READY = 4;

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Setup>) => void) | null;
};

scope.onmessage = (event: MessageEvent<Setup>) => {
  scope.onmessage = null;
  const { module, memory, pc, args } = event.data;
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const ampF32 = (instance.exports as Record<string, (...a: number[]) => void>).amp_f32;
  const ctrl = new Int32Array(memory.buffer, pc, 8);
  const coef = new Float64Array(memory.buffer, pc + 32, 2);
  const [px, n, m, pa, py, pg0, pg1, po, pb] = args;
  const gp = [pg0, pg1];
  let seen = Atomics.load(ctrl, GEN);
  Atomics.store(ctrl, READY, 1);
  for (;;) {
    Atomics.wait(ctrl, GEN, seen);
    const gen = Atomics.load(ctrl, GEN);
    if (Atomics.load(ctrl, QUIT) === 1) return;
    if (gen === seen) continue;
    seen = gen;
    const cur = ctrl[CUR];
    ampF32(px, n, m, pa, py, gp[cur], gp[1 - cur], po, pb, coef[0], coef[1]);
    Atomics.store(ctrl, DONE, gen);
    Atomics.notify(ctrl, DONE);
  }
};
