// Rounding error of a Gaussian channel estimate: closed forms and Monte Carlo.
import assert from "node:assert/strict";
import { createRng } from "../../lib/numerics/rng.ts";
import { quantize } from "../../lib/quantizers/quantize.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { lloydMaxGaussian } from "../../lib/quantizers/lloyd_max.ts";
import { lloydMaxQuantizer } from "../../lib/quantizers/lloyd_max.ts";
import { muLawQuantizer } from "../../lib/quantizers/mu_law.ts";
import { gaussBernoulliTeacher, gaussianTeacher, levelsTeacher } from "../../lib/model/teacher.ts";
import { roundingError, roundingOptimalWidth } from "../../lib/experiments/gaussian_rounding.ts";

Deno.test("1 bit: E[(w0 − omega·sign(k r))²] = rho − 2·omega·rho·sqrt(2/(pi(rho + delta))) + omega²", () => {
  for (const [rho, delta, omega, gain] of [[1, 0, 0.8, 1], [2, 0.5, 1.1, 0.7], [0.5, 3, 0.3, 2]]) {
    const q = uniformQuantizer({ bits: 1, width: omega });
    const exact = rho - 2 * omega * rho * Math.sqrt(2 / (Math.PI * (rho + delta))) + omega * omega;
    const got = roundingError(q, { teacher: gaussianTeacher({ rho }), delta, gain });
    assert.ok(Math.abs(got - exact) < 1e-14, `${got} vs ${exact}`);
  }
});

Deno.test("delta = 0, gain = 1: the Lloyd–Max distortion of N(0, 1)", () => {
  for (const bits of [2, 3, 4]) {
    const lm = lloydMaxGaussian(bits);
    const q = lloydMaxQuantizer({ bits, width: lm.levels[lm.levels.length - 1] });
    assert.ok(Math.abs(roundingError(q) - lm.mse) < 1e-12, `bits ${bits}`);
  }
});

Deno.test("Monte Carlo agreement for Gaussian, levels and Gauss–Bernoulli teachers", () => {
  const cases = [
    {
      q: uniformQuantizer({ bits: 2, width: 1.3 }),
      teacher: gaussianTeacher(),
      delta: 0.3,
      gain: 0.8,
    },
    {
      q: muLawQuantizer({ bits: 3, width: 2, mu: 20 }),
      teacher: levelsTeacher([-1, 0.5, 2]),
      delta: 0.4,
      gain: 1.2,
    },
    {
      q: uniformQuantizer({ bits: 3, width: 2 }),
      teacher: gaussBernoulliTeacher({ density: 0.3 }),
      delta: 0.2,
      gain: 1,
    },
  ];
  const rng = createRng(7);
  const n = 400_000;
  for (const { q, teacher, delta, gain } of cases) {
    const comps = teacher.components;
    let s = 0, s2 = 0;
    const x = new Float64Array(1);
    for (let i = 0; i < n; i++) {
      let u = rng.uniform(), k = 0;
      while (k < comps.length - 1 && u >= comps[k].weight) u -= comps[k++].weight;
      const w0 = comps[k].mean + Math.sqrt(comps[k].variance) * rng.normal();
      x[0] = gain * (w0 + Math.sqrt(delta) * rng.normal());
      const e = (w0 - quantize(q, x)[0]) ** 2;
      s += e;
      s2 += e * e;
    }
    const mean = s / n, se = Math.sqrt((s2 / n - mean * mean) / n);
    const exact = roundingError(q, { teacher, delta, gain });
    assert.ok(Math.abs(mean - exact) < 5 * se, `${exact} vs MC ${mean} ± ${se}`);
  }
});

Deno.test("roundingOptimalWidth minimises the rounding error", () => {
  const opts = { delta: 0.25, gain: 0.9, teacher: gaussianTeacher({ rho: 1.5 }) };
  const best = roundingOptimalWidth({ quantizer: "uniform", bits: 3 }, opts);
  assert.ok(best.converged);
  const at = (w: number) => roundingError(uniformQuantizer({ bits: 3, width: w }), opts);
  for (const f of [0.99, 1.01]) assert.ok(at(best.width * f) > best.mse);
});

Deno.test("bad inputs", () => {
  const q = uniformQuantizer({ bits: 1, width: 1 });
  assert.throws(
    () => roundingError(q, { delta: -1 }),
    /delta: expected a finite number >= 0, got -1/,
  );
  assert.throws(() => roundingError(q, { gain: 0 }), /gain: expected a finite number > 0, got 0/);
  assert.throws(
    () => roundingError({ kind: "continuous", priorVariance: 1 } as never),
    /q: expected a LevelSet/,
  );
});
