/**
 * The finite-beta 1RSB phase diagram (docs/theory.md §3): over (width, alpha) at beta = 10, for
 * 1 and 2 bits, where the 1RSB solution with the thermodynamic Parisi parameter has `x* < 1`
 * (replica symmetry broken), next to the RS de Almeida–Thouless line (`at = 1`, docs/theory.md
 * §2 "Stability"; J. R. L. de Almeida and D. J. Thouless, J. Phys. A 11, 983 (1978)). Where
 * `x* < 1` already on the stable side of the AT line, the transition is discontinuous (the RS
 * solution is locally stable but not the thermodynamic one, as at the entropy crisis of
 * finding vii); where the AT line is crossed but `x* = 1`, 1RSB has missed the instability.
 *
 * The grid is `oneRsbPhaseDiagram` (`lib/experiments/one_rsb_phase_diagram.ts`, rows in module
 * workers); the AT line is `transitionLines` along the width at each alpha of a finer list.
 *
 * @module
 */
import { oneRsbPhaseDiagram } from "../experiments/one_rsb_phase_diagram.ts";
import { transitionLines } from "../experiments/transition_lines.ts";
import type { ExperimentParams } from "../experiments/params.ts";
import { checkKeys } from "../model/options.ts";
import type { VegaLiteSpec } from "../plot/chart_spec.ts";
import { bitLabel } from "../plot/palette.ts";
import { checkFigureBits, fmtNumber } from "./figure.ts";
import type { FigureBuildOptions, FigureResult, FigureTableRow } from "./figure.ts";
import {
  assembleFigure,
  type FigureRunOptions,
  markdownTable,
  widthAlphaMapLayer,
  widthAlphaMapSpec,
} from "./shared.ts";

/** Options for {@link computeOneRsbPhaseDiagramFigure}. */
export interface OneRsbPhaseDiagramFigureOptions extends FigureRunOptions {
  /** Bit counts (uniform quantizers). Default [1, 2]. */
  bits?: readonly number[];
  /** Inverse temperature (finite). Default 10. */
  beta?: number;
  /** Label noise. Default 0.1. */
  sigma2?: number;
  /** Widths per bit count. Default 1 bit: 0.4 to 1.5, 2 bits: 0.8 to 3 (6 each). */
  widths?: Readonly<Record<number, readonly number[]>>;
  /** alpha grid of the 1RSB cells. Default [0.5, 1, 1.5, 2, 3]. */
  alphas?: readonly number[];
  /** alphas of the AT line. Default 0.5 to 3 in steps of 0.25. */
  atAlphas?: readonly number[];
  /** Solver tolerance. Default 1e-8. */
  tolerance?: number;
}

const KEYS = [
  "bits",
  "beta",
  "sigma2",
  "widths",
  "alphas",
  "atAlphas",
  "tolerance",
  "workers",
  "onProgress",
];

/** One cell of the diagram. */
export interface OneRsbPhaseCell {
  /** Bits per weight. */
  bits: number;
  /** Quantizer width (outermost level). */
  width: number;
  /** Samples per weight M/N. */
  alpha: number;
  /** Thermodynamic Parisi parameter (1: RS). Null when the solve failed. */
  x: number | null;
  /** RS replicon. */
  at: number | null;
  /** `Phi_1RSB − Phi_RS`. */
  deltaFreeEntropy: number | null;
  /** 1RSB training error. */
  trainError: number | null;
  /** RS training error per sample. */
  rsTrainError: number | null;
  /** Both solves converged. */
  converged: boolean;
}

/** Result of {@link computeOneRsbPhaseDiagramFigure}. */
export interface OneRsbPhaseDiagramFigureData {
  /** Inverse temperature. */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Cells of the grid. */
  cells: OneRsbPhaseCell[];
  /** AT crossings along the width: (bits, alpha, width) with `at = 1`. */
  atLine: { bits: number; alpha: number; width: number }[];
}

/** Where 1RSB breaks replica symmetry, per bit count. */
export interface OneRsbPhaseSummaryRow {
  /** Bits per weight. */
  bits: number;
  /** Cells of the grid. */
  cells: number;
  /** Cells with `x* < 1 − 1e-6`. */
  broken: number;
  /** Of those, cells on the RS-stable side of the AT line (`at < 1`): discontinuous onset. */
  brokenBeforeAt: number;
  /** Cells past the AT line (`at > 1`) where 1RSB stays at `x* = 1`. */
  missed: number;
  /** Smallest x* on the grid. */
  minX: number | null;
  /** Cells whose solve did not converge. */
  nonConverged: number;
}

