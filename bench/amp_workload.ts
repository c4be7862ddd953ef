// The AMP iteration workload shared by bench/amp_bench.ts and bench/amp_scaling.ts (see the
// numpy lines in amp_bench.ts).
import type { AmpKernel } from "../lib/algorithms/amp_kernel.ts";
import { denoise } from "../lib/theory/scalar_channel.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import { createRng } from "../lib/numerics/rng.ts";

const quantizer = uniformQuantizer({ bits: 2, width: 1.2 });

/** X with entries N(0, 1/N) in float32, and labels, from a fixed seed. */
export function benchInstance(n: number): { X: Float32Array; y: Float64Array } {
  const rng = createRng(1);
  const X = new Float32Array(n * n);
  const row = new Float64Array(n);
  for (let mu = 0; mu < n; mu++) {
    rng.fillNormal(row, 1 / Math.sqrt(n));
    X.set(row, mu * n);
  }
  const y = new Float64Array(n);
  rng.fillNormal(y);
  return { X, y };
}

/** One AMP iteration (kernel pass, r, 4-level denoiser) as a closure, as in the numpy loop. */
export function ampIteration(kernel: AmpKernel, n: number): () => void {
  const a = new Float64Array(n).fill(0.01), v = new Float64Array(n).fill(0.5);
  const r = new Float64Array(n);
  const beta = 5, alpha = 1;
  return () => {
    let V = 0;
    for (let i = 0; i < n; i++) V += v[i];
    V /= n;
    const inv = 1 / beta + V;
    const { out } = kernel.run(a, 1 / inv, V / inv);
    const Sigma = inv / alpha;
    for (let i = 0; i < n; i++) r[i] = a[i] + Sigma * out[i];
    denoise(quantizer, r, { mhat: 1 / Sigma, quad: 1 / Sigma }, a, v);
  };
}
