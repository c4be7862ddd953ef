import assert from "node:assert/strict";
import { type JupyterTarget, progressBar } from "../../lib/jupyter/mod.ts";

function fakeStream(terminal: boolean) {
  const writes: string[] = [];
  const dec = new TextDecoder();
  return {
    writes,
    writeSync(p: Uint8Array) {
      writes.push(dec.decode(p));
      return p.length;
    },
    isTerminal: () => terminal,
  };
}

function fakeClock(step = 0) {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms), step };
}

Deno.test("progressBar (non-terminal): a line per 10 %, final line, no carriage returns", async () => {
  const s = fakeStream(false);
  const clock = fakeClock();
  const bar = progressBar({ total: 100, label: "sweep", target: null, stream: s, now: clock.now });
  for (let i = 0; i < 100; i++) {
    clock.advance(200);
    bar.tick();
  }
  await bar.done();
  assert.ok(s.writes.every((w) => !w.includes("\r") && w.endsWith("\n")));
  // 0 %, 10 %, …, 100 % (11 lines), then the final summary.
  assert.equal(s.writes.length, 12);
  assert.deepEqual(
    s.writes.slice(0, 11).map((w) => /\((\d+)%\)/.exec(w)![1]),
    ["0", "10", "20", "30", "40", "50", "60", "70", "80", "90", "100"],
  );
  assert.equal(s.writes.at(-1), "sweep: 100/100 (100%) 20.0s\n");
  assert.equal(bar.value, 100);
});

Deno.test("progressBar (terminal): \\r redraws, throttled to one per minIntervalMs", async () => {
  const s = fakeStream(true);
  const clock = fakeClock();
  const bar = progressBar({ total: 1000, target: null, stream: s, now: clock.now, barWidth: 10 });
  for (let k = 1; k <= 1000; k++) {
    clock.advance(50);
    bar.tick();
  }
  await bar.done();
  // Initial draw at t = 0, then a draw every second tick (t − last ≥ 100 ms), then the final one.
  assert.equal(s.writes.length, 1 + 500 + 1);
  assert.ok(s.writes.every((w) => w.startsWith("\r")));
  assert.ok(s.writes.at(-1)!.endsWith("\n") && s.writes.at(-1)!.includes("1000/1000 (100%)"));
  assert.ok(s.writes.at(-1)!.includes("█".repeat(10)));
  // Without time passing nothing is redrawn, however many ticks.
  const s2 = fakeStream(true);
  const bar2 = progressBar({ total: 1e6, target: null, stream: s2, now: () => 5 });
  for (let k = 0; k < 10000; k++) bar2.tick();
  assert.equal(s2.writes.length, 1);
});

Deno.test("progressBar: ETA only after 3 units and 10 %, exact for units of equal cost", () => {
  const s = fakeStream(true);
  const clock = fakeClock();
  const bar = progressBar({ total: 10, target: null, stream: s, now: clock.now, barWidth: 4 });
  for (let k = 1; k <= 2; k++) {
    clock.advance(2000);
    bar.tick();
    assert.ok(!s.writes.at(-1)!.includes("eta"), s.writes.at(-1));
  }
  clock.advance(2000);
  bar.tick();
  // 3 units of 2 s each: 7 more units take 14 s; both estimates agree, one number.
  assert.ok(s.writes.at(-1)!.includes("█░░░ 3/10 (30%) 6.0s, eta 14.0s"), s.writes.at(-1));
  clock.advance(120_000);
  bar.update(4);
  assert.match(s.writes.at(-1)!, /2m06s, eta /);
});

/** Shown ETA range (low, high) in seconds, parsed from a line; null when none. */
function parseEta(line: string): [number, number] | null {
  const m = /eta ([0-9.hms]+)(?:–([0-9.hms]+))?/.exec(line);
  if (m === null) return null;
  const secs = (t: string) => {
    const x = /^(?:(\d+)h)?(?:(\d+)m)?(?:([0-9.]+)s)?$/.exec(t)!;
    return 3600 * Number(x[1] ?? 0) + 60 * Number(x[2] ?? 0) + Number(x[3] ?? 0);
  };
  return [secs(m[1]), secs(m[2] ?? m[1])];
}

