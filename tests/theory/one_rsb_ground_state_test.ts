/**
 * Tests of the zero-temperature 1RSB (docs/theory.md §3b): the RS limit y → 0, the
 * beta → ∞ limit of the finite-beta 1RSB, stationarity of Phi/beta in all eight order
 * parameters, the complexity and its sign, and an independent brute-force implementation.
 */
import assert from "node:assert/strict";
import {
  frozenFreeEnergy,
  oneRsbFromGroundState,
  type OneRsbGroundState,
  solveOneRsbGroundState,
} from "../../lib/theory/one_rsb_ground_state.ts";
import { solveOneRsb } from "../../lib/theory/one_rsb.ts";
import { frozenAverages } from "../../lib/theory/frozen_channel.ts";
import { solveZeroTemperature } from "../../lib/theory/zero_temperature.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { continuous, levelSet } from "../../lib/quantizers/quantizer.ts";
import { levelsTeacher, type Teacher } from "../../lib/model/teacher.ts";
import type { ModelParams } from "../../lib/model/params.ts";

const bit1 = uniformQuantizer({ bits: 1, width: 1 });
const bit2 = uniformQuantizer({ bits: 2, width: 1.5 });
const inf = Infinity;

Deno.test("y → 0: the frozen 1RSB branch is the RS ground state (Richardson in y)", () => {
  const cases: ModelParams[] = [
    { alpha: 1, beta: inf, quantizer: bit1 },
    { alpha: 2, beta: inf, quantizer: bit2, sigma2: 0.1 },
    { alpha: 1, beta: inf, quantizer: bit2, lambda: 0.3, teacher: levelsTeacher([-1, 1]) },
  ];
  for (const params of cases) {
    const rs = solveZeroTemperature(params);
    assert.equal(rs.phase, "ground-state");
    const y = 1e-4;
    const a = solveOneRsbGroundState(params, { y, tolerance: 1e-13 });
    const b = solveOneRsbGroundState(params, { y: 2 * y, tolerance: 1e-13 });
    assert.ok(a.converged && b.converged);
    // the branch is nontrivial (Delta > 0), yet (m, q1, chi1, energy) tend to RS linearly in y
    assert.ok(a.d > 1e-3, `Delta = ${a.d}`);
    const lim = (f: (s: OneRsbGroundState) => number) => 2 * f(a) - f(b);
    assert.ok(Math.abs(lim((s) => s.m) - rs.m) < 1e-8, `m ${lim((s) => s.m)} vs ${rs.m}`);
    assert.ok(Math.abs(lim((s) => s.q1) - rs.q) < 1e-8);
    assert.ok(Math.abs(lim((s) => s.chi1) - rs.chi) < 1e-6 * (1 + rs.chi));
    assert.ok(Math.abs(lim((s) => s.freeEnergy) - rs.energy) < 1e-8);
    assert.ok(Math.abs(lim((s) => s.trainError) - rs.trainError) < 1e-8);
    // and without extrapolation, to ~1e-6 at y = 1e-5
    const c = solveOneRsbGroundState(params, { y: 1e-5, tolerance: 1e-13 });
    for (const [x, r] of [[c.m, rs.m], [c.q1, rs.q], [c.trainError, rs.trainError]]) {
      assert.ok(Math.abs(x - r) < 1e-6, `${x} vs ${r}`);
    }
  }
});

