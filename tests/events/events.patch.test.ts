/**
 * PATCH means "change only these": a field the request does not name keeps its stored value,
 * whatever the field and whoever edits. A one-field edit once reset every other field to its
 * default, turning a busy-only meeting public and emptying its languages. (Organisations:
 * tests/directory/organisations.patch.test.ts.)
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let coordinator: ApiClient;
let partner: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

/** An event with every field away from its default. */
const hidden = (title: string) => ({
  title,
  summary: "Operational planning",
  description: "Room 4, police headquarters; victims' names are not to be shared.",
  type: "meeting",
  status: "tentative",
  visibility: "busy_only",
  allDay: false,
  startsAt: "2030-06-04T10:00",
  endsAt: "2030-06-04T12:00",
  timeZone: "Europe/Riga",
  venue: "Police headquarters",
  city: "Riga",
  country: "LV",
  onlineUrl: "https://example.org/meet/ops",
  registrationUrl: "https://example.org/register/ops",
  attendanceMode: "hybrid",
  languages: ["lv", "ru"],
  organisers: ["marta", "riga-city"],
  topics: ["victim-support", "police-cooperation"],
  audiences: ["police", "social-workers"],
  ownerOrganisationId: "marta",
  rrule: "FREQ=WEEKLY;COUNT=4",
  exdates: ["2030-06-11T10:00"],
  clashJustification: "Fixed by the prosecutor's schedule",
});

/** Two values each field can take, so a PATCH can always change it. Dates move together. */
const ALTERNATIVES: Record<string, [unknown, unknown]> = {
  title: ["Planning meeting A", "Planning meeting B"],
  summary: ["First summary", null],
  description: ["Another description", null],
  type: ["workshop", "seminar"],
  status: ["confirmed", "postponed"],
  visibility: ["partners", "public"],
  dates: [
    { startsAt: "2030-06-05T09:00", endsAt: "2030-06-05T11:00" },
    { startsAt: "2030-06-06T14:00", endsAt: "2030-06-06T15:30" },
  ],
  timeZone: ["Europe/Tallinn", "Europe/Helsinki"],
  venue: ["City hall", null],
  city: ["Tallinn", null],
  country: ["EE", null],
  onlineUrl: ["https://example.org/meet/other", null],
  registrationUrl: ["https://example.org/register/other", null],
  attendanceMode: ["online", "in_person"],
  languages: [["en"], []],
  organisers: [["marta"], ["marta", "ncm"]],
  topics: [["prevention"], []],
  audiences: [["ngos"], []],
  rrule: ["FREQ=WEEKLY;COUNT=2", null],
  exdates: [[], ["2030-06-18T10:00"]],
  clashJustification: ["Another reason", null],
};
const FIELDS = Object.keys(ALTERNATIVES);

/** What is stored of an event, as its editor would compare it. */
async function stored(slug: string): Promise<Record<string, unknown>> {
  const { rows } = await stack.db.client.execute({
    sql: `SELECT id, title, summary, description, type, status, visibility, all_day, starts_at, ends_at, time_zone, venue, city, country,
                 online_url, registration_url, attendance_mode, languages, owner_organisation_id, rrule, exdates, clash_justification,
                 (SELECT json_group_array(organisation_id) FROM (SELECT organisation_id FROM event_organisers WHERE event_id = events.id ORDER BY is_lead DESC, organisation_id)) AS organisers,
                 (SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM event_topics WHERE event_id = events.id ORDER BY topic_id)) AS topics,
                 (SELECT json_group_array(audience_id) FROM (SELECT audience_id FROM event_audiences WHERE event_id = events.id ORDER BY audience_id)) AS audiences
          FROM events WHERE slug = ?`,
    args: [slug],
  });
  expect(rows).toHaveLength(1);
  return { ...rows[0] };
}

/** The stored columns a patch of `field` may change. */
function columnsOf(field: string): string[] {
  const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return field === "dates" ? ["starts_at", "ends_at"] : [snake];
}

