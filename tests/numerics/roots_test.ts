import assert from "node:assert/strict";
import { bracketMinimum, brentMinimize, brentRoot, findRoots } from "../../lib/numerics/roots.ts";

const close = (a: number, b: number, tol: number, msg?: string) =>
  assert.ok(Math.abs(a - b) <= tol, msg ?? `${a} vs ${b} (tol ${tol})`);

Deno.test("brentRoot: closed-form roots to near machine precision", () => {
  let r = brentRoot((x) => x * x - 2, 0, 2);
  assert.ok(r.converged);
  close(r.x, Math.SQRT2, 4e-16 * 2);
  assert.equal(r.residual, Math.abs(r.fx));
  r = brentRoot(Math.cos, 0, 2);
  close(r.x, Math.PI / 2, 1e-15);
  // cubic with roots 1, 2, 3: only the middle one in [1.5, 2.6]
  r = brentRoot((x) => (x - 1) * (x - 2) * (x - 3), 1.5, 2.6);
  close(r.x, 2, 1e-15);
  // order of lo and hi does not matter
  const s = brentRoot((x) => Math.exp(x) - 10, 5, 0);
  close(s.x, Math.LN10, 1e-15);
  // a triple root: f is tiny near it, yet the bracket still shrinks to the tolerance
  r = brentRoot((x) => (x - 0.3) ** 3, 0, 1);
  assert.ok(r.converged);
  close(r.x, 0.3, 1e-13);
  // a root at 0 with tolerance = 0 still terminates (f(0) = 0 exactly)
  r = brentRoot((x) => x, -1, 3, { tolerance: 0 });
  assert.ok(r.converged && r.x === 0);
  // Brent's method needs few evaluations on a smooth function
  r = brentRoot((x) => Math.atan(x - 0.123), -10, 10);
  assert.ok(r.converged && r.iterations < 40, `iterations ${r.iterations}`);
  close(r.x, 0.123, 1e-15);
});

Deno.test("brentRoot: exact end-point roots, tolerance, non-convergence, errors", () => {
  let r = brentRoot((x) => x - 1, 1, 5);
  assert.deepEqual(r, { x: 1, fx: 0, iterations: 0, converged: true, residual: 0, width: 0 });
  r = brentRoot((x) => x - 5, 1, 5);
  assert.equal(r.x, 5);
  const loose = brentRoot((x) => x * x - 2, 0, 2, { tolerance: 1e-3 });
  assert.ok(loose.converged && loose.width <= 1e-3 + 1e-15);
  close(loose.x, Math.SQRT2, 1e-3);
  const capped = brentRoot((x) => Math.atan(x - 0.123), -1e6, 1e6, { maxIterations: 3 });
  assert.equal(capped.converged, false);
  assert.equal(capped.iterations, 3);
  assert.ok(Number.isFinite(capped.x) && Number.isFinite(capped.fx));
  // a NaN inside the bracket stops the iteration with converged: false and a finite answer
  const nan = brentRoot((x) => (x > 0.2 && x < 0.9 ? NaN : x - 0.5), 0, 1);
  assert.equal(nan.converged, false);
  assert.ok(Number.isFinite(nan.x) && Number.isFinite(nan.fx));
  assert.throws(() => brentRoot((x) => x * x + 1, -1, 1), RangeError);
  assert.throws(
    () => brentRoot((x) => x * x + 1, -1, 2),
    /\[lo, hi\]: expected a bracket with f\(lo\)·f\(hi\) <= 0, got f\(-1\) = 2 and f\(2\) = 5/,
  );
  assert.throws(() => brentRoot((x) => x, NaN, 1), /lo: expected a finite number, got NaN/);
  assert.throws(() => brentRoot((x) => x, -1, Infinity), /hi: expected a finite number/);
  assert.throws(() => brentRoot(() => NaN, -1, 1), /f\(lo\)/);
  assert.throws(() => brentRoot((x) => x, -1, 1, { tolerance: -1 }), /tolerance/);
  assert.throws(() => brentRoot((x) => x, -1, 1, { maxIterations: 0 }), /maxIterations/);
});

Deno.test("findRoots: all roots of cos and of a polynomial, sorted", () => {
  const roots = findRoots(Math.cos, 0, 20);
  // (k + 1/2)π < 20 for k = 0..5
  assert.equal(roots.length, 6);
  roots.forEach((r, k) => {
    assert.ok(r.converged);
    close(r.x, (k + 0.5) * Math.PI, 4e-15);
  });
  // roots 0.5, 1, 2, 3.25 of a quartic (grid of 50 on [0, 4] separates them)
  const p = (x: number) => (x - 0.5) * (x - 1) * (x - 2) * (x - 3.25);
  const pr = findRoots(p, 0, 4, { samples: 50 });
  assert.deepEqual(pr.map((r) => Math.round(r.x * 1e12) / 1e12), [0.5, 1, 2, 3.25]);
  for (const r of pr) assert.ok(r.residual <= 1e-14);
});

Deno.test("findRoots: grid-point zeros once, limits, poles, validation", () => {
  // x(x − 1)(x − 2) on [0, 2] with 4 samples: exact zeros at the grid points 0, 1, 2
  const s = findRoots((x) => x * (x - 1) * (x - 2), 0, 2, { samples: 4 });
  assert.deepEqual(s.map((r) => [r.x, r.iterations]), [[0, 0], [1, 0], [2, 0]]);
  // f = x on [-1, 1] with 2 samples: the root is the middle grid point, reported once
  const m = findRoots((x) => x, -1, 1, { samples: 2 });
  assert.equal(m.length, 1);
  assert.equal(m[0].x, 0);
  // a double root (no sign change) is not found: documented limitation
  assert.equal(findRoots((x) => (x - 0.3137) ** 2, 0, 1).length, 0);
  // a pole with a sign change comes back with a huge residual
  const pole = findRoots((x) => 1 / (x - 0.3), 0, 1, { samples: 10 });
  assert.equal(pole.length, 1);
  assert.ok(pole[0].residual > 1e10);
  assert.throws(() => findRoots(Math.sin, 1, 1), /hi: expected a number > lo = 1, got 1/);
  assert.throws(() => findRoots(Math.sin, 0, 1, { samples: 0 }), /samples/);
  assert.throws(() => findRoots(Math.sin, 0, 1, { samples: 2.5 }), /samples/);
});

