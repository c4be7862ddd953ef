// Cost of the 1RSB solver (THEORY section 3): one Phi evaluation (a nested 2-D Gaussian
// integral), a fixed-x solve, and a solve with the thermodynamic x* searched.
import { oneRsbFreeEntropy, solveOneRsb } from "../lib/theory/one_rsb.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";
import type { ModelParams } from "../lib/model/params.ts";

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

const fixed = solveOneRsb(CRISIS, { x: 0.6 });

Deno.bench("oneRsbFreeEntropy (b = 1, one nested integral)", () => {
  oneRsbFreeEntropy(fixed.model, fixed, 0.6);
});

Deno.bench("solveOneRsb fixed x = 0.6 (entropy-crisis point)", () => {
  solveOneRsb(CRISIS, { x: 0.6 });
});

Deno.bench("solveOneRsb x = opt (entropy-crisis point)", () => {
  solveOneRsb(CRISIS);
});

Deno.bench("solveOneRsb x = opt (AT > 1 point)", () => {
  solveOneRsb(UNSTABLE);
});

Deno.bench("solveOneRsb x = opt (2 bits, beta = 30)", () => {
  solveOneRsb(TWO_BITS);
});
