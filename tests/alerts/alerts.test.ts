/**
 * Alerts end to end (issue 16): the real Worker's cron handler produces clash and review alerts
 * from the audit log and its outbox mails them to a real SMTP server, whose every message is
 * parsed; coordinators list them and members acknowledge them through the API; the mail's
 * "turn off all alerts" link works with a GET form and an RFC 8058 one-click POST.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, seminar } from "../support/factories.ts";
import type { ReceivedMail } from "../support/smtp.ts";
import { dayFrom, useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY, smtp: true });
const MINUTE = 60_000;
const NBPN_PARTNER = "partner.nbpn@example.org";
let coordinator: ApiClient;
let nbpn: ApiClient;
let marta: ApiClient;

/** Every test runs on its own hour of the pinned day, so quarter hours and last mails never overlap. */
const hour = (h: number, minutes = 0) => new Date(Date.parse(`${TODAY}T${String(h).padStart(2, "0")}:00:00Z`) + minutes * MINUTE);
const tick = (at: Date) => stack.cron("*/5 * * * *", at);
function header(m: ReceivedMail, name: string): string {
  const head = m.raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:\\s*(.*)$`, "im").exec(head)?.[1].trim() ?? "";
}
const alertMailsTo = (address: string) => stack.smtp.messages.filter((m) => m.envelope.to.includes(address) && /alerts\./.test(header(m, "List-Id")));

/** NBPN's own event, already in the calendar (written directly: no audit entry, so it triggers nothing itself). */
async function nbpnEvent(title: string, n: number, extra: Record<string, unknown> = {}): Promise<string> {
  const id = await createEvent(stack.db.client, {
    title,
    startsAt: `${day(n)}T09:00`,
    endsAt: `${day(n)}T16:00`,
    timeZone: "Europe/Riga",
    city: "Riga",
    country: "LV",
    organisers: ["nbpn"],
    topics: ["victim-support"],
    ...extra,
  });
  await stack.db.client.execute({ sql: "INSERT INTO event_audiences (event_id, audience_id) VALUES (?, 'social-workers')", args: [id] });
  return id;
}

/** A Marta event published by a coordinator on the day `n` days from today: a high clash with NBPN's event there. */
async function publish(title: string, n: number, extra: Record<string, unknown> = {}) {
  const res = await coordinator.post("/api/events", {
    ...seminar(title, { startsAt: `${day(n)}T09:00`, endsAt: `${day(n)}T16:00` }),
    publish: true,
    ...extra,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; slug: string };
}

beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  // NBPN's partner reads German: their alerts come in German.
  expect((await nbpn.request("PUT", "/api/me", { json: { locale: "de" } })).status).toBe(200);
});

describe("clash alerts", () => {
  it("tells the other organisation's members once, in their language, with the reasons, both links, the justification and the finder", async () => {
    await nbpnEvent("NBPN Riga shelter forum", 20);
    const event = await publish("Marta Riga practice day", 20, { clashJustification: "The only week the shelter staff are free" });
    // Produced at 06:00, held to the end of the quarter hour; two ticks at once send one mail.
    await tick(hour(6));
    expect(alertMailsTo(NBPN_PARTNER)).toHaveLength(0);
    await Promise.all([tick(hour(6, 15)), tick(hour(6, 15))]);
    await stack.smtp.waitFor((m) => m.envelope.to.includes(NBPN_PARTNER));
    await tick(hour(6, 20));
    await tick(hour(6, 45));
    const mails = alertMailsTo(NBPN_PARTNER);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.parsed.subject).toBe("Starke Überschneidung mit Ihrer Veranstaltung: NBPN Riga shelter forum");
    const text = mail.parsed.text ?? "";
    expect(text).toContain("Marta Riga practice day");
    expect(text).toContain("an denselben Tagen");
    expect(text).toMatch(/dieselbe Zielgruppe: Sozialarbeit/i);
    expect(text).toContain("dieselbe Stadt: Riga");
    expect(text).toContain('"The only week the shelter staff are free"');
    expect(text).toContain(`${stack.worker.baseUrl}/events/${event.slug}`);
    expect(text).toMatch(new RegExp(`${stack.worker.baseUrl}/events/test-event-`));
    const finder = new URL(/(http\S+\/free-dates\?\S+)/.exec(text)![1]);
    expect(Object.fromEntries(finder.searchParams)).toMatchObject({
      days: "1",
      from: day(1),
      countries: "LV",
      audiences: "social-workers",
      topics: "victim-support",
    });
    expect(text).toMatch(/\/alerts\/[0-9a-f]{32}/);
    const html = String(mail.parsed.html);
    expect(html).toContain("<q>The only week the shelter staff are free</q>");
    expect(html).not.toMatch(/<script/i);
    expect(header(mail, "List-Unsubscribe")).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/alerts\/stop\?token=[^>]+>$/);
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
    // Marta's own partner is not told of a clash with their own event; the coordinator is not a member of NBPN.
    expect(alertMailsTo("partner.marta@example.org")).toHaveLength(0);
  });

  it("tells nothing of another organisation's busy-only event, and names one made busy-only after its alert as busy, without its title or justification", async () => {
    await nbpnEvent("NBPN Riga steering day", 24);
    await nbpnEvent("NBPN Riga board day", 80);
    // Its audience, city, country and topic match NBPN's: high, were its hidden details counted.
    const hidden = await publish("Marta internal planning", 80, { visibility: "busy_only", clashJustification: "Secret reasons" });
    const later = await publish("Marta planning day", 24, { clashJustification: "Secret reasons" });
    await tick(hour(7));
    // Made busy-only before the alert's mail goes out: the mail tells what the reader may see now.
    const etag = (await coordinator.get(`/api/events/${later.slug}`)).headers.get("etag")!;
    expect((await coordinator.patch(`/api/events/${later.slug}`, { visibility: "busy_only" }, { "if-match": etag })).status).toBe(200);
    await tick(hour(7, 15));
    const alerted = await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM alerts WHERE event_id = ?", args: [hidden.id] });
    expect(Number(alerted.rows[0].n)).toBe(0);
    expect(alertMailsTo(NBPN_PARTNER).filter((m) => (m.parsed.text ?? "").includes("NBPN Riga board day"))).toEqual([]);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes(NBPN_PARTNER) && (m.parsed.text ?? "").includes("NBPN Riga steering day"));
    const text = mail.parsed.text ?? "";
    expect(text).toContain("eine Belegt-Veranstaltung von Marta Centre");
    expect(text).not.toContain("Marta internal planning");
    expect(text).not.toContain("Secret reasons");
    expect(text).not.toContain("Zielgruppe");
    const finder = new URL(/(http\S+\/free-dates\?\S+)/.exec(text)![1]);
    expect(finder.searchParams.has("audiences")).toBe(false);
  });

  it("counts a contact person both events share, which alone makes a medium clash high, without naming the person", async () => {
    // Same country and topic, different cities, no shared audience: a medium clash on its own.
    const theirs = await createEvent(stack.db.client, {
      title: "NBPN Daugavpils round table",
      startsAt: `${day(28)}T09:00`,
      endsAt: `${day(28)}T16:00`,
      timeZone: "Europe/Riga",
      city: "Daugavpils",
      country: "LV",
      organisers: ["nbpn"],
      topics: ["victim-support"],
    });
    const [{ id: person, name }] = (await stack.db.client.execute("SELECT id, name FROM people ORDER BY id LIMIT 1")).rows as unknown as {
      id: string;
      name: string;
    }[];
    await stack.db.client.execute({ sql: "INSERT INTO event_contacts (event_id, person_id) VALUES (?, ?)", args: [theirs, person] });
    // The control: the same pair without the shared person is not told.
    await publish("Marta quiet clinic", 28, { audiences: [] });
    const shared = await publish("Marta clinic with the shared trainer", 28, { audiences: [] });
    await stack.db.client.execute({ sql: "INSERT INTO event_contacts (event_id, person_id) VALUES (?, ?)", args: [shared.id, person] });
    await tick(hour(7, 30));
    await tick(hour(7, 45));
    const alerted = await stack.db.client.execute({ sql: "SELECT event_id FROM alerts WHERE other_event_id = ?", args: [theirs] });
    expect(alerted.rows.map((r) => r.event_id)).toEqual([shared.id]);
    const mail = await stack.smtp.waitFor(
      (m) => m.envelope.to.includes(NBPN_PARTNER) && (m.parsed.text ?? "").includes("Marta clinic with the shared trainer"),
    );
    const text = mail.parsed.text ?? "";
    expect(text).toContain("eine Kontaktperson beider Veranstaltungen");
    expect(text).not.toContain(name);
  });

  it("records nothing for events that have ended", async () => {
    await nbpnEvent("NBPN past workshop", -3);
    const past = await publish("Marta past workshop", -3);
    await tick(hour(8));
    const rows = await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM alerts WHERE event_id = ?", args: [past.id] });
    expect(Number(rows.rows[0].n)).toBe(0);
  });

  it("retries a refused mail with backoff and then sends it", async () => {
    await nbpnEvent("NBPN Riga autumn round table", 30);
    await publish("Marta Riga autumn seminar", 30);
    stack.smtp.refuse.add(NBPN_PARTNER);
    await tick(hour(9));
    await tick(hour(9, 15));
    const pending = await stack.db.client.execute({
      sql: "SELECT d.status, d.attempts, d.next_attempt_at, d.last_error FROM alert_deliveries d JOIN users u ON u.id = d.user_id WHERE u.email = ? AND d.status != 'sent'",
      args: [NBPN_PARTNER],
    });
    expect(pending.rows).toHaveLength(1);
    expect(pending.rows[0]).toMatchObject({ status: "pending", attempts: 1 });
    expect(Number(pending.rows[0].next_attempt_at)).toBe(hour(9, 20).getTime());
    expect(String(pending.rows[0].last_error)).toMatch(/451/);
    stack.smtp.refuse.clear();
    await tick(hour(9, 19));
    expect(alertMailsTo(NBPN_PARTNER).filter((m) => (m.parsed.text ?? "").includes("Marta Riga autumn seminar"))).toHaveLength(0);
    await tick(hour(9, 20));
    await stack.smtp.waitFor((m) => m.envelope.to.includes(NBPN_PARTNER) && (m.parsed.text ?? "").includes("Marta Riga autumn seminar"));
  });

  it("batches two alerts five minutes apart into one mail after the quarter hour", async () => {
    await nbpnEvent("NBPN Riga network day", 40);
    await nbpnEvent("NBPN Riga training day", 55);
    const before = alertMailsTo(NBPN_PARTNER).length;
    await publish("Marta Riga network seminar", 40);
    await tick(hour(10));
    await publish("Marta Riga training seminar", 55);
    await tick(hour(10, 5));
    await tick(hour(10, 10));
    expect(alertMailsTo(NBPN_PARTNER)).toHaveLength(before);
    await tick(hour(10, 15));
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes(NBPN_PARTNER) && (m.parsed.text ?? "").includes("Marta Riga training seminar"));
    expect(alertMailsTo(NBPN_PARTNER)).toHaveLength(before + 1);
    expect(mail.parsed.subject).toBe("Kalender der Nördlichen Dimension: 2 Hinweise");
    expect(mail.parsed.text).toContain("Marta Riga network seminar");
  });
});

describe("clash alerts after a change", () => {
  it("alerts again when a published event moves onto another clash, not when only its title changes, and after an approval", async () => {
    await nbpnEvent("NBPN Riga spring forum", 90);
    const moved = await publish("Marta movable seminar", 95);
    const count = async (id: string) =>
      Number((await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM alerts WHERE event_id = ?", args: [id] })).rows[0].n);
    await tick(hour(13));
    expect(await count(moved.id)).toBe(0);
    const etag = async (slug: string) => (await coordinator.get(`/api/events/${slug}`)).headers.get("etag")!;
    const retitled = await coordinator.patch(`/api/events/${moved.slug}`, { title: "Marta movable seminar (renamed)" }, { "if-match": await etag(moved.slug) });
    expect(retitled.status).toBe(200);
    await tick(hour(13, 5));
    expect(await count(moved.id)).toBe(0);
    const onto = await coordinator.patch(
      `/api/events/${retitled.body.slug}`,
      { startsAt: `${day(90)}T09:00`, endsAt: `${day(90)}T16:00` },
      { "if-match": retitled.headers.get("etag")! },
    );
    expect(onto.status).toBe(200);
    await tick(hour(13, 10));
    expect(await count(moved.id)).toBe(1);
    await tick(hour(13, 15));
    await stack.smtp.waitFor((m) => m.envelope.to.includes(NBPN_PARTNER) && (m.parsed.text ?? "").includes("Marta movable seminar (renamed)"));

    // A partner's submission approved by a coordinator is a publication too.
    await nbpnEvent("NBPN Riga summer forum", 100);
    const created = await marta.post("/api/events", seminar("Marta approved seminar", { startsAt: `${day(100)}T09:00`, endsAt: `${day(100)}T16:00` }));
    const submitted = await marta.post(`/api/events/${created.body.slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
    const approved = await coordinator.post(`/api/events/${created.body.slug}/approve`, {}, { "if-match": submitted.headers.get("etag")! });
    expect(approved.status).toBe(200);
    await tick(hour(13, 20));
    expect(await count(created.body.id)).toBe(1);
  });
});

