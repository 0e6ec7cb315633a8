/**
 * The weekly digest end to end: the real Worker's cron handler, a real libSQL engine and a real
 * SMTP server on loopback whose every message is parsed.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, createSubscription } from "../support/factories.ts";
import type { ReceivedMail } from "../support/smtp.ts";

/** A Monday: each test that runs the weekly cron runs it in a week of its own, at 06:00 UTC. */
const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY, smtp: true });
let coordinator: ApiClient;

const MINUTE = 60_000;
const at = (n: number, minutes = 0) => new Date(Date.parse(`${day(n)}T06:00:00Z`) + minutes * MINUTE);
/** The weekly cron on the Monday `n` days from today, and the five-minute tick `minutes` after it. */
const weekly = (n: number) => stack.cron("0 6 * * 1", at(n));
const tick = (n: number, minutes: number) => stack.cron("*/5 * * * *", at(n, minutes));
/** A header as sent (unfolded), read from the raw message. */
function header(m: ReceivedMail, name: string): string {
  const head = m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1].trim() ?? "";
}
const digestsTo = (address: string) => stack.smtp.messages.filter((m) => m.envelope.to.includes(address) && header(m, "List-Unsubscribe") !== "");

beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  // Published the day before today, so new in this week's digest.
  const createdAt = at(-1).toISOString();
  await createEvent(stack.db.client, {
    createdAt,
    title: "Baltic shelter network meeting",
    startsAt: `${day(3)}T10:00`,
    endsAt: `${day(3)}T16:00`,
    timeZone: "Europe/Tallinn",
    country: "EE",
    organisers: ["marta"],
  });
  await createEvent(stack.db.client, {
    createdAt,
    title: "Tallinn round table (called off)",
    startsAt: `${day(5)}T09:00`,
    endsAt: `${day(5)}T12:00`,
    timeZone: "Europe/Tallinn",
    country: "EE",
    status: "cancelled",
    organisers: ["nbpn"],
  });
  await createEvent(stack.db.client, {
    createdAt,
    title: "Helsinki referral seminar",
    startsAt: `${day(4)}T09:00`,
    endsAt: `${day(4)}T15:00`,
    timeZone: "Europe/Helsinki",
    country: "FI",
    organisers: ["nbpn"],
  });
  await createEvent(stack.db.client, {
    createdAt,
    title: "Far-off Riga conference",
    allDay: true,
    startsAt: day(60),
    endsAt: day(61),
    country: "EE",
    organisers: ["marta"],
  });
});