Deno.test("finite-beta 1RSB at beta = 40, 80, 160 converges to the zero-temperature solution", () => {
  const params = { alpha: 1, quantizer: bit1 };
  const zt = solveOneRsbGroundState({ ...params, beta: inf });
  assert.ok(zt.converged && zt.phase === "1rsb");
  const all = [40, 80, 160].map((beta) => solveOneRsb({ ...params, beta }));
  for (const s of all) assert.ok(s.converged && s.x < 1);
  // the distance to y* halves with each doubling of beta (an O(1/beta) correction)
  const dist = all.map((s) => zt.y - s.model.beta * s.x);
  assert.ok(dist.every((d) => d > 0), `beta·x* below y*: ${dist}`);
  for (const k of [0, 1]) {
    const ratio = dist[k] / dist[k + 1];
    assert.ok(ratio > 1.7 && ratio < 2.3, `distance ratio ${ratio} (beta ${all[k].model.beta})`);
  }
  const fb = all.slice(1);
  // corrections are O(1/beta): Richardson 2·f(160) − f(80)
  const ext = (f: (s: (typeof fb)[0]) => number) => 2 * f(fb[1]) - f(fb[0]);
  const yExt = ext((s) => s.model.beta * s.x);
  assert.ok(Math.abs(yExt / zt.y - 1) < 3e-3, `beta·x* → ${yExt}, y* = ${zt.y}`);
  assert.ok(Math.abs(ext((s) => s.trainError) - zt.trainError) < 1e-4);
  assert.ok(Math.abs(ext((s) => s.genError) - zt.genError) < 1e-4);
  assert.ok(Math.abs(ext((s) => s.energy) - zt.energy) < 1e-4);
  // and the raw beta = 160 values within 1e-3
  assert.ok(Math.abs(fb[1].trainError - zt.trainError) < 1e-3);
  assert.ok(Math.abs(fb[1].genError - zt.genError) < 1e-3);
});

const KEYS = ["m", "q0", "q1", "chi1", "mu", "a", "g0", "g1"] as const;

function assertStationary(s: OneRsbGroundState, tol: number): void {
  const f0 = frozenFreeEnergy(s.model, s, s.y);
  assert.ok(Math.abs(f0 - s.freeEntropyOverBeta) < 1e-12);
  for (const k of KEYS) {
    // relative steps (g0 and mu are ~1e-5 below alpha_c), central differences: O(h²) error
    const h = 1e-4 * Math.max(Math.abs(s[k]), 1e-4);
    const up = frozenFreeEnergy(s.model, { ...s, [k]: s[k] + h }, s.y);
    const dn = frozenFreeEnergy(s.model, { ...s, [k]: s[k] - h }, s.y);
    const d = (up - dn) / (2 * h);
    // scale: the same difference quotient away from the solution is O(0.1..1)·(1 + y)
    assert.ok(Math.abs(d) < tol * (1 + s.y), `∂(Phi/beta)/∂${k} = ${d} at y = ${s.y}`);
  }
}

Deno.test("every partial derivative of Phi/beta vanishes at the solution", () => {
  const cases: [ModelParams, number | "optimize"][] = [
    [{ alpha: 1, beta: inf, quantizer: bit1 }, "optimize"],
    [{ alpha: 2, beta: inf, quantizer: bit2, sigma2: 0.1 }, 3],
    [{ alpha: 0.3, beta: inf, quantizer: bit1 }, "optimize"],
    [{ alpha: 1, beta: inf, quantizer: bit2, lambda: 0.3, teacher: levelsTeacher([-1, 1]) }, 2],
  ];
  for (const [params, y] of cases) {
    const s = solveOneRsbGroundState(params, { y, tolerance: 1e-12 });
    assert.ok(s.converged);
    assertStationary(s, 2e-7);
    // a perturbed point is not stationary (the check can fail)
    const moved = { ...s, q0: s.q0 + 0.01 };
    const h = 1e-5;
    const d = (frozenFreeEnergy(s.model, { ...moved, g0: s.g0 + h }, s.y) -
      frozenFreeEnergy(s.model, { ...moved, g0: s.g0 - h }, s.y)) / (2 * h);
    assert.ok(Math.abs(d) > 1e-3);
  }
});

