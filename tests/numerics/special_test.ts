import assert from "node:assert/strict";
import {
  erf,
  erfc,
  erfcx,
  log1mExp,
  log1pExp,
  logNormalCdf,
  logNormalSf,
  logSumExp,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
} from "../../lib/numerics/special.ts";

/**
 * Reference values from mpmath at 50 digits (tests/numerics/make_special_reference.py), each
 * rounded to the nearest double, so a perfect implementation is within 0.5 ulp ≈ 1.1e-16.
 */
const REF: Record<string, [number, number][]> = JSON.parse(
  Deno.readTextFileSync(new URL("./special_reference.json", import.meta.url)),
);

const MIN_NORMAL = 2.2250738585072014e-308;
const SUBNORMAL_ULP = 5e-324;
/** Relative tolerance of the brief: 1e-14 ≈ 45 ulps (observed worst case on the grid: ~2 ulps). */
const RTOL = 1e-14;

function checkTable(name: string, fn: (x: number) => number): void {
  const rows = REF[name];
  assert.ok(rows.length > 50, `${name}: reference table present`);
  for (const [x, want] of rows) {
    const got = fn(x);
    if (Math.abs(want) >= MIN_NORMAL) {
      const rel = Math.abs(got - want) / Math.abs(want);
      assert.ok(rel <= RTOL, `${name}(${x}) = ${got}, want ${want} (rel. error ${rel})`);
    } else {
      // subnormal results carry fewer bits: absolute error of a few subnormal ulps
      assert.ok(
        Math.abs(got - want) <= 4 * SUBNORMAL_ULP,
        `${name}(${x}) = ${got}, want subnormal ${want}`,
      );
    }
  }
}

Deno.test("erf matches mpmath to 1e-14 relative on the whole line", () => checkTable("erf", erf));
Deno.test("erfc matches mpmath to 1e-14 relative, incl. x up to 27.2 and x < 0", () => {
  checkTable("erfc", erfc);
  assert.ok(REF.erfc.some(([x, v]) => x >= 26.5 && v > 0), "table reaches the far tail");
});
Deno.test("erfcx matches mpmath to 1e-14 relative", () => checkTable("erfcx", erfcx));
Deno.test("normalPdf matches mpmath", () => checkTable("normalPdf", normalPdf));
Deno.test("normalCdf matches mpmath to 1e-14 relative, incl. the lower tail to x = -38", () => {
  checkTable("normalCdf", normalCdf);
  assert.ok(REF.normalCdf.some(([x]) => x <= -37.5));
});
Deno.test("logNormalCdf matches mpmath, incl. x = -1e100 and x > 0", () => {
  checkTable("logNormalCdf", logNormalCdf);
});
Deno.test("normalQuantile (AS241) matches mpmath to 1e-14 relative, p from 5e-324", () => {
  checkTable("normalQuantile", normalQuantile);
});
Deno.test("log1pExp and log1mExp match mpmath", () => {
  checkTable("log1pExp", log1pExp);
  checkTable("log1mExp", log1mExp);
});

const GRID: number[] = [];
for (let x = -30; x <= 30; x += 0.0371) GRID.push(x);

Deno.test("error-function identities: erf odd, erfc(-x) = 2 - erfc(x), erf + erfc = 1", () => {
  for (const x of GRID) {
    assert.equal(erf(-x), -erf(x));
    assert.ok(Math.abs(erfc(-x) - (2 - erfc(x))) <= 4.5e-16, `erfc reflection at ${x}`);
    assert.ok(Math.abs(erf(x) + erfc(x) - 1) <= 4.5e-16, `erf + erfc at ${x}`);
  }
});

Deno.test("erfcx(x) = exp(x²)·erfc(x) where both sides are representable", () => {
  // exp(x²) amplifies the rounding of x² (relative error about 2x²·1.1e-16 <= 2.5e-14 for |x|<=10)
  for (let x = -5; x <= 10; x += 0.173) {
    const direct = Math.exp(x * x) * erfc(x);
    assert.ok(Math.abs(erfcx(x) / direct - 1) <= 3e-14, `erfcx(${x})`);
  }
  assert.equal(erfcx(-27), Infinity);
  assert.equal(erfcx(Infinity), 0);
  // asymptotic series 1/(x√π)·(1 − 1/(2x²) + 3/(4x⁴)) at x = 1e4, error O(x⁻⁶)
  const x = 1e4;
  const asym = (1 / (x * Math.sqrt(Math.PI))) * (1 - 1 / (2 * x * x) + 3 / (4 * x ** 4));
  assert.ok(Math.abs(erfcx(x) / asym - 1) <= 1e-15);
});

