/**
 * Webhooks through the real cron and a loopback receiver (FEED_FETCH_ALLOW_LOOPBACK lets
 * http://127.0.0.1 through, as for feed sync) that checks every request's signature and replay
 * window as the README documents them: endpoints and their address rules, the topics (published,
 * changed, cancelled, a clash, a failing feed), payloads cut to what the endpoint's organisation
 * may see, retries with backoff, switching off with the owners' mail, and overlapping ticks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, seminar } from "../support/factories.ts";
import { serveIcs, startFeedServer } from "../support/feed-server.ts";
import { useStack } from "../support/stack.ts";
import { tokenFor } from "../support/tokens.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

const TICK = "*/5 * * * *";
// The Worker keeps the real clock, the one that stamps the audit log the producers read; the cron's
// own time (the outbox's clock, and the receiver's) is moved on by the tests.
const stack = useStack({ seedToday: "2030-03-04", smtp: true, vars: { FEED_FETCH_ALLOW_LOOPBACK: "true", FEED_FETCH_TIMEOUT_MS: "2000" } });
let receiver: Receiver;
let marta: ApiClient;
let nbpn: ApiClient;
let coordinator: ApiClient;
let clock = Date.now();

const FAFO_PARTNER = "webhook-fafo-partner";

beforeAll(async () => {
  receiver = await startReceiver();
  marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  await stack.db.client.batch([
    { sql: "INSERT INTO users (id, email, role, locale) VALUES (?, 'fafo.partner@example.org', 'user', 'nb')", args: [FAFO_PARTNER] },
    { sql: "INSERT INTO memberships (user_id, organisation_id) VALUES (?, 'fafo')", args: [FAFO_PARTNER] },
  ]);
});
afterAll(async () => {
  await receiver?.close();
});
afterEach(async () => {
  await stack.db.client.batch(["DELETE FROM webhook_deliveries", "DELETE FROM webhook_endpoints", "DELETE FROM feed_sources"]);
});

/** Runs the cron `minutes` after the last tick, with the receiver's clock on the tick's time. */
async function tick(minutes = 5): Promise<void> {
  clock += minutes * 60_000;
  receiver.now = clock;
  await stack.cron(TICK, new Date(clock));
}

/** Registers an endpoint at `path` of the receiver and gives the receiver its secret. */
async function register(client: ApiClient, organisationId: string, path: string, topics: string[]): Promise<string> {
  const res = await client.post("/api/webhooks", { organisationId, url: `${receiver.origin}${path}`, topics });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  receiver.secrets.set(path, res.body.secret);
  return res.body.id;
}

async function publish(body: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const res = await coordinator.post("/api/events", { ...body, publish: true });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.id, slug: res.body.slug };
}

