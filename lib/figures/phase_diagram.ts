/**
 * Finding (i): an unstable hyperparameter phase at few bits and a wide quantization range.
 * Phase diagrams over (width, alpha) for a few bit counts — heat maps of the de Almeida–
 * Thouless replicon with the AT line and the zero-entropy line — and the widths where RS
 * turns unstable as a function of the bits at one (alpha, beta).
 *
 * RS is wrong where the replicon `AT >= 1` (J. R. L. de Almeida and D. J. Thouless, J. Phys.
 * A 11, 983 (1978)) or where its Shannon entropy per weight is negative (an entropy crisis,
 * docs/theory.md §5 check 3); the RSB region is bounded by whichever line comes first. The
 * grids come from `computePhaseDiagram` (rows in workers), the crossings from
 * `transitionLines` (Brent-refined), both in `lib/experiments/`.
 *
 * @module
 */
import {
  computePhaseDiagram,
  phaseDiagramChart,
  type PhaseDiagramResult,
} from "../experiments/phase_diagram.ts";
import { transitionLines } from "../experiments/transition_lines.ts";
import type { ExperimentParams } from "../experiments/params.ts";
import { lloydMaxOptimalWidth } from "../quantizers/lloyd_max.ts";
import { compareQuantizersSpec } from "../plot/compare_quantizers.ts";
import { AXIS_TITLES, type VegaLiteSpec } from "../plot/chart_spec.ts";
import { bitLabel } from "../plot/palette.ts";
import {
  checkFigureBits,
  type FigureBuildOptions,
  type FigureResult,
  type FigureTableRow,
  fmtNumber,
} from "./figure.ts";
import { assembleFigure } from "./shared.ts";

/** Options for {@link computePhaseDiagramFigure}. */
export interface PhaseDiagramFigureOptions {
  /** Bit counts with a heat map. Default [1, 2, 3]. */
  bits?: readonly number[];
  /** Inverse temperature and label noise of every panel. Default 10 and 0.1. */
  beta?: number;
  sigma2?: number;
  /** Width axis (x, the continuation direction). Default 0.2 to 4, 40 points. */
  widthFrom?: number;
  widthTo?: number;
  widthSamples?: number;
  /** alpha axis (y). Default 0.2 to 4, 30 points. */
  alphaFrom?: number;
  alphaTo?: number;
  alphaSamples?: number;
  /** Bit counts of the transition-width scan. Default 1 to 6. */
  transitionBits?: readonly number[];
  /** alpha of the transition-width scan. Default 2. */
  transitionAlpha?: number;
  /** Largest width of the transition scan. Default 6. */
  transitionWidthTo?: number;
  /** Worker threads for the heat maps. Default: cores. */
  workers?: number;
  /** Progress over panels and scans. */
  onProgress?: (done: number, total: number) => void;
}

/** One heat map. */
export interface PhaseDiagramPanel {
  bits: number;
  /** Share of converged grid cells in the RSB region (AT >= 1 or Shannon entropy < 0). */
  rsbFraction: number;
  diagram: PhaseDiagramResult;
}

/** Where RS turns unstable along the width, at one bit count. */
export interface TransitionWidths {
  bits: number;
  /** Widths where AT = 1 (ascending), and where the Shannon entropy is zero. */
  atWidths: number[];
  entropyWidths: number[];
  /** First width where AT rises through one (null: none up to the scan's end). */
  atOnset: number | null;
  /** First width where the entropy falls through zero (null: none). */
  entropyOnset: number | null;
  /** Smallest of the two: RS is wrong for wider quantizers (null: RS fine in range). */
  rsbOnset: number | null;
  /** Lloyd–Max width of the bit count, for reference. */
  lloydMaxWidth: number;
  converged: boolean;
}

/** Result of {@link computePhaseDiagramFigure}. */
export interface PhaseDiagramFigureData {
  beta: number;
  sigma2: number;
  panels: PhaseDiagramPanel[];
  transitionAlpha: number;
  transitionWidthTo: number;
  transitions: TransitionWidths[];
}

function uniformParams(
  bits: number,
  alpha: number,
  beta: number,
  sigma2: number,
): ExperimentParams {
  return { alpha, beta, sigma2, quantizer: { quantizer: "uniform", bits, width: 1 } };
}