Deno.test("complexity: zero at y*, positive below, negative above; Sigma = y·(Phi/beta + e)", () => {
  for (
    const params of [
      { alpha: 1, beta: inf, quantizer: bit1 },
      { alpha: 2, beta: inf, quantizer: bit2 },
      { alpha: 0.5, beta: inf, quantizer: bit2 },
    ]
  ) {
    const s = solveOneRsbGroundState(params);
    assert.ok(s.converged && s.phase === "1rsb");
    assert.ok(Math.abs(s.complexity) < 1e-8);
    // at y*: training error = (2e − lambda·q1)/alpha with e = −Phi/beta
    assert.ok(Math.abs((2 * s.freeEnergy) / params.alpha - s.trainError) < 1e-7);
    const below = solveOneRsbGroundState(params, { y: 0.6 * s.y, start: s });
    const above = solveOneRsbGroundState(params, { y: 1.6 * s.y, start: s });
    assert.ok(below.complexity > 1e-4 && above.complexity < -1e-4);
    // y* minimises Phi/beta
    assert.ok(below.freeEntropyOverBeta > s.freeEntropyOverBeta);
    assert.ok(above.freeEntropyOverBeta > s.freeEntropyOverBeta);
    for (const t of [below, above]) {
      // Legendre identity with e from the training-error formula, and the total derivative
      const gap = Math.abs(t.complexity - t.y * (t.freeEntropyOverBeta + t.energy));
      // both sides O(0.01..0.1); the quadrature (1e-9 relative) limits the identity to ~1e-7
      assert.ok(gap < 2e-7, `Sigma vs y·(Phi/beta + e): ${gap} at y = ${t.y}`);
      const h = 1e-4 * t.y;
      const up = solveOneRsbGroundState(params, { y: t.y + h, start: t, tolerance: 1e-13 });
      const dn = solveOneRsbGroundState(params, { y: t.y - h, start: t, tolerance: 1e-13 });
      const dF = (up.freeEntropyOverBeta - dn.freeEntropyOverBeta) / (2 * h);
      assert.ok(Math.abs(-t.y * t.y * dF - t.complexity) < 1e-6 * (1 + Math.abs(t.complexity)));
    }
  }
});

// ---------------------------------------------------------------------------------------------
// Independent implementation: brute-force quadrature of E_{w0,z0} log E_z1 exp(y·phi), with the
// moments from the same brute-force averages, solved by damped iteration.

interface Brute {
  m: number;
  q0: number;
  q1: number;
  chi1: number;
  logZ: number;
}

/** Averages at fixed conjugates: midpoint rules on fine grids (z1 inner, g or z0 outer). */
function bruteAverages(
  levels: number[],
  teacher: Teacher,
  c: { a: number; mu: number; g0: number; g1: number },
  lambda: number,
  y: number,
): Brute {
  const s = Math.sqrt(c.g1);
  const lmax = Math.max(...levels.map(Math.abs));
  const L = y * s * lmax + 11;
  const h1 = 0.02;
  const n1 = Math.ceil((2 * L) / h1);
  const z1 = Float64Array.from({ length: n1 }, (_, i) => -L + (i + 0.5) * (2 * L / n1));
  const lw = new Float64Array(n1), ls = new Float64Array(n1);
  const inner = (g: number) => {
    let top = -Infinity;
    for (let i = 0; i < n1; i++) {
      const h = g + s * z1[i];
      let best = -Infinity, arg = 0;
      for (const l of levels) {
        const v = -0.5 * (c.a + lambda) * l * l + h * l;
        if (v > best) {
          best = v;
          arg = l;
        }
      }
      lw[i] = y * best - 0.5 * z1[i] * z1[i];
      ls[i] = arg;
      if (lw[i] > top) top = lw[i];
    }
    let z = 0, e1 = 0, e2 = 0, ez = 0;
    for (let i = 0; i < n1; i++) {
      const w = Math.exp(lw[i] - top);
      z += w;
      e1 += w * ls[i];
      e2 += w * ls[i] * ls[i];
      ez += w * z1[i] * ls[i];
    }
    const mean = e1 / z, second = e2 / z;
    // Gaussian integration by parts in z1: <z1·l*> = s·(y·<l*²> + <l*'>)
    const slope = (ez / z) / s - y * second;
    const logZ = top + Math.log(z * (2 * L / n1) / Math.sqrt(2 * Math.PI));
    return { mean, second, slope, logZ };
  };
  const out: Brute = { m: 0, q0: 0, q1: 0, chi1: 0, logZ: 0 };
  for (const comp of teacher.components) {
    // g = mu·w0 + sqrt(g0)·z0: for a Gaussian component one variable g with E[w0 | g]
    const S2 = c.mu * c.mu * comp.variance + c.g0;
    const S = Math.sqrt(S2);
    const n0 = 400, R = 9;
    let mass = 0;
    const acc = { m: 0, q0: 0, q1: 0, chi1: 0, logZ: 0 };
    for (let j = 0; j < n0; j++) {
      const x = -R + (j + 0.5) * (2 * R / n0);
      const w = Math.exp(-0.5 * x * x);
      const g = c.mu * comp.mean + S * x;
      const w0 = comp.mean + (c.mu * comp.variance / S2) * (S * x);
      const r = inner(g);
      mass += w;
      acc.m += w * w0 * r.mean;
      acc.q0 += w * r.mean * r.mean;
      acc.q1 += w * r.second;
      acc.chi1 += w * r.slope;
      acc.logZ += w * r.logZ;
    }
    for (const k of ["m", "q0", "q1", "chi1", "logZ"] as const) {
      out[k] += comp.weight * acc[k] / mass;
    }
  }
  return out;
}

