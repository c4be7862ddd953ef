/**
 * A seeded pseudo-random number generator: xoshiro256** (D. Blackman and S. Vigna, "Scrambled
 * linear pseudorandom number generators", ACM Trans. Math. Softw. 47 (2021) 36; reference C code
 * at prng.di.unimi.it), seeded through splitmix64 as its authors recommend.
 *
 * The 256-bit state is kept as eight 32-bit halves and every draw uses only 32-bit integer
 * arithmetic (`Math.imul`, shifts, carries); BigInt appears only in seeding and in the
 * state import/export helpers.
 *
 * Normal deviates use the ziggurat method (G. Marsaglia and W. W. Tsang, "The ziggurat method
 * for generating random variables", J. Stat. Softw. 5 (2000) 8) with 128 layers, in J. A.
 * Doornik's ZIGNOR form ("An improved ziggurat method to generate normal random samples",
 * 2005): the layer index and the abscissa come from disjoint bits of the same 64-bit output, and
 * the base layer's tail is sampled by Marsaglia's exact tail method (G. Marsaglia, "Generating a
 * variable from the tail of the normal distribution", Technometrics 6 (1964) 101–102).
 * R and V are solved (mpmath) so that the 128 layers of area V close exactly at x = 0.
 *
 * @module
 */

const TWO_32 = 4294967296;
const TWO_M32 = 2.3283064365386963e-10; // 2^-32 (multiplying is exact and faster than dividing)
const TWO_M53 = 1.1102230246251565e-16; // 2^-53
const TWO_53 = 9007199254740992;
const MASK64 = (1n << 64n) - 1n;

const TWO_M52 = 2.220446049250313e-16; // 2^-52

// Ziggurat tables (ZIGNOR, 128 layers). R: right edge of the base layer; V: area of each layer,
// V = R·φ̃(R) + ∫_R^∞ φ̃ with φ̃(x) = exp(−x²/2). R solved so that the recursion below gives
// X[128] = 0 to double precision (Marsaglia–Tsang's 3.442619855899 closes only to 1e-9).
const ZIG_C = 128;
const ZIG_R = 3.4426198558966521214;
const ZIG_V = 9.9125630353364610791e-3;
/** X[i]: right edge of layer i (X[0] = V/φ̃(R) is the base layer's virtual width). */
const ZX = new Float64Array(ZIG_C + 1);
/** ZR[i] = X[i+1]/X[i]: fraction of layer i that lies entirely under the curve. */
const ZR = new Float64Array(ZIG_C);
/** ZF[i] = φ̃(X[i]). */
const ZF = new Float64Array(ZIG_C + 1);
{
  let f = Math.exp(-0.5 * ZIG_R * ZIG_R);
  ZX[0] = ZIG_V / f;
  ZX[1] = ZIG_R;
  ZX[ZIG_C] = 0;
  for (let i = 2; i < ZIG_C; i++) {
    ZX[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZX[i - 1] + f));
    f = Math.exp(-0.5 * ZX[i] * ZX[i]);
  }
  for (let i = 0; i < ZIG_C; i++) ZR[i] = ZX[i + 1] / ZX[i];
  for (let i = 0; i <= ZIG_C; i++) ZF[i] = Math.exp(-0.5 * ZX[i] * ZX[i]);
}

/** xoshiro256 jump polynomial (2^128 steps), as eight 32-bit words, low word of each u64 first. */
const JUMP = new Int32Array([
  0x3cfd0aba,
  0x180ec6d3,
  0xf0c9392c | 0,
  0xd5a61266 | 0,
  0xe03fc9aa | 0,
  0xa9582618 | 0,
  0x29b1661c,
  0x39abdc45,
]);

/** One step of splitmix64 (S. Vigna's reference `splitmix64.c`); returns [newState, output]. */
function splitmix64(x: bigint): [bigint, bigint] {
  x = (x + 0x9e3779b97f4a7c15n) & MASK64;
  let z = x;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return [x, z ^ (z >> 31n)];
}

