/**
 * The figures `deno task reproduce` regenerates, in report order. Each entry loads its
 * module on demand, so one figure's heavy dependencies are only imported when it runs.
 *
 * @module
 */
import type { FigureBuildOptions, FigureResult } from "./figure.ts";

/** One figure of the reproduction. */
export interface FigureEntry {
  /** File stem in `figures/`. */
  readonly id: string;
  /** Human title. */
  readonly title: string;
  /** Builds the figure. */
  readonly build: (options: FigureBuildOptions) => Promise<FigureResult>;
}

/**
 * Every figure, in the order of `REPORT.md`.
 *
 * @example
 * ```ts
 * const ids = FIGURE_REGISTRY.map((f) => f.id);
 * if (!ids.includes("double_descent") || new Set(ids).size !== ids.length) throw new Error();
 * ```
 */
export const FIGURE_REGISTRY: readonly FigureEntry[] = Object.freeze([
  {
    id: "rs_checks",
    title: "Checks of the RS theory",
    build: async (o: FigureBuildOptions) => (await import("./rs_checks.ts")).buildRsChecksFigure(o),
  },
  {
    id: "phase_diagram",
    title: "Phase diagram: the unstable (RSB) phase",
    build: async (o: FigureBuildOptions) =>
      await (await import("./phase_diagram.ts")).buildPhaseDiagramFigure(o),
  },
  {
    id: "optimal_width",
    title: "The optimal quantization width",
    build: async (o: FigureBuildOptions) =>
      (await import("./optimal_width.ts")).buildOptimalWidthFigure(o),
  },
  {
    id: "double_descent",
    title: "Double descent and the interpolation threshold",
    build: async (o: FigureBuildOptions) =>
      (await import("./double_descent.ts")).buildDoubleDescentFigure(o),
  },
  {
    id: "nonuniform",
    title: "Non-uniform against uniform quantization",
    build: async (o: FigureBuildOptions) =>
      (await import("./nonuniform.ts")).buildNonUniformFigure(o),
  },
  {
    id: "amp_validation",
    title: "AMP and Monte Carlo against the theory",
    build: async (o: FigureBuildOptions) =>
      await (await import("./amp_validation.ts")).buildAmpValidationFigure(o),
  },
  {
    id: "one_rsb",
    title: "Beyond RS: 1RSB in the unstable phase",
    build: async (o: FigureBuildOptions) =>
      await (await import("./rsb_comparison.ts")).buildRsbComparisonFigure(o),
  },
  {
    id: "ground_state",
    title: "The ground state beyond RS (β = ∞)",
    build: async (o: FigureBuildOptions) =>
      await (await import("./ground_state.ts")).buildGroundStateFigure(o),
  },
  {
    id: "one_rsb_phase_diagram",
    title: "1RSB phase diagram at finite β",
    build: async (o: FigureBuildOptions) =>
      await (await import("./one_rsb_phase_diagram.ts")).buildOneRsbPhaseDiagramFigure(o),
  },
  {
    id: "post_training",
    title: "Post-training quantization against learning on the grid",
    build: async (o: FigureBuildOptions) =>
      (await import("./post_training.ts")).buildPostTrainingFigure(o),
  },
]);

/**
 * The figures whose ids are listed (all when `ids` is undefined or empty), in report order.
 *
 * @throws {RangeError} naming an unknown id.
 * @example
 * ```ts
 * if (selectFigures(["double_descent"]).length !== 1) throw new Error();
 * ```
 */
export function selectFigures(ids?: readonly string[]): FigureEntry[] {
  if (ids === undefined || ids.length === 0) return [...FIGURE_REGISTRY];
  const known = FIGURE_REGISTRY.map((f) => f.id);
  for (const id of ids) {
    if (!known.includes(id)) {
      throw new RangeError(`only: unknown figure ${JSON.stringify(id)}; one of ${known.join("|")}`);
    }
  }
  return FIGURE_REGISTRY.filter((f) => ids.includes(f.id));
}
