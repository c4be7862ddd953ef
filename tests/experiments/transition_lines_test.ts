// Transition lines: every reported crossing is a root of at − 1 (or of the entropy) checked by
// independent cold solveRs calls, with a sign change across it; all crossings are found.
import assert from "node:assert/strict";
import { solveRs } from "../../lib/theory/rs.ts";
import { levelSet } from "../../lib/quantizers/quantizer.ts";
import {
  experimentModelParams,
  type ExperimentParams,
  type VaryParameter,
  withExperimentParameter,
} from "../../lib/experiments/params.ts";
import { transitionLines } from "../../lib/experiments/transition_lines.ts";
import { rsShannonEntropy } from "../../lib/experiments/shannon_entropy.ts";

/** Independent cold-start RS solve at one value of the varied parameter. */
function coldAt(p: ExperimentParams, vary: VaryParameter, value: number) {
  return solveRs(experimentModelParams(withExperimentParameter(p, vary, value)));
}

const base = (bits: number, width: number, alpha = 2): ExperimentParams => ({
  alpha,
  beta: 10,
  sigma2: 0.1,
  quantizer: { quantizer: "uniform", bits, width },
});

// One AT crossing along each parameter (points found by scanning; see the report).
const CASES: [string, ExperimentParams, VaryParameter, number, number][] = [
  ["width, 1 bit", base(1, 1), "width", 0.1, 5],
  ["width, 2 bits", base(2, 1), "width", 0.1, 5],
  ["width, 3 bits", base(3, 1), "width", 0.1, 5],
  ["alpha", base(2, 2), "alpha", 0.2, 5],
  ["beta (log grid)", base(2, 2), "beta", 0.5, 100],
  ["sigma2", base(1, 0.7), "sigma2", 0, 3],
  ["lambda", base(2, 1.8), "lambda", 0, 3],
];

for (const [name, p, vary, from, to] of CASES) {
  Deno.test(`AT crossing along ${name}: at = 1 within 1e-6, sign change across it`, () => {
    const t = transitionLines(p, { vary, from, to, scale: vary === "beta" ? "log" : "linear" });
    assert.equal(t.converged, true);
    assert.ok(t.at.length >= 1, `no AT crossing along ${vary} in [${from}, ${to}]`);
    for (const c of t.at) {
      assert.ok(c.converged && c.value > from && c.value < to);
      const s = coldAt(p, vary, c.value);
      assert.ok(s.converged);
      assert.ok(Math.abs(s.at - 1) < 1e-6, `at(${c.value}) = ${s.at}`);
      const step = 1e-3 * (to - from);
      const below = coldAt(p, vary, c.value - step).at - 1;
      const above = coldAt(p, vary, c.value + step).at - 1;
      assert.ok(below * above < 0, `no sign change across ${c.value}: ${below}, ${above}`);
      assert.equal(c.direction, above > 0 ? "increasing" : "decreasing");
      assert.ok(c.bracket[0] <= c.value && c.value <= c.bracket[1]);
    }
  });
}

Deno.test("zero-entropy crossings: Shannon entropy = 0 within 1e-6 and changes sign", () => {
  const p = base(2, 1);
  const t = transitionLines(p, { vary: "width", from: 0.1, to: 5 });
  assert.equal(t.entropyKind, "shannon");
  assert.equal(t.entropy.length, 1);
  const c = t.entropy[0];
  const s = coldAt(p, "width", c.value);
  assert.ok(Math.abs(s.shannonEntropy!) < 1e-6, `entropy ${s.shannonEntropy}`);
  const below = coldAt(p, "width", c.value - 5e-3).shannonEntropy!;
  const above = coldAt(p, "width", c.value + 5e-3).shannonEntropy!;
  assert.ok(below > 0 && above < 0 && c.direction === "decreasing");
  // docs/theory.md §5 check 3: the entropy crisis comes after the AT line here (RS unstable first)
  assert.ok(t.at[0].value < c.value);
});

Deno.test("all crossings in the range are found (two AT crossings, mu-law 3 bits)", () => {
  const p: ExperimentParams = {
    alpha: 1,
    beta: 10,
    sigma2: 0.1,
    quantizer: { quantizer: "mu-law", bits: 3, width: 1 },
  };
  const t = transitionLines(p, { vary: "width", from: 0.05, to: 8 });
  // independent dense scan with cold solves: count the sign changes of at − 1
  const n = 160;
  let changes = 0;
  let prev = coldAt(p, "width", 0.05).at - 1;
  for (let i = 1; i <= n; i++) {
    const f = coldAt(p, "width", 0.05 + (8 - 0.05) * i / n).at - 1;
    if ((f >= 0) !== (prev >= 0)) changes++;
    prev = f;
  }
  assert.ok(changes >= 2, `expected at least 2 sign changes, dense scan found ${changes}`);
  assert.equal(t.at.length, changes);
  assert.deepEqual(t.at.map((c) => c.direction), ["increasing", "decreasing"]);
  for (const c of t.at) assert.ok(Math.abs(coldAt(p, "width", c.value).at - 1) < 1e-6);
});

