/** Where the month grid draws events of several days: one bar per week row, in lanes that never overlap. */
import { describe, expect, it } from "vitest";
import type { EventSummary } from "../../functions/events/events.schema.ts";
import { eventsByDay } from "../../web/src/lib/dates.ts";
import { layoutWeek } from "../../web/src/lib/week-layout.ts";

const event = (id: string, startsAt: string, endsAt: string): EventSummary =>
  ({
    id,
    slug: id,
    busy: false,
    title: id,
    allDay: true,
    startsAt,
    endsAt,
    start: `${startsAt}T00:00:00Z`,
    end: `${endsAt}T00:00:00Z`,
    organisers: [],
    topics: [],
    audiences: [],
    languages: [],
  }) as unknown as EventSummary;

const WEEK = ["2031-03-10", "2031-03-11", "2031-03-12", "2031-03-13", "2031-03-14", "2031-03-15", "2031-03-16"];
const layout = (events: EventSummary[]) => layoutWeek(WEEK, eventsByDay(events, WEEK, "UTC"), "UTC");

describe("layoutWeek", () => {
  it("makes a three-day conference one bar over its three days, not three chips", () => {
    const { bars, single, lanes } = layout([event("conf", "2031-03-12", "2031-03-14")]);
    expect(bars.map((b) => [b.event.id, b.start, b.end, b.lane])).toEqual([["conf", 2, 4, 0]]);
    expect(single.flat()).toEqual([]);
    expect(lanes).toEqual([0, 0, 1, 1, 1, 0, 0]);
  });

  it("cuts a bar at the row's edges and keeps the event's own dates", () => {
    const { bars } = layout([event("long", "2031-03-08", "2031-03-18")]);
    expect(bars).toMatchObject([{ start: 0, end: 6, first: "2031-03-08", last: "2031-03-18" }]);
  });

  it("stacks overlapping bars in lanes and reuses a lane once it is free", () => {
    const { bars, lanes, single } = layout([
      event("a", "2031-03-10", "2031-03-12"),
      event("b", "2031-03-11", "2031-03-13"),
      event("c", "2031-03-13", "2031-03-15"),
      event("one-day", "2031-03-11", "2031-03-11"),
    ]);
    expect(Object.fromEntries(bars.map((b) => [b.event.id, b.lane]))).toEqual({ a: 0, b: 1, c: 0 });
    expect(lanes).toEqual([1, 2, 2, 2, 1, 1, 0]);
    expect(single[1].map((e) => e.id)).toEqual(["one-day"]);
  });
});
