/**
 * The weekly digest end to end: the real Worker's cron handler, a real libSQL engine and a real
 * SMTP server on loopback whose every message is parsed.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import type { ReceivedMail } from "../support/smtp.ts";

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const stack = useStack({ seedToday: day(0), smtp: true });
let coordinator: ApiClient;

const READER = "reader@example.net";
const cron = (expr: string) => fetch(`${stack.worker.baseUrl}/__scheduled?cron=${encodeURIComponent(expr)}`).then((r) => r.text());
const weekly = () => cron("0 6 * * 1");
const tick = () => cron("*/5 * * * *");
/** A header as sent (unfolded), read from the raw message. */
function header(m: ReceivedMail, name: string): string {
  const head = m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1].trim() ?? "";
}
const digestsTo = (address: string) => stack.smtp.messages.filter((m) => m.envelope.to.includes(address) && header(m, "List-Unsubscribe") !== "");

beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  await createEvent(stack.db.client, {
    title: "Baltic shelter network meeting",
    startsAt: `${day(3)}T10:00`,
    endsAt: `${day(3)}T16:00`,
    timeZone: "Europe/Tallinn",
    country: "EE",
    organisers: ["marta"],
  });
  await createEvent(stack.db.client, {
    title: "Tallinn round table (called off)",
    startsAt: `${day(5)}T09:00`,
    endsAt: `${day(5)}T12:00`,
    timeZone: "Europe/Tallinn",
    country: "EE",
    status: "cancelled",
    organisers: ["nbpn"],
  });
  await createEvent(stack.db.client, {
    title: "Helsinki referral seminar",
    startsAt: `${day(4)}T09:00`,
    endsAt: `${day(4)}T15:00`,
    timeZone: "Europe/Helsinki",
    country: "FI",
    organisers: ["nbpn"],
  });
  await createEvent(stack.db.client, {
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
    expect(row.rows[0].confirmed_at).not.toBeNull();
  });

  it("sends one digest per subscriber although the cron fires twice and ticks overlap, and retries a refused one later", async () => {
    stack.smtp.refuse.add("admin@example.org");
    await Promise.all([weekly(), weekly(), tick()]);
    await tick();

    const [reader] = digestsTo(READER);
    expect(digestsTo(READER)).toHaveLength(1);
    expect(digestsTo("coordinator@example.org")).toHaveLength(1);
    expect(digestsTo("admin@example.org")).toHaveLength(0);

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
    expect(runs.body.runs).toHaveLength(1);
    expect(runs.body.runs[0]).toMatchObject({ pending: 1, failed: 0 });
    expect(runs.body.runs[0].sent).toBeGreaterThanOrEqual(2);
    const refused = await stack.db.client.execute(
      "SELECT d.attempts, d.last_error, d.next_attempt_at FROM digest_deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.email = 'admin@example.org'",
    );
    expect(refused.rows[0].attempts).toBe(1);
    expect(String(refused.rows[0].last_error)).toMatch(/451/);
    expect(Number(refused.rows[0].next_attempt_at)).toBeGreaterThan(Date.now());

    // A tick before the backoff has passed does not try again; after it, the digest goes out once.
    await tick();
    expect(digestsTo("admin@example.org")).toHaveLength(0);
    stack.smtp.refuse.clear();
    await stack.db.client.execute("UPDATE digest_deliveries SET next_attempt_at = 0 WHERE status = 'pending'");
    await Promise.all([tick(), tick()]);
    await tick();
    expect(digestsTo("admin@example.org")).toHaveLength(1);
    expect(digestsTo(READER)).toHaveLength(1);
    expect(digestsTo("coordinator@example.org")).toHaveLength(1);
    const after = await coordinator.get("/api/digests/runs");
    expect(after.body.runs[0]).toMatchObject({ pending: 0, failed: 0 });
  });

  it("gives up after the last attempt and shows the failure to coordinators", async () => {
    await stack.db.client.execute("UPDATE digest_runs SET week = date(week, '-7 days')");
    stack.smtp.refuse.add("coordinator@example.org");
    await weekly();
    await stack.db.client.execute("UPDATE digest_deliveries SET attempts = 4, next_attempt_at = 0 WHERE status = 'pending'");
    await tick();
    const runs = await coordinator.get("/api/digests/runs");
    expect(runs.body.runs[0].failed).toBe(1);
    expect(runs.body.failures[0]).toMatchObject({ email: "coordinator@example.org", attempts: 5 });
    expect(runs.body.failures[0].lastError).toMatch(/451/);
    stack.smtp.refuse.clear();
  });

  it("stops after a one-click unsubscribe, which works twice and without signing in", async () => {
    const [last] = digestsTo(READER).slice(-1);
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
    const before = digestsTo(READER).length;
    // The next week's run.
    await stack.db.client.execute("UPDATE digest_runs SET week = date(week, '-7 days')");
    await weekly();
    await tick();
    expect(digestsTo(READER)).toHaveLength(before);
    const adminDigests = digestsTo("admin@example.org");
    expect(adminDigests.length).toBeGreaterThan(1);
    // What was new last time is no longer marked new.
    const latest = adminDigests.at(-1)!.parsed.text ?? "";
    expect(latest).toContain("* Baltic shelter network meeting");
    expect(latest).not.toContain("[NEW] Baltic shelter network meeting");
  });

  it("lets coordinators preview any subscriber's digest and send themselves a test", async () => {
    const { body } = await coordinator.get("/api/digests/subscribers");
    const reader = body.subscribers.find((s: { email: string }) => s.email === READER);
    expect(reader).toMatchObject({ active: false, countries: ["EE"] });
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
    expect(await css.text()).toMatch(/max-width:\s*40rem/);
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
