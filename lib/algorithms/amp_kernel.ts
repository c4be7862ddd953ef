/**
 * The matrix work of one AMP iteration as a single streaming pass over X.
 *
 * AMP (docs/theory.md §4) needs `X·a` and then `X^T·g`, where `g_mu` depends only on row mu's
 * product `(X·a)_mu` (and on scalars and the previous `g_mu`). So both products can be done
 * row by row: the row's dot product with `a`, then `g_mu`, then `out += g_mu·x_mu` while the row
 * is still in cache, and X is read from memory once per iteration instead of twice. The loop
 * runs in WebAssembly SIMD (`amp_kernel.wat`): float32 storage and arithmetic for Float32 X
 * (four rows per step sharing each loaded vector of `a`, 8 independent accumulators; the row's
 * dot product widened to float64; `out` flushed to float64 every 32 rows), float64 for Float64 X
 * (the validation path, one row at a time). A plain TypeScript loop (float64) is the fallback
 * when the matrix does not fit in wasm32 memory.
 *
 * Threads: the float32 pass always splits the rows at a fixed point (the first multiple of 32
 * at or after M/2) into two halves with their own `X^T·g` partial sums, added at the end, and
 * the second half may run in a module worker over the same shared wasm memory. The split does
 * not depend on the number of threads, so the results are bit-for-bit the same with one or two
 * threads. No fused multiply-add (nor relaxed SIMD) is used anywhere: every path is
 * deterministic, and the numbers are the same on every machine.
 *
 * Measured levers (N = M, float32, this 2-core machine while shared, side by side): four rows
 * per step with 8 accumulators made the pass 1.6x faster at N = 4000 (14.9 → 9.2 ms) and 1.3x
 * at N = 1000–2000; the pass alone is then as fast as numpy/OpenBLAS's two products (N = 2000:
 * 1.8 ms against 2.0–2.2 ms for numpy's whole iteration, one OpenBLAS thread). The second
 * thread only pays when a core is idle (N = 8000: 130 → 77 ms in one run, no gain while the
 * machine was loaded). `f32x4.relaxed_madd` in the dot products gained <= 5 % at N = 2000 and
 * nothing measurable at 4000 while making the bits machine-dependent, so it is not used.
 *
 * @module
 */
import { AMP_KERNEL_WASM_BASE64 } from "./amp_kernel_wasm.ts";

/** The fused pass: `g = c1·(y − X·a) + c2·gPrevious`, `out = X^T·g`. */
export interface AmpKernel {
  /** Rows M. */
  readonly rows: number;
  /** Columns N. */
  readonly cols: number;
  /** `"wasm-f32"`, `"wasm-f64"` or `"js"`. */
  readonly backend: "wasm-f32" | "wasm-f64" | "js";
  /** Threads working on a pass: 2 when a worker takes half of the rows, else 1. */
  readonly threads: number;
  /**
   * Runs the pass with the current estimate `a` (length N); `gPrevious` is the `g` of the
   * previous call (zeros before the first call, or after {@link AmpKernel.reset}).
   * Returns views of `g` (length M) and `out` (length N), valid until the next call.
   */
  run(a: Float64Array, c1: number, c2: number): { g: Float64Array; out: Float64Array };
  /** Sets `gPrevious` to zero. */
  reset(): void;
  /** Stops the worker thread, if any (a live worker keeps the process running). Idempotent. */
  dispose(): void;
}

let cachedModule: WebAssembly.Module | null = null;

/**
 * The compiled module of `amp_kernel.wat` (cached): the AMP pass and the heat-bath column
 * kernels; it imports a shared `env.memory`.
 *
 * @example
 * ```ts
 * const names = WebAssembly.Module.exports(ampKernelModule()).map((e) => e.name);
 * if (!names.includes("amp_f32") || !names.includes("dot_f64")) throw new Error();
 * ```
 */
export function ampKernelModule(): WebAssembly.Module {
  return kernelModule();
}

