/**
 * Task `test:explore`: the interactive side of typiquant's charts, checked in headless Chromium.
 *
 * ```sh
 * deno task test:explore                      # run the checks
 * deno task test:explore --screenshot-dir DIR # also save a PNG of the page after each step
 * ```
 *
 * A page (no network: every request is aborted) gets the npm `vega` and `vega-lite` browser
 * bundles (`build/vega.min.js`, `build/vega-lite.min.js` of the packages in `node_modules`,
 * inlined as script tags) and renders, with plain `vega.View` (SVG renderer, Vega's default
 * tooltip handler, which writes the tooltip text into a `title` attribute):
 *
 * 1. a phase diagram (`computePhaseDiagram` + `phaseDiagramChart`): the mouse hovers one heat-map
 *    cell and the tooltip must show that cell's RS solution (m, q, Q, AT, entropy, the three
 *    errors, converged) with the values computed here in Deno;
 * 2. the explore chart (`exploreGrid` + `exploreChart`): the page must hold the bits and width
 *    range inputs and the beta radio; the width slider is moved (value set, `input` event
 *    dispatched) and the chart must redraw: the `width` signal, the curve points (all at the
 *    new width, one per finite value), the SVG and the cursor rule change; a curve point of the
 *    new width is hovered and its tooltip must show that point's solution; then the bits
 *    slider and the beta toggle are moved and the points must follow.
 *
 * Prints one line per check and a closing `explore: N passed, N failed`; exits 1 on failure.
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { Page } from "playwright-core";
import { parseArgs } from "node:util";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { NB_REPO_ROOT } from "./notebook_exec.ts";
import { BROWSER_ARGS } from "./browser_check.ts";
import { computePhaseDiagram, phaseDiagramChart } from "../../lib/experiments/phase_diagram.ts";
import {
  exploreBetaLabel,
  exploreChart,
  exploreGrid,
  type ExplorePoint,
} from "../../lib/experiments/explore_grid.ts";

/**
 * d3-format `.4g` of a number, computed independently of d3 (JS `toPrecision`; d3 writes the
 * minus sign as U+2212).
 *
 * @example
 * ```ts
 * import { g4 } from "./explore_check.ts";
 * if (g4(0.5) !== "0.5000" || g4(-1.5) !== "\u22121.500") throw new Error();
 * ```
 */
export function g4(v: number): string {
  return v.toPrecision(4).replace("-", "\u2212");
}

/**
 * The lines a tooltip must contain (`key: value`, Vega's default tooltip format).
 *
 * @example
 * ```ts
 * import { missingTooltipLines } from "./explore_check.ts";
 * const miss = missingTooltipLines("m: 0.5000\nq: 0.2500", { m: "0.5000", q: "0.3000" });
 * if (miss.length !== 1 || miss[0] !== "q: 0.3000") throw new Error(miss.join());
 * ```
 */
export function missingTooltipLines(title: string, expected: Record<string, string>): string[] {
  const lines = new Set(title.split("\n"));
  return Object.entries(expected).map(([k, v]) => `${k}: ${v}`).filter((l) => !lines.has(l));
}

/** A browser bundle file of an npm package installed under node_modules. */
function bundleFile(pkg: string, file: string): string {
  const direct = join(NB_REPO_ROOT, "node_modules", pkg, "build", file);
  if (existsSync(direct)) return direct;
  const deno = join(NB_REPO_ROOT, "node_modules", ".deno");
  if (existsSync(deno)) {
    for (const e of Deno.readDirSync(deno)) {
      const p = join(deno, e.name, "node_modules", pkg, "build", file);
      if (e.name.startsWith(`${pkg}@`) && existsSync(p)) return p;
    }
  }
  throw new Error(`cannot find ${pkg}/build/${file} under node_modules (run \`deno install\`)`);
}

/** In-page: renders each spec with a plain vega View (SVG renderer) into `#<id>`. */
const RENDER_SCRIPT = `async (specs) => {
  window.__views = {};
  for (const [id, spec] of Object.entries(specs)) {
    const vg = vegaLite.compile(spec).spec;
    const view = new vega.View(vega.parse(vg), { renderer: "svg", container: "#" + id, hover: true });
    await view.runAsync();
    window.__views[id] = view;
  }
  return Object.keys(window.__views);
}`;

