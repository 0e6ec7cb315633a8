/** Where the month view puts days and events. */
import { describe, expect, it } from "vitest";
import type { EventSummary } from "../../functions/events/events.schema.ts";
import { localDate, mondayOf, monthWeeks, parseMonth, shiftMonth, weekStart } from "../../functions/lib/dates.ts";
import { eventDays, eventsByDay } from "../../web/src/lib/dates.ts";

const event = (o: Partial<EventSummary>): EventSummary =>
  ({ id: "e", slug: "e", busy: false, title: "E", allDay: false, organisers: [], topics: [], audiences: [], languages: [], ...o }) as EventSummary;

describe("monthWeeks", () => {
  it("starts weeks on Monday and covers the whole month", () => {
    const weeks = monthWeeks(2026, 12);
    expect(weeks[0][0]).toBe("2026-11-30");
    expect(weeks.at(-1)!.at(-1)).toBe("2027-01-03");
    expect(weeks.flat()).toContain("2026-12-31");
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it("needs only four rows for a February that starts on Monday", () => {
    expect(monthWeeks(2027, 2)).toHaveLength(4);
  });
});

describe("month navigation", () => {
  it("crosses year boundaries and rejects what is not a month", () => {
    expect(shiftMonth(2026, 12, 1)).toBe("2027-01");
    expect(shiftMonth(2026, 1, -1)).toBe("2025-12");
    expect(parseMonth("2026-13")).toBeNull();
    expect(parseMonth("2026-1")).toBeNull();
    expect(parseMonth("2026-07")).toEqual({ year: 2026, month: 7 });
  });

  it("knows only the calendar's own years, 1900 to 2200, so no month runs into five-digit years", () => {
    expect(parseMonth("1900-01")).toEqual({ year: 1900, month: 1 });
    expect(parseMonth("2200-12")).toEqual({ year: 2200, month: 12 });
    for (const month of ["1899-12", "2201-01", "9999-12", "0001-01"]) expect(parseMonth(month)).toBeNull();
    // Even asked directly, the last month a Date can write with four digits ends in six weeks at most.
    expect(monthWeeks(9999, 12).length).toBeLessThanOrEqual(6);
  });
});

describe("weeks, the same in the web app and the Worker", () => {
  it("starts every week on Monday, across a month and a year boundary", () => {
    expect(weekStart("2026-12-02")).toBe("2026-11-30");
    expect(weekStart("2026-11-30")).toBe("2026-11-30");
    expect(weekStart("2027-01-03")).toBe("2026-12-28");
  });

  it("puts a Sunday-night instant in the next week for a reader east of UTC (the digest's week)", () => {
    const sundayNight = Date.parse("2026-12-06T22:30:00Z");
    expect(localDate(sundayNight, "Europe/Helsinki")).toBe("2026-12-07");
    expect(mondayOf(sundayNight, "Europe/Helsinki")).toBe("2026-12-07");
    expect(mondayOf(sundayNight, "UTC")).toBe("2026-11-30");
  });
});

describe("eventDays", () => {
  it("keeps an all-day event on its own dates in any zone", () => {
    const e = event({ allDay: true, startsAt: "2026-12-09", endsAt: "2026-12-11", start: "2026-12-09T00:00:00.000Z", end: "2026-12-12T00:00:00.000Z" });
    expect(eventDays(e, "America/Los_Angeles")).toEqual(["2026-12-09", "2026-12-11"]);
    expect(eventDays(e, "Pacific/Auckland")).toEqual(["2026-12-09", "2026-12-11"]);
  });

  it("moves a late-evening meeting to the next day for a viewer further east", () => {
    const e = event({ start: "2026-12-01T21:30:00.000Z", end: "2026-12-01T22:30:00.000Z" });
    expect(eventDays(e, "Europe/Riga")).toEqual(["2026-12-01", "2026-12-02"]);
    expect(eventDays(e, "Europe/London")).toEqual(["2026-12-01", "2026-12-01"]);
  });

  it("does not spill a meeting that ends at midnight into the next day", () => {
    const e = event({ start: "2026-12-01T20:00:00.000Z", end: "2026-12-02T00:00:00.000Z" });
    expect(eventDays(e, "UTC")).toEqual(["2026-12-01", "2026-12-01"]);
  });
});

describe("eventsByDay", () => {
  it("lists a multi-day event on each of its days within the shown dates", () => {
    const e = event({ allDay: true, startsAt: "2026-11-29", endsAt: "2026-12-01" });
    const map = eventsByDay([e], ["2026-11-30", "2026-12-01", "2026-12-02"], "UTC");
    expect([...map.entries()].map(([d, list]) => [d, list.length])).toEqual([
      ["2026-11-30", 1],
      ["2026-12-01", 1],
      ["2026-12-02", 0],
    ]);
  });
});
