/**
 * A progress bar for long sweeps. In the Deno Jupyter kernel it updates one notebook output in
 * place (`display_id`, HTML `<progress>` + text); elsewhere it writes to stderr: a `\r`-updated
 * bar when stderr is a terminal, otherwise an occasional plain line (every 10 %, or at least
 * every 10 s). It never writes to stdout, and redraws at most ~10 times per second.
 *
 * @module
 */

import { type JupyterTarget, jupyterTarget } from "./display.ts";

/** Where terminal output goes (default `Deno.stderr`). */
export interface ProgressStream {
  /** Writes bytes synchronously. */
  writeSync(p: Uint8Array): number;
  /** Whether the stream is a terminal (enables the `\r` bar). */
  isTerminal(): boolean;
}

/** Options for {@link progressBar}. */
export interface ProgressBarOptions {
  /** Amount of work at completion (> 0; need not be an integer). */
  total: number;
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

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

let progressCounter = 0;

/**
 * Starts a progress bar over `total` units of work (see the module doc for where it draws).
 *
 * @throws {RangeError} if `total` is not a finite number > 0, `minIntervalMs` not ≥ 0, or
 *   `barWidth` not an integer ≥ 1; `tick`/`update` throw a RangeError for amounts that are not
 *   finite or leave [0, total].
 * @example
 * ```ts
 * const lines: string[] = [];
 * const stream = {
 *   writeSync: (p: Uint8Array) => (lines.push(new TextDecoder().decode(p)), p.length),
 *   isTerminal: () => false,
 * };
 * const bar = progressBar({ total: 4, label: "sweep", target: null, stream });
 * for (let i = 0; i < 4; i++) bar.tick();
 * await bar.done();
 * if (!lines.at(-1)!.includes("sweep: 4/4 (100%)")) throw new Error(lines.join(""));
 * ```
 */
export function progressBar(options: ProgressBarOptions): ProgressBar {
  const total = options.total;
  if (typeof total !== "number" || !Number.isFinite(total) || !(total > 0)) {
    throw new RangeError(`total: expected a finite number > 0, got ${total}`);
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

  let value = 0;
  let lastDraw = -Infinity;
  let lastLineDecile = -1;
  let lastLineTime = start;
  let finished: Promise<void> | undefined;
  let chain: Promise<void> = Promise.resolve();
  let firstError: unknown;
  let shown = false;

  const summary = (final: boolean) => {
    const frac = value / total;
    const elapsed = (now() - start) / 1000;
    const eta = value > 0 ? elapsed * (total - value) / value : Infinity;
    const pct = `${Math.floor(frac * 100)}%`;
    const time = final || value >= total
      ? `${formatSeconds(elapsed)}`
      : `${formatSeconds(elapsed)}, eta ${formatSeconds(eta)}`;
    return { frac, pct, time, amount: `${formatAmount(value)}/${formatAmount(total)}` };
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
      `<progress value="${value}" max="${total}" style="width:20em;vertical-align:middle">` +
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
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > total * (1 + 1e-12)) {
      throw new RangeError(`${name}: expected a finite amount in [0, ${total}], got ${v}`);
    }
    value = Math.min(v, total);
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
