/**
 * A busy-only series keeps its zone to those who may see it: everybody else gets its times in UTC
 * (functions/events/visibility.ts, `busyTimes`), each occurrence placed by the zone it was planned
 * in first; an organisation asked to co-organise it gets its start in UTC too. A weekly 09:00 meeting in Helsinki across the night summer time begins (30 March 2031)
 * is 07:00 UTC before and 06:00 UTC after: in the month API, in the radar and in feeds, where a
 * calendar client (ical.js) must read the same instants without being told the zone.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { caseConference } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2031-03-01" });
let anonymous: ApiClient;
let outsider: ApiClient;
let owner: ApiClient;
let slug = "";
let id = "";

/** Tuesdays 18 and 25 March (UTC+2), 1 and 8 April (UTC+3), 09:00–10:00 in Helsinki. */
const INSTANTS = ["2031-03-18T07:00:00.000Z", "2031-03-25T07:00:00.000Z", "2031-04-01T06:00:00.000Z", "2031-04-08T06:00:00.000Z"];

beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
  outsider = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  owner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  const made = await coordinator.post(
    "/api/events",
    caseConference({
      title: "Joint investigation team meeting",
      startsAt: "2031-03-18T09:00",
      endsAt: "2031-03-18T10:00",
      timeZone: "Europe/Helsinki",
      rrule: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      visibility: "busy_only",
      publish: true,
    }),
  );
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  ({ slug, id } = made.body);
});

type Listed = { id: string; startsAt: string; endsAt: string; timeZone: string; start: string };
async function listed(client: ApiClient): Promise<Listed[]> {
  const res = await client.get("/api/events?from=2031-03-01&to=2031-04-30&tz=Europe/Helsinki");
  expect(res.status).toBe(200);
  return res.body.events.filter((e: Listed) => e.id === id);
}

/** The event's occurrences as ical.js reads a feed: expanded from a rule, or one VEVENT each. */
async function clientStarts(path: string, client: ApiClient): Promise<{ starts: string[]; text: string }> {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
  expect(res.status).toBe(200);
  const text = await res.text();
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const zone of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
  const starts: string[] = [];
  for (const vevent of comp.getAllSubcomponents("vevent")) {
    const event = new ICAL.Event(vevent);
    if (!event.uid.startsWith(id)) continue;
    const it = event.iterator();
    for (let next = it.next(); next && starts.length < 20; next = it.next()) starts.push(next.toJSDate().toISOString());
  }
  return { starts: starts.sort(), text };
}

