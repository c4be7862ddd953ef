/**
 * Exact Gibbs averages for tiny instances by enumerating all K^N weight configurations (the
 * ground truth for the Monte Carlo sampler). Configurations are visited in odometer order; the
 * residual `y − X·w` is updated for each changed digit (O(M) per change, about one change per
 * configuration), and the Boltzmann sums are accumulated with a running log-sum-exp shift.
 *
 * @module
 */
import { type ModelParams, resolveModel } from "../model/params.ts";
import { checkDataMatchesModel } from "./amp.ts";
import { columnMajorX, type SyntheticData } from "./synthetic.ts";
import { algorithmTable, withDisplay } from "./display.ts";

/** Exact Gibbs averages on one instance. */
export interface ExactGibbs {
  /** Discriminant: exact enumeration. */
  algorithm: "exact";
  /** Number of weights N. */
  n: number;
  /** Number of samples M. */
  samples: number;
  /** Inverse temperature (Infinity: zero temperature). */
  beta: number;
  /** Number of configurations enumerated, K^N. */
  configurations: number;
  /** `log Σ_w Π pi(w_i)·exp(−beta·H(w))`. */
  logZ: number;
  /** `<H>/N`. */
  energy: number;
  /** `<w0·w>/N`. */
  m: number;
  /** `Σ_i <w_i>²/N` (two independent replicas). */
  q: number;
  /** `<w·w>/N`. */
  Q: number;
  /** `<‖y − Xw‖²>/M`. */
  trainError: number;
  /** `rhoHat − 2m + Q + sigma2`. */
  genError: number;
  /** `rhoHat − 2m + q + sigma2`. */
  meanError: number;
  /** Empirical teacher norm `w0·w0/N` of the instance. */
  rhoHat: number;
  /** Posterior means `<w_i>`. */
  marginalMeans: Float64Array;
}

/** Options for {@link exactGibbs}. */
export interface ExactOptions {
  /** Refuse instances with more configurations than this. Default 1e6. */
  maxConfigurations?: number;
}

/**
 * Exact Gibbs averages of the measure `Π pi(w_i)·exp(−beta·H(w))` on one tiny instance.
 *
 * @throws {TypeError} for continuous weights (nothing to enumerate); {@link RangeError} when
 *   K^N exceeds `maxConfigurations`, for infinite beta or mismatched data.
 * @example
 * ```ts
 * import { levelSet } from "../quantizers/quantizer.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 4, alpha: 2, seed: 1, precision: "float64" });
 * const g = exactGibbs(data, { alpha: 2, beta: 1, quantizer: levelSet([-1, 1]) });
 * if (g.configurations !== 16 || g.Q !== 1 || !(g.q <= 1)) throw new Error();
 * ```
 */
export function exactGibbs(
  data: SyntheticData,
  params: ModelParams,
  options: ExactOptions = {},
): ExactGibbs {
  const model = resolveModel(params);
  if (model.quantizer.kind !== "levels") {
    throw new TypeError(
      `quantizer: exact enumeration needs a level set, got continuous weights`,
    );
  }
  if (!Number.isFinite(model.beta)) {
    throw new RangeError(`beta: exact enumeration needs a finite beta > 0, got ${model.beta}`);
  }
  checkDataMatchesModel(data, model);
  const maxConfigurations = options.maxConfigurations ?? 1e6;
  const { levels, logPi } = model.quantizer;
  const K = levels.length;
  const { n, samples: M, w0, rhoHat } = data;
  const configurations = Math.pow(K, n);
  if (!(configurations <= maxConfigurations)) {
    throw new RangeError(
      `n: exact enumeration of K^N = ${K}^${n} configurations exceeds maxConfigurations = ${maxConfigurations}`,
    );
  }
  const { beta, lambda } = model;
  const Xc = columnMajorX(data);
  const digits = new Int32Array(n);
  const res = Float64Array.from(data.y);
  let sumW0W = 0, sumWW = 0, sumLogPi = 0;
  for (let i = 0; i < n; i++) {
    const l = levels[0];
    for (let mu = 0; mu < M; mu++) res[mu] -= l * Xc[i * M + mu];
    sumW0W += w0[i] * l;
    sumWW += l * l;
    sumLogPi += logPi[0];
  }
  let ref = NaN;
  let Z = 0, sE = 0, sM = 0, sQ = 0, sT = 0;
  const sW = new Float64Array(n);
  for (let count = 0;; count++) {
    let r2 = 0;
    for (let mu = 0; mu < M; mu++) r2 += res[mu] * res[mu];
    const H = 0.5 * r2 + 0.5 * lambda * sumWW;
    const lw = sumLogPi - beta * H;
    if (!(lw <= ref + 30)) {
      // new reference: rescale the sums
      const f = Number.isNaN(ref) ? 0 : Math.exp(ref - lw);
      Z *= f;
      sE *= f;
      sM *= f;
      sQ *= f;
      sT *= f;
      for (let i = 0; i < n; i++) sW[i] *= f;
      ref = lw;
    }
    const p = Math.exp(lw - ref);
    Z += p;
    sE += p * H;
    sM += p * sumW0W;
    sQ += p * sumWW;
    sT += p * r2;
    for (let i = 0; i < n; i++) sW[i] += p * levels[digits[i]];
    // next configuration (odometer)
    let i = 0;
    while (i < n && digits[i] === K - 1) {
      change(i, K - 1, 0);
      i++;
    }
    if (i === n) break;
    change(i, digits[i], digits[i] + 1);
  }
  function change(i: number, from: number, to: number): void {
    const lf = levels[from], lt = levels[to];
    const d = lt - lf;
    const off = i * M;
    for (let mu = 0; mu < M; mu++) res[mu] -= d * Xc[off + mu];
    sumW0W += w0[i] * d;
    sumWW += lt * lt - lf * lf;
    sumLogPi += logPi[to] - logPi[from];
    digits[i] = to;
  }
  const marginalMeans = sW.map((s) => s / Z);
  let q = 0;
  for (let i = 0; i < n; i++) q += marginalMeans[i] * marginalMeans[i];
  q /= n;
  const m = sM / Z / n, Q = sQ / Z / n;
  const result: ExactGibbs = {
    algorithm: "exact",
    n,
    samples: M,
    beta,
    configurations,
    logZ: ref + Math.log(Z),
    energy: sE / Z / n,
    m,
    q,
    Q,
    trainError: sT / Z / M,
    genError: rhoHat - 2 * m + Q + data.sigma2,
    meanError: rhoHat - 2 * m + q + data.sigma2,
    rhoHat,
    marginalMeans,
  };
  return withDisplay(result, (r) =>
    algorithmTable(
      `Exact Gibbs averages (N=${r.n}, M=${r.samples}, beta=${r.beta}, ${r.configurations} configurations)`,
      ["quantity", "value"],
      [
        ["m", r.m],
        ["q", r.q],
        ["Q", r.Q],
        ["train error", r.trainError],
        ["gen error (Gibbs)", r.genError],
        ["gen error (mean)", r.meanError],
        ["energy / N", r.energy],
        ["log Z", r.logZ],
      ],
    ));
}
