/**
 * An explorable grid of RS solutions over bits × width × alpha, at one finite beta and at
 * beta = ∞ (docs/theory.md §2, incl. "Stability" and "Zero temperature"), and a Vega-Lite
 * chart with sliders over it: a reader moves through the theory in the browser without
 * re-running anything.
 *
 * {@link exploreGrid} solves every point (finite beta: `scanRsLine` along alpha, warm-started;
 * beta = ∞: `solveZeroTemperature`, plus the interpolation threshold `alpha_c` per curve) and
 * returns plain typed data (displayed in Jupyter as the chart). {@link exploreChart} packs the
 * grid compactly (one data row per (bits, beta, width) holding comma-separated values over
 * alpha, expanded in the browser by `split` and `flatten` transforms; numbers rounded to
 * `digits` significant digits) into a Vega-Lite v5 spec with params bound to inputs (bits and
 * width sliders, a beta toggle) and filter transforms that reference them: the error curves
 * against alpha at the selected bits and width (RS-unstable points marked), next to a heat map
 * of the generalization error over width × alpha at the selected bits with a cursor line at
 * the selected width and the AT = 1 line (finite beta) or the interpolation threshold alpha_c
 * (beta = ∞). Every point and cell has a tooltip with the whole solution.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { uniformQuantizer } from "../quantizers/uniform.ts";
import { interpolationThreshold, solveZeroTemperature } from "../theory/zero_temperature.ts";
import { AXIS_TITLES, finishChartSpec, type VegaLiteSpec } from "../plot/chart_spec.ts";
import { type JupyterDisplayable, type MimeBundle, withDisplay } from "../jupyter/with_display.ts";
import { experimentModelParams, parameterGrid } from "./params.ts";
import { scanRsLine, type ScanSolverOptions } from "./rs_scan.ts";
import { rsShannonEntropy } from "./shannon_entropy.ts";
import { gridContour } from "./grid_contour.ts";

/** A grid range: `samples` points from `from` to `to` (linear for width, log for alpha). */
export interface ExploreRange {
  /** First value, > 0. */
  from: number;
  /** Last value, > from. */
  to: number;
  /** Number of points, >= 2. */
  samples: number;
}

/** Options for {@link exploreGrid}. */
export interface ExploreGridOptions {
  /** Bit counts of the uniform quantizer (integers in 1..8). Default [1, 2, 3, 4]. */
  bits?: readonly number[];
  /** Widths ω (outermost level), linearly spaced. Default 0.3 to 3.9, 19 points (step 0.2). */
  widths?: ExploreRange;
  /** Sample ratios α, log-spaced. Default 0.25 to 8, 21 points (ratio 2^(1/4)). */
  alphas?: ExploreRange;
  /** The finite inverse temperature. Default 10. */
  beta?: number;
  /** Also solve at beta = ∞ (the ground state). Default true. */
  zeroTemperature?: boolean;
  /** Label-noise variance, >= 0. Default 0.1. */
  sigma2?: number;
  /** RS solver options (finite beta). */
  solver?: ScanSolverOptions;
}

/** One solved grid point. Values are null where the solve did not converge or is undefined. */
export interface ExplorePoint {
  /** Bit depth. */
  bits: number;
  /** Quantization width. */
  width: number;
  /** Samples per weight `alpha = M/N`. */
  alpha: number;
  /** The inverse temperature (Infinity: ground state). */
  beta: number;
  /** Teacher-student overlap (null where not converged). */
  m: number | null;
  /** Two-replica overlap (null where not converged). */
  q: number | null;
  /** Self-overlap Q (Infinity in the interpolating phase at beta = ∞). */
  Q: number | null;
  /** Replicon; Infinity in the ground state of a level set at beta = ∞ (docs/theory.md §2). */
  at: number | null;
  /** Shannon entropy per weight (null at beta = ∞, where it is undefined or −∞). */
  shannonEntropy: number | null;
  /** Training error (null where not converged). */
  trainError: number | null;
  /** Gibbs-sample generalization error (Infinity in the interpolating phase at beta = ∞). */
  genError: number | null;
  /** Posterior-mean error (null where not converged). */
  meanError: number | null;
  /** RS locally stable: converged and at < 1. */
  stable: boolean;
  /** RS not known to be wrong (false: interpolating phase of a level set at beta = ∞). */
  valid: boolean;
  /** Computed from the residual and the iteration cap, never asserted. */
  converged: boolean;
  /** Iterations used. */
  iterations: number;
  /** Last change of the state. */
  residual: number;
}

