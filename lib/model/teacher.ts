/**
 * Teacher priors `P0` for the teacher weights `w0`. Every prior is represented as a mixture of
 * Gaussians (atoms are components of zero variance), which is what the scalar channel needs:
 * within one component `(w0, r = w0 + sqrt(Delta) z)` is jointly Gaussian, so every
 * expectation of docs/theory.md §2 is a one-dimensional integral over `r`.
 *
 * @module
 */
import { checkKeys } from "./options.ts";

/** One component of a teacher prior: weight, mean and variance of `w0`. */
export interface TeacherComponent {
  /** Mixture weight of the component. */
  readonly weight: number;
  /** Mean of the component. */
  readonly mean: number;
  /** Variance of the component (0: a point mass). */
  readonly variance: number;
}

/** A teacher prior: its name, parameters, second moment `rho` and mixture components. */
export interface Teacher {
  /** Which prior family. */
  readonly kind: "gaussian" | "levels" | "gauss-bernoulli";
  /** Second moment `E[w0^2]`. */
  readonly rho: number;
  /** Mixture representation; weights sum to 1. */
  readonly components: readonly TeacherComponent[];
  /** Gauss-Bernoulli: fraction of non-zero weights. */
  readonly density?: number;
  /** Levels teacher: the support. */
  readonly levels?: Float64Array;
}

function checkPositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name}: expected a finite number > 0, got ${value}`);
  }
}

/**
 * Gaussian teacher `w0 ~ N(0, rho)` (the default, rho = 1).
 *
 * @throws {RangeError} if rho is not finite and > 0.
 * @example
 * ```ts
 * const t = gaussianTeacher({ rho: 2 });
 * if (t.rho !== 2 || t.components[0].variance !== 2) throw new Error();
 * ```
 */
export function gaussianTeacher(options: { rho?: number } = {}): Teacher {
  checkKeys(options, ["rho"], "gaussianTeacher options");
  const rho = options?.rho ?? 1;
  checkPositive("rho", rho);
  return freezeTeacher({
    kind: "gaussian",
    rho,
    components: [{ weight: 1, mean: 0, variance: rho }],
  });
}

/**
 * Teacher uniform over a level set (optionally with weights): the Bayes-optimal /
 * Nishimori setting when it equals the student's quantizer.
 *
 * @throws {RangeError} on empty, non-finite levels or non-positive weights.
 * @example
 * ```ts
 * const t = levelsTeacher([-1, 1]);
 * if (t.rho !== 1 || t.components.length !== 2) throw new Error();
 * ```
 */
export function levelsTeacher(
  levels: ArrayLike<number>,
  options: { weights?: ArrayLike<number> } = {},
): Teacher {
  if (!Array.isArray(levels) && !(ArrayBuffer.isView(levels) && !(levels instanceof DataView))) {
    throw new TypeError(`levels: expected an array of numbers, got ${String(levels)}`);
  }
  checkKeys(options, ["weights"], "levelsTeacher options");
  const k = levels.length;
  if (k < 1) throw new RangeError(`levels: expected at least 1 level, got ${k}`);
  const w = options?.weights;
  if (w !== undefined && w.length !== k) {
    throw new RangeError(`weights: expected ${k} weights (one per level), got ${w.length}`);
  }
  let total = 0;
  for (let i = 0; i < k; i++) {
    if (typeof levels[i] !== "number" || !Number.isFinite(levels[i])) {
      throw new RangeError(`levels[${i}]: expected a finite number, got ${levels[i]}`);
    }
    const p = w === undefined ? 1 : w[i];
    checkPositive(`weights[${i}]`, p);
    total += p;
  }
  const components: TeacherComponent[] = [];
  let rho = 0;
  for (let i = 0; i < k; i++) {
    const weight = (w === undefined ? 1 : w[i]) / total;
    components.push({ weight, mean: levels[i], variance: 0 });
    rho += weight * levels[i] * levels[i];
  }
  if (!(rho > 0)) throw new RangeError(`levels: the teacher's second moment must be > 0, got 0`);
  return freezeTeacher({ kind: "levels", rho, components, levels: Float64Array.from(levels) });
}

/**
 * Gauss-Bernoulli teacher: `w0 = 0` with probability `1 - density`, else `N(0, rho/density)`,
 * so that `E[w0^2] = rho`.
 *
 * @throws {RangeError} if rho is not > 0 or density is not in (0, 1].
 * @example
 * ```ts
 * const t = gaussBernoulliTeacher({ rho: 1, density: 0.25 });
 * if (t.components[1].variance !== 4) throw new Error();
 * ```
 */
export function gaussBernoulliTeacher(options: { rho?: number; density?: number } = {}): Teacher {
  checkKeys(options, ["rho", "density"], "gaussBernoulliTeacher options");
  const rho = options?.rho ?? 1;
  const density = options?.density ?? 0.5;
  checkPositive("rho", rho);
  if (!(density > 0 && density <= 1)) {
    throw new RangeError(`density: expected a number in (0, 1], got ${density}`);
  }
  const components: TeacherComponent[] = density === 1 ? [{ weight: 1, mean: 0, variance: rho }] : [
    { weight: 1 - density, mean: 0, variance: 0 },
    { weight: density, mean: 0, variance: rho / density },
  ];
  return freezeTeacher({ kind: "gauss-bernoulli", rho, density, components });
}

/** Freezes a teacher and its components (the `levels` copy is private; see quantizer.ts). */
function freezeTeacher(t: Teacher): Teacher {
  for (const c of t.components) Object.freeze(c);
  Object.freeze(t.components);
  return Object.freeze(t);
}
