/**
 * The radar's judgement, pair by pair, as coordinators would give it: each row is two events, the
 * severity a coordinator expects and why. A change of weights that breaks a row is a change of
 * judgement, to be argued, not an accident.
 */
import { describe, expect, it } from "vitest";
import { reasonText, scoreClash, type Candidate, type ClashSubject } from "../../functions/coordination/clash.ts";
import { rankClashes } from "../../functions/coordination/radar.ts";
import { DEFAULT_MARGIN_DAYS, type AttendanceMode, type Severity } from "../../functions/coordination/weights.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 6 May 2030, 00:00 UTC. */
const MONDAY = Date.parse("2030-05-06T00:00:00Z");

interface Shape extends Partial<Omit<ClashSubject, "startUtc" | "endUtc">> {
  /** Days after Monday the event starts (all-day events: at midnight). */
  day?: number;
  /** All-day events: how many days. */
  days?: number;
  /** Timed events: the hours [from, to) on `day`. */
  hours?: [number, number];
  mode?: AttendanceMode;
}
const event = ({ day = 0, days = 1, hours, mode = "in_person", ...rest }: Shape): ClashSubject => ({
  startUtc: MONDAY + day * DAY + (hours ? hours[0] * HOUR : 0),
  endUtc: hours ? MONDAY + day * DAY + hours[1] * HOUR : MONDAY + (day + days) * DAY,
  countries: [],
  city: null,
  topics: [],
  audiences: [],
  organisers: [],
  languages: [],
  attendanceMode: mode,
  ...rest,
});

const rigaPoliceConference = event({ days: 2, countries: ["LV"], city: "Riga", audiences: ["police"], topics: ["police-cooperation"], organisers: ["nbpn"] });

const PAIRS: [why: string, a: ClashSubject, b: ClashSubject, expected: Severity | null][] = [
  [
    "a two-day in-person police conference in Riga and a one-hour online call of the same audience the same day: low — the call takes an hour at a desk, not a trip",
    rigaPoliceConference,
    event({ hours: [10, 11], mode: "online", audiences: ["police"], topics: ["police-cooperation"], organisers: ["ncm"] }),
    "low",
  ],
  [
    "two in-person conferences for social workers in the same week in the same country, sharing a day: high — employers release people for one of them",
    event({ day: 1, days: 2, countries: ["LT"], city: "Vilnius", audiences: ["social-workers"], topics: ["victim-support"] }),
    event({ day: 2, days: 2, countries: ["LT"], city: "Kaunas", audiences: ["social-workers"], topics: ["victim-support"] }),
    "high",
  ],
  [
    "the same two conferences on Monday–Tuesday and Thursday–Friday: medium — people can go to both, but it crowds their week",
    event({ days: 2, countries: ["LT"], audiences: ["social-workers"], topics: ["victim-support"] }),
    event({ day: 3, days: 2, countries: ["LT"], audiences: ["social-workers"], topics: ["victim-support"] }),
    "medium",
  ],
  [
    "a two-day police seminar in Tallinn whose second day is the first of a police conference in Riga, same topic: high",
    event({ days: 2, countries: ["EE"], city: "Tallinn", audiences: ["police", "border-guards"], topics: ["police-cooperation"] }),
    event({ day: 1, days: 2, countries: ["LV"], city: "Riga", audiences: ["police"], topics: ["police-cooperation"] }),
    "high",
  ],
  [
    "a one-day seminar on the last day of a three-day conference for the same audience in the same country: high — the seminar's audience misses a third of the conference",
    event({ days: 3, countries: ["LV"], audiences: ["health-workers"] }),
    event({ day: 2, countries: ["LV"], audiences: ["health-workers"] }),
    "high",
  ],
  [
    "a one-hour in-person meeting in Riga during the Riga police conference, same audience: medium — people can step out, but miss part of the conference",
    rigaPoliceConference,
    event({ hours: [9, 10], countries: ["LV"], city: "Riga", audiences: ["police"] }),
    "medium",
  ],
  [
    "two one-hour online calls for the same audience and topic at the same hour: medium — the same people cannot join both, but a call is easy to move",
    event({ hours: [10, 11], mode: "online", audiences: ["ngos"], topics: ["prevention"] }),
    event({ hours: [10, 11], mode: "online", audiences: ["ngos"], topics: ["prevention"] }),
    "medium",
  ],
  [
    "a hybrid coordination meeting in Copenhagen and an in-person seminar there the same day for the same audience: high — some could join online, most must choose",
    event({ hours: [10, 15.5], mode: "hybrid", countries: ["DK"], city: "Copenhagen", audiences: ["policy-makers"] }),
    event({ countries: ["DK"], city: "Copenhagen", audiences: ["policy-makers"] }),
    "high",
  ],
  [
    "two major events overlapping for the same country, for different audiences: high — flagships of one region must not share dates, whatever else",
    event({ days: 3, major: true, mode: "hybrid", countries: ["LV"], audiences: ["policy-makers"] }),
    event({ day: 2, days: 2, major: true, countries: ["LV"], audiences: ["researchers"] }),
    "high",
  ],
  [
    "a major conference and an ordinary one-hour online call for its audience: low — only two flagships are always high",
    { ...rigaPoliceConference, major: true },
    event({ hours: [10, 11], mode: "online", audiences: ["police"], topics: ["police-cooperation"] }),
    "low",
  ],
  [
    "two major events on the same dates in different countries for different audiences: low — nothing but the dates is shared",
    event({ days: 2, major: true, countries: ["IS"], audiences: ["researchers"] }),
    event({ days: 2, major: true, countries: ["PL"], audiences: ["ngos"] }),
    "low",
  ],
  [
    "the same key person is the contact of two otherwise unrelated in-person events on the same day: medium — one person cannot be in two places",
    event({ countries: ["FI"], people: ["matti"] }),
    event({ countries: ["SE"], people: ["matti"] }),
    "medium",
  ],
  [
    "unrelated in-person events in two countries on the same day: low",
    event({ countries: ["FI"], audiences: ["researchers"] }),
    event({ countries: ["SE"], audiences: ["police"] }),
    "low",
  ],
  [
    "the same audience a week apart: no clash at all — beyond the travel margin",
    event({ days: 2, audiences: ["police"] }),
    event({ day: 7, days: 2, audiences: ["police"] }),
    null,
  ],
];

