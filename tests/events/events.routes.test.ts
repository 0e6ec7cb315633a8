/**
 * The events API, served by the real Worker in the local Workers runtime against the real libSQL
 * server, seeded with the demo data as of a fixed day.
 */
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import type { EventDetail, EventListResponse } from "../../functions/events/events.schema.ts";
import { createEvent, DEMO_BUSY_STEERING, DEMO_PARTNER_PLANNING, storedEvent } from "../support/factories.ts";

const TODAY = "2030-03-04";

const stack = useStack({ today: TODAY });

async function get(path: string) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`);
  const type = res.headers.get("content-type") ?? "";
  return { res, body: type.includes("json") ? ((await res.json()) as any) : await res.text() };
}

async function list(query: string): Promise<EventListResponse> {
  const { res, body } = await get(`/api/events?${query}`);
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

describe("GET /api/events", () => {
  it("lists the published events of a month with organisers, topics and audiences", async () => {
    const body = await list("from=2030-03-01&to=2030-03-31&tz=Europe/Riga");
    const slugs = body.events.map((e) => e.slug);
    expect(slugs).toEqual(expect.arrayContaining(["sample-baltic-police-workshop", "sample-health-care-access-seminar", "sample-task-force-meeting"]));
    const seminar = body.events.find((e) => e.slug === "sample-health-care-access-seminar")!;
    expect(seminar.organisers[0]).toMatchObject({ slug: "ncm-riga", isLead: true });
    expect(seminar.organisers.map((o) => o.slug)).toEqual(expect.arrayContaining(["who-europe", "nhv"]));
    expect(seminar.topics).toEqual(["health-care", "victim-support"]);
    expect(seminar.audiences).toEqual(["health-workers", "social-workers"]);
    // Sorted by start.
    const starts = body.events.map((e) => e.start);
    expect([...starts].sort()).toEqual(starts);
  });

  it("shows the report's past activities on their dates", async () => {
    const body = await list("from=2005-12-01&to=2005-12-31");
    const riga = body.events.find((e) => e.slug === "riga-campaign-seminar-2005")!;
    expect(riga).toMatchObject({ allDay: true, startsAt: "2005-12-09", endsAt: "2005-12-11", city: "Riga", country: "LV" });
    expect(riga.organisers.map((o) => o.slug).sort()).toEqual(["marta", "ncm-riga", "riga-city"]);
  });

  it("keeps all-day events on their dates in every viewer's zone", async () => {
    for (const tz of ["Pacific/Auckland", "America/Los_Angeles", "UTC"]) {
      const onDay = await list(`from=2005-12-11&to=2005-12-11&tz=${encodeURIComponent(tz)}`);
      expect(onDay.events.map((e) => e.slug)).toContain("riga-campaign-seminar-2005");
      const dayAfter = await list(`from=2005-12-12&to=2005-12-12&tz=${encodeURIComponent(tz)}`);
      expect(dayAfter.events.map((e) => e.slug)).not.toContain("riga-campaign-seminar-2005");
    }
  });

  it("places timed events by the viewer's zone", async () => {
    // 23:30–23:59 in Riga on 1 June is 20:30 UTC the same day, but already 2 June in Tokyo.
    const slug = await createEvent(stack.db.client, { startsAt: "2031-06-01T23:30", endsAt: "2031-06-01T23:59", timeZone: "Europe/Riga" });
    const inRiga = await list("from=2031-06-02&to=2031-06-02&tz=Europe/Riga");
    expect(inRiga.events.map((e) => e.slug)).not.toContain(slug);
    const inTokyo = await list("from=2031-06-02&to=2031-06-02&tz=Asia/Tokyo");
    expect(inTokyo.events.map((e) => e.slug)).toContain(slug);
    expect(inTokyo.events.find((e) => e.slug === slug)).toMatchObject({
      start: "2031-06-01T20:30:00.000Z",
      startsAt: "2031-06-01T23:30",
      timeZone: "Europe/Riga",
    });
  });

  it("filters by country, organisation (id or slug, any organiser role) and topic", async () => {
    const range = "from=2030-03-01&to=2030-04-30";
    const lv = await list(`${range}&country=lv`);
    expect(lv.events.length).toBeGreaterThan(0);
    expect(new Set(lv.events.map((e) => e.country))).toEqual(new Set(["LV"]));

    const both = await list(`${range}&country=LV&country=LT`);
    expect(new Set(both.events.map((e) => e.country))).toEqual(new Set(["LV", "LT"]));
    expect(await list(`${range}&country=LV,LT`)).toEqual(both);

    // WHO Europe co-organises the Riga seminar without leading it.
    const who = await list(`${range}&organisation=who-europe`);
    expect(who.events.map((e) => e.slug)).toEqual(["sample-health-care-access-seminar"]);

    const youth = await list(`${range}&topic=children-youth`);
    expect(youth.events.map((e) => e.slug)).toEqual(["sample-narva-youth-seminar", "sample-youth-prevention-training"]);

    const none = await list(`${range}&topic=children-youth&country=LV`);
    expect(none.events).toEqual([]);
  });

  it("expands a recurring meeting into its occurrences within the range, without its exceptions", async () => {
    // The demo's call repeats every other week from 6 March 2030 (day 2), skipping 3 April (day 30).
    const body = await list("from=2030-03-01&to=2030-04-30&tz=Europe/Riga");
    const calls = body.events.filter((e) => e.slug === "sample-task-force-call");
    expect(calls.map((e) => e.startsAt)).toEqual(["2030-03-06T10:00", "2030-03-20T10:00", "2030-04-17T10:00"]);
    expect(calls.map((e) => e.recurring)).toEqual([true, true, true]);
    // 10:00 in Copenhagen: 09:00 UTC in winter, 08:00 UTC after 31 March.
    expect(calls.map((e) => e.start)).toEqual(["2030-03-06T09:00:00.000Z", "2030-03-20T09:00:00.000Z", "2030-04-17T08:00:00.000Z"]);
    const later = await list("from=2030-07-01&to=2030-07-31");
    expect(later.events.filter((e) => e.slug === "sample-task-force-call").length).toBeGreaterThan(0);
  });

  it("filters by type, language and status", async () => {
    const range = "from=2030-03-01&to=2030-08-31";
    expect((await list(`${range}&type=training`)).events.map((e) => e.slug)).toEqual(["sample-youth-prevention-training", "sample-vilnius-prosecutors"]);
    const russian = await list(`${range}&language=ru`);
    expect(russian.events.filter((e) => !e.languages.includes("ru")).map((e) => e.slug)).toEqual([]);
    expect(russian.events.map((e) => e.slug)).toContain("sample-health-care-access-seminar");
    expect((await list(`${range}&status=cancelled`)).events.map((e) => e.slug)).toEqual(["sample-warsaw-ngo-forum"]);
    const bad = await get(`/api/events?${range}&status=maybe`);
    expect(bad.res.status).toBe(400);
  });

  it("hides partner-only and unpublished events and shows busy-only ones without details", async () => {
    await createEvent(stack.db.client, { id: "draft-event", startsAt: "2030-03-10T10:00", endsAt: "2030-03-10T11:00", moderation: "pending" });
    const body = await list("from=2030-03-01&to=2030-04-30");
    const slugs = body.events.map((e) => e.slug);
    expect(slugs).not.toContain((await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).slug);
    expect(slugs).not.toContain("draft-event");
    const steering = await storedEvent(stack.db.client, DEMO_BUSY_STEERING);
    const busy = body.events.find((e) => e.slug === steering.slug)!;
    expect(busy).toMatchObject({ busy: true, title: null, summary: null, city: null, topics: [], audiences: [] });
    expect(busy.organisers[0].shortName).toBe("MR-S");
    expect(JSON.stringify(busy)).not.toContain("Steering group");
  });

  it.each([
    ["", "from", "is required"],
    ["from=2030-03-01", "to", "is required"],
    ["from=2030-02-30&to=2030-03-31", "from", "YYYY-MM-DD"],
    ["from=2030-03-31&to=2030-03-01", "to", "must not be before from"],
    ["from=2030-01-01&to=2031-03-01", "to", "400 days"],
    ["from=2030-03-01&to=2030-03-31&tz=Mars/Olympus", "tz", "IANA time zone"],
    ["from=2030-03-01&to=2030-03-31&country=Latvia", "country", "ISO 3166-1"],
  ])("rejects ?%s with 400 naming %s", async (query, field, rule) => {
    const { res, body } = await get(`/api/events?${query}`);
    expect(res.status).toBe(400);
    expect(body.error.code).toBe("invalid_query");
    const issue = body.error.issues.find((i: { field: string }) => i.field === field || i.field.startsWith(`${field}[`));
    expect(issue?.rule).toContain(rule);
  });
});

describe("GET /api/events/:slug", () => {
  it("returns the event with public contact details only", async () => {
    const { res, body } = await get("/api/events/sample-task-force-meeting");
    expect(res.status).toBe(200);
    const e = body as EventDetail;
    expect(e).toMatchObject({
      title: "Coordination meeting of international organisations and task forces",
      attendanceMode: "hybrid",
      timeZone: "Europe/Copenhagen",
    });
    expect(e.contacts).toEqual([{ id: "sample-kari-nordmann", name: "Kari Nordmann", title: "Senior adviser", email: "kari.nordmann@example.org" }]);
    // Her phone number is visible to coordinators only.
    expect(JSON.stringify(e)).not.toContain("+47");
    expect(e.documents.map((d) => d.slug)).toEqual(["nb8-mou-2009"]);
  });

  it("does not reveal a partners-only event", async () => {
    const { res, body } = await get(`/api/events/${(await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).slug}`);
    expect(res.status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });

  it("answers a malformed slug with 400 naming it", async () => {
    const { res, body } = await get("/api/events/Not%20A%20Slug");
    expect(res.status).toBe(400);
    expect(body.error.issues[0].field).toBe("slug");
  });
});

describe("other paths", () => {
  it("answers an unknown /api path with a JSON 404", async () => {
    const { res, body } = await get("/api/nothing-here");
    expect(res.status).toBe(404);
    expect(body.error.code).toBe("not_found");
  });

  it("reports a reachable database on /api/health", async () => {
    const { res, body } = await get("/api/health");
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ status: "ok", database: "reachable" });
  });

  it("serves the web app for client-side routes", async () => {
    const { res, body } = await get("/month/2030-03");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(body).toContain('<div id="app">');
  });
});
