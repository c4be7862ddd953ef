// Cost of the zero-temperature 1RSB solver (docs/theory.md §3b) next to the RS ground state
// `solveZeroTemperature` at the same point (the unit of cost; the target was <= 20 RS
// zero-temperature solves per 1RSB ground state with y optimised). Groups: 1 and 2 bits,
// alpha above and below the RS interpolation threshold; plus one fixed-y solve and one
// evaluation of the frozen averages (the inner loop).
import { solveOneRsbGroundState } from "../lib/theory/one_rsb_ground_state.ts";
import { frozenAverages } from "../lib/theory/frozen_channel.ts";
import { solveZeroTemperature } from "../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import type { ModelParams } from "../lib/model/params.ts";

const points: [string, ModelParams][] = [];
for (const [bits, width] of [[1, 1], [2, 1.5]]) {
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
Deno.bench("solveOneRsbGroundState fixed y = y* from a cold start (1 bit, alpha 1)", () => {
  solveOneRsbGroundState(points[1][1], { y: ref.y });
});
Deno.bench("frozenAverages: one evaluation (1 bit, alpha 1, at y*)", () => {
  frozenAverages(
    ref.model.quantizer.kind === "levels" ? ref.model.quantizer.levels : new Float64Array(),
    ref.model.teacher,
    ref,
    0,
    ref.y,
  );
});