function rsbFraction(d: PhaseDiagramResult): number {
  let n = 0, bad = 0;
  d.at.forEach((row, j) =>
    row.forEach((at, i) => {
      if (!d.cellConverged[j][i] || at === null) return;
      n++;
      const s = d.shannonEntropy[j][i];
      if (at >= 1 || (s !== null && s < 0)) bad++;
    })
  );
  return n === 0 ? NaN : bad / n;
}

/**
 * Computes the heat maps and the transition widths (see the module doc).
 *
 * @example
 * ```ts
 * const d = await computePhaseDiagramFigure({
 *   bits: [1], widthSamples: 6, alphaSamples: 3, transitionBits: [1, 2], workers: 1,
 * });
 * const t = d.transitions[0];
 * if (!(t.atOnset !== null && t.atOnset < d.transitions[1].atOnset!)) throw new Error("1 bit turns unstable first");
 * ```
 */
export async function computePhaseDiagramFigure(
  options: PhaseDiagramFigureOptions = {},
): Promise<PhaseDiagramFigureData> {
  const bits = checkFigureBits(options.bits ?? [1, 2, 3]);
  const tBits = checkFigureBits(options.transitionBits ?? [1, 2, 3, 4, 5, 6], "transitionBits");
  const beta = options.beta ?? 10;
  const sigma2 = options.sigma2 ?? 0.1;
  const tAlpha = options.transitionAlpha ?? 2;
  const tTo = options.transitionWidthTo ?? 6;
  const total = bits.length + tBits.length;
  let done = 0;
  const panels: PhaseDiagramPanel[] = [];
  for (const b of bits) {
    const diagram = await computePhaseDiagram(uniformParams(b, tAlpha, beta, sigma2), {
      x: {
        parameter: "width",
        from: options.widthFrom ?? 0.2,
        to: options.widthTo ?? 4,
        samples: options.widthSamples ?? 40,
      },
      y: {
        parameter: "alpha",
        from: options.alphaFrom ?? 0.2,
        to: options.alphaTo ?? 4,
        samples: options.alphaSamples ?? 30,
      },
      workers: options.workers,
      onProgress: (d, t) => options.onProgress?.(done + d / t, total),
    });
    panels.push({ bits: b, rsbFraction: rsbFraction(diagram), diagram });
    options.onProgress?.(++done, total);
  }
  const transitions = tBits.map((b) => {
    const t = transitionLines(uniformParams(b, tAlpha, beta, sigma2), {
      vary: "width",
      from: 0.1,
      to: tTo,
      samples: 64,
    });
    const atOnset = t.at.find((c) => c.direction === "increasing")?.value ?? null;
    const entropyOnset = t.entropy.find((c) => c.direction === "decreasing")?.value ?? null;
    const onsets = [atOnset, entropyOnset].filter((v): v is number => v !== null);
    options.onProgress?.(++done, total);
    return {
      bits: b,
      atWidths: t.at.map((c) => c.value),
      entropyWidths: t.entropy.map((c) => c.value),
      atOnset,
      entropyOnset,
      rsbOnset: onsets.length > 0 ? Math.min(...onsets) : null,
      lloydMaxWidth: lloydMaxOptimalWidth(b),
      converged: t.converged,
    };
  });
  return { beta, sigma2, panels, transitionAlpha: tAlpha, transitionWidthTo: tTo, transitions };
}

/** Key numbers of finding (i). */
export interface PhaseDiagramSummary {
  beta: number;
  sigma2: number;
  transitionAlpha: number;
  /** Per bit count: the RSB onset width and the two line crossings. */
  onsets: {
    bits: number;
    atOnset: number | null;
    entropyOnset: number | null;
    rsbOnset: number | null;
    lloydMaxWidth: number;
  }[];
  /** Per heat map: the share of the (width, alpha) grid in the RSB region. */
  rsbFractions: { bits: number; rsbFraction: number }[];
  /** The RSB onset width grows with the bits (where defined). */
  onsetGrowsWithBits: boolean;
  /** Smallest bit count without any RSB onset up to the scan's end (null: all have one). */
  firstStableBits: number | null;
}

/**
 * The key numbers of the figure.
 *
 * @example
 * ```ts
 * const d = await computePhaseDiagramFigure({ bits: [1], widthSamples: 5, alphaSamples: 3, transitionBits: [1, 2], workers: 1 });
 * const s = phaseDiagramSummary(d);
 * if (!s.onsetGrowsWithBits || s.onsets.length !== 2) throw new Error();
 * ```
 */
