/**
 * Recurrence within a budget: hostile rules are refused or expanded within bounded work, counted
 * in days the rrule iterator examines (never in wall time), and ordinary rules expand exactly as
 * the plain rrule iterator expands them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  MAX_COUNT,
  MAX_OCCURRENCES,
  occurrencesBetween,
  OPEN_ENDED,
  RecurrenceBudget,
  REQUEST_STEPS,
  ruleProblem,
  SERIES_STEPS,
  seriesEndUtc,
  seriesProblem,
  type Occurrence,
  type Recurring,
} from "../../functions/lib/recurrence.ts";
import { parseRule, RRule, walk } from "../../functions/lib/recurrence-walk.ts";
import { zonedToUtc } from "../../functions/lib/time.ts";

const DAY = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const floating = (local: string) => Date.parse(local.length === 10 ? `${local}T00:00:00Z` : `${local}:00Z`);

/** The expansion as it was before the budget: plain rrule from DTSTART, for comparison. */
function reference(e: Recurring, fromUtc: number, toUtc: number): Occurrence[] {
  const lengthMs = floating(e.endsAt) - floating(e.startsAt);
  const rule = new RRule({ ...RRule.parseString(e.rrule), dtstart: new Date(floating(e.startsAt)) });
  const margin = 15 * 3_600_000;
  return rule
    .between(new Date(fromUtc - lengthMs - margin - DAY), new Date(toUtc + margin), true)
    .map((d) => {
      const start = d.getTime();
      const startsAt = new Date(start).toISOString().slice(0, e.allDay ? 10 : 16);
      const endsAt = new Date(start + lengthMs).toISOString().slice(0, e.allDay ? 10 : 16);
      return e.allDay
        ? { startsAt, endsAt, startUtc: start, endUtc: start + lengthMs + DAY }
        : { startsAt, endsAt, startUtc: zonedToUtc(startsAt, e.timeZone), endUtc: zonedToUtc(endsAt, e.timeZone) };
    })
    .filter((o) => !e.exdates.includes(o.startsAt) && o.startUtc < toUtc && o.endUtc > fromUtc);
}

const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
const nonZero = (max: number) => fc.integer({ min: -max, max }).filter((n) => n !== 0);
const list = (arb: fc.Arbitrary<number | string>, max = 3) => fc.uniqueArray(arb, { minLength: 1, maxLength: max }).map((xs) => xs.join(","));

/** Rules as an attacker (or a careless .ics file) writes them. */
const hostileRule = fc
  .record(
    {
      FREQ: fc.constantFrom("DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY"),
      INTERVAL: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 })),
      COUNT: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 10_000_000 })),
      UNTIL: fc.integer({ min: 1900, max: 9999 }).map((y) => `${y}1231T000000Z`),
      BYMONTH: list(fc.integer({ min: 1, max: 12 })),
      BYMONTHDAY: list(fc.oneof(fc.constantFrom(29, 30, 31, -31), nonZero(31))),
      BYDAY: list(fc.tuple(fc.option(nonZero(5), { nil: undefined }), fc.constantFrom(...WEEKDAYS)).map(([n, d]) => `${n ?? ""}${d}`)),
      BYSETPOS: list(nonZero(366)),
      BYWEEKNO: list(nonZero(53)),
      BYYEARDAY: list(nonZero(366)),
      BYHOUR: list(fc.integer({ min: 0, max: 23 })),
    },
    { requiredKeys: ["FREQ"] },
  )
  .chain((parts) =>
    // Impossible or rare dates, tried often rather than left to chance.
    fc
      .option(
        fc.constantFrom(
          "BYMONTH=2;BYMONTHDAY=30",
          "BYMONTH=4;BYMONTHDAY=31",
          "BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
          "BYWEEKNO=53;BYMONTH=6",
          "BYYEARDAY=366;BYMONTH=1",
        ),
        { nil: undefined },
      )
      .map((trap) => [...Object.entries(parts).map(([k, v]) => `${k}=${v}`), ...(trap ? [trap] : [])].join(";")),
  );

