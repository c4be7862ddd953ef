/**
 * typiquant: typical-case (replica) analysis of learning with quantized weights.
 *
 * The root exports what a researcher uses: quantizers and teacher priors, the replica theory
 * (`solve` and the four solvers it dispatches to), finite-size runs (AMP, Monte Carlo, exact
 * enumeration, annealing), experiments (transition lines, phase diagrams, optimal widths,
 * sweeps), Vega-Lite charts and the notebook display helpers (`show*`). Everything else lives
 * in sub-path modules: `@typiquant/typiquant/theory`, `/algorithms`, `/experiments`,
 * `/figures` (the per-figure computations of `deno task reproduce`), `/plot`, `/jupyter`,
 * `/numerics`, `/quantizers`, `/model`, `/parallel`. See docs/api.md.
 *
 * @example
 * ```ts
 * import { solve, uniformQuantizer } from "./mod.ts";
 * const quantizer = uniformQuantizer({ bits: 2, width: 1.2 });
 * const s = solve({ alpha: 2, beta: 10, sigma2: 0.1, quantizer });
 * if (!s.converged) throw new Error("not converged");
 * const ground = solve({ alpha: 2, beta: Infinity, sigma2: 0.1, quantizer });
 * if (!ground.zeroTemperature || !(ground.trainError <= ground.genError)) throw new Error();
 * ```
 * @module
 */

// quantizers: the student's weight space
export {
  continuous,
  type ContinuousWeights,
  type LevelFamily,
  type LevelSet,
  levelSet,
  type LevelSetOptions,
  type Quantizer,
} from "./lib/quantizers/quantizer.ts";
export {
  type BitsWidthOptions,
  midtreadQuantizer,
  uniformQuantizer,
} from "./lib/quantizers/uniform.ts";
export { gaussQuantileQuantizer } from "./lib/quantizers/gauss_quantile.ts";
export {
  lloydMaxOptimalWidth,
  lloydMaxQuantizer,
  type LloydMaxResult,
} from "./lib/quantizers/lloyd_max.ts";
export { type MuLawOptions, muLawQuantizer } from "./lib/quantizers/mu_law.ts";
export { pow2Quantizer } from "./lib/quantizers/pow2.ts";
export { quantize } from "./lib/quantizers/quantize.ts";
export {
  QUANTIZER_NAMES,
  quantizerFromSpec,
  type QuantizerName,
  type QuantizerSpec,
} from "./lib/quantizers/from_spec.ts";

// model: parameters and teacher priors (docs/theory.md §1)
export { type Model, type ModelParams } from "./lib/model/params.ts";
export {
  gaussBernoulliTeacher,
  gaussianTeacher,
  levelsTeacher,
  type Teacher,
  type TeacherComponent,
} from "./lib/model/teacher.ts";

// theory: RS and 1RSB at finite and zero temperature (docs/theory.md §2, §3, §3b)
export {
  type Ansatz,
  type OneRsbGroundStateSolved,
  type OneRsbSolved,
  type RsSolved,
  type Solution,
  solve,
  type SolveOptions,
  type ZeroTemperatureSolved,
} from "./lib/solve.ts";
export { type RsOptions, type RsSolution, type RsState, solveRs } from "./lib/theory/rs.ts";
export {
  interpolationThreshold,
  solveZeroTemperature,
  type ZeroTemperatureOptions,
  type ZeroTemperatureSolution,
} from "./lib/theory/zero_temperature.ts";
export { type OneRsbOptions, type OneRsbSolution, solveOneRsb } from "./lib/theory/one_rsb.ts";
export {
  type FrozenOrderParams,
  type FrozenState,
  type OneRsbGroundState,
  type OneRsbGroundStateOptions,
  solveOneRsbGroundState,
} from "./lib/theory/one_rsb_ground_state.ts";

// algorithms: finite-size runs (docs/theory.md §4)
export {
  type SyntheticData,
  type SyntheticOptions,
  teacherStudentData,
} from "./lib/algorithms/synthetic.ts";
export {
  type AmpOptions,
  type AmpParams,
  type AmpRun,
  ampStateEvolution,
  type AmpStopReason,
  type AmpTraceEntry,
  runAmp,
  type StateEvolutionOptions,
} from "./lib/algorithms/amp.ts";
export {
  type McmcOptions,
  type McmcRun,
  type McmcTraceEntry,
  runMcmc,
} from "./lib/algorithms/mcmc.ts";
export { type ExactGibbs, exactGibbs, type ExactOptions } from "./lib/algorithms/exact.ts";
export {
  type GroundState,
  type GroundStateMeasures,
  type GroundStateParams,
} from "./lib/algorithms/ground_state.ts";
export {
  type EnumerateOptions,
  exactGroundState,
} from "./lib/algorithms/ground_state_enumerate.ts";
export { annealGroundState, type AnnealOptions } from "./lib/algorithms/ground_state_anneal.ts";
export {
  type SphereGroundState,
  sphereGroundState,
  type SphereOptions,
} from "./lib/algorithms/ground_state_sphere.ts";
export {
  runAmpSeeds,
  runMcmcSeeds,
  SEED_FIELDS,
  type SeedField,
  type SeedRunOptions,
  type SeedStatistics,
  seedStatistics,
  type SeedSummary,
} from "./lib/algorithms/seeds.ts";