/**
 * In-page: the scenegraph items of view `id` whose mark type is `marktype` (and whose datum has
 * the key `has`), as { datum, box } with the item's SVG element's client rectangle.
 */
const ITEMS_SCRIPT = `([id, marktype, has]) => {
  const out = [];
  const walk = (node, type) => {
    if (!node || typeof node !== "object") return;
    const t = node.marktype || type;
    if (t === marktype && node.datum && (has === null || has in node.datum) && node._svg) {
      const r = node._svg.getBoundingClientRect();
      out.push({ datum: node.datum, box: { x: r.x, y: r.y, width: r.width, height: r.height } });
    }
    for (const c of node.items || []) walk(c, t);
  };
  walk(window.__views[id].scenegraph().root, "group");
  return out;
}`;

/** In-page: the tooltip text the default handler left (`title` attributes under `#<id>`). */
const TITLE_SCRIPT =
  `(id) => [...document.querySelectorAll("#" + id + "[title], #" + id + " [title]")]
  .map((e) => e.getAttribute("title")).filter((t) => t && t.length > 0).join("\\n---\\n")`;

interface ItemBox {
  datum: Record<string, number | string | null>;
  box: { x: number; y: number; width: number; height: number };
}

interface Outcome {
  name: string;
  problems: string[];
}

/** Calls the in-page function source `fn` with the JSON argument `arg`. */
async function call(page: Page, fn: string, arg: unknown): Promise<unknown> {
  return await page.evaluate(`(${fn})(${JSON.stringify(arg)})`);
}

async function hover(page: Page, item: ItemBox): Promise<void> {
  // move away first so that a new hover event fires even on the same element
  await page.mouse.move(1, 1);
  await page.mouse.move(item.box.x + item.box.width / 2, item.box.y + item.box.height / 2, {
    steps: 3,
  });
  await page.waitForTimeout(150);
}