/** The §3b equations and Phi/beta, written out again (no code shared with the library). */
function bruteSolve(
  params: { alpha: number; sigma2?: number; lambda?: number; teacher?: Teacher },
  levels: number[],
  y: number,
  start: { m: number; q0: number; q1: number; chi1: number },
) {
  const alpha = params.alpha, sigma2 = params.sigma2 ?? 0, lambda = params.lambda ?? 0;
  const teacher = params.teacher ??
    { kind: "gaussian", rho: 1, components: [{ weight: 1, mean: 0, variance: 1 }] } as Teacher;
  let st = { ...start };
  const conj = (p: typeof st) => {
    const D = p.q1 - p.q0, A = 1 + p.chi1 + y * D, R0 = teacher.rho - 2 * p.m + p.q0 + sigma2;
    return {
      a: alpha / (1 + p.chi1),
      mu: alpha / A,
      g0: alpha * R0 / (A * A),
      g1: alpha * D / ((1 + p.chi1) * A),
      A,
      R0,
    };
  };
  for (let it = 0; it < 60; it++) {
    const b = bruteAverages(levels, teacher, conj(st), lambda, y);
    const change = Math.max(
      Math.abs(b.m - st.m),
      Math.abs(b.q0 - st.q0),
      Math.abs(b.q1 - st.q1),
      Math.abs(b.chi1 - st.chi1),
    );
    st = {
      m: 0.5 * st.m + 0.5 * b.m,
      q0: 0.5 * st.q0 + 0.5 * b.q0,
      q1: 0.5 * st.q1 + 0.5 * b.q1,
      chi1: 0.5 * st.chi1 + 0.5 * b.chi1,
    };
    if (change < 1e-5) break;
  }
  const F = (yy: number) => {
    const c = conj(st);
    const A = 1 + st.chi1 + yy * (st.q1 - st.q0);
    const b = bruteAverages(levels, teacher, c, lambda, yy);
    return -c.mu * st.m + 0.5 * c.a * st.q1 - 0.5 * (c.g0 + c.g1) * (st.chi1 + yy * st.q1) +
      0.5 * yy * c.g0 * st.q0 +
      alpha * (Math.log((1 + st.chi1) / A) / (2 * yy) - c.R0 / (2 * A)) + b.logZ / yy;
  };
  const c = conj(st);
  const trainError = -st.chi1 / (y * (1 + st.chi1)) + (st.chi1 / y + st.q1 - st.q0) / c.A +
    c.R0 / (c.A * c.A);
  return { ...st, F, trainError, genError: teacher.rho - 2 * st.m + st.q1 + sigma2 };
}

