// 1RSB reliability (issue 11): strict options, the documented range of x, huge weight decay,
// huge level sets, and non-finite observables reported as `converged: false` with a reason.
import assert from "node:assert/strict";
import { solveOneRsb } from "../../lib/theory/one_rsb.ts";
import { ONE_RSB_MAX_LEVELS } from "../../lib/theory/one_rsb_solve.ts";
import { assembleOneRsb } from "../../lib/theory/one_rsb_solution.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import { type ModelParams, resolveModel } from "../../lib/model/params.ts";

// RS locally unstable (AT > 1): a 1RSB point with x* ≈ 0.29
const UNSTABLE: ModelParams = {
  alpha: 2,
  beta: 10,
  quantizer: uniformQuantizer({ bits: 1, width: 1 }),
};

Deno.test("solveOneRsb rejects unknown option keys, naming the key", () => {
  assert.throws(
    () => solveOneRsb(UNSTABLE, { tolernce: 1e-8 } as unknown as { tolerance: number }),
    (e: unknown) =>
      e instanceof TypeError && /solveOneRsb options: unknown key "tolernce"/.test(e.message) &&
      /did you mean "tolerance"/.test(e.message),
  );
});

Deno.test("x below 1e-3 is refused with a RangeError naming x and the bound", () => {
  for (const x of [1e-300, 1e-4, 9.99e-4]) {
    assert.throws(
      () => solveOneRsb(UNSTABLE, { x }),
      (e: unknown) =>
        e instanceof RangeError && e.message.startsWith("x: expected a number >= 0.001") &&
        e.message.includes(String(x)),
    );
  }
  // the bound itself is accepted and gives finite numbers, with Phi*(x) above its minimum at
  // x* (docs/theory.md §3: the thermodynamic x* minimises Phi*(x))
  const s = solveOneRsb(UNSTABLE, { x: 1e-3 });
  assert.ok(s.converged, s.reason);
  assert.ok([s.freeEntropy, s.entropy, s.trainError, s.genError].every(Number.isFinite));
  const opt = solveOneRsb(UNSTABLE);
  assert.ok(opt.converged && opt.x > 1e-3);
  assert.ok(s.freeEntropy > opt.freeEntropy, `Phi(0.001) ${s.freeEntropy} vs ${opt.freeEntropy}`);
});

Deno.test("binary weights: weight decay only shifts Phi by −½·beta·lambda (up to lambda = 1e300)", () => {
  // w² = 1 for every level, so lambda changes neither the Gibbs measure nor x*, the errors or
  // the entropy; Phi moves by exactly −½·beta·lambda
  const ref = solveOneRsb(UNSTABLE);
  assert.ok(ref.converged && ref.x < 1);
  for (const lambda of [1e3, 1e8]) {
    const s = solveOneRsb({ ...UNSTABLE, lambda });
    assert.ok(s.converged, `lambda ${lambda}: ${s.reason}`);
    assert.ok(Math.abs(s.x - ref.x) < 1e-5, `x* ${s.x} vs ${ref.x}`);
    assert.ok(Math.abs(s.trainError - ref.trainError) < 1e-8);
    assert.ok(Math.abs(s.genError - ref.genError) < 1e-8);
    // the entropy is Phi + beta·energy: at lambda = 1e8 it cancels terms of size 5e9
    assert.ok(Math.abs(s.entropy - ref.entropy) < 1e-5 * Math.max(1, lambda / 1e3));
    const shift = -0.5 * UNSTABLE.beta * lambda;
    assert.ok(Math.abs(s.freeEntropy - shift - ref.freeEntropy) < 1e-9 * Math.abs(shift));
  }
  // lambda = 1e300: the order parameters and errors are still right; the entropy has no digit
  // left, so it is NaN and the solution says so
  const huge = solveOneRsb({ ...UNSTABLE, lambda: 1e300 });
  assert.ok(Math.abs(huge.x - ref.x) < 1e-5, `x* ${huge.x} vs ${ref.x}`);
  assert.ok(Math.abs(huge.trainError - ref.trainError) < 1e-8);
  assert.equal(huge.converged, false);
  assert.match(huge.reason ?? "", /^entropy: /);
  assert.ok(Number.isNaN(huge.entropy));
  // the same at a fixed x
  const fixed = solveOneRsb({ ...UNSTABLE, lambda: 1e300 }, { x: 0.5 });
  assert.equal(fixed.converged, false);
  assert.ok(Number.isNaN(fixed.entropy));
});

Deno.test("more levels than the documented bound are refused at once, naming quantizer", () => {
  for (
    const quantizer of [
      uniformQuantizer({ bits: 16, width: 1 }),
      uniformQuantizer({ bits: 9, width: 1 }),
    ]
  ) {
    const t = performance.now();
    assert.throws(
      () => solveOneRsb({ ...UNSTABLE, quantizer }),
      (e: unknown) =>
        e instanceof RangeError && e.message.startsWith("quantizer: ") &&
        e.message.includes(String(ONE_RSB_MAX_LEVELS)) &&
        e.message.includes(String(quantizer.kind === "levels" ? quantizer.levels.length : 0)),
    );
    // refused before any quadrature (a generous bound: a 1RSB solve takes far longer)
    assert.ok(performance.now() - t < 5000);
  }
  assert.equal(ONE_RSB_MAX_LEVELS, 256);
});

Deno.test("non-finite or out-of-domain states give converged: false with a reason, not numbers", () => {
  const model = resolveModel({ alpha: 1, beta: 2, quantizer: levelSet([-1, 1]) });
  const status = { converged: true, iterations: 1, residual: 0 };
  // NaN in the state
  const a = assembleOneRsb(model, { m: NaN, q0: 0.5, d1: 0.2, v1: 0.3 }, 0.5, false, status);
  assert.equal(a.converged, false);
  assert.ok(a.reason !== undefined && a.reason.length > 0);
  // 1 + chi1 <= 0: Phi is undefined there
  const b = assembleOneRsb(model, { m: 0.5, q0: 0.5, d1: 0.2, v1: -0.6 }, 0.5, false, status);
  assert.equal(b.converged, false);
  assert.match(b.reason ?? "", /free entropy undefined/);
  // a sound state passes through
  const c = assembleOneRsb(model, { m: 0.5, q0: 0.5, d1: 0.2, v1: 0.3 }, 0.5, false, status);
  assert.equal(c.converged, true);
  assert.equal(c.reason, undefined);
});