async function change(slug: string, patch: Record<string, unknown>): Promise<void> {
  const etag = (await coordinator.get(`/api/events/${slug}`)).headers.get("etag")!;
  const res = await coordinator.patch(`/api/events/${slug}`, patch, { "if-match": etag });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Every delivery the receiver got passed the documented check (a feed fetch, a GET, is none). */
function allVerified(): void {
  expect(receiver.received.filter((r) => r.method === "POST" && r.problem).map((r) => `${r.path}: ${r.problem}`)).toEqual([]);
}

describe("POST /api/webhooks", () => {
  it("registers an endpoint of one's own organisation and shows its secret only once", async () => {
    const res = await marta.post("/api/webhooks", { organisationId: "marta", url: `${receiver.origin}/hook`, topics: ["event.published", "clash"] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ organisationId: "marta", url: `${receiver.origin}/hook`, topics: ["event.published", "clash"], enabled: true });
    expect(res.body.secret).toMatch(/^whsec_/);
    const list = await marta.get("/api/webhooks?organisationId=marta");
    expect(list.body.webhooks.map((w: { id: string }) => w.id)).toEqual([res.body.id]);
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    expect(JSON.stringify((await marta.get(`/api/webhooks/${res.body.id}/deliveries`)).body)).not.toContain(res.body.secret);
    // Another organisation's partner neither sees nor reaches it.
    expect((await nbpn.get("/api/webhooks")).body.webhooks).toEqual([]);
    expect((await nbpn.get(`/api/webhooks/${res.body.id}/deliveries`)).status).toBe(404);
    expect((await nbpn.patch(`/api/webhooks/${res.body.id}`, { enabled: false })).status).toBe(404);
    expect((await nbpn.delete(`/api/webhooks/${res.body.id}`)).status).toBe(404);
    const foreign = await nbpn.post("/api/webhooks", { organisationId: "marta", url: "https://example.org/hook", topics: ["clash"] });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.issues[0]).toMatchObject({ field: "organisationId", code: "own_organisation" });
  });

  it("lets a partner's system register its own endpoint with a manage token, never with a read token", async () => {
    const manage = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["manage"] });
    const created = await manage.api.post("/api/webhooks", { organisationId: "marta", url: `${receiver.origin}/system`, topics: ["event.changed"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_/);
    expect((await manage.api.get("/api/webhooks?organisationId=marta")).body.webhooks.map((w: { id: string }) => w.id)).toEqual([created.body.id]);
    // The audit log names the token that did it.
    const audit = await stack.db.client.execute({
      sql: "SELECT token_id FROM audit_log WHERE entity_id = ? ORDER BY id DESC LIMIT 1",
      args: [created.body.id],
    });
    expect(audit.rows[0]?.token_id).toBe(manage.id);
    // A token only ever acts for its own organisation.
    const elsewhere = await manage.api.post("/api/webhooks", { organisationId: "nbpn", url: `${receiver.origin}/other`, topics: ["clash"] });
    expect(elsewhere.status).toBe(403);

    const read = await tokenFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta, { organisationId: "marta", scopes: ["read"] });
    const refused = await read.api.post("/api/webhooks", { organisationId: "marta", url: `${receiver.origin}/read`, topics: ["clash"] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.issues[0]).toMatchObject({ field: "scope" });
    expect((await read.api.delete(`/api/webhooks/${created.body.id}`)).status).toBe(403);
    expect((await manage.api.delete(`/api/webhooks/${created.body.id}`)).status).toBe(204);
  });

  it.each([
    ["http://example.org/hook", "https_url"],
    ["https://10.1.2.3/hook", "invalid"],
    ["https://192.168.0.10/hook", "invalid"],
    ["https://169.254.169.254/latest/meta-data", "invalid"],
    ["https://[fe80::1]/hook", "invalid"],
    ["https://intranet.local/hook", "invalid"],
    ["not a link", "https_url"],
  ])("refuses %s as 400 naming url", async (url, code) => {
    const res = await marta.post("/api/webhooks", { organisationId: "marta", url, topics: ["clash"] });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ field: "url", code });
    expect((await marta.get("/api/webhooks")).body.webhooks).toEqual([]);
  });

  it("names the field of bad topics, refuses a second endpoint at the same address, and keeps to five per organisation", async () => {
    const bad = await marta.post("/api/webhooks", { organisationId: "marta", url: "https://example.org/a", topics: ["event.deleted"] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].field).toMatch(/^topics/);
    const none = await marta.post("/api/webhooks", { organisationId: "marta", url: "https://example.org/a", topics: [] });
    expect(none.body.error.issues[0].field).toBe("topics");
    for (let i = 0; i < 5; i++)
      expect((await marta.post("/api/webhooks", { organisationId: "marta", url: `https://example.org/${i}`, topics: ["clash"] })).status).toBe(201);
    const again = await marta.post("/api/webhooks", { organisationId: "marta", url: "https://example.org/0", topics: ["clash"] });
    expect(again.status).toBe(409);
    expect(again.body.error.issues[0]).toMatchObject({ field: "url", code: "unique" });
    const sixth = await marta.post("/api/webhooks", { organisationId: "marta", url: "https://example.org/6", topics: ["clash"] });
    expect(sixth.status).toBe(409);
    expect(sixth.body.error.issues[0]).toMatchObject({ field: "organisationId", code: "too_many" });
  });
});