Deno.test("an independent brute-force implementation of §3b agrees to 3e-3", () => {
  const cases: [ModelParams, number[]][] = [
    [{ alpha: 1, beta: inf, quantizer: bit1 }, [-1, 1]],
    [{ alpha: 2, beta: inf, quantizer: bit2 }, [-1.5, -0.5, 0.5, 1.5]],
    [{ alpha: 0.3, beta: inf, quantizer: bit1 }, [-1, 1]], // below the RS alpha_c
  ];
  for (const [params, levels] of cases) {
    const s = solveOneRsbGroundState(params);
    assert.ok(s.converged && s.phase === "1rsb");
    // start the brute-force iteration 5 % away from the solver's fixed point
    const start = { m: 0.95 * s.m, q0: 0.95 * s.q0, q1: s.q1, chi1: 1.05 * s.chi1 + 0.01 };
    const b = bruteSolve(params, levels, s.y, start);
    for (const k of ["m", "q0", "q1"] as const) {
      assert.ok(Math.abs(b[k] - s[k]) < 3e-3, `${k}: brute ${b[k]} vs ${s[k]}`);
    }
    assert.ok(Math.abs(b.chi1 - s.chi1) < 3e-3 * (1 + s.chi1), `chi1 ${b.chi1} vs ${s.chi1}`);
    assert.ok(Math.abs(b.trainError - s.trainError) < 3e-3);
    assert.ok(Math.abs(b.genError - s.genError) < 3e-3);
    // y* by the brute force: d(Phi/beta)/dy at its own fixed point (envelope theorem) ≈ 0,
    // compared with its size at 0.6·y*
    const h = 1e-3 * s.y;
    const dF = (b.F(s.y + h) - b.F(s.y - h)) / (2 * h);
    const scale = Math.abs(solveOneRsbGroundState(params, { y: 0.6 * s.y, start: s }).dFdy);
    assert.ok(Math.abs(dF) < 3e-2 * scale, `brute dF/dy ${dF} vs scale ${scale}`);
  }
});

Deno.test("below the RS interpolation threshold: frozen states with positive training error", () => {
  for (const q of [bit1, bit2]) {
    const params = { alpha: 0.3, beta: inf, quantizer: q };
    const s = solveOneRsbGroundState(params);
    assert.equal(s.rs.phase, "interpolating");
    assert.equal(s.rs.trainError, 0);
    assert.ok(s.converged && s.phase === "1rsb");
    assert.ok(s.trainError > 0 && s.chi1 < 1e-3);
    // a counting bound: M = alpha·N residual directions, K^N configurations: the ground-state
    // training error is of order K^(−2/alpha) (volume argument); within a factor 10 of it
    const K = q.levels.length;
    const scale = K ** (-2 / 0.3);
    assert.ok(s.trainError > scale / 10 && s.trainError < scale * 10, `${s.trainError}`);
  }
});

Deno.test("small alpha: y* grows like K^(2/alpha), still converged (1 bit, alpha = 0.1)", () => {
  const s = solveOneRsbGroundState({ alpha: 0.1, beta: inf, quantizer: bit1 });
  assert.ok(s.converged && s.phase === "1rsb", `${s.phase} ${s.converged}`);
  const scale = 2 ** (-2 / 0.1); // 1e-6
  assert.ok(s.trainError > scale / 10 && s.trainError < scale * 10, `${s.trainError}`);
});

