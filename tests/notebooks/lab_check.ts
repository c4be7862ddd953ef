/**
 * Task `test:lab`: opens every notebook in a real JupyterLab (the client people use) in headless
 * Chromium, re-runs it there, and checks what a reader sees.
 *
 * ```sh
 * deno task test:lab                         # every notebooks/*.ipynb except _*.ipynb
 * deno task test:lab notebooks/07_beyond.ipynb
 * deno task test:lab --screenshot-dir DIR    # also a PNG of each notebook after its run
 * ```
 *
 * JupyterLab: `--jupyter-lab PATH`, else `$TYPIQUANT_JUPYTER_LAB`, else the venv
 * `${XDG_CACHE_HOME:-~/.cache}/typiquant/lab-venv`, created when missing with
 * `python3 -m venv` + `pip install jupyterlab` (never inside the repository). The log says which
 * Lab ran. The Deno kernel must be registered (`deno jupyter --install`).
 *
 * The server runs on a free port of 127.0.0.1 with a random token, with its own config, runtime,
 * settings (autosave off, no news or update checks) and workspace directories, over a temporary
 * copy of the notebooks in `<repo>/.lab-check-*` (one level below the root, so the notebooks'
 * `../mod.ts` imports resolve); it is started in its own session and only it (its process
 * group and descendants, kernels included) is stopped at the end. Chromium (`/usr/bin/chromium`
 * or `--chromium PATH`) runs through `npm:playwright-core` with {@link LAB_BROWSER_ARGS} and a
 * new `--user-data-dir`; every request off 127.0.0.1 is aborted.
 *
 * Per notebook, in one Lab page (`--expose-app-in-browser`, commands through `window.jupyterapp`):
 * 1. open it; once the stored outputs have rendered (2 s of quiet), the document must not be
 *    marked modified, and `docmanager:save` must leave the file byte-identical (no churn);
 * 2. clear all outputs, run all cells (timed, limit `--max-seconds`, default 150; notebooks
 *    left when `--max-total-seconds`, default 900, have passed fail unchecked);
 * 3. no `error` output; every Vega-Lite output rendered by Lab's Vega renderer
 *    (`.jp-RenderedVegaLite` holding a non-empty canvas or SVG; not the SVG fallback of the
 *    bundle); hovering a mark that has a tooltip shows the Vega tooltip (`.vg-tooltip.visible`),
 *    checked on every chart whose spec has a tooltip;
 * 4. no uncaught page error.
 *
 * Prints one line per notebook (run time, charts, tooltips) and closes with
 * `lab: N passed, N failed`; exits 1 on failure.
 *
 * @module
 */

import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { parseArgs } from "node:util";
import { basename, join, relative, resolve } from "node:path";
import { listNotebookPaths, NB_REPO_ROOT, processTreePids } from "./notebook_exec.ts";

/** A DOM node inside page functions (this file is type-checked without the DOM library). */
// deno-lint-ignore no-explicit-any
type DomNode = any;

/**
 * Chromium flags of the Lab check (offline, no background traffic; headless).
 *
 * @example
 * ```ts
 * import { LAB_BROWSER_ARGS } from "./lab_check.ts";
 * if (!LAB_BROWSER_ARGS.includes("--disable-quic")) throw new Error("offline flags");
 * ```
 */
export const LAB_BROWSER_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Default location of the JupyterLab venv: `${XDG_CACHE_HOME:-$HOME/.cache}/typiquant/lab-venv`.
 *
 * @example
 * ```ts
 * import { defaultLabVenv } from "./lab_check.ts";
 * if (!defaultLabVenv().endsWith("/typiquant/lab-venv")) throw new Error(defaultLabVenv());
 * ```
 */
export function defaultLabVenv(): string {
  const cache = Deno.env.get("XDG_CACHE_HOME") ??
    join(Deno.env.get("HOME") ?? "/tmp", ".cache");
  return join(cache, "typiquant", "lab-venv");
}