describe("PATCH /api/webhooks/:id", () => {
  it("changes only the fields sent, writes nothing for a no-op, and refuses a private address", async () => {
    const id = await register(marta, "marta", "/patch", ["clash"]);
    const before = (await marta.get("/api/webhooks")).body.webhooks[0];
    const same = await marta.patch(`/api/webhooks/${id}`, { topics: ["clash"], enabled: true });
    expect(same.status).toBe(200);
    expect(same.body).toEqual(before);
    const off = await marta.patch(`/api/webhooks/${id}`, { enabled: false });
    expect(off.body).toMatchObject({ enabled: false, topics: ["clash"], url: before.url });
    const topics = await marta.patch(`/api/webhooks/${id}`, { topics: ["clash", "feed_sync.failed"] });
    expect(topics.body).toMatchObject({ enabled: false, topics: ["clash", "feed_sync.failed"] });
    const privateUrl = await marta.patch(`/api/webhooks/${id}`, { url: "https://172.16.0.1/hook" });
    expect(privateUrl.status).toBe(400);
    expect(privateUrl.body.error.issues[0].field).toBe("url");
    const unknown = await marta.patch(`/api/webhooks/${id}`, { secret: "mine" });
    expect(unknown.status).toBe(400);
    expect((await marta.get("/api/webhooks")).body.webhooks[0].url).toBe(before.url);
    expect((await marta.delete(`/api/webhooks/${id}`)).status).toBe(204);
    expect((await marta.get("/api/webhooks")).body.webhooks).toEqual([]);
    // The audit log: registered, switched off, topics changed, removed; only what changed, never the secret.
    const logged = await stack.db.client.execute({
      sql: "SELECT action, before, after FROM audit_log WHERE entity = 'webhook' AND entity_id = ? ORDER BY id",
      args: [id],
    });
    expect(logged.rows.map((r) => r.action)).toEqual(["webhook.create", "webhook.update", "webhook.update", "webhook.delete"]);
    expect(JSON.parse(String(logged.rows[1].after))).toEqual({ enabled: false });
    expect(JSON.parse(String(logged.rows[2].before))).toEqual({ topics: ["clash"] });
    expect(JSON.stringify(logged.rows)).not.toContain("whsec_");
  });
});

describe("POST /api/webhooks/:id/test", () => {
  it("sends a signed ping and answers the endpoint's status", async () => {
    const id = await register(marta, "marta", "/ping", ["clash"]);
    receiver.now = Date.now();
    const res = await marta.post(`/api/webhooks/${id}/test`, {});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: true, status: 200, response: "thanks" });
    const [ping] = receiver.at("/ping");
    expect(ping.body).toMatchObject({ type: "ping", organisationId: "marta", data: { webhookId: id } });
    expect(ping.id).toBe(res.body.id);
    allVerified();
  });
});