/** Key numbers. */
export interface OneRsbPhaseDiagramSummary {
  /** Inverse temperature. */
  beta: number;
  /** Label-noise variance. */
  sigma2: number;
  /** One row per bit count. */
  rows: OneRsbPhaseSummaryRow[];
}

/**
 * Solves the grid and the AT line.
 *
 * @throws {RangeError} on bad options; {@link TypeError} on unknown keys.
 * @example
 * ```ts
 * const d = await computeOneRsbPhaseDiagramFigure({
 *   bits: [1], widths: { 1: [0.5, 1.2] }, alphas: [1, 2], atAlphas: [1, 2], workers: 1,
 * });
 * if (d.cells.length !== 4 || d.atLine.length === 0) throw new Error();
 * ```
 */
export async function computeOneRsbPhaseDiagramFigure(
  options: OneRsbPhaseDiagramFigureOptions = {},
): Promise<OneRsbPhaseDiagramFigureData> {
  checkKeys(options, KEYS, "computeOneRsbPhaseDiagramFigure options");
  const bits = checkFigureBits(options.bits ?? [1, 2]);
  const beta = options.beta ?? 10;
  if (!(Number.isFinite(beta) && beta > 0)) {
    throw new RangeError(`beta: expected a finite number > 0, got ${beta}`);
  }
  const sigma2 = options.sigma2 ?? 0.1;
  if (!(Number.isFinite(sigma2) && sigma2 >= 0)) {
    throw new RangeError(`sigma2: expected a finite number >= 0, got ${sigma2}`);
  }
  const defaults: Record<number, number[]> = {
    1: [0.4, 0.6, 0.8, 1, 1.2, 1.5],
    2: [0.8, 1.2, 1.6, 2, 2.4, 3],
  };
  const alphas = [...(options.alphas ?? [0.5, 1, 1.5, 2, 3])];
  const atAlphas = [
    ...(options.atAlphas ?? Array.from({ length: 11 }, (_, i) => 0.5 + 0.25 * i)),
  ];
  const tolerance = options.tolerance ?? 1e-8;
  const cells: OneRsbPhaseCell[] = [];
  const atLine: OneRsbPhaseDiagramFigureData["atLine"] = [];
  for (const [k, b] of bits.entries()) {
    const widths = [...(options.widths?.[b] ?? defaults[b] ?? [])];
    if (widths.length < 2) {
      throw new RangeError(`widths[${b}]: expected at least two widths, got ${widths.length}`);
    }
    const params: ExperimentParams = {
      alpha: alphas[0],
      beta,
      sigma2,
      quantizer: { quantizer: "uniform", bits: b, width: widths[0] },
    };
    const d = await oneRsbPhaseDiagram(params, {
      x: { parameter: "width", values: widths },
      y: { parameter: "alpha", values: alphas },
      workers: options.workers,
      tolerance,
    });
    d.y.values.forEach((alpha, j) => {
      d.x.values.forEach((width, i) => {
        cells.push({
          bits: b,
          width,
          alpha,
          x: d.parisi[j][i],
          at: d.at[j][i],
          deltaFreeEntropy: d.deltaFreeEntropy[j][i],
          trainError: d.trainError[j][i],
          rsTrainError: d.rsTrainError[j][i],
          converged: d.cellConverged[j][i],
        });
      });
    });
    for (const alpha of atAlphas) {
      const t = transitionLines(
        { ...params, alpha },
        { vary: "width", from: widths[0], to: widths[widths.length - 1], samples: 16 },
      );
      for (const c of t.at) if (c.converged) atLine.push({ bits: b, alpha, width: c.value });
    }
    options.onProgress?.(k + 1, bits.length);
  }
  return { beta, sigma2, cells, atLine };
}