/** The result of {@link exploreGrid}. */
export interface ExploreGrid {
  /** Bit depths. */
  bits: number[];
  /** Quantization widths. */
  widths: number[];
  /** Values of alpha. */
  alphas: number[];
  /** The finite beta, then Infinity if solved. */
  betas: number[];
  /** Label-noise variance. */
  sigma2: number;
  /** All points, ordered by beta, bits, width, alpha. */
  points: ExplorePoint[];
  /** Interpolation threshold alpha_c per (bits, width) at beta = ∞ (`alphaC[b][w]`). */
  alphaC: (number | null)[][];
  /** Number of points whose solve did not converge. */
  nonConverged: number;
  /** Every solve converged. */
  converged: boolean;
  /** Wall time of the solves in ms. */
  milliseconds: number;
}

function checkRange(name: string, r: ExploreRange, fallback: ExploreRange): ExploreRange {
  if (r === undefined) return fallback;
  checkKeys(r, ["from", "to", "samples"], name);
  const { from, to, samples } = r;
  if (!(Number.isFinite(from) && from > 0)) {
    throw new RangeError(`${name}.from: expected a finite number > 0, got ${from}`);
  }
  if (!(Number.isFinite(to) && to > from)) {
    throw new RangeError(`${name}.to: expected a finite number > from (${from}), got ${to}`);
  }
  if (!(Number.isInteger(samples) && samples >= 2 && samples <= 200)) {
    throw new RangeError(`${name}.samples: expected an integer in 2..200, got ${samples}`);
  }
  return { from, to, samples };
}

const finite = (v: number | null | undefined): number | null =>
  v === null || v === undefined || Number.isNaN(v) ? null : v;

/**
 * Solves the RS equations on the grid bits × width × alpha at the finite `beta` and (unless
 * `zeroTemperature: false`) at beta = ∞. Teacher Gaussian with rho = 1, lambda = 0.
 *
 * @throws {TypeError} on an unknown option key; {@link RangeError} on bits not integers in
 *   1..8, a bad range, beta not finite and > 0, or sigma2 < 0.
 * @example
 * ```ts
 * const g = exploreGrid({
 *   bits: [1, 2], widths: { from: 0.5, to: 1.5, samples: 3 },
 *   alphas: { from: 0.5, to: 4, samples: 4 },
 * });
 * if (g.points.length !== 2 * 2 * 3 * 4 || !g.converged) throw new Error();
 * ```
 */