describe("scoreClash, as coordinators judge pairs", () => {
  it.each(PAIRS)("%s", (_why, a, b, expected) => {
    const ab = scoreClash(a, b, DEFAULT_MARGIN_DAYS);
    // A pair is a pair: which of the two is the proposal does not change the verdict.
    const ba = scoreClash(b, a, DEFAULT_MARGIN_DAYS);
    expect(ab?.severity ?? null).toBe(expected);
    expect(ba?.severity ?? null).toBe(expected);
  });

  it("gives two flagships their own reason, and the shared key person hers", () => {
    const pair = (start: string) => PAIRS.find(([why]) => why.startsWith(start))!;
    const [, a, b] = pair("two major events overlapping for the same country");
    const majors = scoreClash(a, b, DEFAULT_MARGIN_DAYS)!;
    expect(majors.reasons.map((r) => r.code)).toEqual(["overlap", "major_events", "shared_country"]);
    const [, c, d] = pair("the same key person");
    const person = scoreClash(c, d, DEFAULT_MARGIN_DAYS)!;
    expect(person.reasons).toEqual([{ code: "overlap" }, { code: "shared_person", values: ["matti"] }]);
  });

  it("weighs the same audience by how much of its time is shared: all of it, a day of two, an hour of two days", () => {
    const conference = event({ days: 2, audiences: ["police"] });
    const score = (b: ClashSubject) => scoreClash(conference, b, DEFAULT_MARGIN_DAYS)!.score;
    const same = score(event({ days: 2, audiences: ["police"] }));
    const oneDay = score(event({ day: 1, days: 2, audiences: ["police"] }));
    const oneHour = score(event({ hours: [10, 11], audiences: ["police"] }));
    expect(same).toBeGreaterThan(oneDay);
    expect(oneDay).toBeGreaterThan(oneHour);
    // Online, the hour counts less again.
    expect(score(event({ hours: [10, 11], mode: "online", audiences: ["police"] }))).toBeLessThan(oneHour);
  });
});

describe("rankClashes", () => {
  it("counts a weekly call as one clash, its strongest occurrence, however many weeks are within reach", () => {
    const proposal = event({ days: 10, audiences: ["police"], countries: ["EE"] });
    const weekly = (week: number): Candidate => ({
      ...event({ day: week * 7, hours: [10, 11], mode: "online", audiences: ["police"] }),
      id: "weekly-call",
      slug: "weekly-call",
      kind: "event",
      title: "Weekly call",
      busy: false,
      leadOrganiser: "NCM",
      allDay: false,
      startsAt: "",
      endsAt: "",
      timeZone: "UTC",
    });
    const clashes = rankClashes(proposal, [weekly(0), weekly(1)], DEFAULT_MARGIN_DAYS);
    expect(clashes).toHaveLength(1);
    expect(clashes[0]).toMatchObject({ slug: "weekly-call", occurrences: 2, start: new Date(MONDAY + 10 * HOUR).toISOString() });
  });
});

describe("reasonText", () => {
  const labels = { topic: (id: string) => id, audience: (id: string) => id, organisation: (id: string) => id };
  it("names shared people only when the viewer may see them, and words the flagship reason", () => {
    expect(reasonText({ code: "shared_person", values: ["matti"], names: ["Matti Meikäläinen"], others: 0 }, labels)).toBe(
      "same contact person: Matti Meikäläinen",
    );
    expect(reasonText({ code: "shared_person", values: [], names: [], others: 1 }, labels)).toBe("a shared contact person");
    expect(reasonText({ code: "major_events" }, labels)).toBe("two major events for the same region or audience");
  });
});