export function phaseDiagramSummary(data: PhaseDiagramFigureData): PhaseDiagramSummary {
  const onsets = data.transitions.map((t) => ({
    bits: t.bits,
    atOnset: t.atOnset,
    entropyOnset: t.entropyOnset,
    rsbOnset: t.rsbOnset,
    lloydMaxWidth: t.lloydMaxWidth,
  }));
  const defined = onsets.filter((o) => o.rsbOnset !== null);
  return {
    beta: data.beta,
    sigma2: data.sigma2,
    transitionAlpha: data.transitionAlpha,
    onsets,
    rsbFractions: data.panels.map((p) => ({ bits: p.bits, rsbFraction: p.rsbFraction })),
    onsetGrowsWithBits: defined.every((o, i) => i === 0 || o.rsbOnset! > defined[i - 1].rsbOnset!),
    firstStableBits: onsets.find((o) => o.rsbOnset === null)?.bits ?? null,
  };
}

/**
 * Heat map of one panel: replicon over (width, alpha) with the AT and zero-entropy lines.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computePhaseDiagramFigure({ bits: [2], widthSamples: 4, alphaSamples: 3, transitionBits: [2], workers: 1 });
 * if (compileVegaLite(phaseDiagramPanelSpec(d, 2)).warnings.length !== 0) throw new Error();
 * ```
 */
export function phaseDiagramPanelSpec(data: PhaseDiagramFigureData, bits: number): VegaLiteSpec {
  const panel = data.panels.find((p) => p.bits === bits);
  if (panel === undefined) {
    throw new RangeError(
      `bits: expected one of ${data.panels.map((p) => p.bits).join(", ")}, got ${bits}`,
    );
  }
  return phaseDiagramChart(panel.diagram, {
    title: `Phase diagram, ${bitLabel(bits)} (uniform), β = ${data.beta}, σ² = ${data.sigma2}`,
    subtitle: "colour: AT replicon (orange: AT > 1, RSB); RS wrong beyond either line",
    width: 420,
    height: 280,
  });
}

/**
 * The widths where RS turns unstable against the bits, with the Lloyd–Max width.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computePhaseDiagramFigure({ bits: [1], widthSamples: 4, alphaSamples: 3, transitionBits: [1, 2], workers: 1 });
 * if (compileVegaLite(transitionWidthsSpec(d)).warnings.length !== 0) throw new Error();
 * ```
 */
export function transitionWidthsSpec(data: PhaseDiagramFigureData): VegaLiteSpec {
  const rows = data.transitions.flatMap((t) => {
    // every crossing of the scan, not only the onsets drawn
    const details = {
      atWidths: t.atWidths.map((w) => fmtNumber(w, 4)).join(" ") || "none",
      entropyWidths: t.entropyWidths.map((w) => fmtNumber(w, 4)).join(" ") || "none",
      rsbOnset: t.rsbOnset,
      lloydMaxWidth: t.lloydMaxWidth,
      converged: t.converged,
    };
    return [
      { x: t.bits, y: t.atOnset, series: "AT = 1", details },
      { x: t.bits, y: t.entropyOnset, series: "entropy = 0", details },
      { x: t.bits, y: t.lloydMaxWidth, series: "Lloyd–Max width", details },
    ];
  });
  return compareQuantizersSpec(rows, {
    title:
      `Width where RS turns unstable, α = ${data.transitionAlpha}, β = ${data.beta}, σ² = ${data.sigma2}`,
    subtitle: `RSB above the lower line; no point: stable up to ω = ${data.transitionWidthTo}`,
    xTitle: AXIS_TITLES.bits,
    yTitle: AXIS_TITLES.width,
    seriesTitle: "line",
    dashedSeries: ["Lloyd–Max width"],
    colors: { "AT = 1": "#D55E00", "entropy = 0": "#0072B2", "Lloyd–Max width": "#777777" },
  });
}

/**
 * Flat table: every heat-map cell.
 *
 * @example
 * ```ts
 * const d = await computePhaseDiagramFigure({ bits: [1], widthSamples: 3, alphaSamples: 2, transitionBits: [1], workers: 1 });
 * if (phaseDiagramTable(d).length !== 6) throw new Error();
 * ```
 */
