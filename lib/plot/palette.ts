/**
 * Colour-blind-safe colours for typiquant charts: the Okabe–Ito palette, with a fixed colour per
 * bit count so that "2 bits" is the same colour in every figure.
 *
 * Reference: M. Okabe and K. Ito, "Color Universal Design (CUD): how to make figures and
 * presentations that are friendly to colorblind people" (2008), https://jfly.uni-koeln.de/color/.
 *
 * @module
 */

/** The eight Okabe–Ito colours, in the authors' order (black first). */
export const OKABE_ITO: Readonly<{
  black: string;
  orange: string;
  skyBlue: string;
  bluishGreen: string;
  yellow: string;
  blue: string;
  vermillion: string;
  reddishPurple: string;
}> = Object.freeze({
  black: "#000000",
  orange: "#E69F00",
  skyBlue: "#56B4E9",
  bluishGreen: "#009E73",
  yellow: "#F0E442",
  blue: "#0072B2",
  vermillion: "#D55E00",
  reddishPurple: "#CC79A7",
});

/**
 * Colours used for series, in order. Black is kept for the unquantized baseline / references and
 * yellow (low contrast on white) comes last.
 */
export const SERIES_COLORS: readonly string[] = Object.freeze([
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.yellow,
]);

/** Label used for real-valued (unquantized) weights, i.e. `bits = Infinity`. */
export const UNQUANTIZED_LABEL = "unquantized";

function checkBits(bits: number): void {
  if (typeof bits !== "number" || Number.isNaN(bits) || !(bits > 0)) {
    throw new RangeError(`bits: expected a number > 0 (or Infinity for unquantized), got ${bits}`);
  }
}

/**
 * The colour of a bit count: integer `b` gets `SERIES_COLORS[(b - 1) % 7]` (1 bit orange, 2 bits
 * sky blue, 3 bits green, 4 bits blue, …), `Infinity` (unquantized) is black. A non-integer bit
 * count (e.g. a 3-level mid-tread set, log2 3 bits) takes the colour of the nearest integer.
 *
 * @throws {RangeError} if `bits` is not > 0.
 * @example
 * ```ts
 * if (bitColor(1) !== OKABE_ITO.orange) throw new Error("1 bit should be orange");
 * if (bitColor(Infinity) !== "#000000") throw new Error("unquantized should be black");
 * if (bitColor(8) !== bitColor(1)) throw new Error("palette cycles after 7 bit counts");
 * ```
 */
export function bitColor(bits: number): string {
  checkBits(bits);
  if (bits === Infinity) return OKABE_ITO.black;
  const b = Math.max(1, Math.round(bits));
  return SERIES_COLORS[(b - 1) % SERIES_COLORS.length];
}

/**
 * The legend label of a bit count: `"1 bit"`, `"3 bits"`, `"1.58 bits"` (3 significant digits
 * for non-integers), or `"unquantized"` for `Infinity`.
 *
 * @throws {RangeError} if `bits` is not > 0.
 * @example
 * ```ts
 * if (bitLabel(1) !== "1 bit" || bitLabel(4) !== "4 bits") throw new Error();
 * if (bitLabel(Math.log2(3)) !== "1.58 bits") throw new Error(bitLabel(Math.log2(3)));
 * if (bitLabel(Infinity) !== "unquantized") throw new Error();
 * ```
 */
export function bitLabel(bits: number): string {
  checkBits(bits);
  if (bits === Infinity) return UNQUANTIZED_LABEL;
  if (bits === 1) return "1 bit";
  const text = Number.isInteger(bits) ? String(bits) : String(Number(bits.toPrecision(3)));
  return `${text} bits`;
}

/** Inverse of {@link bitLabel} for labels it produces; `undefined` for any other string. */
function bitsOfLabel(label: string): number | undefined {
  if (label === UNQUANTIZED_LABEL) return Infinity;
  const m = /^(\d+(?:\.\d+)?) bits?$/.exec(label);
  if (m === null) return undefined;
  const b = Number(m[1]);
  return b > 0 ? b : undefined;
}

/** A Vega-Lite colour scale fragment: `{ domain, range }`. */
export interface ColorScale {
  /** Series names, in legend order. */
  readonly domain: string[];
  /** One CSS colour per name. */
  readonly range: string[];
}

/**
 * Colours for a list of series names, consistent across charts: names produced by
 * {@link bitLabel} (`"2 bits"`, `"unquantized"`) get their {@link bitColor}; other names take
 * the {@link SERIES_COLORS} in order, skipping colours already used by bit labels while any are
 * left. `colors` overrides any name. Duplicate names are kept once.
 *
 * @example
 * ```ts
 * const s = seriesColorScale(["2 bits", "theory", "unquantized"]);
 * if (s.range[0] !== bitColor(2) || s.range[2] !== "#000000") throw new Error();
 * if (s.range[1] === s.range[0]) throw new Error("free names avoid bit colours");
 * ```
 */
export function seriesColorScale(
  names: readonly string[],
  colors: Readonly<Record<string, string>> = {},
): ColorScale {
  const domain = [...new Set(names)];
  const used = new Set<string>();
  for (const name of domain) {
    const b = bitsOfLabel(name);
    if (b !== undefined) used.add(bitColor(b));
  }
  const free = SERIES_COLORS.filter((c) => !used.has(c));
  const pool = free.length > 0 ? free : [...SERIES_COLORS];
  let next = 0;
  const range = domain.map((name) => {
    if (Object.hasOwn(colors, name)) return colors[name];
    const b = bitsOfLabel(name);
    if (b !== undefined) return bitColor(b);
    return pool[next++ % pool.length];
  });
  return { domain, range };
}