Deno.test("level-set teacher: planted state vs glass, lower energy wins", () => {
  const teacher = levelsTeacher([-1, 1]);
  // sigma2 = 0: w = w0 has zero energy, the ground state is the teacher at every alpha
  for (const alpha of [0.3, 2]) {
    const s = solveOneRsbGroundState({ alpha, beta: inf, quantizer: bit1, teacher });
    assert.ok(s.converged && s.trainError === 0 && s.genError === 0 && s.m === 1);
  }
  // sigma2 = 0.05: the teacher's own training error is sigma2; the ground state is at or below
  // it, strictly below at small alpha (the glass fits the noise) and equal to it at large alpha
  const e = (alpha: number) =>
    solveOneRsbGroundState({ alpha, beta: inf, quantizer: bit1, teacher, sigma2: 0.05 });
  const small = e(0.4), mid = e(0.7), large = e(3);
  for (const s of [small, mid, large]) assert.ok(s.converged && s.trainError <= 0.05 + 1e-9);
  assert.ok(small.trainError < 0.04 && small.phase === "1rsb" && small.m < 0.9);
  assert.ok(mid.m > 0.999 && Math.abs(mid.trainError - 0.05) < 1e-3);
  assert.ok(large.phase === "rs" && Math.abs(large.trainError - 0.05) < 1e-9);
});

Deno.test("continuous weights: the RS ground state with y = 0", () => {
  const s = solveOneRsbGroundState({ alpha: 2, beta: inf, quantizer: continuous() });
  assert.equal(s.phase, "rs");
  assert.equal(s.y, 0);
  assert.equal(s.q0, s.q1);
  // ridgeless, alpha > 1, sigma2 = 0: the teacher is recovered
  assert.ok(Math.abs(s.genError) < 1e-10);
});

Deno.test("non-uniform level set and custom base weights (pi drops out at beta = ∞)", () => {
  const levels = [-1.2, -0.3, 0.2, 1];
  const a = solveOneRsbGroundState({ alpha: 1.5, beta: inf, quantizer: levelSet(levels) });
  const b = solveOneRsbGroundState({
    alpha: 1.5,
    beta: inf,
    quantizer: levelSet(levels, { pi: [1, 5, 2, 1] }),
  });
  assert.ok(a.converged && b.converged);
  assert.ok(Math.abs(a.trainError - b.trainError) < 1e-12 && Math.abs(a.y - b.y) < 1e-9);
  assertStationary(a, 2e-7);
});

Deno.test("oneRsbFromGroundState: the ground state in the finite-beta solution's shape", () => {
  const params = { alpha: 1, beta: inf, quantizer: bit2 };
  const s = oneRsbFromGroundState(params);
  const g = s.groundState;
  assert.ok(s.converged && g.phase === "1rsb");
  assert.equal(s.x, 0);
  for (const k of ["m", "q0", "q1", "Q", "chi1", "trainError", "genError", "energy"] as const) {
    assert.equal(s[k], g[k]);
  }
  assert.equal(s.freeEnergy, -g.freeEntropyOverBeta);
  assert.equal(s.freeEntropy, -Infinity);
  // uniform pi: Shannon entropy = complexity at y* (0), entropy relative to pi = −log K
  assert.ok(Math.abs(s.shannonEntropy!) < 1e-8);
  assert.ok(Math.abs(s.entropy + Math.log(4)) < 1e-8);
  // non-uniform pi with a representable noiseless teacher: w* = w0, entropy = E[log pi(w0)]
  const t = oneRsbFromGroundState({
    alpha: 0.5,
    beta: inf,
    quantizer: levelSet([-1, 1], { pi: [1, 3] }),
    teacher: levelsTeacher([-1, 1]),
  });
  assert.equal(t.shannonEntropy, null);
  assert.ok(Math.abs(t.entropy - 0.5 * (Math.log(0.25) + Math.log(0.75))) < 1e-12);
  assert.throws(() => oneRsbFromGroundState(params, { x: 0.5 }), /^RangeError: x: /);
  assert.throws(() => oneRsbFromGroundState(params, { start: "rs" }), /^RangeError: start: /);
  assert.throws(() => oneRsbFromGroundState(params, { xx: 1 } as never), TypeError);
});

