/**
 * Multi-day events as bars across a week row, as calendars people know draw them: each event that
 * covers more than one day is one segment per week row it touches, placed in the lowest lane free
 * on all its days, so bars never overlap and a day's one-day events come below them.
 */
import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { eventDays } from "./dates.ts";

export interface Bar {
  event: EventSummary;
  /** Columns (0 = Monday) of the segment in this row, inclusive. */
  start: number;
  end: number;
  lane: number;
  /** The event's own first and last day (the segment may show only part of them). */
  first: string;
  last: string;
}

export interface WeekLayout {
  /** Bars starting in each column, by lane. */
  bars: Bar[];
  /** How many lanes of bars each column holds (those after the last are one-day events). */
  lanes: number[];
  /** Each column's one-day events. */
  single: EventSummary[][];
}

/** Lays out one week row (seven dates) of the events by day. */
export function layoutWeek(week: string[], byDay: Map<string, EventSummary[]>, timeZone: string): WeekLayout {
  const seen = new Set<string>();
  const bars: Bar[] = [];
  const single = week.map(() => [] as EventSummary[]);
  week.forEach((d, col) => {
    for (const e of byDay.get(d) ?? []) {
      const [first, last] = eventDays(e, timeZone);
      if (first === last) {
        single[col].push(e);
        continue;
      }
      const key = `${e.id}@${e.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const end = last > week[6] ? 6 : week.indexOf(last);
      bars.push({ event: e, start: col, end, lane: 0, first, last });
    }
  });
  // Longer bars first among those starting the same day, so the lanes stay compact.
  bars.sort((a, b) => a.start - b.start || b.end - a.end);
  const laneEnds: number[] = [];
  const lanes = week.map(() => 0);
  for (const bar of bars) {
    let lane = laneEnds.findIndex((end) => end < bar.start);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = bar.end;
    bar.lane = lane;
    for (let c = bar.start; c <= bar.end; c++) lanes[c] = Math.max(lanes[c], lane + 1);
  }
  return { bars, lanes, single };
}