/**
 * Counts per bit count (see {@link OneRsbPhaseSummaryRow}).
 *
 * @example
 * ```ts
 * const s = oneRsbPhaseDiagramSummary({ beta: 10, sigma2: 0.1, atLine: [], cells: [
 *   { bits: 1, width: 1, alpha: 1, x: 0.5, at: 0.9, deltaFreeEntropy: -1e-3, trainError: 0.2, rsTrainError: 0.19, converged: true },
 *   { bits: 1, width: 2, alpha: 1, x: 1, at: 1.2, deltaFreeEntropy: 0, trainError: 0.2, rsTrainError: 0.2, converged: true },
 * ] });
 * if (s.rows[0].broken !== 1 || s.rows[0].brokenBeforeAt !== 1 || s.rows[0].missed !== 1) throw new Error();
 * ```
 */
export function oneRsbPhaseDiagramSummary(
  data: OneRsbPhaseDiagramFigureData,
): OneRsbPhaseDiagramSummary {
  const bits = [...new Set(data.cells.map((c) => c.bits))];
  const rows = bits.map((b) => {
    const all = data.cells.filter((c) => c.bits === b);
    const ok = all.filter((c) => c.converged && c.x !== null);
    const broken = ok.filter((c) => c.x! < 1 - 1e-6);
    const xs = ok.map((c) => c.x!);
    return {
      bits: b,
      cells: all.length,
      broken: broken.length,
      brokenBeforeAt: broken.filter((c) => c.at !== null && c.at < 1).length,
      missed: ok.filter((c) => c.x! >= 1 - 1e-6 && c.at !== null && c.at > 1).length,
      minX: xs.length > 0 ? Math.min(...xs) : null,
      nonConverged: all.length - ok.length,
    };
  });
  return { beta: data.beta, sigma2: data.sigma2, rows };
}

/**
 * Heat map of x* over (width, alpha), one panel per bit count, with the AT line.
 *
 * @example
 * ```ts
 * import { compileVegaLite } from "../plot/render.ts";
 * const d = await computeOneRsbPhaseDiagramFigure({
 *   bits: [1], widths: { 1: [0.5, 1.2] }, alphas: [1, 2], atAlphas: [1, 2], workers: 1,
 * });
 * if (compileVegaLite(oneRsbPhaseDiagramSpec(d)).warnings.length) throw new Error();
 * ```
 */
export function oneRsbPhaseDiagramSpec(data: OneRsbPhaseDiagramFigureData): VegaLiteSpec {
  const cells = data.cells.filter((c) => c.converged && c.x !== null).map((c) => ({
    kind: "cell",
    series: bitLabel(c.bits),
    width: c.width,
    alpha: c.alpha,
    x: c.x,
    side: c.at !== null && c.at > 1 ? "AT > 1" : "AT < 1",
  }));
  // every crossing as a dot; the line joins the narrowest crossing at each alpha (the AT
  // condition can be crossed twice along the width, e.g. back to stable at wide grids)
  const narrowest = data.atLine.filter((p) =>
    !data.atLine.some((q) => q.bits === p.bits && q.alpha === p.alpha && q.width < p.width)
  );
  const dots = data.atLine.map((p) => ({
    kind: "dot",
    series: bitLabel(p.bits),
    width: p.width,
    alpha: p.alpha,
  }));
  const line = narrowest.sort((a, b) => a.alpha - b.alpha).map((p) => ({
    kind: "line",
    series: bitLabel(p.bits),
    width: p.width,
    alpha: p.alpha,
  }));
  return widthAlphaMapSpec([...cells, ...line, ...dots], [
    widthAlphaMapLayer("cell", { type: "point", filled: true, size: 300 }, {
      color: {
        field: "x",
        type: "quantitative",
        title: "x*",
        scale: { scheme: "viridis", domain: [0, 1] },
      },
      shape: {
        field: "side",
        type: "nominal",
        title: "RS replicon",
        scale: { domain: ["AT < 1", "AT > 1"], range: ["circle", "square"] },
      },
    }),
    widthAlphaMapLayer("line", { type: "line", color: "black", strokeDash: [4, 3] }, {
      order: { field: "alpha", type: "quantitative" },
    }),
    widthAlphaMapLayer("dot", { type: "point", color: "black", filled: true, size: 18 }),
  ], {
    title: `1RSB phase diagram at β = ${data.beta}, σ² = ${data.sigma2}`,
    subtitle: "colour: thermodynamic x* (1 = RS); black dots: RS replicon = 1 along the width " +
      "(dashed: the narrowest)",
  });
}

