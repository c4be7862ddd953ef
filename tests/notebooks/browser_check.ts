/**
 * Task `test:browser`: renders executed notebooks as static HTML in headless Chromium and checks
 * that every chart is drawn and that the page logs no errors.
 *
 * ```sh
 * deno task test:browser                          # execute notebooks/*.ipynb (not _*) afresh, check
 * deno task test:browser --executed-dir DIR       # check the executed copies left by
 *                                                 #   `deno task test:notebooks --output-dir DIR`
 * deno task test:browser --as-is notebooks/a.ipynb    # check the outputs stored in the file
 * deno task test:browser --screenshot-dir DIR     # also save a full-page PNG per notebook
 * ```
 *
 * Per notebook:
 * 1. `jupyter nbconvert --to html --template-file html_template/static_lab.html.j2`: nbconvert's
 *    "lab" template with SVG outputs written verbatim (Debian's nbconvert 6.5.3 otherwise strips
 *    every SVG child element through lxml's clean_html, leaving empty charts) and without the
 *    require.js / MathJax script tags (not available offline). No other network is needed.
 * 2. Chromium (`/usr/bin/chromium`, or `--chromium PATH`) is driven by `npm:playwright-core`
 *    under Deno, headless, with the flags in {@link BROWSER_ARGS} and a fresh temporary profile
 *    (Playwright creates and deletes its own `--user-data-dir`). Every request that is not
 *    `file:` or `data:` is aborted; a console "Failed to load resource" error for such an aborted
 *    URL is listed as a note and does not fail the check; every other console error, uncaught page
 *    exception, or failed `file:` load fails it.
 * 3. Every `image/svg+xml` output (counted in the notebook JSON) must appear in the page as an
 *    `<svg>` with a non-zero `getBoundingClientRect()`, not hidden, holding at least one drawn
 *    shape (`path`, `rect`, `circle`, `line`, `text`, ... with a non-zero bounding box).
 *
 * Prints one line per notebook and a closing `browser: N passed, N failed`; exits 1 on failure.
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { Browser } from "playwright-core";
import { parseArgs } from "node:util";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  executeNotebook,
  listNotebookPaths,
  mapNbPool,
  NB_REPO_ROOT,
  runNbCommand,
  tailLines,
} from "./notebook_exec.ts";
import { inspectExecutedNotebook, type NbNotebook } from "./notebook_inspect.ts";

/**
 * Chromium flags used for every launch (Playwright adds `--headless` itself).
 *
 * @example
 * ```ts
 * import { BROWSER_ARGS } from "./browser_check.ts";
 * if (!BROWSER_ARGS.includes("--disable-background-networking")) throw new Error("offline flags");
 * ```
 */
export const BROWSER_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/** nbconvert template used for the static HTML export. */
const TEMPLATE = join(
  dirname(fileURLToPath(import.meta.url)),
  "html_template",
  "static_lab.html.j2",
);

/** What the page reports for one `image/svg+xml` output. */
export interface ChartProbe {
  /** Rendered width of the `<svg>` in CSS px. */
  width: number;
  /** Rendered height of the `<svg>` in CSS px. */
  height: number;
  /** Number of shape elements inside with a non-zero bounding box. */
  drawn: number;
  /** True when `display: none` or `visibility: hidden`. */
  hidden: boolean;
  /** Set when the output holds no `<svg>`. */
  missing?: string;
}

/**
 * Why a probed chart is not drawn, or `undefined` when it is.
 *
 * @example
 * ```ts
 * import { chartProblem } from "./browser_check.ts";
 * if (chartProblem({ width: 120, height: 80, drawn: 4, hidden: false }) !== undefined) {
 *   throw new Error("a drawn chart must pass");
 * }
 * if (chartProblem({ width: 120, height: 80, drawn: 0, hidden: false }) === undefined) {
 *   throw new Error("an empty <svg> must fail");
 * }
 * ```
 */
export function chartProblem(p: ChartProbe): string | undefined {
  if (p.missing) return p.missing;
  if (!(p.width > 0 && p.height > 0)) return `<svg> has zero size (${p.width}x${p.height})`;
  if (p.hidden) return "<svg> is hidden";
  if (p.drawn === 0) return `<svg> ${p.width}x${p.height} draws no shape`;
  return undefined;
}