export function exploreGrid(options: ExploreGridOptions = {}): ExploreGrid & JupyterDisplayable {
  checkKeys(
    options,
    ["bits", "widths", "alphas", "beta", "zeroTemperature", "sigma2", "solver"],
    "exploreGrid options",
  );
  const bits = [...(options.bits ?? [1, 2, 3, 4])];
  if (!Array.isArray(options.bits ?? bits) || bits.length === 0) {
    throw new RangeError(`bits: expected a non-empty array of integers in 1..8, got ${bits}`);
  }
  bits.forEach((b, i) => {
    if (!(Number.isInteger(b) && b >= 1 && b <= 8) || bits.indexOf(b) !== i) {
      throw new RangeError(`bits[${i}]: expected distinct integers in 1..8, got ${b}`);
    }
  });
  const wr = checkRange("widths", options.widths!, { from: 0.3, to: 3.9, samples: 19 });
  const ar = checkRange("alphas", options.alphas!, { from: 0.25, to: 8, samples: 21 });
  const beta = options.beta ?? 10;
  if (!(Number.isFinite(beta) && beta > 0)) {
    throw new RangeError(
      `beta: expected a finite number > 0 (beta = ∞ is always added), got ${beta}`,
    );
  }
  const sigma2 = options.sigma2 ?? 0.1;
  if (!(Number.isFinite(sigma2) && sigma2 >= 0)) {
    throw new RangeError(`sigma2: expected a finite number >= 0, got ${sigma2}`);
  }
  const widths = parameterGrid(wr.from, wr.to, wr.samples, "linear", "widths");
  const alphas = parameterGrid(ar.from, ar.to, ar.samples, "log", "alphas");
  const zeroT = options.zeroTemperature ?? true;
  const betas = zeroT ? [beta, Infinity] : [beta];
  const t0 = performance.now();
  const points: ExplorePoint[] = [];
  for (const b of bits) {
    for (const width of widths) {
      const params = {
        alpha: alphas[0],
        beta,
        sigma2,
        quantizer: uniformQuantizer({ bits: b, width }),
      };
      scanRsLine(params, "alpha", alphas, options.solver ?? {}).forEach((s, k) => {
        const ok = (v: number | null) => (s.converged ? finite(v) : null);
        points.push({
          bits: b,
          width,
          alpha: alphas[k],
          beta,
          m: ok(s.m),
          q: ok(s.q),
          Q: ok(s.Q),
          at: ok(s.at),
          shannonEntropy: ok(rsShannonEntropy(s)),
          trainError: ok(s.trainError),
          genError: ok(s.genError),
          meanError: ok(s.meanError),
          stable: s.converged && s.at < 1,
          valid: true,
          converged: s.converged,
          iterations: s.iterations,
          residual: s.residual,
        });
      });
    }
  }
  const alphaC: (number | null)[][] = bits.map(() => widths.map(() => null));
  if (zeroT) {
    bits.forEach((b, bi) => {
      widths.forEach((width, wi) => {
        const quantizer = uniformQuantizer({ bits: b, width });
        const th = interpolationThreshold({ quantizer, sigma2 });
        alphaC[bi][wi] = th.converged ? finite(th.alphaC) : null;
        for (const alpha of alphas) {
          const s = solveZeroTemperature(
            experimentModelParams({ alpha, beta: Infinity, sigma2, quantizer }),
          );
          const ok = (v: number | null) => (s.converged ? finite(v) : null);
          points.push({
            bits: b,
            width,
            alpha,
            beta: Infinity,
            m: ok(s.m),
            q: ok(s.q),
            Q: ok(s.Q),
            at: ok(s.at),
            shannonEntropy: null,
            trainError: ok(s.trainError),
            genError: ok(s.genError),
            meanError: ok(s.meanError),
            stable: s.converged && s.at < 1,
            valid: s.valid,
            converged: s.converged,
            iterations: s.iterations,
            residual: s.residual,
          });
        }
      });
    });
  }
  const nonConverged = points.filter((p) => !p.converged).length;
  return withDisplay({
    bits,
    widths,
    alphas,
    betas,
    sigma2,
    points,
    alphaC,
    nonConverged,
    converged: nonConverged === 0,
    milliseconds: performance.now() - t0,
  }, exploreDisplay);
}

/** Options for {@link exploreChart}. */
export interface ExploreChartOptions {
  /** Significant digits kept in the embedded data. Default 4. */
  digits?: number;
  /** Initial slider positions. Default: the smallest bits, the middle width, the finite beta. */
  initial?: { bits?: number; width?: number; zeroTemperature?: boolean };
  /** Chart title. */
  title?: string;
}

/** Short data field → tooltip title, in tooltip order. */
const FIELDS: readonly (readonly [string, keyof ExplorePoint, string])[] = [
  ["eg", "genError", "genError (Gibbs sample)"],
  ["et", "trainError", "trainError"],
  ["em", "meanError", "meanError (posterior mean)"],
  ["m", "m", "m"],
  ["q", "q", "q"],
  ["Q", "Q", "Q"],
  ["at", "at", "AT (replicon)"],
  ["S", "shannonEntropy", "Shannon entropy"],
];

/**
 * Label of a beta in the chart's toggle and data ("10", "∞").
 *
 * @example
 * ```ts
 * if (exploreBetaLabel(Infinity) !== "∞" || exploreBetaLabel(10) !== "10") throw new Error();
 * ```
 */
export function exploreBetaLabel(beta: number): string {
  return beta === Infinity ? "∞" : String(beta);
}

/**
 * The explorable Vega-Lite v5 chart of an {@link exploreGrid} result (see the module doc):
 * params `bits` and `width` bound to range inputs and `beta` bound to a radio toggle; every
 * view filters the flattened data by them.
 *
 * @throws {RangeError} if `digits` is not an integer in 2..12 or an initial value is not on
 *   the grid.
 * @example
 * ```ts
 * const g = exploreGrid({
 *   bits: [1, 2], widths: { from: 0.5, to: 1.5, samples: 3 },
 *   alphas: { from: 0.5, to: 4, samples: 4 },
 * });
 * const spec = exploreChart(g);
 * const names = (spec.params as { name: string }[]).map((p) => p.name);
 * if (names.join() !== "bits,width,beta") throw new Error(names.join());
 * ```
 */
