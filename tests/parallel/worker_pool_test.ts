import assert from "node:assert/strict";
import { runInWorkers } from "../../lib/parallel/worker_pool.ts";

const MOD = "data:text/javascript," + encodeURIComponent(
  "export const twice = (t) => ({ id: t.id, v: Float64Array.from(t.v, (x) => 2 * x) });" +
    "export const boom = (t) => { if (t === 3) throw new RangeError('x: expected < 3, got 3'); return t; };",
);

Deno.test("runInWorkers keeps task order and moves typed arrays", async () => {
  const tasks = Array.from({ length: 9 }, (_, id) => ({ id, v: new Float64Array([id, id + 0.5]) }));
  let progress = 0;
  const out = await runInWorkers<typeof tasks[0], { id: number; v: Float64Array }>(
    MOD,
    "twice",
    tasks,
    {
      workers: 2,
      onProgress: (d) => (progress = d),
    },
  );
  assert.equal(progress, 9);
  out.forEach((r, i) => {
    assert.equal(r.id, i);
    assert.deepEqual(Array.from(r.v), [2 * i, 2 * i + 1]);
  });
});

Deno.test("runInWorkers rethrows a task's error with its class and message", async () => {
  await assert.rejects(
    () => runInWorkers<number, number>(MOD, "boom", [1, 2, 3, 4], { workers: 2 }),
    (e: Error) => e instanceof RangeError && e.message === "x: expected < 3, got 3",
  );
  await assert.rejects(() => runInWorkers(MOD, "twice", [1], { workers: 0 }), RangeError);
});
