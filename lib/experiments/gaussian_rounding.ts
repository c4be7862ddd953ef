/**
 * Exact mean squared error of rounding a Gaussian-channel estimate to a level set, and the
 * MSE-optimal width of a quantizer family for a Gaussian source.
 *
 * Setting: `w0 ~ P0` (a teacher prior, a Gaussian mixture), `r = w0 + sqrt(delta)·z` with
 * `z ~ N(0, 1)`, and the estimate `Q(gain·r)`, Q = nearest-level rounding. Within one mixture
 * component (mean mu, variance v), `(w0, r)` is jointly Gaussian: `r ~ N(mu, s²)`, `s² = v +
 * delta`, `E[w0 | r] = mu + (v/s²)(r − mu)`, `Var(w0 | r) = v·delta/s²`. Rounding is constant
 * on the cells of r between the thresholds `t_j / gain`, so
 *
 *     E[(w0 − l)²·1_cell] = Var(w0|r)·P + E[(mu − l + (v/s²)(r − mu))²·1_cell]
 *
 * is a sum of Gaussian interval moments: `P = Φ(zb) − Φ(za)`,
 * `E[(r − mu)·1] = s·(φ(za) − φ(zb))`, `E[(r − mu)²·1] = s²·(P + za·φ(za) − zb·φ(zb))`.
 * With `delta = 0`, `gain = 1` this is the quantization MSE of the source itself (the
 * distortion of Lloyd 1982 / Max 1960).
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { normalCdf, normalPdf, normalSf } from "../numerics/special.ts";
import { brentMinimize } from "../numerics/roots.ts";
import type { Teacher } from "../model/teacher.ts";
import { gaussianTeacher } from "../model/teacher.ts";
import type { LevelSet, Quantizer } from "../quantizers/quantizer.ts";
import type { QuantizerSpec } from "../quantizers/from_spec.ts";
import { thresholds } from "../quantizers/quantize.ts";
import { parameterGrid, quantizerAtWidth } from "./params.ts";

/** Options for {@link roundingError}. */
export interface RoundingErrorOptions {
  /** Teacher prior of w0. Default Gaussian, rho = 1. */
  teacher?: Teacher;
  /** Noise variance of the channel `r = w0 + sqrt(delta)·z`, >= 0. Default 0. */
  delta?: number;
  /** The estimate is `Q(gain·r)`; gain > 0. Default 1. */
  gain?: number;
}

const ROUNDING_KEYS = ["teacher", "delta", "gain"];

/** Φ(b) − Φ(a) for a <= b, from the accurate side. */
function mass(a: number, b: number): number {
  if (a >= 0) return (a === Infinity ? 0 : normalSf(a)) - (b === Infinity ? 0 : normalSf(b));
  return (b === -Infinity ? 0 : normalCdf(b)) - (a === -Infinity ? 0 : normalCdf(a));
}

function roundingErrorChecks(delta: number, gain: number): void {
  if (!(Number.isFinite(delta) && delta >= 0)) {
    throw new RangeError(`delta: expected a finite number >= 0, got ${delta}`);
  }
  if (!(Number.isFinite(gain) && gain > 0)) {
    throw new RangeError(`gain: expected a finite number > 0, got ${gain}`);
  }
}

const zpdf = (z: number) => (Number.isFinite(z) ? normalPdf(z) : 0);
const zzpdf = (z: number) => (Number.isFinite(z) ? z * normalPdf(z) : 0);

/**
 * `E[(w0 − Q(gain·r))²]` with `r = w0 + sqrt(delta)·z`, Q = nearest-level rounding to `q`,
 * computed exactly as Gaussian interval sums (see the module doc).
 *
 * @throws {RangeError} if delta is not finite and >= 0 or gain not finite and > 0.
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * // 1 bit at width sqrt(2/pi): the Lloyd–Max distortion 1 − 2/pi of N(0, 1)
 * const e = roundingError(uniformQuantizer({ bits: 1, width: Math.sqrt(2 / Math.PI) }));
 * if (Math.abs(e - (1 - 2 / Math.PI)) > 1e-14) throw new Error(String(e));
 * ```
 */
