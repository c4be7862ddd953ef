/**
 * Writing a figure to disk (`<id>.svg`, `.png`, `.vl.json`, `.csv`, `.json`) and assembling
 * `REPORT.md` from the figures' report sections. Every file is written atomically: to a temporary
 * name in the same directory, then renamed, so a reader (or an interrupted run) never sees a
 * half-written file.
 *
 * @module
 */
import { saveChart } from "../plot/render.ts";
import { figureCsv, figureJson, type FigureResult } from "./figure.ts";

/** Options for {@link writeFigure}. */
export interface WriteFigureOptions {
  /** Also write PNGs. Default true. */
  png?: boolean;
}

/** Paths written for one figure. */
export interface WrittenFigure {
  readonly id: string;
  /** Every file written, relative to the output directory. */
  readonly files: string[];
}

/**
 * File stem of chart `name` of figure `id`: `id` for an unnamed chart, else `id_name`.
 *
 * @example
 * ```ts
 * if (figureChartStem("a", "") !== "a" || figureChartStem("a", "b") !== "a_b") throw new Error();
 * ```
 */
export function figureChartStem(id: string, name: string): string {
  return name === "" ? id : `${id}_${name}`;
}

/**
 * Writes a figure's charts (SVG, PNG and Vega-Lite JSON via `saveChart`), its table as
 * `<id>.csv` and `{ id, title, finding, summary, data }` as `<id>.json` ({@link figureJson}:
 * non-finite numbers as strings) into `dir`.
 *
 * @example
 * ```ts
 * const dir = await Deno.makeTempDir();
 * const w = await writeFigure({
 *   id: "demo", title: "Demo", finding: "none", data: { x: [1] }, summary: { best: 1 },
 *   table: [{ x: 1, y: 2 }], report: "",
 *   charts: [{ name: "", spec: {
 *     $schema: "https://vega.github.io/schema/vega-lite/v5.json",
 *     data: { values: [{ x: 1, y: 2 }] }, mark: "point",
 *     encoding: { x: { field: "x", type: "quantitative" } },
 *   } }],
 * }, dir, { png: false });
 * if (!w.files.includes("demo.svg") || !w.files.includes("demo.csv")) throw new Error();
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeFigure(
  figure: FigureResult,
  dir: string,
  options: WriteFigureOptions = {},
): Promise<WrittenFigure> {
  await Deno.mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const chart of figure.charts) {
    const stem = figureChartStem(figure.id, chart.name);
    // render under a temporary stem in the same directory, then rename each file into place
    const tmp = `.${stem}.tmp-${crypto.randomUUID().slice(0, 8)}`;
    try {
      const saved = await saveChart(chart.spec, `${dir}/${tmp}`, { png: options.png ?? true });
      const exts = saved.png === undefined ? [".vl.json", ".svg"] : [".vl.json", ".svg", ".png"];
      for (const ext of exts) {
        await Deno.rename(`${dir}/${tmp}${ext}`, `${dir}/${stem}${ext}`);
        files.push(`${stem}${ext}`);
      }
    } finally {
      for (const ext of [".vl.json", ".svg", ".png"]) await removeIfPresent(`${dir}/${tmp}${ext}`);
    }
  }
  await writeTextAtomic(`${dir}/${figure.id}.csv`, figureCsv(figure.table));
  const json = {
    id: figure.id,
    title: figure.title,
    finding: figure.finding,
    summary: figure.summary,
    data: figure.data,
  };
  await writeTextAtomic(`${dir}/${figure.id}.json`, figureJson(json, 1) + "\n");
  files.push(`${figure.id}.csv`, `${figure.id}.json`);
  return { id: figure.id, files };
}

async function removeIfPresent(path: string): Promise<void> {
  try {
    await Deno.remove(path);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
  }
}

/**
 * Writes `text` to `path` atomically: into a temporary file in the same directory, which is
 * then renamed over `path` (a rename within one file system is atomic). On failure the
 * temporary file is removed and `path` is untouched.
 *
 * @example
 * ```ts
 * const dir = await Deno.makeTempDir();
 * await writeTextAtomic(`${dir}/a.txt`, "one");
 * await writeTextAtomic(`${dir}/a.txt`, "two");
 * if (Deno.readTextFileSync(`${dir}/a.txt`) !== "two" || [...Deno.readDirSync(dir)].length !== 1) {
 *   throw new Error();
 * }
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextAtomic(path: string, text: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const tmp = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.tmp-${
    crypto.randomUUID().slice(0, 8)
  }`;
  try {
    await Deno.writeTextFile(tmp, text);
    await Deno.rename(tmp, path);
  } catch (e) {
    await removeIfPresent(tmp);
    throw e;
  }
}

/** One figure's entry in the report. */
export interface ReportEntry {
  readonly figure: FigureResult;
  /** Wall time of its computation and rendering, seconds. */
  readonly seconds: number;
  /** Chart file stems (for the image links). */
  readonly charts: readonly string[];
}