describe("GET /api/alerts and POST /api/alerts/:id/acknowledge", () => {
  it("lists clash alerts for coordinators with their state, and lets a member of the told organisation acknowledge one, once", async () => {
    const list = await coordinator.get("/api/alerts?limit=100");
    expect(list.status).toBe(200);
    const alert = list.body.items.find((a: { other: { title: string } | null }) => a.other?.title === "NBPN Riga shelter forum");
    expect(alert).toMatchObject({
      severity: "high",
      organisation: { id: "nbpn" },
      acknowledgedAt: null,
      justification: "The only week the shelter staff are free",
    });
    expect(alert.event.title).toBe("Marta Riga practice day");
    const times = list.body.items.map((a: { createdAt: string }) => a.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await coordinator.get("/api/alerts?limit=500")).status).toBe(400);

    // Marta's partner was not told: the alert is not theirs to see or acknowledge.
    expect((await marta.get(`/api/alerts/${alert.id}`)).status).toBe(404);
    expect((await marta.post(`/api/alerts/${alert.id}/acknowledge`)).status).toBe(404);
    const mine = await nbpn.get("/api/alerts");
    expect(mine.body.items.every((a: { organisation: { id: string } }) => a.organisation.id === "nbpn")).toBe(true);
    // The busy-only event stays busy in the member's list.
    const busy = mine.body.items.find((a: { other: { title: string } }) => a.other.title === "NBPN Riga steering day");
    expect(busy.event).toMatchObject({ title: null, busy: true });
    expect(busy.justification).toBeNull();
    // Its "high" added up the details it now hides: only its dates are told.
    expect([busy.severity, busy.reasons.map((r: { code: string }) => r.code)]).toEqual([null, ["overlap"]]);

    const first = await nbpn.post(`/api/alerts/${alert.id}/acknowledge`);
    expect(first.status).toBe(200);
    expect(first.body.acknowledgedAt).toBe(stack.now.toISOString());
    const again = await nbpn.post(`/api/alerts/${alert.id}/acknowledge`);
    expect(again.status).toBe(200);
    const logged = await stack.db.client.execute({
      sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'clash.acknowledge' AND after LIKE ?",
      args: [`%${alert.id}%`],
    });
    expect(Number(logged.rows[0].n)).toBe(1);
    const after = await coordinator.get(`/api/alerts/${alert.id}`);
    expect(after.body).toMatchObject({ acknowledgedAt: stack.now.toISOString(), acknowledgedBy: "Per Partner, NBPN (sample)" });
  });
});

