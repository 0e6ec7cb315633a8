/**
 * Recurrence with a budget through the real Worker: rules that would walk to year 9999 are
 * refused on save and in an import preview, and series already stored (from 1900, or with a rule
 * no longer accepted) do not stop the month view or the clash radar from answering correctly.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { caseConference, createEvent } from "../support/factories.ts";

let partner: ApiClient;
let anonymous: ApiClient;
const stack = useStack({ seedToday: "2030-03-04" });
beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  anonymous = new ApiClient(stack.worker.baseUrl);
});

const FEB_30 = "FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30";

const meeting = (rrule: string) => caseConference({ rrule });

describe("POST /api/events", () => {
  it.each([
    [FEB_30, "falls on no date within 20 years"],
    ["FREQ=DAILY;BYHOUR=9,10,11;BYMINUTE=0,30", "BYHOUR, BYMINUTE or BYSECOND"],
    ["FREQ=DAILY;COUNT=10000000", "COUNT must be between 1 and 1000"],
    ["FREQ=WEEKLY;UNTIL=21000101T000000Z", "UNTIL must be at most 20 years after the start"],
  ])("refuses %s with 400 naming rrule", async (rrule, rule) => {
    const res = await partner.post("/api/events", meeting(rrule));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    const issue = res.body.error.issues.find((i: { field: string }) => i.field === "rrule");
    expect(issue?.rule, JSON.stringify(res.body)).toContain(rule);
  });

  it("still saves an ordinary series", async () => {
    const res = await partner.post("/api/events", meeting("FREQ=MONTHLY;BYDAY=1TU;COUNT=12"));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });
});

describe("POST /api/import", () => {
  it("refuses a rule that never falls on a date as one row of the preview", async () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      ...["BEGIN:VEVENT", "UID:never@marta.example", "SUMMARY:Never", "DTSTART:20300601T100000Z", "DTEND:20300601T110000Z", `RRULE:${FEB_30}`, "END:VEVENT"],
      ...[
        "BEGIN:VEVENT",
        "UID:weekly@marta.example",
        "SUMMARY:Weekly",
        "DTSTART:20300601T100000Z",
        "DTEND:20300601T110000Z",
        "RRULE:FREQ=WEEKLY;COUNT=5",
        "END:VEVENT",
      ],
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    const res = await partner.post("/api/import", { organisationId: "marta", ics });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts).toMatchObject({ create: 1, refuse: 1 });
    const refused = res.body.items.find((i: { uid: string }) => i.uid === "never@marta.example");
    expect(refused).toMatchObject({ action: "refuse", reasons: [expect.stringMatching(/^rrule: falls on no date/)] });
  });
});

describe("series stored before the budget", () => {
  beforeAll(async () => {
    // The API refuses these now; they are what a database written before could hold.
    await createEvent(stack.db.client, {
      id: "since-1900",
      title: "Tuesday call since 1900",
      startsAt: "1900-01-02T10:00",
      endsAt: "1900-01-02T11:00",
      timeZone: "Europe/Riga",
      organisers: ["marta"],
      rrule: "FREQ=WEEKLY;BYDAY=TU",
    });
    await createEvent(stack.db.client, {
      id: "never-open",
      startsAt: "1900-01-01T10:00",
      endsAt: "1900-01-01T11:00",
      organisers: ["marta"],
      rrule: "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30",
    });
    await createEvent(stack.db.client, { id: "never-counted", startsAt: "2030-01-01T10:00", endsAt: "2030-01-01T11:00", organisers: ["marta"], rrule: FEB_30 });
    await createEvent(stack.db.client, {
      id: "every-hour",
      startsAt: "2029-01-01T10:00",
      endsAt: "2029-01-01T11:00",
      organisers: ["marta"],
      rrule: "FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;COUNT=10000000",
    });
  });

  it("do not stop the month view from listing a 1900 series' occurrences in 2030", async () => {
    const res = await anonymous.get("/api/events?from=2030-06-01&to=2030-06-30&tz=Europe/Riga");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const tuesdays = res.body.events.filter((e: { slug: string }) => e.slug === "since-1900").map((e: { start: string }) => e.start);
    expect(tuesdays).toEqual(["2030-06-04T07:00:00.000Z", "2030-06-11T07:00:00.000Z", "2030-06-18T07:00:00.000Z", "2030-06-25T07:00:00.000Z"]);
    expect(res.body.events.filter((e: { slug: string }) => e.slug.startsWith("never-"))).toEqual([]);
  });

  it("do not stop the clash radar", async () => {
    const res = await anonymous.post("/api/clash-check", {
      allDay: false,
      startsAt: "2030-06-11T10:00",
      endsAt: "2030-06-11T11:00",
      timeZone: "Europe/Riga",
      country: "LV",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  });
});
