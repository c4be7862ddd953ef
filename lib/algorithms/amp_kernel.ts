/**
 * The matrix work of one AMP iteration as a single streaming pass over X.
 *
 * AMP (THEORY section 4) needs `X·a` and then `X^T·g`, where `g_mu` depends only on row mu's
 * product `(X·a)_mu` (and on scalars and the previous `g_mu`). So both products can be done
 * row by row: the row's dot product with `a`, then `g_mu`, then `out += g_mu·x_mu` while the row
 * is still in L1 cache. X is read from memory once per iteration instead of twice, which is
 * what matters: at N = M = 4000 the pass is memory-bound (about 10 GB/s on one core). The loop
 * runs in WebAssembly SIMD (`amp_kernel.wat`): float32 storage and arithmetic for Float32 X
 * (the row's dot product widened to float64; `out` flushed to float64 every 32 rows), float64
 * for Float64 X. No fused multiply-add, so the numbers are the same on every machine. A plain
 * TypeScript loop (float64) is the fallback when the matrix does not fit in wasm32 memory.
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
  /**
   * Runs the pass with the current estimate `a` (length N); `gPrevious` is the `g` of the
   * previous call (zeros before the first call, or after {@link AmpKernel.reset}).
   * Returns views of `g` (length M) and `out` (length N), valid until the next call.
   */
  run(a: Float64Array, c1: number, c2: number): { g: Float64Array; out: Float64Array };
  /** Sets `gPrevious` to zero. */
  reset(): void;
}

let cachedModule: WebAssembly.Module | null = null;

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

const align = (bytes: number): number => Math.ceil(bytes / 64) * 64;

/** Options for {@link createAmpKernel}. */
export interface AmpKernelOptions {
  /** Force a backend; default: wasm for the storage type of X, js if it does not fit. */
  backend?: "wasm" | "js";
}

/**
 * Builds the fused AMP pass for the row-major `X` (rows x cols) and labels `y`. The wasm
 * backends copy X (rows padded with zeros to a multiple of 8 floats) into their own memory.
 *
 * @throws {RangeError} if the sizes do not match.
 * @example
 * ```ts
 * const X = new Float64Array([1, 2, 3, 4, 5, 6]); // 2 x 3
 * const k = createAmpKernel(X, 2, 3, new Float64Array([1, 1]));
 * const { g, out } = k.run(new Float64Array([1, 0, 0]), 1, 0);
 * // g = y − X·a = [0, −3]; out = X^T·g = [−12, −15, −18]
 * if (g[1] !== -3 || out[0] !== -12 || out[2] !== -18) throw new Error();
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
  const f32 = X instanceof Float32Array;
  const pad = f32 ? 8 : 4;
  const colsPad = Math.ceil(cols / pad) * pad;
  const el = f32 ? 4 : 8;
  const matrixBytes = align(rows * colsPad * el);
  const vecBytes = align(colsPad * 8) * 3 + align(rows * 8) * 3;
  const wantWasm = options.backend !== "js" && matrixBytes + vecBytes < WASM_LIMIT;
  if (options.backend === "wasm" && !wantWasm) {
    throw new RangeError(
      `backend: the matrix (${matrixBytes} bytes) does not fit in wasm32 memory; use "js"`,
    );
  }
  if (!wantWasm) return jsKernel(X, rows, cols, y);
  return wasmKernel(X, rows, cols, colsPad, f32, matrixBytes, y);
}

function wasmKernel(
  X: Float32Array | Float64Array,
  rows: number,
  cols: number,
  colsPad: number,
  f32: boolean,
  matrixBytes: number,
  y: Float64Array,
): AmpKernel {
  let offset = 0;
  const take = (bytes: number): number => {
    const p = offset;
    offset += align(bytes);
    return p;
  };
  const px = take(matrixBytes);
  const pa = take(colsPad * 8);
  const pb = take(colsPad * 8);
  const po = take(colsPad * 8);
  const py = take(rows * 8);
  const pg0 = take(rows * 8);
  const pg1 = take(rows * 8);
  const pages = Math.ceil(offset / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
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
  const gs = [new Float64Array(buf, pg0, rows), new Float64Array(buf, pg1, rows)];
  const gp = [pg0, pg1];
  let cur = 0; // gs[cur] holds gPrevious
  const exports = instance.exports as Record<string, (...args: number[]) => void>;
  const ampF32 = exports.amp_f32, ampF64 = exports.amp_f64;
  return {
    rows,
    cols,
    backend: f32 ? "wasm-f32" : "wasm-f64",
    run(a: Float64Array, c1: number, c2: number) {
      if (f32) a32.set(a);
      else a64.set(a);
      const next = 1 - cur;
      if (f32) ampF32(px, colsPad, rows, pa, py, gp[cur], gp[next], po, pb, c1, c2);
      else ampF64(px, colsPad, rows, pa, py, gp[cur], gp[next], po, c1, c2);
      cur = next;
      return { g: gs[cur], out };
    },
    reset() {
      gs[cur].fill(0);
    },
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
  };
}