/**
 * A xoshiro256** generator. Create one with `createRng(seed)` (or `Rng.fromState`). Each
 * generator holds its own state; two generators built from the same seed produce the same
 * numbers.
 *
 * @example
 * ```ts
 * const rng: Rng = createRng(2024);
 * const z = new Float64Array(1000);
 * rng.fillNormal(z);
 * const worker = rng.split(); // an independent stream, e.g. for a second chain
 * if (worker.normal() === rng.normal()) throw new Error();
 * ```
 */
export class Rng {
  /** State s0..s3 as [hi, lo] 32-bit halves: s[0]=s0.hi, s[1]=s0.lo, ..., s[7]=s3.lo. */
  readonly #s: Int32Array;
  /** Low 32 bits of the last 64-bit output (the high half is returned by #step). */
  #lo = 0;

  /** Use `createRng(seed)` or `Rng.fromState(...)`; the state must not be all zero. */
  private constructor(state: Int32Array) {
    this.#s = state;
  }

  /**
   * A generator with an explicit xoshiro256** state `[s0, s1, s2, s3]` (unsigned 64-bit
   * BigInts), e.g. to reproduce the reference implementation.
   *
   * @throws {RangeError} if a word is not in [0, 2^64) or all four words are zero.
   * @example
   * ```ts
   * // first output of xoshiro256** from state {1, 2, 3, 4} is rotl(2·5, 7)·9 = 11520
   * const r = Rng.fromState([1n, 2n, 3n, 4n]);
   * if (r.nextUint64() !== 11520n) throw new Error();
   * ```
   */
  static fromState(state: readonly bigint[]): Rng {
    if (!Array.isArray(state) || state.length !== 4) {
      throw new RangeError(`state: expected 4 unsigned 64-bit BigInts, got ${String(state)}`);
    }
    const s = new Int32Array(8);
    let any = false;
    for (let i = 0; i < 4; i++) {
      const w = state[i];
      if (typeof w !== "bigint" || w < 0n || w > MASK64) {
        throw new RangeError(`state[${i}]: expected a BigInt in [0, 2^64), got ${String(w)}`);
      }
      if (w !== 0n) any = true;
      s[2 * i] = Number(w >> 32n) | 0;
      s[2 * i + 1] = Number(w & 0xffffffffn) | 0;
    }
    if (!any) throw new RangeError("state: xoshiro256** state must not be all zero");
    return new Rng(s);
  }

  /**
   * The current state `[s0, s1, s2, s3]` as unsigned 64-bit BigInts.
   *
   * @example
   * ```ts
   * const a = createRng(5);
   * a.uniform();
   * const b = Rng.fromState(a.getState());
   * if (a.uniform() !== b.uniform()) throw new Error();
   * ```
   */
  getState(): bigint[] {
    const s = this.#s;
    const out: bigint[] = [];
    for (let i = 0; i < 4; i++) {
      out.push((BigInt(s[2 * i] >>> 0) << 32n) | BigInt(s[2 * i + 1] >>> 0));
    }
    return out;
  }

