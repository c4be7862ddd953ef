/**
 * The Shannon entropy per weight of the RS Gibbs measure over a level set with any base
 * measure pi (docs/theory.md §2 gives it only for uniform pi, as `entropy + log K`).
 *
 * The RS entropy is relative to pi: `s = −KL(P ‖ Π pi)/N = S + <Σ_i log pi(w_i)>/N`, which is
 * never positive, so its zero line means nothing when pi is not uniform; the entropy that must
 * stay >= 0 for a discrete system is the Shannon entropy `S = s − <log pi(w)>`, with `<·>` the
 * single-weight marginal of the Gibbs measure, which in RS is the scalar channel's posterior.
 * Write `Z_t` for the channel's partition function with base measure `pi^(1+t)/C_t`; then
 * `d/dt E[log Z_t] at t = 0 = <log pi(w)> − E_pi[log pi]`, evaluated here by a central
 * difference (`t = ±1e-4`, error ~1e-8) of `channelAverages(...).logZ`. For uniform pi this
 * derivative vanishes and `S = s + log K`.
 *
 * @module
 */
import { levelSet } from "../quantizers/quantizer.ts";
import { channelAverages } from "../theory/scalar_channel.ts";
import { rsConjugates, type RsSolution } from "../theory/rs.ts";

/**
 * The Shannon entropy per weight of an RS solution (see the module doc): `shannonEntropy`
 * when the solver gives it (uniform pi), computed through the scalar channel otherwise; null
 * for continuous weights (a differential entropy has no such bound).
 *
 * @example
 * ```ts
 * import { solveRs } from "../theory/rs.ts";
 * import { levelSet } from "../quantizers/quantizer.ts";
 * // at tiny beta the Gibbs measure is the base measure: S = −Σ pi log pi
 * const pi = [0.1, 0.4, 0.4, 0.1];
 * const s = solveRs({ alpha: 2, beta: 1e-6, quantizer: levelSet([-1, -0.3, 0.3, 1], { pi }) });
 * const h = -pi.reduce((a, p) => a + p * Math.log(p), 0);
 * if (Math.abs(rsShannonEntropy(s)! - h) > 1e-6) throw new Error();
 * ```
 */
export function rsShannonEntropy(s: RsSolution): number | null {
  if (s.shannonEntropy !== null) return s.shannonEntropy;
  const model = s.model;
  const q = model.quantizer;
  if (q.kind !== "levels") return null;
  const conj = rsConjugates(model, s);
  const channel = {
    mhat: conj.mhat,
    quad: conj.mhat + (model.lambda === 0 ? 0 : model.beta * model.lambda),
  };
  let piLogPi = 0;
  for (const lp of q.logPi) piLogPi += Math.exp(lp) * lp;
  const logZ = (t: number): number =>
    channelAverages(
      levelSet(q.levels, { pi: q.logPi.map((lp) => Math.exp((1 + t) * lp)) }),
      model.teacher,
      channel,
      conj.delta,
    ).logZ;
  const h = 1e-4;
  const meanLogPi = (logZ(h) - logZ(-h)) / (2 * h) + piLogPi;
  return s.entropy - meanLogPi;
}
