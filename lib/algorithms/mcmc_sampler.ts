/**
 * The single-weight heat-bath machinery of the Monte Carlo sampler (docs/theory.md §4): a
 * column-major copy of X, the column norms, and a residual `res = y − X·w` per state, kept up
 * to date in O(M) per changed weight. The column dot product `x_i·res` and the update
 * `res −= delta·x_i` run in WebAssembly SIMD (`dot_f64`, `axpy_f64` of `amp_kernel.wat`), with
 * the same summation order as the plain TypeScript loop used when X does not fit in wasm32
 * memory, so both paths give the same bits. A sweep allocates nothing.
 *
 * @module
 */
import type { Model } from "../model/params.ts";
import type { Rng } from "../numerics/rng.ts";
import { columnMajorX, type SyntheticData } from "./synthetic.ts";
import { levelSampler } from "./heat_bath.ts";
import { ampKernelModule } from "./amp_kernel.ts";

/** One chain's state: the weights and the residual `y − X·w`. */
export interface McmcState {
  /** The weights (length N). */
  w: Float64Array;
  /** The residual `y − X·w` (length M). */
  res: Float64Array;
}

const PAGE = 65536;
const WASM_LIMIT = 2 ** 32 - 2 ** 26;

/**
 * The single-weight heat-bath machinery for one instance: column-major X, column norms, the
 * residual bookkeeping. Exposed for benchmarks and tests.
 *
 * @example
 * ```ts
 * import { uniformQuantizer } from "../quantizers/uniform.ts";
 * import { resolveModel } from "../model/params.ts";
 * import { createRng } from "../numerics/rng.ts";
 * import { teacherStudentData } from "./synthetic.ts";
 * const data = teacherStudentData({ n: 50, alpha: 2, seed: 1, precision: "float64" });
 * const model = resolveModel({ alpha: 2, beta: 3, quantizer: uniformQuantizer({ bits: 2, width: 1 }) });
 * const s = new McmcSampler(data, model), rng = createRng(7);
 * const state = s.randomState(rng);
 * const e0 = s.energy(state);
 * for (let k = 0; k < 20; k++) s.sweep(state, 3, rng);
 * // the maintained residual equals a fresh one, and the energy went down from a random start
 * const e1 = s.energy(state);
 * s.refreshResidual(state);
 * if (Math.abs(s.energy(state) - e1) > 1e-9 || !(e1 < e0)) throw new Error();
 * ```
 */
export class McmcSampler {
  /** Number of weights N. */
  readonly n: number;
  /** Number of samples M. */
  readonly samples: number;
  readonly #Xc: Float64Array;
  readonly #c: Float64Array;
  readonly #y: Float64Array;
  readonly #lambda: number;
  readonly #model: Model;
  readonly #draw: (A: number, B: number, u: number, z: number) => number;
  readonly #continuous: boolean;
  /** wasm: memory, the column kernels, X's byte offset, residuals allocated in the memory */
  readonly #memory: WebAssembly.Memory | null = null;
  readonly #dot: ((px: number, pr: number, m: number) => number) | null = null;
  readonly #axpy: ((px: number, pr: number, m: number, delta: number) => void) | null = null;
  #top = 0;
  readonly #ours = new WeakSet<Float64Array>();

  /** Builds the sampler (copies X column-major, into wasm memory when it fits). */
  constructor(data: SyntheticData, model: Model) {
    this.n = data.n;
    this.samples = data.samples;
    const M = this.samples;
    const bytes = this.n * M * 8;
    if (bytes + 64 * M * 8 < WASM_LIMIT) {
      // room for 8 residuals, growable to 256 (chains x tempering replicas); more use JS arrays
      const resBytes = Math.ceil((M * 8) / 64) * 64;
      const pages = Math.ceil((bytes + 8 * resBytes + 64) / PAGE) + 1;
      const maximum = Math.ceil((bytes + 256 * resBytes + 64) / PAGE) + 1;
      this.#memory = new WebAssembly.Memory({ initial: pages, maximum, shared: true });
      const instance = new WebAssembly.Instance(ampKernelModule(), {
        env: { memory: this.#memory },
      });
      const ex = instance.exports as Record<string, (...a: number[]) => number>;
      this.#dot = ex.dot_f64;
      this.#axpy = ex.axpy_f64 as (px: number, pr: number, m: number, delta: number) => void;
      this.#Xc = new Float64Array(this.#memory.buffer, 0, this.n * M);
      this.#Xc.set(columnMajorX(data));
      this.#top = Math.ceil(bytes / 64) * 64;
    } else {
      this.#Xc = columnMajorX(data);
    }
    this.#y = data.y;
    this.#model = model;
    this.#lambda = model.lambda;
    this.#c = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      let s = 0;
      for (let mu = 0; mu < M; mu++) s += this.#Xc[i * M + mu] ** 2;
      this.#c[i] = s;
    }
    const s = levelSampler(model.quantizer);
    this.#draw = s.draw.bind(s);
    this.#continuous = model.quantizer.kind === "continuous";
  }

