/**
 * Flagship events: coordinators decide which events are major; partners cannot, and are told so
 * by the field's name. The flag shows in the event's JSON and on its server-rendered page.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let coordinator: ApiClient;
let partner: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

const auditCount = async (id: string) =>
  Number((await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM audit_log WHERE entity_id = ?", args: [id] })).rows[0].n);

describe("POST /api/events with major", () => {
  it("refuses the flag from a partner, naming the field, and writes nothing", async () => {
    const res = await partner.post("/api/events", seminar("Our flagship", { major: true }));
    expect(res.status).toBe(403);
    expect(res.body.error.issues[0]).toMatchObject({ field: "major" });
    const { rows } = await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM events WHERE title = ?", args: ["Our flagship"] });
    expect(rows[0].n).toBe(0);
  });

  it("takes it from a coordinator, and shows it in the JSON and on the server-rendered page", async () => {
    const res = await coordinator.post("/api/events", { ...seminar("Regional flagship conference"), major: true, publish: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.major).toBe(true);
    const page = await fetch(`${stack.worker.baseUrl}/events/${res.body.slug}`, { headers: { "accept-language": "de" } });
    expect(await page.text()).toContain('<span class="major-badge">Großveranstaltung</span>');
    const ordinary = await coordinator.post("/api/events", { ...seminar("An ordinary seminar"), publish: true });
    expect(ordinary.body.major).toBe(false);
    expect(await (await fetch(`${stack.worker.baseUrl}/events/${ordinary.body.slug}`)).text()).not.toContain("major-badge");
  });
});

describe("PATCH /api/events/:slug with major", () => {
  it("lets only coordinators change the flag; a partner may send it unchanged, and keeps it through a proposal", async () => {
    const created = await partner.post("/api/events", seminar("Partner seminar to promote"));
    expect(created.status).toBe(201);
    const slug = created.body.slug as string;
    const etag = async () => (await coordinator.get(`/api/events/${slug}`)).headers.get("etag")!;

    const refused = await partner.patch(`/api/events/${slug}`, { major: true }, { "if-match": await etag() });
    expect(refused.status).toBe(403);
    expect(refused.body.error.issues[0]).toMatchObject({ field: "major", code: "coordinator_only" });

    const unchanged = await partner.patch(`/api/events/${slug}`, { major: false, title: "Partner seminar, renamed" }, { "if-match": await etag() });
    expect(unchanged.status, JSON.stringify(unchanged.body)).toBe(200);

    const promoted = await coordinator.patch(`/api/events/${slug}`, { major: true }, { "if-match": await etag() });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ major: true, title: "Partner seminar, renamed" });
    // The same again is a no-op: no new version, no audit entry.
    const entries = await auditCount(promoted.body.id);
    const again = await coordinator.patch(`/api/events/${slug}`, { major: true }, { "if-match": await etag() });
    expect(again.body.manage.version).toBe(promoted.body.manage.version);
    expect(await auditCount(promoted.body.id)).toBe(entries);

    // Published, the partner's edits become a proposal; approving it keeps the coordinators' flag.
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await etag() })).status).toBe(200);
    const proposal = await partner.patch(`/api/events/${slug}`, { title: "Partner seminar, final title" }, { "if-match": await etag() });
    expect(proposal.status).toBe(200);
    const approved = await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await etag() });
    expect(approved.body).toMatchObject({ title: "Partner seminar, final title", major: true });
  });
});
