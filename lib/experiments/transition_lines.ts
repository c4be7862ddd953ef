/**
 * Transition lines along one parameter (docs/theory.md §2 "Stability" and §5 check 3): every
 * crossing of the de Almeida–Thouless line (replicon `at` = 1; J. R. L. de Almeida and D. J.
 * Thouless, J. Phys. A 11, 983 (1978)) and of the zero-entropy line in a range of width,
 * alpha, beta, sigma2 or lambda, the others fixed.
 *
 * Method: solve RS on a grid of the range with warm starts ({@link scanRsLine}), then refine
 * each sign change of `at − 1` (and of the entropy) between neighbouring converged grid points
 * by Brent's method (`brentRoot`), each evaluation a warm-started RS solve. Crossings closer
 * together than the grid spacing, and touching points without a sign change, can be missed:
 * raise `samples`. Grid points whose solve did not converge are listed in `nonConverged` and
 * never used to bracket a crossing.
 *
 * Entropy line: the Shannon entropy per weight of the Gibbs measure over the level set, which
 * must be >= 0 (docs/theory.md §5 check 3): `shannonEntropy` for a uniform base measure, and for a
 * non-uniform base measure pi the same quantity computed through the scalar channel
 * ({@link rsShannonEntropy}; the RS `entropy` is relative to pi, never positive, so its zero
 * line would be meaningless). Continuous weights have no entropy line.
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { brentRoot } from "../numerics/roots.ts";
import type { RsSolution } from "../theory/rs.ts";
import {
  checkParameterValue,
  checkVaryParameter,
  type ExperimentParams,
  type GridScale,
  parameterGrid,
  quantizerAtWidth,
  type VaryParameter,
} from "./params.ts";
import {
  SCAN_SOLVER_KEYS,
  scanRsLine,
  type ScanSolverOptions,
  scanSolverOptions,
  solveRsAt,
} from "./rs_scan.ts";
import { rsShannonEntropy } from "./shannon_entropy.ts";

/** The entropy of a zero-entropy line: "shannon" for level sets, null for continuous weights. */
export type EntropyKind = "shannon" | null;

/** Options for {@link transitionLines}. */
export interface TransitionLinesOptions extends ScanSolverOptions {
  /** The parameter to vary. */
  vary: VaryParameter;
  /** Start of the range (a valid value of `vary`). */
  from: number;
  /** End of the range, > from. */
  to: number;
  /** Grid points of the scan, an integer >= 2. Default 48. */
  samples?: number;
  /** Grid spacing. Default "linear" ("log" suits beta). */
  scale?: GridScale;
  /**
   * Absolute tolerance of the refined crossing positions (Brent's bracket width). Default
   * 1e-10. Not `tolerance`: that one is the RS solver's (from {@link ScanSolverOptions}).
   */
  rootTolerance?: number;
}

/** One crossing of a transition line. */
export interface TransitionCrossing {
  /** Value of the varied parameter at the crossing. */
  value: number;
  /** "increasing" if the quantity (`at` or the entropy) grows with the parameter there. */
  direction: "increasing" | "decreasing";
  /** The grid interval that bracketed it. */
  bracket: [number, number];
  /** Replicon at the crossing. */
  at: number;
  /** Shannon entropy per weight there (any base measure; null for continuous weights). */
  shannonEntropy: number | null;
  /** Entropy relative to the base measure there. */
  entropy: number;
  /** Root finder and RS solve at the crossing both converged. */
  converged: boolean;
  /** Brent's method converged (bracket below rootTolerance). */
  rootConverged: boolean;
  /** The RS solve at the crossing converged. */
  solverConverged: boolean;
  /** Brent iterations. */
  rootIterations: number;
  /** RS iterations of the final solve. */
  iterations: number;
  /** RS residual of the final solve. */
  residual: number;
}

/** The result of {@link transitionLines}. */
export interface TransitionLines {
  /** The parameter varied along the line. */
  vary: VaryParameter;
  /** First value of the scanned range. */
  from: number;
  /** Last value of the scanned range. */
  to: number;
  /** Spacing of the scan grid. */
  scale: GridScale;
  /** Crossings of `at = 1`, ascending. */
  at: TransitionCrossing[];
  /** Crossings of zero entropy, ascending (empty for continuous weights). */
  entropy: TransitionCrossing[];
  /** Which entropy the zero-entropy line uses. */
  entropyKind: EntropyKind;
  /** The grid scan: values, replicon and entropy (null where not converged), flags. */
  scan: {
    values: number[];
    at: (number | null)[];
    entropy: (number | null)[];
    converged: boolean[];
  };
  /** Grid values whose RS solve did not converge (not used to bracket crossings). */
  nonConverged: number[];
  /** Every grid solve and every crossing converged. */
  converged: boolean;
}

/**
 * The entropy kind of a model point's quantizer: "shannon" for a level set, null for
 * continuous weights (no zero-entropy line).
 *
 * @example
 * ```ts
 * if (entropyKindOf({ alpha: 1, beta: 1, quantizer: { quantizer: "continuous" } }) !== null) throw new Error();
 * ```
 */
export function entropyKindOf(params: ExperimentParams): EntropyKind {
  const q = quantizerAtWidth(params.quantizer);
  return q.kind === "continuous" ? null : "shannon";
}

