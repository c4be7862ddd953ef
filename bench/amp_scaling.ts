// Scaling of one AMP iteration (float32 X, same workload as bench/amp_bench.ts) with N = M:
// median time per iteration, the wasm memory the kernel allocates, and the float32 matrix.
// N = 16000 needs about 2 GB (the caller's X and the kernel's copy).
//
//     deno run -A bench/amp_scaling.ts [N ...]            # default 1000 2000 4000 8000 16000
//     env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/amp_numpy.py 1000 2000 4000 8000 16000
import { createAmpKernel } from "../lib/algorithms/amp_kernel.ts";
import { ampIteration, benchInstance } from "./amp_workload.ts";

const sizes = Deno.args.length > 0 ? Deno.args.map(Number) : [1000, 2000, 4000, 8000, 16000];
for (const n of sizes) {
  let { X, y } = benchInstance(n);
  const line: string[] = [`N=M=${n}:`];
  for (const threads of [1, 2] as const) {
    const k = createAmpKernel(X, n, n, y, { threads });
    const step = ampIteration(k, n);
    step();
    await new Promise((r) => setTimeout(r, 200)); // the worker's start
    const reps = Math.max(5, Math.min(100, Math.round(4e9 / (n * n * 4) / 2)));
    const t: number[] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      step();
      t.push(performance.now() - t0);
    }
    t.sort((a, b) => a - b);
    line.push(`${threads} thread(s) ${t[t.length >> 1].toFixed(3)} ms/iteration`);
    k.dispose();
  }
  const mb = (n * Math.ceil(n / 8) * 8 * 4) / 2 ** 20;
  line.push(`X ${mb.toFixed(0)} MB float32 (kernel copy; + caller's X)`);
  console.log(line.join("  "));
  X = new Float32Array(0);
  y = new Float64Array(0);
}