  /** A residual vector of length M, in the wasm memory when there is one. */
  #allocResidual(): Float64Array {
    const memory = this.#memory;
    if (memory === null) return new Float64Array(this.samples);
    const bytes = Math.ceil((this.samples * 8) / 64) * 64;
    if (this.#top + bytes > memory.buffer.byteLength) {
      try {
        memory.grow(Math.ceil((this.#top + bytes - memory.buffer.byteLength) / PAGE));
      } catch {
        return new Float64Array(this.samples); // past the maximum: the plain TypeScript path
      }
    }
    // shared memory: views made before a grow stay valid
    const res = new Float64Array(memory.buffer, this.#top, this.samples);
    this.#top += bytes;
    this.#ours.add(res);
    return res;
  }

  /** A state drawn from the base measure pi (the beta = 0 equilibrium), with its residual. */
  randomState(rng: Rng): McmcState {
    const w = new Float64Array(this.n);
    const q = this.#model.quantizer;
    if (q.kind === "levels") {
      const cum = new Float64Array(q.levels.length);
      let t = 0;
      for (let k = 0; k < cum.length; k++) cum[k] = t += Math.exp(q.logPi[k]);
      for (let i = 0; i < this.n; i++) {
        const u = rng.uniform() * t;
        let k = 0;
        while (k < cum.length - 1 && u >= cum[k]) k++;
        w[i] = q.levels[k];
      }
    } else {
      const sd = Number.isFinite(q.priorVariance) ? Math.sqrt(q.priorVariance) : 1;
      for (let i = 0; i < this.n; i++) w[i] = sd * rng.normal();
    }
    const state = { w, res: this.#allocResidual() };
    this.refreshResidual(state);
    return state;
  }

  /** Recomputes `res = y − X·w` from scratch (removes accumulated rounding). */
  refreshResidual(state: McmcState): void {
    const { w, res } = state;
    const M = this.samples, Xc = this.#Xc;
    res.set(this.#y);
    for (let i = 0; i < this.n; i++) {
      const wi = w[i];
      if (wi === 0) continue;
      const off = i * M;
      for (let mu = 0; mu < M; mu++) res[mu] -= wi * Xc[off + mu];
    }
  }

  /** Training energy `H = ½‖res‖² + ½·lambda·‖w‖²` of a state. */
  energy(state: McmcState): number {
    let s = 0, w2 = 0;
    const { w, res } = state;
    for (let mu = 0; mu < res.length; mu++) s += res[mu] * res[mu];
    if (this.#lambda > 0) { for (let i = 0; i < w.length; i++) w2 += w[i] * w[i]; }
    return 0.5 * s + 0.5 * this.#lambda * w2;
  }

  /** One sweep: N heat-bath updates in order i = 0..N−1 at inverse temperature beta. */
  sweep(state: McmcState, beta: number, rng: Rng): void {
    if (this.#dot !== null && this.#ours.has(state.res)) this.#sweepWasm(state, beta, rng);
    else this.#sweepJs(state, beta, rng);
  }

  #sweepWasm(state: McmcState, beta: number, rng: Rng): void {
    const { w, res } = state;
    const M = this.samples, c = this.#c, lambda = this.#lambda;
    const draw = this.#draw, dot = this.#dot!, axpy = this.#axpy!;
    const cont = this.#continuous;
    const pr = res.byteOffset, stride = M * 8;
    for (let i = 0; i < this.n; i++) {
      const px = i * stride;
      const old = w[i];
      const h = dot(px, pr, M) + c[i] * old;
      const u = rng.uniform();
      const z = cont ? rng.normal() : 0;
      const nw = draw(beta * (c[i] + lambda), beta * h, u, z);
      if (nw !== old) {
        axpy(px, pr, M, nw - old);
        w[i] = nw;
      }
    }
  }

  #sweepJs(state: McmcState, beta: number, rng: Rng): void {
    const { w, res } = state;
    const M = this.samples, Xc = this.#Xc, c = this.#c, lambda = this.#lambda;
    const draw = this.#draw;
    const cont = this.#continuous;
    for (let i = 0; i < this.n; i++) {
      const off = i * M;
      let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      let mu = 0;
      for (; mu + 3 < M; mu += 4) {
        d0 += Xc[off + mu] * res[mu];
        d1 += Xc[off + mu + 1] * res[mu + 1];
        d2 += Xc[off + mu + 2] * res[mu + 2];
        d3 += Xc[off + mu + 3] * res[mu + 3];
      }
      for (; mu < M; mu++) d0 += Xc[off + mu] * res[mu];
      const old = w[i];
      const h = d0 + d1 + (d2 + d3) + c[i] * old;
      const u = rng.uniform();
      const z = cont ? rng.normal() : 0;
      const nw = draw(beta * (c[i] + lambda), beta * h, u, z);
      if (nw !== old) {
        const delta = nw - old;
        for (mu = 0; mu < M; mu++) res[mu] -= delta * Xc[off + mu];
        w[i] = nw;
      }
    }
  }
}
