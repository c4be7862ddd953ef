import assert from "node:assert/strict";
import {
  lloydMaxGaussian,
  lloydMaxOptimalWidth,
  lloydMaxQuantizer,
} from "../../lib/quantizers/lloyd_max.ts";

/** N(0,1) density written out here, independent of lib/numerics. */
const phi = (x: number) => Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);

/** Composite Simpson of f on [a, b] (a, b finite) with n (even) panels. */
function simpson(f: (x: number) => number, a: number, b: number, n = 2000): number {
  const h = (b - a) / n;
  let s = f(a) + f(b);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(a + i * h);
  return (s * h) / 3;
}

/** Clip infinite cell ends at ±14 (the Gaussian mass beyond is < 1e-44). */
const clip = (x: number) => Math.max(-14, Math.min(14, x));

Deno.test("lloyd-max b = 1: levels ±sqrt(2/pi) to 1e-12, threshold 0, mse 1 - 2/pi", () => {
  const r = lloydMaxGaussian(1);
  assert.ok(r.converged);
  assert.equal(r.levels.length, 2);
  assert.ok(Math.abs(r.levels[1] - Math.sqrt(2 / Math.PI)) < 1e-12);
  assert.equal(r.levels[0], -r.levels[1]);
  assert.deepEqual([...r.thresholds], [0]);
  assert.ok(Math.abs(r.mse - (1 - 2 / Math.PI)) < 1e-12);
});

Deno.test("lloyd-max: Max (1960) table, to the printed digits", () => {
  // J. Max, IRE Trans. Inf. Theory 6 (1960) 7-12, Table I (N = 2, 4, 8): positive outputs and
  // mean squared error. Tolerance: half a unit in the last printed digit, except the 8-level
  // MSE, printed 0.03454, which is 0.0345478 truncated rather than rounded, so it gets one unit
  // (the Simpson test below checks our MSE independently to 1e-10).
  // Values as printed (strings, so trailing zeros keep their digit count). b = 1 is written as
  // sqrt(2/pi) = 0.797885 rounded to four places.
  const table: [number, string[], number, number][] = [
    [1, ["0.7979"], 0.3634, 5e-5],
    [2, ["0.4528", "1.510"], 0.1175, 5e-5],
    [3, ["0.2451", "0.7560", "1.344", "2.152"], 0.03454, 1e-5],
  ];
  for (const [bits, positive, mse, mseTol] of table) {
    const r = lloydMaxGaussian(bits);
    const k = 2 ** bits;
    assert.ok(r.converged, `bits ${bits}`);
    positive.forEach((printed, j) => {
      const digits = printed.split(".")[1].length;
      const tol = 0.5 * 10 ** -digits + 1e-12;
      const got = r.levels[k / 2 + j];
      assert.ok(
        Math.abs(got - Number(printed)) <= tol,
        `bits ${bits} level ${j}: ${got} vs ${printed}`,
      );
      assert.equal(r.levels[k / 2 - 1 - j], -got);
    });
    assert.ok(Math.abs(r.mse - mse) <= mseTol, `bits ${bits} mse ${r.mse} vs ${mse}`);
  }
});

Deno.test("lloyd-max: every level is the centroid of its cell (independent Simpson integration)", () => {
  for (const bits of [2, 3, 4, 5]) {
    const r = lloydMaxGaussian(bits);
    const k = r.levels.length;
    const t = [-Infinity, ...r.thresholds, Infinity];
    let mse = 0;
    for (let i = 0; i < k; i++) {
      const a = clip(t[i]);
      const b = clip(t[i + 1]);
      const mass = simpson(phi, a, b);
      const first = simpson((x) => x * phi(x), a, b);
      const centroid = first / mass;
      assert.ok(Math.abs(centroid - r.levels[i]) < 1e-9, `bits ${bits} level ${i}`);
      mse += simpson((x) => (x - r.levels[i]) ** 2 * phi(x), a, b);
      // thresholds are midpoints
      if (i < k - 1) assert.equal(r.thresholds[i], (r.levels[i] + r.levels[i + 1]) / 2);
    }
    assert.ok(Math.abs(mse - r.mse) < 1e-10 * Math.max(1, r.mse), `bits ${bits} mse`);
  }
});

