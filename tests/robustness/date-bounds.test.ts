/**
 * Every date that comes in is a real date between 1900-01-01 and 2200-12-31, every window and
 * every event is bounded: far dates answer a 400 naming the field, at once, instead of a hang, a
 * huge response or a 500.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

const RANGE = "must be between 1900-01-01 and 2200-12-31";
const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY });
let anonymous: ApiClient;
let partner: ApiClient;
let coordinator: ApiClient;
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

const count = async (table: string) => Number((await stack.db.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
const issue = (body: { error?: { issues?: { field: string; rule: string }[] } }, field: string) => body.error?.issues?.find((i) => i.field === field);

describe("POST /api/clash-check", () => {
  it("refuses an anonymous check from year 1 to 9999 with a 400 naming the dates", async () => {
    const res = await anonymous.post("/api/clash-check", { allDay: true, startsAt: "0001-01-01", endsAt: "9999-12-31" });
    expect(res.status).toBe(400);
    expect(issue(res.body, "startsAt")?.rule).toBe(RANGE);
    expect(issue(res.body, "endsAt")?.rule).toBe(RANGE);
  });

  it("refuses a span longer than an event may last, naming endsAt", async () => {
    const res = await anonymous.post("/api/clash-check", { allDay: true, startsAt: "1900-01-01", endsAt: "2200-12-31" });
    expect(res.status).toBe(400);
    expect(issue(res.body, "endsAt")?.rule).toBe("an event lasts at most 366 days");
    const timed = await anonymous.post("/api/clash-check", { startsAt: "2030-01-01T10:00", endsAt: "2031-01-03T10:00", timeZone: "Europe/Riga" });
    expect(timed.status).toBe(400);
    expect(issue(timed.body, "endsAt")?.rule).toBe("an event lasts at most 366 days");
  });
});

describe("GET /api/events and GET /api/export/events.csv", () => {
  it.each([
    ["/api/events?from=1800-01-01&to=1800-02-01", "from", RANGE],
    ["/api/events?from=2300-01-01&to=2300-02-01", "to", RANGE],
    ["/api/events?from=9999-12-30&to=10000-01-02", "to", "must be a date written YYYY-MM-DD"],
    ["/api/events?from=2030-01-01&to=99999-01-01", "to", "must be a date written YYYY-MM-DD"],
    ["/api/export/events.csv?from=2500-01-01&to=2500-02-01", "from", RANGE],
    ["/api/export/events.csv?from=1899-12-31", "from", RANGE],
  ])("%s is a 400 naming %s", async (path, field, rule) => {
    const res = await anonymous.get(path);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(issue(res.body, field)?.rule, JSON.stringify(res.body)).toBe(rule);
  });

  it("caps the export's span", async () => {
    const res = await anonymous.get("/api/export/events.csv?from=2030-01-01&to=2032-01-01");
    expect(res.status).toBe(400);
    expect(issue(res.body, "to")?.rule).toMatch(/shorter than 400 days/);
    expect((await anonymous.get("/api/export/events.csv")).status).toBe(200);
  });
});

describe("writing dates", () => {
  const seminar = (o: Record<string, unknown> = {}) => ({
    title: "Bounded seminar",
    type: "seminar",
    allDay: true,
    startsAt: "2030-06-10",
    endsAt: "2030-06-11",
    timeZone: "Europe/Riga",
    organisers: ["marta"],
    ownerOrganisationId: "marta",
    ...o,
  });

  it("refuses an event outside the range or longer than a year, and writes nothing", async () => {
    const before = await count("events");
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startsAt: "1899-12-31" }, "startsAt", RANGE],
      [{ endsAt: "2201-01-01" }, "endsAt", RANGE],
      [{ allDay: false, startsAt: "2030-06-10T10:00", endsAt: "2201-06-10T10:00" }, "endsAt", RANGE],
      [{ startsAt: "2030-01-01", endsAt: "2031-01-02" }, "endsAt", "an event lasts at most 366 days"],
      [{ rrule: "FREQ=WEEKLY;COUNT=3", exdates: ["1066-10-14"] }, "exdates[0]", RANGE],
    ];
    for (const [change, field, rule] of cases) {
      const res = await partner.post("/api/events", seminar(change));
      expect(res.status, JSON.stringify(change)).toBe(400);
      expect(issue(res.body, field)?.rule, JSON.stringify(res.body)).toBe(rule);
    }
    expect(await count("events")).toBe(before);
    expect((await partner.post("/api/events", seminar({ startsAt: "2030-01-01", endsAt: "2030-12-31" }))).status).toBe(201);
  });

  it("refuses a hold past the range, and writes nothing", async () => {
    const before = await count("holds");
    const res = await partner.post("/api/holds", {
      organisationId: "marta",
      title: "Far hold",
      startsOn: "2201-01-01",
      endsOn: "2201-01-02",
      expiresOn: day(10),
    });
    expect(res.status).toBe(400);
    expect(issue(res.body, "startsOn")?.rule).toBe(RANGE);
    expect(issue(res.body, "endsOn")?.rule).toBe(RANGE);
    expect(await count("holds")).toBe(before);
  });

  it("refuses a document issued outside the range", async () => {
    const before = await count("documents");
    for (const issuedOn of ["1066", "1899-12", "2201-01-01"]) {
      const res = await coordinator.post("/api/documents", { title: "Old charter", kind: "guideline", issuedOn, issuers: ["ncm"] });
      expect(res.status, issuedOn).toBe(400);
      expect(issue(res.body, "issuedOn")?.rule).toBe(RANGE);
    }
    expect(
      (await coordinator.post("/api/documents", { title: "Old charter", kind: "guideline", issuedOn: "2030-13", issuers: ["ncm"] })).body.error.issues[0],
    ).toEqual({ field: "issuedOn", rule: "must be YYYY, YYYY-MM or YYYY-MM-DD", code: "format" });
    expect(await count("documents")).toBe(before);
  });

  it("refuses imported .ics events outside the range, item by item", async () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:far-future@test",
      "SUMMARY:Far future",
      "DTSTART;VALUE=DATE:25000101",
      "DTEND;VALUE=DATE:25000102",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:too-long@test",
      "SUMMARY:Too long",
      "DTSTART;VALUE=DATE:20300101",
      "DTEND;VALUE=DATE:20320101",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const before = await count("events");
    const res = await partner.post("/api/import", { organisationId: "marta", ics, commit: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts).toMatchObject({ create: 0, refuse: 2 });
    expect(res.body.items[0].reasons).toContain(`startsAt: ${RANGE}`);
    expect(res.body.items[1].reasons).toContain("endsAt: an event lasts at most 366 days");
    expect(await count("events")).toBe(before);
  });
});

// Last in the file: before the fix this request kept the Worker busy forever, failing what followed.
describe("GET /api/free-dates", () => {
  it("answers a window at the end of year 9999 with a 400 naming from and to, instead of looping forever", async () => {
    const res = await anonymous.get("/api/free-dates?from=9999-12-30&to=9999-12-31");
    expect(res.status).toBe(400);
    expect(issue(res.body, "from")?.rule).toBe(RANGE);
    expect(issue(res.body, "to")?.rule).toBe(RANGE);
  });

  it("still finds dates in the last window the range allows", async () => {
    const res = await anonymous.get("/api/free-dates?from=2200-12-20&to=2200-12-31&days=14&weekends=true&holidays=true&limit=3");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.dates.map((d: { end: string }) => d.end)).toContain("2201-01-02");
  });
});
