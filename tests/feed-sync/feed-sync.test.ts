/**
 * Feed sync: an organisation's calendar feed on a loopback server (FEED_FETCH_ALLOW_LOOPBACK),
 * fetched by the cron tick. New, changed, cancelled, removed and duplicate entries; malformed,
 * oversized, slow and redirecting feeds; conditional requests; trust; backoff and the owners' mail;
 * overlapping ticks.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { type FeedServer, serveIcs, startFeedServer } from "../support/feed-server.ts";
import { useStack } from "../support/stack.ts";

const TICK = "*/5 * * * *";
const stack = useStack({ today: "2031-03-10", smtp: true, vars: { FEED_FETCH_ALLOW_LOOPBACK: "true", FEED_FETCH_TIMEOUT_MS: "1500" } });
let feeds: FeedServer;
let marta: ApiClient;
let nbpn: ApiClient;
let coordinator: ApiClient;
/** The cron's clock: each tick a few hours after the last, so every source is due again (backoff included). */
let clock = 0;

beforeAll(async () => {
  feeds = await startFeedServer();
  marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  clock = stack.now.getTime();
});
afterAll(async () => {
  await feeds?.close();
});
afterEach(async () => {
  await stack.db.client.execute("DELETE FROM feed_sources");
});

function ics(events: string[]): string {
  return ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//partner//EN", ...events, "END:VCALENDAR", ""].join("\r\n");
}
const vevent = (lines: string[]) => ["BEGIN:VEVENT", ...lines, "END:VEVENT"].join("\r\n");

async function tick(): Promise<void> {
  clock += 3 * 3_600_000;
  await stack.cron(TICK, new Date(clock));
}

async function register(client: ApiClient, organisationId: string, path: string): Promise<string> {
  const res = await client.post("/api/feed-sources", { organisationId, url: `${feeds.origin}${path}` });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id;
}

async function rows(sql: string, args: (string | number)[] = []) {
  return (await stack.db.client.execute({ sql, args })).rows;
}

const source = async (id: string) => (await marta.get(`/api/feed-sources/${id}`)).body;

describe("POST /api/feed-sources", () => {
  it("registers a feed of one's own organisation, and names the field and rule of bad input", async () => {
    const other = await marta.post("/api/feed-sources", { organisationId: "nbpn", url: `${feeds.origin}/x.ics` });
    expect(other.status).toBe(403);
    expect(other.body.error.issues[0]).toMatchObject({ field: "organisationId", code: "own_organisation" });
    const http = await marta.post("/api/feed-sources", { organisationId: "marta", url: "http://example.org/cal.ics" });
    expect(http.status).toBe(400);
    expect(http.body.error.issues[0]).toMatchObject({ field: "url", code: "https_url" });
    for (const url of [
      "https://10.1.2.3/cal.ics",
      "https://169.254.169.254/latest",
      "https://[::1]/cal.ics",
      "https://[::ffff:127.0.0.1]/x",
      "https://intranet.local/x",
    ]) {
      const res = await marta.post("/api/feed-sources", { organisationId: "marta", url });
      expect(res.status, url).toBe(400);
      expect(res.body.error.issues[0].field).toBe("url");
      expect(res.body.error.issues[0].rule).toContain("private or local network");
    }
    const long = await marta.post("/api/feed-sources", { organisationId: "marta", url: `https://example.org/${"x".repeat(2000)}` });
    expect(long.body.error.issues[0]).toMatchObject({ field: "url", code: "too_long" });
    const extra = await marta.post("/api/feed-sources", { organisationId: "marta", url: "https://example.org/a.ics", trusted: true });
    expect(extra.body.error.issues[0]).toMatchObject({ field: "trusted", code: "unknown_field" });

    const id = await register(marta, "marta", "/one.ics");
    const again = await marta.post("/api/feed-sources", { organisationId: "marta", url: `${feeds.origin}/one.ics` });
    expect(again.status).toBe(409);
    expect(again.body.error.issues[0].field).toBe("url");
    await register(marta, "marta", "/two.ics");
    await register(marta, "marta", "/three.ics");
    const fourth = await marta.post("/api/feed-sources", { organisationId: "marta", url: `${feeds.origin}/four.ics` });
    expect(fourth.status).toBe(409);
    expect(fourth.body.error.issues[0]).toMatchObject({ field: "organisationId", code: "too_many" });

    const list = await marta.get("/api/feed-sources?organisationId=marta");
    expect(list.body.sources.map((s: { url: string }) => s.url)).toContain(`${feeds.origin}/one.ics`);
    expect((await nbpn.get("/api/feed-sources?organisationId=marta")).status).toBe(403);
    expect((await nbpn.get(`/api/feed-sources/${id}`)).status).toBe(404);
    expect((await coordinator.get(`/api/feed-sources/${id}`)).status).toBe(200);
    expect((await nbpn.delete(`/api/feed-sources/${id}`)).status).toBe(404);
    expect((await marta.delete(`/api/feed-sources/${id}`)).status).toBe(204);
    expect((await marta.get(`/api/feed-sources/${id}`)).status).toBe(404);
  });

  it("writes who registered and who removed a feed into the audit log, once each", async () => {
    const id = await register(marta, "marta", "/audited.ics");
    expect((await marta.delete(`/api/feed-sources/${id}`)).status).toBe(204);
    const logged = await rows("SELECT action, actor_id, before, after FROM audit_log WHERE entity = 'feed_source' AND entity_id = ? ORDER BY id", [id]);
    expect(logged.map((r) => r.action)).toEqual(["feed_source.create", "feed_source.delete"]);
    expect(logged.every((r) => r.actor_id === SAMPLE.partnerMarta)).toBe(true);
    expect(JSON.parse(String(logged[0].after))).toEqual({ organisationId: "marta", url: `${feeds.origin}/audited.ics` });
    expect(JSON.parse(String(logged[1].before)).url).toBe(`${feeds.origin}/audited.ics`);
  });
});