  /** Advances the state by one step; returns the high 32 bits of the output, stores the low. */
  #step(): number {
    const s = this.#s;
    const s0h = s[0], s0l = s[1], s1h = s[2], s1l = s[3];
    const s2h = s[4], s2l = s[5], s3h = s[6], s3l = s[7];
    // m = s1 * 5 (mod 2^64)
    let t = (s1l >>> 0) * 5;
    let ml = t >>> 0;
    let mh = (Math.imul(s1h, 5) + ((t * TWO_M32) | 0)) | 0;
    // rotl(m, 7)
    const rh = (mh << 7) | (ml >>> 25);
    const rl = (ml << 7) | (mh >>> 25);
    // result = rotl(m, 7) * 9 (mod 2^64)
    t = (rl >>> 0) * 9;
    ml = t >>> 0;
    mh = (Math.imul(rh, 9) + ((t * TWO_M32) | 0)) | 0;
    this.#lo = ml;
    // t = s1 << 17
    const th = (s1h << 17) | (s1l >>> 15);
    const tl = s1l << 17;
    // s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
    const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
    const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
    s[2] = s1h ^ n2h;
    s[3] = s1l ^ n2l;
    s[0] = s0h ^ n3h;
    s[1] = s0l ^ n3l;
    s[4] = n2h ^ th;
    s[5] = n2l ^ tl;
    s[6] = (n3l << 13) | (n3h >>> 19);
    s[7] = (n3h << 13) | (n3l >>> 19);
    return mh >>> 0;
  }

  /**
   * The next full 64-bit output of xoshiro256** as a BigInt (slow; for tests and interop).
   *
   * @example
   * ```ts
   * const r = createRng(1);
   * if (typeof r.nextUint64() !== "bigint") throw new Error();
   * ```
   */
  nextUint64(): bigint {
    const hi = this.#step();
    return (BigInt(hi) << 32n) | BigInt(this.#lo >>> 0);
  }

  /**
   * A uniform integer in [0, 2^32): the high 32 bits of the next 64-bit output.
   *
   * @example
   * ```ts
   * const u = createRng(1).nextUint32();
   * if (!(Number.isInteger(u) && u >= 0 && u < 2 ** 32)) throw new Error();
   * ```
   */
  nextUint32(): number {
    return this.#step();
  }

  /**
   * A uniform double in [0, 1) with 53 random bits: `(x >>> 11) · 2^-53` for the next 64-bit
   * output x (the conversion recommended with the reference code).
   *
   * @example
   * ```ts
   * const r = createRng(3);
   * let m = 0;
   * for (let i = 0; i < 10000; i++) m += r.uniform();
   * if (Math.abs(m / 10000 - 0.5) > 0.02) throw new Error(); // 7 standard errors
   * ```
   */
  uniform(): number {
    const hi = this.#step();
    return (hi * 2097152 + (this.#lo >>> 11)) * TWO_M53;
  }

  /** One standard normal deviate by the ziggurat (ZIGNOR). */
  #zig(): number {
    const hi = this.#step();
    return this.#zigFrom(hi, this.#lo);
  }

  /**
   * The ziggurat from a 64-bit output `(hi, lo)` already drawn: the core test, then the tail,
   * the wedge and further draws as needed (the same stream as {@link Rng.normal}).
   */
  #zigFrom(hi: number, lo: number): number {
    for (;;) {
      const i = lo & 127; // layer from the low 7 bits, abscissa from the high 53 bits
      const u = (hi * 2097152 + (lo >>> 11)) * TWO_M52 - 1; // uniform on [-1, 1)
      if (Math.abs(u) < ZR[i]) return u * ZX[i]; // inside the layer's core: ~98.8%
      if (i === 0) {
        // base layer beyond R: Marsaglia's tail method
        let x: number, y: number;
        do {
          x = Math.log(1 - this.uniform()) / ZIG_R;
          y = Math.log(1 - this.uniform());
        } while (-2 * y < x * x);
        return u < 0 ? x - ZIG_R : ZIG_R - x;
      }
      // wedge: accept if a uniform height in [φ̃(X[i]), φ̃(X[i+1])] falls under the curve
      const x = u * ZX[i];
      if (ZF[i] + this.uniform() * (ZF[i + 1] - ZF[i]) < Math.exp(-0.5 * x * x)) return x;
      hi = this.#step();
      lo = this.#lo;
    }
  }

  /**
   * A standard normal deviate (ziggurat method, ZIGNOR variant; about one 64-bit draw each).
   *
   * @example
   * ```ts
   * const r = createRng(4);
   * let s2 = 0;
   * for (let i = 0; i < 10000; i++) s2 += r.normal() ** 2;
   * if (Math.abs(s2 / 10000 - 1) > 0.1) throw new Error(); // 7 standard errors
   * ```
   */
  normal(): number {
    return this.#zig();
  }

  /**
   * Fills `out` with independent N(0, std²) deviates: `out[i] = std · normal()`, the same
   * stream as successive `normal()` calls.
   *
   * @throws {RangeError} if std is not a finite number >= 0.
   * @example
   * ```ts
   * const z = new Float64Array(5);
   * createRng(9).fillNormal(z, 2);
   * if (z.some((v) => !Number.isFinite(v) || v === 0)) throw new Error();
   * ```
   */
  fillNormal(out: Float64Array | Float32Array, std: number = 1): void {
    if (!(Number.isFinite(std) && std >= 0)) {
      throw new RangeError(`std: expected a finite number >= 0, got ${std}`);
    }
    // the xoshiro256** step of #step, inlined with the state in locals (about 3x faster than a
    // call per draw); the rare draws outside a layer's core go through #zigFrom on the stored
    // state, so the stream is exactly that of successive normal() calls
    const s = this.#s;
    const n = out.length;
    let s0h = s[0], s0l = s[1], s1h = s[2], s1l = s[3];
    let s2h = s[4], s2l = s[5], s3h = s[6], s3l = s[7];
    for (let k = 0; k < n; k++) {
      let t = (s1l >>> 0) * 5;
      let ml = t >>> 0;
      let mh = (Math.imul(s1h, 5) + ((t * TWO_M32) | 0)) | 0;
      const rh = (mh << 7) | (ml >>> 25);
      const rl = (ml << 7) | (mh >>> 25);
      t = (rl >>> 0) * 9;
      ml = t >>> 0;
      mh = (Math.imul(rh, 9) + ((t * TWO_M32) | 0)) | 0;
      const th = (s1h << 17) | (s1l >>> 15);
      const tl = s1l << 17;
      const n2h = s2h ^ s0h, n2l = s2l ^ s0l;
      const n3h = s3h ^ s1h, n3l = s3l ^ s1l;
      s1h ^= n2h;
      s1l ^= n2l;
      s0h ^= n3h;
      s0l ^= n3l;
      s2h = n2h ^ th;
      s2l = n2l ^ tl;
      s3h = (n3l << 13) | (n3h >>> 19);
      s3l = (n3h << 13) | (n3l >>> 19);
      const hi = mh >>> 0;
      const i = ml & 127;
      const u = (hi * 2097152 + (ml >>> 11)) * TWO_M52 - 1;
      if (Math.abs(u) < ZR[i]) {
        out[k] = std * (u * ZX[i]);
        continue;
      }
      s[0] = s0h, s[1] = s0l, s[2] = s1h, s[3] = s1l;
      s[4] = s2h, s[5] = s2l, s[6] = s3h, s[7] = s3l;
      this.#lo = ml;
      out[k] = std * this.#zigFrom(hi, ml);
      s0h = s[0], s0l = s[1], s1h = s[2], s1l = s[3];
      s2h = s[4], s2l = s[5], s3h = s[6], s3l = s[7];
    }
    s[0] = s0h, s[1] = s0l, s[2] = s1h, s[3] = s1l;
    s[4] = s2h, s[5] = s2l, s[6] = s3h, s[7] = s3l;
  }

  /**
   * Fills `out` with independent uniform doubles in [0, 1) (the stream of `uniform()`).
   *
   * @example
   * ```ts
   * const u = new Float64Array(4);
   * createRng(2).fillUniform(u);
   * if (u.some((v) => !(v >= 0 && v < 1))) throw new Error();
   * ```
   */
  fillUniform(out: Float64Array | Float32Array): void {
    for (let i = 0; i < out.length; i++) out[i] = this.uniform();
  }

  /**
   * A uniform integer in [0, n), exactly uniform (rejection sampling, no modulo bias).
   *
   * @throws {RangeError} if n is not an integer in [1, 2^53].
   * @example
   * ```ts
   * const r = createRng(8);
   * const counts = [0, 0, 0];
   * for (let i = 0; i < 3000; i++) counts[r.int(3)]++;
   * if (counts.some((c) => Math.abs(c - 1000) > 150)) throw new Error(); // ~6 sd
   * ```
   */
  int(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= TWO_53)) {
      throw new RangeError(`n: expected an integer in [1, 2^53], got ${n}`);
    }
    if (n <= TWO_32) {
      const limit = TWO_32 - (TWO_32 % n);
      let x = this.#step();
      while (x >= limit) x = this.#step();
      return x % n;
    }
    const limit = TWO_53 - (TWO_53 % n);
    let x: number;
    do {
      const hi = this.#step();
      x = hi * 2097152 + (this.#lo >>> 11);
    } while (x >= limit);
    return x % n;
  }

  /**
   * Advances this generator by 2^128 steps in place (the reference `jump()`), and returns it.
   *
   * @example
   * ```ts
   * const a = createRng(1), b = createRng(1);
   * a.jump();
   * if (a.uniform() === b.uniform()) throw new Error();
   * ```
   */
  jump(): this {
    const s = this.#s;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0;
    for (let w = 0; w < 8; w++) {
      const word = JUMP[w];
      for (let b = 0; b < 32; b++) {
        if ((word >>> b) & 1) {
          a0 ^= s[0];
          a1 ^= s[1];
          a2 ^= s[2];
          a3 ^= s[3];
          a4 ^= s[4];
          a5 ^= s[5];
          a6 ^= s[6];
          a7 ^= s[7];
        }
        this.#step();
      }
    }
    s[0] = a0;
    s[1] = a1;
    s[2] = a2;
    s[3] = a3;
    s[4] = a4;
    s[5] = a5;
    s[6] = a6;
    s[7] = a7;
    return this;
  }

  /**
   * Splits off an independent stream: the returned generator continues from this one's current
   * state, and this one jumps 2^128 steps ahead. Successive splits therefore give disjoint
   * streams (none overlaps another unless more than 2^128 numbers are drawn from one).
   *
   * @example
   * ```ts
   * const root = createRng(7);
   * const a = root.split(), b = root.split();
   * if (a.uniform() === b.uniform()) throw new Error();
   * ```
   */
  split(): Rng {
    const child = new Rng(new Int32Array(this.#s));
    this.jump();
    return child;
  }

  /**
   * An exact copy of this generator (same state).
   *
   * @example
   * ```ts
   * const a = createRng(3);
   * a.normal();
   * const b = a.clone();
   * if (a.normal() !== b.normal()) throw new Error();
   * ```
   */
  clone(): Rng {
    return new Rng(new Int32Array(this.#s));
  }
}

/**
 * A xoshiro256** generator seeded from `seed` through splitmix64 (state words are the first
 * four splitmix64 outputs starting from `seed`, as in the reference code's advice).
 *
 * @param seed an integer in [0, 2^53 − 1].
 * @throws {RangeError} if seed is not such an integer.
 * @example
 * ```ts
 * const a = createRng(42), b = createRng(42), c = createRng(43);
 * const x = a.uniform();
 * if (x !== b.uniform() || x === c.uniform()) throw new Error();
 * ```
 */
export function createRng(seed: number): Rng {
  if (!(Number.isSafeInteger(seed) && seed >= 0)) {
    throw new RangeError(`seed: expected an integer in [0, 2^53 - 1], got ${seed}`);
  }
  let x = BigInt(seed);
  const words: bigint[] = [];
  for (let i = 0; i < 4; i++) {
    const [nx, out] = splitmix64(x);
    x = nx;
    words.push(out);
  }
  // four consecutive splitmix64 outputs are never all zero (its output map is a bijection)
  return Rng.fromState(words);
}