/** A figure that failed to build. */
export interface ReportFailure {
  readonly id: string;
  readonly title: string;
  readonly error: string;
}

/**
 * The markdown of `REPORT.md`: one section per figure (finding, images, the section's
 * numbers), then the failures, then the timings.
 *
 * @example
 * ```ts
 * const md = reportMarkdown([], [{ id: "x", title: "X", error: "boom" }], { quick: true, seconds: 1 });
 * if (!md.includes("boom") || !md.includes("--quick")) throw new Error(md);
 * ```
 */
export function reportMarkdown(
  entries: readonly ReportEntry[],
  failures: readonly ReportFailure[],
  meta: { quick: boolean; seconds: number },
): string {
  return assembleReport(entries.map((e) => reportSection(e, meta.quick)), failures, meta);
}

/** One figure's section of `REPORT.md`, as text (so a partial run can keep the others). */
export interface ReportSection {
  readonly id: string;
  /** The markdown from its `## title` heading to the line before the next section. */
  readonly markdown: string;
  /** Wall time of its computation, seconds. */
  readonly seconds: number;
  /** Computed by a `--quick` run. */
  readonly quick: boolean;
}

/**
 * The section of one figure (heading, finding, images, numbers, data links), tagged with an
 * invisible `<!-- figure: id -->` marker so that {@link parseReport} can find it again.
 *
 * @example
 * ```ts
 * const figure = { id: "d", title: "D", finding: "f", data: {}, summary: {}, charts: [], table: [], report: "r" };
 * const s = reportSection({ figure, seconds: 1, charts: [] }, false);
 * if (!s.markdown.startsWith("## D\n<!-- figure: d -->") || s.id !== "d") throw new Error(s.markdown);
 * ```
 */
export function reportSection(entry: ReportEntry, quick: boolean): ReportSection {
  const e = entry;
  const out = [`## ${e.figure.title}`, `<!-- figure: ${e.figure.id}${quick ? " quick" : ""} -->`];
  out.push("", `*Finding:* ${e.figure.finding}`, "");
  for (const c of e.charts) out.push(`![${c}](${c}.svg)`, "");
  out.push(e.figure.report.trim(), "");
  out.push(
    `Data: [${e.figure.id}.json](${e.figure.id}.json), [${e.figure.id}.csv](${e.figure.id}.csv).`,
  );
  return { id: e.figure.id, markdown: out.join("\n"), seconds: e.seconds, quick };
}

/**
 * `REPORT.md` from sections (in the given order), failures and the run's metadata. Sections
 * carried over from an earlier run of a different kind (quick vs full) say so in their heading
 * line's marker and in a note under the title.
 *
 * @example
 * ```ts
 * const md = assembleReport([], [], { quick: false, seconds: 0 });
 * if (!md.startsWith("# typiquant: reproduction report")) throw new Error();
 * ```
 */
