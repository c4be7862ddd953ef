/**
 * Benchmarks of the numerics layer: `deno bench -A bench/numerics_bench.ts`.
 */
import {
  clearQuadratureCache,
  createRng,
  erfc,
  gaussHermiteNormal,
  logNormalCdf,
  normalCdf,
  normalQuantile,
} from "../lib/numerics/mod.ts";

const XS = new Float64Array(1000);
for (let i = 0; i < XS.length; i++) XS[i] = -30 + (60 * i) / XS.length;
const PS = new Float64Array(1000);
for (let i = 0; i < PS.length; i++) PS[i] = (i + 0.5) / PS.length;
let sink = 0;

Deno.bench("erfc × 1000 on [-30, 30]", { group: "special", baseline: true }, () => {
  let s = 0;
  for (let i = 0; i < XS.length; i++) s += erfc(XS[i]);
  sink += s;
});

Deno.bench("normalCdf × 1000 on [-30, 30]", { group: "special" }, () => {
  let s = 0;
  for (let i = 0; i < XS.length; i++) s += normalCdf(XS[i]);
  sink += s;
});

Deno.bench("logNormalCdf × 1000 on [-30, 30]", { group: "special" }, () => {
  let s = 0;
  for (let i = 0; i < XS.length; i++) s += logNormalCdf(XS[i]);
  sink += s;
});

Deno.bench("normalQuantile × 1000 on (0, 1)", { group: "special" }, () => {
  let s = 0;
  for (let i = 0; i < PS.length; i++) s += normalQuantile(PS[i]);
  sink += s;
});

const rng = createRng(1);
const OUT = new Float64Array(1_000_000);
Deno.bench("fillNormal(1e6) Float64Array", { group: "rng", baseline: true }, () => {
  rng.fillNormal(OUT);
});

Deno.bench("uniform() × 1e6", { group: "rng" }, () => {
  let s = 0;
  for (let i = 0; i < 1_000_000; i++) s += rng.uniform();
  sink += s;
});

Deno.bench("gaussHermiteNormal(64) cold", { group: "quadrature" }, () => {
  clearQuadratureCache();
  sink += gaussHermiteNormal(64).weights[0];
});

Deno.bench("gaussHermiteNormal(200) cold", { group: "quadrature" }, () => {
  clearQuadratureCache();
  sink += gaussHermiteNormal(200).weights[0];
});

globalThis.addEventListener("unload", () => {
  if (Number.isNaN(sink)) console.log(sink);
});
