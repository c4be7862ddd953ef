// Finite-size algorithms at a glance: one AMP iteration at N = M = 4000 and one Monte Carlo
// sweep at N = 1000, alpha = 2. The side-by-side comparisons with numpy (and their numpy lines)
// are bench/amp_bench.ts + bench/amp_numpy.py, bench/amp_scaling.ts (N = 1000 ... 16000) and
// bench/mcmc_bench.ts + bench/mcmc_numpy.py. Run: deno bench -A bench/algorithms_bench.ts
import { createAmpKernel, McmcSampler, teacherStudentData } from "../lib/algorithms/mod.ts";
import { denoise } from "../lib/theory/scalar_channel.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import { resolveModel } from "../lib/model/params.ts";
import { createRng } from "../lib/numerics/rng.ts";

const N = 4000;
const quantizer = uniformQuantizer({ bits: 2, width: 1.2 });
const data32 = teacherStudentData({ n: N, alpha: 1, sigma2: 0.1, seed: 1 });
const X64 = Float64Array.from(data32.X);

function ampIteration(kernel: ReturnType<typeof createAmpKernel>) {
  const a = new Float64Array(N).fill(0.01), v = new Float64Array(N).fill(0.5);
  const r = new Float64Array(N);
  const beta = 5, alpha = 1;
  return () => {
    let V = 0;
    for (let i = 0; i < N; i++) V += v[i];
    V /= N;
    const inv = 1 / beta + V;
    const { out } = kernel.run(a, 1 / inv, V / inv);
    const Sigma = inv / alpha;
    for (let i = 0; i < N; i++) r[i] = a[i] + Sigma * out[i];
    denoise(quantizer, r, { mhat: 1 / Sigma, quad: 1 / Sigma }, a, v);
  };
}

const k32 = createAmpKernel(data32.X, N, N, data32.y);
const k64 = createAmpKernel(X64, N, N, data32.y);
const kjs = createAmpKernel(data32.X, N, N, data32.y, { backend: "js" });

Deno.bench({
  name: "AMP iteration N=M=4000, float32 X, wasm SIMD",
  group: "amp",
  baseline: true,
  fn: ampIteration(k32),
});
Deno.bench({
  name: "AMP iteration N=M=4000, float64 X, wasm SIMD",
  group: "amp",
  fn: ampIteration(k64),
});
Deno.bench({
  name: "AMP iteration N=M=4000, float32 X, plain TypeScript",
  group: "amp",
  fn: ampIteration(kjs),
});
const fused = (k: ReturnType<typeof createAmpKernel>) => {
  const a = new Float64Array(N).fill(0.01);
  return () => void k.run(a, 1, 0.5);
};
Deno.bench({
  name: "fused X·a and X^T·g only, float32, wasm",
  group: "pass",
  baseline: true,
  fn: fused(k32),
});
Deno.bench({ name: "fused X·a and X^T·g only, float64, wasm", group: "pass", fn: fused(k64) });

const mcData = teacherStudentData({
  n: 1000,
  alpha: 2,
  sigma2: 0.1,
  seed: 2,
  precision: "float64",
});
for (const bits of [1, 2, 4]) {
  const model = resolveModel({
    alpha: 2,
    beta: 5,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits, width: 1.2 }),
  });
  const sampler = new McmcSampler(mcData, model);
  const rng = createRng(3);
  const state = sampler.randomState(rng);
  for (let s = 0; s < 3; s++) sampler.sweep(state, 5, rng);
  Deno.bench({
    name: `Monte Carlo sweep N=1000 alpha=2, ${bits} bit(s)`,
    group: "mcmc",
    baseline: bits === 2,
    fn: () => sampler.sweep(state, 5, rng),
  });
}
