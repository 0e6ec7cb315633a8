/** Recurring events expanded in their own zone. */
import { describe, expect, it } from "vitest";
import { OPEN_ENDED, occurrencesBetween, RecurrenceBudget, ruleProblem, seriesEndUtc } from "../../functions/lib/recurrence.ts";

const weekly = {
  allDay: false,
  startsAt: "2026-03-16T10:00",
  endsAt: "2026-03-16T11:30",
  timeZone: "Europe/Riga",
  rrule: "FREQ=WEEKLY;COUNT=4",
  exdates: [] as string[],
};

describe("occurrencesBetween", () => {
  it("keeps a weekly meeting at 10:00 local across the spring clock change", () => {
    const all = occurrencesBetween(weekly, Date.parse("2026-03-01T00:00:00Z"), Date.parse("2026-05-01T00:00:00Z"), new RecurrenceBudget());
    expect(all.map((o) => [o.startsAt, new Date(o.startUtc).toISOString()])).toEqual([
      ["2026-03-16T10:00", "2026-03-16T08:00:00.000Z"],
      ["2026-03-23T10:00", "2026-03-23T08:00:00.000Z"],
      ["2026-03-30T10:00", "2026-03-30T07:00:00.000Z"],
      ["2026-04-06T10:00", "2026-04-06T07:00:00.000Z"],
    ]);
    expect(all[0].endsAt).toBe("2026-03-16T11:30");
  });

  it("leaves out exceptions and what lies outside the range", () => {
    const some = occurrencesBetween(
      { ...weekly, exdates: ["2026-03-23T10:00"] },
      Date.parse("2026-03-20T00:00:00Z"),
      Date.parse("2026-04-01T00:00:00Z"),
      new RecurrenceBudget(),
    );
    expect(some.map((o) => o.startsAt)).toEqual(["2026-03-30T10:00"]);
  });

  it("repeats all-day events on their dates", () => {
    const monthly = { allDay: true, startsAt: "2026-01-31", endsAt: "2026-01-31", timeZone: "UTC", rrule: "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3", exdates: [] };
    const all = occurrencesBetween(monthly, Date.parse("2026-01-01T00:00:00Z"), Date.parse("2026-12-31T00:00:00Z"), new RecurrenceBudget());
    expect(all.map((o) => o.startsAt)).toEqual(["2026-01-31", "2026-02-28", "2026-03-31"]);
  });
});

describe("series bounds and rule checks", () => {
  it("indexes a bounded series to its last end and an open one to the end of time", () => {
    expect(new Date(seriesEndUtc(weekly)).toISOString()).toBe("2026-04-06T08:30:00.000Z");
    expect(seriesEndUtc({ ...weekly, rrule: "FREQ=WEEKLY" })).toBe(OPEN_ENDED);
  });

  it("names what is wrong with a rule", () => {
    expect(ruleProblem("FREQ=WEEKLY;BYDAY=TU")).toBeNull();
    expect(ruleProblem("FREQ=SECONDLY")).toMatch(/DAILY, WEEKLY/);
    expect(ruleProblem("DTSTART:20260101T000000Z\nRRULE:FREQ=DAILY")).toMatch(/DTSTART/);
    expect(ruleProblem("BOGUS")).not.toBeNull();
  });
});
