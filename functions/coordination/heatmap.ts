/**
 * How busy the region is, week by week, by country, audience or topic: each event counts in every
 * week it touches, weighted by how much it draws on people (a conference more than a meeting).
 */
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { addDays, utcMidnight, weekStart } from "../lib/dates.ts";
import { observancesBetween } from "./observances.ts";
import { candidatesBetween } from "./radar.ts";
import type { HEATMAP_DIMENSIONS } from "../../db/enums.ts";

export type HeatmapDimension = (typeof HEATMAP_DIMENSIONS)[number];

/** How much one event weighs in the heatmap, by type. */
export const TYPE_WEIGHT: Record<string, number> = {
  conference: 3,
  seminar: 2,
  workshop: 2,
  training: 2,
  study_visit: 2,
  campaign: 1,
  meeting: 1,
  deadline: 1,
  other: 1,
};

const DAY = 86_400_000;

/** Mondays of the weeks that hold any day of `year`. */
export function weeksOf(year: number): string[] {
  // A year touches 53 or 54 weeks: counted, so the loop ends whatever the dates compare like.
  const first = weekStart(`${year}-01-01`);
  const weeks: string[] = [];
  for (let i = 0; i < 54; i++) {
    const d = addDays(first, 7 * i);
    if (d.slice(0, 4) !== String(year) && i > 0) break;
    weeks.push(d);
  }
  return weeks;
}

export async function heatmap(db: Database, year: number, by: HeatmapDimension, viewer: Viewer | null) {
  const weeks = weeksOf(year);
  const from = utcMidnight(weeks[0]);
  const to = utcMidnight(addDays(weeks[weeks.length - 1], 7));
  const [items, periods] = await Promise.all([
    candidatesBetween(db, from, to, viewer, undefined, true),
    observancesBetween(db, weeks[0], addDays(weeks[weeks.length - 1], 6)),
  ]);
  const weekOf = (date: string) => Math.min(weeks.length - 1, Math.max(0, Math.floor((utcMidnight(date) - from) / (7 * DAY))));
  const rows = new Map<string, number[]>();
  for (const e of items) {
    if (e.status === "cancelled") continue;
    const keys = by === "country" ? e.countries : by === "audience" ? e.audiences : e.topics;
    if (!keys.length || e.busy) continue;
    const weight = TYPE_WEIGHT[e.type ?? "other"] ?? 1;
    const first = Math.max(0, Math.floor((e.startUtc - from) / (7 * DAY)));
    const last = Math.min(weeks.length - 1, Math.floor((Math.max(e.startUtc, e.endUtc - 1) - from) / (7 * DAY)));
    for (const key of keys) {
      const counts = rows.get(key) ?? rows.set(key, Array(weeks.length).fill(0)).get(key)!;
      for (let w = first; w <= last; w++) counts[w] += weight;
    }
  }
  return {
    year,
    by,
    weeks,
    rows: [...rows.entries()]
      .map(([key, counts]) => ({ key, total: counts.reduce((a, b) => a + b, 0), counts }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key)),
    /** Observances and blackout periods (public: anyone may read them), with the weeks they touch. */
    periods: periods.map((o) => ({ ...o, firstWeek: weekOf(o.startsOn), lastWeek: weekOf(o.endsOn) })),
  };
}