Deno.test("erfc in the far tail: decreasing to 0, normal range until 26.55", () => {
  let prev = erfc(26);
  for (let x = 26.01; x <= 27.6; x += 0.01) {
    const v = erfc(x);
    assert.ok(v >= 0 && v <= prev, `erfc decreasing at ${x}`);
    prev = v;
  }
  assert.ok(erfc(26.54) >= MIN_NORMAL);
  assert.equal(erfc(27.5), 0);
  assert.equal(erfc(1e300), 0);
  assert.equal(erfc(-1e300), 2);
  assert.equal(erf(Infinity), 1);
  assert.equal(erf(-Infinity), -1);
});

Deno.test("normalCdf = erfc(-x/√2)/2 and normalCdf + normalSf = 1", () => {
  for (const x of GRID) {
    const c = normalCdf(x), s = normalSf(x);
    assert.ok(Math.abs(c + s - 1) <= 4.5e-16, `sum at ${x}`);
    assert.equal(s, normalCdf(-x));
    if (Math.abs(x) <= 5) {
      // the rounding of x/√2 moves erfc by about 2t²·1.1e-16 <= 3e-15 relative for |x| <= 5
      const viaErfc = 0.5 * erfc(-x * Math.SQRT1_2);
      assert.ok(Math.abs(c / viaErfc - 1) <= 5e-15, `Phi vs erfc at ${x}`);
    }
  }
  assert.equal(normalCdf(0), 0.5);
  assert.equal(normalCdf(-Infinity), 0);
  assert.equal(normalCdf(Infinity), 1);
  assert.equal(normalCdf(-39), 0);
});

Deno.test("normalPdf: symmetry, normalisation by quadrature-free Riemann sum, underflow", () => {
  let sum = 0;
  const h = 1 / 64;
  for (let x = -40; x <= 40; x += h) sum += normalPdf(x); // trapezoid = exact to e^-(2π/h)²/2
  assert.ok(Math.abs(sum * h - 1) <= 1e-14);
  assert.equal(normalPdf(-3.5), normalPdf(3.5));
  assert.equal(normalPdf(Infinity), 0);
  assert.equal(normalPdf(-Infinity), 0);
});

Deno.test("logNormalCdf agrees with log(normalCdf) for -37 <= x <= 0, and is smooth", () => {
  // Φ(x) is a normal double for x >= -37.5; for x > 0 log(Φ) loses the digits of 1 − Φ
  for (let x = -37; x <= 0; x += 0.0917) {
    const direct = Math.log(normalCdf(x));
    const rel = Math.abs(logNormalCdf(x) - direct) / Math.abs(direct);
    assert.ok(rel <= 1e-14, `logNormalCdf(${x})`);
  }
  // continuity across the internal branch points x = -1 and x = 0
  for (const x0 of [-1, 0]) {
    const a = logNormalCdf(x0 - 1e-12), b = logNormalCdf(x0), c = logNormalCdf(x0 + 1e-12);
    assert.ok(a < b && b < c, `monotone at ${x0}`);
  }
  assert.equal(logNormalSf(2), logNormalCdf(-2));
  assert.equal(logNormalCdf(-Infinity), -Infinity);
  assert.ok(logNormalCdf(Infinity) === 0);
  // asymptotics: log Φ(x) = −x²/2 − log(−x) − log√(2π) + O(x⁻²)
  const x = -1e6;
  const asym = -0.5 * x * x - Math.log(-x) - 0.5 * Math.log(2 * Math.PI) - 1 / (x * x);
  assert.ok(Math.abs(logNormalCdf(x) / asym - 1) <= 1e-15);
});

