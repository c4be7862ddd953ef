// Property-based tests of the library's contract (issue 11) with fast-check, fixed seeds:
// for any parameters, a solver either throws a RangeError/TypeError naming the parameter, or
// returns a result whose `converged` is honest — converged results are finite and physically
// sane (Q >= q >= 0, |m| <= sqrt(rho·Q), errors >= 0, Shannon entropy <= log K); no NaN with
// converged: true. Unknown option keys always throw.
import assert from "node:assert/strict";
import fc from "fast-check";
import { solveRs } from "../../lib/theory/rs.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { quantizerFromSpec, type QuantizerSpec } from "../../lib/quantizers/from_spec.ts";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import {
  gaussBernoulliTeacher,
  gaussianTeacher,
  levelsTeacher,
  type Teacher,
} from "../../lib/model/teacher.ts";
import type { ModelParams } from "../../lib/model/params.ts";

const logUniform = (lo: number, hi: number) =>
  fc.integer({ min: Math.round(100 * Math.log10(lo)), max: Math.round(100 * Math.log10(hi)) })
    .map((e) => 10 ** (e / 100));

const spec: fc.Arbitrary<QuantizerSpec> = fc.oneof(
  fc.record({
    quantizer: fc.constantFrom(
      "uniform" as const,
      "midtread" as const,
      "gauss-quantile" as const,
      "lloyd-max" as const,
      "pow2" as const,
    ),
    bits: fc.integer({ min: 1, max: 6 }),
    width: logUniform(0.05, 20),
  }),
  fc.record({
    quantizer: fc.constant("mu-law" as const),
    bits: fc.integer({ min: 1, max: 5 }),
    width: logUniform(0.05, 20),
    mu: logUniform(0.1, 1e3),
  }),
  fc.record({
    quantizer: fc.constant("custom" as const),
    levels: fc.uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: 1, maxLength: 7 })
      .map((a) => a.sort((x, y) => x - y).map((x) => x / 10)),
  }),
  fc.record({
    quantizer: fc.constant("continuous" as const),
    priorVariance: fc.oneof(fc.constant(Infinity), logUniform(0.1, 10)),
  }),
);

const params = fc.record({
  alpha: logUniform(1e-3, 1e6),
  beta: logUniform(1e-3, 1e4),
  sigma2: fc.oneof(fc.constant(0), logUniform(1e-6, 1e2)),
  lambda: fc.oneof(fc.constant(0), logUniform(1e-6, 1e30)),
  spec,
  teacher: fc.constantFrom("gaussian", "levels", "gauss-bernoulli"),
  rho: logUniform(0.1, 10),
  density: logUniform(0.01, 1),
});

type Drawn = typeof params extends fc.Arbitrary<infer T> ? T : never;

/** The model parameters, or the validation error the constructors throw. */
function build(p: Drawn): ModelParams | Error {
  try {
    const quantizer = quantizerFromSpec(p.spec);
    let teacher: Teacher;
    if (p.teacher === "levels") {
      if (quantizer.kind !== "levels") return new TypeError("teacher: needs levels");
      teacher = levelsTeacher(quantizer.levels);
    } else if (p.teacher === "gauss-bernoulli") {
      teacher = gaussBernoulliTeacher({ rho: p.rho, density: p.density });
    } else teacher = gaussianTeacher({ rho: p.rho });
    return { alpha: p.alpha, beta: p.beta, sigma2: p.sigma2, lambda: p.lambda, quantizer, teacher };
  } catch (e) {
    return e as Error;
  }
}

/** A validation error: RangeError/TypeError whose message starts with a parameter name. */
function assertNamedError(e: unknown): void {
  assert.ok(e instanceof RangeError || e instanceof TypeError, String(e));
  assert.match((e as Error).message, /^[\w.]+(\[\d+\])?: /, (e as Error).message);
}

const tol = 1e-9;

Deno.test("property: solveRs is honest — converged results are finite and physical", () => {
  let solved = 0;
  fc.assert(
    fc.property(params, (p) => {
      const model = build(p);
      if (model instanceof Error) return assertNamedError(model);
      let s;
      try {
        s = solveRs(model);
      } catch (e) {
        return assertNamedError(e);
      }
      const where = JSON.stringify({ ...p, s: { m: s.m, q: s.q, Q: s.Q, S: s.shannonEntropy } });
      if (!s.converged) return;
      solved++;
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === "number") assert.ok(Number.isFinite(v), `${k} = ${v}: ${where}`);
      }
      const rho = model.teacher!.rho;
      assert.ok(s.q >= -tol && s.Q >= s.q - tol * (1 + s.q), where);
      assert.ok(Math.abs(s.m) <= Math.sqrt(rho * s.Q) * (1 + 1e-9) + tol, where);
      for (const e of [s.trainError, s.genError, s.meanError]) assert.ok(e >= -tol, where);
      assert.ok(s.at >= 0 && s.V > 0, where);
      if (s.shannonEntropy !== null) {
        const K = (model.quantizer as { levels: Float64Array }).levels.length;
        assert.ok(s.shannonEntropy <= Math.log(K) + 1e-9, where);
      }
    }),
    { seed: 42, numRuns: 80 },
  );
  assert.ok(solved >= 40, `only ${solved} of 80 draws solved`);
});

Deno.test("property: solveZeroTemperature never returns NaN; converged means finite or a flagged divergence", () => {
  fc.assert(
    fc.property(params, (p) => {
      const model = build(p);
      if (model instanceof Error) return assertNamedError(model);
      let s;
      try {
        s = solveZeroTemperature({ ...model, beta: Infinity });
      } catch (e) {
        return assertNamedError(e);
      }
      const where = JSON.stringify({ ...p, s: { m: s.m, q: s.q, R: s.R, phase: s.phase } });
      for (const [k, v] of Object.entries(s)) {
        if (typeof v === "number") assert.ok(!Number.isNaN(v), `${k} is NaN: ${where}`);
      }
      if (!s.converged) return;
      assert.ok(Number.isFinite(s.m) && s.q >= -tol && s.trainError >= -tol, where);
      if (!Number.isFinite(s.meanError)) assert.equal(s.valid, false, where);
      else assert.ok(s.meanError >= -tol, where);
    }),
    { seed: 43, numRuns: 60 },
  );
});

Deno.test("property: an unknown option key always throws a TypeError naming it", () => {
  const known = ["tolerance", "maxIterations", "damping", "start", "acceleration"];
  const q = levelSet([-1, 1]);
  fc.assert(
    fc.property(
      fc.string({ minLength: 1, maxLength: 12 }).filter((k) =>
        !known.includes(k) && k !== "__proto__"
      ),
      (key) => {
        assert.throws(
          () => solveRs({ alpha: 2, beta: 1, quantizer: q }, { [key]: 1 } as never),
          (e) => e instanceof TypeError && e.message.includes(JSON.stringify(key)),
        );
        assert.throws(
          () => solveRs({ alpha: 2, beta: 1, quantizer: q, [key]: 1 } as never),
          (e) => e instanceof TypeError && e.message.includes(JSON.stringify(key)),
        );
      },
    ),
    { seed: 44, numRuns: 40 },
  );
});