export function phaseDiagramTable(data: PhaseDiagramFigureData): FigureTableRow[] {
  const rows: FigureTableRow[] = [];
  for (const p of data.panels) {
    const d = p.diagram;
    d.y.values.forEach((alpha, j) =>
      d.x.values.forEach((width, i) =>
        rows.push({
          bits: p.bits,
          width,
          alpha,
          beta: data.beta,
          sigma2: data.sigma2,
          at: d.at[j][i],
          shannonEntropy: d.shannonEntropy[j][i],
          genError: d.genError[j][i],
          meanError: d.meanError[j][i],
          converged: d.cellConverged[j][i],
        })
      )
    );
  }
  return rows;
}

/**
 * The REPORT.md section of finding (i).
 *
 * @example
 * ```ts
 * const md = phaseDiagramReport({
 *   beta: 10, sigma2: 0.1, transitionAlpha: 2, onsetGrowsWithBits: true, firstStableBits: 4,
 *   onsets: [{ bits: 1, atOnset: 0.652, entropyOnset: 0.808, rsbOnset: 0.652, lloydMaxWidth: 0.798 }],
 *   rsbFractions: [{ bits: 1, rsbFraction: 0.79 }],
 * });
 * if (!md.includes("| 1 | 0.652 | 0.808 | 0.652 | 0.798 |") || !md.includes("79 %")) throw new Error(md);
 * ```
 */
export function phaseDiagramReport(s: PhaseDiagramSummary): string {
  const w = (v: number | null) => (v === null ? "none" : fmtNumber(v));
  return [
    `Widths where RS turns unstable (uniform quantizers, α = ${fmtNumber(s.transitionAlpha)}, β = ${
      fmtNumber(s.beta)
    }, σ² = ${fmtNumber(s.sigma2)}; "none": RS stable over the whole scan):`,
    "",
    "| bits | AT crossing ω_AT | zero-entropy ω_S | RSB onset | Lloyd–Max ω |",
    "| ---: | ---: | ---: | ---: | ---: |",
    ...s.onsets.map((o) =>
      `| ${o.bits} | ${w(o.atOnset)} | ${w(o.entropyOnset)} | ${w(o.rsbOnset)} | ${
        fmtNumber(o.lloydMaxWidth)
      } |`
    ),
    "",
    `Share of the (ω, α) grid in the RSB region: ${
      s.rsbFractions.map((f) => `${bitLabel(f.bits)} ${fmtNumber(100 * f.rsbFraction)} %`).join(
        ", ",
      )
    }.`,
    "",
    s.onsetGrowsWithBits
      ? `The unstable phase sits at wide widths and shrinks as bits are added: the onset width grows with the bits${
        s.firstStableBits === null
          ? ""
          : `, and from ${s.firstStableBits} bits on RS is stable over the whole scanned range`
      }.`
      : "The onset width is not monotone in the bits on this grid.",
  ].join("\n");
}

/**
 * Builds the figure: one heat map per bit count and the transition-width chart.
 *
 * @example
 * ```ts
 * const f = await buildPhaseDiagramFigure({ quick: true, workers: 1 });
 * if (f.charts.length < 2 || !f.report.includes("RSB onset")) throw new Error();
 * ```
 */
export async function buildPhaseDiagramFigure(
  options: FigureBuildOptions & PhaseDiagramFigureOptions = {},
): Promise<FigureResult<PhaseDiagramFigureData, PhaseDiagramSummary>> {
  const data = await computePhaseDiagramFigure({
    ...(options.quick
      ? { bits: [1, 2], widthSamples: 10, alphaSamples: 6, transitionBits: [1, 2, 3] }
      : {}),
    ...options,
  });
  return assembleFigure(
    {
      id: "phase_diagram",
      title: "Phase diagram: the unstable (RSB) phase",
      finding:
        "(i) An unstable hyperparameter phase (replica symmetry breaking) at few bits and a wide quantization range.",
    },
    data,
    {
      summary: phaseDiagramSummary,
      charts: (d) => [
        ...d.panels.map((p) => ({
          name: `${p.bits}bit`,
          spec: phaseDiagramPanelSpec(d, p.bits),
        })),
        { name: "transition_widths", spec: transitionWidthsSpec(d) },
      ],
      table: phaseDiagramTable,
      report: (_d, s) => phaseDiagramReport(s),
    },
  );
}