/** Patches one field; returns the slug the event carries afterwards (a public event made non-public gets a new one). */
async function patchOne(client: ApiClient, slug: string, field: string): Promise<string> {
  const before = await stored(slug);
  const current = await client.get(`/api/events/${slug}`);
  const [a, b] = ALTERNATIVES[field];
  const column = columnsOf(field)[0];
  const asStored = (v: unknown) => (Array.isArray(v) ? JSON.stringify(v) : v && typeof v === "object" ? (v as Record<string, unknown>).startsAt : v);
  const value = String(asStored(a)) === String(before[column]) ? b : a;
  const body = field === "dates" ? (value as object) : { [field]: value };
  const res = await client.patch(`/api/events/${slug}`, body, { "if-match": current.headers.get("etag")! });
  expect(res.status, `PATCH ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(200);

  const after = await stored(res.body.slug);
  const changed = Object.keys(after).filter((k) => String(after[k]) !== String(before[k]));
  const allowed = columnsOf(field);
  expect(
    changed.filter((k) => !allowed.includes(k)),
    `PATCH ${JSON.stringify(body)} changed other fields`,
  ).toEqual([]);
  expect(changed.length, `PATCH ${JSON.stringify(body)} changed nothing`).toBeGreaterThan(0);
  return res.body.slug;
}

describe("PATCH /api/events/:slug changes only the fields sent", () => {
  it("a coordinator's one-field edits of a busy-only event leave every other field as stored", async () => {
    const created = await coordinator.post("/api/events", { ...hidden("Operations planning"), publish: true });
    expect(created.status).toBe(201);
    let slug = created.body.slug as string;
    for (const field of FIELDS) slug = await patchOne(coordinator, slug, field);
  });

  it("holds for any sequence of one-field edits, by a coordinator or the owning partner on a draft", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(coordinator, partner), fc.array(fc.constantFrom(...FIELDS), { minLength: 1, maxLength: 5 }), async (client, fields) => {
        const created = await client.post("/api/events", hidden(`Planning round ${++n}`));
        expect(created.status).toBe(201);
        let slug = created.body.slug as string;
        for (const field of fields) slug = await patchOne(client, slug, field);
      }),
      { numRuns: 8, seed: 20301204 },
    );
  });

  it("a title change keeps a busy-only event hidden from anonymous readers", async () => {
    const created = await coordinator.post("/api/events", { ...hidden("Confidential operation"), publish: true });
    const slug = created.body.slug as string;
    const current = await coordinator.get(`/api/events/${slug}`);
    expect(
      (await coordinator.patch(`/api/events/${slug}`, { title: "Confidential operation (room changed)" }, { "if-match": current.headers.get("etag")! })).status,
    ).toBe(200);
    const month = await new ApiClient(stack.worker.baseUrl).get("/api/events?from=2030-06-01&to=2030-06-30");
    const seen = month.body.events.filter((e: { busy: boolean; title: string | null }) => e.busy && e.title === null);
    expect(seen.length).toBeGreaterThan(0);
    expect(JSON.stringify(month.body)).not.toContain("Confidential operation");
    expect(JSON.stringify(month.body)).not.toContain("Police headquarters");
  });

  it("a PATCH that changes nothing keeps the version and writes no audit entry", async () => {
    const created = await coordinator.post("/api/events", hidden("Unchanged meeting"));
    const slug = created.body.slug as string;
    const audits = async () =>
      Number(
        (
          await stack.db.client.execute({
            sql: "SELECT count(*) AS n FROM audit_log WHERE entity = 'event' AND entity_id = (SELECT id FROM events WHERE slug = ?)",
            args: [slug],
          })
        ).rows[0].n,
      );
    const before = await audits();
    const etag = created.headers.get("etag")!;
    const same = await coordinator.patch(`/api/events/${slug}`, { title: "Unchanged meeting", languages: ["lv", "ru"] }, { "if-match": etag });
    expect(same.status).toBe(200);
    expect(same.headers.get("etag")).toBe(etag);
    expect(await audits()).toBe(before);
  });
});
