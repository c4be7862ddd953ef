/**
 * Verdicts for the "test your own hypothesis" template (notebooks/07_beyond.ipynb): where a
 * curve first crosses a level on a grid, and whether a quantity moves in the predicted
 * direction as a parameter grows — "supported", "not supported", or "inconclusive" with the
 * reason (a level without a value, or a change no larger than the resolution).
 *
 * @module
 */
import { checkKeys } from "../model/options.ts";
import { withDisplay } from "../jupyter/with_display.ts";

/** The three answers of {@link trendVerdict}. */
export type Verdict = "supported" | "not supported" | "inconclusive";

/** Options of {@link firstCrossing}. */
export interface FirstCrossingOptions {
  /** Grid, strictly increasing. */
  xs: readonly number[];
  /** Values on the grid (same length); null or NaN where there is none (e.g. no solution). */
  ys: readonly (number | null)[];
  /** The level to cross upwards. */
  level: number;
}

/**
 * The first x where `ys` reaches `level` from below, linearly interpolated between the two grid
 * points around the crossing; `xs[0]` when the first defined value is already ≥ level; null when
 * no defined value reaches it. Missing values (null, NaN) are skipped.
 *
 * @throws {RangeError} if the lengths differ, `xs` is not strictly increasing and finite, or
 *   `level` is not finite.
 * @example
 * ```ts
 * import { firstCrossing } from "./hypothesis.ts";
 * // y = x² crosses 2 between 1 and 2: linear interpolation of (1, 1) and (2, 4) gives 4/3
 * const x = firstCrossing({ xs: [0, 1, 2, 3], ys: [0, 1, 4, 9], level: 2 });
 * if (Math.abs(x! - 4 / 3) > 1e-12) throw new Error(String(x));
 * if (firstCrossing({ xs: [0, 1], ys: [0, 1], level: 5 }) !== null) throw new Error("none");
 * ```
 */
export function firstCrossing(options: FirstCrossingOptions): number | null {
  checkKeys(options, ["xs", "ys", "level"], "firstCrossing options");
  const { xs, ys, level } = options;
  if (xs.length !== ys.length) {
    throw new RangeError(`ys: expected ${xs.length} values (one per x), got ${ys.length}`);
  }
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(xs[i]) || (i > 0 && !(xs[i] > xs[i - 1]))) {
      throw new RangeError(
        `xs: expected finite, strictly increasing values, got xs[${i}] = ${xs[i]}`,
      );
    }
  }
  if (!Number.isFinite(level)) {
    throw new RangeError(`level: expected a finite number, got ${level}`);
  }
  let prev = -1;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || Number.isNaN(y)) continue;
    if (y >= level) {
      if (prev < 0) return xs[i];
      const y0 = ys[prev] as number;
      return xs[prev] + (xs[i] - xs[prev]) * (level - y0) / (y - y0);
    }
    prev = i;
  }
  return null;
}

/** Options of {@link trendVerdict}. */
export interface TrendVerdictOptions {
  /**
   * The measured quantity at each level of the varied parameter, in increasing order of the
   * parameter (at least 2); null where it was not found (e.g. no onset on the grid).
   */
  values: readonly (number | null)[];
  /** The hypothesis: the quantity "decreases" or "increases" as the parameter grows. */
  direction: "decreasing" | "increasing";
  /** Names of the levels for the explanation (e.g. "σ² = 0.1"). Default "level 1", ... */
  labels?: readonly string[];
  /**
   * Differences of at most this size are not resolved (e.g. the grid step of a grid search).
   * Default 0.
   */
  resolution?: number;
}

/** Result of {@link trendVerdict}; renders itself as one Markdown line in Jupyter. */
export interface TrendVerdict {
  /** The answer. */
  verdict: Verdict;
  /** Why, in one sentence with the numbers. */
  reason: string;
  /** Last value minus first; null when a value is missing. */
  change: number | null;
}

