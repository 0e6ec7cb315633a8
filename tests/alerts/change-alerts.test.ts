/**
 * Change alerts (functions/alerts/change-alerts.ts) through the real cron: what followers are told
 * of, recorded in alert_deliveries; and the mail section (functions/alerts/kinds/change.ts) each
 * delivery becomes, rendered directly (the outbox that sends it is tested with it).
 */
import { drizzle } from "drizzle-orm/libsql/web";
import { beforeAll, describe, expect, it } from "vitest";
import type { StoredAlert } from "../../functions/alerts/alerts.types.ts";
import { changeRenderer } from "../../functions/alerts/kinds/change.ts";
import type { Database } from "../../functions/db/client.ts";
import { signLink } from "../../functions/digest/links.ts";
import { messagesFor } from "../../functions/i18n/messages.ts";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";
import { TEST_LINK_SECRET } from "../support/worker.ts";

// The Worker keeps the real clock, the one that stamps the audit log the producer reads.
const stack = useStack({ seedToday: "2030-03-04" });
const tick = () => stack.cron("*/5 * * * *", new Date());
const FOLLOWER = "change-follower";
const OTHER = "change-other";
let follower: ApiClient;
let other: ApiClient;
let coordinator: ApiClient;
let nbpn: ApiClient;

beforeAll(async () => {
  await stack.db.client.batch([
    { sql: "INSERT INTO users (id, email, role, locale) VALUES (?, 'follower@example.org', 'user', 'lv')", args: [FOLLOWER] },
    { sql: "INSERT INTO users (id, email, role) VALUES (?, 'other@example.org', 'user')", args: [OTHER] },
  ]);
  follower = await sessionFor(stack.db.client, stack.worker.baseUrl, FOLLOWER);
  other = await sessionFor(stack.db.client, stack.worker.baseUrl, OTHER);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
});

interface Delivery {
  alertId: string;
  userId: string;
  followId: string | null;
  dedupeKey: string;
  kind: string;
  eventId: string;
  details: string;
}
/** The change alerts' deliveries about an event (a proposal also brings coordinators a review alert). */
async function deliveries(eventId: string): Promise<Delivery[]> {
  const res = await stack.db.client.execute({
    sql: `SELECT d.alert_id AS alertId, d.user_id AS userId, d.follow_id AS followId, a.dedupe_key AS dedupeKey, a.kind, a.event_id AS eventId, a.details
          FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id WHERE a.event_id = ? AND a.kind = 'change' ORDER BY d.user_id`,
    args: [eventId],
  });
  return res.rows as unknown as Delivery[];
}

/** Changes an event through the API; returns the slug it carries afterwards. */
async function move(client: ApiClient, slug: string, patch: Record<string, unknown>): Promise<string> {
  const etag = (await client.get(`/api/events/${slug}`)).headers.get("etag")!;
  const res = await client.patch(`/api/events/${slug}`, patch, { "if-match": etag });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.slug;
}

const db = () => drizzle(stack.db.client) as Database;
async function render(d: Delivery, user: { id: string; role: string; organisationIds: string[] }, language: string) {
  const [row] = (await stack.db.client.execute({ sql: "SELECT * FROM alerts WHERE id = ?", args: [d.alertId] })).rows;
  const alert: StoredAlert = {
    id: String(row.id),
    kind: "change",
    eventId: String(row.event_id),
    otherEventId: null,
    organisationId: null,
    severity: null,
    details: JSON.parse(String(row.details)),
    createdAt: String(row.created_at),
  };
  return changeRenderer.section(
    alert,
    { followId: d.followId },
    {
      db: db(),
      user: { ...user, email: "x@example.org", locale: language },
      messages: messagesFor(language),
      language,
      origin: "https://calendar.example",
      now: new Date(),
      memo: (_key, load) => load(),
      unfollowLink: async (id) => `https://calendar.example/follows/stop?token=${await signLink(TEST_LINK_SECRET, "unfollow", id)}`,
    },
  );
}

