/**
 * Synthetic teacher-student data (docs/theory.md §1): `X` (M x N, entries N(0, 1/N)), a teacher
 * `w0` drawn from the teacher prior's Gaussian-mixture components, labels
 * `y = X·w0 + sqrt(sigma2)·xi`. Seeded with xoshiro256** (`createRng`), so a seed gives the
 * same numbers on every machine. The teacher, the matrix and the label noise come from three
 * split streams of the seed, so changing `sigma2` keeps `X` and `w0`, and changing the teacher
 * keeps `X`.
 *
 * @module
 */
import { createRng, type Rng } from "../numerics/rng.ts";
import { gaussianTeacher, type Teacher } from "../model/teacher.ts";
import { type ModelParams, resolveModel } from "../model/params.ts";

/** One teacher-student instance. */
export interface SyntheticData {
  /** Number of weights N. */
  n: number;
  /** Number of samples M = round(alpha·N). */
  samples: number;
  /** The realised ratio M/N. */
  alpha: number;
  /** Label-noise variance. */
  sigma2: number;
  /** The seed the instance was drawn from. */
  seed: number;
  /** X, row-major (row mu is `X[mu·N .. mu·N + N)`), entries N(0, 1/N). */
  X: Float32Array | Float64Array;
  /** Teacher weights w0. */
  w0: Float64Array;
  /** Labels y = X·w0 + sqrt(sigma2)·xi (computed in float64 from the stored X). */
  y: Float64Array;
  /** The sample's own teacher norm `|w0|²/N` (errors are measured with it). */
  rhoHat: number;
}

/** Options for {@link teacherStudentData}. */
export interface SyntheticOptions {
  /** Number of weights N, an integer >= 1. */
  n: number;
  /** Samples per weight alpha > 0; M = max(1, round(alpha·N)). */
  alpha: number;
  /** Label-noise variance >= 0. Default 0. */
  sigma2?: number;
  /** Teacher prior. Default Gaussian with rho = 1. */
  teacher?: Teacher;
  /** Seed, an integer in [0, 2^53 − 1]. */
  seed: number;
  /** Store X as Float32Array (half the memory traffic; default) or Float64Array. */
  precision?: "float32" | "float64";
}

/**
 * Draws `n` teacher weights from the prior's mixture components.
 *
 * @example
 * ```ts
 * import { createRng } from "../numerics/rng.ts";
 * import { levelsTeacher } from "../model/teacher.ts";
 * const w = sampleTeacherWeights(levelsTeacher([-1, 1]), 100, createRng(1));
 * if (!w.every((v) => v === 1 || v === -1)) throw new Error();
 * ```
 */
export function sampleTeacherWeights(teacher: Teacher, n: number, rng: Rng): Float64Array {
  const comps = teacher.components;
  const cum = new Float64Array(comps.length);
  let s = 0;
  for (let k = 0; k < comps.length; k++) cum[k] = s += comps[k].weight;
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let k = 0;
    if (comps.length > 1) {
      const u = rng.uniform() * s;
      while (k < comps.length - 1 && u >= cum[k]) k++;
    }
    const c = comps[k];
    w[i] = c.variance > 0 ? c.mean + Math.sqrt(c.variance) * rng.normal() : c.mean;
  }
  return w;
}

/**
 * Generates one teacher-student instance (docs/theory.md §1).
 *
 * @throws {RangeError} on a bad size, alpha, sigma2, seed or precision; {@link TypeError} on a
 *   bad teacher.
 * @example
 * ```ts
 * const d = teacherStudentData({ n: 200, alpha: 2, sigma2: 0.1, seed: 7 });
 * const e = teacherStudentData({ n: 200, alpha: 2, sigma2: 0.1, seed: 7 });
 * if (d.samples !== 400 || d.X.length !== 400 * 200 || d.y[3] !== e.y[3]) throw new Error();
 * ```
 */
