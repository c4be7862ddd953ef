/**
 * A progress bar for long sweeps. In the Deno Jupyter kernel it updates one notebook output in
 * place (`display_id`, HTML `<progress>` + text); elsewhere it writes to stderr: a `\r`-updated
 * bar when stderr is a terminal, otherwise an occasional plain line (every 10 %, or at least
 * every 10 s). It never writes to stdout, and redraws at most ~10 times per second.
 *
 * It counts work units (points, seeds: `12/34`); `report(done, total)` takes a library's
 * `onProgress(done, total)` as it is. The ETA appears once at least 3 units and 10 % of the work
 * are done, as a range: the low end assumes every remaining unit costs the mean so far; the high
 * end fits the elapsed time as `T(w) = a·w + c·w²` in the work done `w` (least squares through
 * the origin), i.e. a unit cost that changes linearly along the run, the usual shape of a sweep
 * towards harder points, capped at 4 times the low end. Units of known unequal cost can be
 * weighted (`weights`).
 *
 * @module
 */

import { type JupyterTarget, jupyterTarget } from "./display.ts";
import { checkKeys } from "../model/options.ts";

/** Where terminal output goes (default `Deno.stderr`). */
export interface ProgressStream {
  /** Writes bytes synchronously. */
  writeSync(p: Uint8Array): number;
  /** Whether the stream is a terminal (enables the `\r` bar). */
  isTerminal(): boolean;
}

/** Options for {@link progressBar}. */
export interface ProgressBarOptions {
  /**
   * Amount of work at completion: the number of units (> 0; need not be an integer). May be
   * left out when the first {@link ProgressBar.report} call brings it.
   */
  total?: number;
  /**
   * Expected relative cost of each unit, in the order they finish (length `total`, each > 0):
   * the bar, the percentage and the ETA then follow the expected work instead of the unit
   * count. Default: all units cost the same.
   */
  weights?: readonly number[];
  /** Text shown before the bar. Default "". */
  label?: string;
  /** Minimum time between redraws, in ms. Default 100 (≤ 10 updates per second). */
  minIntervalMs?: number;
  /** Bar width in characters. Default 30. */
  barWidth?: number;
  /**
   * Notebook target. Default {@link jupyterTarget}() (the kernel when running in one);
   * `null` forces stream output even inside the kernel.
   */
  target?: JupyterTarget | null;
  /** Stream for output outside the kernel. Default `Deno.stderr`. */
  stream?: ProgressStream;
  /** Clock in ms. Default `performance.now`. */
  now?: () => number;
}