describe("review alerts", () => {
  it("tells each coordinator once per quarter hour of everything waiting, with its clash severity", async () => {
    const reviewers = (await stack.db.client.execute("SELECT email FROM users WHERE role IN ('coordinator', 'admin')")).rows.map((r) => String(r.email));
    const submit = async (title: string, n: number) => {
      const created = await marta.post("/api/events", seminar(title, { startsAt: `${day(n)}T09:00`, endsAt: `${day(n)}T16:00` }));
      const res = await marta.post(`/api/events/${created.body.slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
      expect(res.status).toBe(200);
    };
    await submit("Marta clashing submission", 20);
    await submit("Marta quiet submission", 200);
    await tick(hour(11));
    await tick(hour(11, 15));
    for (const to of reviewers) {
      const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes(to) && (m.parsed.text ?? "").includes("Marta quiet submission"));
      const text = mail.parsed.text ?? "";
      expect(text).toMatch(/Marta clashing submission \(Marta Centre\) — clash severity: high/);
      expect(text).toMatch(/Marta quiet submission \(Marta Centre\) — clash severity: none/);
      expect(text).toContain(`${stack.worker.baseUrl}/review`);
      expect(text).not.toMatch(/Pia|partner\.marta/);
      expect(mail.parsed.subject).toBe("Northern Dimension calendar: 2 alerts");
    }
  });
});

describe("/alerts/stop", () => {
  it("asks on GET, turns all alerts off on the one-click POST, and then skips that person's alerts", async () => {
    const mail = alertMailsTo(NBPN_PARTNER)[0];
    const link = /^<(.*)>$/.exec(header(mail, "List-Unsubscribe"))![1];
    const shown = await fetch(link);
    expect(await shown.text()).toContain('<form method="post"');
    const paused = async () =>
      (await stack.db.client.execute({ sql: "SELECT paused_at FROM alert_recipients WHERE user_id = ?", args: [SAMPLE.partnerNbpn] })).rows[0].paused_at;
    expect(await paused()).toBeNull();
    expect((await fetch(link.replace(/token=/, "token=x"), { method: "POST" })).status).toBe(404);
    const oneClick = await fetch(link, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect(await paused()).toBe(stack.now.toISOString());
    expect((await fetch(link, { method: "POST" })).status).toBe(200);

    const before = alertMailsTo(NBPN_PARTNER).length;
    await nbpnEvent("NBPN Riga winter day", 70);
    await publish("Marta Riga winter seminar", 70);
    await tick(hour(12));
    await tick(hour(12, 15));
    const skipped = await stack.db.client.execute({
      sql: "SELECT d.status FROM alert_deliveries d JOIN alerts a ON a.id = d.alert_id JOIN events e ON e.id = a.event_id WHERE e.title = ? AND d.user_id = ?",
      args: ["Marta Riga winter seminar", SAMPLE.partnerNbpn],
    });
    expect(skipped.rows.map((r) => r.status)).toEqual(["skipped"]);
    expect(alertMailsTo(NBPN_PARTNER)).toHaveLength(before);
  });
});