describe("PATCH /api/organisations/:slug trusted", () => {
  it("is a coordinator's to set; a partner is refused naming the field", async () => {
    const res = await nbpn.patch("/api/organisations/nbpn", { trusted: true });
    expect(res.status).toBe(403);
    expect(res.body.error.issues[0].field).toBe("trusted");
    expect((await coordinator.patch("/api/organisations/nbpn", { trusted: true })).status).toBe(200);
    expect((await coordinator.get("/api/organisations/nbpn")).body.trusted).toBe(true);
    await coordinator.patch("/api/organisations/nbpn", { trusted: false });
  });

  it("is shown to the organisation's own partners and coordinators, not to anyone else", async () => {
    expect((await nbpn.get("/api/organisations/nbpn")).body.trusted).toBe(false);
    expect((await coordinator.get("/api/organisations/nbpn")).body.trusted).toBe(false);
    const other = (await marta.get("/api/organisations/nbpn")).body;
    expect(other.name).toEqual(expect.any(String));
    expect(other).not.toHaveProperty("trusted");
    const anonymous = await (await fetch(`${stack.worker.baseUrl}/api/organisations/nbpn`)).json();
    expect(anonymous).not.toHaveProperty("trusted");
  });
});

describe("the cron tick", () => {
  it("imports new entries for review, updates changed ones, cancels cancelled and removed ones", async () => {
    let sequence = 0;
    let start = "20310415T090000Z";
    let entries = () => [
      vevent(["UID:workshop@sync.marta", `SEQUENCE:${sequence}`, "SUMMARY:Shelter workshop", `DTSTART:${start}`, "DURATION:PT3H", "LOCATION:Riga"]),
      vevent(["UID:open-day@sync.marta", "SUMMARY:Open day at the centre", "DTSTART;VALUE=DATE:20310420"]),
      vevent(["UID:talk@sync.marta", "SUMMARY:Evening talk on exploitation", "DTSTART:20310422T160000Z", "DTEND:20310422T180000Z"]),
    ];
    feeds.route(
      "/sync.ics",
      serveIcs(() => ics(entries())),
    );
    const id = await register(marta, "marta", "/sync.ics");
    await tick();
    let s = await source(id);
    expect(s.lastResult, s.lastError).toBe("ok");
    expect(s.report.counts).toMatchObject({ create: 3, refuse: 0 });
    const created = await rows("SELECT slug, moderation, feed_source_id FROM events WHERE ical_uid LIKE '%@sync.marta' ORDER BY ical_uid");
    expect(created.map((r) => [r.moderation, r.feed_source_id])).toEqual([
      ["pending", id],
      ["pending", id],
      ["pending", id],
    ]);
    // Waiting in the coordinators' review queue, not a draft nobody sees.
    const queue = (await coordinator.get("/api/review")).body;
    expect(JSON.stringify(queue)).toContain(String(created[0].slug));

    // The workshop moves (a new SEQUENCE and DTSTART): updated through the event command, with history.
    sequence = 1;
    start = "20310416T090000Z";
    await tick();
    s = await source(id);
    expect(s.report.counts).toMatchObject({ create: 0, update: 1, unchanged: 2 });
    const [moved] = await rows("SELECT starts_at, version FROM events WHERE ical_uid = 'workshop@sync.marta'");
    expect(moved.starts_at).toBe("2031-04-16T09:00");
    expect(Number(moved.version)).toBeGreaterThan(1);

    // The talk turns STATUS:CANCELLED, the open day disappears: both cancelled, neither deleted.
    entries = () => [
      vevent(["UID:workshop@sync.marta", "SEQUENCE:1", "SUMMARY:Shelter workshop", `DTSTART:${start}`, "DURATION:PT3H", "LOCATION:Riga"]),
      vevent(["UID:talk@sync.marta", "STATUS:CANCELLED", "SUMMARY:Evening talk on exploitation", "DTSTART:20310422T160000Z", "DTEND:20310422T180000Z"]),
    ];
    await tick();
    s = await source(id);
    expect(s.report.counts).toMatchObject({ cancel: 2, unchanged: 1 });
    const after = await rows("SELECT ical_uid, status FROM events WHERE ical_uid LIKE '%@sync.marta' ORDER BY ical_uid");
    expect(after.map((r) => [r.ical_uid, r.status])).toEqual([
      ["open-day@sync.marta", "cancelled"],
      ["talk@sync.marta", "cancelled"],
      ["workshop@sync.marta", "confirmed"],
    ]);
    const cancelledItem = s.report.items.find((i: { uid: string }) => i.uid === "open-day@sync.marta");
    expect(cancelledItem).toMatchObject({ action: "cancel", reasons: ["no longer in the feed"] });

    // A feed that suddenly has nothing is a failure, not "cancel everything".
    entries = () => [];
    await tick();
    s = await source(id);
    expect(s.lastResult).toBe("failed");
    expect(s.lastError).toBe("the feed is empty; nothing was cancelled");
    expect((await rows("SELECT status FROM events WHERE ical_uid = 'workshop@sync.marta'"))[0].status).toBe("confirmed");
  });

  it("proposes changes to a published event for review, and publishes directly for a trusted organisation", async () => {
    let title = "Police cooperation seminar";
    feeds.route(
      "/nbpn.ics",
      serveIcs(() => ics([vevent(["UID:seminar@sync.nbpn", `SUMMARY:${title}`, "DTSTART;VALUE=DATE:20310510"])])),
    );
    const id = await register(nbpn, "nbpn", "/nbpn.ics");
    await tick();
    const [first] = await rows("SELECT id, slug, moderation FROM events WHERE ical_uid = 'seminar@sync.nbpn'");
    expect(first.moderation).toBe("pending");
    // Coordinators are told it waits, as for a submission (the same tick's review alert).
    const reviewAlerts = async () => (await rows("SELECT id FROM alerts WHERE kind = 'review' AND event_id = ?", [String(first.id)])).length;
    expect(await reviewAlerts()).toBe(1);
    // Approved by a coordinator, it is published; the feed's next change waits for review.
    await stack.db.client.execute({ sql: "UPDATE events SET moderation = 'published' WHERE ical_uid = 'seminar@sync.nbpn'", args: [] });
    title = "Police cooperation seminar (new room)";
    await tick();
    const [proposed] = await rows("SELECT title, pending_changes FROM events WHERE ical_uid = 'seminar@sync.nbpn'");
    expect(proposed.title).toBe("Police cooperation seminar");
    expect(JSON.parse(String(proposed.pending_changes)).title).toBe("Police cooperation seminar (new room)");
    expect(await reviewAlerts()).toBe(2);

    // Trusted: new entries are published, changes applied.
    expect((await coordinator.patch("/api/organisations/nbpn", { trusted: true })).status).toBe(200);
    feeds.route(
      "/nbpn.ics",
      serveIcs(() =>
        ics([
          vevent(["UID:seminar@sync.nbpn", "SUMMARY:Police cooperation seminar, final", "DTSTART;VALUE=DATE:20310510"]),
          vevent(["UID:training@sync.nbpn", "SUMMARY:Trainers' day", "DTSTART;VALUE=DATE:20310512"]),
        ]),
      ),
    );
    await tick();
    const now = await rows("SELECT ical_uid, title, moderation FROM events WHERE ical_uid LIKE '%@sync.nbpn' ORDER BY ical_uid");
    expect(now.map((r) => [r.ical_uid, r.title, r.moderation])).toEqual([
      ["seminar@sync.nbpn", "Police cooperation seminar, final", "published"],
      ["training@sync.nbpn", "Trainers' day", "published"],
    ]);
    await coordinator.patch("/api/organisations/nbpn", { trusted: false });
    expect((await nbpn.get(`/api/feed-sources/${id}`)).body.report.counts).toMatchObject({ create: 1, update: 1 });
  });

  it("links an own event typed in by hand and names another organisation's twin, creating neither", async () => {
    const own = await createEvent(stack.db.client, {
      title: "Shelter staff training",
      startsAt: "2031-06-10T09:00",
      endsAt: "2031-06-10T16:00",
      city: "Riga",
      country: "LV",
      organisers: ["marta"],
    });
    await createEvent(stack.db.client, {
      title: "Baltic conference on labour exploitation",
      startsAt: "2031-06-20T09:00",
      endsAt: "2031-06-21T16:00",
      city: "Tallinn",
      country: "EE",
      organisers: ["nbpn"],
    });
    let summary = "Shelter Staff Training";
    feeds.route(
      "/twins.ics",
      serveIcs(() =>
        ics([
          vevent(["UID:training@twins.marta", `SUMMARY:${summary}`, "DTSTART:20310610T070000Z", "DTEND:20310610T140000Z", "LOCATION:Marta Centre\\, Riga"]),
          vevent(["UID:conf@twins.marta", "SUMMARY:Conference on labour exploitation (Baltic)", "DTSTART;VALUE=DATE:20310620", "LOCATION:Tallinn"]),
        ]),
      ),
    );
    const id = await register(marta, "marta", "/twins.ics");
    await tick();
    const s = await source(id);
    expect(s.report.counts).toMatchObject({ create: 0, duplicate: 2 });
    const reasons = s.report.items.map((i: { reasons: string[] }) => i.reasons[0]);
    expect(reasons[0]).toContain('the same as your event "Shelter staff training"');
    expect(reasons[1]).toBe(`likely the same as "Baltic conference on labour exploitation" by Nordic-Baltic Policewomen's Network: not created`);
    // The same as codes with their values, which the web app words in the reader's language.
    expect(s.report.items[1].notes).toEqual([
      { code: "twin_other", title: "Baltic conference on labour exploitation", organisation: "Nordic-Baltic Policewomen's Network" },
    ]);
    const linked = await rows("SELECT ical_uid, feed_source_id FROM events WHERE slug = ?", [own]);
    expect(linked[0]).toMatchObject({ ical_uid: "training@twins.marta", feed_source_id: id });
    expect(
      (await rows("SELECT count(*) AS n FROM events WHERE title = 'Conference on labour exploitation (Baltic)' OR ical_uid LIKE '%@twins.marta'"))[0].n,
    ).toBe(1);
    // Later changes reach the linked event (published, so as a proposal for review).
    summary = "Shelter staff training (full day)";
    await tick();
    const [changed] = await rows("SELECT title, pending_changes FROM events WHERE slug = ?", [own]);
    expect(JSON.parse(String(changed.pending_changes)).title).toBe("Shelter staff training (full day)");
  });

  it("sends the stored validators back: a 304 imports nothing again", async () => {
    feeds.route(
      "/etag.ics",
      serveIcs(() => ics([vevent(["UID:a@etag.marta", "SUMMARY:Etag event", "DTSTART;VALUE=DATE:20310701"])]), { etag: '"v1"' }),
    );
    feeds.route(
      "/lm.ics",
      serveIcs(() => ics([vevent(["UID:a@lm.marta", "SUMMARY:Last-Modified event", "DTSTART;VALUE=DATE:20310702"])]), {
        lastModified: "Mon, 03 Mar 2031 10:00:00 GMT",
      }),
    );
    const a = await register(marta, "marta", "/etag.ics");
    const b = await register(marta, "marta", "/lm.ics");
    await tick();
    const audited = Number((await rows("SELECT count(*) AS n FROM audit_log"))[0].n);
    await tick();
    expect(feeds.requests.filter((r) => r.path === "/etag.ics").at(-1)!.headers["if-none-match"]).toBe('"v1"');
    expect(feeds.requests.filter((r) => r.path === "/lm.ics").at(-1)!.headers["if-modified-since"]).toBe("Mon, 03 Mar 2031 10:00:00 GMT");
    expect((await source(a)).lastResult).toBe("not_modified");
    expect((await source(b)).lastResult).toBe("not_modified");
    expect((await source(a)).report.counts.create).toBe(1);
    expect(Number((await rows("SELECT count(*) AS n FROM audit_log"))[0].n)).toBe(audited);
  });

  it("refuses malformed, oversized, slow and privately redirecting feeds, in words", async () => {
    const feedsHitsBefore = feeds.hits("/sync.ics");
    feeds.route("/malformed.ics", (_req, res) => res.writeHead(200, { "content-type": "text/calendar" }).end("BEGIN:VCALENDAR\r\nthis is not"));
    feeds.route("/big.ics", (_req, res) => {
      // Chunked, no Content-Length: the limit must hold while streaming.
      res.writeHead(200, { "content-type": "text/calendar" });
      const chunk = `X-FILLER:${"x".repeat(64_000)}\r\n`;
      let sent = 0;
      const pump = () => {
        while (sent < 40 && res.write(chunk)) sent++;
        if (sent < 40) res.once("drain", pump);
        else res.end();
      };
      pump();
    });
    feeds.route("/declared-big.ics", (_req, res) => res.writeHead(200, { "content-length": "5000000" }).end());
    feeds.route("/slow.ics", (_req, res) => {
      setTimeout(() => res.writeHead(200).end(ics([])), 4000);
    });
    feeds.route("/to-metadata.ics", (_req, res) => res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" }).end());
    feeds.route("/to-private.ics", (_req, res) => res.writeHead(301, { location: "https://10.0.0.7/cal.ics" }).end());
    feeds.route("/to-v6.ics", (_req, res) => res.writeHead(307, { location: `http://[::1]:${new URL(feeds.origin).port}/sync.ics` }).end());
    const seen: Record<string, { lastError: string; lastResult: string; consecutiveFailures: number; nextFetchAt: string; lastFetchedAt: string }> = {};
    // At most three sources per organisation, and three per tick: in groups.
    const groups = [["/malformed.ics", "/big.ics", "/declared-big.ics"], ["/slow.ics", "/to-metadata.ics", "/to-private.ics"], ["/to-v6.ics"]];
    for (const group of groups) {
      const ids = [];
      for (const path of group) ids.push(await register(marta, "marta", path));
      await tick();
      for (const [i, path] of group.entries()) seen[path] = await source(ids[i]);
      await stack.db.client.execute("DELETE FROM feed_sources");
    }
    const error = async (path: string) => seen[path].lastError;
    expect(await error("/malformed.ics")).toContain("not an iCalendar file");
    expect(await error("/big.ics")).toBe("the feed is larger than 1 MB");
    expect(await error("/declared-big.ics")).toBe("the feed is larger than 1 MB");
    expect(await error("/slow.ics")).toBe("the feed did not answer within 1.5 seconds");
    expect(await error("/to-metadata.ics")).toContain("private or local network");
    expect(await error("/to-private.ics")).toContain("it redirects to https://10.0.0.7");
    expect(await error("/to-v6.ics")).toContain("private or local network");
    expect(feeds.hits("/sync.ics")).toBe(feedsHitsBefore);
    const failed = seen["/malformed.ics"];
    expect(failed).toMatchObject({ lastResult: "failed", consecutiveFailures: 1 });
    // Backoff: the first failure is retried 15 minutes later.
    expect(Date.parse(failed.nextFetchAt) - Date.parse(failed.lastFetchedAt)).toBe(15 * 60_000);
  });

  it("backs off on repeated failures and tells the organisation's members once, in their language", async () => {
    await stack.db.client.execute({ sql: "UPDATE users SET locale = 'lv' WHERE id = ?", args: [SAMPLE.partnerMarta] });
    let broken = true;
    feeds.route("/flaky.ics", (_req, res) => {
      if (broken) res.writeHead(500).end("oops");
      else serveIcs(() => ics([vevent(["UID:a@flaky.marta", "SUMMARY:Back again", "DTSTART;VALUE=DATE:20310801"])]))(_req, res);
    });
    const id = await register(marta, "marta", "/flaky.ics");
    const before = stack.smtp.messages.length;
    await tick();
    await tick();
    let s = await source(id);
    expect(s.consecutiveFailures).toBe(2);
    expect(Date.parse(s.nextFetchAt) - Date.parse(s.lastFetchedAt)).toBe(30 * 60_000);
    expect(stack.smtp.messages.length).toBe(before);
    await tick();
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("partner.marta@example.org") && String(m.parsed.subject).includes("Marta"));
    expect(mail.parsed.subject).toContain("kalendāra plūsmu");
    expect(mail.parsed.text).toContain(`${stack.worker.baseUrl}/import#source-${id}`);
    expect(mail.parsed.text).toContain("the server answered 500");
    expect(mail.parsed.text).not.toContain("coordinator@example.org");
    await tick();
    expect(stack.smtp.messages.filter((m) => m.parsed.text?.includes(`source-${id}`)).length).toBe(1);
    broken = false;
    await tick();
    s = await source(id);
    expect(s).toMatchObject({ lastResult: "ok", consecutiveFailures: 0, lastError: null });
    expect((await rows("SELECT owners_told_at FROM feed_sources WHERE id = ?", [id]))[0].owners_told_at).toBeNull();
    await stack.db.client.execute({ sql: "UPDATE users SET locale = NULL WHERE id = ?", args: [SAMPLE.partnerMarta] });
  });

  it("fetches a source once when two ticks overlap", async () => {
    feeds.route("/once.ics", (req, res) =>
      setTimeout(() => serveIcs(() => ics([vevent(["UID:a@once.marta", "SUMMARY:Once", "DTSTART;VALUE=DATE:20310901"])]))(req, res), 300),
    );
    await register(marta, "marta", "/once.ics");
    clock += 3 * 3_600_000;
    await Promise.all([stack.cron(TICK, new Date(clock)), stack.cron(TICK, new Date(clock))]);
    expect(feeds.hits("/once.ics")).toBe(1);
    expect((await rows("SELECT count(*) AS n FROM events WHERE ical_uid = 'a@once.marta'"))[0].n).toBe(1);
  });
});

