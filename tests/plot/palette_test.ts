import assert from "node:assert/strict";
import {
  bitColor,
  bitLabel,
  OKABE_ITO,
  SERIES_COLORS,
  seriesColorScale,
  UNQUANTIZED_LABEL,
} from "../../lib/plot/mod.ts";

// Published Okabe–Ito RGB triples (Okabe & Ito 2008, "Color Universal Design").
const PUBLISHED: Record<string, [number, number, number]> = {
  black: [0, 0, 0],
  orange: [230, 159, 0],
  skyBlue: [86, 180, 233],
  bluishGreen: [0, 158, 115],
  yellow: [240, 228, 66],
  blue: [0, 114, 178],
  vermillion: [213, 94, 0],
  reddishPurple: [204, 121, 167],
};

function rgb(hex: string): [number, number, number] {
  assert.match(hex, /^#[0-9A-F]{6}$/i);
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

Deno.test("OKABE_ITO matches the published RGB values", () => {
  assert.deepEqual(Object.keys(OKABE_ITO).sort(), Object.keys(PUBLISHED).sort());
  for (const [name, triple] of Object.entries(PUBLISHED)) {
    assert.deepEqual(rgb(OKABE_ITO[name as keyof typeof OKABE_ITO]), triple, name);
  }
});

Deno.test("SERIES_COLORS: the seven non-black Okabe–Ito colours, yellow last", () => {
  assert.equal(SERIES_COLORS.length, 7);
  assert.equal(new Set(SERIES_COLORS).size, 7);
  assert.ok(!SERIES_COLORS.includes(OKABE_ITO.black));
  assert.equal(SERIES_COLORS.at(-1), OKABE_ITO.yellow);
});

Deno.test("bitColor: fixed, distinct for 1..7 bits, black for unquantized", () => {
  const colors = [1, 2, 3, 4, 5, 6, 7].map(bitColor);
  assert.equal(new Set(colors).size, 7);
  assert.equal(bitColor(Infinity), OKABE_ITO.black);
  assert.ok(!colors.includes(OKABE_ITO.black));
  // Same answer every call (consistency across charts) and a cycle of length 7.
  assert.deepEqual([1, 2, 3].map(bitColor), colors.slice(0, 3));
  assert.equal(bitColor(9), bitColor(2));
  // Non-integer bit counts take the nearest integer's colour.
  assert.equal(bitColor(Math.log2(3)), bitColor(2));
});

Deno.test("bitColor/bitLabel reject bits that are not > 0", () => {
  for (const bad of [0, -1, NaN, -Infinity]) {
    assert.throws(
      () => bitColor(bad),
      (e: Error) => e instanceof RangeError && /bits/.test(e.message),
    );
    assert.throws(() => bitLabel(bad), RangeError);
  }
});

Deno.test("bitLabel: singular, plural, non-integer, unquantized", () => {
  assert.equal(bitLabel(1), "1 bit");
  assert.equal(bitLabel(2), "2 bits");
  assert.equal(bitLabel(16), "16 bits");
  assert.equal(bitLabel(Math.log2(3)), "1.58 bits");
  assert.equal(bitLabel(Infinity), UNQUANTIZED_LABEL);
});

Deno.test("seriesColorScale: bit labels keep their colours, others avoid them", () => {
  const names = ["theory", bitLabel(1), "AMP", bitLabel(3), UNQUANTIZED_LABEL, "theory"];
  const s = seriesColorScale(names);
  assert.deepEqual(s.domain, ["theory", "1 bit", "AMP", "3 bits", "unquantized"]);
  assert.equal(s.range[1], bitColor(1));
  assert.equal(s.range[3], bitColor(3));
  assert.equal(s.range[4], OKABE_ITO.black);
  assert.equal(new Set(s.range).size, s.range.length, "all colours distinct");
  // The same bit label gets the same colour whatever else is in the chart.
  assert.equal(seriesColorScale(["x", "y", "z", "3 bits"]).range[3], bitColor(3));
});

Deno.test("seriesColorScale: explicit colours win", () => {
  const s = seriesColorScale(["a", "2 bits"], { "2 bits": "#123456" });
  assert.deepEqual(s.range.slice(1), ["#123456"]);
});