async function items(page: Page, id: string, marktype: string, has: string | null) {
  return await call(page, ITEMS_SCRIPT, [id, marktype, has]) as ItemBox[];
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      chromium: { type: "string", default: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium" },
      "screenshot-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log("usage: explore_check.ts [--chromium PATH] [--screenshot-dir DIR]");
    return 0;
  }
  const t0 = performance.now();
  const outcomes: Outcome[] = [];
  const check = async (name: string, fn: (problems: string[]) => Promise<void>) => {
    const problems: string[] = [];
    try {
      await fn(problems);
    } catch (e) {
      problems.push(`threw: ${e instanceof Error ? e.stack ?? e.message : e}`);
    }
    outcomes.push({ name, problems });
    console.log(`${problems.length === 0 ? "ok    " : "FAILED"} ${name}`);
    for (const p of problems) console.log(`    ${p.replaceAll("\n", "\n    ")}`);
  };

  // The data, computed here (small grids: the check is about the browser, not the theory).
  const P = {
    alpha: 2,
    beta: 10,
    sigma2: 0.1,
    quantizer: { quantizer: "uniform" as const, bits: 2, width: 1 },
  };
  const diagram = await computePhaseDiagram(P, {
    x: { parameter: "alpha", from: 0.5, to: 4, samples: 6, scale: "log" },
    y: { parameter: "width", values: [0.6, 1, 1.4, 1.8] },
    workers: 1,
  });
  const grid = exploreGrid({
    bits: [1, 2, 3],
    widths: { from: 0.5, to: 2.5, samples: 5 },
    alphas: { from: 0.25, to: 4, samples: 9 },
  });
  const specs = {
    phase: phaseDiagramChart(diagram),
    explore: exploreChart(grid, { initial: { bits: 1, width: 1 } }),
  };

  const browser = await chromium.launch({
    executablePath: values.chromium,
    headless: true,
    args: [...BROWSER_ARGS],
  });
  const shots = values["screenshot-dir"];
  if (shots) Deno.mkdirSync(shots, { recursive: true });
  try {
    const context = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("data:") || url === "about:blank") return route.continue();
      pageErrors.push(`network request (blocked): ${url}`);
      return route.abort();
    });
    page.on("console", (msg) => {
      if (msg.type() === "error" || msg.type() === "warning") {
        pageErrors.push(`console ${msg.type()}: ${msg.text()}`);
      }
    });
    page.on("pageerror", (err) => pageErrors.push(`page error: ${err.message}`));
    await page.setContent(
      '<!doctype html><html><head><meta charset="utf-8"></head><body>' +
        '<div id="phase"></div><div id="explore"></div></body></html>',
    );
    await page.addScriptTag({ path: bundleFile("vega", "vega.min.js") });
    await page.addScriptTag({ path: bundleFile("vega-lite", "vega-lite.min.js") });

    await check("page: vega + vega-lite bundles load and both charts render", async (problems) => {
      const ids = await call(page, RENDER_SCRIPT, specs) as string[];
      if (ids.join() !== "phase,explore") problems.push(`views: ${ids.join()}`);
      for (const id of ["phase", "explore"]) {
        const n = await page.evaluate(
          `document.querySelectorAll("#${id} svg path, #${id} svg rect").length`,
        ) as number;
        if (!(n > 10)) problems.push(`#${id}: ${n} drawn shapes`);
      }
      if (shots) await page.screenshot({ path: join(shots, "explore_0_rendered.png") });
    });

    await check("phase diagram: hovering a cell shows its whole RS solution", async (problems) => {
      const cells = await items(page, "phase", "rect", "raw");
      const nx = diagram.x.values.length, ny = diagram.y.values.length;
      if (cells.length !== nx * ny) problems.push(`${cells.length} cells, expected ${nx * ny}`);
      for (const [j, i] of [[1, 2], [3, 5]]) {
        const x = diagram.x.values[i], y = diagram.y.values[j];
        const cell = cells.find((c) => c.datum.x === x && c.datum.y === y);
        if (!cell) {
          problems.push(`no cell at (${x}, ${y})`);
          continue;
        }
        await hover(page, cell);
        const title = await call(page, TITLE_SCRIPT, "phase") as string;
        const expected: Record<string, string> = {
          m: g4(diagram.m[j][i]!),
          q: g4(diagram.q[j][i]!),
          Q: g4(diagram.Q[j][i]!),
          AT: g4(diagram.at[j][i]!),
          shannonEntropy: g4(diagram.shannonEntropy[j][i]!),
          trainError: g4(diagram.trainError[j][i]!),
          genError: g4(diagram.genError[j][i]!),
          meanError: g4(diagram.meanError[j][i]!),
          converged: "true",
        };
        const miss = missingTooltipLines(title, expected);
        if (miss.length > 0) {
          problems.push(`cell (${x}, ${y}): tooltip lacks ${miss.join(" | ")}; got:\n${title}`);
        }
      }
      if (shots) await page.screenshot({ path: join(shots, "explore_1_hover_cell.png") });
    });

    const curvePoints = async () =>
      (await items(page, "explore", "symbol", "rs")).filter((p) => typeof p.datum.w === "number");
    const expectedPoints = (bits: number, width: number, beta: string): ExplorePoint[] =>
      grid.points.filter((p) =>
        p.bits === bits && Math.abs(p.width - width) < 1e-9 && exploreBetaLabel(p.beta) === beta
      );
    const finiteValues = (pts: ExplorePoint[]) =>
      pts.reduce(
        (n, p) =>
          n + [p.genError, p.trainError].filter((v) => v !== null && Number.isFinite(v)).length,
        0,
      );
    const setInput = async (selector: string, value: string, problems: string[]) => {
      const found = await page.evaluate(
        `(() => { const el = document.querySelector(${JSON.stringify(selector)});
          if (!el) return false;
          if (el.type === "radio") { el.checked = true; el.dispatchEvent(new Event("change", { bubbles: true })); }
          else { el.value = ${
          JSON.stringify(value)
        }; el.dispatchEvent(new Event("input", { bubbles: true })); }
          return true; })()`,
      );
      if (!found) problems.push(`no input ${selector}`);
      await page.evaluate("window.__views.explore.runAsync().then(() => true)");
      await page.waitForTimeout(100);
    };
    const pointsFollow = async (bits: number, width: number, beta: string, problems: string[]) => {
      const pts = await curvePoints();
      const want = expectedPoints(bits, width, beta);
      if (pts.length !== finiteValues(want)) {
        problems.push(`${pts.length} curve points, expected ${finiteValues(want)}`);
      }
      const off = pts.filter((p) =>
        p.datum.b !== bits || Math.abs((p.datum.w as number) - width) > 1e-9 || p.datum.T !== beta
      );
      if (off.length > 0) {
        problems.push(
          `points not at bits ${bits}, ω ${width}, β ${beta}: ${JSON.stringify(off[0].datum)}`,
        );
      }
      return pts;
    };

    await check("explore: inputs bound to the params are on the page", async (problems) => {
      const inputs = await page.evaluate(
        `[...document.querySelectorAll("#explore input")].map((e) => e.type + ":" + e.name)`,
      ) as string[];
      for (const want of ["range:bits", "range:width", "radio:beta"]) {
        if (!inputs.includes(want)) problems.push(`missing ${want} (have ${inputs.join(", ")})`);
      }
      await pointsFollow(1, 1, "10", problems);
    });

    await check("explore: moving the width slider redraws the chart", async (problems) => {
      const svgBefore = await page.evaluate(`document.querySelector("#explore svg").outerHTML`);
      const rule = async () => (await items(page, "explore", "rule", "cursor")).map((r) => r.box.y);
      const ruleBefore = await rule();
      await setInput('#explore input[name="width"]', "2", problems);
      const width = await page.evaluate("window.__views.explore.signal('width')");
      if (width !== 2) problems.push(`signal width = ${width}, expected 2`);
      const pts = await pointsFollow(1, 2, "10", problems);
      const svgAfter = await page.evaluate(`document.querySelector("#explore svg").outerHTML`);
      if (svgAfter === svgBefore) problems.push("the SVG did not change");
      const ruleAfter = await rule();
      if (ruleAfter.length !== 1 || ruleBefore.length !== 1 || ruleAfter[0] === ruleBefore[0]) {
        problems.push(`cursor rule did not move (${ruleBefore} → ${ruleAfter})`);
      }
      // hover a point of the new curve: its tooltip is that grid point's solution
      const target = pts.find((p) =>
        p.datum.curve === "ε_t (training)" && (p.datum.a as number) > 1
      );
      if (!target) {
        problems.push("no training-error point at alpha > 1");
        return;
      }
      const gp = expectedPoints(1, 2, "10").find((p) =>
        Math.abs(p.alpha - (target.datum.a as number)) < 1e-3 * p.alpha
      )!;
      await hover(page, target);
      const title = await call(page, TITLE_SCRIPT, "explore") as string;
      const miss = missingTooltipLines(title, {
        bits: "1",
        "ω": g4(2),
        m: g4(gp.m!),
        q: g4(gp.q!),
        Q: g4(gp.Q!),
        "AT (replicon)": g4(gp.at!),
        "Shannon entropy": g4(gp.shannonEntropy!),
        trainError: g4(gp.trainError!),
        "genError (Gibbs sample)": g4(gp.genError!),
        converged: "true",
      });
      if (miss.length > 0) problems.push(`tooltip lacks ${miss.join(" | ")}; got:\n${title}`);
      if (shots) await page.screenshot({ path: join(shots, "explore_2_width_slider.png") });
    });

    await check("explore: bits slider and beta toggle move the curves", async (problems) => {
      await setInput('#explore input[name="bits"]', "3", problems);
      await pointsFollow(3, 2, "10", problems);
      await setInput('#explore input[name="beta"][value="∞"]', "∞", problems);
      await pointsFollow(3, 2, "∞", problems);
      const cells = await items(page, "explore", "rect", "eg");
      const want = grid.points.filter((p) =>
        p.bits === 3 && p.beta === Infinity && p.genError !== null && Number.isFinite(p.genError)
      ).length;
      if (cells.length !== want) {
        problems.push(`heat map: ${cells.length} cells, expected ${want}`);
      }
      if (shots) {
        await page.screenshot({ path: join(shots, "explore_3_bits_beta.png") });
      }
    });

    await check("page: no console errors or warnings, no network", (problems) => {
      problems.push(...pageErrors);
      return Promise.resolve();
    });
    await context.close();
  } finally {
    await browser.close();
  }
  const passed = outcomes.filter((o) => o.problems.length === 0).length;
  const failed = outcomes.length - passed;
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`explore: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
