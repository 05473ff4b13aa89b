// Shared look of the why view's recharts axes: small ticks that stay legible on a 360 px phone.
import { fmt } from "@/lib/why/format.ts";

export const TICK = { fontSize: 12, fill: "#33404d" } as const;
export const GRID = "#e4e8ed";
export const MARGIN = { top: 8, right: 12, bottom: 4, left: 0 } as const;
/** Height of a chart's plot in px: tall enough to read, short enough that a phone shows its caption too. */
export const CHART_HEIGHT = 260;
export const SCHEDULE_HEIGHT = 200;
/** Height of a per-variant dot chart with `n` rows (a thumb-sized row each, plus the axis). */
export const dotsHeight = (n: number) => Math.max(140, 44 * n + 48);
// These live here, not in the "use client" chart modules: a server component importing a value from
// a client module gets a client reference, not the value.

/** Tooltips stay small: short names (variant ids), one line each, never wider than a phone. */
export const TOOLTIP_STYLE = { fontSize: 12, padding: "4px 8px", maxWidth: 240, whiteSpace: "normal" } as const;
/** Width for a category axis of these labels at 12 px (about 7 px a character), within [48, 150]. */
export const labelWidth = (labels: readonly string[]) => Math.min(150, Math.max(48, 7 * Math.max(0, ...labels.map((l) => l.length)) + 10));

export const tickFmt = (v: number) => fmt(v, 3);
export const tickPct = (v: number) => `${Math.round(v * 100)}%`;
