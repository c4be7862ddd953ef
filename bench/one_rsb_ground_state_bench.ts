// Cost of the zero-temperature 1RSB solver (docs/theory.md §3b) next to the RS ground state
// `solveZeroTemperature` at the same point (the unit of cost; the target is <= 20 RS
// zero-temperature solves per 1RSB ground state with y optimised). Groups: 1, 2 and 3 bits,
// alpha below and above the RS interpolation threshold; plus one fixed-y solve and one
// evaluation of the frozen averages (the inner loop) on the fine, coarse and rough outer rules.
//
// The y-optimised solve: branch-selecting sweeps on the rough rule, then a two-stage joint
// Newton–Broyden solve of the fixed point and d(Phi/beta)/dy = 0 (coarse rule, then 3–6 fine
// evaluations). The RS solve costs 40–1200 µs depending on the point (slowest where RS
// interpolates, alpha < alpha_c) and varies by up to 2x between runs, so compare the ratios
// within a group of the same run. Measured 2026-11-29, two runs side by side (machine shared
// with other jobs, load ~2 on 2 cores), RS µs / 1RSB ms / ratio:
//
//   point                 run 1                  run 2
//   1 bit,  alpha 0.3     412 / 1.10 /  2.7      674 / 1.40 /  2.1
//   1 bit,  alpha 1       104 / 0.44 /  4.2      104 / 0.46 /  4.4
//   1 bit,  alpha 2       101 / 0.42 /  4.1       70 / 0.48 /  6.8
//   2 bits, alpha 0.3     911 / 2.00 /  2.2      971 / 2.00 /  2.1
//   2 bits, alpha 1       300 / 1.10 /  3.7      290 / 1.20 /  4.1
//   2 bits, alpha 2       153 / 1.00 /  6.5      169 / 1.10 /  6.5
//   3 bits, alpha 0.3    1100 / 3.90 /  3.5     1200 / 4.30 /  3.6
//   3 bits, alpha 1       778 / 2.60 /  3.3      791 / 2.30 /  2.9
//   3 bits, alpha 2       208 / 2.40 / 11.5      177 / 2.10 / 11.9
//
// (before the graded outer mesh, the fused interval probabilities, the half-line integral of
// symmetric level sets and the rough sweeps: ratios 4–130, 130 at 3 bits, alpha 2)
import { solveOneRsbGroundState } from "../lib/theory/one_rsb_ground_state.ts";
import { frozenAverages } from "../lib/theory/frozen_channel.ts";
import { solveZeroTemperature } from "../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import type { ModelParams } from "../lib/model/params.ts";

const points: [string, ModelParams][] = [];
for (const [bits, width] of [[1, 1], [2, 1.5], [3, 2]]) {
  for (const alpha of [0.3, 1, 2]) {
    points.push([
      `${bits} bit${bits > 1 ? "s" : ""}, width ${width}, alpha ${alpha}`,
      { alpha, beta: Infinity, quantizer: uniformQuantizer({ bits, width }) },
    ]);
  }
}

for (const [name, params] of points) {
  Deno.bench(`solveZeroTemperature (${name})`, { group: name, baseline: true }, () => {
    solveZeroTemperature(params);
  });
  Deno.bench(`solveOneRsbGroundState y = opt (${name})`, { group: name }, () => {
    solveOneRsbGroundState(params);
  });
}

const ref = solveOneRsbGroundState(points[1][1]);
const levels = ref.model.quantizer.kind === "levels" ? ref.model.quantizer.levels : null;
Deno.bench("solveOneRsbGroundState fixed y = y* from a cold start (1 bit, alpha 1)", () => {
  solveOneRsbGroundState(points[1][1], { y: ref.y });
});
Deno.bench("frozenAverages: one evaluation (1 bit, alpha 1, at y*)", { group: "eval" }, () => {
  frozenAverages(levels!, ref.model.teacher, ref, 0, ref.y);
});
Deno.bench("frozenAverages: coarse rule (1 bit, alpha 1, at y*)", { group: "eval" }, () => {
  frozenAverages(levels!, ref.model.teacher, ref, 0, ref.y, 1, null, "coarse");
});
Deno.bench("frozenAverages: rough rule (1 bit, alpha 1, at y*)", { group: "eval" }, () => {
  frozenAverages(levels!, ref.model.teacher, ref, 0, ref.y, 1, null, "rough");
});