function kernelModule(): WebAssembly.Module {
  if (cachedModule === null) {
    const bin = atob(AMP_KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    cachedModule = new WebAssembly.Module(bytes);
  }
  return cachedModule;
}

const WASM_LIMIT = 2 ** 32 - 2 ** 26; // wasm32 addresses, with room for the vectors
/** Matrices with fewer entries than this run in one thread by default (a worker costs ~30 ms). */
const THREAD_MIN_ENTRIES = 2 ** 21;

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Options for {@link createAmpKernel}. */
export interface AmpKernelOptions {
  /** Force a backend; default: wasm for the storage type of X, js if it does not fit. */
  backend?: "wasm" | "js";
  /**
   * Threads for the float32 wasm pass: 1 (default) or 2 (a module worker takes the second half
   * of the rows; call `dispose()` when done). `"auto"`: 2 when X has at least 2^21 entries,
   * the machine has 2 or more cores and this is not already a worker. The results do not
   * depend on it.
   */
  threads?: 1 | 2 | "auto";
}

/**
 * The row where the float32 pass splits X into its two halves: the first multiple of 32 at or
 * after M/2, or M (no second half) for M <= 32.
 *
 * @example
 * ```ts
 * if (ampSplitRow(4000) !== 2016 || ampSplitRow(20) !== 20 || ampSplitRow(65) !== 64) throw new Error();
 * ```
 */
export function ampSplitRow(rows: number): number {
  return Math.min(rows, Math.ceil(rows / 2 / 32) * 32);
}

function inWorker(): boolean {
  const g = globalThis as unknown as { WorkerGlobalScope?: unknown };
  return typeof g.WorkerGlobalScope !== "undefined";
}

/**
 * Builds the fused AMP pass for the row-major `X` (rows x cols) and labels `y`. The wasm
 * backends copy X (rows padded with zeros to a multiple of 8 floats) into their own memory.
 *
 * @throws {RangeError} if the sizes do not match or an option is out of range.
 * @example
 * ```ts
 * const X = new Float64Array([1, 2, 3, 4, 5, 6]); // 2 x 3
 * const k = createAmpKernel(X, 2, 3, new Float64Array([1, 1]));
 * const { g, out } = k.run(new Float64Array([1, 0, 0]), 1, 0);
 * // g = y − X·a = [0, −3]; out = X^T·g = [−12, −15, −18]
 * if (g[1] !== -3 || out[0] !== -12 || out[2] !== -18) throw new Error();
 * k.dispose();
 * ```
 */
export function createAmpKernel(
  X: Float32Array | Float64Array,
  rows: number,
  cols: number,
  y: Float64Array,
  options: AmpKernelOptions = {},
): AmpKernel {
  if (!(Number.isInteger(rows) && rows >= 1 && Number.isInteger(cols) && cols >= 1)) {
    throw new RangeError(`rows, cols: expected integers >= 1, got ${rows}, ${cols}`);
  }
  if (X.length !== rows * cols) {
    throw new RangeError(`X: expected ${rows}·${cols} = ${rows * cols} entries, got ${X.length}`);
  }
  if (y.length !== rows) throw new RangeError(`y: expected ${rows} entries, got ${y.length}`);
  const t = options.threads ?? 1;
  if (t !== 1 && t !== 2 && t !== "auto") {
    throw new RangeError(`threads: expected 1, 2 or "auto", got ${String(t)}`);
  }
  const f32 = X instanceof Float32Array;
  const pad = f32 ? 8 : 4;
  const colsPad = Math.ceil(cols / pad) * pad;
  const el = f32 ? 4 : 8;
  const matrixBytes = align(rows * colsPad * el);
  const vecBytes = align(colsPad * 8) * 5 + align(rows * 8) * 3 + 64;
  const wantWasm = options.backend !== "js" && matrixBytes + vecBytes < WASM_LIMIT;
  if (options.backend === "wasm" && !wantWasm) {
    throw new RangeError(
      `backend: the matrix (${matrixBytes} bytes) does not fit in wasm32 memory; use "js"`,
    );
  }
  if (!wantWasm) return jsKernel(X, rows, cols, y);
  const threads = t === "auto"
    ? (rows * cols >= THREAD_MIN_ENTRIES && (navigator.hardwareConcurrency ?? 1) >= 2 &&
        !inWorker()
      ? 2
      : 1)
    : t;
  return wasmKernel(X, rows, cols, colsPad, f32, matrixBytes, y, threads);
}

// control words in the shared memory (Int32 indices), then c1, c2 as float64 at byte 32
const GEN = 0, DONE = 1, CUR = 2, QUIT = 3, READY = 4;

function wasmKernel(
  X: Float32Array | Float64Array,
  rows: number,
  cols: number,
  colsPad: number,
  f32: boolean,
  matrixBytes: number,
  y: Float64Array,
  threads: number,
): AmpKernel {
  let offset = 0;
  const take = (bytes: number): number => {
    const p = offset;
    offset += align(bytes);
    return p;
  };
  const px = take(matrixBytes);
  const pa = take(colsPad * 8);
  const po = take(colsPad * 8);
  const po2 = take(colsPad * 8);
  const pb = take(colsPad * 8);
  const pb2 = take(colsPad * 8);
  const py = take(rows * 8);
  const pg0 = take(rows * 8);
  const pg1 = take(rows * 8);
  const pc = take(64);
  const pages = Math.ceil(offset / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  const instance = new WebAssembly.Instance(kernelModule(), { env: { memory } });
  const buf = memory.buffer;
  if (f32) {
    const dst = new Float32Array(buf, px, rows * colsPad);
    for (let mu = 0; mu < rows; mu++) {
      dst.set((X as Float32Array).subarray(mu * cols, mu * cols + cols), mu * colsPad);
    }
  } else {
    const dst = new Float64Array(buf, px, rows * colsPad);
    for (let mu = 0; mu < rows; mu++) {
      dst.set((X as Float64Array).subarray(mu * cols, mu * cols + cols), mu * colsPad);
    }
  }
  new Float64Array(buf, py, rows).set(y);
  const a32 = new Float32Array(buf, pa, colsPad);
  const a64 = new Float64Array(buf, pa, colsPad);
  const out = new Float64Array(buf, po, cols);
  const out2 = new Float64Array(buf, po2, cols);
  const gs = [new Float64Array(buf, pg0, rows), new Float64Array(buf, pg1, rows)];
  const gp = [pg0, pg1];
  const ctrl = new Int32Array(buf, pc, 8);
  const coef = new Float64Array(buf, pc + 32, 2);
  let cur = 0; // gs[cur] holds gPrevious
  const exports = instance.exports as Record<string, (...args: number[]) => void>;
  const ampF32 = exports.amp_f32, ampF64 = exports.amp_f64;
  // float32: rows [0, split) and [split, rows), partial sums in out and out2
  const split = ampSplitRow(rows);
  const rows2 = rows - split;
  const xOff2 = px + split * colsPad * 4;
  let worker: Worker | null = null;
  if (f32 && threads === 2 && rows2 > 0) {
    worker = new Worker(new URL("./amp_kernel_worker.ts", import.meta.url), { type: "module" });
    worker.postMessage({
      module: kernelModule(),
      memory,
      pc,
      args: [xOff2, colsPad, rows2, pa, py + split * 8, pg0 + split * 8, pg1 + split * 8, po2, pb2],
    });
  }
  let generation = 0;
  const secondHalf = (next: number, c1: number, c2: number) =>
    ampF32(
      xOff2,
      colsPad,
      rows2,
      pa,
      py + split * 8,
      gp[cur] + split * 8,
      gp[next] + split * 8,
      po2,
      pb2,
      c1,
      c2,
    );
  const dispose = (): void => {
    if (worker === null) return;
    Atomics.store(ctrl, QUIT, 1);
    Atomics.store(ctrl, GEN, ++generation);
    Atomics.notify(ctrl, GEN);
    worker.terminate();
    worker = null;
  };
  return {
    rows,
    cols,
    backend: f32 ? "wasm-f32" : "wasm-f64",
    threads: worker === null ? 1 : 2,
    run(a: Float64Array, c1: number, c2: number) {
      const next = 1 - cur;
      if (!f32) {
        a64.set(a);
        ampF64(px, colsPad, rows, pa, py, gp[cur], gp[next], po, c1, c2);
        cur = next;
        return { g: gs[cur], out };
      }
      a32.set(a);
      const parallel = worker !== null && Atomics.load(ctrl, READY) === 1;
      if (parallel) {
        coef[0] = c1;
        coef[1] = c2;
        ctrl[CUR] = cur;
        Atomics.store(ctrl, GEN, ++generation);
        Atomics.notify(ctrl, GEN);
      }
      ampF32(px, colsPad, split, pa, py, gp[cur], gp[next], po, pb, c1, c2);
      if (parallel) {
        // a pass over the largest wasm32 matrix takes seconds: a minute means the worker died
        const deadline = performance.now() + 60_000;
        for (;;) {
          const done = Atomics.load(ctrl, DONE);
          if (done === generation) break;
          if (performance.now() > deadline) {
            dispose();
            throw new Error("AMP kernel: the worker thread stopped responding");
          }
          Atomics.wait(ctrl, DONE, done, 1000);
        }
      } else if (rows2 > 0) {
        secondHalf(next, c1, c2);
      }
      if (rows2 > 0) { for (let i = 0; i < cols; i++) out[i] += out2[i]; }
      cur = next;
      return { g: gs[cur], out };
    },
    reset() {
      gs[cur].fill(0);
    },
    dispose,
  };
}

function jsKernel(
  X: Float32Array | Float64Array,
  rows: number,
  cols: number,
  y: Float64Array,
): AmpKernel {
  const gs = [new Float64Array(rows), new Float64Array(rows)];
  const out = new Float64Array(cols);
  let cur = 0;
  return {
    rows,
    cols,
    backend: "js",
    threads: 1,
    run(a: Float64Array, c1: number, c2: number) {
      const gPrev = gs[cur], g = gs[1 - cur];
      out.fill(0);
      for (let mu = 0; mu < rows; mu++) {
        const off = mu * cols;
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let i = 0;
        for (; i + 3 < cols; i += 4) {
          s0 += X[off + i] * a[i];
          s1 += X[off + i + 1] * a[i + 1];
          s2 += X[off + i + 2] * a[i + 2];
          s3 += X[off + i + 3] * a[i + 3];
        }
        for (; i < cols; i++) s0 += X[off + i] * a[i];
        const gm = c1 * (y[mu] - (s0 + s1 + (s2 + s3))) + c2 * gPrev[mu];
        g[mu] = gm;
        for (i = 0; i < cols; i++) out[i] += gm * X[off + i];
      }
      cur = 1 - cur;
      return { g, out };
    },
    reset() {
      gs[cur].fill(0);
    },
    dispose() {},
  };
}