export function exploreChart(grid: ExploreGrid, options: ExploreChartOptions = {}): VegaLiteSpec {
  checkKeys(options, ["digits", "initial", "title"], "exploreChart options");
  checkKeys(options.initial, ["bits", "width", "zeroTemperature"], "exploreChart options.initial");
  const digits = options.digits ?? 4;
  if (!(Number.isInteger(digits) && digits >= 2 && digits <= 12)) {
    throw new RangeError(`digits: expected an integer in 2..12, got ${digits}`);
  }
  const round = (v: number | null): number | null =>
    v === null || !Number.isFinite(v) ? null : Number(v.toPrecision(digits));
  const { bits, widths, alphas, betas } = grid;
  const nw = widths.length;
  const wStep = nw > 1 ? (widths[nw - 1] - widths[0]) / (nw - 1) : 1;
  const aRatio = alphas.length > 1
    ? (alphas[alphas.length - 1] / alphas[0]) ** (1 / (alphas.length - 1))
    : 2;
  const bitsInit = options.initial?.bits ?? bits[0];
  if (!bits.includes(bitsInit)) {
    throw new RangeError(`initial.bits: expected one of ${bits.join(", ")}, got ${bitsInit}`);
  }
  const widthInit = options.initial?.width ?? widths[Math.floor((nw - 1) / 2)];
  if (!widths.some((w) => Math.abs(w - widthInit) < wStep / 2)) {
    throw new RangeError(
      `initial.width: expected a grid width in [${widths[0]}, ${widths[nw - 1]}], got ${widthInit}`,
    );
  }
  const betaInit = options.initial?.zeroTemperature && betas.includes(Infinity)
    ? Infinity
    : betas[0];

  // One row per (bits, beta, width) with arrays over alpha (expanded by `flatten`).
  const rows: Record<string, unknown>[] = [];
  const byKey = new Map<string, ExplorePoint[]>();
  for (const p of grid.points) {
    const key = `${p.bits}|${p.beta}|${p.width}`;
    const g = byKey.get(key) ?? [];
    g.push(p);
    byKey.set(key, g);
  }
  for (const [, pts] of byKey) {
    const p0 = pts[0];
    const row: Record<string, unknown> = {
      b: p0.bits,
      T: exploreBetaLabel(p0.beta),
      w: round(p0.width),
      a: pts.map((p) => round(p.alpha)).join(","),
    };
    for (const [short, key] of FIELDS) {
      row[short] = pts.map((p) => round(p[key] as number | null) ?? "").join(",");
    }
    // flags: 1 stable, 2 valid, 4 converged
    row.f = pts.map((p) => (p.stable ? 1 : 0) + (p.valid ? 2 : 0) + (p.converged ? 4 : 0)).join(
      ",",
    );
    // ±Infinity cannot go through JSON (stored null): bit 2k marks +∞, bit 2k+1 −∞ of FIELDS[k]
    row.inf = pts.map((p) =>
      FIELDS.reduce((mask, [, key], k) => {
        const v = p[key];
        return mask + (v === Infinity ? 2 ** (2 * k) : v === -Infinity ? 2 ** (2 * k + 1) : 0);
      }, 0)
    ).join(",");
    rows.push(row);
  }
  const flat = ["a", ...FIELDS.map(([s]) => s), "f", "inf"];
  const expand: Record<string, unknown>[] = [
    // each curve's values are comma-separated strings (one line each in a notebook's JSON)
    ...flat.map((f) => ({ calculate: `split(datum.${f}, ',')`, as: f })),
    { flatten: flat },
    // toNumber('') is null: a missing value
    ...flat.map((f) => ({ calculate: `toNumber(datum.${f})`, as: f })),
    { calculate: "datum.f % 2", as: "st" },
    { calculate: "floor(datum.f / 2) % 2", as: "v" },
    { calculate: "floor(datum.f / 4) % 2", as: "ok" },
    {
      calculate:
        "datum.ok == 0 ? 'not converged' : datum.v == 0 ? 'RS invalid (interpolating)' : datum.st == 1 ? 'RS stable (AT < 1)' : 'RS unstable (AT ≥ 1)'",
      as: "rs",
    },
    // tooltip text of each solution field: '∞' / '−∞' from the mask, '–' for null
    ...FIELDS.map(([short], k) => ({
      calculate: `floor(datum.inf / ${2 ** (2 * k)}) % 2 == 1 ? '∞' : floor(datum.inf / ${
        2 ** (2 * k + 1)
      }) % 2 == 1 ? '−∞' : isValid(datum.${short}) ? format(datum.${short}, '.4g') : '–'`,
      as: `${short}Text`,
    })),
    { calculate: `datum.ok == 1 ? 'true' : 'false'`, as: "converged" },
  ];
  const selBits = { filter: "datum.b == bits" };
  const selBeta = { filter: "datum.T == beta" };
  const selWidth = { filter: `abs(datum.w - width) < ${wStep / 2}` };
  const tooltip = [
    { field: "b", type: "quantitative", title: "bits" },
    { field: "w", type: "quantitative", title: "ω", format: ".4g" },
    { field: "a", type: "quantitative", title: "α", format: ".4g" },
    { field: "T", type: "nominal", title: "β" },
    ...FIELDS.map(([short, , title]) => ({ field: `${short}Text`, type: "nominal", title })),
    { field: "rs", type: "nominal", title: "RS" },
    { field: "converged", type: "nominal", title: "converged" },
  ];

  const errValues = grid.points.map((p) => p.genError).filter((v): v is number =>
    v !== null && Number.isFinite(v)
  );
  const egMin = errValues.length > 0 ? Math.min(...errValues) : 0;
  const egMax = errValues.length > 0 ? Math.max(...errValues) : 1;
  const colorScale = { type: "log", scheme: "viridis", domain: [round(egMin), round(egMax)] };
  const xAlpha = {
    field: "a",
    type: "quantitative",
    title: AXIS_TITLES.alpha,
    scale: { type: "log", domain: [alphas[0], alphas[alphas.length - 1]], nice: false },
  };

  // Left: error curves at the selected bits, width, beta.
  const curves = {
    width: 380,
    height: 280,
    title: {
      text: { expr: "'ω = ' + format(width, '.3g') + ', ' + bits + ' bit(s), β = ' + beta" },
    },
    transform: [...expand, selBits, selBeta, selWidth, {
      fold: ["eg", "et"],
      as: ["quantity", "error"],
    }, {
      calculate: "datum.quantity == 'eg' ? 'ε_g (Gibbs sample)' : 'ε_t (training)'",
      as: "curve",
    }],
    layer: [
      {
        mark: { type: "line", strokeWidth: 2, clip: true },
        encoding: {
          x: xAlpha,
          y: {
            field: "error",
            type: "quantitative",
            title: "error",
            // rescaled to the selected curve (errors span 0.1 to ~20 over the whole grid)
            scale: { zero: true },
          },
          color: {
            field: "curve",
            type: "nominal",
            title: "curve",
            scale: {
              domain: ["ε_g (Gibbs sample)", "ε_t (training)"],
              range: ["#0072B2", "#E69F00"],
            },
          },
        },
      },
      {
        // aria: false keeps the tooltip text out of the SVG's per-item aria-labels
        mark: { type: "point", filled: true, size: 45, clip: true, aria: false },
        encoding: {
          x: xAlpha,
          y: { field: "error", type: "quantitative" },
          color: { field: "curve", type: "nominal" },
          shape: {
            field: "rs",
            type: "nominal",
            title: "RS",
            legend: { labelLimit: 260 },
            scale: {
              domain: [
                "RS stable (AT < 1)",
                "RS unstable (AT ≥ 1)",
                "RS invalid (interpolating)",
                "not converged",
              ],
              range: ["circle", "cross", "triangle-down", "square"],
            },
          },
          tooltip,
        },
      },
    ],
  };

  // Right: heat map of genError over width × alpha at the selected bits and beta.
  const half = Math.sqrt(aRatio);
  const lines: Record<string, unknown>[] = [];
  bits.forEach((b, bi) => {
    if (betas.includes(Infinity)) {
      grid.alphaC[bi].forEach((ac, wi) => {
        if (ac !== null) {
          lines.push({
            b,
            T: "∞",
            x: round(ac),
            y: round(widths[wi]),
            s: `${b}∞`,
            o: wi,
            line: "α_c (interpolation)",
          });
        }
      });
    }
    // points are ordered by beta, bits, width, alpha (finite beta first)
    const na = alphas.length;
    const at = widths.map((_, wi) =>
      alphas.map((_, ai) => grid.points[(bi * nw + wi) * na + ai].at)
    );
    const c = gridContour(alphas, widths, at, (v) => (v > 0 ? Math.log(v) : -Infinity), {
      x: "log",
    });
    let seg = 0;
    c.x.forEach((x, k) => {
      const y = c.y[k];
      if (x === null || y === null) {
        seg++;
        return;
      }
      lines.push({
        b,
        T: exploreBetaLabel(betas[0]),
        x: round(x),
        y: round(y),
        s: `${b}#${seg}`,
        o: k,
        line: "AT = 1",
      });
    });
  });
  const heat = {
    width: 320,
    height: 280,
    title: { text: { expr: "'ε_g over ω × α, ' + bits + ' bit(s), β = ' + beta" } },
    layer: [
      {
        transform: [
          ...expand,
          selBits,
          selBeta,
          { filter: "isValid(datum.eg)" },
          {
            calculate: `datum.a / ${half}`,
            as: "a0",
          },
          { calculate: `datum.a * ${half}`, as: "a1" },
          {
            calculate: `datum.w - ${wStep / 2}`,
            as: "w0",
          },
          { calculate: `datum.w + ${wStep / 2}`, as: "w1" },
        ],
        mark: { type: "rect", aria: false, strokeWidth: 0.5 },
        encoding: {
          x: {
            ...xAlpha,
            field: "a0",
            // cells are centred on the grid points: the axis spans the cell edges
            scale: {
              type: "log",
              domain: [alphas[0] / half, alphas[alphas.length - 1] * half],
              nice: false,
            },
          },
          x2: { field: "a1" },
          y: {
            field: "w0",
            type: "quantitative",
            title: AXIS_TITLES.width,
            scale: {
              domain: [widths[0] - wStep / 2, widths[nw - 1] + wStep / 2],
              nice: false,
              zero: false,
            },
          },
          y2: { field: "w1" },
          color: {
            field: "eg",
            type: "quantitative",
            title: "ε_g",
            scale: colorScale,
          },
          // the same colour as stroke hides anti-aliasing seams between cells
          stroke: { field: "eg", type: "quantitative", scale: colorScale, legend: null },
          tooltip,
        },
      },
      {
        data: { values: lines },
        transform: [selBits, selBeta],
        mark: { type: "line", color: "white", strokeWidth: 2, clip: true },
        encoding: {
          x: { field: "x", type: "quantitative" },
          y: { field: "y", type: "quantitative" },
          detail: { field: "s" },
          order: { field: "o", type: "quantitative" },
          strokeDash: {
            field: "line",
            type: "nominal",
            title: "lines",
            scale: { domain: ["AT = 1", "α_c (interpolation)"], range: [[1, 0], [5, 3]] },
            legend: { symbolStrokeColor: "#555555", symbolStrokeWidth: 2 },
          },
        },
      },
      {
        // the cursor: the selected width
        data: { values: [{ cursor: "selected ω" }] },
        mark: { type: "rule", color: "red", strokeWidth: 1.5, strokeDash: [6, 3] },
        encoding: { y: { datum: { expr: "width" }, type: "quantitative" } },
      },
    ],
  };
  const params = [
    {
      name: "bits",
      value: bitsInit,
      bind: {
        input: "range",
        min: Math.min(...bits),
        max: Math.max(...bits),
        step: 1,
        name: "bits ",
      },
    },
    {
      name: "width",
      value: round(widthInit),
      bind: {
        input: "range",
        min: round(widths[0]),
        max: round(widths[nw - 1]),
        step: round(wStep),
        name: "ω (width) ",
      },
    },
    {
      name: "beta",
      value: exploreBetaLabel(betaInit),
      bind: { input: "radio", options: betas.map(exploreBetaLabel), name: "β " },
    },
  ];
  return finishChartSpec(
    {
      data: { values: rows },
      params,
      hconcat: [curves, heat],
      resolve: { scale: { color: "independent", shape: "independent" } },
    },
    {
      title: options.title,
      subtitle:
        `uniform quantizer, σ² = ${grid.sigma2}; hover a point or cell for the whole RS solution`,
    },
  );
}

function exploreText(g: ExploreGrid): string {
  return `Explore grid: bits ${
    g.bits.join(", ")
  } × ${g.widths.length} widths × ${g.alphas.length} alphas × beta ${
    g.betas.map(exploreBetaLabel).join(", ")
  } (${g.points.length} RS solutions, ${g.nonConverged} not converged, ${
    (g.milliseconds / 1000).toFixed(1)
  } s)`;
}

async function exploreDisplay(g: ExploreGrid): Promise<MimeBundle> {
  const { chartBundle } = await import("../jupyter/display.ts");
  const bundle = await chartBundle(exploreChart(g));
  return { ...bundle, "text/plain": exploreText(g) };
}