describe("a busy-only series for those who may not see it", () => {
  it("lists each occurrence in UTC, an hour earlier after summer time begins, and in Helsinki time to its own organisation", async () => {
    const theirs = await listed(anonymous);
    expect(theirs.map((e) => `${e.startsAt}–${e.endsAt} ${e.timeZone}`)).toEqual([
      "2031-03-18T07:00–2031-03-18T08:00 UTC",
      "2031-03-25T07:00–2031-03-25T08:00 UTC",
      "2031-04-01T06:00–2031-04-01T07:00 UTC",
      "2031-04-08T06:00–2031-04-08T07:00 UTC",
    ]);
    expect(theirs.map((e) => e.start)).toEqual(INSTANTS);
    expect((await listed(outsider)).map((e) => e.timeZone)).toEqual(["UTC", "UTC", "UTC", "UTC"]);
    const own = await listed(owner);
    expect(own.map((e) => `${e.startsAt} ${e.timeZone}`)).toEqual(
      INSTANTS.map((_, i) => `${["2031-03-18", "2031-03-25", "2031-04-01", "2031-04-08"][i]}T09:00 Europe/Helsinki`),
    );
    expect(own.map((e) => e.start)).toEqual(INSTANTS);
  });

  it("gives the event itself in UTC: its first occurrence, no rule", async () => {
    const res = await anonymous.get(`/api/events/${slug}`);
    expect(res.status).toBe(200);
    expect([res.body.startsAt, res.body.endsAt, res.body.timeZone, res.body.rrule]).toEqual(["2031-03-18T07:00", "2031-03-18T08:00", "UTC", null]);
  });

  it("writes feeds a calendar client reads at the same instants, with no zone, rule or local time of its own", async () => {
    const ownFeed = new URL((await owner.post("/api/me/feed-token")).body.url).pathname;
    const outsiderFeed = new URL((await outsider.post("/api/me/feed-token")).body.url).pathname;
    // The owner's private feed keeps the rule in Helsinki time; ical.js expands it.
    const own = await clientStarts(ownFeed, owner);
    expect(own.starts).toEqual(INSTANTS);
    expect(own.text).toContain("DTSTART;TZID=Europe/Helsinki:20310318T090000");
    for (const [path, client] of [
      ["/calendar.ics", anonymous],
      [`/events/${slug}.ics`, anonymous],
      [outsiderFeed, outsider],
    ] as const) {
      const { starts, text } = await clientStarts(path, client);
      expect(starts, path).toEqual(INSTANTS);
      const event = text.split("BEGIN:VEVENT").filter((block) => block.includes(`UID:${id}`));
      expect(event.join(""), path).not.toMatch(/Helsinki|RRULE|TZID|T090000/);
      // One VEVENT an occurrence, each with a UID of its own.
      expect(new Set(event.map((block) => /^UID:(.*)$/m.exec(block)?.[1])).size, path).toBe(4);
    }
  });

  it("names the clash in the radar in UTC", async () => {
    const res = await anonymous.post("/api/clash-check", { startsAt: "2031-04-01T06:30", endsAt: "2031-04-01T07:30", timeZone: "UTC" });
    expect(res.status).toBe(200);
    const clash = res.body.clashes.find((c: { slug: string }) => c.slug === slug);
    expect([clash.startsAt, clash.endsAt, clash.start]).toEqual(["2031-04-01T06:00", "2031-04-01T07:00", "2031-04-01T06:00:00.000Z"]);
  });
});

describe("a busy-only event proposed to another organisation", () => {
  it("gives the organisation asked to co-organise it its start in UTC, and the coordinators the zone's time", async () => {
    const current = await owner.get(`/api/events/${slug}`);
    const named = await owner.patch(`/api/events/${slug}`, { organisers: ["marta", "nbpn"] }, { "if-match": current.headers.get("etag")! });
    expect(named.status, JSON.stringify(named.body)).toBe(200);
    // A partner's change to a published event waits for review; approved, its naming is a proposal.
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": named.headers.get("etag")! })).status).toBe(200);
    const proposal = async (client: ApiClient) => {
      const res = await client.get("/api/proposals");
      expect(res.status).toBe(200);
      return res.body.proposals.find((p: { recordId: string }) => p.recordId === id);
    };
    // 09:00 in Helsinki (UTC+2 that day) with the event API's 07:00 UTC would give the offset.
    const asked = await proposal(outsider);
    expect([asked.date, asked.organisation.id]).toEqual(["2031-03-18T07:00", "nbpn"]);
    expect((await proposal(coordinator)).date).toBe("2031-03-18T09:00");
  });
});

