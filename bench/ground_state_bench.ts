// Ground states at beta = ∞: the meet-in-the-middle enumeration (blocked R·Sᵀ product) against
// the plain odometer scan of all K^N configurations with an O(M) residual update per step (the
// scheme of exact.ts) and against sphere decoding (branch and bound), side by side on the same
// instance; sphere decoding at sizes enumeration cannot reach, with and without the diagonal
// shift; annealing at N = 100 and 400.
// Run: deno bench -A bench/ground_state_bench.ts
import {
  annealGroundState,
  exactGroundState,
  sphereGroundState,
  teacherStudentData,
} from "../lib/algorithms/mod.ts";
import { lloydMaxOptimalWidth } from "../lib/quantizers/lloyd_max.ts";
import { columnMajorX } from "../lib/algorithms/synthetic.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";

const q1 = uniformQuantizer({ bits: 1, width: 1 });
const q2 = uniformQuantizer({ bits: 2, width: 1 });
const d20 = teacherStudentData({ n: 20, alpha: 2, sigma2: 0.1, seed: 1 });
const d10 = teacherStudentData({ n: 10, alpha: 2, sigma2: 0.1, seed: 1 });

/** Reference: odometer over all configurations, residual updated per changed digit. */
function odometerMinimum(data: typeof d20, levels: Float64Array): number {
  const { n, samples: M } = data;
  const K = levels.length;
  const Xc = columnMajorX(data);
  const res = Float64Array.from(data.y);
  for (let i = 0; i < n; i++) for (let mu = 0; mu < M; mu++) res[mu] -= levels[0] * Xc[i * M + mu];
  const digits = new Int32Array(n);
  let best = Infinity;
  const change = (i: number, from: number, to: number) => {
    const d = levels[to] - levels[from];
    for (let mu = 0; mu < M; mu++) res[mu] -= d * Xc[i * M + mu];
    digits[i] = to;
  };
  for (;;) {
    let r2 = 0;
    for (let mu = 0; mu < M; mu++) r2 += res[mu] * res[mu];
    if (r2 < best) best = r2;
    let i = 0;
    while (i < n && digits[i] === K - 1) change(i, K - 1, 0), i++;
    if (i === n) break;
    change(i, digits[i], digits[i] + 1);
  }
  return 0.5 * best;
}

Deno.bench("enumerate, meet in the middle: 1 bit, N = 20, M = 40", {
  group: "k2n20",
  baseline: true,
}, () => {
  exactGroundState(d20, { alpha: 2, sigma2: 0.1, quantizer: q1 });
});
Deno.bench("enumerate, odometer scan: 1 bit, N = 20, M = 40", { group: "k2n20" }, () => {
  odometerMinimum(d20, q1.levels);
});
Deno.bench("sphere decoding: 1 bit, N = 20, M = 40", { group: "k2n20" }, () => {
  sphereGroundState(d20, { alpha: 2, sigma2: 0.1, quantizer: q1 });
});
Deno.bench("enumerate, meet in the middle: 2 bits, N = 10, M = 20", {
  group: "k4n10",
  baseline: true,
}, () => {
  exactGroundState(d10, { alpha: 2, sigma2: 0.1, quantizer: q2 });
});
Deno.bench("enumerate, odometer scan: 2 bits, N = 10, M = 20", { group: "k4n10" }, () => {
  odometerMinimum(d10, q2.levels);
});
Deno.bench("sphere decoding: 2 bits, N = 10, M = 20", { group: "k4n10" }, () => {
  sphereGroundState(d10, { alpha: 2, sigma2: 0.1, quantizer: q2 });
});

// larger sizes (Lloyd–Max widths, sigma2 = 0.1, as in the figure): 1 bit with the default
// shift (0.3 × mean diagonal, free for equal-magnitude levels) against none; 2 bits at alpha 1
const lm1 = uniformQuantizer({ bits: 1, width: lloydMaxOptimalWidth(1) });
const lm2 = uniformQuantizer({ bits: 2, width: lloydMaxOptimalWidth(2) });
const s40 = teacherStudentData({ n: 40, alpha: 1, sigma2: 0.1, seed: 3, precision: "float64" });
Deno.bench("sphere decoding: 1 bit, N = 40, alpha 1, default shift", {
  group: "shift",
  baseline: true,
}, () => {
  sphereGroundState(s40, { alpha: 1, sigma2: 0.1, quantizer: lm1 });
});
Deno.bench("sphere decoding: 1 bit, N = 40, alpha 1, no shift", { group: "shift" }, () => {
  sphereGroundState(s40, { alpha: 1, sigma2: 0.1, quantizer: lm1 }, { shift: 0 });
});
const s30 = teacherStudentData({ n: 30, alpha: 1, sigma2: 0.1, seed: 1, precision: "float64" });
Deno.bench("sphere decoding: 2 bits, N = 30, alpha 1", { group: "sphere" }, () => {
  sphereGroundState(s30, { alpha: 1, sigma2: 0.1, quantizer: lm2 });
});

const d100 = teacherStudentData({ n: 100, alpha: 2, sigma2: 0.1, seed: 1, precision: "float64" });
const d400 = teacherStudentData({ n: 400, alpha: 2, sigma2: 0.1, seed: 1, precision: "float64" });
Deno.bench("anneal: 2 bits, N = 100, 8 restarts x 300 sweeps", { group: "anneal" }, () => {
  annealGroundState(d100, { alpha: 2, sigma2: 0.1, quantizer: q2 });
});
Deno.bench("anneal: 2 bits, N = 400, 1 restart x 300 sweeps", { group: "anneal" }, () => {
  annealGroundState(d400, { alpha: 2, sigma2: 0.1, quantizer: q2 }, { restarts: 1 });
});
