/**
 * Zero contours of a field on a rectilinear grid by marching squares (W. E. Lorensen and H. E.
 * Cline, "Marching cubes", SIGGRAPH 1987, in its 2-D form), with the segments chained into
 * polylines. Crossings on grid edges are interpolated linearly (in log coordinates on a log
 * axis), exactly as {@link rowCrossings} does along rows, so a contour passes through the
 * per-row crossings. Cells with a missing (null) corner are skipped; a saddle cell is resolved
 * by the sign of the mean of its corners.
 *
 * @module
 */
import type { GridScale } from "./params.ts";

/** A polyline: x and y coordinates; `null` in both separates pieces. */
export interface ContourPolyline {
  x: (number | null)[];
  y: (number | null)[];
}

interface Pt {
  key: string;
  x: number;
  y: number;
}

/**
 * The zero contour of `f(values)` on the grid `x` × `y` (`values[j][i]` at `(x[i], y[j])`),
 * as polylines separated by nulls.
 *
 * @example
 * ```ts
 * // f = x + y − 1 on [0, 1]²: the contour is the diagonal x + y = 1
 * const g = [0, 0.25, 0.5, 0.75, 1];
 * const c = gridContour(g, g, g.map((y) => g.map((x) => x + y - 1)), (v) => v);
 * const pts = c.x.map((x, k) => [x, c.y[k]]).filter(([x]) => x !== null) as number[][];
 * if (pts.length < 5 || pts.some(([x, y]) => Math.abs(x + y - 1) > 1e-12)) throw new Error();
 * ```
 */
export function gridContour(
  x: readonly number[],
  y: readonly number[],
  values: readonly (readonly (number | null)[])[],
  transform: (v: number) => number,
  scales: { x?: GridScale; y?: GridScale } = {},
): ContourPolyline {
  const tx = (v: number) => (scales.x === "log" ? Math.log(v) : v);
  const ty = (v: number) => (scales.y === "log" ? Math.log(v) : v);
  const ux = (v: number) => (scales.x === "log" ? Math.exp(v) : v);
  const uy = (v: number) => (scales.y === "log" ? Math.exp(v) : v);
  const f = values.map((row) =>
    row.map((v) => {
      if (v === null) return null;
      const t = transform(v);
      return Number.isFinite(t) ? t : null;
    })
  );
  const pos = (v: number) => v >= 0;
  // crossing on the horizontal edge (i, j)–(i+1, j) and the vertical edge (i, j)–(i, j+1)
  const hEdge = (i: number, j: number): Pt => {
    const a = f[j][i]!, b = f[j][i + 1]!;
    const t = a / (a - b);
    return { key: `h${i},${j}`, x: ux(tx(x[i]) + t * (tx(x[i + 1]) - tx(x[i]))), y: y[j] };
  };
  const vEdge = (i: number, j: number): Pt => {
    const a = f[j][i]!, b = f[j + 1][i]!;
    const t = a / (a - b);
    return { key: `v${i},${j}`, x: x[i], y: uy(ty(y[j]) + t * (ty(y[j + 1]) - ty(y[j]))) };
  };
  const segments: [Pt, Pt][] = [];
  for (let j = 0; j + 1 < y.length; j++) {
    for (let i = 0; i + 1 < x.length; i++) {
      const c00 = f[j][i], c10 = f[j][i + 1], c01 = f[j + 1][i], c11 = f[j + 1][i + 1];
      if (c00 === null || c10 === null || c01 === null || c11 === null) continue;
      const pts: Pt[] = [];
      // edges in order: bottom, right, top, left
      if (pos(c00) !== pos(c10)) pts.push(hEdge(i, j));
      if (pos(c10) !== pos(c11)) pts.push(vEdge(i + 1, j));
      if (pos(c01) !== pos(c11)) pts.push(hEdge(i, j + 1));
      if (pos(c00) !== pos(c01)) pts.push(vEdge(i, j));
      if (pts.length === 2) segments.push([pts[0], pts[1]]);
      else if (pts.length === 4) {
        // saddle: pair the edges so that the centre (mean) sign is kept together
        const centre = pos((c00 + c10 + c01 + c11) / 4);
        if (centre === pos(c00)) {
          segments.push([pts[0], pts[1]], [pts[2], pts[3]]);
        } else {
          segments.push([pts[0], pts[3]], [pts[1], pts[2]]);
        }
      }
    }
  }
  // chain segments sharing an edge point into polylines
  const byKey = new Map<string, number[]>();
  segments.forEach(([a, b], k) => {
    for (const p of [a, b]) {
      const list = byKey.get(p.key);
      if (list) list.push(k);
      else byKey.set(p.key, [k]);
    }
  });
  const used = new Array<boolean>(segments.length).fill(false);
  const out: ContourPolyline = { x: [], y: [] };
  const walk = (start: Pt, k: number): Pt[] => {
    const chain: Pt[] = [];
    let p = start, seg = k;
    for (;;) {
      used[seg] = true;
      const [a, b] = segments[seg];
      const next = a.key === p.key ? b : a;
      chain.push(next);
      const cand = (byKey.get(next.key) ?? []).find((s) => !used[s]);
      if (cand === undefined) return chain;
      p = next;
      seg = cand;
    }
  };
  for (let k = 0; k < segments.length; k++) {
    if (used[k]) continue;
    const a = segments[k][0];
    // extend both ways from segment k
    const forward = walk(a, k);
    const backward: Pt[] = [];
    let p = a;
    for (;;) {
      const cand = (byKey.get(p.key) ?? []).find((s) => !used[s]);
      if (cand === undefined) break;
      used[cand] = true;
      const [c, d] = segments[cand];
      p = c.key === p.key ? d : c;
      backward.push(p);
    }
    const line = [...backward.reverse(), a, ...forward];
    if (out.x.length > 0) {
      out.x.push(null);
      out.y.push(null);
    }
    for (const q of line) {
      out.x.push(q.x);
      out.y.push(q.y);
    }
  }
  return out;
}