Deno.test("brentMinimize: minima of known functions", () => {
  let m = brentMinimize((x) => (x - 1) ** 2 + 3, -5, 5);
  assert.ok(m.converged);
  close(m.x, 1, 1e-7);
  // cos has its minimum −1 at π on [2, 5]
  m = brentMinimize(Math.cos, 2, 5);
  close(m.x, Math.PI, 3e-8); // √EPS·π ≈ 5e-8 is the attainable accuracy
  close(m.fx, -1, 1e-15);
  // x·log x: minimum at 1/e with value −1/e
  m = brentMinimize((x) => x * Math.log(x), 1e-9, 1);
  close(m.x, 1 / Math.E, 1e-8);
  close(m.fx, -1 / Math.E, 1e-15);
  // quartic with minimum at 2: |x − x*| ~ (eps)^(1/4) is all function values can give
  m = brentMinimize((x) => (x - 2) ** 4, 0, 3);
  assert.ok(m.converged);
  close(m.x, 2, 1e-3);
  // a tighter relative tolerance is honoured on a quadratic
  m = brentMinimize((x) => (x - 1e3) ** 2, 0, 3e3, { relativeTolerance: 1e-12, tolerance: 0 });
  close(m.x, 1e3, 1e-6);
  // monotone function: the minimum is at (or next to) the right end
  m = brentMinimize((x) => -x, 0, 1);
  close(m.x, 1, 1e-7);
});

Deno.test("brentMinimize: non-convergence and errors", () => {
  const m = brentMinimize(Math.cos, 2, 5, { maxIterations: 2 });
  assert.equal(m.converged, false);
  assert.equal(m.iterations, 2);
  assert.ok(Number.isFinite(m.x) && Number.isFinite(m.fx));
  const nan = brentMinimize((x) => (x > 0.5 ? NaN : (x - 0.4) ** 2), 0, 1);
  assert.ok(Number.isFinite(nan.x) && Number.isFinite(nan.fx));
  assert.throws(() => brentMinimize(Math.cos, 3, 2), /hi: expected a number > lo = 3, got 2/);
  assert.throws(() => brentMinimize(() => NaN, 0, 1), /f: expected a number, got NaN/);
  assert.throws(() => brentMinimize(Math.cos, 0, 1, { relativeTolerance: 0 }), /relativeTolerance/);
  assert.throws(() => brentMinimize(Math.cos, 0, 1, { tolerance: NaN }), /tolerance/);
  assert.throws(() => brentMinimize(Math.cos, 0, 1, { maxIterations: -1 }), /maxIterations/);
});

Deno.test("bracketMinimum: brackets, feeds brentMinimize, reports failure", () => {
  for (const [x0, x1] of [[0, 1], [1, 0], [30, 29], [9.9, 10.1]]) {
    const br = bracketMinimum((x) => (x - 10) ** 2, x0, x1);
    assert.ok(br.converged, `from ${x0}, ${x1}`);
    assert.ok(br.a < br.b && br.b < br.c);
    assert.ok(br.fb <= br.fa && br.fb <= br.fc);
    assert.ok(br.a <= 10 && 10 <= br.c);
    const m = brentMinimize((x) => (x - 10) ** 2, br.a, br.c);
    close(m.x, 10, 1e-6);
  }
  const cosh = bracketMinimum(Math.cosh, 5, 6);
  assert.ok(cosh.converged && cosh.a < 0 && cosh.c > 0);
  // unbounded below: no bracket within maxIterations
  const lin = bracketMinimum((x) => x, 0, 1, { maxIterations: 20 });
  assert.equal(lin.converged, false);
  assert.throws(() => bracketMinimum(Math.cos, 1, 1), /x1: expected a number different/);
  assert.throws(() => bracketMinimum(Math.cos, 0, 1, { growLimit: 1 }), /growLimit/);
});

Deno.test("roots: option keys are checked (the old xtol/rtol/maxIter names are refused)", () => {
  const hint = (name: string) => (e: unknown) =>
    e instanceof TypeError && e.message.includes(`unknown key "${name}"`);
  assert.throws(() => brentRoot((x) => x, -1, 1, { xtol: 1e-6 } as never), hint("xtol"));
  assert.throws(() => findRoots(Math.sin, 1, 4, { maxIter: 5 } as never), hint("maxIter"));
  assert.throws(() => brentMinimize(Math.cos, 2, 5, { rtol: 1e-6 } as never), hint("rtol"));
  assert.throws(() => bracketMinimum((x) => x * x, 0, 1, { maxIter: 5 } as never), hint("maxIter"));
  // the renamed options act: a loose tolerance stops early, a cap of 1 iteration does not converge
  const loose = brentRoot((x) => x * x - 2, 0, 2, { tolerance: 0.1 });
  assert.ok(loose.width <= 0.1 + 8 * Number.EPSILON && Math.abs(loose.x - Math.SQRT2) < 0.1);
  assert.equal(brentMinimize(Math.cos, 2, 5, { maxIterations: 1 }).converged, false);
});
