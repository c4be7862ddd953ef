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

Deno.test("progressBar: elapsed time and ETA", () => {
  const s = fakeStream(true);
  const clock = fakeClock();
  const bar = progressBar({ total: 10, target: null, stream: s, now: clock.now, barWidth: 4 });
  clock.advance(10_000);
  bar.update(5);
  // Half done after 10 s: 10 s to go; bar half full.
  assert.ok(s.writes.at(-1)!.includes("██░░ 5/10 (50%) 10.0s, eta 10.0s"), s.writes.at(-1));
  clock.advance(120_000);
  bar.update(6);
  assert.ok(s.writes.at(-1)!.includes("2m10s, eta 1m26s"), s.writes.at(-1));
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
