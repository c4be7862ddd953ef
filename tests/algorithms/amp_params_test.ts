import assert from "node:assert/strict";
import { runAmp } from "../../lib/algorithms/amp.ts";
import { runAmpSeeds, runSeedBatch } from "../../lib/algorithms/seeds.ts";
import { teacherStudentData } from "../../lib/algorithms/synthetic.ts";
import { uniformQuantizer } from "../../lib/quantizers/uniform.ts";

const quantizer = uniformQuantizer({ bits: 2, width: 1.2 });
const data = teacherStudentData({ n: 200, alpha: 2, sigma2: 0.1, seed: 7 });
const options = { traceEvery: 0 };

Deno.test("runAmp reads alpha and sigma2 from the data: the same run as with them given", () => {
  const implicit = runAmp(data, { beta: 5, quantizer }, options);
  const explicit = runAmp(data, { alpha: 2, sigma2: 0.1, beta: 5, quantizer }, options);
  assert.deepEqual(implicit, explicit);
  assert.equal(implicit.sigma2, 0.1);
  assert.equal(implicit.alpha, data.samples / data.n);
  // only one of the two may be given as well
  assert.deepEqual(runAmp(data, { sigma2: 0.1, beta: 5, quantizer }, options), explicit);
});

Deno.test("runAmp: alpha or sigma2 different from the data's is a RangeError naming it", () => {
  assert.throws(
    () => runAmp(data, { alpha: 3, beta: 5, quantizer }, options),
    (e: unknown) => e instanceof RangeError && /^alpha: .*400\/200.*got alpha = 3$/.test(e.message),
  );
  assert.throws(
    () => runAmp(data, { sigma2: 0, beta: 5, quantizer }, options),
    (e: unknown) =>
      e instanceof RangeError && /^sigma2: .*sigma2 = 0\.1, got sigma2 = 0$/.test(e.message),
  );
  // a noiseless instance with noisy params, and the other way round
  const clean = teacherStudentData({ n: 50, alpha: 2, seed: 1 });
  assert.throws(
    () => runAmp(clean, { sigma2: 0.5, beta: 5, quantizer }, options),
    /^RangeError: sigma2:/,
  );
});

Deno.test("runAmp: bad data or params are errors naming them", () => {
  assert.throws(() => runAmp(undefined as never, { beta: 5, quantizer }), /^TypeError: data:/);
  assert.throws(() => runAmp({ n: 3 } as never, { beta: 5, quantizer }), /^TypeError: data:/);
  assert.throws(() => runAmp(data, null as never), TypeError);
  assert.throws(() => runAmp(data, { beta: 5, quantizer, lamda: 1 } as never), /lamda/);
  assert.throws(() => runAmp(data, { beta: Infinity, quantizer }), /^RangeError: beta:/);
});

Deno.test("runAmp: traceEvery thins the trace (0, k, 2k, ... and the last); old names refused", async () => {
  const full = runAmp(data, { beta: 5, quantizer }, { traceEvery: 1 });
  assert.equal(full.trace.length, full.iterations + 1);
  full.trace.forEach((e, t) => assert.equal(e.iteration, t));
  const k = 3;
  const thin = runAmp(data, { beta: 5, quantizer }, { traceEvery: k });
  const want = full.trace.filter((e) => e.iteration % k === 0 || e.iteration === full.iterations);
  assert.deepEqual(thin.trace, want);
  // the run itself does not depend on the trace; the last entry is the run's state
  assert.deepEqual({ ...thin, trace: [] }, { ...runAmp(data, { beta: 5, quantizer }, options) });
  assert.equal(thin.trace[thin.trace.length - 1].at, thin.at);
  assert.equal(runAmp(data, { beta: 5, quantizer }, options).trace.length, 0);
  for (const bad of [-1, 1.5, NaN]) {
    assert.throws(
      () => runAmp(data, { beta: 5, quantizer }, { traceEvery: bad }),
      (e: unknown) => e instanceof RangeError && e.message.startsWith("traceEvery:"),
    );
  }
  // the renamed option and field are gone
  assert.throws(() => runAmp(data, { beta: 5, quantizer }, { trace: false } as never), /trace/);
  const seedsCall = { n: 50, seeds: [1], workers: 1 };
  await assert.rejects(
    () => runAmpSeeds({ alpha: 2, beta: 5, quantizer }, { ...seedsCall, trace: false } as never),
    (e: unknown) => e instanceof TypeError && /unknown key "trace"/.test(String(e)),
  );
  await assert.rejects(
    () =>
      runSeedBatch([{
        algorithm: "amp",
        params: { alpha: 2, beta: 5, quantizer },
        n: 50,
        seeds: [1],
        options: { trace: false } as never,
      }], { workers: 1 }),
    (e: unknown) => e instanceof TypeError && /unknown key "trace"/.test(String(e)),
  );
  assert.equal("replicon" in full, false);
  assert.equal("replicon" in full.trace[0], false);
});