/** Outcome of one notebook in Lab. */
export interface LabOutcome {
  /** Notebook path (repository). */
  path: string;
  /** True when every check passed. */
  ok: boolean;
  /** Seconds of "run all" in Lab (null when it did not run). */
  runSeconds: number | null;
  /** Vega-Lite outputs after the run, and how many Lab's Vega renderer drew. */
  charts: number;
  /** Charts drawn by `.jp-RenderedVegaLite`. */
  drawn: number;
  /** Charts whose spec has a tooltip, and how many showed it on hover. */
  tooltipCharts: number;
  /** Tooltips that appeared. */
  tooltips: number;
  /** Failure reasons. */
  problems: string[];
  /** Remarks that do not fail the check. */
  notes: string[];
}

async function run(
  cmd: string,
  args: string[],
  env?: Record<string, string>,
): Promise<{ code: number; out: string }> {
  const r = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output()
    .catch((e) => ({
      code: 127,
      stdout: new Uint8Array(),
      stderr: new TextEncoder().encode(`${e}`),
    }));
  const dec = new TextDecoder();
  return { code: r.code, out: dec.decode(r.stdout) + dec.decode(r.stderr) };
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds (or installs into the cache venv) a `jupyter-lab` executable; returns its path and
 * version, or the reason it is missing.
 */
async function findJupyterLab(
  explicit: string | undefined,
  install: boolean,
): Promise<{ lab: string; version: string; how: string } | { error: string }> {
  const given = explicit ?? Deno.env.get("TYPIQUANT_JUPYTER_LAB");
  const venv = defaultLabVenv();
  let lab = given ?? join(venv, "bin", "jupyter-lab");
  let how = given !== undefined ? `given: ${lab}` : `pip venv ${venv}`;
  if (!exists(lab) && given === undefined && install) {
    const t0 = performance.now();
    console.log(`installing JupyterLab: python3 -m venv ${venv} && pip install jupyterlab`);
    Deno.mkdirSync(venv, { recursive: true });
    let r = await run("python3", ["-m", "venv", venv]);
    if (r.code === 0) {
      // --retries 0 / --timeout 5: an index that cannot be reached fails fast, the next one is
      // tried (only some registries are reachable from CI).
      r = await run(join(venv, "bin", "pip"), [
        "install",
        "-q",
        "--retries",
        "0",
        "--timeout",
        "5",
        "jupyterlab",
      ]);
    }
    if (r.code !== 0) {
      return {
        error: `pip install jupyterlab failed:\n${r.out.split("\n").slice(-15).join("\n")}`,
      };
    }
    how += `, installed in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  }
  if (!exists(lab)) return { error: `no JupyterLab at ${lab}` };
  lab = resolve(lab);
  const v = await run(lab, ["--version"]);
  if (v.code !== 0) return { error: `${lab} --version failed: ${v.out}` };
  return { lab, version: v.out.trim().split("\n").pop()!, how };
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A running Lab server that this process started. */
interface LabServer {
  url: string;
  token: string;
  stop(): Promise<void>;
  log(): string;
}

async function startLab(lab: string, rootDir: string, stateDir: string): Promise<LabServer> {
  const port = freePort();
  const token = crypto.randomUUID().replaceAll("-", "");
  for (const d of ["config", "runtime", "settings", "workspaces"]) {
    Deno.mkdirSync(join(stateDir, d), { recursive: true });
  }
  const settings = join(stateDir, "settings", "@jupyterlab");
  Deno.mkdirSync(join(settings, "docmanager-extension"), { recursive: true });
  Deno.mkdirSync(join(settings, "apputils-extension"), { recursive: true });
  Deno.writeTextFileSync(
    join(settings, "docmanager-extension", "plugin.jupyterlab-settings"),
    JSON.stringify({ autosave: false }),
  );
  Deno.writeTextFileSync(
    join(settings, "apputils-extension", "notification.jupyterlab-settings"),
    JSON.stringify({ checkForUpdates: false, fetchNews: "false" }),
  );
  const logPath = join(stateDir, "server.log");
  const logFile = Deno.openSync(logPath, { write: true, create: true, truncate: true });
  const child = new Deno.Command("setsid", {
    args: [
      lab,
      "--no-browser",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--IdentityProvider.token=${token}`,
      `--ServerApp.root_dir=${rootDir}`,
      `--LabApp.user_settings_dir=${join(stateDir, "settings")}`,
      `--LabApp.workspaces_dir=${join(stateDir, "workspaces")}`,
      "--LabApp.expose_app_in_browser=True",
      "--allow-root",
      "--ServerApp.terminals_enabled=False",
    ],
    cwd: rootDir,
    env: {
      JUPYTER_CONFIG_DIR: join(stateDir, "config"),
      JUPYTER_RUNTIME_DIR: join(stateDir, "runtime"),
      PYDEVD_DISABLE_FILE_VALIDATION: "1",
      NO_COLOR: "1",
    },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  // Copy the server's output into its log file.
  const pump = async (s: ReadableStream<Uint8Array>) => {
    for await (const chunk of s) logFile.writeSync(chunk);
  };
  const pumps = Promise.all([pump(child.stdout), pump(child.stderr)]).catch(() => {});
  const url = `http://127.0.0.1:${port}`;
  const server: LabServer = {
    url,
    token,
    log: () => {
      try {
        return Deno.readTextFileSync(logPath);
      } catch {
        return "";
      }
    },
    async stop() {
      // The process tree of the server this run started: the server (a session of its own,
      // via setsid) and its kernels (sessions of their own, found through their parent link).
      const pids = processTreePids(child.pid);
      for (const sig of ["SIGTERM", "SIGKILL"] as const) {
        for (const pid of pids) {
          try {
            Deno.kill(pid, sig);
          } catch { /* already gone */ }
        }
        const done = await Promise.race([
          child.status.then(() => true),
          new Promise<boolean>((ok) => setTimeout(() => ok(false), 5000)),
        ]);
        if (done && sig === "SIGTERM") {
          // Kernels may outlive the server by a moment.
          await new Promise((ok) => setTimeout(ok, 300));
        }
      }
      await child.status;
      await pumps;
      logFile.close();
    },
  };
  // Wait until it answers.
  const t0 = performance.now();
  while (performance.now() - t0 < 60_000) {
    try {
      const r = await fetch(`${url}/api/status?token=${token}`);
      await r.body?.cancel();
      if (r.ok) return server;
    } catch { /* not yet */ }
    const st = await Promise.race([
      child.status,
      new Promise<null>((ok) => setTimeout(() => ok(null), 250)),
    ]);
    if (st !== null) {
      throw new Error(`jupyter-lab exited (${st.code}):\n${server.log().slice(-3000)}`);
    }
  }
  await server.stop();
  throw new Error(`jupyter-lab did not answer within 60 s:\n${server.log().slice(-3000)}`);
}

/** Counts of a notebook's outputs as Lab's model holds them (evaluated in the page). */
interface ModelState {
  dirty: boolean;
  codeCells: number;
  executed: number;
  errors: string[];
  vegaOutputs: number;
  tooltipSpecs: number;
  rendered: number;
  drawn: number;
  svgFallback: number;
  kernel: string;
}

/** Runs in the page: the state of the current notebook panel at `path`. */
function modelStateInPage(path: string): ModelState {
  const app = (globalThis as DomNode).jupyterapp;
  // deno-lint-ignore no-explicit-any
  const panel: any = [...app.shell.widgets("main")].find((w: any) => w.context?.path === path);
  if (!panel) throw new Error(`no panel for ${path}`);
  const VL = "application/vnd.vegalite.v5+json";
  const state: ModelState = {
    dirty: panel.context.model.dirty,
    codeCells: 0,
    executed: 0,
    errors: [],
    vegaOutputs: 0,
    tooltipSpecs: 0,
    rendered: 0,
    drawn: 0,
    svgFallback: 0,
    kernel: panel.sessionContext?.session?.kernel?.status ?? "none",
  };
  const cells = panel.context.model.cells;
  for (let i = 0; i < cells.length; i++) {
    const c = cells.get(i);
    if (c.type !== "code") continue;
    state.codeCells++;
    if (c.executionCount !== null) state.executed++;
    for (let k = 0; k < c.outputs.length; k++) {
      const o = c.outputs.get(k).toJSON();
      if (o.output_type === "error") {
        state.errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      }
      if (o.data && o.data[VL] !== undefined) {
        state.vegaOutputs++;
        if (JSON.stringify(o.data[VL]).includes('"tooltip"')) state.tooltipSpecs++;
      }
    }
  }
  const node: DomNode = panel.node;
  const vl = [...node.querySelectorAll(".jp-RenderedVegaLite")] as DomNode[];
  state.rendered = vl.length;
  state.drawn = vl.filter((el: DomNode) => {
    const g = el.querySelector(".marks");
    if (!g) return false;
    const r = g.getBoundingClientRect();
    return r.width > 10 && r.height > 10;
  }).length;
  // An output area showing the SVG of a chart bundle instead of the Vega renderer.
  state.svgFallback = node.querySelectorAll(".jp-OutputArea-output.jp-RenderedSVG").length;
  return state;
}

/**
 * Runs in the page: page coordinates of one mark with a tooltip per Vega view of the panel
 * (null for a view without such a mark), found in the Vega scenegraph of the renderer widgets;
 * first scrolls view number `scrollTo` (unless negative) to the middle of the window.
 */
function tooltipTargetsInPage(
  [path, scrollTo]: readonly [string, number],
): ({ x: number; y: number } | null)[] {
  const app = (globalThis as DomNode).jupyterapp;
  // deno-lint-ignore no-explicit-any
  const panel: any = [...app.shell.widgets("main")].find((w: any) => w.context?.path === path);
  // deno-lint-ignore no-explicit-any
  const views: { view: any; el: DomNode }[] = [];
  // deno-lint-ignore no-explicit-any
  const walk = (w: any) => {
    if (w?._result?.view && w.node?.classList?.contains("jp-RenderedVegaLite")) {
      views.push({ view: w._result.view, el: w.node });
    }
    for (const c of w?.widgets ?? w?.children?.() ?? []) walk(c);
  };
  for (const cell of panel.content.widgets) {
    if (cell.outputArea) { for (const w of cell.outputArea.widgets) walk(w); }
  }
  if (scrollTo >= 0) views[scrollTo]?.el.scrollIntoView({ block: "center" });
  return views.map(({ view, el }) => {
    const canvas = el.querySelector(".marks") as DomNode;
    const box = canvas.getBoundingClientRect();
    const [ox, oy] = view.origin();
    // deno-lint-ignore no-explicit-any
    const find = (item: any, dx: number, dy: number): { x: number; y: number } | null => {
      if (item.tooltip !== undefined && item.tooltip !== null && item.mark?.marktype !== "group") {
        const t = item.mark?.marktype;
        const b = item.bounds;
        const [x, y] = t === "line" || t === "symbol" || t === "area" || t === "trail"
          ? [item.x ?? (b.x1 + b.x2) / 2, item.y ?? (b.y1 + b.y2) / 2]
          : [(b.x1 + b.x2) / 2, (b.y1 + b.y2) / 2];
        return { x: dx + x, y: dy + y };
      }
      // A group translates its children; a mark holds items.
      const ix = item.marktype === undefined && item.mark?.marktype === "group" ? item.x ?? 0 : 0;
      const iy = item.marktype === undefined && item.mark?.marktype === "group" ? item.y ?? 0 : 0;
      // Items of a mark from the middle outwards: the middle of a curve is clear of the axes.
      const items = [...(item.items ?? [])];
      const mid = Math.floor(items.length / 2);
      const order = item.marktype === undefined
        ? items
        : items.map((_, j) =>
          items[(mid + (j % 2 ? -(j + 1) / 2 : j / 2) + items.length) % items.length]
        );
      for (const child of order) {
        const r = find(child, dx + ix, dy + iy);
        if (r) return r;
      }
      return null;
    };
    const p = find(view.scenegraph().root, 0, 0);
    return p && { x: box.left + ox + p.x, y: box.top + oy + p.y };
  });
}

/**
 * Runs in the page: scrolls the nearest scrollable ancestor of the chart at page height `y`
 * so that `y` comes to the middle of the window (Lab's windowed notebook may leave a tall chart's
 * mark below the fold after `scrollIntoView`). Returns the distance scrolled.
 */
function scrollPointToMiddle([x, y]: readonly [number, number]): number {
  const doc = (globalThis as DomNode).document;
  const height = (globalThis as DomNode).innerHeight as number;
  const width = (globalThis as DomNode).innerWidth as number;
  let el = doc.elementFromPoint(
    Math.min(Math.max(x, 0), width - 1),
    height / 2, // inside the notebook's scroller (the bottom row is Lab's status bar)
  ) as DomNode;
  el ??= doc.querySelector(".jp-WindowedPanel-outer");
  while (
    el && !(el.scrollHeight > el.clientHeight + 1 && /auto|scroll/.test(
      (globalThis as DomNode).getComputedStyle(el).overflowY,
    ))
  ) el = el.parentElement;
  if (!el) return 0;
  const before = el.scrollTop;
  el.scrollTop += y - height / 2;
  return el.scrollTop - before;
}

const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

async function waitFor<T>(
  what: string,
  f: () => Promise<T | undefined | null | false>,
  ms: number,
): Promise<T> {
  const t0 = performance.now();
  let last: unknown;
  while (performance.now() - t0 < ms) {
    try {
      const v = await f();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(200);
  }
  throw new Error(`timed out after ${ms / 1000} s waiting for ${what}${last ? `: ${last}` : ""}`);
}

/** Waits until the panel's state (as JSON) has not changed for `quietMs`. */
async function settle(
  page: Page,
  path: string,
  quietMs: number,
  maxMs: number,
): Promise<ModelState> {
  const t0 = performance.now();
  let last = "";
  let since = performance.now();
  let state = await page.evaluate(modelStateInPage, path);
  while (performance.now() - t0 < maxMs) {
    await sleep(250);
    state = await page.evaluate(modelStateInPage, path);
    const key = JSON.stringify(state);
    if (key !== last) {
      last = key;
      since = performance.now();
    } else if (performance.now() - since >= quietMs && state.kernel === "idle") {
      break;
    }
  }
  return state;
}

/** Checks one notebook (already copied to `labPath` under the server root). */
async function checkInLab(
  page: Page,
  repoPath: string,
  labPath: string,
  rootDir: string,
  options: { maxSeconds: number; screenshotDir?: string },
): Promise<LabOutcome> {
  const out = emptyOutcome(repoPath);
  const pageErrors: string[] = [];
  const onError = (e: Error) => pageErrors.push(e.message);
  page.on("pageerror", onError);
  const file = join(rootDir, labPath);
  const before = Deno.readFileSync(file);
  try {
    await page.evaluate(
      (p) =>
        (globalThis as DomNode).jupyterapp.commands.execute("docmanager:open", { path: p })
          .then(() => null),
      labPath,
    );
    await waitFor(
      "the kernel",
      () => page.evaluate(modelStateInPage, labPath).then((s) => s.kernel === "idle"),
      60_000,
    );
    // 1. Opening renders the stored outputs and must not modify the document.
    const opened = await settle(page, labPath, 2000, 30_000);
    if (opened.dirty) out.problems.push("marked modified right after opening (churn)");
    if (opened.rendered !== opened.vegaOutputs) {
      out.problems.push(
        `stored outputs: ${opened.rendered} of ${opened.vegaOutputs} charts rendered by Lab's Vega renderer`,
      );
    }
    await page.evaluate(
      () => (globalThis as DomNode).jupyterapp.commands.execute("docmanager:save").then(() => null),
    );
    await sleep(500);
    const after = Deno.readFileSync(file);
    if (!equalBytes(before, after)) {
      out.problems.push(`open + save changed the file: ${describeChange(before, after)}`);
    }

    // 2. Clear, run all, timed.
    await page.evaluate(
      () =>
        (globalThis as DomNode).jupyterapp.commands.execute("notebook:clear-all-cell-outputs")
          .then(() => null),
    );
    const t0 = performance.now();
    const ran = await Promise.race([
      page.evaluate(
        () =>
          (globalThis as DomNode).jupyterapp.commands.execute("notebook:run-all-cells")
            .then(() => null),
      ).then(() => true),
      sleep(options.maxSeconds * 1000).then(() => false),
    ]);
    if (!ran) {
      out.problems.push(`run all did not finish within ${options.maxSeconds} s`);
      return out;
    }
    const state = await settle(page, labPath, 1500, 30_000);
    out.runSeconds = (performance.now() - t0) / 1000;
    if (state.executed !== state.codeCells) {
      out.problems.push(
        `${state.codeCells - state.executed} of ${state.codeCells} code cells not run`,
      );
    }
    for (const e of state.errors) out.problems.push(`error output: ${e}`);
    out.charts = state.vegaOutputs;
    out.drawn = state.drawn;
    out.tooltipCharts = state.tooltipSpecs;
    if (state.vegaOutputs === 0) out.notes.push("no charts");
    if (state.rendered !== state.vegaOutputs || state.drawn !== state.vegaOutputs) {
      out.problems.push(
        `${state.vegaOutputs} Vega-Lite outputs, ${state.rendered} rendered by Lab's Vega ` +
          `renderer, ${state.drawn} drawn`,
      );
    }
    if (state.svgFallback > 0) out.problems.push(`${state.svgFallback} outputs shown as plain SVG`);

    // 3. Tooltips: hover one mark with a tooltip per chart.
    const targets = await page.evaluate(tooltipTargetsInPage, [labPath, -1] as const);
    for (const [i, t] of targets.entries()) {
      if (t === null) continue;
      await page.mouse.move(0, 0);
      await page.evaluate(tooltipTargetsInPage, [labPath, i] as const);
      await sleep(300);
      let t2 = (await page.evaluate(tooltipTargetsInPage, [labPath, -1] as const))[i]!;
      const viewport = page.viewportSize();
      if (viewport && (t2.y < 10 || t2.y > viewport.height - 10)) {
        // a tall chart whose mark lies below (or above) the fold: bring the mark itself to the
        // middle of the window, then locate it again
        const [px, py] = [Math.min(t2.x, viewport.width / 2), t2.y];
        await page.evaluate(scrollPointToMiddle, [px, py] as const);
        await sleep(300);
        t2 = (await page.evaluate(tooltipTargetsInPage, [labPath, -1] as const))[i]!;
      }
      let shown = false;
      // The mark's computed position may be a few pixels off (symbol size, stroke): try the
      // point, then rings of 8 points at 4, 8, 12 and 16 px around it.
      const offsets = [[0, 0]];
      for (const r of [4, 8, 12, 16]) {
        for (let k = 0; k < 8; k++) {
          offsets.push([r * Math.cos(k * Math.PI / 4), r * Math.sin(k * Math.PI / 4)]);
        }
      }
      for (const [dx, dy] of offsets) {
        await page.mouse.move(t2.x + dx, t2.y + dy, { steps: 2 });
        shown = await page.waitForSelector(".vg-tooltip.visible", { timeout: 200 }).then(
          () => true,
          () => false,
        );
        if (shown) break;
      }
      if (!shown && options.screenshotDir) {
        const name = basename(repoPath).replace(/\.ipynb$/, `-tooltip-${i + 1}.png`);
        await page.screenshot({ path: join(options.screenshotDir, name) });
      }
      if (shown) out.tooltips++;
      else {out.problems.push(
          `chart ${i + 1}: no tooltip on hover at (${t2.x.toFixed(0)}, ${t2.y.toFixed(0)})`,
        );}
    }
    const withTargets = targets.filter((t) => t !== null).length;
    if (withTargets !== state.tooltipSpecs) {
      out.notes.push(
        `${state.tooltipSpecs} specs mention a tooltip, ${withTargets} charts have a mark with one`,
      );
    }
    if (options.screenshotDir) {
      await page.screenshot({
        path: join(options.screenshotDir, basename(repoPath).replace(/\.ipynb$/, ".png")),
      });
    }
  } catch (e) {
    out.problems.push(`${e instanceof Error ? e.message : e}`);
  } finally {
    for (const e of pageErrors) {
      // Lab's debugger extension asks every kernel for a debug session; the Deno kernel has none.
      if (!/No active debugger session/.test(e)) out.problems.push(`page error: ${e}`);
      else if (!out.notes.some((n) => n.includes(e))) {
        out.notes.push(`page error of Lab's debugger (the Deno kernel has none): ${e}`);
      }
    }
    page.off("pageerror", onError);
    // Shut the kernel down and close without saving (no dialog: the document is marked clean).
    await page.evaluate(async (p) => {
      const app = (globalThis as DomNode).jupyterapp;
      // deno-lint-ignore no-explicit-any
      const panel = [...app.shell.widgets("main")].find((w: any) => w.context?.path === p);
      if (!panel) return;
      await panel.sessionContext.shutdown().catch(() => {});
      panel.context.model.dirty = false;
      panel.dispose();
    }, labPath).catch(() => {});
  }
  out.ok = out.problems.length === 0;
  return out;
}

function emptyOutcome(path: string): LabOutcome {
  return {
    path,
    ok: false,
    runSeconds: null,
    charts: 0,
    drawn: 0,
    tooltipCharts: 0,
    tooltips: 0,
    problems: [],
    notes: [],
  };
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function describeChange(a: Uint8Array, b: Uint8Array): string {
  const dec = new TextDecoder();
  const x = dec.decode(a).split("\n");
  const y = dec.decode(b).split("\n");
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return `${a.length} → ${b.length} bytes, first difference at line ${i + 1}: ` +
    `${JSON.stringify((x[i] ?? "").slice(0, 120))} → ${JSON.stringify((y[i] ?? "").slice(0, 120))}`;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "jupyter-lab": { type: "string" },
      "no-install": { type: "boolean", default: false },
      chromium: { type: "string", default: Deno.env.get("CHROMIUM_PATH") ?? "/usr/bin/chromium" },
      "max-seconds": { type: "string", default: "150" },
      "max-total-seconds": { type: "string", default: "900" },
      "screenshot-dir": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: lab_check.ts [--jupyter-lab PATH] [--no-install] [--chromium PATH] " +
        "[--max-seconds S] [--max-total-seconds S] [--screenshot-dir DIR] [notebook.ipynb ...]",
    );
    return 0;
  }
  const maxSeconds = Number(values["max-seconds"]);
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0) {
    throw new RangeError(`--max-seconds: expected a number > 0, got ${values["max-seconds"]}`);
  }
  const maxTotal = Number(values["max-total-seconds"]);
  if (!Number.isFinite(maxTotal) || maxTotal <= 0) {
    throw new RangeError(
      `--max-total-seconds: expected a number > 0, got ${values["max-total-seconds"]}`,
    );
  }
  const t0 = performance.now();
  const paths = positionals.length > 0 ? positionals.map((p) => resolve(p)) : listNotebookPaths();
  const found = await findJupyterLab(values["jupyter-lab"], !values["no-install"]);
  if ("error" in found) {
    console.log(`FAILED no JupyterLab: ${found.error}`);
    console.log(`lab: 0 passed, ${Math.max(1, paths.length)} failed`);
    return 1;
  }
  console.log(`path: JupyterLab ${found.version} (${found.how}), Chromium ${values.chromium}`);
  const screenshotDir = values["screenshot-dir"] && resolve(values["screenshot-dir"]);
  if (screenshotDir) Deno.mkdirSync(screenshotDir, { recursive: true });

  // Copies one level below the repository root, so `../mod.ts` resolves as in notebooks/.
  const rootDir = Deno.makeTempDirSync({ dir: NB_REPO_ROOT, prefix: ".lab-check-" });
  const stateDir = Deno.makeTempDirSync({ prefix: "typiquant-lab-" });
  const labPaths = new Map<string, string>();
  for (const p of paths) {
    const name = basename(p);
    Deno.copyFileSync(p, join(rootDir, name));
    labPaths.set(p, name);
  }
  const outcomes: LabOutcome[] = [];
  let server: LabServer | undefined;
  let context: BrowserContext | undefined;
  try {
    server = await startLab(found.lab, rootDir, stateDir);
    // A SIGTERM/SIGINT (e.g. from `timeout`) still stops the server this run started.
    const started = server;
    const onSignal = () => {
      started.stop().finally(() => {
        Deno.removeSync(rootDir, { recursive: true });
        Deno.exit(1);
      });
    };
    Deno.addSignalListener("SIGTERM", onSignal);
    Deno.addSignalListener("SIGINT", onSignal);
    console.log(`server: ${server.url} (root ${relative(NB_REPO_ROOT, rootDir)})`);
    context = await chromium.launchPersistentContext(join(stateDir, "chromium-profile"), {
      executablePath: values.chromium,
      headless: true,
      args: [...LAB_BROWSER_ARGS],
      viewport: { width: 1400, height: 1000 },
    });
    await context.route("**/*", (route) => {
      const u = new URL(route.request().url());
      return u.hostname === "127.0.0.1" || u.protocol === "data:" || u.protocol === "blob:"
        ? route.continue()
        : route.abort();
    });
    const page = context.pages()[0] ?? await context.newPage();
    const tLoad = performance.now();
    await page.goto(`${server.url}/lab?token=${server.token}&reset`);
    await waitFor(
      "JupyterLab to start",
      () => page.evaluate(() => (globalThis as DomNode).jupyterapp?.commands !== undefined),
      90_000,
    );
    await page.evaluate(() => (globalThis as DomNode).jupyterapp.restored);
    console.log(`Lab loaded in ${((performance.now() - tLoad) / 1000).toFixed(1)} s`);
    for (const p of paths) {
      if ((performance.now() - t0) / 1000 > maxTotal) {
        console.log(
          `FAILED ${relative(NB_REPO_ROOT, p)}: not checked (--max-total-seconds ${maxTotal})`,
        );
        outcomes.push({ ...emptyOutcome(p), problems: ["not checked: time budget"] });
        continue;
      }
      const o = await checkInLab(page, p, labPaths.get(p)!, rootDir, {
        maxSeconds,
        screenshotDir,
      });
      outcomes.push(o);
      const status = o.ok ? "ok    " : "FAILED";
      console.log(
        `${status} ${relative(NB_REPO_ROOT, p)}  run ${o.runSeconds?.toFixed(1) ?? "-"} s  ` +
          `charts ${o.drawn}/${o.charts} drawn by Lab's Vega renderer  ` +
          `tooltips ${o.tooltips}/${o.tooltipCharts}`,
      );
      for (const pr of o.problems) console.log(`    ${pr.replaceAll("\n", "\n    ")}`);
      for (const n of o.notes) console.log(`    note: ${n}`);
    }
  } catch (e) {
    console.log(`FAILED ${e instanceof Error ? e.message : e}`);
    if (server) console.log(server.log().slice(-3000));
    for (const p of paths.slice(outcomes.length)) {
      outcomes.push({ ...emptyOutcome(p), problems: ["not checked"] });
    }
  } finally {
    await context?.close().catch(() => {});
    await server?.stop();
    Deno.removeSync(rootDir, { recursive: true });
    Deno.removeSync(stateDir, { recursive: true });
  }
  const passed = outcomes.filter((o) => o.ok).length;
  const failed = outcomes.length - passed;
  console.log(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  console.log(`lab: ${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.main) {
  Deno.exit(await main(Deno.args));
}
