// Reads the per-point tooltip details back out of a Vega-Lite spec (shared by the figure tests).
import type { VegaLiteSpec } from "../../lib/plot/chart_spec.ts";

/** Every data row (of the top level and of every layer) that carries tooltip details. */
export function detailRows(spec: VegaLiteSpec): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    const n = node as { data?: { values?: unknown }; layer?: unknown[] };
    const values = n.data?.values;
    if (Array.isArray(values)) {
      for (const v of values) {
        if (v !== null && typeof v === "object" && Object.keys(v).some((k) => k.startsWith("d_"))) {
          out.push(v as Record<string, unknown>);
        }
      }
    }
    for (const l of n.layer ?? []) visit(l);
  };
  visit(spec);
  return out;
}

/** The titles of every tooltip field of every layer. */
export function tooltipTitles(spec: VegaLiteSpec): Set<string> {
  const out = new Set<string>();
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    const n = node as { encoding?: { tooltip?: unknown }; layer?: unknown[] };
    const t = n.encoding?.tooltip;
    if (Array.isArray(t)) { for (const f of t) if (f?.title) out.add(String(f.title)); }
    for (const l of n.layer ?? []) visit(l);
  };
  visit(spec);
  return out;
}

/** A number as the tooltip data stores it (4 significant digits). */
export function at4(v: number): number {
  return Number(v.toPrecision(4));
}

/** A detail field back as a number (text columns hold numbers as 4-digit text, "–" for none). */
export function detailNumber(v: unknown): number | null {
  if (typeof v === "number") return v;
  if (v === "∞") return Infinity;
  if (v === "−∞") return -Infinity;
  if (typeof v !== "string" || v === "–") return null;
  return Number(v.replace("−", "-"));
}

/**
 * Whether a 4-significant-digit detail agrees with an independently computed value: within
 * half a unit of the 4th digit (5e-4 relative), plus `slack` for a different solver path.
 */
export function close4(detail: unknown, value: number, slack = 0): boolean {
  const v = detailNumber(detail);
  return v !== null && Math.abs(v - value) <= 5e-4 * Math.abs(value) + slack;
}
