/**
 * Helpers shared by the figure modules of `lib/figures/`: the per-point tooltip details of
 * a solution (RS, zero temperature, 1RSB) or of a finite-N measurement over seeds, markdown
 * tables for the report sections, the chart name and label of an inverse temperature, the
 * faceted (width, alpha) maps, the run options of a figure, and the assembly of a
 * {@link FigureResult} from its parts.
 *
 * Tooltip details are plain records handed to the chart builders of `lib/plot/` (`details`
 * on their rows, see `lib/plot/point_details.ts`, which rounds numbers to 4 significant
 * digits); non-finite numbers other than ±Infinity become `null` ("–" in the tooltip).
 *
 * @module
 */
import type { DetailValue, PointDetails } from "../plot/point_details.ts";
import {
  AXIS_TITLES,
  type ChartOptions,
  finishChartSpec,
  type VegaLiteSpec,
} from "../plot/chart_spec.ts";
import { type FigureChart, type FigureResult, type FigureTableRow, fmtNumber } from "./figure.ts";

/** A detail number: NaN (undefined quantity) becomes null, ±Infinity is kept. */
function num(v: number | null | undefined): number | null {
  return v === null || v === undefined || Number.isNaN(v) ? null : v;
}

/**
 * The fields of an RS (or zero-temperature RS) solution that a tooltip shows. Both
 * `solveRs` and `solveZeroTemperature` results fit.
 */
export interface RsLikeSolution {
  /** Teacher–student overlap. */
  readonly m: number;
  /** Overlap of two replicas (posterior-mean norm). */
  readonly q: number;
  /** Self-overlap of a sample. */
  readonly Q: number;
  /** Replicon (de Almeida–Thouless) eigenvalue; RS is locally stable below 1. */
  readonly at: number;
  /** Shannon entropy per weight (RS at finite beta), null where undefined. */
  readonly shannonEntropy?: number | null;
  /** Training error per sample. */
  readonly trainError: number;
  /** Test error of a Gibbs sample. */
  readonly genError: number;
  /** Test error of the posterior mean. */
  readonly meanError: number;
  /** Whether the fixed-point iteration met its tolerance. */
  readonly converged: boolean;
  /** Iterations used. */
  readonly iterations: number;
  /** Zero temperature: the RS ground state exists (D < alpha). */
  readonly valid?: boolean;
}

/**
 * Tooltip details of an RS solution (docs/theory.md §2): m, q, Q, AT (replicon), Shannon
 * entropy (when the solution has one), the three errors, converged, iterations, and `valid`
 * for a zero-temperature solution; `extra` entries come first.
 *
 * @example
 * ```ts
 * import { solveRs } from "../theory/rs.ts";
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const s = solveRs({ alpha: 1, beta: 5, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * const d = rsDetails(s, { alpha: 1 });
 * if (Object.keys(d).join() !== "alpha,m,q,Q,at,shannonEntropy,trainError,genError,meanError,converged,iterations") {
 *   throw new Error(Object.keys(d).join());
 * }
 * if (d.m !== s.m || d.converged !== true) throw new Error();
 * ```
 */
export function rsDetails(
  s: RsLikeSolution,
  extra: Readonly<Record<string, DetailValue>> = {},
): PointDetails {
  return {
    ...extra,
    m: num(s.m),
    q: num(s.q),
    Q: num(s.Q),
    at: num(s.at),
    ...(s.shannonEntropy === undefined ? {} : { shannonEntropy: num(s.shannonEntropy) }),
    trainError: num(s.trainError),
    genError: num(s.genError),
    meanError: num(s.meanError),
    converged: s.converged,
    iterations: s.iterations,
    ...(s.valid === undefined ? {} : { valid: s.valid }),
  };
}

/** The fields of a 1RSB solution that a tooltip shows (a `solveOneRsb` result fits). */
export interface OneRsbLikeSolution {
  /** Parisi parameter (1: the solution is RS). */
  readonly x: number;
  /** Teacher–student overlap. */
  readonly m: number;
  /** Inter-state overlap. */
  readonly q0: number;
  /** Intra-state overlap. */
  readonly q1: number;
  /** Self-overlap of a sample. */
  readonly Q: number;
  /** Shannon entropy per weight, null where undefined. */
  readonly shannonEntropy: number | null;
  /** Training error per sample. */
  readonly trainError: number;
  /** Test error of a Gibbs sample. */
  readonly genError: number;
  /** Test error of the posterior mean. */
  readonly meanError: number;
  /** Whether the solve met its tolerance. */
  readonly converged: boolean;
  /** Iterations used. */
  readonly iterations: number;
}