Deno.test("normalQuantile inverts normalCdf; symmetry; end points; bad p", () => {
  for (const p of [1e-300, 1e-100, 1e-20, 1e-8, 1e-3, 0.02, 0.1, 0.3, 0.5, 0.7, 0.97, 0.999]) {
    const x = normalQuantile(p);
    // Φ has condition number |x|·φ(x)/Φ(x) ≈ x² in the tail: allow 1e-14·max(1, x²)
    const tol = 1e-14 * Math.max(1, x * x);
    assert.ok(Math.abs(normalCdf(x) / p - 1) <= tol, `Phi(Phi^-1(${p}))`);
  }
  for (const p of [1e-10, 0.01, 0.2, 0.45]) {
    // 1 - p is rounded; the exact lower tail of that rounded number is 1 - q (Sterbenz)
    const q = 1 - p, lower = 1 - q;
    assert.equal(normalQuantile(q), -normalQuantile(lower));
  }
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  for (const bad of [-1e-300, 1.0000000000000002, NaN, -Infinity, Infinity]) {
    assert.throws(() => normalQuantile(bad), RangeError);
  }
  assert.throws(() => normalQuantile(2), /p: expected a probability in \[0, 1\], got 2/);
});

Deno.test("logSumExp: stable, agrees with the naive sum, handles ranges and edge cases", () => {
  const v = [0.3, -1.2, 2.5, 0, -7];
  const naive = Math.log(v.reduce((s, x) => s + Math.exp(x), 0));
  assert.ok(Math.abs(logSumExp(v) - naive) <= 4.5e-16 * Math.abs(naive) + 1e-16);
  const shifted = v.map((x) => x + 1000);
  assert.ok(Math.abs(logSumExp(shifted) - (naive + 1000)) <= 1e-12);
  const down = v.map((x) => x - 1000);
  assert.ok(Math.abs(logSumExp(new Float64Array(down)) - (naive - 1000)) <= 1e-12);
  assert.equal(logSumExp(new Float32Array([0, 0])), Math.log(2));
  assert.equal(logSumExp([5, 1, 1, 9], 1, 3), 1 + Math.log(2));
  assert.equal(logSumExp([]), -Infinity);
  assert.equal(logSumExp([1, 2], 1, 1), -Infinity);
  assert.equal(logSumExp([-Infinity, -Infinity]), -Infinity);
  assert.equal(logSumExp([-Infinity, 0]), 0);
  assert.equal(logSumExp([1, Infinity]), Infinity);
  assert.ok(Number.isNaN(logSumExp([1, NaN, 2])));
  assert.throws(() => logSumExp([1, 2], -1), RangeError);
  assert.throws(() => logSumExp([1, 2], 0, 3), /end: expected an integer in \[0, 2\], got 3/);
  assert.throws(() => logSumExp([1, 2], 2, 1), RangeError);
  assert.throws(() => logSumExp([1, 2], 0.5), RangeError);
});

Deno.test("log1pExp and log1mExp: branches, limits, errors", () => {
  for (let x = -50; x <= 50; x += 0.37) {
    // log(1 + e^x) − log(1 + e^−x) = x
    assert.ok(Math.abs(log1pExp(x) - log1pExp(-x) - x) <= 1e-14 * Math.max(1, Math.abs(x)));
  }
  assert.equal(log1pExp(1e6), 1e6);
  assert.equal(log1pExp(-Infinity), 0);
  assert.equal(log1pExp(Infinity), Infinity);
  for (let x = -40; x < 0; x += 0.41) {
    // log(1 − e^x) = log(−expm1(x)) exactly; check via exp: exp(log1mExp(x)) = −expm1(x)
    assert.ok(Math.abs(Math.exp(log1mExp(x)) / -Math.expm1(x) - 1) <= 1e-14);
  }
  assert.equal(log1mExp(0), -Infinity);
  assert.ok(log1mExp(-Infinity) === 0);
  assert.throws(() => log1mExp(0.1), /x: expected a number <= 0, got 0.1/);
});

Deno.test("NaN in gives NaN out; no NaN from finite or infinite arguments", () => {
  for (const fn of [erf, erfc, erfcx, normalPdf, normalCdf, normalSf, logNormalCdf, log1pExp]) {
    assert.ok(Number.isNaN(fn(NaN)), `${fn.name}(NaN)`);
    for (const x of [-Infinity, -1e300, -40, -1, 0, 1, 40, 1e300, Infinity]) {
      assert.ok(!Number.isNaN(fn(x)), `${fn.name}(${x}) is not NaN`);
    }
  }
});