/**
 * Feeds unit finishing times (seconds) to a bar and returns, for each unit after which an ETA
 * was shown, the shown range and the true remaining time.
 */
function etaTrace(
  finish: readonly number[],
  weights?: readonly number[],
): { k: number; low: number; high: number; truth: number }[] {
  const s = fakeStream(true);
  let t = 0;
  const bar = progressBar({
    target: null,
    stream: s,
    now: () => t,
    minIntervalMs: 0,
    ...(weights ? { weights } : {}),
  });
  const out = [];
  for (let k = 1; k <= finish.length; k++) {
    t = finish[k - 1] * 1000;
    bar.report(k, finish.length);
    const eta = parseEta(s.writes.at(-1)!);
    assert.match(s.writes.at(-1)!, new RegExp(` ${k}/${finish.length} `), "integer units");
    if (eta !== null && k < finish.length) {
      out.push({ k, low: eta[0], high: eta[1], truth: finish.at(-1)! - finish[k - 1] });
    }
  }
  return out;
}

Deno.test("progressBar: growing unit costs — the trend end of the range finds the remaining time", () => {
  // Unit k costs k seconds (a sweep towards harder points): the mean cost so far undershoots
  // the remaining time by up to 6x; the fit T(w) = a·w + c·w² is exact for this profile.
  const finish: number[] = [];
  for (let k = 1, t = 0; k <= 20; k++) finish.push(t += k);
  const trace = etaTrace(finish);
  assert.equal(trace[0].k, 3, "first ETA after 3 of 20 units (15 %)");
  for (const { k, low, high, truth } of trace) {
    assert.ok(high >= truth / 2, `unit ${k}: high ${high}, truth ${truth}`);
    assert.ok(low < truth / 1.5, `unit ${k}: the mean-cost end alone undershoots (${low})`);
    // Exact once the fit is within its cap (4x the mean estimate); shown to 0.1 s below a
    // minute, 1 s above.
    if (k >= 6) assert.ok(Math.abs(high - truth) <= 1, `unit ${k}: high ${high}, truth ${truth}`);
  }
});

Deno.test("progressBar: measured 1RSB + Monte Carlo profile (07_beyond) never undershoots 2x", () => {
  // Finishing times (s) of the 17 units of computeRsbComparison() measured on this machine under
  // load (9 1RSB solves in 2 workers, then 8 Monte Carlo widths): costs jump at unit 10.
  const finish = [
    1.0,
    1.62,
    8.94,
    12.29,
    16.76,
    20.49,
    27.56,
    30.34,
    31.45,
    36.11,
    42.64,
    52.27,
    57.44,
    62.92,
    66.31,
    70.62,
    75.42,
  ];
  const trace = etaTrace(finish);
  assert.ok(trace.length >= 12);
  for (const { k, high, truth } of trace) {
    assert.ok(high >= truth / 2, `unit ${k}: eta up to ${high} s, ${truth} s remained`);
  }
});

Deno.test("progressBar: weights by expected cost make a two-phase ETA exact", () => {
  // 5 cheap units (1 s) then 5 dear ones (4 s): unweighted, after the cheap phase the mean says
  // 5 s remain (20 s do); with weights [1,1,1,1,1,4,4,4,4,4] the ETA is exact.
  const weights = [1, 1, 1, 1, 1, 4, 4, 4, 4, 4];
  const finish: number[] = [];
  for (let k = 0, t = 0; k < 10; k++) finish.push(t += weights[k]);
  const plain = etaTrace(finish).find((e) => e.k === 5)!;
  assert.ok(plain.high <= plain.truth / 2, `unweighted: ${plain.high} vs ${plain.truth}`);
  for (const { k, low, high, truth } of etaTrace(finish, weights)) {
    assert.ok(Math.abs(low - truth) <= 0.1 && Math.abs(high - truth) <= 0.1, `unit ${k}`);
  }
});

