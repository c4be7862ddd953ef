// deno-lint-ignore-file no-explicit-any
/**
 * Tooltip helpers for the plot tests: run a compiled chart in a headless vega View and collect
 * the tooltip object of every scenegraph item (what a browser shows on hover), and format a
 * number the way d3 `.4g` does, computed independently (JS `toPrecision`, U+2212 minus).
 */
import * as vega from "vega";
import { compileVegaLite, type VegaLiteSpec } from "../../lib/plot/mod.ts";

/** A scenegraph item with a tooltip. */
export interface TooltipItem {
  /** The mark's type ("rect", "symbol", ...). */
  marktype: string;
  /** The item's datum. */
  datum: Record<string, any>;
  /** The evaluated tooltip (title → formatted text). */
  tooltip: Record<string, string>;
}

/** Every item that carries a tooltip object, after running the view headless. */
export async function tooltipItems(
  spec: VegaLiteSpec,
  signals: Record<string, unknown> = {},
): Promise<{ items: TooltipItem[]; view: vega.View }> {
  const { vega: vg } = compileVegaLite(spec);
  const view = new vega.View(vega.parse(vg as vega.Spec), { renderer: "none" });
  await view.runAsync();
  for (const [k, v] of Object.entries(signals)) view.signal(k, v);
  await view.runAsync();
  const items: TooltipItem[] = [];
  const walk = (node: any, marktype: string) => {
    if (node === null || typeof node !== "object") return;
    const type = node.marktype ?? marktype;
    if (node.tooltip && typeof node.tooltip === "object" && node.datum) {
      items.push({ marktype: type, datum: node.datum, tooltip: node.tooltip });
    }
    for (const child of node.items ?? []) walk(child, type);
  };
  walk((view.scenegraph() as any).root, "group");
  return { items, view };
}

/** d3-format ".4g" of `v`, computed independently of d3. */
export function g4(v: number): string {
  return v.toPrecision(4).replace("-", "\u2212");
}