/**
 * Tooltip details of a 1RSB solution (docs/theory.md §3): x, m, q0, q1, Q, Shannon entropy, the
 * three errors, converged, iterations; `extra` entries come first.
 *
 * @example
 * ```ts
 * const d = oneRsbDetails({ x: 0.6, m: 0.8, q0: 0.7, q1: 0.9, Q: 1, shannonEntropy: NaN, trainError: 0.1,
 *   genError: 0.3, meanError: 0.2, converged: true, iterations: 12 });
 * if (d.x !== 0.6 || d.shannonEntropy !== null || d.iterations !== 12) throw new Error();
 * ```
 */
export function oneRsbDetails(
  s: OneRsbLikeSolution,
  extra: Readonly<Record<string, DetailValue>> = {},
): PointDetails {
  return {
    ...extra,
    x: num(s.x),
    m: num(s.m),
    q0: num(s.q0),
    q1: num(s.q1),
    Q: num(s.Q),
    shannonEntropy: num(s.shannonEntropy),
    trainError: num(s.trainError),
    genError: num(s.genError),
    meanError: num(s.meanError),
    converged: s.converged,
    iterations: s.iterations,
  };
}

/** A finite-N measurement over seeds (a `SeedSummary` of `lib/algorithms/seeds.ts` fits). */
export interface SeedMeasurement {
  /** Number of weights N. */
  readonly n: number;
  /** The seeds. */
  readonly seeds: readonly number[];
  /** One run per seed, each with its own convergence flag. */
  readonly runs: readonly { readonly converged: boolean }[];
  /** How many runs entered the means. */
  readonly averaged: number;
  /** Mean per quantity (null where undefined). */
  readonly mean: Readonly<Record<string, number | null>>;
  /** Standard error per quantity (null with fewer than 2 runs). */
  readonly stderr: Readonly<Record<string, number | null>>;
}

/** "mean ± stderr" with 4 significant digits, "–" for an undefined mean. */
function meanText(mean: number | null, stderr: number | null): string {
  if (mean === null || !Number.isFinite(mean)) return "–";
  const m = mean.toPrecision(4);
  return stderr === null || !Number.isFinite(stderr) ? m : `${m} ± ${stderr.toPrecision(2)}`;
}

/**
 * Tooltip details of a finite-N measurement: N, the seeds, how many runs converged and were
 * averaged, and "mean ± stderr" of each listed quantity (default m, q, Q and the errors).
 *
 * @example
 * ```ts
 * const d = seedDetails({
 *   n: 200, seeds: [1, 2], runs: [{ converged: true }, { converged: false }], averaged: 1,
 *   mean: { m: 0.81234, genError: 0.3 }, stderr: { m: 0.0123, genError: null },
 * }, ["m", "genError"]);
 * if (d.N !== 200 || d.seeds !== "1,2" || d.converged !== "1/2" || d.averaged !== 1) throw new Error();
 * if (d.m !== "0.8123 ± 0.012" || d.genError !== "0.3000") throw new Error(String(d.m));
 * ```
 */
export function seedDetails(
  s: SeedMeasurement,
  fields: readonly string[] = ["m", "q", "Q", "trainError", "genError", "meanError"],
  extra: Readonly<Record<string, DetailValue>> = {},
): PointDetails {
  const out: Record<string, DetailValue> = {
    ...extra,
    N: s.n,
    seeds: s.seeds.join(","),
    converged: `${s.runs.filter((r) => r.converged).length}/${s.runs.length}`,
    averaged: s.averaged,
  };
  for (const f of fields) out[f] = meanText(s.mean[f] ?? null, s.stderr[f] ?? null);
  return out;
}