describe("a busy-only event's versions, as those who may not see it can tell them", () => {
  /** An event published by a coordinator, and a coordinator's edit of it (its slug after). */
  const publishedBy = async (extra: Record<string, unknown>) => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const made = await coordinator.post("/api/events", caseConference({ ...extra, publish: true }));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const edit = async (slug: string, change: Record<string, unknown>): Promise<string> => {
      const current = await coordinator.get(`/api/events/${slug}`);
      const res = await coordinator.patch(`/api/events/${slug}`, change, { "if-match": current.headers.get("etag")! });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.slug;
    };
    return { id: made.body.id as string, slug: made.body.slug as string, edit };
  };

  it("moves its feeds' SEQUENCE and LAST-MODIFIED for them only when what they are shown changes, not on a hidden detail's edit", async () => {
    const made = await publishedBy({ title: "Shelter inspection", startsAt: "2031-05-06T09:00", endsAt: "2031-05-06T10:00", visibility: "busy_only" });
    const ownFeed = new URL((await owner.post("/api/me/feed-token")).body.url).pathname;
    // Its last change long ago, so an edit's own time would show in LAST-MODIFIED.
    await stack.db.client.execute({
      sql: "UPDATE events SET updated_at = '2020-01-01T00:00:00.000Z', busy_revised_at = '2020-01-01T00:00:00.000Z' WHERE id = ?",
      args: [made.id],
    });
    const stamps = async (path: string, client: ApiClient) => {
      const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers: client.cookie ? { cookie: client.cookie } : {} });
      const block = (await res.text()).split("BEGIN:VEVENT").find((b) => b.includes(`UID:${made.id}@`))!;
      return [/^SEQUENCE:(\d+)/m.exec(block)?.[1], /^LAST-MODIFIED:(\S+)/m.exec(block)?.[1]];
    };
    const before = await stamps(`/events/${made.slug}.ics`, anonymous);
    expect(before).toEqual(["0", "20200101T000000Z"]);

    await made.edit(made.slug, { description: "Inspection of the new shelter's rooms" });
    expect(await stamps(`/events/${made.slug}.ics`, anonymous)).toEqual(before);
    expect(await stamps("/calendar.ics", anonymous)).toEqual(before);
    // Its own organisation sees the edit.
    expect(await stamps(ownFeed, owner)).toEqual(["1", "20310301T100000Z"]);

    // A change of zone that keeps the instants (Riga and Vilnius are both UTC+3 in May) is none to them.
    await made.edit(made.slug, { timeZone: "Europe/Vilnius" });
    expect(await stamps(`/events/${made.slug}.ics`, anonymous)).toEqual(before);

    await made.edit(made.slug, { startsAt: "2031-05-06T09:30" });
    expect(await stamps(`/events/${made.slug}.ics`, anonymous)).toEqual(["1", "20310301T100000Z"]);
    expect(await stamps(ownFeed, owner)).toEqual(["3", "20310301T100000Z"]);
  });

  it("keeps an all-day busy series' SEQUENCE when only its zone changes, which its dates never show", async () => {
    const made = await publishedBy({
      title: "Outreach days",
      allDay: true,
      startsAt: "2031-05-05",
      endsAt: "2031-05-05",
      rrule: "FREQ=WEEKLY;COUNT=4",
      visibility: "busy_only",
    });
    const ics = async () => (await (await fetch(`${stack.worker.baseUrl}/events/${made.slug}.ics`)).text()).replace(/^DTSTAMP:.*$/m, "");
    const before = await ics();
    expect(before).toContain("SEQUENCE:0");
    await made.edit(made.slug, { timeZone: "Europe/Oslo" });
    expect(await ics()).toBe(before);
  });

  it("never lowers the SEQUENCE its readers hold when a public event is made busy-only", async () => {
    const made = await publishedBy({ title: "Referral roundtable", startsAt: "2031-05-13T09:00", endsAt: "2031-05-13T10:00", visibility: "public" });
    const sequence = async (slug: string) =>
      Number(/^SEQUENCE:(\d+)/m.exec((await (await fetch(`${stack.worker.baseUrl}/events/${slug}.ics`)).text()).split("BEGIN:VEVENT")[1])?.[1]);
    for (const description of ["Agenda to follow", "Agenda: referrals", "Agenda: referrals and shelters"]) await made.edit(made.slug, { description });
    const held = await sequence(made.slug);
    expect(held).toBe(3);
    const slug = await made.edit(made.slug, { visibility: "busy_only" });
    expect(await sequence(slug)).toBeGreaterThan(held);
  });
});
