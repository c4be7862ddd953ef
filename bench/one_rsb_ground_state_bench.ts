// Cost of the zero-temperature 1RSB solver (docs/theory.md §3b) next to the RS ground state
// `solveZeroTemperature` at the same point (the unit of cost; the target was <= 20 RS
// zero-temperature solves per 1RSB ground state with y optimised). Groups: 1, 2 and 3 bits,
// alpha below and above the RS interpolation threshold; plus one fixed-y solve and one
// evaluation of the frozen averages (the inner loop) on the fine and the coarse outer rule.
//
// The y-optimised solve is a two-stage joint Newton–Broyden solve of the fixed point and
// d(Phi/beta)/dy = 0 (coarse quadrature, then 3–6 fine evaluations); the RS solve costs
// 40–1000 µs depending on the point (it is slowest where RS interpolates, alpha < alpha_c),
// so compare the ratios within a group of the same run.
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