describe("POST /api/feed-sources/:id/fetch", () => {
  it("fetches now, then not again within a minute", async () => {
    feeds.route(
      "/now.ics",
      serveIcs(() => ics([vevent(["UID:a@now.marta", "SUMMARY:Fetched now", "DTSTART;VALUE=DATE:20311001"])])),
    );
    const id = await register(marta, "marta", "/now.ics");
    const res = await marta.post(`/api/feed-sources/${id}/fetch`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ lastResult: "ok", report: { counts: { create: 1 } } });
    const again = await marta.post(`/api/feed-sources/${id}/fetch`);
    expect(again.status).toBe(429);
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await nbpn.post(`/api/feed-sources/${id}/fetch`)).status).toBe(404);
    // Removing the source keeps its events, no longer tied to it.
    expect((await marta.delete(`/api/feed-sources/${id}`)).status).toBe(204);
    expect(await rows("SELECT feed_source_id FROM events WHERE ical_uid = 'a@now.marta'")).toEqual([expect.objectContaining({ feed_source_id: null })]);
  });
});

describe("POST /api/import with a url", () => {
  it("follows no redirect to a private address", async () => {
    feeds.route("/import-redirect.ics", (_req, res) => res.writeHead(302, { location: "https://192.168.1.10/cal.ics" }).end());
    const res = await marta.post("/api/import", { organisationId: "marta", url: `${feeds.origin}/import-redirect.ics` });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0]).toMatchObject({ field: "url", rule: expect.stringContaining("it redirects to https://192.168.1.10") });
    expect(feeds.hits("/import-redirect.ics")).toBe(1);
  });

  it("names the link when it redirects to something that is no address at all", async () => {
    feeds.route("/import-broken-redirect.ics", (_req, res) => res.writeHead(302, { location: "http://[::1" }).end());
    const res = await marta.post("/api/import", { organisationId: "marta", url: `${feeds.origin}/import-broken-redirect.ics` });
    expect([res.status, res.body.error.issues[0]]).toEqual([400, expect.objectContaining({ field: "url", rule: expect.stringContaining("not a valid link") })]);
  });
});
