/** Importing an .ics file: preview, per-item report, UID matching, all or nothing. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

let partner: ApiClient;
const stack = useStack({ seedToday: "2030-03-04" });
beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

const RIGA_TZ = `BEGIN:VTIMEZONE\r\nTZID:Europe/Riga\r\nBEGIN:STANDARD\r\nDTSTART:19701025T040000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nBEGIN:DAYLIGHT\r\nDTSTART:19700329T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0300\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE`;

function ics(events: string[]): string {
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", RIGA_TZ, ...events, "END:VCALENDAR", ""].join("\r\n");
}
const vevent = (lines: string[]) => ["BEGIN:VEVENT", ...lines, "END:VEVENT"].join("\r\n");

const FILE = ics([
  vevent([
    "UID:shelter-1@marta.example",
    "SUMMARY:Shelter staff training",
    "DTSTART;TZID=Europe/Riga:20300610T090000",
    "DTEND;TZID=Europe/Riga:20300610T160000",
    "LOCATION:Marta Centre\\, Riga",
    "URL:https://example.org/training",
  ]),
  vevent(["UID:open-day@marta.example", "SUMMARY:Open day", "DTSTART;VALUE=DATE:20300615", "DTEND;VALUE=DATE:20300617"]),
  vevent(["UID:peer-group@marta.example", "SUMMARY:Peer support group", "DTSTART:20300601T150000Z", "DTEND:20300601T163000Z", "RRULE:FREQ=WEEKLY;COUNT=5"]),
  vevent(["SUMMARY:No identity", "DTSTART;VALUE=DATE:20300620"]),
  vevent([
    "UID:windows@marta.example",
    "SUMMARY:Windows zone",
    "DTSTART;TZID=FLE Standard Time:20300621T100000",
    "DTEND;TZID=FLE Standard Time:20300621T110000",
  ]),
  vevent(["UID:shelter-1@marta.example", "SUMMARY:Same UID again", "DTSTART;VALUE=DATE:20300622"]),
]);

/** FILE with UIDs of its own, so a test imports events no other test has imported. */
const fileOf = (tag: string) => FILE.replaceAll("@marta.example", `@${tag}.marta.example`);

async function count(sql: string) {
  return Number((await stack.db.client.execute(sql)).rows[0].n);
}