/**
 * Flat table of the cells and the AT line.
 *
 * @example
 * ```ts
 * const rows = oneRsbPhaseDiagramTable({ beta: 10, sigma2: 0.1, cells: [], atLine: [{ bits: 1, alpha: 1, width: 0.7 }] });
 * if (rows[0].part !== "at_line") throw new Error();
 * ```
 */
export function oneRsbPhaseDiagramTable(data: OneRsbPhaseDiagramFigureData): FigureTableRow[] {
  return [
    ...data.cells.map((c) => ({ part: "cell", beta: data.beta, sigma2: data.sigma2, ...c })),
    ...data.atLine.map((p) => ({ part: "at_line", beta: data.beta, sigma2: data.sigma2, ...p })),
  ];
}

/**
 * The REPORT.md section.
 *
 * @example
 * ```ts
 * const md = oneRsbPhaseDiagramReport({ beta: 10, sigma2: 0.1, rows: [
 *   { bits: 1, cells: 30, broken: 12, brokenBeforeAt: 1, missed: 0, minX: 0.09, nonConverged: 0 },
 * ] });
 * if (!md.includes("| 1 | 30 | 12 | 1 | 0 | 0.09 | 0 |")) throw new Error(md);
 * ```
 */
export function oneRsbPhaseDiagramReport(s: OneRsbPhaseDiagramSummary): string {
  const before = s.rows.reduce((a, r) => a + r.brokenBeforeAt, 0);
  const missed = s.rows.reduce((a, r) => a + r.missed, 0);
  return [
    `Uniform quantizers, β = ${fmtNumber(s.beta)}, σ² = ${fmtNumber(s.sigma2)}: cells of the ` +
    `(ω, α) grid where the 1RSB solution breaks replica symmetry (x* < 1), against the RS ` +
    `AT line:`,
    "",
    ...markdownTable(
      [
        "bits",
        "cells",
        "x* < 1",
        "of those with AT < 1",
        "AT > 1 but x* = 1",
        "smallest x*",
        "not converged",
      ],
      s.rows.map((r) => [
        `${r.bits}`,
        `${r.cells}`,
        `${r.broken}`,
        `${r.brokenBeforeAt}`,
        `${r.missed}`,
        fmtNumber(r.minX, 2),
        `${r.nonConverged}`,
      ]),
    ),
    "",
    (before > 0
      ? `${before} cell(s) break replica symmetry on the RS-stable side of the AT line: there ` +
        `the transition is discontinuous and the AT line underestimates the RSB region. `
      : "Every cell with x* < 1 lies past the AT line. ") +
    (missed > 0
      ? `${missed} cell(s) past the AT line keep x* = 1 (1RSB found no symmetry-broken solution ` +
        `there).`
      : "Every cell past the AT line has x* < 1: 1RSB agrees with the AT instability."),
  ].join("\n");
}

/**
 * Builds the figure.
 *
 * @example
 * ```ts
 * const f = await buildOneRsbPhaseDiagramFigure({ quick: true, workers: 1 });
 * if (f.id !== "one_rsb_phase_diagram" || f.charts.length !== 1) throw new Error();
 * ```
 */
export async function buildOneRsbPhaseDiagramFigure(
  options: FigureBuildOptions & OneRsbPhaseDiagramFigureOptions = {},
): Promise<FigureResult<OneRsbPhaseDiagramFigureData, OneRsbPhaseDiagramSummary>> {
  const { quick, ...rest } = options;
  const data = await computeOneRsbPhaseDiagramFigure({
    ...(quick ? { bits: [1], widths: { 1: [0.5, 1.2] }, alphas: [1, 2], atAlphas: [1, 2] } : {}),
    ...rest,
  });
  return assembleFigure(
    {
      id: "one_rsb_phase_diagram",
      title: "1RSB phase diagram at finite β",
      finding:
        "Beyond the paper: where the 1RSB solution breaks replica symmetry (x* < 1), next to the " +
        "RS AT line of finding (i).",
    },
    data,
    {
      summary: oneRsbPhaseDiagramSummary,
      charts: (d) => [{ name: "", spec: oneRsbPhaseDiagramSpec(d) }],
      table: oneRsbPhaseDiagramTable,
      report: (_d, summary) => oneRsbPhaseDiagramReport(summary),
    },
  );
}