/** In-page probe: one {@link ChartProbe} per `image/svg+xml` output (a string: no DOM types). */
const PROBE_SCRIPT = `(() => {
  const shapes = "path,rect,circle,ellipse,line,polyline,polygon,text,image,use";
  return [...document.querySelectorAll('[data-mime-type="image/svg+xml"]')].map((el) => {
    const svg = el.querySelector("svg");
    if (!svg) return { width: 0, height: 0, drawn: 0, hidden: false, missing: "no <svg> in output" };
    const r = svg.getBoundingClientRect();
    const st = getComputedStyle(svg);
    let drawn = 0;
    for (const s of svg.querySelectorAll(shapes)) {
      const b = s.getBoundingClientRect();
      if (b.width > 0 || b.height > 0) drawn++;
    }
    return { width: r.width, height: r.height, drawn,
      hidden: st.display === "none" || st.visibility === "hidden" };
  });
})()`;

/** Outcome of checking one notebook in the browser. */
export interface BrowserOutcome {
  /** Notebook checked (executed copy). */
  path: string;
  /** True when every check passed. */
  ok: boolean;
  /** SVG outputs in the notebook JSON. */
  expected: number;
  /** Charts found drawn in the page. */
  drawn: number;
  /** Failure reasons. */
  problems: string[];
  /** Ignored messages (aborted external requests). */
  notes: string[];
}

/** Options of {@link checkNotebookInBrowser}. */
export interface BrowserCheckOptions {
  /** Where to write the HTML export. */
  htmlDir: string;
  /** When set, save a full-page PNG there. */
  screenshotDir?: string;
  /** nbconvert template file; default `html_template/static_lab.html.j2`. */
  templateFile?: string;
  /** Path to report (e.g. the source notebook); default `notebookPath`. */
  label?: string;
}

/**
 * Exports one executed notebook to HTML and checks it in an already launched browser.
 *
 * @example
 * ```ts
 * import { chartProblem } from "./browser_check.ts";
 * // Needs Chromium and Jupyter; exercised end to end by `deno task test:browser`.
 * if (typeof chartProblem !== "function") throw new Error("export missing");
 * ```
 */
export async function checkNotebookInBrowser(
  browser: Browser,
  notebookPath: string,
  options: BrowserCheckOptions,
): Promise<BrowserOutcome> {
  const problems: string[] = [];
  const notes: string[] = [];
  const outcome = (expected: number, drawn: number): BrowserOutcome => ({
    path: options.label ?? notebookPath,
    ok: problems.length === 0,
    expected,
    drawn,
    problems,
    notes,
  });

  let expected = 0;
  try {
    const nb = JSON.parse(Deno.readTextFileSync(notebookPath)) as NbNotebook;
    expected = inspectExecutedNotebook(nb).svgOutputs;
  } catch (e) {
    problems.push(`cannot read notebook: ${e}`);
    return outcome(0, 0);
  }

  const stem = basename(notebookPath, ".ipynb");
  const conv = await runNbCommand("jupyter", [
    "nbconvert",
    "--to",
    "html",
    "--template-file",
    options.templateFile ?? TEMPLATE,
    "--output-dir",
    options.htmlDir,
    "--output",
    stem,
    notebookPath,
  ], { killAfterSeconds: 120 });
  if (conv.code !== 0) {
    problems.push(`nbconvert --to html exited ${conv.code}:\n${tailLines(conv.stderr, 15)}`);
    return outcome(expected, 0);
  }
  const htmlPath = join(options.htmlDir, `${stem}.html`);

  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    const aborted = new Set<string>();
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith("file:") || url.startsWith("data:")) return route.continue();
      aborted.add(url);
      return route.abort();
    });
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const url = msg.location().url;
      if (/^Failed to load resource/.test(msg.text()) && aborted.has(url)) {
        notes.push(`ignored (offline, request blocked): ${url}`);
      } else {
        problems.push(`console error: ${msg.text()}${url ? ` (${url})` : ""}`);
      }
    });
    page.on("pageerror", (err) => problems.push(`page error: ${err.message}`));
    page.on("requestfailed", (req) => {
      if (req.url().startsWith("file:")) {
        problems.push(`failed to load ${req.url()}: ${req.failure()?.errorText}`);
      }
    });
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: "load", timeout: 60_000 });
    const probes = await page.evaluate(PROBE_SCRIPT) as ChartProbe[];
    if (options.screenshotDir) {
      await page.screenshot({ path: join(options.screenshotDir, `${stem}.png`), fullPage: true });
    }
    if (probes.length !== expected) {
      problems.push(`page has ${probes.length} SVG outputs, notebook has ${expected}`);
    }
    let drawn = 0;
    probes.forEach((p, i) => {
      const why = chartProblem(p);
      if (why === undefined) drawn++;
      else problems.push(`chart ${i + 1}: ${why}`);
    });
    for (const url of aborted) {
      if (!notes.some((n) => n.endsWith(url))) notes.push(`blocked request: ${url}`);
    }
    return outcome(expected, drawn);
  } finally {
    await context.close();
  }
}