/** A running progress bar. */
export interface ProgressBar {
  /** Adds `n` (default 1) units of finished work. */
  tick(n?: number): void;
  /** Sets the finished amount to `done` (0 ≤ done ≤ total). */
  update(done: number): void;
  /**
   * Sets the finished units and the total at once, as `onProgress(done, total)` callbacks of
   * the library report them (a bound function: pass `bar.report` itself).
   */
  report(done: number, total: number): void;
  /**
   * Draws the final state (and a newline on a terminal); resolves when the notebook has been
   * updated. Rejects with the first error the notebook display raised, if any. Idempotent.
   */
  done(): Promise<void>;
  /** Finished amount so far. */
  readonly value: number;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(Math.floor(s - 60 * m)).padStart(2, "0")}s`;
  const h = Math.floor(m / 60);
  return `${h}h${String(m - 60 * h).padStart(2, "0")}m`;
}

function formatAmount(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)));
}

/**
 * ETA range in seconds from the samples `(work done, seconds elapsed)` (see the module doc):
 * `[low, high]` from the mean cost so far and from the fit `T(w) = a·w + c·w²`; null while fewer
 * than 3 samples or less than `minFraction` of the work is done.
 *
 * @example
 * ```ts
 * import { etaRange } from "./progress.ts";
 * // Unit k (1-based) takes k seconds: T(w) = w/2 + w²/2 exactly; 4 of 10 units done after 10 s.
 * const samples = [1, 2, 3, 4].map((w) => [w, (w + w * w) / 2] as const);
 * const [low, high] = etaRange(samples, 10)!;
 * // The mean (2.5 s per unit) says 15 s; the fit finds the remaining 5 + … + 10 = 45 s.
 * if (Math.abs(low - 15) > 1e-9 || Math.abs(high - 45) > 1e-9) throw new Error(`${low} ${high}`);
 * ```
 */
export function etaRange(
  samples: readonly (readonly [number, number])[],
  total: number,
  minFraction = 0.1,
): [number, number] | null {
  if (samples.length < 3) return null;
  const [w, t] = samples[samples.length - 1];
  if (!(w > 0) || w < minFraction * total) return null;
  const remaining = Math.max(0, total - w);
  const mean = t / w * remaining;
  // Least squares of t ≈ a·w + c·w² over the samples (normal equations, 2×2).
  let s2 = 0, s3 = 0, s4 = 0, t1 = 0, t2 = 0;
  for (const [x, y] of samples) {
    s2 += x * x;
    s3 += x * x * x;
    s4 += x * x * x * x;
    t1 += x * y;
    t2 += x * x * y;
  }
  const det = s2 * s4 - s3 * s3;
  let trend = mean;
  if (det > 1e-12 * s2 * s4) {
    const a = (t1 * s4 - t2 * s3) / det;
    const c = (s2 * t2 - s3 * t1) / det;
    // Remaining time under the fit, anchored at the time actually elapsed.
    const fitted = a * (total - w) + c * (total * total - w * w);
    if (Number.isFinite(fitted)) trend = Math.max(0, fitted);
  }
  // A fit through a few early points can run away: trust it up to 4 times the mean estimate.
  if (mean > 0) trend = Math.min(trend, 4 * mean);
  return [Math.min(mean, trend), Math.max(mean, trend)];
}

function formatEta(range: [number, number] | null): string {
  if (range === null) return "";
  const [low, high] = range;
  if (high <= 1.15 * low + 0.5) return `, eta ${formatSeconds((low + high) / 2)}`;
  return `, eta ${formatSeconds(low)}–${formatSeconds(high)}`;
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

let progressCounter = 0;

/**
 * Starts a progress bar over `total` units of work (see the module doc for where it draws and
 * how the ETA is estimated).
 *
 * @throws {RangeError} if `total` is given and not a finite number > 0, `weights` are not
 *   `total` finite numbers > 0, `minIntervalMs` not ≥ 0, or `barWidth` not an integer ≥ 1;
 *   `tick`/`update`/`report` throw a RangeError for amounts that are not finite or leave
 *   [0, total]. TypeError for an unknown option.
 * @example
 * ```ts
 * const lines: string[] = [];
 * const stream = {
 *   writeSync: (p: Uint8Array) => (lines.push(new TextDecoder().decode(p)), p.length),
 *   isTerminal: () => false,
 * };
 * const bar = progressBar({ label: "sweep", target: null, stream });
 * for (let i = 1; i <= 4; i++) bar.report(i, 4); // as an onProgress(done, total) callback
 * await bar.done();
 * if (!lines.at(-1)!.includes("sweep: 4/4 (100%)")) throw new Error(lines.join(""));
 * ```
 */
export function progressBar(options: ProgressBarOptions): ProgressBar {
  checkKeys(
    options,
    ["total", "weights", "label", "minIntervalMs", "barWidth", "target", "stream", "now"],
    "progressBar options",
  );
  const checkTotal = (t: unknown, name: string): number => {
    if (typeof t !== "number" || !Number.isFinite(t) || !(t > 0)) {
      throw new RangeError(`${name}: expected a finite number > 0, got ${t}`);
    }
    return t;
  };
  let total: number | undefined = options.total === undefined
    ? undefined
    : checkTotal(options.total, "total");
  const weights = options.weights;
  if (weights !== undefined) {
    if (!Array.isArray(weights) || weights.some((w) => !Number.isFinite(w) || !(w > 0))) {
      throw new RangeError(`weights: expected finite numbers > 0, got ${weights}`);
    }
    if (total !== undefined && weights.length !== total) {
      throw new RangeError(
        `weights: expected ${total} weights (one per unit), got ${weights.length}`,
      );
    }
  }
  const minInterval = options.minIntervalMs ?? 100;
  if (typeof minInterval !== "number" || !(minInterval >= 0)) {
    throw new RangeError(`minIntervalMs: expected a number ≥ 0, got ${minInterval}`);
  }
  const barWidth = options.barWidth ?? 30;
  if (!Number.isInteger(barWidth) || barWidth < 1) {
    throw new RangeError(`barWidth: expected an integer ≥ 1, got ${barWidth}`);
  }
  const label = options.label ?? "";
  const now = options.now ?? (() => performance.now());
  const target = options.target === null ? undefined : options.target ?? jupyterTarget();
  const stream = options.stream ?? Deno.stderr;
  const terminal = target === undefined && stream.isTerminal();
  const encoder = new TextEncoder();
  const displayId = `typiquant-progress-${Date.now().toString(36)}-${++progressCounter}`;
  const start = now();

  // Work of the first `units` units (weighted when weights are given; linear in between).
  const workOf = (units: number): number => {
    if (weights === undefined) return units;
    const k = Math.floor(units);
    let w = 0;
    for (let i = 0; i < k && i < weights.length; i++) w += weights[i];
    if (k < weights.length) w += (units - k) * weights[k];
    return w;
  };
  let value = 0;
  let lastDraw = -Infinity;
  let lastLineDecile = -1;
  let lastLineTime = start;
  let finished: Promise<void> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let firstError: unknown;
  let shown = false;
  // (work done, seconds elapsed) at each increase, for the ETA.
  let samples: [number, number][] = [];

  const summary = (final: boolean) => {
    const elapsed = (now() - start) / 1000;
    if (total === undefined) {
      return {
        frac: 0,
        work: 0,
        max: 0,
        pct: "0%",
        time: formatSeconds(elapsed),
        amount: `${value}/?`,
      };
    }
    const totalWork = workOf(total);
    const frac = Math.min(1, workOf(value) / totalWork);
    const pct = `${Math.floor(frac * 100)}%`;
    const time = final || value >= total
      ? `${formatSeconds(elapsed)}`
      : `${formatSeconds(elapsed)}${formatEta(etaRange(samples, totalWork))}`;
    return {
      frac,
      work: workOf(value),
      max: totalWork,
      pct,
      time,
      amount: `${formatAmount(value)}/${formatAmount(total)}`,
    };
  };
  const barText = (frac: number) => {
    const full = Math.round(frac * barWidth);
    return "█".repeat(full) + "░".repeat(barWidth - full);
  };
  const prefix = label === "" ? "" : `${label}: `;

  const sendNotebook = (final: boolean) => {
    const t = target!;
    const s = summary(final);
    const text = `${prefix}${barText(s.frac)} ${s.amount} (${s.pct}) ${s.time}`;
    const html = `<div style="font-family:monospace">${escapeHtml(prefix)}` +
      `<progress${
        s.max > 0 ? ` value="${formatAmount(s.work)}" max="${formatAmount(s.max)}"` : ""
      }` +
      ` style="width:20em;vertical-align:middle">` +
      `</progress> ${escapeHtml(`${s.amount} (${s.pct}) ${s.time}`)}</div>`;
    const opts = shown
      ? { raw: true, update: true, display_id: displayId }
      : { raw: true, display_id: displayId };
    shown = true;
    const bundle = { "text/html": html, "text/plain": text };
    chain = chain.then(() => t.display(bundle, opts)).catch((e) => {
      firstError ??= e;
    });
  };

  const writeStream = (final: boolean) => {
    const s = summary(final);
    if (terminal) {
      const line = `\r${prefix}${barText(s.frac)} ${s.amount} (${s.pct}) ${s.time}\x1b[K`;
      stream.writeSync(encoder.encode(final ? line + "\n" : line));
      return;
    }
    const decile = Math.floor(s.frac * 10);
    const t = now();
    if (final || decile > lastLineDecile || t - lastLineTime >= 10_000) {
      lastLineDecile = decile;
      lastLineTime = t;
      stream.writeSync(encoder.encode(`${prefix}${s.amount} (${s.pct}) ${s.time}\n`));
    }
  };

  const draw = (force: boolean) => {
    const t = now();
    if (!force && t - lastDraw < minInterval) return;
    lastDraw = t;
    if (target !== undefined) sendNotebook(false);
    else writeStream(false);
  };

  const set = (v: number, name: string) => {
    if (finished !== undefined) return;
    if (total === undefined) {
      throw new RangeError(`${name}: the total is not known yet (give it, or call report)`);
    }
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > total * (1 + 1e-12)) {
      throw new RangeError(`${name}: expected a finite amount in [0, ${total}], got ${v}`);
    }
    const next = Math.min(v, total);
    if (next > value) samples.push([workOf(next), (now() - start) / 1000]);
    else if (next < value) samples = samples.filter(([w]) => w <= workOf(next));
    value = next;
    draw(false);
  };

  draw(true);

  return {
    tick(n = 1) {
      if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
        throw new RangeError(`n: expected a finite number ≥ 0, got ${n}`);
      }
      set(value + n, "tick: value + n");
    },
    update(done: number) {
      set(done, "done");
    },
    report: (done: number, newTotal: number) => {
      if (finished !== undefined) return;
      const t = checkTotal(newTotal, "total");
      if (weights !== undefined && weights.length !== t) {
        throw new RangeError(`total: expected ${weights.length} (the number of weights), got ${t}`);
      }
      if (t !== total) {
        // Another amount of work: earlier samples no longer describe it.
        samples = total === undefined ? samples : [];
        total = t;
      }
      set(done, "done");
    },
    done() {
      if (finished === undefined) {
        if (target !== undefined) sendNotebook(true);
        else writeStream(true);
        finished = chain.then(() => {
          if (firstError !== undefined) throw firstError;
        });
      }
      return finished;
    },
    get value() {
      return value;
    },
  };
}
