/**
 * Continuation: the secant predictor that warm-starts the RS solve at the next point of a line
 * of parameter values from the last two solutions (solveRs itself is Anderson-accelerated, so
 * a good start is what is left to gain: ~6 iterations per point on a 64-point row instead of
 * ~13 from a cold start).
 *
 * @module
 */
import type { RsState } from "../theory/rs.ts";

/**
 * Secant predictor for continuation: the state expected at the next point of a line from the
 * last two solutions, `latest + ratio·(latest − previous)` in `(m, q, log V)`, where `ratio`
 * is the next step over the last step (1 on a uniform grid). `V` is extrapolated in log so it
 * stays positive; a non-finite prediction falls back to `latest`.
 *
 * @throws {RangeError} if ratio is not finite.
 * @example
 * ```ts
 * const s = extrapolateRsState({ m: 0.1, q: 0.2, V: 1 }, { m: 0.2, q: 0.3, V: 2 }, 1);
 * if (Math.abs(s.m - 0.3) > 1e-15 || Math.abs(s.V - 4) > 1e-12) throw new Error();
 * ```
 */
export function extrapolateRsState(previous: RsState, latest: RsState, ratio = 1): RsState {
  if (!Number.isFinite(ratio)) {
    throw new RangeError(`ratio: expected a finite number, got ${ratio}`);
  }
  const m = latest.m + ratio * (latest.m - previous.m);
  const q = latest.q + ratio * (latest.q - previous.q);
  const V = Math.exp(Math.log(latest.V) + ratio * (Math.log(latest.V) - Math.log(previous.V)));
  if (!(Number.isFinite(m) && Number.isFinite(q) && V > 0 && Number.isFinite(V))) {
    return { m: latest.m, q: latest.q, V: latest.V };
  }
  return { m, q, V };
}