/**
 * Decides whether a quantity moves in the predicted direction across the levels of a parameter:
 * - "inconclusive" when a level has no value (the reason names it), or when first and last
 *   differ by no more than `resolution` and no step goes clearly against (refine the grid);
 * - "not supported" when some step, or the whole range, moves against the prediction by more
 *   than `resolution`;
 * - "supported" otherwise: the whole range moves the predicted way by more than `resolution`
 *   and no step goes clearly against it (steps within the resolution are ties).
 *
 * @throws {RangeError} for fewer than 2 values, a non-finite number among them, a negative or
 *   non-finite `resolution`, or `labels` of another length; TypeError for a bad `direction` or
 *   an unknown option.
 * @example
 * ```ts
 * import { trendVerdict } from "./hypothesis.ts";
 * const v = trendVerdict({ values: [1.4, 1.3, 1.1], direction: "decreasing", resolution: 0.05 });
 * if (v.verdict !== "supported") throw new Error(v.reason);
 * const w = trendVerdict({ values: [1.4, null, 1.1], direction: "decreasing" });
 * if (w.verdict !== "inconclusive") throw new Error(w.reason);
 * ```
 */
export function trendVerdict(options: TrendVerdictOptions): TrendVerdict {
  checkKeys(options, ["values", "direction", "labels", "resolution"], "trendVerdict options");
  const { values, direction } = options;
  if (!Array.isArray(values) || values.length < 2) {
    throw new RangeError(
      `values: expected at least 2 values, got ${Array.isArray(values) ? values.length : values}`,
    );
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && !Number.isFinite(v)) {
      throw new RangeError(`values: expected finite numbers or null, got values[${i}] = ${v}`);
    }
  }
  if (direction !== "decreasing" && direction !== "increasing") {
    throw new TypeError(`direction: expected "decreasing" or "increasing", got ${direction}`);
  }
  const resolution = options.resolution ?? 0;
  if (!Number.isFinite(resolution) || resolution < 0) {
    throw new RangeError(`resolution: expected a finite number ≥ 0, got ${resolution}`);
  }
  const labels = options.labels ?? values.map((_, i) => `level ${i + 1}`);
  if (labels.length !== values.length) {
    throw new RangeError(`labels: expected ${values.length} labels, got ${labels.length}`);
  }
  const fmt = (x: number) => String(Number(x.toPrecision(4)));
  const make = (verdict: Verdict, reason: string, change: number | null): TrendVerdict =>
    withDisplay({ verdict, reason, change }, (r) => ({
      "text/markdown": `Verdict: **${r.verdict}** — ${r.reason}`,
      "text/plain": `Verdict: ${r.verdict} — ${r.reason}`,
    }));

  const missing = labels.filter((_, i) => values[i] === null);
  if (missing.length > 0) {
    return make(
      "inconclusive",
      `no value for ${missing.join(", ")} (e.g. no crossing on the grid: extend it)`,
      null,
    );
  }
  const v = values as readonly number[];
  const sign = direction === "decreasing" ? -1 : 1;
  const change = v[v.length - 1] - v[0];
  // A tiny relative slack, so that grid values like 0.8 + 0.05 i differing by exactly one step
  // count as "at most one step".
  const tol = resolution * (1 + 1e-9) + 1e-12 * Math.max(...v.map(Math.abs));
  for (let i = 1; i < v.length; i++) {
    const d = v[i] - v[i - 1];
    if (sign * d < -tol) {
      return make(
        "not supported",
        `from ${labels[i - 1]} to ${labels[i]} it ${sign < 0 ? "increases" : "decreases"} ` +
          `(${fmt(v[i - 1])} → ${fmt(v[i])}), more than the resolution ${fmt(resolution)}`,
        change,
      );
    }
  }
  const span = `${fmt(v[0])} at ${labels[0]} → ${fmt(v[v.length - 1])} at ${labels.at(-1)}`;
  if (sign * change > tol) {
    return make(
      "supported",
      `it ${sign < 0 ? "decreases" : "increases"} (${span}; no step goes the other way by more ` +
        `than the resolution ${fmt(resolution)})`,
      change,
    );
  }
  if (sign * change < -tol) {
    return make("not supported", `it moves the other way overall (${span})`, change);
  }
  return make(
    "inconclusive",
    `the change (${span}) is within the resolution ${fmt(resolution)}: refine the grid`,
    change,
  );
}
