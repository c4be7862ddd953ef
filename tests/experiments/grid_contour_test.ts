// Marching-squares contours: exact for linear fields, one closed polyline for a circle, and
// through the per-row crossings.
import assert from "node:assert/strict";
import { gridContour } from "../../lib/experiments/grid_contour.ts";
import { rowCrossings } from "../../lib/experiments/phase_diagram.ts";
import { parameterGrid } from "../../lib/experiments/params.ts";

function pieces(c: { x: (number | null)[]; y: (number | null)[] }): [number, number][][] {
  const out: [number, number][][] = [[]];
  c.x.forEach((x, k) => {
    if (x === null) out.push([]);
    else out[out.length - 1].push([x, c.y[k]!]);
  });
  return out.filter((p) => p.length > 0);
}

Deno.test("a circle gives one closed polyline on the circle (to interpolation accuracy)", () => {
  const g = parameterGrid(-1, 1, 41);
  const c = gridContour(g, g, g.map((y) => g.map((x) => x * x + y * y - 0.5)), (v) => v);
  const p = pieces(c);
  assert.equal(p.length, 1);
  const line = p[0];
  const [x0, y0] = line[0], [x1, y1] = line[line.length - 1];
  assert.ok(Math.hypot(x0 - x1, y0 - y1) < 1e-12, "closed");
  const h = g[1] - g[0];
  for (const [x, y] of line) assert.ok(Math.abs(Math.hypot(x, y) - Math.sqrt(0.5)) < h * h);
  // every grid-edge crossing is visited once (plus the closing point)
  let crossings = 0;
  for (let j = 0; j < g.length; j++) {
    crossings += rowCrossings(g, g.map((x) => x * x + g[j] * g[j] - 0.5), (v) => v).length;
    crossings += rowCrossings(g, g.map((y) => g[j] * g[j] + y * y - 0.5), (v) => v).length;
  }
  assert.equal(line.length, crossings + 1);
});

Deno.test("contours pass through the per-row crossings; log axes; missing cells skipped", () => {
  const x = parameterGrid(0.1, 10, 30, "log");
  const y = parameterGrid(0, 1, 12);
  const values = y.map((yy) => x.map((xx) => Math.log(xx) - yy)); // zero at x = e^y
  const c = gridContour(x, y, values, (v) => v, { x: "log" });
  const pts = pieces(c).flat();
  for (const [xx, yy] of pts) assert.ok(Math.abs(Math.log(xx) - yy) < 1e-12);
  for (let j = 0; j < y.length; j++) {
    const r = rowCrossings(x, values[j], (v) => v, "log");
    assert.ok(pts.some(([xx, yy]) => yy === y[j] && Math.abs(xx - r[0]) < 1e-15));
  }
  const holes = values.map((row, j) => row.map((v, i) => (i === 10 && j === 5 ? null : v)));
  assert.ok(pieces(gridContour(x, y, holes, (v) => v, { x: "log" })).length >= 1);
  assert.deepEqual(gridContour([0, 1], [0, 1], [[1, 2], [3, 4]], (v) => v), { x: [], y: [] });
});
