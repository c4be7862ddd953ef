import assert from "node:assert/strict";
import { solve } from "../lib/solve.ts";
import { solveRs } from "../lib/theory/rs.ts";
import { solveZeroTemperature } from "../lib/theory/zero_temperature.ts";
import { solveOneRsb } from "../lib/theory/one_rsb.ts";
import { solveOneRsbGroundState } from "../lib/theory/one_rsb_ground_state.ts";
import { uniformQuantizer } from "../lib/quantizers/uniform.ts";

const quantizer = uniformQuantizer({ bits: 1, width: 1.5 });
const finite = { alpha: 0.7, beta: 10, quantizer };
const zero = { alpha: 2, beta: Infinity, quantizer };
const DISPLAY = Symbol.for("Jupyter.display");

Deno.test("solve: RS at finite beta is solveRs (same fields, same display), tagged rs/finite", () => {
  const s = solve(finite);
  assert.deepEqual(s, solveRs(finite));
  assert.equal(s.ansatz, "rs");
  assert.equal(s.zeroTemperature, false);
  // the tags are not enumerable: JSON and keys are those of the direct call
  assert.deepEqual(Object.keys(s), Object.keys(solveRs(finite)));
  assert.equal(typeof (s as unknown as Record<symbol, unknown>)[DISPLAY], "function");
});

Deno.test("solve: RS at beta = Infinity is solveZeroTemperature", () => {
  const s = solve(zero, { tolerance: 1e-11 });
  assert.deepEqual(s, solveZeroTemperature(zero, { tolerance: 1e-11 }));
  assert.equal(s.ansatz, "rs");
  assert.equal(s.zeroTemperature, true);
});

Deno.test("solve: 1RSB at finite beta is solveOneRsb (options pass through)", () => {
  const s = solve(finite, { ansatz: "1rsb", x: 0.5 });
  assert.deepEqual(s, solveOneRsb(finite, { x: 0.5 }));
  assert.ok(s.ansatz === "1rsb" && !s.zeroTemperature);
  assert.equal(s.x, 0.5);
});

Deno.test("solve: 1RSB at beta = Infinity is solveOneRsbGroundState", () => {
  const s = solve(zero, { ansatz: "1rsb", y: 2 });
  assert.deepEqual(s, solveOneRsbGroundState(zero, { y: 2 }));
  assert.ok(s.ansatz === "1rsb" && s.zeroTemperature);
  assert.equal(s.y, 2);
});

Deno.test("solve: a bad ansatz is a RangeError naming it", () => {
  assert.throws(
    () => solve(finite, { ansatz: "2rsb" as "rs" }),
    (e: unknown) => e instanceof RangeError && /^ansatz: .*"2rsb"/.test(e.message),
  );
  assert.throws(
    () => solve(finite, { ansatz: 1 as unknown as "rs" }),
    /^RangeError: ansatz: .* got 1$/,
  );
});

Deno.test("solve: unknown keys and keys the target solver does not take are TypeErrors", () => {
  assert.throws(
    () => solve(finite, { tolernce: 1e-8 } as never),
    (e: unknown) =>
      e instanceof TypeError && e.message.startsWith('solve options: unknown key "tolernce"') &&
      e.message.includes('did you mean "tolerance"'),
  );
  // x is a 1RSB option: with the RS ansatz it is refused, not ignored
  assert.throws(
    () => solve(finite, { x: 0.5 }),
    (e: unknown) => e instanceof TypeError && /solveRs\): unknown key "x"/.test(e.message),
  );
  // acceleration exists at finite beta only
  assert.throws(
    () => solve(zero, { acceleration: "none" }),
    (e: unknown) =>
      e instanceof TypeError &&
      /solveZeroTemperature\): unknown key "acceleration"/.test(e.message),
  );
  assert.throws(() => solve(finite, "rs" as never), TypeError);
});

Deno.test("solve: invalid parameters are the solvers' RangeErrors", () => {
  assert.throws(() => solve({ alpha: -1, beta: 1, quantizer }), RangeError);
  assert.throws(() => solve({ alpha: 1, beta: 0, quantizer }, { ansatz: "1rsb" }), RangeError);
});