/**
 * A markdown table: a header row, the alignment row (`"r"` right-aligned `---:`, `"l"` left
 * `---`; default right for every column) and one line per row.
 *
 * @throws {RangeError} if a row or the alignment has another length than the header.
 * @example
 * ```ts
 * const t = markdownTable(["bits", "note"], [["1", "a"], ["2", "b"]], ["r", "l"]);
 * if (t.join("\n") !== "| bits | note |\n| ---: | --- |\n| 1 | a |\n| 2 | b |") throw new Error(t.join("\n"));
 * ```
 */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align?: readonly ("r" | "l")[],
): string[] {
  const a = align ?? header.map(() => "r" as const);
  if (a.length !== header.length) {
    throw new RangeError(`align: expected ${header.length} entries, got ${a.length}`);
  }
  rows.forEach((r, i) => {
    if (r.length !== header.length) {
      throw new RangeError(`rows[${i}]: expected ${header.length} cells, got ${r.length}`);
    }
  });
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(a.map((x) => (x === "r" ? "---:" : "---"))), ...rows.map(line)];
}

/**
 * The chart-name suffix of an inverse temperature: `"beta_inf"` or `"beta_<beta>"`.
 *
 * @example
 * ```ts
 * if (betaChartName(Infinity) !== "beta_inf" || betaChartName(10) !== "beta_10") throw new Error();
 * ```
 */
export function betaChartName(beta: number): string {
  return beta === Infinity ? "beta_inf" : `beta_${beta}`;
}

/**
 * The footnote of a "RS trusted" column at beta = ∞ (where the replicon of a level set
 * diverges, docs/theory.md §2), referenced as "yes†".
 */
export const GROUND_STATE_TRUST_NOTE =
  '† β = ∞: the replicon of a level set diverges there (docs/theory.md §2), so "yes" only says the RS ground state exists (D < α); 1RSB would have to qualify it.';

/**
 * The "RS trusted" cell of a report table: "no", "yes", or "yes†" at beta = ∞ (see
 * {@link GROUND_STATE_TRUST_NOTE}).
 *
 * @example
 * ```ts
 * if (trustCell(true, Infinity) !== "yes†" || trustCell(true, 10) !== "yes" || trustCell(false, 1) !== "no") throw new Error();
 * ```
 */
export function trustCell(trusted: boolean | null, beta: number): string {
  return trusted ? (beta === Infinity ? "yes†" : "yes") : "no";
}

/** The fixed description of a figure (what the registry lists). */
export interface FigureMeta {
  /** File stem in `figures/`. */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  /** The finding, in one sentence. */
  readonly finding: string;
}

/** The derived parts of a figure, each computed from the data (and the summary). */
export interface FigureParts<D, S> {
  /** The key numbers. */
  summary: (data: D) => S;
  /** The charts. */
  charts: (data: D) => FigureChart[];
  /** The flat table. */
  table: (data: D) => FigureTableRow[];
  /** The REPORT.md section. */
  report: (data: D, summary: S) => string;
}

/**
 * Assembles a {@link FigureResult}: the summary, charts, table and report computed from the
 * data by `parts`.
 *
 * @example
 * ```ts
 * const f = assembleFigure({ id: "x", title: "X", finding: "y" }, [1, 2], {
 *   summary: (d) => d.length,
 *   charts: () => [],
 *   table: (d) => d.map((v) => ({ v })),
 *   report: (_d, s) => `${s} points`,
 * });
 * if (f.report !== "2 points" || f.table.length !== 2 || f.summary !== 2) throw new Error();
 * ```
 */
export function assembleFigure<D, S>(
  meta: FigureMeta,
  data: D,
  parts: FigureParts<D, S>,
): FigureResult<D, S> {
  const summary = parts.summary(data);
  return {
    ...meta,
    data,
    summary,
    charts: parts.charts(data),
    table: parts.table(data),
    report: parts.report(data, summary),
  };
}

/**
 * "mean ± stderr" for report prose ({@link fmtNumber}, 3 and 2 significant digits), "n/a" for
 * a missing mean, the mean alone without an error.
 *
 * @example
 * ```ts
 * if (fmtMeanStderr(0.12345, 0.0067) !== "0.123 ± 0.0067" || fmtMeanStderr(null, 1) !== "n/a") throw new Error();
 * ```
 */
export function fmtMeanStderr(mean: number | null, stderr: number | null): string {
  if (mean === null) return "n/a";
  return stderr === null ? fmtNumber(mean) : `${fmtNumber(mean)} ± ${fmtNumber(stderr, 2)}`;
}

/**
 * The fields of a zero-temperature 1RSB solution that a tooltip shows (a
 * `solveOneRsbGroundState` result fits). At beta = ∞ the Parisi parameter x vanishes and
 * `y = lim beta·x` takes its place; `q1 = Q`.
 */
