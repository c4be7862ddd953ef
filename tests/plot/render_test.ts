import assert from "node:assert/strict";
import {
  errorVsWidthSpec,
  renderPng,
  renderSvg,
  saveChart,
  svgToPng,
  VEGA_LITE_V5_SCHEMA,
  type VegaLiteSpec,
} from "../../lib/plot/mod.ts";
import { darkPixels, decodePng, hasPngSignature } from "./_png.ts";
import { svgSize } from "./_svg.ts";

Deno.test("svgToPng: exact size at the scale, pixels where the SVG put them", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">' +
    '<rect width="40" height="20" fill="white"/>' +
    '<rect x="10" y="5" width="20" height="10" fill="#ff0000"/></svg>';
  const png = await svgToPng(svg, { scale: 2 });
  assert.ok(hasPngSignature(png));
  const img = await decodePng(png);
  assert.deepEqual([img.width, img.height], [80, 40]);
  const px = (
    x: number,
    y: number,
  ) => [...img.rgba.subarray((y * 80 + x) * 4, (y * 80 + x) * 4 + 4)];
  assert.deepEqual(px(40, 20), [255, 0, 0, 255], "inside the red rect (scaled)");
  assert.deepEqual(px(5, 5), [255, 255, 255, 255], "outside it");
  assert.deepEqual(px(70, 35), [255, 255, 255, 255]);
});

Deno.test("svgToPng: text is drawn with the bundled font", async () => {
  const text = (t: string) =>
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">' +
    '<rect width="200" height="60" fill="white"/>' +
    `<text x="10" y="45" font-family="sans-serif" font-size="40" fill="black">${t}</text></svg>`;
  const withText = await decodePng(await svgToPng(text("ωα Ag"), { scale: 1 }));
  const empty = await decodePng(await svgToPng(text(""), { scale: 1 }));
  const all = { x0: 0, y0: 0, x1: 200, y1: 60 };
  assert.equal(darkPixels(empty, all), 0);
  // Four 40-px glyphs cover far more than a few hundred pixels.
  assert.ok(darkPixels(withText, all) > 300, `dark pixels: ${darkPixels(withText, all)}`);
  // Glyphs sit right of x = 10 and above the baseline y = 45 (descender of "g" below).
  assert.equal(darkPixels(withText, { x0: 0, y0: 0, x1: 9, y1: 60 }), 0);
});

Deno.test("svgToPng: scale must be a finite number > 0", async () => {
  for (const scale of [0, -1, NaN, Infinity]) {
    await assert.rejects(
      () => svgToPng("<svg xmlns='http://www.w3.org/2000/svg' width='1' height='1'/>", { scale }),
      (e: Error) => e instanceof RangeError && e.message.startsWith("scale:"),
    );
  }
});

function chart(): VegaLiteSpec {
  return errorVsWidthSpec(
    [1, 2].flatMap((bits) =>
      Array.from({ length: 20 }, (_, i) => ({
        width: 0.1 * (i + 1),
        error: 0.1 / bits + (0.1 * (i + 1) - 0.5 * bits) ** 2,
        bits,
      }))
    ),
    { title: "Error vs width" },
  );
}

Deno.test("renderPng: signature, size = SVG size × scale, axis title drawn", async () => {
  const spec = chart();
  const { width, height } = svgSize(await renderSvg(spec));
  const png = await renderPng(spec, { scale: 2 });
  assert.ok(hasPngSignature(png));
  const img = await decodePng(png);
  assert.deepEqual([img.width, img.height], [Math.round(width * 2), Math.round(height * 2)]);
  // The x-axis title is the lowest element: a 12-px bold line just above the 8-px padding,
  // centred on the plot (which starts ~50 px from the left and is 480 px wide).
  const band = { x0: 2 * 150, y0: 2 * (height - 8 - 14), x1: 2 * 400, y1: 2 * (height - 8) };
  const inTitle = darkPixels(img, band);
  assert.ok(inTitle > 200, `dark pixels in the x-axis title band: ${inTitle}`);
  // Control: identical geometry with the axis title painted white leaves the band empty.
  const white = {
    ...spec,
    config: { ...(spec.config as object), axisX: { titleColor: "#ffffff" } },
  };
  const img2 = await decodePng(await renderPng(white, { scale: 2 }));
  assert.deepEqual([img2.width, img2.height], [img.width, img.height]);
  assert.equal(darkPixels(img2, band), 0, "band holds nothing but the title");
});

Deno.test("renderSvg/renderPng leave the spec untouched (vega tags data rows it ingests)", async () => {
  const spec = chart();
  const copy = structuredClone(spec);
  await renderSvg(spec);
  await renderPng(spec, { scale: 1 });
  assert.deepEqual(spec, copy);
});

Deno.test("saveChart: writes .vl.json, .svg and .png (optional)", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const spec = chart();
    const out = await saveChart(spec, `${dir}/a/b/chart`);
    assert.deepEqual(out, {
      spec: `${dir}/a/b/chart.vl.json`,
      svg: `${dir}/a/b/chart.svg`,
      png: `${dir}/a/b/chart.png`,
    });
    const back = JSON.parse(await Deno.readTextFile(out.spec));
    assert.deepEqual(back, JSON.parse(JSON.stringify(spec)));
    assert.equal(back.$schema, VEGA_LITE_V5_SCHEMA);
    assert.ok((await Deno.readTextFile(out.svg)).startsWith("<svg"));
    assert.ok(hasPngSignature(await Deno.readFile(out.png!)));
    const noPng = await saveChart(spec, `${dir}/c`, { png: false });
    assert.equal(noPng.png, undefined);
    await assert.rejects(() => Deno.stat(`${dir}/c.png`), Deno.errors.NotFound);
    await assert.rejects(() => saveChart(spec, ""), TypeError);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
