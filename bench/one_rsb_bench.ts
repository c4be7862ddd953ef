// Cost of the 1RSB solver (docs/theory.md §3): one Phi evaluation (a nested 2-D Gaussian
// integral), a fixed-x solve, and a solve with the thermodynamic x* searched — each next to
// `solveRs` at the same point (the unit of cost: the target is <= 50 RS solves per 1RSB point,
// <= 35 for a margin).
//
// Measured (issue 8; three runs on an otherwise idle machine, load average 0.4–0.8 with the
// bench itself; each ratio from one run): solveOneRsb x = opt / solveRs = 12–17 (crisis),
// 18–21 (AT > 1), 22–24 (2 bits, beta 30), 24–27 (3 bits, beta 20), 27–33 (1 bit, beta 40);
// before issue 8 (idle): 29, 34 and 50 at the first three. Fixed x = 0.6: 10 ms (was 31 ms:
// it iterated on the default quadrature all the way; now on the coarse one first). The
// 32 × 32 phase diagram below: 6.2–7.7 s on 2 workers (two runs; the solver before issue 8
// took 11.0–12.3 s, each measured next to 7.5–7.7 s now; one thread over its 1024 cells:
// 26.8 s before, 13.3 s now).
import { oneRsbFreeEntropy, solveOneRsb } from "../lib/theory/one_rsb.ts";
import { solveRs } from "../lib/theory/rs.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import type { ModelParams } from "../lib/model/params.ts";
import { oneRsbPhaseDiagram } from "../lib/experiments/one_rsb_phase_diagram.ts";
import {
  DEFAULT_RESOLUTION,
  entropicAverages,
  type Levels,
} from "../lib/theory/one_rsb_channel.ts";
import { COARSE_RESOLUTION, MEDIUM_RESOLUTION } from "../lib/theory/one_rsb_optimize_x.ts";
import { oneRsbConjugates } from "../lib/theory/one_rsb_equations.ts";

const CRISIS: ModelParams = {
  alpha: 0.7,
  beta: 10,
  quantizer: uniformQuantizer({ bits: 1, width: 1.5 }),
};
const UNSTABLE: ModelParams = {
  alpha: 2,
  beta: 10,
  quantizer: uniformQuantizer({ bits: 1, width: 1 }),
};
const TWO_BITS: ModelParams = {
  alpha: 1.5,
  beta: 30,
  quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
};
// checks that the cost is not tuned to the three points above: 3 bits (x* = 0.489) and a
// 1-bit point at beta = 40 with a small x* (0.079)
const THREE_BITS: ModelParams = {
  alpha: 3,
  beta: 20,
  quantizer: uniformQuantizer({ bits: 3, width: 3 }),
};
const COLD: ModelParams = {
  alpha: 2,
  beta: 40,
  quantizer: uniformQuantizer({ bits: 1, width: 1 }),
};

const fixed = solveOneRsb(CRISIS, { x: 0.6 });

Deno.bench("oneRsbFreeEntropy (b = 1, one nested integral)", () => {
  oneRsbFreeEntropy(fixed.model, fixed, 0.6);
});

Deno.bench("solveOneRsb fixed x = 0.6 (entropy-crisis point)", () => {
  solveOneRsb(CRISIS, { x: 0.6 });
});

// The entropic term at the quadratures of the x search (one_rsb_optimize_x.ts): the default
// (8 nodes, 2.5-sd panels, ± 8.5 sd; the last stage of the joint solve), the medium (6, 3.5,
// ± 7) and coarse (5, 3.5, ± 6, sparse ladders) rules of its trials and first stages, at the
// optimised crisis solution, next to solveRs.
{
  const s = solveOneRsb(CRISIS);
  const c = oneRsbConjugates(s.model, { m: s.m, q0: s.q0, d1: s.q1 - s.q0, v1: s.Q - s.q1 }, s.x);
  const args = { mhat: c.mhat, q0hat: c.q0hat, d: c.d, quad: c.quad, x: s.x };
  const q = s.model.quantizer as Levels;
  Deno.bench("solveRs (crisis, quadratures)", { group: "quadratures", baseline: true }, () => {
    solveRs(CRISIS);
  });
  for (
    const [name, res] of [
      ["default", DEFAULT_RESOLUTION],
      ["medium", MEDIUM_RESOLUTION],
      ["coarse", COARSE_RESOLUTION],
    ] as const
  ) {
    Deno.bench(`entropic term, ${name} quadrature (crisis, x*)`, { group: "quadratures" }, () => {
      entropicAverages(s.model, q, args, res);
    });
  }
}

for (
  const [name, params] of [
    ["entropy-crisis point", CRISIS],
    ["AT > 1 point", UNSTABLE],
    ["2 bits, beta = 30", TWO_BITS],
    ["3 bits, beta = 20", THREE_BITS],
    ["1 bit, beta = 40", COLD],
  ] as [string, ModelParams][]
) {
  Deno.bench(`solveRs (${name})`, { group: name, baseline: true }, () => {
    solveRs(params);
  });
  Deno.bench(`solveOneRsb x = opt (${name})`, { group: name }, () => {
    solveOneRsb(params);
  });
}

// The 32 × 32 1RSB phase diagram (alpha × width, b = 1, beta = 10) on two workers: seconds
// (measured above), but run once, so only with TYPIQUANT_LONG_BENCH=1.
Deno.bench({
  name: "oneRsbPhaseDiagram 32 × 32 (alpha × width, b = 1, beta = 10, 2 workers)",
  ignore: Deno.env.get("TYPIQUANT_LONG_BENCH") !== "1",
  n: 1,
  warmup: 0,
}, async () => {
  const d = await oneRsbPhaseDiagram(
    { alpha: 1, beta: 10, quantizer: { quantizer: "uniform", bits: 1, width: 1 } },
    {
      x: { parameter: "alpha", from: 0.3, to: 3, samples: 32 },
      y: { parameter: "width", from: 0.5, to: 2, samples: 32 },
      workers: 2,
    },
  );
  if (!d.converged) throw new Error(`${d.nonConverged} cells did not converge`);
});
