/**
 * Finite-N ground states at beta = ∞ (docs/theory.md §3b, "Finite-N ground truth"): the
 * minimiser `w*` of the training energy `H(w) = ½‖y − Xw‖² + ½·lambda·‖w‖²` over a level set,
 * and the quantities the zero-temperature RS and 1RSB theories predict for it. This module
 * holds what the exact enumeration (`ground_state_enumerate.ts`), the exact sphere decoder
 * (`ground_state_sphere.ts`) and the annealing search (`ground_state_anneal.ts`) share: the parameter check, the measurement of a configuration and
 * the result type with its Jupyter rendering.
 *
 * @module
 */
import { type Model, type ModelParams, resolveModel } from "../model/params.ts";
import type { LevelSet } from "../quantizers/quantizer.ts";
import { checkDataMatchesModel } from "./amp.ts";
import type { SyntheticData } from "./synthetic.ts";
import { algorithmTable, withDisplay } from "./display.ts";

/**
 * Model parameters of a ground-state search: those of {@link ModelParams} with beta implicit
 * (absent or `Infinity`; a finite beta is rejected).
 */
export type GroundStateParams = Omit<ModelParams, "beta"> & { beta?: number };

/** What a configuration measures (docs/theory.md §1). */
export interface GroundStateMeasures {
  /** Training energy per weight `H(w)/N`. */
  energy: number;
  /** `‖y − Xw‖²/M`. */
  trainError: number;
  /**
   * Test error on fresh data, `‖w − w0‖²/N + sigma2`: the exact expectation of
   * `(y − x·w)²` over a fresh `x ~ N(0, I/N)` and fresh label noise.
   */
  genError: number;
  /** `w0·w/N`. */
  m: number;
  /** `w·w/N`. */
  Q: number;
}

/** A ground state (exact) or the best configuration an annealing search found (upper bound). */
export interface GroundState extends GroundStateMeasures {
  /**
   * `"enumerate"`: exact minimiser by meet in the middle; `"sphere"`: exact minimiser by branch
   * and bound (sphere decoding); `"anneal"`: best configuration found.
   */
  method: "enumerate" | "sphere" | "anneal";
  /**
   * `"exact"` for enumeration and a finished sphere decoding, `"upper"` for annealing or a
   * sphere decoding stopped by its node budget (the energy bounds the minimum above).
   */
  bound: "exact" | "upper";
  /** Number of weights N. */
  n: number;
  /** Number of samples M. */
  samples: number;
  /** Realised M/N. */
  alpha: number;
  /** Label-noise variance. */
  sigma2: number;
  /** Weight decay (ridge). */
  lambda: number;
  /** The instance's seed. */
  seed: number;
  /** The sample's teacher norm `‖w0‖²/N`. */
  rhoHat: number;
  /** The configuration `w*` (levels). */
  weights: Float64Array;
  /** K^N, the size of the configuration space. */
  configurations: number;
  /**
   * Configurations evaluated: K^N for enumeration; nodes of the search tree (partial
   * assignments) for sphere decoding; single-weight updates (heat-bath and greedy) for annealing.
   */
  visited: number;
  /**
   * Enumeration and a finished sphere decoding: configurations whose energy is within the tie
   * tolerance of the minimum (1 for a unique ground state). Annealing: null (unknown).
   */
  degeneracy: number | null;
  /** Independent restarts (1 for enumeration). */
  restarts: number;
  /** Restarts whose final energy is within the tie tolerance of the best (enumeration: 1). */
  restartsAgreeing: number;
  /** Final energy per weight of each restart (enumeration: the minimum). */
  restartEnergies: number[];
  /**
   * Enumeration: always true (exact). Sphere decoding: the search finished within its node
   * budget and the energy recomputed from X and y agrees with the triangular form's. Annealing:
   * at least two restarts reached the best energy (necessary, not sufficient, for the ground
   * state), or a single restart was asked for.
   */
  converged: boolean;
  /** Module workers used (1: this thread). */
  workers: number;
  /** Wall-clock time in milliseconds. */
  timeMs: number;
}

/**
 * Validates ground-state parameters: beta absent or Infinity, a level-set quantizer, data of
 * the model's alpha and sigma2. Returns the resolved model (beta = Infinity).
 *
 * @throws {RangeError} on a finite beta or mismatched data; {@link TypeError} for continuous
 *   weights.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const m = resolveGroundStateModel({ alpha: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) });
 * if (m.beta !== Infinity) throw new Error();
 * let threw = false;
 * try { resolveGroundStateModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 1, width: 1 }) }); } catch { threw = true; }
 * if (!threw) throw new Error();
 * ```
 */