describe("weekly digest", () => {
  it("subscribes an address only once it confirms, by a signed link that a GET does not use up", async () => {
    const READER = "reader@example.net";
    const anonymous = new ApiClient(stack.worker.baseUrl);
    const bad = await anonymous.post("/api/subscriptions", { email: "not-an-address", weeksAhead: 40 });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { field: string }) => i.field).sort()).toEqual(["email", "weeksAhead"]);

    const res = await anonymous.post("/api/subscriptions", { email: READER, countries: ["EE"], timeZone: "Europe/Tallinn" });
    expect(res.status).toBe(202);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes(READER));
    const link = /(http\S+\/digest\/confirm\?token=\S+)/.exec(mail.parsed.text ?? "")![1];

    const tampered = await fetch(link.replace(/token=sub-/, "token=sub-x"));
    expect(tampered.status).toBe(404);
    const shown = await fetch(link);
    expect(await shown.text()).toContain('<form method="post"');
    const unconfirmed = await stack.db.client.execute({ sql: "SELECT confirmed_at FROM subscriptions WHERE email = ?", args: [READER] });
    expect(unconfirmed.rows[0].confirmed_at).toBeNull();

    const confirmed = await fetch(link, { method: "POST" });
    expect(confirmed.status).toBe(200);
    const row = await stack.db.client.execute({ sql: "SELECT confirmed_at FROM subscriptions WHERE email = ?", args: [READER] });
    expect(row.rows[0].confirmed_at).toBe(stack.now.toISOString());
  });

  it("keeps an inactive subscription's choices when someone else types its address, until its owner confirms the new ones", async () => {
    const OWNER = "paused.reader@example.net";
    await createSubscription(stack.db.client, { email: OWNER, countries: ["LV"], timeZone: "Europe/Riga" });
    await stack.db.client.execute({ sql: "UPDATE subscriptions SET unsubscribed_at = '2030-01-01T00:00:00.000Z' WHERE email = ?", args: [OWNER] });
    const stored = async () =>
      (await stack.db.client.execute({ sql: "SELECT countries, language, weeks_ahead, unsubscribed_at FROM subscriptions WHERE email = ?", args: [OWNER] }))
        .rows[0];
    const before = await stored();
    const anonymous = new ApiClient(stack.worker.baseUrl);
    expect((await anonymous.post("/api/subscriptions", { email: OWNER, countries: ["RU"], language: "ru", weeksAhead: 12 })).status).toBe(202);
    expect(await stored()).toEqual(before);
    // The owner follows the link mailed to them: the choices asked for are taken then.
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes(OWNER));
    const link = /(http\S+\/digest\/confirm\?token=\S+)/.exec(mail.parsed.text ?? "")![1];
    expect((await fetch(link, { method: "POST" })).status).toBe(200);
    expect({ ...(await stored()) }).toMatchObject({ countries: '["RU"]', language: "ru", weeks_ahead: 12, unsubscribed_at: null });
  });

  it("sends one digest per subscriber although the cron fires twice and ticks overlap, and retries a refused one later", async () => {
    const ESTONIA = "estonia@example.net";
    const REFUSED = "refused@example.net";
    await createSubscription(stack.db.client, { email: ESTONIA, countries: ["EE"], timeZone: "Europe/Tallinn" });
    await createSubscription(stack.db.client, { email: REFUSED });
    stack.smtp.refuse.add(REFUSED);
    await Promise.all([weekly(0), weekly(0), tick(0, 0)]);
    await tick(0, 0);

    const [reader] = digestsTo(ESTONIA);
    expect(digestsTo(ESTONIA)).toHaveLength(1);
    expect(digestsTo("coordinator@example.org")).toHaveLength(1);
    expect(digestsTo(REFUSED)).toHaveLength(0);

    // Headers: RFC 8058 one-click unsubscribe with an https-or-origin URL.
    expect(header(reader, "List-Unsubscribe")).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/digest\/unsubscribe\?token=[^>]+>$/);
    expect(header(reader, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    expect(reader.parsed.subject).toMatch(/^Northern Dimension calendar: \d+ events in the coming weeks$/);
    // Both parts: the reader asked for Estonia only; the cancelled meeting is marked.
    const text = reader.parsed.text ?? "";
    expect(text).toContain("[NEW] Baltic shelter network meeting");
    expect(text).toMatch(/\[CANCELLED\] Tallinn round table/);
    expect(text).not.toContain("Helsinki referral seminar");
    expect(text).not.toContain("Far-off Riga conference");
    expect(text).toContain("/digest/preferences?token=");
    const html = String(reader.parsed.html);
    expect(html).toContain("Baltic shelter network meeting");
    expect(html).not.toMatch(/<script/i);
    expect(html).toMatch(/<table role="presentation"/);
    // Dates in the subscriber's zone.
    expect(text).toMatch(/10:00.*16:00 (EET|GMT\+2)/);
    // The attachment holds exactly the listed events.
    const ics = reader.parsed.attachments.find((a) => a.filename === "events.ics")!;
    const calendar = new ICAL.Component(ICAL.parse(ics.content.toString("utf8")));
    const summaries = calendar.getAllSubcomponents("vevent").map((v) => String(v.getFirstPropertyValue("summary")));
    expect(summaries).toEqual(expect.arrayContaining(["Baltic shelter network meeting", "Tallinn round table (called off)"]));
    expect(summaries).not.toContain("Helsinki referral seminar");
    expect(summaries).toHaveLength(Number(/(\d+) events/.exec(reader.parsed.subject!)![1]));

    // The coordinators see the run with the refused delivery pending, its error kept.
    const runs = await coordinator.get("/api/digests/runs");
    const run = runs.body.runs.find((r: { week: string }) => r.week === day(0));
    expect(run).toMatchObject({ week: day(0), pending: 1, failed: 0 });
    expect(run.sent).toBeGreaterThanOrEqual(2);
    const refused = await stack.db.client.execute({
      sql: "SELECT d.attempts, d.last_error, d.next_attempt_at FROM digest_deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.email = ?",
      args: [REFUSED],
    });
    expect(refused.rows[0].attempts).toBe(1);
    expect(String(refused.rows[0].last_error)).toMatch(/451/);
    // The first retry waits five minutes.
    expect(Number(refused.rows[0].next_attempt_at)).toBe(at(0, 5).getTime());

    // A tick before the backoff has passed does not try again; after it, the digest goes out once.
    stack.smtp.refuse.clear();
    await tick(0, 4);
    expect(digestsTo(REFUSED)).toHaveLength(0);
    await Promise.all([tick(0, 5), tick(0, 5)]);
    await tick(0, 10);
    expect(digestsTo(REFUSED)).toHaveLength(1);
    expect(digestsTo(ESTONIA)).toHaveLength(1);
    expect(digestsTo("coordinator@example.org")).toHaveLength(1);
    const after = await coordinator.get("/api/digests/runs");
    expect(after.body.runs.find((r: { week: string }) => r.week === day(0))).toMatchObject({ pending: 0, failed: 0 });
  });

  it("gives up after the fifth attempt and shows the failure to coordinators", async () => {
    const GIVES_UP = "gives-up@example.net";
    await createSubscription(stack.db.client, { email: GIVES_UP });
    stack.smtp.refuse.add(GIVES_UP);
    // Attempts at 0, +5, +15, +35 and +75 minutes (the wait doubles after each refusal).
    await weekly(7);
    for (const minutes of [0, 5, 15, 35, 75]) await tick(7, minutes);
    stack.smtp.refuse.clear();
    await tick(7, 200);
    expect(digestsTo(GIVES_UP)).toHaveLength(0);
    const runs = await coordinator.get("/api/digests/runs");
    expect(runs.body.runs.find((r: { week: string }) => r.week === day(7))).toMatchObject({ failed: 1, pending: 0 });
    const failure = runs.body.failures.find((f: { email: string }) => f.email === GIVES_UP);
    expect(failure).toMatchObject({ email: GIVES_UP, attempts: 5 });
    expect(failure.lastError).toMatch(/451/);
  });

  it("stops after a one-click unsubscribe, which works twice and without signing in", async () => {
    const LEAVING = "leaving@example.net";
    await createSubscription(stack.db.client, { email: LEAVING });
    await weekly(14);
    await tick(14, 0);
    const [last] = digestsTo(LEAVING);
    const url = /^<(.+)>$/.exec(header(last, "List-Unsubscribe"))![1];
    for (let i = 0; i < 2; i++) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click" });
      expect(res.status).toBe(200);
    }
    // The preferences page behind the digest's other link names a bad field and changes nothing.
    const manage = /(http\S+\/digest\/preferences\?token=\S+)/.exec(last.parsed.text ?? "")![1];
    const refused = await fetch(manage, {
      method: "POST",
      body: new URLSearchParams({ weeksAhead: "30", timeZone: "Europe/Riga", language: "en", active: "on" }),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("weeksAhead: must be at most 12");
    // The next week's run sends the others theirs, and nothing to the address that left.
    await weekly(21);
    await tick(21, 0);
    expect(digestsTo(LEAVING)).toHaveLength(1);
    expect(digestsTo("coordinator@example.org").length).toBeGreaterThan(1);
  });

  it("marks an event new only in the first digest that lists it", async () => {
    const TWICE = "twice@example.net";
    await createSubscription(stack.db.client, { email: TWICE, countries: ["LT"] });
    await createEvent(stack.db.client, {
      title: "Vilnius outreach workshop",
      startsAt: `${day(40)}T10:00`,
      endsAt: `${day(40)}T13:00`,
      timeZone: "Europe/Vilnius",
      country: "LT",
      organisers: ["marta"],
      createdAt: at(27).toISOString(),
    });
    await weekly(28);
    await tick(28, 0);
    await weekly(35);
    await tick(35, 0);
    const [first, second] = digestsTo(TWICE).map((m) => m.parsed.text ?? "");
    expect(first).toContain("[NEW] Vilnius outreach workshop");
    expect(second).toContain("* Vilnius outreach workshop");
    expect(second).not.toContain("[NEW] Vilnius outreach workshop");
  });

  it("hands a tick's digests to the relay over one connection", async () => {
    const readers = ["one@example.net", "two@example.net", "three@example.net"];
    for (const email of readers) await createSubscription(stack.db.client, { email });
    await createEvent(stack.db.client, {
      createdAt: at(41).toISOString(),
      title: "Nordic helpline meeting",
      startsAt: `${day(44)}T10:00`,
      endsAt: `${day(44)}T12:00`,
    });
    const before = stack.smtp.connections;
    await weekly(42);
    await tick(42, 0);
    for (const email of readers) expect(digestsTo(email)).toHaveLength(1);
    expect(stack.smtp.connections - before).toBe(1);
  });

  it("lets coordinators preview any subscriber's digest and send themselves a test", async () => {
    await createSubscription(stack.db.client, { email: "preview@example.net", countries: ["EE"] });
    const { body } = await coordinator.get("/api/digests/subscribers");
    const reader = body.subscribers.find((s: { email: string }) => s.email === "preview@example.net");
    expect(reader).toMatchObject({ active: true, countries: ["EE"] });
    const preview = await coordinator.get(`/api/digests/preview?subscription=${reader.id}`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-security-policy")).toContain("sandbox");
    expect(preview.body).toContain("Baltic shelter network meeting");
    expect(preview.body).not.toContain("Helsinki referral seminar");
    expect((await coordinator.get("/api/digests/preview")).status).toBe(400);

    const sent = await coordinator.post("/api/digests/test", {});
    expect(sent.status).toBe(202);
    const test = await stack.smtp.waitFor((m) => m.envelope.to.includes("coordinator@example.org") && /^\[TEST\]/.test(m.parsed.subject ?? ""));
    expect(test.parsed.text).toContain("Helsinki referral seminar");
  });

  it("keeps signed-in users' preferences and checks them", async () => {
    const marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    expect((await marta.get("/api/me/subscription")).body.subscription).toBeNull();
    const bad = await marta.request("PUT", "/api/me/subscription", { json: { active: true, timeZone: "Mars/Olympus" } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].field).toBe("timeZone");
    const ok = await marta.request("PUT", "/api/me/subscription", { json: { active: true, topics: ["victim-support"], weeksAhead: 8 } });
    expect(ok.status).toBe(200);
    expect(ok.body.subscription).toMatchObject({ active: true, confirmed: true, topics: ["victim-support"], weeksAhead: 8 });
    // The full preferences page is one signed link away.
    const page = await fetch(ok.body.preferencesUrl);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="victim-support" checked');
  });
});

describe("the subscriber pages' styles", () => {
  it("come from a stylesheet the page's CSP allows, not an inline <style> it blocks", async () => {
    const res = await fetch(`${stack.worker.baseUrl}/digest/confirm?token=not-a-token`);
    const html = await res.text();
    expect(res.headers.get("content-security-policy")).toContain("style-src 'self'");
    expect(html).not.toContain("<style");
    expect(html).toContain('<link rel="stylesheet" href="/digest.css">');
    const css = await fetch(`${stack.worker.baseUrl}/digest.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toContain("text/css");
    // The sheet itself, with the design system's tokens (tests/web/design-tokens.test.ts checks their values).
    expect(await css.text()).toMatch(/--color-text:\s*#[0-9a-f]{6};/);
  });
});

describe("other /digest/ addresses", () => {
  it("are the web app's, with the same security headers", async () => {
    const res = await fetch(`${stack.worker.baseUrl}/digest/no-such-page`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="app">');
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });
});

describe("text a reader should see as written", () => {
  const hostile = `Budget $& review $' </script><b>bold</b>`;
  const escaped = "Budget $&amp; review $&#39; &lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;";

  it("shows hostile titles and names as text on the digest preview and the preferences page", async () => {
    await createEvent(stack.db.client, { title: hostile, startsAt: `${day(2)}T10:00`, endsAt: `${day(2)}T11:00`, country: "LV", organisers: ["nbpn"] });
    await stack.db.client.execute({ sql: "UPDATE organisations SET name = ? WHERE id = 'nbpn'", args: [hostile] });
    const per = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    const saved = await per.request("PUT", "/api/me/subscription", { json: { active: true } });
    expect(saved.status).toBe(200);

    const preferences = await (await fetch(saved.body.preferencesUrl)).text();
    expect(preferences).toContain(`> ${escaped}</label>`);
    expect(preferences).not.toContain("<b>bold</b>");
    expect(preferences.match(/<\/html>/g)).toHaveLength(1);

    const { body } = await coordinator.get("/api/digests/subscribers");
    const id = body.subscribers.find((s: { email: string }) => s.email === "partner.nbpn@example.org").id;
    const preview = await coordinator.get(`/api/digests/preview?subscription=${id}`);
    expect(preview.body).toContain(`>${escaped}</a>`);
    expect(preview.body).not.toContain("<b>bold</b>");
    expect(preview.body).not.toContain("</script>");
    expect(preview.body.match(/<\/html>/g)).toHaveLength(1);
  });
});
