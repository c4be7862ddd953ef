/** Small SVG inspection helpers for the plot tests (regex-based, for vega's SVG output). */

/** Attributes of one element start tag. */
function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]] = m[2];
  return out;
}

function unescape(s: string): string {
  return s.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'").replaceAll("&amp;", "&");
}

/** Line-mark paths (one per drawn polyline) with their stroke colour and dash pattern. */
export function linePaths(svg: string): { stroke: string; dash: string | undefined }[] {
  return [...svg.matchAll(/<path [^>]*aria-roledescription="line mark"[^>]*>/g)].map((m) => {
    const a = attrs(m[0]);
    return { stroke: (a.stroke ?? "").toUpperCase(), dash: a["stroke-dasharray"] };
  });
}

/** Count of elements whose aria-roledescription is `role` (e.g. "rect mark", "symbol mark"). */
export function countMarks(svg: string, role: string): number {
  return [...svg.matchAll(new RegExp(`aria-roledescription="${role}"`, "g"))].length;
}

/** Text content of every <text> element, in document order. */
export function svgTexts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescape(m[1]));
}

/** Text content of texts inside groups of a given role class (e.g. "role-legend-label"). */
export function textsInRole(svg: string, role: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<g class="mark-text ${role}"[^>]*>(.*?)</g>`, "gs");
  for (const m of svg.matchAll(re)) out.push(...svgTexts(m[1]));
  return out;
}

/** Width and height of the root <svg>. */
export function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*>/.exec(svg);
  if (m === null) throw new Error("not an SVG document");
  const a = attrs(m[0]);
  return { width: Number(a.width), height: Number(a.height) };
}