export function resolveGroundStateModel(
  params: GroundStateParams,
  data?: SyntheticData,
): Model & { quantizer: LevelSet } {
  if (params?.beta !== undefined && params.beta !== Infinity) {
    throw new RangeError(
      `beta: a ground state is at beta = Infinity (leave beta out), got ${params.beta}`,
    );
  }
  const model = resolveModel({ ...params, beta: Infinity });
  if (model.quantizer.kind !== "levels") {
    throw new TypeError(
      `quantizer: a ground-state search needs a level set, got continuous weights`,
    );
  }
  if (data !== undefined) checkDataMatchesModel(data, model);
  return model as Model & { quantizer: LevelSet };
}

/**
 * Measures a configuration on an instance, from a fresh float64 residual `y − Xw`.
 *
 * @example
 * ```ts
 * import { teacherStudentData } from "./synthetic.ts";
 * const d = teacherStudentData({ n: 5, alpha: 2, seed: 3, precision: "float64" });
 * // the teacher itself (sigma2 = 0): no training error, genError 0, m = Q = rhoHat
 * const s = measureConfiguration(d, d.w0, 0);
 * if (s.trainError > 1e-24 || s.genError > 1e-24 || Math.abs(s.m - d.rhoHat) > 1e-15) throw new Error();
 * ```
 */
export function measureConfiguration(
  data: Pick<SyntheticData, "X" | "y" | "w0" | "n" | "samples" | "sigma2">,
  w: ArrayLike<number>,
  lambda: number,
): GroundStateMeasures {
  const { X, y, w0, n, samples: M } = data;
  let r2 = 0;
  for (let mu = 0; mu < M; mu++) {
    const off = mu * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += X[off + i] * w[i];
    const r = y[mu] - s;
    r2 += r * r;
  }
  let m = 0, Q = 0, d2 = 0;
  for (let i = 0; i < n; i++) {
    m += w0[i] * w[i];
    Q += w[i] * w[i];
    d2 += (w[i] - w0[i]) ** 2;
  }
  return {
    energy: (0.5 * r2 + 0.5 * lambda * Q) / n,
    trainError: r2 / M,
    genError: d2 / n + data.sigma2,
    m: m / n,
    Q: Q / n,
  };
}

/**
 * Attaches the Jupyter table rendering of a ground state (e.g. to one that came back from a
 * worker). Returns the same object.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * import { exactGroundState } from "./ground_state_enumerate.ts";
 * const d = teacherStudentData({ n: 6, alpha: 2, seed: 1 });
 * const g = withGroundStateDisplay(structuredClone(exactGroundState(d, { alpha: 2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) })));
 * const show = (g as unknown as Record<symbol, () => Record<string, string>>)[Symbol.for("Jupyter.display")];
 * if (!show.call(g)["text/plain"].startsWith("Ground state")) throw new Error();
 * ```
 */
export function withGroundStateDisplay(g: GroundState): GroundState {
  return withDisplay(g, (r) =>
    algorithmTable(
      `Ground state by ${
        r.method === "enumerate"
          ? "exact enumeration"
          : r.method === "sphere"
          ? "sphere decoding"
          : "annealing"
      } (N=${r.n}, alpha=${Number(r.alpha.toPrecision(5))}, seed=${r.seed}; ${
        r.bound === "exact" ? "exact" : "upper bound"
      }, ${
        r.method === "enumerate"
          ? `${r.configurations} configurations, degeneracy ${r.degeneracy}`
          : r.method === "sphere"
          ? `${r.visited} nodes, degeneracy ${r.degeneracy}`
          : `${r.restartsAgreeing}/${r.restarts} restarts agree`
      }, ${Math.round(r.timeMs)} ms)`,
      ["quantity", "value"],
      [
        ["train error", r.trainError],
        ["gen error", r.genError],
        ["m", r.m],
        ["Q", r.Q],
        ["energy / N", r.energy],
      ],
    ));
}

/** Builds a {@link GroundState} from a configuration and the search's diagnostics. */
export function groundStateResult(
  data: SyntheticData,
  model: Model & { quantizer: LevelSet },
  weights: Float64Array,
  info:
    & Pick<
      GroundState,
      | "method"
      | "visited"
      | "degeneracy"
      | "restarts"
      | "restartsAgreeing"
      | "restartEnergies"
      | "converged"
      | "workers"
      | "timeMs"
    >
    & { bound?: "exact" | "upper" },
): GroundState {
  const measures = measureConfiguration(data, weights, model.lambda);
  const K = model.quantizer.levels.length;
  return withGroundStateDisplay({
    ...info,
    bound: info.bound ?? (info.method === "anneal" ? "upper" : "exact"),
    n: data.n,
    samples: data.samples,
    alpha: data.samples / data.n,
    sigma2: data.sigma2,
    lambda: model.lambda,
    seed: data.seed,
    rhoHat: data.rhoHat,
    ...measures,
    weights,
    configurations: Math.pow(K, data.n),
  });
}