const start = (years: { min: number; max: number }) =>
  fc
    .record({
      y: fc.integer(years),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
      h: fc.integer({ min: 0, max: 22 }),
      allDay: fc.boolean(),
    })
    .map(({ y, m, d, h, allDay }) => {
      const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
      return allDay ? { allDay, startsAt: date, endsAt: date } : { allDay, startsAt: `${date}T${pad(h)}:00`, endsAt: `${date}T${pad(h + 1)}:30` };
    });

const event = (rrule: fc.Arbitrary<string>, years: { min: number; max: number }) =>
  fc
    .record({ rrule, when: start(years), timeZone: fc.constantFrom("Europe/Riga", "UTC", "Pacific/Kiritimati", "America/Adak") })
    .map(({ rrule, when, timeZone }): Recurring => ({ ...when, timeZone, rrule, exdates: [] }));

/** A six-week window, as the month view asks for. */
const window = (years: { min: number; max: number }) =>
  fc.record({ y: fc.integer(years), m: fc.integer({ min: 0, max: 11 }) }).map(({ y, m }) => {
    const from = Date.UTC(y, m, 1) - 7 * DAY;
    return { from, to: from + 42 * DAY };
  });

describe("the step counter", () => {
  it("sees every day rrule examines (pins the coupling to rrule's iterator)", () => {
    const at = new Date("2026-01-01T10:00:00Z");
    expect(walk(parseRule("FREQ=DAILY;COUNT=10", at), null, null, new RecurrenceBudget()).steps).toBe(10);
    // A yearly rule filters its whole first year before it hands over a date.
    expect(walk(parseRule("FREQ=YEARLY;COUNT=1", at), null, null, new RecurrenceBudget()).steps).toBe(365);
    expect(walk(parseRule("FREQ=MONTHLY;COUNT=2", at), null, null, new RecurrenceBudget()).steps).toBe(31 + 28);
  });

  it("stops a rule that never matches once it is past the window, without calling that truncation", () => {
    const options = parseRule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", new Date("1900-01-01T10:00:00Z"));
    const budget = new RecurrenceBudget();
    const result = walk(options, new Date("2026-03-01T00:00:00Z"), new Date("2026-04-01T00:00:00Z"), budget);
    expect(result).toMatchObject({ dates: [], complete: true });
    // The window, plus the two periods' slack: not 126 years from 1900, not 8,000 to year 9999.
    expect(result.steps).toBeLessThanOrEqual(31 + 2 * 367 + 2);
    expect(budget.truncated).toBe(false);
  });

  it("stops at the series budget when nothing bounds the walk, and says so", () => {
    const budget = new RecurrenceBudget();
    const result = walk(parseRule("FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30", new Date("2026-01-01T00:00:00Z")), null, null, budget);
    expect(result).toMatchObject({ dates: [], complete: false, steps: SERIES_STEPS });
    expect(budget).toMatchObject({ truncated: true, steps: REQUEST_STEPS - SERIES_STEPS });
  });
});

describe("truncation", () => {
  const daily: Recurring = { allDay: true, startsAt: "2026-01-01", endsAt: "2026-01-01", timeZone: "UTC", rrule: "FREQ=DAILY", exdates: [] };
  const year = [Date.parse("2026-01-01T00:00:00Z"), Date.parse("2031-01-01T00:00:00Z")] as const;

  it("is reported when a series has more occurrences in range than one answer holds", () => {
    const budget = new RecurrenceBudget();
    expect(occurrencesBetween(daily, ...year, budget)).toHaveLength(MAX_OCCURRENCES);
    expect(budget.truncated).toBe(true);
  });

  it("is not reported when the caller asked for the first occurrences only", () => {
    const budget = new RecurrenceBudget();
    expect(occurrencesBetween(daily, ...year, budget, 1).map((o) => o.startsAt)).toEqual(["2026-01-01"]);
    expect(budget.truncated).toBe(false);
  });

  it("leaves later series empty once the request's budget is spent", () => {
    const budget = new RecurrenceBudget(REQUEST_STEPS, 1500);
    expect(occurrencesBetween(daily, ...year, budget)).toHaveLength(1000);
    expect(occurrencesBetween(daily, ...year, budget)).toHaveLength(500);
    expect(occurrencesBetween(daily, ...year, budget)).toHaveLength(0);
    expect(budget).toMatchObject({ occurrences: 0, truncated: true });
  });
});

