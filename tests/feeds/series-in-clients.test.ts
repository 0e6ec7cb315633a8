/**
 * A repeating event reads the same in a calendar client as in the calendar: each series is saved
 * through the API, then its .ics is read by ical.js (the parser of Thunderbird and many web
 * clients) and its occurrences compared with the month API's. Rules a client would read
 * differently are stored canonical (a lower-case rule made ical.js refuse the whole feed) or
 * refused at the door, naming the field.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { parseIcs } from "../../functions/import/parse-ics.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { caseConference } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

let coordinator: ApiClient;
let anonymous: ApiClient;
const stack = useStack({ seedToday: "2030-03-04" });
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  anonymous = new ApiClient(stack.worker.baseUrl);
});

let counter = 0;
const series = (extra: Record<string, unknown>) => caseConference({ title: `Case conference ${++counter}`, publish: true, ...extra });

/** The series' starts as a client reads its .ics: ical.js's expansion, exceptions left out. */
async function clientStarts(slug: string): Promise<string[]> {
  const res = await fetch(`${stack.worker.baseUrl}/events/${slug}.ics`);
  expect(res.status).toBe(200);
  const comp = new ICAL.Component(ICAL.parse(await res.text()));
  for (const zone of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const event = new ICAL.Event(comp.getFirstSubcomponent("vevent")!);
  const excluded = event.component.getAllProperties("exdate").flatMap((p) => p.getValues() as ICAL.Time[]);
  const starts: string[] = [];
  const it = event.iterator();
  for (let next = it.next(); next && starts.length < 100; next = it.next()) {
    if (excluded.some((d) => d.compare(next!) === 0)) continue;
    starts.push(event.startDate.isDate ? next.toString() : next.toJSDate().toISOString());
  }
  return starts;
}

/** The series' starts as the calendar lists them (the month API), in the same form. */
async function calendarStarts(slug: string, allDay: boolean): Promise<string[]> {
  const res = await anonymous.get("/api/events?from=2030-06-01&to=2030-07-31");
  expect(res.status).toBe(200);
  const listed = res.body.events.filter((e: { slug: string }) => e.slug === slug);
  return listed.map((e: { start: string; startsAt: string }) => (allDay ? e.startsAt : new Date(e.start).toISOString()));
}

async function saved(body: Record<string, unknown>) {
  const res = await coordinator.post("/api/events", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { slug: string; rrule: string };
}

describe("a series in a calendar client", () => {
  it("stores a lower-case rule written with its RRULE: name canonical, so clients read the feed at all", async () => {
    const event = await saved(series({ rrule: "rrule:freq=weekly;byday=tu;count=4" }));
    expect((await anonymous.get(`/api/events/${event.slug}`)).body.rrule).toBe("FREQ=WEEKLY;BYDAY=TU;COUNT=4");
    const starts = await clientStarts(event.slug);
    expect(starts).toHaveLength(4);
    expect(starts).toEqual(await calendarStarts(event.slug, false));
  });

  it("ends a timed series where the calendar ends it: UNTIL is written in UTC, from the event's wall-clock time", async () => {
    // 07:00 in Riga on 18 June is after an UNTIL of 06:00 there; read as 06:00 UTC it would not be.
    const event = await saved(series({ startsAt: "2030-06-04T07:00", endsAt: "2030-06-04T08:00", rrule: "FREQ=WEEKLY;UNTIL=20300618T060000Z" }));
    const text = await (await fetch(`${stack.worker.baseUrl}/events/${event.slug}.ics`)).text();
    expect(text).toContain("UNTIL=20300618T030000Z");
    const starts = await clientStarts(event.slug);
    expect(starts).toEqual(["2030-06-04T04:00:00.000Z", "2030-06-11T04:00:00.000Z"]);
    expect(starts).toEqual(await calendarStarts(event.slug, false));
    // Imported back, the UNTIL is the same wall-clock time again.
    const parsed = parseIcs(text);
    if ("error" in parsed || parsed.items[0].kind !== "candidate") throw new Error(JSON.stringify(parsed));
    expect(parsed.items[0].candidate.fields).toMatchObject({
      startsAt: "2030-06-04T07:00",
      timeZone: "Europe/Riga",
      rrule: "FREQ=WEEKLY;UNTIL=20300618T060000",
    });
  });

  it("ends an all-day series with a DATE UNTIL, as RFC 5545 wants beside a DATE start", async () => {
    const event = await saved(series({ allDay: true, startsAt: "2030-06-04", endsAt: "2030-06-04", rrule: "FREQ=WEEKLY;UNTIL=20300618T235959Z" }));
    const text = await (await fetch(`${stack.worker.baseUrl}/events/${event.slug}.ics`)).text();
    expect(text).toMatch(/RRULE:FREQ=WEEKLY;UNTIL=20300618\r\n/);
    const starts = await clientStarts(event.slug);
    expect(starts).toEqual(["2030-06-04", "2030-06-11", "2030-06-18"]);
    expect(starts).toEqual(await calendarStarts(event.slug, true));
  });
});

describe("rules a client would read otherwise are refused, naming the field", () => {
  const refused = async (extra: Record<string, unknown>) => {
    const res = await coordinator.post("/api/events", series(extra));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    return res.body.error.issues as { field: string; code: string; rule: string }[];
  };

  it("a start that is not one of its rule's dates (clients count it as the first occurrence)", async () => {
    // 3 June 2030 is a Monday; the rule repeats on Tuesdays and Thursdays.
    const issues = await refused({ startsAt: "2030-06-03T10:00", endsAt: "2030-06-03T11:00", rrule: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4" });
    expect(issues).toEqual([expect.objectContaining({ field: "rrule", code: "recurrence_start", rule: expect.stringContaining("2030-06-04T10:00") })]);
    expect(await refused({ startsAt: "2030-06-03T10:00", endsAt: "2030-06-03T11:00", rrule: "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-1;COUNT=3" })).toEqual([
      expect.objectContaining({ field: "rrule", code: "recurrence_start" }),
    ]);
  });

  it("a start or end in the hour the clocks skip, naming the moment it would be", async () => {
    // 03:30 does not exist in Riga on 30 March 2031: ical.js reads it as 03:30 summer time, RFC 5545 as 04:30.
    expect(await refused({ startsAt: "2031-03-30T03:30", endsAt: "2031-03-30T05:00", rrule: "FREQ=WEEKLY;COUNT=4" })).toEqual([
      expect.objectContaining({ field: "startsAt", code: "time_skipped", rule: expect.stringContaining("2031-03-30T04:30 is that moment") }),
    ]);
    expect(await refused({ startsAt: "2031-03-30T02:00", endsAt: "2031-03-30T03:15" })).toEqual([
      expect.objectContaining({ field: "endsAt", code: "time_skipped" }),
    ]);
    // The hour that happens twice in autumn exists, and a series may pass through the skipped one.
    await saved(series({ startsAt: "2031-10-26T03:30", endsAt: "2031-10-26T04:00" }));
    await saved(series({ startsAt: "2031-03-23T03:30", endsAt: "2031-03-23T04:00", rrule: "FREQ=WEEKLY;COUNT=3" }));
  });

  it("an exception of the other kind than the series: a date in a timed one, a time in an all-day one", async () => {
    expect(await refused({ rrule: "FREQ=WEEKLY;COUNT=4", exdates: ["2030-06-11"] })).toEqual([
      expect.objectContaining({ field: "exdates[0]", code: "exdate", rule: expect.stringContaining("timed event") }),
    ]);
    expect(await refused({ allDay: true, startsAt: "2030-06-04", endsAt: "2030-06-04", rrule: "FREQ=WEEKLY;COUNT=4", exdates: ["2030-06-11T10:00"] })).toEqual([
      expect.objectContaining({ field: "exdates[0]", code: "exdate", rule: expect.stringContaining("all-day event") }),
    ]);
  });

  it("a change to all-day that would leave the series' timed exceptions behind", async () => {
    const event = await saved(series({ rrule: "FREQ=WEEKLY;COUNT=4", exdates: ["2030-06-11T10:00"] }));
    const current = await coordinator.get(`/api/events/${event.slug}`);
    const res = await coordinator.patch(
      `/api/events/${event.slug}`,
      { allDay: true, startsAt: "2030-06-04", endsAt: "2030-06-04" },
      { "if-match": current.headers.get("etag") ?? "" },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.issues).toEqual([expect.objectContaining({ field: "exdates[0]", code: "exdate" })]);
  });

  it("control characters in a description, and line breaks hidden in a link", async () => {
    expect(await refused({ description: "Agenda\u0007\u001b[31m" })).toEqual([expect.objectContaining({ field: "description", code: "format" })]);
    expect(await refused({ onlineUrl: "https://meet.example.org/a\r\nb" })).toEqual([expect.objectContaining({ field: "onlineUrl", code: "link" })]);
    // Tabs and line breaks are text.
    await saved(series({ description: "Agenda:\r\n\t1. Cases\n\t2. Next steps" }));
  });
});