Deno.test("y* by the joint solve: few map evaluations, a zero of the complexity at fixed y", () => {
  for (const quantizer of [bit1, bit2]) {
    for (const alpha of [0.5, 1, 2, 3]) {
      const params = { alpha, beta: inf, quantizer };
      const s = solveOneRsbGroundState(params);
      assert.ok(s.converged && s.phase === "1rsb");
      // the joint Newton–Broyden solve took it (18–25 measured; the one-dimensional search
      // that backs it up needs 44–161 here)
      assert.ok(s.iterations <= 30, `${s.iterations} map evaluations at alpha = ${alpha}`);
      // a separate fixed-y solve at the returned y*, from the cold start: Sigma(y*) = 0 to the
      // size of Sigma at 0.9·y* times 1e-6
      const at = solveOneRsbGroundState(params, { y: s.y });
      const near = solveOneRsbGroundState(params, { y: 0.9 * s.y, start: s });
      assert.ok(at.converged && near.converged);
      assert.ok(Math.abs(at.complexity) < 1e-6 * Math.abs(near.complexity), `${at.complexity}`);
      assert.ok(Math.abs(at.trainError - s.trainError) < 1e-9);
    }
  }
});

Deno.test("frozen averages: a 4-fold refinement of the outer panels changes them by < 2e-9", () => {
  const keys = ["m", "q0", "q1", "d", "chi1", "logZ", "phi"] as const;
  for (const quantizer of [bit1, bit2]) {
    for (const alpha of [0.3, 1, 2]) {
      // at the solutions for y*/2, y*, 2·y*
      const params = { alpha, beta: inf, quantizer };
      const s0 = solveOneRsbGroundState(params);
      for (const f of [0.5, 1, 2]) {
        const s = f === 1 ? s0 : solveOneRsbGroundState(params, { y: f * s0.y, start: s0 });
        const a = frozenAverages(quantizer.levels, s.model.teacher, s, 0, s.y);
        const b = frozenAverages(quantizer.levels, s.model.teacher, s, 0, s.y, 4);
        for (const k of keys) {
          // measured at most 4e-10 relative (chi1, 1 bit, alpha = 2 at y*), mostly < 1e-10
          const tol = 2e-9 * Math.abs(b[k]) + 1e-300;
          assert.ok(Math.abs(a[k] - b[k]) <= tol, `${k}: ${a[k]} vs ${b[k]} (y = ${s.y})`);
        }
      }
    }
  }
});

Deno.test("bad input: RangeError/TypeError naming the parameter", () => {
  const p = { alpha: 1, beta: inf, quantizer: bit1 };
  assert.throws(() => solveOneRsbGroundState(p, { yy: 1 } as never), TypeError);
  assert.throws(() => solveOneRsbGroundState(p, { y: 0 }), /y: expected/);
  assert.throws(() => solveOneRsbGroundState(p, { y: -1 }), RangeError);
  assert.throws(() => solveOneRsbGroundState(p, { y: NaN }), RangeError);
  assert.throws(() => solveOneRsbGroundState(p, { y: "max" as never }), RangeError);
  assert.throws(() => solveOneRsbGroundState({ ...p, beta: 10 }), /beta: /);
  assert.throws(() => solveOneRsbGroundState(p, { tolerance: 0 }), /tolerance/);
  assert.throws(() => solveOneRsbGroundState(p, { maxIterations: 1.5 }), /maxIterations/);
  assert.throws(() => solveOneRsbGroundState(p, { damping: 1 }), /damping/);
  assert.throws(
    () => solveOneRsbGroundState(p, { start: { m: 0, q0: 0, d: -1, chi1: 1 } }),
    /start/,
  );
  assert.throws(() => solveOneRsbGroundState({ ...p, alpha: NaN }), /alpha/);
  // non-convergence is reported, not thrown
  const s = solveOneRsbGroundState(p, { y: 2, maxIterations: 2 });
  assert.equal(s.converged, false);
  assert.ok(s.residual > 1e-10 && s.iterations === 2);
});