export interface OneRsbGroundStateLikeSolution {
  /** `y = lim beta·x` (the zero-temperature Parisi parameter). */
  readonly y: number;
  /** Teacher–student overlap. */
  readonly m: number;
  /** Inter-state overlap. */
  readonly q0: number;
  /** Intra-state overlap (`= Q` at beta = ∞). */
  readonly q1: number;
  /** Self-overlap of a sample. */
  readonly Q: number;
  /** Complexity (log number of states per weight) at y. */
  readonly complexity: number;
  /** Training error per sample. */
  readonly trainError: number;
  /** Test error of the minimiser. */
  readonly genError: number;
  /** Test error of the average over the states. */
  readonly meanError: number;
  /** The solver's phase label. */
  readonly phase: string;
  /** Whether the solve met its tolerance. */
  readonly converged: boolean;
  /** Iterations used. */
  readonly iterations: number;
}

/**
 * Tooltip details of a zero-temperature 1RSB solution (docs/theory.md §3b): y, m, q0, q1, Q,
 * complexity, the three errors, phase, converged, iterations; `extra` entries come first.
 *
 * @example
 * ```ts
 * const d = oneRsbGroundStateDetails({ y: 2.5, m: 0.8, q0: 0.7, q1: 1, Q: 1, complexity: NaN,
 *   trainError: 0.1, genError: 0.3, meanError: 0.2, phase: "1rsb", converged: true, iterations: 9 });
 * if (d.y !== 2.5 || d.complexity !== null || d.phase !== "1rsb" || d.iterations !== 9) throw new Error();
 * ```
 */
export function oneRsbGroundStateDetails(
  s: OneRsbGroundStateLikeSolution,
  extra: Readonly<Record<string, DetailValue>> = {},
): PointDetails {
  return {
    ...extra,
    y: num(s.y),
    m: num(s.m),
    q0: num(s.q0),
    q1: num(s.q1),
    Q: num(s.Q),
    complexity: num(s.complexity),
    trainError: num(s.trainError),
    genError: num(s.genError),
    meanError: num(s.meanError),
    phase: s.phase,
    converged: s.converged,
    iterations: s.iterations,
  };
}

/** The run options of a figure whose work runs in module workers. */
export interface FigureRunOptions {
  /** Module workers. Default: the machine's cores. */
  workers?: number;
  /** Called with (done, total) as the work proceeds. */
  onProgress?: (done: number, total: number) => void;
}

const MAP_X = { field: "width", type: "quantitative", title: AXIS_TITLES.width };
const MAP_Y = { field: "alpha", type: "quantitative", title: AXIS_TITLES.alpha };

/**
 * One layer of a (width, alpha) map ({@link widthAlphaMapSpec}): the data rows of one `kind`,
 * drawn with `mark`, x = width and y = alpha, then the further `encoding` channels.
 *
 * @example
 * ```ts
 * const l = widthAlphaMapLayer("cell", { type: "point" }, { color: { field: "x" } });
 * if (Object.keys(l.encoding as object).join() !== "x,y,color") throw new Error();
 * ```
 */
export function widthAlphaMapLayer(
  kind: string,
  mark: Readonly<Record<string, unknown>>,
  encoding: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return {
    transform: [{ filter: `datum.kind === '${kind}'` }],
    mark,
    encoding: { x: MAP_X, y: MAP_Y, ...encoding },
  };
}

/**
 * A map over (width, alpha), one panel per `series` (e.g. per bit count, each with its own
 * width axis): the rows (each with `kind`, `series`, `width`, `alpha`) at the top level, as a
 * facet needs, and the layers ({@link widthAlphaMapLayer}) filtering their kind.
 *
 * @example
 * ```ts
 * const spec = widthAlphaMapSpec(
 *   [{ kind: "cell", series: "1 bit", width: 1, alpha: 2 }],
 *   [widthAlphaMapLayer("cell", { type: "point" })],
 *   { title: "t" },
 * );
 * if ((spec.facet as { column: { field: string } }).column.field !== "series") throw new Error();
 * ```
 */
export function widthAlphaMapSpec(
  values: readonly Record<string, unknown>[],
  layers: readonly Record<string, unknown>[],
  options: ChartOptions,
): VegaLiteSpec {
  return finishChartSpec({
    data: { values: [...values] },
    facet: { column: { field: "series", type: "nominal", title: null } },
    spec: { width: 260, height: 220, layer: [...layers] },
    resolve: { scale: { x: "independent" } },
  }, options);
}