function checkLineOptions(params: ExperimentParams, options: TransitionLinesOptions): void {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`options: expected { vary, from, to, … }, got ${String(options)}`);
  }
  const vary = checkVaryParameter(options.vary);
  checkParameterValue(vary, options.from);
  checkParameterValue(vary, options.to);
  if (!(options.to > options.from)) {
    throw new RangeError(`to: expected a number > from = ${options.from}, got ${options.to}`);
  }
  if (vary !== "beta" && !Number.isFinite(params.beta)) {
    throw new RangeError(
      `beta: transition lines need a finite beta (the replicon of a level set diverges at beta = Infinity), got ${params.beta}`,
    );
  }
  const rootTolerance = options.rootTolerance ?? 1e-10;
  if (!(Number.isFinite(rootTolerance) && rootTolerance > 0)) {
    throw new RangeError(`rootTolerance: expected a finite number > 0, got ${rootTolerance}`);
  }
}

/**
 * All crossings of the AT line (`at = 1`) and of the zero-entropy line when one parameter
 * varies over `[from, to]` (see the module doc for the method and the entropy used).
 *
 * @throws {RangeError} on an unknown `vary`, an invalid or empty range, bad `samples`, an
 *   invalid model, or beta = Infinity (unless beta is the varied parameter).
 * @example
 * ```ts
 * const p = { alpha: 2, beta: 10, sigma2: 0.1, quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 } };
 * const t = transitionLines(p, { vary: "width", from: 0.5, to: 3, samples: 16 });
 * if (t.at.length !== 1 || !t.at[0].converged || Math.abs(t.at[0].at - 1) > 1e-6) throw new Error();
 * if (t.at[0].direction !== "increasing" || t.entropyKind !== "shannon") throw new Error();
 * ```
 */
export function transitionLines(
  params: ExperimentParams,
  options: TransitionLinesOptions,
): TransitionLines {
  checkKeys(
    options,
    [...SCAN_SOLVER_KEYS, "vary", "from", "to", "samples", "scale", "rootTolerance"],
    "transitionLines options",
  );
  checkLineOptions(params, options);
  const solver = scanSolverOptions(options);
  const { vary, from, to } = options;
  const scale = options.scale ?? "linear";
  const samples = options.samples ?? 48;
  const rootTolerance = options.rootTolerance ?? 1e-10;
  const values = parameterGrid(from, to, samples, scale, vary);
  const kind = entropyKindOf(params);
  const sols = scanRsLine(params, vary, values, solver);
  const atValues = sols.map((s) => (s.converged && Number.isFinite(s.at) ? s.at : null));
  const entValues = sols.map((s) => {
    const e = kind === null ? null : rsShannonEntropy(s);
    return s.converged && e !== null && Number.isFinite(e) ? e : null;
  });
  const nonConverged = values.filter((_, i) => !sols[i].converged);

  const refine = (
    quantity: (s: RsSolution) => number | null,
    grid: (number | null)[],
  ): TransitionCrossing[] => {
    const out: TransitionCrossing[] = [];
    for (let i = 0; i + 1 < values.length; i++) {
      const fa = grid[i], fb = grid[i + 1];
      if (fa === null || fb === null) continue;
      if ((fa >= 0) === (fb >= 0)) continue;
      // warm start each evaluation from the most recent converged solve
      let near: RsSolution = sols[i];
      let lastSolve: RsSolution = sols[i];
      const f = (x: number): number => {
        const s = solveRsAt(params, vary, x, { ...solver, start: near });
        lastSolve = s;
        const v = quantity(s);
        if (!s.converged || v === null || !Number.isFinite(v)) return NaN;
        near = s;
        return v;
      };
      const root = brentRoot(f, values[i], values[i + 1], { tolerance: rootTolerance });
      let s = lastSolve;
      if (s.model === undefined || experimentValue(s, vary) !== root.x) {
        s = solveRsAt(params, vary, root.x, { ...solver, start: near });
      }
      out.push({
        value: root.x,
        direction: fb > fa ? "increasing" : "decreasing",
        bracket: [values[i], values[i + 1]],
        at: s.at,
        shannonEntropy: rsShannonEntropy(s),
        entropy: s.entropy,
        converged: root.converged && s.converged,
        rootConverged: root.converged,
        solverConverged: s.converged,
        rootIterations: root.iterations,
        iterations: s.iterations,
        residual: s.residual,
      });
    }
    return out;
  };
  const at = refine((s) => s.at - 1, atValues.map((a) => (a === null ? null : a - 1)));
  const entropy = kind === null ? [] : refine(rsShannonEntropy, entValues);
  return {
    vary,
    from,
    to,
    scale,
    at,
    entropy,
    entropyKind: kind,
    scan: { values, at: atValues, entropy: entValues, converged: sols.map((s) => s.converged) },
    nonConverged,
    converged: nonConverged.length === 0 && at.every((c) => c.converged) &&
      entropy.every((c) => c.converged),
  };
}

/** The value of the varied parameter in a solution's model. */
function experimentValue(s: RsSolution, vary: VaryParameter): number {
  const m = s.model;
  switch (vary) {
    case "width":
      return m.quantizer.kind === "levels" ? m.quantizer.width : NaN;
    case "alpha":
      return m.alpha;
    case "beta":
      return m.beta;
    case "sigma2":
      return m.sigma2;
    case "lambda":
      return m.lambda;
  }
}