describe("POST /api/import", () => {
  it("previews every item with what would happen and why, writing nothing", async () => {
    const before = await count("SELECT count(*) AS n FROM events");
    const res = await partner.post("/api/import", { organisationId: "marta", ics: FILE });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.committed).toBe(false);
    expect(res.body.counts).toEqual({ create: 3, update: 0, unchanged: 0, refuse: 3 });
    const refused = res.body.items.filter((i: { action: string }) => i.action === "refuse");
    expect(refused.map((i: { reasons: string[] }) => i.reasons[0])).toEqual([
      expect.stringContaining("UID: missing"),
      expect.stringContaining("FLE Standard Time is not an IANA zone"),
      expect.stringContaining("UID: appears twice"),
    ]);
    expect(await count("SELECT count(*) AS n FROM events")).toBe(before);
  });

  it("imports as drafts of the organisation, keeping times, dates and repetition", async () => {
    const audited = await count("SELECT count(*) AS n FROM audit_log WHERE action = 'event.import'");
    const res = await partner.post("/api/import", { organisationId: "marta", ics: fileOf("drafts"), commit: true });
    expect(res.body.committed).toBe(true);
    const rows = (
      await stack.db.client.execute(
        "SELECT ical_uid, title, starts_at, ends_at, time_zone, all_day, moderation, owner_organisation_id, venue, rrule FROM events WHERE ical_uid LIKE '%@drafts.marta.example' ORDER BY starts_at",
      )
    ).rows;
    expect(rows.map((r) => [r.ical_uid, r.starts_at, r.ends_at, r.time_zone, r.moderation, r.owner_organisation_id])).toEqual([
      ["peer-group@drafts.marta.example", "2030-06-01T15:00", "2030-06-01T16:30", "UTC", "draft", "marta"],
      ["shelter-1@drafts.marta.example", "2030-06-10T09:00", "2030-06-10T16:00", "Europe/Riga", "draft", "marta"],
      ["open-day@drafts.marta.example", "2030-06-15", "2030-06-16", "UTC", "draft", "marta"],
    ]);
    expect(rows.find((r) => r.ical_uid === "shelter-1@drafts.marta.example")!.venue).toBe("Marta Centre, Riga");
    expect(rows.find((r) => r.ical_uid === "peer-group@drafts.marta.example")!.rrule).toBe("FREQ=WEEKLY;COUNT=5");
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'event.import'")).toBe(audited + 3);
  });

  it("matches by UID on the next import: unchanged stays, changed is updated, nothing is duplicated", async () => {
    const file = fileOf("match");
    const first = await partner.post("/api/import", { organisationId: "marta", ics: file, commit: true });
    expect(first.body.counts).toMatchObject({ create: 3, update: 0, unchanged: 0 });
    const again = await partner.post("/api/import", { organisationId: "marta", ics: file, commit: true });
    expect(again.body.counts).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    const changed = file.replace("SUMMARY:Open day", "SUMMARY:Open day and exhibition");
    const res = await partner.post("/api/import", { organisationId: "marta", ics: changed, commit: true });
    expect(res.body.counts).toMatchObject({ create: 0, update: 1, unchanged: 2 });
    expect(await count("SELECT count(*) AS n FROM events WHERE ical_uid = 'open-day@match.marta.example' AND title = 'Open day and exhibition'")).toBe(1);
    expect(await count("SELECT count(*) AS n FROM events WHERE ical_uid LIKE '%@match.marta.example'")).toBe(3);
  });

  it("writes nothing at all when one item fails on the way in", async () => {
    await stack.db.client.execute(
      "CREATE TRIGGER refuse_explosions BEFORE INSERT ON events WHEN new.title = 'Explode' BEGIN SELECT RAISE(ABORT, 'refused by test'); END",
    );
    const file = ics([
      vevent(["UID:fine-1@marta.example", "SUMMARY:Fine one", "DTSTART;VALUE=DATE:20300701"]),
      vevent(["UID:boom@marta.example", "SUMMARY:Explode", "DTSTART;VALUE=DATE:20300702"]),
    ]);
    const res = await partner.post("/api/import", { organisationId: "marta", ics: file, commit: true });
    expect(res.status).toBe(500);
    expect(await count("SELECT count(*) AS n FROM events WHERE ical_uid = 'fine-1@marta.example'")).toBe(0);
    await stack.db.client.execute("DROP TRIGGER refuse_explosions");
  });

  it("keeps partners to their own organisations and names bad input", async () => {
    const other = await partner.post("/api/import", { organisationId: "nbpn", ics: FILE });
    expect(other.status).toBe(403);
    expect(other.body.error.issues[0].field).toBe("organisationId");
    const junk = await partner.post("/api/import", { organisationId: "marta", ics: "hello" });
    expect(junk.status).toBe(400);
    expect(junk.body.error.issues[0].field).toBe("ics");
    const both = await partner.post("/api/import", { organisationId: "marta", ics: FILE, url: "https://example.org/x.ics" });
    expect(both.status).toBe(400);
    const http = await partner.post("/api/import", { organisationId: "marta", url: "http://example.org/x.ics" });
    expect(http.body.error.issues[0].field).toBe("url");
  });

  it("refuses an event whose dates cannot be read, and still reads the others (was a 500)", async () => {
    const file = ics([
      vevent(["UID:garbled@marta.example", "SUMMARY:Garbled", "DTSTART:2030050", "DTEND:garbage"]),
      vevent(["UID:garbled-end@marta.example", "SUMMARY:Garbled end", "DTSTART:20300501T100000Z", "DTEND:2030-05-01"]),
      vevent(["UID:garbled-exdate@marta.example", "SUMMARY:Garbled exdate", "DTSTART:20300501T100000Z", "EXDATE:never"]),
      vevent(["UID:fine@marta.example", "SUMMARY:Fine", "DTSTART;VALUE=DATE:20300620"]),
    ]);
    const res = await partner.post("/api/import", { organisationId: "marta", ics: file });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.counts).toEqual({ create: 1, update: 0, unchanged: 0, refuse: 3 });
    const refused = res.body.items.filter((i: { action: string }) => i.action === "refuse");
    for (const item of refused) expect(item.reasons[0]).toContain("could not be read");
  });

  it("reads times by the calendar's own zone data, never a file's VTIMEZONE, so no file can shift another organisation's import", async () => {
    const nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    // 10:00 in Helsinki (UTC+2 on 1 March) to 09:00 UTC is 10:00-11:00 Helsinki time.
    const mixed = (uid: string, zones: string[]) =>
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        ...zones,
        vevent([`UID:${uid}`, "SUMMARY:Cross-border case meeting", "DTSTART;TZID=Europe/Helsinki:20300301T100000", "DTEND:20300301T090000Z"]),
        "END:VCALENDAR",
        "",
      ].join("\r\n");
    const bogus =
      "BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+1400\r\nTZOFFSETTO:+1400\r\nEND:STANDARD\r\nEND:VTIMEZONE";
    const endOf = async (uid: string) =>
      (await stack.db.client.execute({ sql: "SELECT ends_at FROM events WHERE ical_uid = ?", args: [uid] })).rows[0]?.ends_at;

    // A file redefining Helsinki as UTC+14, only previewed by Marta Centre: its own times are read right,
    const preview = await partner.post("/api/import", { organisationId: "marta", ics: mixed("bogus@marta.example", [bogus]) });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    // and another organisation's import after it, with no VTIMEZONE at all, is not read by it.
    const res = await nbpn.post("/api/import", { organisationId: "nbpn", ics: mixed("plain@nbpn.example", []), commit: true });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await endOf("plain@nbpn.example")).toBe("2030-03-01T11:00");
    expect((await partner.post("/api/import", { organisationId: "marta", ics: mixed("bogus@marta.example", [bogus]), commit: true })).status).toBe(200);
    expect(await endOf("bogus@marta.example")).toBe("2030-03-01T11:00");
    // An end in a zone the calendar cannot name is refused, as a start's is.
    const windows = mixed("windows-end@marta.example", []).replace("DTEND:20300301T090000Z", "DTEND;TZID=FLE Standard Time:20300301T110000");
    const refused = await partner.post("/api/import", { organisationId: "marta", ics: windows });
    expect(refused.body.items.map((i: { action: string; reasons?: string[] }) => [i.action, i.reasons?.[0]])).toEqual([
      ["refuse", expect.stringContaining("DTEND: time zone FLE Standard Time is not an IANA zone")],
    ]);
  });

  it("refuses dates that do not exist, ends before starts and unknown zones, instead of moving them", async () => {
    const file = (lines: string[][]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", ...lines.map(vevent), "END:VCALENDAR", ""].join("\r\n");
    const item = (uid: string, ...rest: string[]) => [`UID:${uid}@bad.example`, `SUMMARY:${uid}`, ...rest];
    const res = await partner.post("/api/import", {
      organisationId: "marta",
      ics: file([
        item("feb30", "DTSTART:20310230T100000Z"),
        item("minute99", "DTSTART;TZID=Europe/Riga:20310510T109900"),
        item("month13", "DTSTART;VALUE=DATE:20311315"),
        item("exdate-feb29", "DTSTART:20310301T100000Z", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE:20310229T100000Z"),
        item("backwards", "DTSTART:20310510T100000Z", "DTEND:20310510T090000Z"),
        item("negative", "DTSTART:20310510T100000Z", "DURATION:-PT1H"),
        item("exdate-zone", "DTSTART:20310510T100000Z", "RRULE:FREQ=DAILY;COUNT=3", "EXDATE;TZID=FLE Standard Time:20310511T100000"),
        item(`long-${"u".repeat(300)}`, "DTSTART:20310510T100000Z"),
      ]),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i: { action: string; reasons?: string[] }) => [i.action, i.reasons?.[0]])).toEqual([
      ["refuse", expect.stringContaining("DTSTART 2031-02-30T10:00:00Z is not a real date or time")],
      ["refuse", expect.stringContaining("DTSTART 2031-05-10T10:99:00 is not a real date or time")],
      ["refuse", expect.stringContaining("DTSTART 2031-13-15 is not a real date or time")],
      ["refuse", expect.stringContaining("EXDATE 2031-02-29T10:00:00Z is not a real date or time")],
      ["refuse", expect.stringContaining("DTEND must not be before DTSTART")],
      ["refuse", expect.stringContaining("DURATION must not be negative")],
      ["refuse", expect.stringContaining("EXDATE: time zone FLE Standard Time is not an IANA zone")],
      ["refuse", "UID: must be at most 255 characters"],
    ]);
    // What a report repeats of the file is cut short.
    expect(res.body.items[7].uid.length).toBeLessThanOrEqual(201);
  });

  it("reads a DURATION's hours as exact time across a clock change, and a date-only EXDATE of a timed series as that day's occurrence", async () => {
    const res = await partner.post("/api/import", {
      organisationId: "marta",
      commit: true,
      ics: [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        // Clocks go back at 04:00 in Helsinki that night: 02:00 plus three hours is 04:00 on the new clock.
        vevent(["UID:night@duration.example", "SUMMARY:Night outreach", "DTSTART;TZID=Europe/Helsinki:20311026T020000", "DURATION:PT3H"]),
        vevent([
          "UID:daily@duration.example",
          "SUMMARY:Daily check-in",
          "DTSTART;TZID=Europe/Riga:20310601T090000",
          "DTEND;TZID=Europe/Riga:20310601T093000",
          "RRULE:FREQ=DAILY;COUNT=5",
          "EXDATE;VALUE=DATE:20310603",
        ]),
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const rows = (
      await stack.db.client.execute("SELECT ical_uid, starts_at, ends_at, exdates FROM events WHERE ical_uid LIKE '%@duration.example' ORDER BY ical_uid")
    ).rows;
    expect(rows.map((r) => [r.ical_uid, r.starts_at, r.ends_at, JSON.parse(String(r.exdates))])).toEqual([
      ["daily@duration.example", "2031-06-01T09:00", "2031-06-01T09:30", ["2031-06-03T09:00"]],
      ["night@duration.example", "2031-10-26T02:00", "2031-10-26T04:00", []],
    ]);
  });

  it("leaves out the occurrence an EXDATE names in the series' own zone, also at a time the clocks skip that night", async () => {
    // Clocks in Riga go from 03:00 to 04:00 on 30 March 2031: the series' 03:30 that day is the one left out.
    const res = await partner.post("/api/import", {
      organisationId: "marta",
      commit: true,
      ics: ics([
        vevent([
          "UID:night-shift@gap.example",
          "SUMMARY:Night shelter shift",
          "DTSTART;TZID=Europe/Riga:20310328T033000",
          "DTEND;TZID=Europe/Riga:20310328T053000",
          "RRULE:FREQ=DAILY;COUNT=5",
          "EXDATE;TZID=Europe/Riga:20310329T033000,20310330T033000",
        ]),
      ]),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    await stack.db.client.execute("UPDATE events SET moderation = 'published' WHERE ical_uid = 'night-shift@gap.example'");
    const list = await partner.get("/api/events?from=2031-03-27&to=2031-04-02&tz=Europe/Riga");
    const shifts = list.body.events.filter((e: { title: string }) => e.title === "Night shelter shift");
    expect(shifts.map((e: { startsAt: string }) => e.startsAt)).toEqual(["2031-03-28T03:30", "2031-03-31T03:30", "2031-04-01T03:30"]);
  });

  it("refuses a rule whose INTERVAL or COUNT is zero or negative, instead of repeating it every day for ever", async () => {
    const item = (uid: string, rule: string) => vevent([`UID:${uid}@rules.example`, "SUMMARY:Rule", "DTSTART:20310510T100000Z", `RRULE:${rule}`]);
    const res = await partner.post("/api/import", {
      organisationId: "marta",
      ics: ics([
        item("interval0", "FREQ=DAILY;INTERVAL=0"),
        item("negative", "FREQ=WEEKLY;INTERVAL=-2"),
        item("count0", "FREQ=DAILY;COUNT=0"),
        item("fine", "FREQ=DAILY;COUNT=3"),
      ]),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.items.map((i: { action: string; reasons?: string[] }) => [i.action, i.reasons?.[0]])).toEqual([
      ["refuse", "rrule: INTERVAL must be between 1 and 366"],
      ["refuse", "rrule: INTERVAL must be between 1 and 366"],
      ["refuse", "rrule: COUNT must be between 1 and 1000"],
      ["create", undefined],
    ]);
  });

  it("expands as many repeating events on a second import of the same file as on the first, no more", async () => {
    const file = ics(
      Array.from({ length: 24 }, (_, i) =>
        vevent([`UID:daily-${i}@budget.example`, `SUMMARY:Daily ${i}`, "DTSTART;TZID=Europe/Riga:20310601T090000", "RRULE:FREQ=DAILY;COUNT=1000"]),
      ),
    );
    const refusedOf = async () => {
      const res = await partner.post("/api/import", { organisationId: "marta", ics: file });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.items.flatMap((i: { action: string; uid: string }) => (i.action === "refuse" ? [i.uid] : []));
    };
    const first = await refusedOf();
    expect(first).toEqual(["daily-20@budget.example", "daily-21@budget.example", "daily-22@budget.example", "daily-23@budget.example"]);
    expect(await refusedOf()).toEqual(first);
  });

  it("refuses a file of more events than an import takes, and one with a property's parameters run wild, before reading them", async () => {
    const many = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      ...Array.from({ length: 600 }, (_, i) => vevent([`UID:m${i}@many.example`, "SUMMARY:M", "DTSTART;TZID=Nowhere/Zone:20310510T100000"])),
      "END:VCALENDAR",
    ].join("\r\n");
    const tooMany = await partner.post("/api/import", { organisationId: "marta", ics: many });
    expect([tooMany.status, tooMany.body.error.issues[0].code]).toEqual([400, "too_many"]);
    const wild = ics([vevent(["UID:wild@marta.example", `SUMMARY${";X=a".repeat(1000)}:Wild`, "DTSTART:20310510T100000Z"])]);
    const refused = await partner.post("/api/import", { organisationId: "marta", ics: wild });
    expect([refused.status, refused.body.error.message]).toEqual([400, expect.stringContaining("name and parameters run past 2000 characters")]);
  });

  it("refuses loopback and private links when the test switch is off, before fetching anything", async () => {
    for (const url of ["https://127.0.0.1:9/x.ics", "https://localhost:9/x.ics", "https://[::1]/x.ics", "https://10.0.0.1/x.ics", "http://127.0.0.1:9/x.ics"]) {
      const res = await partner.post("/api/import", { organisationId: "marta", url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.issues[0].field).toBe("url");
      expect(res.body.error.issues[0].rule, url).toContain("private or local network");
    }
    const feed = await partner.post("/api/feed-sources", { organisationId: "marta", url: "http://127.0.0.1:9/x.ics" });
    expect(feed.status).toBe(400);
    expect(feed.body.error.issues[0].field).toBe("url");
  });
});