/** Path relative to the repository root when inside it, else absolute. */
function display(path: string): string {
  const rel = relative(NB_REPO_ROOT, resolve(path));
  return rel.startsWith("..") ? resolve(path) : rel;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "include-private": { type: "boolean", default: false },
      "executed-dir": { type: "string" },
      "as-is": { type: "boolean", default: false },
      "screenshot-dir": { type: "string" },
      "html-dir": { type: "string" },
      "template-file": { type: "string" },
      chromium: { type: "string", default: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium" },
      jobs: { type: "string", default: "2" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: browser_check.ts [--include-private] [--executed-dir DIR | --as-is] " +
        "[--screenshot-dir DIR] [--html-dir DIR] [--template-file F] [--chromium PATH] " +
        "[notebook.ipynb ...]",
    );
    return 0;
  }
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) {
    throw new RangeError(`--jobs: expected an integer >= 1, got ${values.jobs}`);
  }
  const t0 = performance.now();
  const work = Deno.makeTempDirSync({ prefix: "typiquant-browser-" });
  const htmlDir = values["html-dir"] ? resolve(values["html-dir"]) : join(work, "html");
  Deno.mkdirSync(htmlDir, { recursive: true });
  const screenshotDir = values["screenshot-dir"] ? resolve(values["screenshot-dir"]) : undefined;
  if (screenshotDir) Deno.mkdirSync(screenshotDir, { recursive: true });

  // Which executed notebooks to check.
  const outcomes: BrowserOutcome[] = [];
  let toCheck: string[];
  const labels = new Map<string, string>();
  if (values["executed-dir"] !== undefined) {
    const dir = resolve(values["executed-dir"]);
    toCheck = positionals.length > 0
      ? positionals.map((p) => join(dir, basename(p)))
      : listNotebookPaths({ dir, includePrivate: true });
  } else {
    const sources = positionals.length > 0
      ? positionals.map((p) => resolve(p))
      : listNotebookPaths({ includePrivate: values["include-private"] });
    if (values["as-is"]) {
      toCheck = sources;
    } else {
      const execDir = join(work, "executed");
      Deno.mkdirSync(execDir);
      const runs = await mapNbPool(
        sources,
        jobs,
        (p) => executeNotebook(p, { outputDir: execDir }),
      );
      toCheck = [];
      runs.forEach((r, i) => {
        if (r.code === 0) {
          toCheck.push(r.executedPath);
          labels.set(r.executedPath, sources[i]);
        } else {
          outcomes.push({
            path: sources[i],
            ok: false,
            expected: 0,
            drawn: 0,
            problems: [`execution failed (see test:notebooks):\n${tailLines(r.stderr, 10)}`],
            notes: [],
          });
        }
      });
    }
  }
  if (toCheck.length === 0 && outcomes.length === 0) console.log("no notebooks found");

  if (toCheck.length > 0) {
    const browser = await chromium.launch({
      executablePath: values.chromium,
      headless: true,
      args: [...BROWSER_ARGS],
    });
    try {
      for (const path of toCheck) {
        outcomes.push(
          await checkNotebookInBrowser(browser, path, {
            htmlDir,
            screenshotDir,
            templateFile: values["template-file"],
            label: labels.get(path),
          }),
        );
      }
    } finally {
      await browser.close();
    }
  }

  for (const o of outcomes) {
    const status = o.ok ? "ok    " : "FAILED";
    console.log(`${status} ${display(o.path)}  charts ${o.drawn}/${o.expected} drawn`);
    for (const p of o.problems) console.log(`    ${p.replaceAll("\n", "\n    ")}`);
    for (const n of o.notes) console.log(`    note: ${n}`);
  }
  Deno.removeSync(work, { recursive: true });
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`browser: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
