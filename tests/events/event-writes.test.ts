/**
 * Every write to an event goes through the one event command (functions/events/events.commands.ts):
 * the API's edits, review, the .ics import and hold conversion. Each names the version it was
 * planned on, so a write on a stale read is lost whole, never half applied or silently merged.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const compact = (date: string) => date.replaceAll("-", "");
let partner: ApiClient;
let coordinator: ApiClient;
const stack = useStack({ today: TODAY });
beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

function ics(uid: string, lines: string[]): string {
  return [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//test//EN",
    "BEGIN:VEVENT",
    `UID:${uid}`,
    `DTSTART;VALUE=DATE:${compact(day(90))}`,
    `DTEND;VALUE=DATE:${compact(day(91))}`,
    ...lines,
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");
}

async function importFile(client: ApiClient, file: string) {
  return client.post("/api/import", { organisationId: "marta", ics: file, commit: true });
}

async function row(slug: string) {
  const { rows } = await stack.db.client.execute({
    sql: `SELECT id, title, type, description, languages, registration_url, version, moderation,
                 (SELECT json_group_array(organisation_id) FROM (SELECT organisation_id FROM event_organisers WHERE event_id = events.id ORDER BY is_lead DESC, organisation_id)) AS organisers,
                 (SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM event_topics WHERE event_id = events.id ORDER BY topic_id)) AS topics
          FROM events WHERE slug = ?`,
    args: [slug],
  });
  return rows[0];
}

async function etag(client: ApiClient, slug: string): Promise<string> {
  return (await client.get(`/api/events/${slug}`)).headers.get("etag")!;
}

async function auditOf(eventId: string, action: string) {
  const { rows } = await stack.db.client.execute({
    sql: "SELECT before, after, comment FROM audit_log WHERE entity_id = ? AND action = ? ORDER BY id",
    args: [eventId, action],
  });
  return rows.map((r) => ({ before: JSON.parse(String(r.before)), after: JSON.parse(String(r.after)), comment: r.comment }));
}

describe("POST /api/import over events edited in the calendar", () => {
  it("changes what the file says and keeps what it cannot say (type, languages, topics, texts it lacks)", async () => {
    const first = await importFile(partner, ics("kept@marta.example", ["SUMMARY:Shelter network meeting", "DESCRIPTION:From the shelter's calendar"]));
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const slug = first.body.items[0].slug as string;
    const edit = { type: "training", languages: ["lv", "ru"], topics: ["victim-support"], registrationUrl: "https://example.org/register" };
    expect((await partner.patch(`/api/events/${slug}`, edit, { "if-match": await etag(partner, slug) })).status).toBe(200);

    // The next export of the same calendar: a new title, and no DESCRIPTION any more.
    const again = await importFile(partner, ics("kept@marta.example", ["SUMMARY:Shelter network meeting (new room)"]));
    expect(again.body.counts).toMatchObject({ update: 1 });
    const after = await row(slug);
    expect(after.title).toBe("Shelter network meeting (new room)");
    expect(after.type).toBe("training");
    expect(JSON.parse(String(after.languages))).toEqual(["lv", "ru"]);
    expect(JSON.parse(String(after.topics))).toEqual(["victim-support"]);
    expect(after.registration_url).toBe("https://example.org/register");
    expect(after.description).toBe("From the shelter's calendar");
    // The audit entry of the re-import names the one field that changed.
    const entries = await auditOf(String(after.id), "event.import");
    expect(entries.at(-1)).toMatchObject({ before: { title: "Shelter network meeting" }, after: { title: "Shelter network meeting (new room)" } });
    expect(Object.keys(entries.at(-1)!.after)).toEqual(["title"]);
  });

  it("sends a partner's re-import of a published event to review, and approving it keeps co-organisers and topics", async () => {
    const first = await importFile(partner, ics("reviewed@marta.example", ["SUMMARY:Regional round table"]));
    const slug = first.body.items[0].slug as string;
    expect((await partner.post(`/api/events/${slug}/submit`, {}, { "if-match": await etag(partner, slug) })).status).toBe(200);
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await etag(coordinator, slug) })).status).toBe(200);
    const links = { organisers: ["marta", "nbpn"], topics: ["labour-exploitation", "prevention"] };
    expect((await coordinator.patch(`/api/events/${slug}`, links, { "if-match": await etag(coordinator, slug) })).status).toBe(200);

    const again = await importFile(partner, ics("reviewed@marta.example", ["SUMMARY:Regional round table on labour exploitation"]));
    expect(again.body.counts).toMatchObject({ update: 1 });
    expect((await row(slug)).title).toBe("Regional round table");
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await etag(coordinator, slug) })).status).toBe(200);
    const after = await row(slug);
    expect(after.title).toBe("Regional round table on labour exploitation");
    expect(JSON.parse(String(after.organisers))).toEqual(["marta", "nbpn"]);
    expect(JSON.parse(String(after.topics))).toEqual(["labour-exploitation", "prevention"]);
  });

  it("never gives two writes the same version: imports sent at once are each a new version, or refused whole", async () => {
    const first = await importFile(partner, ics("race@marta.example", ["SUMMARY:Race 0"]));
    const slug = first.body.items[0].slug as string;
    const start = Number((await row(slug)).version);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => importFile(partner, ics("race@marta.example", [`SUMMARY:Race ${i + 1}`]))));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.every((s) => s === 200 || s === 409),
      JSON.stringify(statuses),
    ).toBe(true);
    const applied = statuses.filter((s) => s === 200).length;
    expect(applied).toBeGreaterThan(0);
    const after = await row(slug);
    expect(Number(after.version)).toBe(start + applied);
    expect(await auditOf(String(after.id), "event.import")).toHaveLength(1 + applied);
    const refused = results.find((r) => r.status === 409);
    if (refused) expect(refused.body.error.message).toMatch(/nothing was imported/);
  });

  it("refuses an edit sent on a version another write replaced, with the current ETag", async () => {
    const created = await partner.post("/api/events", {
      title: "Edited twice at once",
      type: "meeting",
      startsAt: day(100),
      endsAt: day(100),
      allDay: true,
      timeZone: "Europe/Riga",
      organisers: ["marta"],
      ownerOrganisationId: "marta",
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const slug = created.body.slug as string;
    const base = await etag(partner, slug);
    const results = await Promise.all(
      ["Riga", "Tallinn", "Vilnius", "Tartu", "Kaunas"].map((city) => partner.patch(`/api/events/${slug}`, { city }, { "if-match": base })),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    const current = await etag(partner, slug);
    for (const r of results.filter((r) => r.status !== 200)) {
      expect(r.status).toBe(412);
      expect(r.headers.get("etag")).toBe(current);
    }
  });
});

describe("POST /api/holds/:id/convert", () => {
  it("makes one draft when the same hold is converted twice at once", async () => {
    const hold = await partner.post("/api/holds", {
      organisationId: "marta",
      title: "Held for the shelter forum",
      startsOn: day(120),
      endsOn: day(121),
      expiresOn: day(60),
      countries: ["LV"],
    });
    expect(hold.status, JSON.stringify(hold.body)).toBe(201);
    const results = await Promise.all(Array.from({ length: 5 }, () => partner.post(`/api/holds/${hold.body.id}/convert`, {})));
    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s === 201),
      JSON.stringify(statuses),
    ).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 404)).toBe(true);
    const { rows } = await stack.db.client.execute("SELECT count(*) AS n FROM events WHERE title = 'Held for the shelter forum'");
    expect(Number(rows[0].n)).toBe(1);
  });
});