describe("checks on new rules", () => {
  const at = { allDay: false, startsAt: "2026-03-16T10:00", endsAt: "2026-03-16T11:00", timeZone: "Europe/Riga", exdates: [] };
  const problem = (rrule: string) => ruleProblem(rrule) ?? seriesProblem({ ...at, rrule });

  it("names what is wrong, for the rules found today", () => {
    expect(problem("FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30")).toMatch(/falls on no date within 20 years/);
    expect(problem("FREQ=DAILY;BYHOUR=9,10,11;BYMINUTE=0,15,30,45")).toMatch(/BYHOUR, BYMINUTE or BYSECOND/);
    expect(problem("FREQ=DAILY;BYSECOND=0")).toMatch(/BYHOUR, BYMINUTE or BYSECOND/);
    expect(problem("FREQ=DAILY;COUNT=10000000")).toMatch(/COUNT must be between 1 and 1000/);
    expect(problem("FREQ=WEEKLY;UNTIL=22000101T000000Z")).toMatch(/UNTIL must be at most 20 years after the start/);
    expect(problem("FREQ=WEEKLY;UNTIL=20200101T000000Z")).toMatch(/UNTIL must not be before the start/);
    expect(problem("FREQ=YEARLY;COUNT=50")).toMatch(/COUNT more than 20 years after the start/);
    expect(problem("FREQ=DAILY;UNTIL=20300101T000000Z")).toMatch(/more than 1000 occurrences/);
    expect(problem("FREQ=MONTHLY;BYMONTHDAY=32")).toMatch(/BYMONTHDAY must list whole numbers/);
    expect(problem("FREQ=MONTHLY;BYMONTH=abc")).toMatch(/BYMONTH must list whole numbers/);
    expect(problem("FREQ=YEARLY;BYEASTER=0")).toMatch(/may use only/);
    expect(problem("FREQ=WEEKLY;TZID=Europe/Riga")).not.toBeNull();
  });

  it("accepts the ordinary ones, each from a start on one of its dates", () => {
    for (const [rule, startsAt] of [
      ["FREQ=WEEKLY;BYDAY=MO", "2026-03-16T10:00"],
      ["FREQ=WEEKLY;BYDAY=TU", "2026-03-17T10:00"],
      ["RRULE:FREQ=WEEKLY;BYDAY=TU", "2026-03-17T10:00"],
      ["freq=monthly;bymonthday=-1", "2026-03-31T10:00"],
      ["FREQ=MONTHLY;BYDAY=1MO;COUNT=12", "2026-04-06T10:00"],
      ["FREQ=YEARLY", "2026-03-16T10:00"],
      ["FREQ=YEARLY;COUNT=20", "2026-03-16T10:00"],
      ["FREQ=WEEKLY;INTERVAL=2;UNTIL=20300101T000000Z", "2026-03-16T10:00"],
      ["FREQ=DAILY;COUNT=1000", "2026-03-16T10:00"],
      ["FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "2028-02-29T10:00"],
    ]) {
      const e = { ...at, startsAt, endsAt: `${startsAt.slice(0, 11)}11:00`, rrule: rule };
      expect([rule, ruleProblem(rule) ?? seriesProblem(e)]).toEqual([rule, null]);
    }
  });

  it("refuses a start that is not one of its rule's dates, naming the first date the rule gives", () => {
    // 16 March 2026 is a Monday.
    expect(problem("FREQ=WEEKLY;BYDAY=TU")).toMatch(/does not repeat on its own start 2026-03-16T10:00: .*\(2026-03-17T10:00\)/);
    expect(problem("FREQ=MONTHLY;BYMONTHDAY=-1")).toMatch(/\(2026-03-31T10:00\)/);
    expect(problem("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29")).toMatch(/\(2028-02-29T10:00\)/);
  });

  it("refuses or accepts any rule within one series' budget, and an accepted one expands in full", () => {
    fc.assert(
      fc.property(event(hostileRule, { min: 1900, max: 2200 }), (e) => {
        if (ruleProblem(e.rrule) !== null) return;
        const budget = new RecurrenceBudget(SERIES_STEPS, MAX_COUNT);
        const verdict = seriesProblem(e, budget);
        expect(SERIES_STEPS - budget.steps).toBeLessThanOrEqual(SERIES_STEPS);
        if (verdict !== null) return;
        // What was accepted is small: its end is found without running out of budget.
        const options = parseRule(e.rrule, new Date(floating(e.startsAt)));
        expect(options.count ?? 0).toBeLessThanOrEqual(MAX_COUNT);
        const forEnd = new RecurrenceBudget(SERIES_STEPS, MAX_COUNT);
        const end = seriesEndUtc(e, forEnd);
        expect(forEnd.truncated).toBe(false);
        if (options.count || options.until) expect(end).toBeLessThan(floating(e.startsAt) + 21 * 366 * DAY);
        else expect(end).toBe(OPEN_ENDED);
      }),
      { numRuns: 300 },
    );
  });
});

describe("expanding rules already stored", () => {
  it("keeps every request within its budget, however hostile and old the stored series", () => {
    fc.assert(
      fc.property(fc.array(event(hostileRule, { min: 1900, max: 2200 }), { minLength: 1, maxLength: 15 }), window({ min: 2020, max: 2030 }), (stored, w) => {
        const budget = new RecurrenceBudget();
        for (const e of stored) {
          const before = { steps: budget.steps, occurrences: budget.occurrences };
          const found = occurrencesBetween(e, w.from, w.to, budget);
          expect(before.steps - budget.steps).toBeLessThanOrEqual(SERIES_STEPS);
          expect(found.length).toBeLessThanOrEqual(MAX_OCCURRENCES);
          expect(before.occurrences - budget.occurrences).toBeLessThanOrEqual(MAX_OCCURRENCES);
        }
        expect(budget.steps).toBeGreaterThanOrEqual(0);
        expect(budget.occurrences).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 25 },
    );
  });

  it("finds a stored series' end within one series' budget, or a safe upper bound", () => {
    fc.assert(
      fc.property(event(hostileRule, { min: 1900, max: 2200 }), (e) => {
        let end: number;
        try {
          end = seriesEndUtc(e);
        } catch {
          return; // unreadable: refused on save
        }
        expect(end).toBeGreaterThan(floating(e.startsAt) - DAY);
      }),
      { numRuns: 100 },
    );
  });
});

/** Rules people write: weekly on some days, monthly on a day or an nth weekday, yearly, daily. */
const ordinaryRule = fc
  .tuple(
    fc.oneof(
      fc
        .record({ days: fc.subarray([...WEEKDAYS], { minLength: 1 }), n: fc.integer({ min: 1, max: 3 }) })
        .map(({ days, n }) => `FREQ=WEEKLY;INTERVAL=${n};BYDAY=${days.join(",")}`),
      fc.record({ n: fc.constantFrom(1, 2, 3, 4, -1), d: fc.constantFrom(...WEEKDAYS) }).map(({ n, d }) => `FREQ=MONTHLY;BYDAY=${n}${d}`),
      fc.integer({ min: 1, max: 28 }).map((d) => `FREQ=MONTHLY;BYMONTHDAY=${d}`),
      fc.constant("FREQ=MONTHLY;BYMONTHDAY=-1"),
      fc.constant("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"),
      fc.integer({ min: 1, max: 3 }).map((n) => `FREQ=YEARLY;INTERVAL=${n}`),
      fc.integer({ min: 1, max: 5 }).map((n) => `FREQ=DAILY;INTERVAL=${n}`),
    ),
    fc.oneof(
      fc.constant(""),
      fc.integer({ min: 1, max: 60 }).map((c) => `;COUNT=${c}`),
    ),
  )
  .map(([rule, end]) => rule + end);

describe("ordinary rules", () => {
  it("expand exactly as before, whatever the window", () => {
    fc.assert(
      fc.property(
        event(ordinaryRule, { min: 2000, max: 2030 }),
        window({ min: 1999, max: 2040 }),
        fc.array(fc.nat(), { maxLength: 3 }),
        (plain, w, skipped) => {
          expect(ruleProblem(plain.rrule)).toBeNull();
          // Series longer than new rules may be (a YEARLY COUNT=50) are the stored-rule case above.
          fc.pre(seriesProblem(plain) === null);
          // Some of the window's occurrences left out as exceptions.
          const all = reference(plain, w.from, w.to);
          const e = { ...plain, exdates: all.length ? skipped.map((i) => all[i % all.length].startsAt) : [] };
          expect(occurrencesBetween(e, w.from, w.to, new RecurrenceBudget())).toEqual(reference(e, w.from, w.to));
          // A digest's question: the next occurrence only.
          expect(occurrencesBetween(e, w.from, w.to, new RecurrenceBudget(), 1)).toEqual(reference(e, w.from, w.to).slice(0, 1));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("expand exactly as before from a start long ago, without walking from it", () => {
    const openEnded = ordinaryRule.map((r) => r.replace(/;COUNT=\d+/, ""));
    fc.assert(
      fc.property(event(openEnded, { min: 1900, max: 1990 }), window({ min: 2025, max: 2027 }), (e, w) => {
        const budget = new RecurrenceBudget();
        expect(occurrencesBetween(e, w.from, w.to, budget)).toEqual(reference(e, w.from, w.to));
        // Near the window: at most a year's period before it, the window, and the slack after it.
        expect(REQUEST_STEPS - budget.steps).toBeLessThan(3 * 367 + 50);
        expect(budget.truncated).toBe(false);
      }),
      { numRuns: 60 },
    );
  });

  it("keep the series end they had", () => {
    fc.assert(
      fc.property(
        event(
          ordinaryRule.filter((r) => r.includes("COUNT")),
          { min: 2000, max: 2030 },
        ),
        (e) => {
          fc.pre(seriesProblem(e) === null);
          const rule = new RRule({ ...RRule.parseString(e.rrule), dtstart: new Date(floating(e.startsAt)) });
          const all = rule.all();
          const last = reference(e, all[all.length - 1].getTime() - DAY, all[all.length - 1].getTime() + 2 * DAY).at(-1)!;
          expect(seriesEndUtc(e)).toBe(last.endUtc);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("expansions kept between requests", () => {
  const weekly: Recurring = {
    allDay: false,
    startsAt: "2031-01-06T10:00",
    endsAt: "2031-01-06T11:00",
    timeZone: "Europe/Riga",
    rrule: "FREQ=WEEKLY;BYDAY=MO,WE",
    exdates: [],
  };
  const from = Date.UTC(2031, 2, 1);
  const to = Date.UTC(2031, 5, 1);

  it("gives the same occurrences the second time, which nobody can alter", () => {
    const first = occurrencesBetween(weekly, from, to, new RecurrenceBudget());
    const again = occurrencesBetween(weekly, from, to, new RecurrenceBudget());
    expect(again).toEqual(reference(weekly, from, to));
    expect(again).toEqual(first);
    expect(() => {
      (again[0] as Occurrence).startUtc = 0;
    }).toThrow(TypeError);
    // Another exception date is another series.
    const without = occurrencesBetween({ ...weekly, exdates: [first[0].startsAt] }, from, to, new RecurrenceBudget());
    expect(without).toHaveLength(first.length - 1);
  });

  it("never keeps an expansion the request's budget cut short", () => {
    const daily: Recurring = { ...weekly, rrule: "FREQ=DAILY" };
    const starved = new RecurrenceBudget(10, 10);
    const cut = occurrencesBetween(daily, from, to, starved);
    expect(starved.truncated).toBe(true);
    const full = occurrencesBetween(daily, from, to, new RecurrenceBudget());
    expect(full.length).toBeGreaterThan(cut.length);
    expect(full).toEqual(reference(daily, from, to));
  });
});
