/**
 * Rendering cost of a 64 × 64 phase diagram (4096 cells, two lines, two labels): spec
 * construction, SVG (vega, headless) and PNG (resvg wasm, scale 2).
 */
import { phaseDiagramSpec, renderPng, renderSvg, svgToPng } from "../lib/plot/mod.ts";

const n = 64;
const x = Array.from({ length: n }, (_, i) => 0.1 + 3 * i / (n - 1));
const y = Array.from({ length: n }, (_, j) => 0.2 + 2.5 * j / (n - 1));
const values = y.map((w) => x.map((a) => Math.exp(2 * (w - 1.2 - 0.3 * a))));
const data = {
  x,
  y,
  values,
  lines: [
    { name: "AT = 1", x, y: x.map((a) => 1.2 + 0.3 * a) },
    { name: "s = 0", x, y: x.map((a) => 1.6 + 0.3 * a) },
  ],
  labels: [{ text: "RS", x: 2.5, y: 0.8 }, { text: "RSB", x: 0.8, y: 2.3 }],
};
const spec = phaseDiagramSpec(data, { clip: { min: 0.01, max: 100 } });
const svg = await renderSvg(spec);
await svgToPng(svg); // warm-up: wasm + font load happen once

Deno.bench("phase diagram 64x64: build spec", { group: "plot" }, () => {
  phaseDiagramSpec(data, { clip: { min: 0.01, max: 100 } });
});

Deno.bench("phase diagram 64x64: SVG", { group: "plot", baseline: true }, async () => {
  await renderSvg(spec);
});

Deno.bench("phase diagram 64x64: SVG -> PNG (scale 2)", { group: "plot" }, async () => {
  await svgToPng(svg, { scale: 2 });
});

Deno.bench("phase diagram 64x64: spec -> PNG (scale 2)", { group: "plot" }, async () => {
  await renderPng(spec, { scale: 2 });
});