export function roundingError(q: LevelSet, options: RoundingErrorOptions = {}): number {
  checkKeys(options, ROUNDING_KEYS, "roundingError options");
  options ??= {};
  const teacher = options.teacher ?? gaussianTeacher();
  const delta = options.delta ?? 0;
  const gain = options.gain ?? 1;
  roundingErrorChecks(delta, gain);
  if (q === null || typeof q !== "object" || q.kind !== "levels") {
    throw new TypeError(
      `q: expected a LevelSet, got ${String((q as { kind?: string })?.kind ?? q)}`,
    );
  }
  const t = thresholds(q);
  const levels = q.levels;
  let total = 0;
  for (const c of teacher.components) {
    const s2 = c.variance + delta;
    if (!(s2 > 0)) {
      // r = mu exactly: round it
      let j = 0;
      while (j < t.length && t[j] <= gain * c.mean) j++;
      total += c.weight * (c.mean - levels[j]) ** 2;
      continue;
    }
    const s = Math.sqrt(s2);
    const shrink = c.variance / s2;
    const condVar = (c.variance * delta) / s2;
    let sum = 0;
    let za = -Infinity;
    for (let j = 0; j <= t.length; j++) {
      const zb = j < t.length ? (t[j] / gain - c.mean) / s : Infinity;
      if (zb <= za) continue;
      const p = mass(za, zb);
      const e1 = s * (zpdf(za) - zpdf(zb));
      const e2 = s2 * (p + zzpdf(za) - zzpdf(zb));
      const d = c.mean - levels[j];
      sum += condVar * p + d * d * p + 2 * d * shrink * e1 + shrink * shrink * e2;
      za = zb;
    }
    total += c.weight * sum;
  }
  return Math.max(total, 0);
}

/** The result of {@link roundingOptimalWidth} and {@link familyMseOptimalWidth}. */
export interface RoundingOptimalWidth {
  /** The width minimising the rounding error. */
  width: number;
  /** That error, `E[(w0 − Q(gain·r))²]` (the quantization MSE for delta = 0, gain = 1). */
  mse: number;
  /** Brent's minimisation converged and the minimum is interior to the scanned range. */
  converged: boolean;
}

/**
 * The width of a quantizer family (a spec, or a level set rescaled) that minimises
 * {@link roundingError} for the given channel: a log-spaced scan over `[0.05, 12]·s`, with
 * `s = gain·sqrt(rho + delta)` the RMS of the rounded value, then Brent's method around the
 * best grid point.
 *
 * @throws {RangeError} for continuous weights or invalid options.
 * @example
 * ```ts
 * import { roundingError } from "./gaussian_rounding.ts";
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * const best = roundingOptimalWidth({ quantizer: "uniform", bits: 2 }, { delta: 0.2, gain: 0.9 });
 * const at = (w: number) => roundingError(uniformQuantizer({ bits: 2, width: w }), { delta: 0.2, gain: 0.9 });
 * if (!best.converged || !(best.mse <= at(best.width * 1.01) && best.mse <= at(best.width * 0.99))) {
 *   throw new Error();
 * }
 * ```
 */
export function roundingOptimalWidth(
  family: QuantizerSpec | Quantizer,
  options: RoundingErrorOptions = {},
): RoundingOptimalWidth {
  checkKeys(options, ROUNDING_KEYS, "roundingOptimalWidth options");
  options ??= {};
  const teacher = options.teacher ?? gaussianTeacher();
  const delta = options.delta ?? 0;
  const gain = options.gain ?? 1;
  roundingErrorChecks(delta, gain);
  const f = (w: number): number => {
    const q = quantizerAtWidth(family, w);
    if (q.kind !== "levels") throw new RangeError(`quantizer: continuous weights have no width`);
    return roundingError(q, { teacher, delta, gain });
  };
  const scale = gain * Math.sqrt(teacher.rho + delta);
  const grid = parameterGrid(0.05 * scale, 12 * scale, 60, "log");
  const values = grid.map(f);
  let i = 0;
  for (let k = 1; k < values.length; k++) if (values[k] < values[i]) i = k;
  const interior = i > 0 && i < grid.length - 1;
  const lo = grid[Math.max(0, i - 1)], hi = grid[Math.min(grid.length - 1, i + 1)];
  const m = brentMinimize(f, lo, hi, { tolerance: 1e-12 });
  return { width: m.x, mse: m.fx, converged: m.converged && interior };
}

/**
 * The MSE-optimal width of a quantizer family for a N(0, rho) source: the width minimising
 * `E[(X − Q_width(X))²]` ({@link roundingOptimalWidth} with delta = 0, gain = 1). For the
 * Lloyd–Max family this is the Lloyd–Max outermost level (`lloydMaxOptimalWidth(bits)·sqrt(rho)`).
 *
 * @throws {RangeError} for continuous weights or an invalid spec or rho.
 * @example
 * ```ts
 * // uniform 2 bits: optimal step 0.9957 (Max 1960, table II), i.e. width 1.5 × 0.9957
 * const w = familyMseOptimalWidth({ quantizer: "uniform", bits: 2 });
 * if (!w.converged || Math.abs(w.width - 1.5 * 0.9957) > 2e-4) throw new Error(String(w.width));
 * ```
 */
export function familyMseOptimalWidth(
  family: QuantizerSpec | Quantizer,
  options: { rho?: number } = {},
): RoundingOptimalWidth {
  checkKeys(options, ["rho"], "familyMseOptimalWidth options");
  const rho = options?.rho ?? 1;
  if (!(Number.isFinite(rho) && rho > 0)) {
    throw new RangeError(`rho: expected a finite number > 0, got ${rho}`);
  }
  return roundingOptimalWidth(family, { teacher: gaussianTeacher({ rho }) });
}