Deno.test("progressBar: report(done, total) takes onProgress callbacks; total may come late", async () => {
  const s = fakeStream(false);
  const bar = progressBar({ label: "x", target: null, stream: s, now: () => 0, minIntervalMs: 0 });
  assert.equal(s.writes[0], "x: 0/? (0%) 0.0s\n");
  const onProgress: (done: number, total: number) => void = bar.report;
  onProgress(9, 17);
  assert.ok(s.writes.at(-1)!.startsWith("x: 9/17 (52%)"), s.writes.at(-1));
  assert.throws(() => onProgress(18, 17), /done: expected a finite amount in \[0, 17\]/);
  assert.throws(() => onProgress(1, 0), /total: expected a finite number > 0/);
  onProgress(17, 17);
  await bar.done();
  assert.equal(bar.value, 17);
  assert.throws(() => progressBar({ target: null, stream: s }).tick(), /total is not known/);
  assert.throws(
    () => progressBar({ total: 3, weights: [1, 2], target: null, stream: s }),
    /weights: expected 3 weights/,
  );
  assert.throws(() => progressBar({ totl: 3 } as never), /unknown key "totl"/);
});

Deno.test("progressBar (kernel): one display_id, first display then updates, html bar", async () => {
  const calls: [Record<string, string>, Record<string, unknown>][] = [];
  const target: JupyterTarget = {
    display(obj, options) {
      calls.push([obj as Record<string, string>, options as Record<string, unknown>]);
      return Promise.resolve();
    },
  };
  const clock = fakeClock();
  const s = fakeStream(false);
  const bar = progressBar({ total: 10, label: "<α sweep>", target, stream: s, now: clock.now });
  for (let i = 0; i < 10; i++) {
    clock.advance(150);
    bar.tick();
  }
  await bar.done();
  assert.deepEqual(s.writes, [], "nothing on the stream inside the kernel");
  assert.equal(calls.length, 12);
  const id = calls[0][1].display_id;
  assert.equal(typeof id, "string");
  assert.deepEqual(calls[0][1], { raw: true, display_id: id });
  for (const [, o] of calls.slice(1)) {
    assert.deepEqual(o, { raw: true, update: true, display_id: id });
  }
  const [last] = calls.at(-1)!;
  assert.ok(last["text/html"].includes('<progress value="10" max="10"'));
  assert.ok(last["text/html"].includes("&lt;α sweep&gt;"));
  assert.ok(
    last["text/plain"].startsWith("<α sweep>: ") && last["text/plain"].includes("10/10 (100%)"),
  );
  // Two bars get different ids.
  const other = progressBar({ total: 1, target, now: clock.now });
  await other.done();
  assert.notEqual(calls.at(-1)![1].display_id, id);
});

Deno.test("progressBar: done() is idempotent and reports a failed notebook display", async () => {
  let n = 0;
  const failing: JupyterTarget = {
    display() {
      n++;
      return Promise.reject(new Error("iopub closed"));
    },
  };
  const bar = progressBar({ total: 2, target: failing, now: () => 0 });
  bar.tick(2);
  const p = bar.done();
  assert.equal(bar.done(), p);
  await assert.rejects(p, /iopub closed/);
  assert.ok(n >= 2);
});

Deno.test("progressBar: bad amounts name the parameter", () => {
  const s = fakeStream(false);
  assert.throws(() => progressBar({ total: 0, stream: s, target: null }), /total: expected/);
  assert.throws(() => progressBar({ total: NaN, stream: s, target: null }), RangeError);
  assert.throws(() => progressBar({ total: 1, barWidth: 0, stream: s, target: null }), /barWidth/);
  const bar = progressBar({ total: 3, stream: s, target: null });
  assert.throws(
    () => bar.update(-1),
    (e: Error) => e instanceof RangeError && /done/.test(e.message),
  );
  assert.throws(() => bar.update(4), RangeError);
  assert.throws(() => bar.tick(NaN), /n: expected/);
  bar.tick(3);
  assert.throws(() => bar.tick(), RangeError);
});
