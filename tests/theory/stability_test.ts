// The de Almeida–Thouless replicon of docs/theory.md §2 checked through the 1RSB equations of §3: the
// RS point is the q1 = q0 fixed point of the 1RSB map, and a small split d1 = q1 − q0 grows or
// shrinks by the replicon per iteration (for any Parisi parameter x). So AT = 1 is exactly
// where a 1RSB branch bifurcates from RS — an independent computation of the same number.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { oneRsbStep } from "../../lib/theory/one_rsb.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { lloydMaxQuantizer } from "../../lib/quantizers/lloyd_max.ts";

Deno.test("the replicon is the growth factor of q1 − q0 under the 1RSB map", () => {
  const points = [
    {
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      lambda: 0,
      quantizer: uniformQuantizer({ bits: 2, width: 1.2 }),
    },
    {
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      lambda: 0,
      quantizer: uniformQuantizer({ bits: 2, width: 2 }),
    },
    {
      alpha: 0.9,
      beta: 20,
      sigma2: 0,
      lambda: 0,
      quantizer: uniformQuantizer({ bits: 1, width: 1.5 }),
    },
    {
      alpha: 1.5,
      beta: 5,
      sigma2: 0.05,
      lambda: 0.2,
      quantizer: lloydMaxQuantizer({ bits: 3, width: 2 }),
    },
  ];
  let above = 0, below = 0;
  for (const p of points) {
    const s = solveRs(p, { tolerance: 1e-13 });
    assert.ok(s.converged);
    if (s.at > 1) above++;
    else below++;
    for (const x of [1, 0.6]) {
      const eps = 1e-6 * s.V;
      const next = oneRsbStep(s.model, { m: s.m, q0: s.q, d1: eps, v1: s.V - eps }, x);
      // linearisation error O(eps) relative, quadrature noise ~1e-12/eps
      assert.ok(
        Math.abs(next.d1 / eps - s.at) < 1e-4 * Math.max(1, s.at),
        `x=${x}: growth ${next.d1 / eps} vs AT ${s.at}`,
      );
    }
  }
  assert.ok(above > 0 && below > 0, "points on both sides of the AT line");
});
