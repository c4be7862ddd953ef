// Library-level input validation and solver bookkeeping for the RS solvers.
import assert from "node:assert/strict";
import { solveRs, solveRsBranches } from "../../lib/theory/rs.ts";
import { interpolationThreshold, solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { continuous } from "../../lib/quantizers/quantizer.ts";
import type { Quantizer } from "../../lib/quantizers/quantizer.ts";

const quantizer = uniformQuantizer({ bits: 2, width: 1 });

Deno.test("solveRs rejects each bad parameter with a message naming it", () => {
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ alpha: 0 }, /^alpha: expected a finite number > 0, got 0$/],
    [{ alpha: NaN }, /^alpha: /],
    [{ beta: -1 }, /^beta: expected a number > 0/],
    [{ beta: Infinity }, /^beta: solveRs needs a finite beta/],
    [{ sigma2: -0.1 }, /^sigma2: expected a finite number >= 0, got -0.1$/],
    [{ lambda: Infinity }, /^lambda: expected a finite number >= 0, got Infinity$/],
  ];
  for (const [patch, pattern] of bad) {
    assert.throws(() => solveRs({ alpha: 1, beta: 1, quantizer, ...patch }), (e: Error) => {
      assert.ok(e instanceof RangeError, `${JSON.stringify(patch)} → ${e}`);
      assert.match(e.message, pattern);
      return true;
    });
  }
  assert.throws(() => solveRs({ alpha: 1, beta: 1, quantizer: {} as Quantizer }), TypeError);
  assert.throws(() => solveRs({ alpha: 1, beta: 1, quantizer }, { tolerance: 0 }), /tolerance/);
  assert.throws(
    () => solveRs({ alpha: 1, beta: 1, quantizer }, { maxIterations: 1.5 }),
    /maxIterations/,
  );
  assert.throws(() => solveRs({ alpha: 1, beta: 1, quantizer }, { damping: 1 }), /damping/);
  assert.throws(
    () => solveRs({ alpha: 1, beta: 1, quantizer }, { start: { m: 0, q: 0, V: -1 } }),
    /start/,
  );
  // ridgeless regression with a flat measure is improper below alpha = 1
  assert.throws(
    () => solveRs({ alpha: 0.5, beta: 1, quantizer: continuous() }),
    /alpha: .*improper/,
  );
  assert.throws(
    () => solveZeroTemperature({ alpha: 1, beta: 3, quantizer }),
    /beta: solveZeroTemperature needs beta = Infinity/,
  );
  assert.throws(() => interpolationThreshold({ lambda: 0.1, quantizer }), /lambda: /);
});

Deno.test("non-convergence is reported, not returned as an answer", () => {
  const s = solveRs(
    { alpha: 0.7, beta: 50, quantizer: uniformQuantizer({ bits: 1, width: 1.5 }) },
    { maxIterations: 2 },
  );
  assert.equal(s.converged, false);
  assert.equal(s.iterations, 2);
  assert.ok(s.residual > 1e-10);
});

Deno.test("Anderson acceleration and plain damped iteration reach the same fixed point", () => {
  for (const beta of [0.5, 5, 200]) {
    const p = {
      alpha: 1.3,
      beta,
      sigma2: 0.2,
      lambda: 0.05,
      quantizer: uniformQuantizer({ bits: 3, width: 1.4 }),
    };
    const a = solveRs(p, { tolerance: 1e-12 });
    const b = solveRs(p, { tolerance: 1e-12, acceleration: "none", maxIterations: 100000 });
    assert.ok(a.converged && b.converged);
    assert.ok(a.iterations < b.iterations, `Anderson ${a.iterations} vs plain ${b.iterations}`);
    for (const k of ["m", "q", "V"] as const) {
      assert.ok(
        Math.abs(a[k] - b[k]) < 1e-9 * Math.max(1, Math.abs(b[k])),
        `${k}: ${a[k]} vs ${b[k]}`,
      );
    }
  }
});

Deno.test("warm start converges in fewer iterations to the same point", () => {
  const p = { alpha: 2, beta: 20, sigma2: 0.1, quantizer };
  const cold = solveRs(p);
  const warm = solveRs({ ...p, alpha: 2.01 }, { start: cold });
  const ref = solveRs({ ...p, alpha: 2.01 });
  assert.ok(warm.iterations < ref.iterations);
  assert.ok(Math.abs(warm.m - ref.m) < 1e-9);
});

Deno.test("the fixed point satisfies the RS equations: one more step changes nothing", () => {
  const s = solveRs({ alpha: 1.7, beta: 8, sigma2: 0.05, quantizer }, { tolerance: 1e-12 });
  const again = solveRs({ alpha: 1.7, beta: 8, sigma2: 0.05, quantizer }, {
    start: s,
    maxIterations: 1,
    tolerance: 1e-9,
  });
  assert.ok(again.converged);
  // chi = beta·(Q − q) and the conjugates are tied to the order parameters as in docs/theory.md §2
  assert.ok(Math.abs(s.chi - 8 * (s.Q - s.q)) < 1e-12 * s.chi);
  assert.ok(Math.abs(s.mhat - (1.7 * 8) / (1 + s.chi)) < 1e-12 * s.mhat);
  assert.ok(Math.abs(s.qhat - (1.7 * 64 * s.R) / (1 + s.chi) ** 2) < 1e-12 * s.qhat);
  assert.ok(Math.abs(s.trainError - ((s.Q - s.q) / (1 + s.chi) + s.R / (1 + s.chi) ** 2)) < 1e-15);
});

Deno.test("branches: informed and uninformed starts agree where the solution is unique", () => {
  const b = solveRsBranches({ alpha: 2, beta: 3, sigma2: 0.1, quantizer });
  assert.equal(b.branches.length, 1);
  assert.ok(b.best.converged);
});
