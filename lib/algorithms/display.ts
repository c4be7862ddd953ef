/**
 * Compact Jupyter renderings (text/plain + text/html tables) of the algorithm results. Uses
 * only `with_display.ts`, so workers that import the algorithms do not load the plotting code.
 *
 * @module
 */
import { type MimeBundle, withDisplay } from "../jupyter/with_display.ts";

/** A table cell value. */
export type Cell = number | string | boolean | null | undefined;

/**
 * Formats one cell: integers as is, other numbers with 5 significant digits, null as empty.
 *
 * @example
 * ```ts
 * if (formatCell(0.123456789) !== "0.12346" || formatCell(null) !== "" || formatCell(3) !== "3") throw new Error();
 * ```
 */
export function formatCell(v: Cell): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (Number.isInteger(v) || !Number.isFinite(v)) return String(v);
    return String(Number(v.toPrecision(5)));
  }
  return String(v);
}

function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/**
 * A MIME bundle (`text/plain` aligned columns, `text/html` table) of a small table.
 *
 * @example
 * ```ts
 * const b = algorithmTable("t", ["k", "v"], [["m", 0.5]]);
 * if (!String(b["text/html"]).includes("<caption>t</caption>")) throw new Error();
 * if (!String(b["text/plain"]).includes("m  0.5")) throw new Error(String(b["text/plain"]));
 * ```
 */
export function algorithmTable(title: string, header: string[], rows: Cell[][]): MimeBundle {
  const cells = rows.map((r) => r.map(formatCell));
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((r) => (r[j] ?? "").length)));
  const line = (r: string[]) => r.map((c, j) => c.padEnd(widths[j])).join("  ").trimEnd();
  const plain = [title, line(header), ...cells.map(line)].join("\n");
  const html = `<table><caption>${escapeHtml(title)}</caption><thead><tr>${
    header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")
  }</tr></thead><tbody>${
    cells.map((r) =>
      `<tr>${
        r.map((c, j) =>
          `<td style="text-align:${j === 0 ? "left" : "right"}">${escapeHtml(c)}</td>`
        ).join("")
      }</tr>`
    ).join("")
  }</tbody></table>`;
  return { "text/plain": plain, "text/html": html };
}

/** Attaches a Jupyter rendering; re-exported so callers need only this module. */
export { withDisplay };