// experiments
export {
  type EntropyKind,
  type TransitionCrossing,
  type TransitionLines,
  transitionLines,
  type TransitionLinesOptions,
} from "./lib/experiments/transition_lines.ts";
export {
  computePhaseDiagram,
  type PhaseAxis,
  type PhaseAxisGrid,
  phaseDiagramChart,
  type PhaseDiagramChartOptions,
  type PhaseDiagramGridOptions,
  type PhaseDiagramResult,
  type PhaseRowCrossings,
} from "./lib/experiments/phase_diagram.ts";
export {
  type OneRsbPhaseAxis,
  type OneRsbPhaseAxisGrid,
  oneRsbPhaseDiagram,
  type OneRsbPhaseDiagramOptions,
  type OneRsbPhaseDiagramResult,
  type OneRsbPhaseGrids,
} from "./lib/experiments/one_rsb_phase_diagram.ts";
export {
  optimalWidth,
  type OptimalWidthOptions,
  type OptimalWidthResult,
  type WidthObjective,
} from "./lib/experiments/optimal_width.ts";
export {
  compareNonUniform,
  type NonUniformComparison,
  type NonUniformOptions,
  type NonUniformRow,
} from "./lib/experiments/nonuniform.ts";
export {
  type PtqChannel,
  type PtqSimulation,
  ptqSimulation,
  type PtqSimulationOptions,
  type PtqTheory,
  ptqTheory,
  type PtqTheoryOptions,
  type QuantizedLearning,
} from "./lib/experiments/ptq.ts";
export {
  runSweep,
  type SweepGrid,
  type SweepOptions,
  type SweepResult,
  type SweepRow,
  sweepToCsv,
  sweepToJson,
} from "./lib/experiments/sweep.ts";
export {
  type FiniteSizeFit,
  fitFiniteSize,
  GROUND_STATE_FIELDS,
  type GroundStateField,
  type GroundStateMethod,
  type GroundStateSeries,
  groundStateSeries,
  type GroundStateSeriesOptions,
  type GroundStateSeriesPoint,
  type GroundStateStatistics,
  type InverseNFit,
} from "./lib/experiments/ground_state_series.ts";
export {
  exploreChart,
  type ExploreChartOptions,
  type ExploreGrid,
  exploreGrid,
  type ExploreGridOptions,
  type ExplorePoint,
  type ExploreRange,
} from "./lib/experiments/explore_grid.ts";
export {
  firstCrossing,
  type FirstCrossingOptions,
  type TrendVerdict,
  trendVerdict,
  type TrendVerdictOptions,
  type Verdict,
} from "./lib/experiments/hypothesis.ts";

export {
  type ExperimentParams,
  type GridScale,
  VARY_PARAMETERS,
  type VaryParameter,
} from "./lib/experiments/params.ts";
export { type ScanSolverOptions } from "./lib/experiments/rs_scan.ts";
export { type McmcEstimates } from "./lib/algorithms/mcmc_diagnostics.ts";
export { type OneRsbOrderParams, type OneRsbState } from "./lib/theory/one_rsb_equations.ts";
export { type DetailValue, type PointDetails } from "./lib/plot/point_details.ts";
export { type SeriesPoint } from "./lib/plot/series_lines.ts";

// charts (Vega-Lite v5) and rendering
export { AXIS_TITLES, type ChartOptions, type VegaLiteSpec } from "./lib/plot/chart_spec.ts";
export { bitColor } from "./lib/plot/palette.ts";
export {
  type PhaseDiagramData,
  type PhaseDiagramOptions,
  phaseDiagramSpec,
  type PhaseLabel,
  type PhaseLine,
} from "./lib/plot/phase_diagram.ts";
export {
  type ErrorVsWidthOptions,
  type ErrorVsWidthRow,
  errorVsWidthSpec,
  type WidthOptimum,
} from "./lib/plot/error_vs_width.ts";
export {
  type AlphaThreshold,
  type ErrorVsAlphaOptions,
  type ErrorVsAlphaRow,
  errorVsAlphaSpec,
} from "./lib/plot/error_vs_alpha.ts";
export {
  type ExperimentPoint,
  type TheoryPoint,
  type TheoryVsExperimentData,
  type TheoryVsExperimentOptions,
  theoryVsExperimentSpec,
} from "./lib/plot/theory_vs_experiment.ts";
export {
  type ConvergenceRow,
  type ConvergenceTraceOptions,
  convergenceTraceSpec,
} from "./lib/plot/convergence_trace.ts";
export {
  type CompareQuantizersOptions,
  compareQuantizersSpec,
} from "./lib/plot/compare_quantizers.ts";
export {
  renderPng,
  type RenderPngOptions,
  renderSvg,
  saveChart,
  type SaveChartOptions,
  type SavedChart,
} from "./lib/plot/render.ts";

// notebooks: one display vocabulary (show*); results display themselves
export { showChart, showMarkdown, showTable, showValue } from "./lib/jupyter/notebook.ts";
export {
  type DisplayOptions,
  isJupyter,
  type JupyterDisplayOptions,
  type JupyterTarget,
  type TableOptions,
} from "./lib/jupyter/display.ts";
export {
  JUPYTER_DISPLAY,
  type JupyterDisplayable,
  type MimeBundle,
  withDisplay,
} from "./lib/jupyter/with_display.ts";
export {
  type ProgressBar,
  progressBar,
  type ProgressBarOptions,
  type ProgressStream,
} from "./lib/jupyter/progress.ts";

// numerics: the seeded generator every run takes
export { createRng, Rng } from "./lib/numerics/rng.ts";
