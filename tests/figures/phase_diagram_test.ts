// Finding (i): the phase-diagram figure against direct solves.
import assert from "node:assert/strict";
import {
  buildPhaseDiagramFigure,
  computePhaseDiagramFigure,
  phaseDiagramPanelSpec,
  phaseDiagramSummary,
  transitionWidthsSpec,
} from "../../lib/figures/phase_diagram.ts";
import { solveRs } from "../../lib/theory/rs.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";
import { compileVegaLite } from "../../lib/plot/render.ts";
import { detailNumber, detailRows, tooltipTitles } from "./tooltip_util.ts";

const data = await computePhaseDiagramFigure({
  bits: [1, 2],
  widthSamples: 6,
  alphaSamples: 4,
  transitionBits: [1, 2, 4],
  workers: 1,
});

Deno.test("onset widths are AT = 1 / zero-entropy points of direct solves", () => {
  for (const t of data.transitions.filter((x) => x.atOnset !== null)) {
    const s = solveRs({
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: t.bits, width: t.atOnset! }),
    });
    assert.ok(Math.abs(s.at - 1) < 1e-6, `bits ${t.bits}: at ${s.at}`);
    // just below the onset RS is stable, just above it is not
    const lo = solveRs({
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: t.bits, width: t.atOnset! * 0.98 }),
    });
    const hi = solveRs({
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: t.bits, width: t.atOnset! * 1.02 }),
    });
    assert.ok(lo.at < 1 && hi.at > 1);
  }
  for (const t of data.transitions.filter((x) => x.entropyOnset !== null)) {
    const s = solveRs({
      alpha: 2,
      beta: 10,
      sigma2: 0.1,
      quantizer: uniformQuantizer({ bits: t.bits, width: t.entropyOnset! }),
    });
    assert.ok(Math.abs(s.shannonEntropy!) < 1e-6, `bits ${t.bits}: entropy ${s.shannonEntropy}`);
  }
  const s = phaseDiagramSummary(data);
  assert.equal(
    s.onsets[0].rsbOnset,
    Math.min(data.transitions[0].atOnset!, data.transitions[0].entropyOnset!),
  );
  assert.ok(s.onsetGrowsWithBits);
  assert.equal(s.firstStableBits, 4); // 4 bits: stable up to width 6 at alpha 2, beta 10
});

Deno.test("RSB share of a panel counts its cells, and a cell equals a direct solve", () => {
  const p = data.panels[0];
  const d = p.diagram;
  let n = 0, bad = 0;
  d.at.forEach((row, j) =>
    row.forEach((at, i) => {
      if (at === null) return;
      n++;
      const e = d.shannonEntropy[j][i];
      if (at >= 1 || (e !== null && e < 0)) bad++;
    })
  );
  assert.equal(p.rsbFraction, bad / n);
  const [j, i] = [2, 3];
  const s = solveRs({
    alpha: d.y.values[j],
    beta: 10,
    sigma2: 0.1,
    quantizer: uniformQuantizer({ bits: 1, width: d.x.values[i] }),
  });
  assert.ok(Math.abs(s.at - d.at[j][i]!) < 1e-6);
  // fewer bits: more of the plane is unstable
  assert.ok(data.panels[0].rsbFraction > data.panels[1].rsbFraction);
});

Deno.test("phase-diagram charts compile; unknown panel rejected", async () => {
  const f = await buildPhaseDiagramFigure({ quick: true, workers: 1 });
  for (const c of f.charts) assert.deepEqual(compileVegaLite(c.spec).warnings, [], c.name);
  assert.throws(() => phaseDiagramPanelSpec(data, 3), /bits: expected one of 1, 2/);
});

Deno.test("transition-width tooltips list every crossing; cells carry the RS solution", () => {
  const spec = transitionWidthsSpec(data);
  const t = tooltipTitles(spec);
  for (const k of ["atWidths", "entropyWidths", "rsbOnset", "converged"]) assert.ok(t.has(k), k);
  for (const r of detailRows(spec).filter((x) => x.series === "AT = 1")) {
    const tr = data.transitions.find((x) => x.bits === r.x)!;
    // the drawn onset is the first listed AT crossing, and RS breaks no later than it
    assert.equal(Number(String(r.d_atWidths).split(" ")[0]), Number(tr.atOnset!.toPrecision(4)));
    assert.ok(detailNumber(r.d_rsbOnset)! <= Number(tr.atOnset!.toPrecision(4)));
  }
  const cells = tooltipTitles(phaseDiagramPanelSpec(data, 1));
  for (const k of ["m", "q", "Q"]) assert.ok(cells.has(k), k);
});
