/**
 * The event form's repetition controls: every rule they build is one the API accepts for a series
 * from the form's start, and a rule they cannot show exactly is left to be shown as text.
 */
import { describe, expect, it } from "vitest";
import { ruleProblem, seriesProblem } from "../../functions/lib/recurrence.ts";
import { alignExdates, buildRule, FREQUENCIES, newRule, parseSimpleRule, WEEKDAYS, type SimpleRule } from "../../web/src/lib/rrule.ts";

const series = (rrule: string, allDay: boolean) =>
  allDay
    ? { allDay, startsAt: "2030-04-02", endsAt: "2030-04-02", timeZone: "UTC", rrule, exdates: [] }
    : { allDay, startsAt: "2030-04-02T10:00", endsAt: "2030-04-02T11:30", timeZone: "Europe/Riga", rrule, exdates: [] };

describe("buildRule", () => {
  it("builds rules the API accepts, for every frequency and end, all-day or not", () => {
    const ends: Partial<SimpleRule>[] = [{ end: "never" }, { end: "until", until: "2031-04-01" }, { end: "count", count: "8" }];
    for (const allDay of [false, true]) {
      for (const freq of FREQUENCIES) {
        for (const end of ends) {
          const rule = { ...newRule(freq), interval: "2", byDay: freq === "WEEKLY" ? (["TU", "TH"] as SimpleRule["byDay"]) : [], ...end };
          const rrule = buildRule(rule, allDay);
          expect(ruleProblem(rrule), rrule).toBeNull();
          expect(seriesProblem(series(rrule, allDay)), rrule).toBeNull();
          expect(parseSimpleRule(rrule, allDay), rrule).toEqual(rule);
        }
      }
    }
  });

  it("ends on the last day itself: a date for all-day events, the end of that day otherwise", () => {
    const rule = { ...newRule("WEEKLY"), byDay: ["FR", "MO"] as SimpleRule["byDay"], end: "until" as const, until: "2030-06-30" };
    expect(buildRule(rule, false)).toBe("FREQ=WEEKLY;BYDAY=MO,FR;UNTIL=20300630T235959Z");
    expect(buildRule(rule, true)).toBe("FREQ=WEEKLY;BYDAY=MO,FR;UNTIL=20300630");
  });

  it("writes a half-typed number as typed, so the API names the problem", () => {
    const rrule = buildRule({ ...newRule("DAILY"), end: "count", count: "5000" }, false);
    expect(ruleProblem(rrule)).toBe("COUNT must be between 1 and 1000");
  });
});

describe("parseSimpleRule", () => {
  it("reads what the controls can show", () => {
    expect(parseSimpleRule("RRULE:FREQ=WEEKLY;WKST=MO;BYDAY=TH,TU;COUNT=4", false)).toEqual({
      freq: "WEEKLY",
      interval: "1",
      byDay: ["TU", "TH"],
      end: "count",
      until: "",
      count: "4",
    });
    expect(WEEKDAYS[0]).toBe("MO");
  });

  it("gives up on every rule the controls could not show exactly", () => {
    for (const rrule of [
      "FREQ=MONTHLY;BYDAY=2TU",
      "FREQ=MONTHLY;BYMONTHDAY=15",
      "FREQ=YEARLY;BYMONTH=3",
      "FREQ=DAILY;BYDAY=MO",
      "FREQ=WEEKLY;WKST=SU;BYDAY=TU",
      "FREQ=WEEKLY;COUNT=3;UNTIL=20300101T235959Z",
      "FREQ=WEEKLY;UNTIL=20300101T100000Z",
      "FREQ=HOURLY",
      "FREQ=WEEKLY;INTERVAL=0",
      "FREQ=WEEKLY;FREQ=DAILY",
    ]) {
      expect(parseSimpleRule(rrule, false), rrule).toBeNull();
    }
    // A bare date as UNTIL is midnight: before a timed event's last day, so not "ends on that day".
    expect(parseSimpleRule("FREQ=WEEKLY;UNTIL=20300630", false)).toBeNull();
    expect(parseSimpleRule("FREQ=WEEKLY;UNTIL=20300630", true)).not.toBeNull();
  });
});

describe("alignExdates", () => {
  it("moves cancelled occurrences with the start's time of day, and to dates for all-day events", () => {
    const cancelled = ["2030-04-16T10:00", "2030-05-07T10:00"];
    expect(alignExdates(cancelled, false, "2030-04-02T14:30")).toEqual(["2030-04-16T14:30", "2030-05-07T14:30"]);
    expect(alignExdates(cancelled, true, "")).toEqual(["2030-04-16", "2030-05-07"]);
    expect(alignExdates(["2030-04-16"], false, "2030-04-02T09:00")).toEqual(["2030-04-16T09:00"]);
    // While the start is half typed, nothing moves.
    expect(alignExdates(cancelled, false, "2030-04-02")).toEqual(cancelled);
  });
});
