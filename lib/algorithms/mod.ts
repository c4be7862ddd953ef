/**
 * Finite-size algorithms: synthetic teacher-student data, AMP with its state evolution
 * (docs/theory.md §4), heat-bath Monte Carlo with annealing or parallel tempering, exact
 * enumeration for tiny N, and runs over seeds in module workers.
 *
 * @example
 * ```ts
 * import { runAmp, teacherStudentData } from "./mod.ts";
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const data = teacherStudentData({ n: 200, alpha: 2, seed: 1 });
 * const run = runAmp(data, { alpha: 2, beta: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * if (!run.converged) throw new Error(run.reason);
 * ```
 * @module
 */
export {
  columnMajorX,
  sampleTeacherWeights,
  type SyntheticData,
  type SyntheticOptions,
  teacherStudentData,
} from "./synthetic.ts";
export { type AmpKernel, type AmpKernelOptions, createAmpKernel } from "./amp_kernel.ts";
export {
  type AmpOptions,
  type AmpParams,
  type AmpRun,
  type AmpSeedTask,
  ampSeedTask,
  ampStateEvolution,
  type AmpStopReason,
  type AmpTraceEntry,
  runAmp,
  type StateEvolutionOptions,
} from "./amp.ts";
export { type LevelSampler, levelSampler } from "./heat_bath.ts";
export {
  gelmanRubin,
  jackknifeError,
  type McmcEstimates,
  type McmcOptions,
  type McmcRun,
  McmcSampler,
  type McmcSeedTask,
  mcmcSeedTask,
  type McmcTraceEntry,
  runMcmc,
} from "./mcmc.ts";
export { type ExactGibbs, exactGibbs, type ExactOptions } from "./exact.ts";
export {
  type GroundState,
  type GroundStateMeasures,
  type GroundStateParams,
  measureConfiguration,
} from "./ground_state.ts";
export {
  checkEnumerationSize,
  DEFAULT_MAX_CONFIGURATIONS,
  type EnumerateOptions,
  exactGroundState,
  exactGroundStateParallel,
  MAX_CONFIGURATIONS_LIMIT,
  type ParallelEnumerateOptions,
} from "./ground_state_enumerate.ts";
export {
  ANNEAL_LIMITS,
  annealGroundState,
  type AnnealOptions,
  greedyDescent,
} from "./ground_state_anneal.ts";
export {
  DEFAULT_MAX_NODES,
  MAX_NODES_LIMIT,
  type SphereGroundState,
  sphereGroundState,
  type SphereOptions,
} from "./ground_state_sphere.ts";
export {
  runAmpSeeds,
  runMcmcSeeds,
  runSeedBatch,
  SEED_FIELDS,
  type SeedBatchJob,
  type SeedField,
  type SeedRunOptions,
  type SeedStatistics,
  seedStatistics,
  type SeedSummary,
} from "./seeds.ts";