describe("deliveries", () => {
  it("tells an organisation's endpoint that its event was published, changed and cancelled, signed, once each", async () => {
    const id = await register(marta, "marta", "/events", ["event.published", "event.changed", "event.cancelled"]);
    const event = await publish(seminar("Webhook seminar on shelters"));
    await tick();
    let mine = receiver.at("/events").filter((r) => r.body.data.event.id === event.id);
    expect(mine.map((r) => r.body.type)).toEqual(["event.published"]);
    expect(mine[0].body).toMatchObject({ organisationId: "marta", data: { event: { title: "Webhook seminar on shelters", city: "Riga", slug: event.slug } } });
    expect(mine[0].body.data.event.url).toMatch(new RegExp(`/events/${event.slug}$`));
    expect(mine[0].body.data.event.manage).toBeUndefined();
    expect(mine[0].id).toMatch(/^msg_[0-9a-f]{32}$/);
    expect(mine[0].timestamp).toBe(Math.floor(clock / 1000));

    await change(event.slug, { startsAt: "2030-06-11T09:00", endsAt: "2030-06-11T16:00" });
    await tick();
    await change(event.slug, { status: "cancelled" });
    await tick();
    await tick();
    mine = receiver.at("/events").filter((r) => r.body.data.event.id === event.id);
    expect(mine.map((r) => r.body.type)).toEqual(["event.published", "event.changed", "event.cancelled"]);
    expect(mine[1].body.data.changes).toEqual({
      startsAt: { before: "2030-06-10T09:00", after: "2030-06-11T09:00" },
      endsAt: { before: "2030-06-10T16:00", after: "2030-06-11T16:00" },
    });
    expect(mine[2].body.data.changes.status).toEqual({ before: "confirmed", after: "cancelled" });
    expect(mine[2].body.data.event.status).toBe("cancelled");
    allVerified();

    const log = await marta.get(`/api/webhooks/${id}/deliveries`);
    expect(log.status).toBe(200);
    const logged = log.body.deliveries.filter((d: { payload: { data: { event: { id: string } } } }) => d.payload.data.event.id === event.id);
    expect(logged.map((d: { topic: string }) => d.topic)).toEqual(["event.cancelled", "event.changed", "event.published"]);
    expect(
      logged.every(
        (d: { status: string; lastStatus: number; lastResponse: string; attempts: number }) =>
          d.status === "sent" && d.lastStatus === 200 && d.lastResponse === "thanks" && d.attempts === 1,
      ),
    ).toBe(true);
    expect(log.body.webhook).toMatchObject({ lastStatus: 200, consecutiveFailures: 0, enabled: true });
  });

  it("never tells another organisation's endpoint of a partner-only or busy-only event, and a clash with a busy-only one only as busy", async () => {
    await register(nbpn, "nbpn", "/nbpn", ["event.published", "event.changed", "event.cancelled", "clash"]);
    await register(marta, "marta", "/marta", ["event.published"]);
    const closed = await publish(seminar("Closed partners' meeting on referrals", { visibility: "partners" }));
    const busy = await publish(
      seminar("Secret steering of the shelter pilot", { visibility: "busy_only", venue: "Hidden house", description: "Internal only" }),
    );
    await createEvent(stack.db.client, {
      id: "nbpn-training",
      startsAt: "2030-06-10T09:00",
      endsAt: "2030-06-10T16:00",
      organisers: ["nbpn"],
      title: "NBPN training",
    });
    await stack.db.client.execute({
      sql: `INSERT INTO alerts (id, kind, dedupe_key, event_id, other_event_id, organisation_id, severity, details)
            VALUES ('wh-clash-busy', 'clash', 'wh-clash-busy', ?, 'nbpn-training', 'nbpn', 'high', ?)`,
      args: [
        busy.id,
        JSON.stringify({
          score: 80,
          otherStart: "2030-06-10T06:00:00.000Z",
          reasons: [{ code: "overlap" }, { code: "shared_topic", values: ["victim-support"] }, { code: "same_city", values: ["Riga"] }],
        }),
      ],
    });
    await tick();
    const toNbpn = receiver.at("/nbpn");
    expect(toNbpn.filter((r) => r.body.type.startsWith("event."))).toEqual([]);
    const clash = toNbpn.filter((r) => r.body.type === "clash");
    expect(clash).toHaveLength(1);
    // The score would add up the hidden reasons (80 here: topic and city): not told either.
    expect(clash[0].body.data).toMatchObject({ alertId: "wh-clash-busy", severity: null, score: null, reasons: [{ code: "overlap" }] });
    expect(clash[0].body.data.event).toMatchObject({ id: busy.id, busy: true, title: null, city: null, venue: null, description: null, topics: [] });
    expect(clash[0].body.data.yourEvent).toMatchObject({ id: "nbpn-training", title: "NBPN training", busy: false });
    for (const hidden of ["Secret steering", "Hidden house", "Internal only", "Closed partners", "victim-support", "same_city"])
      expect(clash[0].raw).not.toContain(hidden);
    // Its own organisation is told in full.
    const toMarta = receiver.at("/marta").map((r) => r.body.data.event);
    expect(toMarta.find((e) => e.id === busy.id)).toMatchObject({ title: "Secret steering of the shelter pilot", venue: "Hidden house", busy: false });
    expect(toMarta.find((e) => e.id === closed.id)).toMatchObject({ title: "Closed partners' meeting on referrals" });
    allVerified();
  });

  it("tells a co-organiser for whom an event is busy-only of its new times in UTC, never of its time zone", async () => {
    await register(nbpn, "nbpn", "/co-organiser", ["event.changed"]);
    const busy = await publish(seminar("Closed steering of the pilot", { visibility: "busy_only", organisers: ["marta", "nbpn"] }));
    await tick();
    // Riga to Helsinki, the same offset in June: the instants stay, so nothing the endpoint may know changed.
    await change(busy.slug, { timeZone: "Europe/Helsinki" });
    await tick();
    expect(receiver.at("/co-organiser")).toEqual([]);
    await change(busy.slug, { startsAt: "2030-06-11T09:00", endsAt: "2030-06-11T16:00" });
    await tick();
    const told = receiver.at("/co-organiser");
    expect(told.map((r) => r.body.type)).toEqual(["event.changed"]);
    // 09:00–16:00 in Helsinki (UTC+3) is 06:00–13:00 UTC.
    expect(told[0].body.data.changes).toEqual({
      startsAt: { before: "2030-06-10T06:00", after: "2030-06-11T06:00" },
      endsAt: { before: "2030-06-10T13:00", after: "2030-06-11T13:00" },
    });
    expect(told[0].body.data.event).toMatchObject({ busy: true, startsAt: "2030-06-11T06:00", timeZone: "UTC" });
    for (const hidden of ["Helsinki", "Riga", "Europe/", "+03:00"]) expect(told[0].raw).not.toContain(hidden);
    allVerified();
  });

  it("tells each of two changes made between ticks with the times as they were then, not as the later one left them", async () => {
    await register(nbpn, "nbpn", "/two-changes", ["event.changed"]);
    const busy = await publish(seminar("Closed review of the pilot", { visibility: "busy_only", organisers: ["marta", "nbpn"] }));
    await tick();
    // A new day in Riga (UTC+3 in June), then Berlin's clock (UTC+2), before the next tick.
    await change(busy.slug, { startsAt: "2030-06-12T10:00", endsAt: "2030-06-12T16:00" });
    await change(busy.slug, { timeZone: "Europe/Berlin" });
    await tick();
    const told = receiver.at("/two-changes").filter((r) => r.body.data.event.id === busy.id);
    expect(told.map((r) => r.body.data.changes)).toEqual([
      { startsAt: { before: "2030-06-10T06:00", after: "2030-06-12T07:00" }, endsAt: { before: "2030-06-10T13:00", after: "2030-06-12T13:00" } },
      { startsAt: { before: "2030-06-12T07:00", after: "2030-06-12T08:00" }, endsAt: { before: "2030-06-12T13:00", after: "2030-06-12T14:00" } },
    ]);
    allVerified();
  });

  it("tells the organisation's endpoint that its feed sync failed", async () => {
    await register(marta, "marta", "/feed-hook", ["feed_sync.failed"]);
    const feed = await marta.post("/api/feed-sources", { organisationId: "marta", url: `${receiver.origin}/broken.ics` });
    expect(feed.status, JSON.stringify(feed.body)).toBe(201);
    await tick();
    const [told] = receiver.at("/feed-hook");
    expect(told.body).toMatchObject({
      type: "feed_sync.failed",
      organisationId: "marta",
      data: { source: { id: feed.body.id, url: `${receiver.origin}/broken.ics` }, consecutiveFailures: 1 },
    });
    expect(told.body.data.error).toContain("401");
    allVerified();
  });

  it("tells nothing of a cancellation the feed sync only proposes (an untrusted organisation's published event gone from its feed)", async () => {
    await register(marta, "marta", "/proposed", ["event.cancelled", "event.changed"]);
    const feeds = await startFeedServer();
    try {
      const ics = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//marta//EN",
        "BEGIN:VEVENT",
        "UID:stays@marta.test",
        "SUMMARY:Stays in the feed",
        "DTSTART;VALUE=DATE:20300701",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n");
      feeds.route(
        "/marta.ics",
        serveIcs(() => ics),
      );
      const feed = await marta.post("/api/feed-sources", { organisationId: "marta", url: `${feeds.origin}/marta.ics` });
      expect(feed.status, JSON.stringify(feed.body)).toBe(201);
      await createEvent(stack.db.client, { id: "wh-gone-from-feed", startsAt: "2030-07-02T09:00", endsAt: "2030-07-02T12:00", organisers: ["marta"] });
      await stack.db.client.execute({
        sql: "UPDATE events SET feed_source_id = ?, ical_uid = 'gone@marta.test' WHERE id = 'wh-gone-from-feed'",
        args: [feed.body.id],
      });
      await tick();
      const comment = await stack.db.client.execute("SELECT comment FROM audit_log WHERE entity_id = 'wh-gone-from-feed' ORDER BY id DESC LIMIT 1");
      expect(comment.rows[0]?.comment).toBe("proposed by feed sync: no longer in the feed");
      await tick();
      expect(receiver.at("/proposed").filter((r) => r.body.data?.event?.id === "wh-gone-from-feed")).toEqual([]);
    } finally {
      await feeds.close();
    }
  });

  it("retries a failing endpoint with backoff, then switches it off and tells its owners once; switched on, it gets what waited", async () => {
    const id = await register(coordinator, "fafo", "/down", ["event.published"]);
    receiver.answers.set("/down", 503);
    const event = await publish(seminar("Fafo labour research day", { organisers: ["fafo"], ownerOrganisationId: "fafo" }));
    const attemptsOfEvent = () => receiver.at("/down").filter((r) => r.body.data?.event?.id === event.id);
    await tick();
    expect(attemptsOfEvent()).toHaveLength(1);
    let [delivery] = (await coordinator.get(`/api/webhooks/${id}/deliveries`)).body.deliveries;
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatus: 503, lastResponse: "down for maintenance (503)" });
    // Backoff: five minutes after the first failure, ten after the second.
    expect(Date.parse(delivery.nextAttemptAt) - clock).toBe(5 * 60_000);
    await tick(1);
    expect(attemptsOfEvent()).toHaveLength(1);
    await tick(4);
    expect(attemptsOfEvent()).toHaveLength(2);
    [delivery] = (await coordinator.get(`/api/webhooks/${id}/deliveries`)).body.deliveries;
    expect(Date.parse(delivery.nextAttemptAt) - clock).toBe(10 * 60_000);
    await tick(5);
    expect(attemptsOfEvent()).toHaveLength(2);
    for (let i = 0; i < 6; i++) await tick(7 * 60);
    const attempts = attemptsOfEvent();
    expect(attempts).toHaveLength(8);
    // One delivery (one Webhook-Id) throughout, each attempt freshly signed at its own time.
    expect(new Set(attempts.map((a) => a.id)).size).toBe(1);
    expect(new Set(attempts.map((a) => a.timestamp)).size).toBe(8);
    allVerified();

    const endpoint = (await coordinator.get("/api/webhooks?organisationId=fafo")).body.webhooks[0];
    expect(endpoint).toMatchObject({ enabled: false, consecutiveFailures: 8, lastStatus: 503 });
    expect(endpoint.disabledReason).toContain("8");
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("fafo.partner@example.org"));
    expect(mail.parsed.subject).toContain("Fafo");
    expect(mail.parsed.text).toContain(`${receiver.origin}/down`);
    expect(mail.parsed.text).toContain("down for maintenance (503)");
    await tick(7 * 60);
    await tick(7 * 60);
    expect(attemptsOfEvent()).toHaveLength(8);
    expect(stack.smtp.messages.filter((m) => m.envelope.to.includes("fafo.partner@example.org"))).toHaveLength(1);

    receiver.answers.delete("/down");
    const on = await coordinator.patch(`/api/webhooks/${id}`, { enabled: true });
    expect(on.body).toMatchObject({ enabled: true, consecutiveFailures: 0 });
    // The next tick, not after the backoff.
    await tick(5);
    expect(attemptsOfEvent()).toHaveLength(9);
    [delivery] = (await coordinator.get(`/api/webhooks/${id}/deliveries`)).body.deliveries;
    expect(delivery).toMatchObject({ status: "sent", lastStatus: 200 });
  });

  it("keeps finished deliveries in the log for 30 days, and waiting ones until they are done", async () => {
    const id = await register(marta, "marta", "/old", ["clash"]);
    const insert = (key: string, status: string, days: number) =>
      stack.db.client.execute({
        sql: `INSERT INTO webhook_deliveries (id, endpoint_id, topic, dedupe_key, payload, status, next_attempt_at, created_at)
              VALUES (?, ?, 'clash', ?, '{}', ?, 4102444800000, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?))`,
        args: [`msg_${key}`, id, key, status, `-${days} days`],
      });
    await insert("old-sent", "sent", 31);
    await insert("old-failed", "failed", 31);
    await insert("old-waiting", "pending", 31);
    await insert("recent-sent", "sent", 29);
    await tick();
    // (The window's real clash alerts for Marta may add deliveries of their own.)
    const left = (await marta.get(`/api/webhooks/${id}/deliveries`)).body.deliveries
      .map((d: { id: string }) => d.id)
      .filter((d: string) => /^msg_(old|recent)-/.test(d))
      .sort();
    expect(left).toEqual(["msg_old-waiting", "msg_recent-sent"]);
  });

  it("forgets an erased person in every delivery it kept, sent or still waiting", async () => {
    const id = await register(marta, "marta", "/contacts", ["event.published"]);
    const event = await publish(seminar("Webhook seminar with a contact"));
    await stack.db.client.batch(
      [
        "INSERT INTO people (id, name, email, email_visibility, lawful_basis) VALUES ('webhook-contact', 'Webhook Contact', 'webhook.contact@example.org', 'public', 'public_task')",
        { sql: "INSERT INTO event_contacts (event_id, person_id) VALUES (?, 'webhook-contact')", args: [event.id] },
      ],
      "write",
    );
    await tick();
    const payloads = async () =>
      (await marta.get(`/api/webhooks/${id}/deliveries`)).body.deliveries.map((d: { payload: unknown }) => JSON.stringify(d.payload)).join("\n");
    expect(await payloads()).toContain("webhook.contact@example.org");
    expect((await coordinator.delete("/api/people/webhook-contact")).status).toBe(204);
    const after = await payloads();
    expect(after).toContain("Webhook seminar with a contact");
    expect(after).not.toContain("webhook.contact@example.org");
    expect(after).not.toContain("Webhook Contact");
  });

  it("sends one delivery when two ticks run at once", async () => {
    await register(nbpn, "nbpn", "/once", ["event.published"]);
    const event = await publish(seminar("NBPN spring meeting", { organisers: ["nbpn"], ownerOrganisationId: "nbpn" }));
    clock += 5 * 60_000;
    receiver.now = clock;
    await Promise.all([stack.cron(TICK, new Date(clock)), stack.cron(TICK, new Date(clock))]);
    await tick();
    expect(receiver.at("/once").filter((r) => r.body.data.event.id === event.id)).toHaveLength(1);
    allVerified();
  });
});