export function assembleReport(
  sections: readonly ReportSection[],
  failures: readonly ReportFailure[],
  meta: { quick: boolean; seconds: number; partial?: boolean },
): string {
  const mixed = sections.some((s) => s.quick !== meta.quick);
  const out = [
    "# typiquant: reproduction report",
    "",
    "Generated by `deno task reproduce" + (meta.quick ? " --quick" : "") + "`; every number " +
    "below was computed in that run (the data are in the `.json`/`.csv` files next to this " +
    "report, the charts as `.svg`, `.png` and Vega-Lite `.vl.json`).",
    meta.quick ? "\n**Quick run: reduced grids, numbers are indicative only.**" : "",
    meta.partial
      ? "\nThis run regenerated only some figures (`--only`); the other sections were kept " +
        "from the previous run." +
        (mixed ? " Sections computed with reduced grids are marked *(quick run)*." : "")
      : "",
    "",
  ];
  for (const s of sections) {
    out.push(s.markdown.trim());
    if (mixed && s.quick) out.push("", "*(quick run: reduced grids, numbers indicative only)*");
    out.push("");
  }
  if (failures.length > 0) {
    out.push("## Figures that failed", "");
    for (const f of failures) out.push(`- **${f.title}** (\`${f.id}\`): ${f.error}`);
    out.push("");
  }
  out.push("## Timings", "", "| figure | seconds |", "| --- | ---: |");
  for (const s of sections) out.push(`| ${s.id} | ${s.seconds.toFixed(1)} |`);
  out.push(`| **total${meta.partial ? " (this run)" : ""}** | ${meta.seconds.toFixed(1)} |`, "");
  return out.filter((l, i, a) => !(l === "" && a[i - 1] === "")).join("\n");
}

/**
 * Splits an existing `REPORT.md` back into its figure sections and failures (the inverse of
 * {@link assembleReport}), so that an `--only` run can keep the sections it does not redo. A
 * section is recognised by its `<!-- figure: id -->` marker or, in reports written before the
 * markers, by its `Data: [id.json]` line; its time comes from the timings table.
 *
 * @example
 * ```ts
 * const figure = { id: "d", title: "D", finding: "f", data: {}, summary: {}, charts: [], table: [], report: "r" };
 * const md = reportMarkdown([{ figure, seconds: 2.5, charts: [] }], [], { quick: true, seconds: 3 });
 * const p = parseReport(md);
 * if (p.sections.length !== 1 || p.sections[0].id !== "d" || p.sections[0].seconds !== 2.5) throw new Error();
 * if (assembleReport(p.sections, [], { quick: true, seconds: 3 }) !== md) throw new Error();
 * ```
 */
export function parseReport(
  markdown: string,
): { sections: ReportSection[]; failures: ReportFailure[] } {
  const quickRun = markdown.includes("`deno task reproduce --quick`");
  const blocks = markdown.split(/^(?=## )/m).slice(1);
  const seconds = new Map<string, number>();
  for (const m of markdown.matchAll(/^\| ([\w-]+) \| ([\d.]+) \|$/gm)) {
    seconds.set(m[1], Number(m[2]));
  }
  const sections: ReportSection[] = [];
  const failures: ReportFailure[] = [];
  for (const block of blocks) {
    if (block.startsWith("## Timings")) continue;
    if (block.startsWith("## Figures that failed")) {
      for (const m of block.matchAll(/^- \*\*(.*)\*\* \(`([\w-]+)`\): (.*)$/gm)) {
        failures.push({ title: m[1], id: m[2], error: m[3] });
      }
      continue;
    }
    const marker = /^<!-- figure: ([\w-]+)( quick)? -->$/m.exec(block);
    const id = marker?.[1] ?? /^Data: \[([\w-]+)\.json\]/m.exec(block)?.[1];
    if (id === undefined) continue;
    const quick = marker === null ? quickRun : marker[2] !== undefined;
    const text = block.replace(/\n\*\(quick run: reduced grids, numbers indicative only\)\*\n?/, "")
      .trim();
    sections.push({ id, markdown: text, seconds: seconds.get(id) ?? 0, quick });
  }
  return { sections, failures };
}