Deno.test("non-uniform base measure: the Shannon entropy's zero line", () => {
  const levels = [-1, -1 / 3, 1 / 3, 1];
  const p: ExperimentParams = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: levelSet(levels, { pi: [1, 3, 3, 1] }),
  };
  const t = transitionLines(p, { vary: "width", from: 0.2, to: 5 });
  assert.equal(t.entropyKind, "shannon");
  assert.equal(t.entropy.length, 1);
  for (const c of t.entropy) {
    const s = coldAt(p, "width", c.value);
    assert.equal(s.shannonEntropy, null); // the solver gives it only for uniform pi
    assert.ok(Math.abs(rsShannonEntropy(s)!) < 1e-6, `Shannon entropy ${rsShannonEntropy(s)}`);
    assert.ok(s.entropy < 0); // the entropy relative to pi is never positive
    const below = rsShannonEntropy(coldAt(p, "width", c.value - 5e-3))!;
    const above = rsShannonEntropy(coldAt(p, "width", c.value + 5e-3))!;
    assert.ok(below * above < 0);
  }
});

Deno.test("non-converged scan points are reported and never bracket a crossing", () => {
  const t = transitionLines(base(2, 1), { vary: "width", from: 0.1, to: 5, maxIterations: 3 });
  assert.ok(t.nonConverged.length > 0);
  assert.equal(t.converged, false);
  for (const v of t.nonConverged) {
    const i = t.scan.values.indexOf(v);
    assert.equal(t.scan.converged[i], false);
    assert.equal(t.scan.at[i], null);
  }
  for (const c of t.at) {
    const [lo, hi] = c.bracket;
    assert.ok(!t.nonConverged.includes(lo) && !t.nonConverged.includes(hi));
  }
});

Deno.test("bad inputs are rejected with errors naming the parameter", () => {
  const p = base(2, 1);
  const cases: [() => unknown, RegExp][] = [
    [
      () => transitionLines(p, { vary: "bits" as VaryParameter, from: 1, to: 2 }),
      /vary: expected one of width\|alpha\|beta\|sigma2\|lambda, got "bits"/,
    ],
    [
      () => transitionLines(p, { vary: "width", from: 2, to: 1 }),
      /to: expected a number > from = 2, got 1/,
    ],
    [() => transitionLines(p, { vary: "width", from: 1, to: 1 }), /to: expected a number > from/],
    [
      () => transitionLines(p, { vary: "width", from: -1, to: 1 }),
      /width: expected a finite number > 0, got -1/,
    ],
    [
      () => transitionLines(p, { vary: "sigma2", from: -0.5, to: 1 }),
      /sigma2: expected a finite number >= 0, got -0.5/,
    ],
    [
      () => transitionLines(p, { vary: "width", from: 0.5, to: 1, samples: 1 }),
      /samples: expected an integer >= 2, got 1/,
    ],
    [
      () => transitionLines(p, { vary: "width", from: 0.5, to: 1, scale: "log2" as "log" }),
      /scale/,
    ],
    [
      () => transitionLines({ ...p, beta: Infinity }, { vary: "width", from: 0.5, to: 1 }),
      /beta: transition lines need a finite beta/,
    ],
    [
      () => transitionLines(p, { vary: "width", from: 0.5, to: 1, rootTolerance: 0 }),
      /rootTolerance: expected a finite number > 0, got 0/,
    ],
    [
      () =>
        transitionLines({ ...p, quantizer: { quantizer: "continuous" } }, {
          vary: "width",
          from: 0.5,
          to: 1,
        }),
      /width: continuous weights have no width/,
    ],
  ];
  for (const [f, re] of cases) {
    assert.throws(f, (e: Error) => e instanceof RangeError && re.test(e.message));
  }
});

Deno.test("transitionLines: the old option name xtol is refused (now rootTolerance)", () => {
  const p = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 },
  };
  assert.throws(
    () => transitionLines(p, { vary: "width", from: 0.5, to: 1, xtol: 1e-8 } as never),
    (e: unknown) => e instanceof TypeError && /unknown key "xtol"/.test(String(e)),
  );
});
