// One AMP iteration at N = M = 4000 with float32 X, side by side with the same workload in
// numpy/OpenBLAS (bench/amp_numpy.py times it; run both in the same minute, the machine is
// shared):
//
//     g[:] = (y - X @ a.astype(np.float32)) / inv + (V / inv) * g        # X·a, Onsager memory
//     out = X.T @ g.astype(np.float32)                                     # X^T·g
//     r = a + Sigma * out
//     lw = (np.outer(r, LEVELS) - 0.5 * LEVELS**2) / Sigma                 # 4-level denoiser
//     p = np.exp(lw - lw.max(axis=1, keepdims=True)); p /= p.sum(axis=1, keepdims=True)
//     a[:] = p @ LEVELS; v[:] = p @ LEVELS**2 - a * a
//
//     deno bench -A bench/amp_bench.ts
//     env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/amp_numpy.py 4000
//
// The scaling series N = 1000 ... 16000 (time per iteration and memory) is bench/amp_scaling.ts.
import { createAmpKernel } from "../lib/algorithms/amp_kernel.ts";
import { ampIteration, benchInstance } from "./amp_workload.ts";

const N = 4000;
const { X, y } = benchInstance(N);
const k1 = createAmpKernel(X, N, N, y, { threads: 1 });
const k2 = createAmpKernel(X, N, N, y, { threads: 2 });
const k64 = createAmpKernel(Float64Array.from(X), N, N, y);
const kjs = createAmpKernel(X, N, N, y, { backend: "js" });
Deno.bench({
  name: "AMP iteration N=M=4000, float32 X, wasm SIMD, 1 thread",
  group: "amp",
  baseline: true,
  fn: ampIteration(k1, N),
});
Deno.bench({
  name: "AMP iteration N=M=4000, float32 X, wasm SIMD, 2 threads",
  group: "amp",
  fn: ampIteration(k2, N),
});
Deno.bench({
  name: "AMP iteration N=M=4000, float64 X, wasm SIMD (validation path)",
  group: "amp",
  fn: ampIteration(k64, N),
});
Deno.bench({
  name: "AMP iteration N=M=4000, float32 X, plain TypeScript",
  group: "amp",
  fn: ampIteration(kjs, N),
});
const pass = (k: ReturnType<typeof createAmpKernel>) => {
  const a = new Float64Array(N).fill(0.01);
  return () => void k.run(a, 1, 0.5);
};
Deno.bench({
  name: "fused X·a and X^T·g only, float32, 1 thread",
  group: "pass",
  baseline: true,
  fn: pass(k1),
});
Deno.bench({ name: "fused X·a and X^T·g only, float32, 2 threads", group: "pass", fn: pass(k2) });
// the worker of k2 would keep the process alive: stop it once the benches ran
globalThis.addEventListener("unload", () => k2.dispose());