export function teacherStudentData(options: SyntheticOptions): SyntheticData {
  const { n, alpha, seed } = options;
  const sigma2 = options.sigma2 ?? 0;
  const precision = options.precision ?? "float32";
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`n: expected an integer >= 1, got ${n}`);
  }
  if (!(Number.isFinite(alpha) && alpha > 0)) {
    throw new RangeError(`alpha: expected a finite number > 0, got ${alpha}`);
  }
  if (!(Number.isFinite(sigma2) && sigma2 >= 0)) {
    throw new RangeError(`sigma2: expected a finite number >= 0, got ${sigma2}`);
  }
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new RangeError(`seed: expected an integer in [0, 2^53 - 1], got ${seed}`);
  }
  if (precision !== "float32" && precision !== "float64") {
    throw new RangeError(`precision: expected "float32" or "float64", got ${String(precision)}`);
  }
  const teacher = options.teacher ?? gaussianTeacher();
  if (!Array.isArray(teacher?.components) || !(teacher.rho > 0)) {
    throw new TypeError(`teacher: expected a Teacher (see teacher.ts), got ${String(teacher)}`);
  }
  const samples = Math.max(1, Math.round(alpha * n));
  if (samples * n > 2 ** 31) {
    throw new RangeError(`n: M·N = ${samples * n} entries exceed the supported 2^31, got n = ${n}`);
  }
  const root = createRng(seed);
  const rngTeacher = root.split();
  const rngX = root.split();
  const rngNoise = root.split();
  const w0 = sampleTeacherWeights(teacher, n, rngTeacher);
  const X = precision === "float32" ? new Float32Array(samples * n) : new Float64Array(samples * n);
  rngX.fillNormal(X, 1 / Math.sqrt(n));
  const y = new Float64Array(samples);
  const noise = Math.sqrt(sigma2);
  for (let mu = 0; mu < samples; mu++) {
    const off = mu * n;
    let s0 = 0, s1 = 0;
    let i = 0;
    for (; i + 1 < n; i += 2) {
      s0 += X[off + i] * w0[i];
      s1 += X[off + i + 1] * w0[i + 1];
    }
    if (i < n) s0 += X[off + i] * w0[i];
    y[mu] = s0 + s1;
  }
  if (noise > 0) { for (let mu = 0; mu < samples; mu++) y[mu] += noise * rngNoise.normal(); }
  let r = 0;
  for (let i = 0; i < n; i++) r += w0[i] * w0[i];
  return { n, samples, alpha: samples / n, sigma2, seed, X, w0, y, rhoHat: r / n };
}

/**
 * X in column-major order as Float64Array (column i is `out[i·M .. i·M + M)`), as the Monte
 * Carlo sampler needs for O(M) single-weight updates.
 *
 * @example
 * ```ts
 * const d = teacherStudentData({ n: 3, alpha: 1, seed: 1, precision: "float64" });
 * const c = columnMajorX(d);
 * if (c[1 * 3 + 2] !== d.X[2 * 3 + 1]) throw new Error(); // X[mu=2, i=1]
 * ```
 */
export function columnMajorX(data: Pick<SyntheticData, "X" | "n" | "samples">): Float64Array {
  const { X, n, samples } = data;
  const out = new Float64Array(n * samples);
  for (let mu = 0; mu < samples; mu++) {
    const off = mu * n;
    for (let i = 0; i < n; i++) out[i * samples + mu] = X[off + i];
  }
  return out;
}

/**
 * The synthetic instance of one seed for a model: N = n weights, M = alpha·N samples, the
 * model's teacher and label noise (the common first step of the per-seed AMP and Monte Carlo
 * tasks).
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const d = seedInstance({ alpha: 1.5, beta: 1, sigma2: 0.2, quantizer: uniformQuantizer({ bits: 1, width: 1 }) }, 100, 7);
 * if (d.samples !== 150 || d.n !== 100) throw new Error();
 * ```
 */
export function seedInstance(
  params: ModelParams,
  n: number,
  seed: number,
  precision?: "float32" | "float64",
): SyntheticData {
  const model = resolveModel(params);
  return teacherStudentData({
    n,
    alpha: model.alpha,
    sigma2: model.sigma2,
    teacher: model.teacher,
    seed,
    precision,
  });
}
