// Heat-bath Monte Carlo: one sweep (N single-weight updates) at N = 1000, alpha = 2 (M = 2000),
// beta = 5, for 1 to 4 bits, side by side with the same sweep in numpy (bench/mcmc_numpy.py):
//
//     for i in range(N):                        # column-major X: Xc[i] is column i (length M)
//         h = Xc[i] @ res + c[i] * w[i]          # c[i] = |x_i|², res = y − X w
//         lw = logpi + L * (beta * h - 0.5 * beta * (c[i] + lam) * L)
//         p = np.exp(lw - lw.max()); k = np.searchsorted(np.cumsum(p), rng.random() * p.sum())
//         if L[k] != w[i]: res -= (L[k] - w[i]) * Xc[i]; w[i] = L[k]
//
//     deno bench -A bench/mcmc_bench.ts
//     env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/mcmc_numpy.py
import { McmcSampler, teacherStudentData } from "../lib/algorithms/mod.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import { resolveModel } from "../lib/model/params.ts";
import { createRng } from "../lib/numerics/rng.ts";

const data = teacherStudentData({ n: 1000, alpha: 2, sigma2: 0.1, seed: 2, precision: "float64" });
for (const bits of [1, 2, 3, 4]) {
  const model = resolveModel({
    alpha: 2,
    beta: 5,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits, width: 1.2 }),
  });
  const sampler = new McmcSampler(data, model);
  const rng = createRng(3);
  const state = sampler.randomState(rng);
  for (let s = 0; s < 3; s++) sampler.sweep(state, 5, rng);
  Deno.bench({
    name: `Monte Carlo sweep N=1000 alpha=2, ${bits} bit(s)`,
    group: "mcmc",
    baseline: bits === 1,
    fn: () => sampler.sweep(state, 5, rng),
  });
}