Deno.test("lloyd-max: local optimality, perturbing any level increases the Simpson MSE", () => {
  const r = lloydMaxGaussian(3);
  const mseOf = (levels: number[]) => {
    // nearest-level distortion of an arbitrary sorted set, by Simpson on its own midpoints
    const k = levels.length;
    let d = 0;
    for (let i = 0; i < k; i++) {
      const a = i === 0 ? -14 : (levels[i - 1] + levels[i]) / 2;
      const b = i === k - 1 ? 14 : (levels[i] + levels[i + 1]) / 2;
      d += simpson((x) => (x - levels[i]) ** 2 * phi(x), a, b);
    }
    return d;
  };
  const base = mseOf([...r.levels]);
  for (let i = 0; i < 8; i++) {
    for (const eps of [-1e-3, 1e-3]) {
      const l = [...r.levels];
      l[i] += eps;
      assert.ok(mseOf(l) > base, `level ${i} ${eps}`);
    }
  }
});

Deno.test("lloyd-max 16 bits: 65536 levels, converged, mse on the Panter-Dite asymptote", () => {
  const r = lloydMaxGaussian(16);
  assert.ok(r.converged);
  assert.ok(r.residual <= 1e-13);
  assert.equal(r.levels.length, 65536);
  assert.equal(r.thresholds.length, 65535);
  for (let i = 1; i < r.levels.length; i++) assert.ok(r.levels[i] > r.levels[i - 1]);
  // Panter & Dite (1951): D ~ (1/12) (int p^{1/3})^3 4^-b = (sqrt(3) pi / 2) 4^-b for N(0,1).
  const asymptote = (Math.sqrt(3) * Math.PI / 2) * 4 ** -16;
  assert.ok(Math.abs(r.mse / asymptote - 1) < 1e-4, `${r.mse} vs ${asymptote}`);
  assert.equal(r.levels[0], -r.levels[65535]);
});

Deno.test("lloyd-max: mse decreases with bits, tending to 6 dB (a factor 4) per bit", () => {
  let prev = 1;
  for (let b = 1; b <= 12; b++) {
    const r = lloydMaxGaussian(b);
    assert.ok(r.converged && r.mse < prev);
    if (b >= 8) assert.ok(Math.abs(prev / r.mse - 4) < 0.05, `bits ${b}: ratio ${prev / r.mse}`);
    prev = r.mse;
  }
});

Deno.test("lloydMaxGaussian returns fresh copies (the cache cannot be corrupted)", () => {
  const a = lloydMaxGaussian(2);
  a.levels[0] = 42;
  a.thresholds[0] = 42;
  const b = lloydMaxGaussian(2);
  assert.ok(Math.abs(b.levels[0] + 1.5104) < 1e-4);
  assert.ok(b.thresholds[0] < 0);
});

Deno.test("lloydMaxOptimalWidth = outermost N(0,1) level x sigma; quantizer rescales to width", () => {
  assert.ok(Math.abs(lloydMaxOptimalWidth(1) - Math.sqrt(2 / Math.PI)) < 1e-12);
  assert.ok(Math.abs(lloydMaxOptimalWidth(2, { sigma: 3 }) - 3 * 1.5104) < 3 * 5e-5);
  const r = lloydMaxGaussian(3);
  const q = lloydMaxQuantizer({ bits: 3, width: 2 });
  assert.equal(q.family, "lloyd-max");
  assert.equal(q.levels[7], 2);
  assert.equal(q.levels[0], -2);
  for (let i = 0; i < 8; i++) {
    assert.ok(Math.abs(q.levels[i] - 2 * r.levels[i] / r.levels[7]) < 1e-15);
  }
  // At the optimal width the rescaled set is the unscaled Lloyd-Max set itself.
  const s = 0.7;
  const opt = lloydMaxQuantizer({ bits: 3, width: lloydMaxOptimalWidth(3, { sigma: s }) });
  for (let i = 0; i < 8; i++) assert.ok(Math.abs(opt.levels[i] - s * r.levels[i]) < 1e-14);
});