describe("change alerts", () => {
  it("tells a followed event's followers once that it moved, before → after, and not the one who moved it", async () => {
    await createEvent(stack.db.client, {
      id: "ch-moves",
      startsAt: "2030-06-10T09:00",
      endsAt: "2030-06-10T16:00",
      timeZone: "Europe/Riga",
      organisers: ["marta"],
    });
    expect((await follower.post("/api/follows", { kind: "event", target: "ch-moves" })).status).toBe(201);
    expect((await coordinator.post("/api/follows", { kind: "event", target: "ch-moves" })).status).toBe(201);
    await move(coordinator, "ch-moves", { startsAt: "2030-06-17T09:00", endsAt: "2030-06-17T16:00" });
    await tick();
    const found = await deliveries("ch-moves");
    expect(found.map((d) => d.userId)).toEqual([FOLLOWER]);
    expect(found[0].dedupeKey).toMatch(/^change:\d+$/);
    expect(found[0].followId).toBeTruthy();
    const details = JSON.parse(found[0].details);
    expect(details.changes.dates.before).toMatchObject({ startsAt: "2030-06-10T09:00", endsAt: "2030-06-10T16:00", timeZone: "Europe/Riga" });
    expect(details.changes.dates.after).toMatchObject({ startsAt: "2030-06-17T09:00", endsAt: "2030-06-17T16:00" });
    // The next tick reads the same window and records nothing new.
    await tick();
    expect(await deliveries("ch-moves")).toHaveLength(1);
    const alerts = await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM alerts WHERE event_id = 'ch-moves'" });
    expect(Number(alerts.rows[0].n)).toBe(1);

    // The section, in the follower's Latvian: the dates in Riga time, the link and the unfollow link.
    const section = await render(found[0], { id: FOLLOWER, role: "user", organisationIds: [] }, "lv");
    expect(section).not.toBeNull();
    expect(section!.text).toContain("Mainīts:");
    expect(section!.text).toMatch(/10\.\s*jūn.*→.*17\.\s*jūn/s);
    expect(section!.text).toContain("09:00");
    expect(section!.text).toContain("https://calendar.example/events/ch-moves");
    expect(section!.text).toContain(`/follows/stop?token=${found[0].followId}.`);
    expect(section!.html).toContain('href="https://calendar.example/events/ch-moves"');
    expect(section!.html).toContain("→");
  });

  it("tells of a cancellation and of a new place", async () => {
    await createEvent(stack.db.client, {
      id: "ch-cancel",
      startsAt: "2030-07-01T09:00",
      endsAt: "2030-07-01T12:00",
      organisers: ["marta"],
      city: "Riga",
      country: "LV",
    });
    await follower.post("/api/follows", { kind: "event", target: "ch-cancel" });
    await move(coordinator, "ch-cancel", { status: "cancelled", city: "Tallinn", country: "EE" });
    await tick();
    const [d] = await deliveries("ch-cancel");
    const section = await render(d, { id: FOLLOWER, role: "user", organisationIds: [] }, "en");
    expect(section!.text).toContain("Status: confirmed → cancelled");
    expect(section!.text).toContain("City: Riga → Tallinn");
    expect(section!.text).toContain("Country: Latvia → Estonia");
  });

  it("tells nothing of events that have ended", async () => {
    await createEvent(stack.db.client, { id: "ch-past", startsAt: "2020-01-10T09:00", endsAt: "2020-01-10T12:00", organisers: ["marta"] });
    await stack.db.client.execute({ sql: "INSERT INTO follows (id, user_id, kind, target) VALUES ('past-follow', ?, 'event', 'ch-past')", args: [FOLLOWER] });
    await move(coordinator, "ch-past", { city: "Vilnius" });
    await tick();
    expect(await deliveries("ch-past")).toEqual([]);
  });

  it("tells followers of its organisation, topic or country of a new event, once each, and only those who may see it", async () => {
    await other.post("/api/follows", { kind: "organisation", target: "nbpn" });
    await other.post("/api/follows", { kind: "topic", target: "victim-support" });
    await follower.post("/api/follows", { kind: "country", target: "EE" });
    await nbpn.post("/api/follows", { kind: "country", target: "EE" });
    const created = await coordinator.post("/api/events", {
      ...seminar("Baltic shelter network", { organisers: ["nbpn"], ownerOrganisationId: "nbpn", country: "EE", city: "Tartu" }),
      publish: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const hidden = await coordinator.post("/api/events", {
      ...seminar("Partners' closed meeting", { organisers: ["nbpn"], ownerOrganisationId: "nbpn", country: "EE", visibility: "partners" }),
      publish: true,
    });
    await tick();
    const news = await deliveries(created.body.id);
    expect(news.map((d) => d.userId).sort()).toEqual([FOLLOWER, OTHER, SAMPLE.partnerNbpn].sort());
    expect(news.every((d) => d.dedupeKey === `new:${created.body.id}` && d.followId)).toBe(true);
    // A partner-only event: the partner following Estonia is told, the reader following Estonia is not.
    expect((await deliveries(hidden.body.id)).map((d) => d.userId)).toEqual([SAMPLE.partnerNbpn]);

    const mine = news.find((d) => d.userId === OTHER)!;
    const section = await render(mine, { id: OTHER, role: "user", organisationIds: [] }, "de");
    expect(section!.text).toContain("Neue Veranstaltung: Baltic shelter network");
    expect(section!.text).toContain("Tartu");
    expect(section!.text).toContain("die Veranstaltungen von");
    // Seen by someone who may no longer list it, the delivery renders to nothing.
    const partnersOnly = (await deliveries(hidden.body.id))[0];
    expect(await render(partnersOnly, { id: OTHER, role: "user", organisationIds: [] }, "en")).toBeNull();
  });

  it("tells nothing of a followed event that became partner-only to a reader who may no longer see it", async () => {
    await createEvent(stack.db.client, { id: "ch-hidden", startsAt: "2030-08-01T09:00", endsAt: "2030-08-01T12:00", organisers: ["marta"] });
    await follower.post("/api/follows", { kind: "event", target: "ch-hidden" });
    const slug = await move(coordinator, "ch-hidden", { visibility: "partners" });
    await move(coordinator, slug, { startsAt: "2030-08-02T09:00", endsAt: "2030-08-02T12:00" });
    await tick();
    expect(await deliveries("ch-hidden")).toEqual([]);
  });

  it("tells nothing of a proposal until it is approved, and then not its proposer", async () => {
    await createEvent(stack.db.client, { id: "ch-proposal", startsAt: "2030-09-01T09:00", endsAt: "2030-09-01T12:00", organisers: ["marta"] });
    const marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    await follower.post("/api/follows", { kind: "event", target: "ch-proposal" });
    await marta.post("/api/follows", { kind: "event", target: "ch-proposal" });
    await move(marta, "ch-proposal", { startsAt: "2030-09-08T09:00", endsAt: "2030-09-08T12:00" });
    await tick();
    expect(await deliveries("ch-proposal")).toEqual([]);
    const etag = (await coordinator.get("/api/events/ch-proposal")).headers.get("etag")!;
    expect((await coordinator.post("/api/events/ch-proposal/approve", {}, { "if-match": etag })).status).toBe(200);
    await tick();
    const found = await deliveries("ch-proposal");
    expect(found.map((d) => d.userId)).toEqual([FOLLOWER]);
    expect(JSON.parse(found[0].details).changes.dates.after.startsAt).toBe("2030-09-08T09:00");
  });

  it("tells a busy-only event's followers its new dates, in UTC, but never its place or zone", async () => {
    await createEvent(stack.db.client, {
      id: "ch-busy",
      title: "Secret shelter visit",
      startsAt: "2030-10-01T09:00",
      endsAt: "2030-10-01T12:00",
      timeZone: "Europe/Riga",
      organisers: ["marta"],
      visibility: "busy_only",
      city: "Riga",
    });
    expect((await other.post("/api/follows", { kind: "event", target: "ch-busy" })).status).toBe(201);
    await move(coordinator, "ch-busy", { city: "Jelgava" });
    await tick();
    expect(await deliveries("ch-busy")).toEqual([]);
    await move(coordinator, "ch-busy", { startsAt: "2030-10-02T09:00", endsAt: "2030-10-02T12:00", city: "Liepaja" });
    await tick();
    const [d] = await deliveries("ch-busy");
    expect(d.userId).toBe(OTHER);
    const section = await render(d, { id: OTHER, role: "user", organisationIds: [] }, "en");
    expect(section!.text).toMatch(/Changed: a busy-only event of .*Marta/);
    expect(section!.text).toContain("Dates:");
    // 09:00–12:00 in Riga (summer time, UTC+3) is 06:00–09:00 UTC; the zone would tell the country.
    expect(section!.text).toContain("Dates: Tue, 1 October 2030, 06:00–09:00 UTC → Wed, 2 October 2030, 06:00–09:00 UTC");
    for (const hidden of ["Secret shelter", "Jelgava", "Liepaja", "City", "GMT+3", "EEST"]) {
      expect(section!.text).not.toContain(hidden);
      expect(section!.html).not.toContain(hidden);
    }
    // Its own organisation's partner would see it all, in the event's own time.
    const full = await render(d, { id: SAMPLE.partnerMarta, role: "user", organisationIds: ["marta"] }, "en");
    expect(full!.text).toContain("City: Jelgava → Liepaja");
    expect(full!.text).toContain("Dates: Tue, 1 October 2030, 09:00–12:00 EEST → Wed, 2 October 2030, 09:00–12:00 EEST");
  });

  it("tells a busy-only event's followers each change's dates as they were then, and nothing of a zone change its UTC times do not show", async () => {
    await createEvent(stack.db.client, {
      id: "ch-busy-zones",
      title: "Quiet case review",
      startsAt: "2030-10-08T09:00",
      endsAt: "2030-10-08T12:00",
      timeZone: "Europe/Riga",
      organisers: ["marta"],
      visibility: "busy_only",
    });
    expect((await other.post("/api/follows", { kind: "event", target: "ch-busy-zones" })).status).toBe(201);
    // Two changes before one tick: a later start (07:00 UTC), then Berlin's clock (10:00 there is 08:00 UTC).
    await move(coordinator, "ch-busy-zones", { startsAt: "2030-10-08T10:00" });
    await move(coordinator, "ch-busy-zones", { timeZone: "Europe/Berlin" });
    await tick();
    const told = await deliveries("ch-busy-zones");
    expect(told).toHaveLength(2);
    const texts = await Promise.all(told.map(async (d) => (await render(d, { id: OTHER, role: "user", organisationIds: [] }, "en"))!.text));
    expect(texts.sort()).toEqual([
      expect.stringContaining("Dates: Tue, 8 October 2030, 06:00–09:00 UTC → Tue, 8 October 2030, 07:00–09:00 UTC"),
      expect.stringContaining("Dates: Tue, 8 October 2030, 07:00–09:00 UTC → Tue, 8 October 2030, 08:00–10:00 UTC"),
    ]);
    // Helsinki's 11:00-13:00 is the same 08:00-10:00 UTC: nothing its followers are given moved.
    await move(coordinator, "ch-busy-zones", { timeZone: "Europe/Helsinki", startsAt: "2030-10-08T11:00", endsAt: "2030-10-08T13:00" });
    await tick();
    expect(await deliveries("ch-busy-zones")).toHaveLength(2);
  });
});
