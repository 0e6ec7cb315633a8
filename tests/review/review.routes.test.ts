/**
 * GET /api/review shows what a coordinator weighs before approving (the clash radar's severity,
 * the events it clashes with and why, the partner's justification), and a submission entering
 * the queue is told to each coordinator once, after a cron tick, with a link to the queue and
 * nothing personal (functions/alerts/review-alerts.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04", smtp: true });
let partner: ApiClient;
let coordinator: ApiClient;
let reviewers: string[];

beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  const rows = await stack.db.client.execute("SELECT email FROM users WHERE role IN ('coordinator', 'admin')");
  reviewers = rows.rows.map((r) => String(r.email)).sort();
});

const waiting = (title: string) => stack.smtp.messages.filter((m) => m.parsed.subject === `Waiting for review: ${title}`);

async function submit(title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await partner.post("/api/events", seminar(title, extra));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const submitted = await partner.post(`/api/events/${created.body.slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
  expect(submitted.status).toBe(200);
  return created.body.slug;
}

describe("GET /api/review", () => {
  it("shows each item's clash severity, the events it clashes with and why, and the partner's justification", async () => {
    const published = await coordinator.post("/api/events", {
      ...seminar("Riga social workers' forum"),
      organisers: ["riga-city"],
      ownerOrganisationId: "riga-city",
      publish: true,
    });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    const slug = await submit("Shelter practice day", { clashJustification: "The only week the shelter staff are free" });
    const quiet = await submit("Quiet winter seminar", {
      startsAt: "2030-12-02T09:00",
      endsAt: "2030-12-02T12:00",
      city: "Valmiera",
      audiences: [],
      topics: [],
    });

    const queue = await coordinator.get("/api/review");
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: { slug: string }) => i.slug === slug);
    expect(item.clashJustification).toBe("The only week the shelter staff are free");
    expect(item.clashes.highest).toBe("high");
    const clash = item.clashes.clashes.find((c: { slug: string }) => c.slug === published.body.slug);
    expect(clash).toMatchObject({ title: "Riga social workers' forum", severity: "high" });
    expect(clash.reasons.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(["overlap", "shared_audience", "same_city", "shared_country"]));
    expect(clash.reasons).toContainEqual({ code: "shared_audience", values: ["social-workers"] });

    const calm = queue.body.items.find((i: { slug: string }) => i.slug === quiet);
    expect(calm.clashes).toEqual({ highest: null, total: 0, clashes: [], periods: [] });
  });

  it("rates an item in the Nordic Council's session week a high clash, naming the blackout period", async () => {
    const slug = await submit("Stockholm shelter network meeting", {
      startsAt: "2030-10-29T09:00",
      endsAt: "2030-10-29T12:00",
      timeZone: "Europe/Stockholm",
      city: "Stockholm",
      country: "SE",
      audiences: [],
      topics: [],
    });
    const item = (await coordinator.get("/api/review")).body.items.find((i: { slug: string }) => i.slug === slug);
    expect(item.clashes.highest).toBe("high");
    expect(item.clashes.periods).toEqual([
      expect.objectContaining({ kind: "blackout", title: "Nordic Council session 2030", severity: "high", startsOn: "2030-10-28", endsOn: "2030-10-31" }),
    ]);
  });
});

describe("mail to coordinators when something waits for review", () => {
  const MINUTE = 60_000;
  /** A cron tick `minutes` after the pinned now: review alerts are produced by the cron and sent at the end of the quarter hour. */
  const tick = (minutes: number) => stack.cron("*/5 * * * *", new Date(stack.now.getTime() + minutes * MINUTE));
  const mentioning = (to: string, title: string) =>
    stack.smtp.messages.filter((m) => m.envelope.to.includes(to) && (m.parsed.text ?? "").includes(`${title} (Marta Centre)`));

  it("sends each coordinator one message with a link to the review queue and no personal data", async () => {
    expect(reviewers.length).toBeGreaterThan(0);
    await submit("Outreach volunteers' briefing");
    await tick(0);
    expect(waiting("Outreach volunteers' briefing")).toHaveLength(0);
    await tick(15);
    for (const to of reviewers)
      await stack.smtp.waitFor((m) => m.envelope.to.includes(to) && (m.parsed.text ?? "").includes("Outreach volunteers' briefing (Marta Centre)"));
    for (const to of reviewers) {
      const mails = mentioning(to, "Outreach volunteers' briefing");
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      expect(mail.parsed.text).toContain(`${stack.worker.baseUrl}/review`);
      expect(mail.parsed.text).toMatch(/clash severity: (high|medium|low|none)/);
      // Neither the submitter's name nor any address: the queue shows who submitted to those signed in.
      expect(mail.parsed.text).not.toMatch(/Pia|Partner|partner\./);
      expect(mail.parsed.to && "value" in mail.parsed.to ? mail.parsed.to.value.length : 0).toBe(1);
    }
  });

  it("mails when a partner's change to a published event enters the queue, and not again when they edit that proposal", async () => {
    const created = await coordinator.post("/api/events", {
      ...seminar("Published hotline day"),
      startsAt: "2030-09-01T09:00",
      endsAt: "2030-09-01T12:00",
      publish: true,
    });
    const slug = created.body.slug;
    const first = await partner.patch(
      `/api/events/${slug}`,
      { city: "Jūrmala" },
      { "if-match": (await partner.get(`/api/events/${slug}`)).headers.get("etag")! },
    );
    expect(first.status).toBe(200);
    expect(first.body.manage.pendingChanges).not.toBeNull();
    await tick(30);
    await tick(45);
    for (const to of reviewers) await stack.smtp.waitFor((m) => mentioning(to, "Published hotline day").includes(m));

    const again = await partner.patch(`/api/events/${slug}`, { venue: "Town hall" }, { "if-match": first.headers.get("etag")! });
    expect(again.status).toBe(200);
    // A marker after the second edit: once its mail has arrived, any notice of that edit would have too.
    await submit("Marker event");
    await tick(60);
    await tick(75);
    for (const to of reviewers) await stack.smtp.waitFor((m) => mentioning(to, "Marker event").includes(m));
    for (const to of reviewers) expect(mentioning(to, "Published hotline day")).toHaveLength(1);
  });

  it("lists an event once when its submission was approved and a change proposed to it before the next tick", async () => {
    const slug = await submit("Volunteer coordinators' meeting");
    const approved = await coordinator.post(
      `/api/events/${slug}/approve`,
      {},
      { "if-match": (await coordinator.get(`/api/events/${slug}`)).headers.get("etag")! },
    );
    expect(approved.status).toBe(200);
    const proposed = await partner.patch(
      `/api/events/${slug}`,
      { city: "Cēsis" },
      { "if-match": (await partner.get(`/api/events/${slug}`)).headers.get("etag")! },
    );
    expect(proposed.status).toBe(200);
    await tick(90);
    await tick(105);
    for (const to of reviewers) {
      const mail = await stack.smtp.waitFor((m) => mentioning(to, "Volunteer coordinators' meeting").includes(m));
      expect((mail.parsed.text ?? "").split("Volunteer coordinators' meeting (Marta Centre)").length - 1).toBe(1);
    }
  });
});
