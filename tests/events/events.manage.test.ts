/** Submit → review → publish, optimistic concurrency, the audit log and the notices it mails. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";

let partner: ApiClient;
let coordinator: ApiClient;
let anonymous: ApiClient;

const stack = useStack({ seedToday: "2030-03-04", smtp: true });
beforeAll(async () => {
  await stack.db.client.execute("UPDATE users SET email = 'pia@example.org' WHERE id = 'sample-partner-marta'");
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  anonymous = new ApiClient(stack.worker.baseUrl);
});

const seminar = (title: string) => ({
  title,
  type: "seminar",
  allDay: false,
  startsAt: "2030-06-10T09:00",
  endsAt: "2030-06-10T16:00",
  timeZone: "Europe/Riga",
  city: "Riga",
  country: "LV",
  organisers: ["marta", "riga-city"],
  topics: ["victim-support"],
  audiences: ["social-workers"],
  ownerOrganisationId: "marta",
});

/** The event's current ETag, as a coordinator reads it before a write. */
const currentEtag = async (slug: string) => (await coordinator.get(`/api/events/${slug}`)).headers.get("etag")!;
const publicSlugs = async () => (await anonymous.get("/api/events?from=2030-06-01&to=2030-06-30")).body.events.map((e: { slug: string }) => e.slug) as string[];

describe("submit → review → publish", () => {
  it("takes a partner's draft through the review queue to the public calendar, mailing the submitter", async () => {
    const created = await partner.post("/api/events", seminar("Shelter practice exchange"));
    expect(created.status).toBe(201);
    const slug = created.body.slug as string;
    expect(created.body.manage.moderation).toBe("draft");
    expect(created.headers.get("location")).toBe(`/api/events/${slug}`);
    expect(await publicSlugs()).not.toContain(slug);

    const submitted = await partner.post(`/api/events/${slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
    expect(submitted.status).toBe(200);
    expect(submitted.body.manage.moderation).toBe("pending");

    const queue = await coordinator.get("/api/review");
    const item = queue.body.items.find((i: { slug: string }) => i.slug === slug);
    expect(item).toMatchObject({ moderation: "pending", ownerName: "Marta Centre", submitterName: "Pia Partner, Marta (sample)" });

    const current = await coordinator.get(`/api/events/${slug}`);
    const approved = await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": current.headers.get("etag")! });
    expect(approved.status).toBe(200);
    expect(approved.body.manage.moderation).toBe("published");
    expect(await publicSlugs()).toContain(slug);

    const notice = await stack.smtp.waitFor((m) => m.envelope.to.includes("pia@example.org") && m.parsed.subject === "Published: Shelter practice exchange");
    expect(notice.parsed.text).toContain(`${stack.worker.baseUrl}/events/${slug}`);

    const log = await coordinator.get(`/api/audit?entity=event&entityId=${created.body.id}`);
    expect(log.body.entries.map((e: { action: string }) => e.action)).toEqual(["event.approve", "event.submit", "event.create"]);
    expect(log.body.entries.at(-1).actorId).toBe(SAMPLE.partnerMarta);
    expect(JSON.stringify(log.body)).not.toMatch(/@example\.org|__Host/);
  });

  it("returns a submission with the coordinator's comment, intact in the mail", async () => {
    const created = await partner.post("/api/events", seminar("Draft to return"));
    const slug = created.body.slug;
    const submitted = await partner.post(`/api/events/${slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
    const comment = "Please add the venue.\n.This line starts with a dot and must arrive whole.";
    const returned = await coordinator.post(`/api/events/${slug}/return`, { comment }, { "if-match": submitted.headers.get("etag")! });
    expect(returned.status).toBe(200);
    expect(returned.body.manage).toMatchObject({ moderation: "rejected", reviewComment: comment });
    const notice = await stack.smtp.waitFor((m) => m.parsed.subject === "Returned for changes: Draft to return");
    expect(notice.parsed.text).toContain(comment);
  });

  it("keeps the published version live while a partner's edit waits for review", async () => {
    const slug = await createEvent(stack.db.client, {
      startsAt: "2030-06-20T10:00",
      endsAt: "2030-06-20T12:00",
      organisers: ["marta"],
      title: "Original title",
    });
    const current = await partner.get(`/api/events/${slug}`);
    const proposed = await partner.patch(`/api/events/${slug}`, { title: "Improved title" }, { "if-match": current.headers.get("etag")! });
    expect(proposed.status).toBe(200);
    expect(proposed.body.manage.pendingChanges.title).toBe("Improved title");
    expect((await anonymous.get(`/api/events/${slug}`)).body.title).toBe("Original title");

    const review = await coordinator.get(`/api/events/${slug}`);
    const approved = await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": review.headers.get("etag")! });
    expect(approved.status).toBe(200);
    expect((await anonymous.get(`/api/events/${slug}`)).body.title).toBe("Improved title");
  });

  it("applies only what a partner's edit changes when it is approved, never undoing a coordinator's change made while it waited", async () => {
    const slug = await createEvent(stack.db.client, {
      startsAt: "2030-06-21T10:00",
      endsAt: "2030-06-21T12:00",
      organisers: ["marta"],
      title: "Shelter open day",
      city: "Riga",
    });
    expect((await partner.patch(`/api/events/${slug}`, { summary: "Tours every hour" }, { "if-match": await currentEtag(slug) })).status).toBe(200);
    // While it waits, a coordinator changes the city and the venue, which the proposal leaves alone.
    const direct = await coordinator.patch(`/api/events/${slug}`, { city: "Jūrmala", venue: "Dzintari hall" }, { "if-match": await currentEtag(slug) });
    expect(direct.status).toBe(200);
    // The proposal shown for review is against the live event: only its own change.
    expect(direct.body.manage.pendingChanges).toMatchObject({ summary: "Tours every hour", city: "Jūrmala", venue: "Dzintari hall" });
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await currentEtag(slug) })).status).toBe(200);
    const live = (await anonymous.get(`/api/events/${slug}`)).body;
    expect([live.summary, live.city, live.venue]).toEqual(["Tours every hour", "Jūrmala", "Dzintari hall"]);
  });

  it("carries a proposal's times whole: a coordinator's move never leaves it with an end before its start or half all-day", async () => {
    const slug = await createEvent(stack.db.client, {
      startsAt: "2030-06-22T10:00",
      endsAt: "2030-06-22T12:00",
      organisers: ["marta"],
      title: "Shelter board meeting",
    });
    expect((await partner.patch(`/api/events/${slug}`, { endsAt: "2030-06-22T13:00" }, { "if-match": await currentEtag(slug) })).status).toBe(200);
    const moved = await coordinator.patch(
      `/api/events/${slug}`,
      { startsAt: "2030-07-01T10:00", endsAt: "2030-07-01T12:00" },
      { "if-match": await currentEtag(slug) },
    );
    expect(moved.status).toBe(200);
    // The proposal changes the times, so it keeps its own, whole; the review shows them against the move.
    expect(moved.body.manage.pendingChanges).toMatchObject({ startsAt: "2030-06-22T10:00", endsAt: "2030-06-22T13:00" });
    const allDay = await coordinator.patch(
      `/api/events/${slug}`,
      { allDay: true, startsAt: "2030-07-01", endsAt: "2030-07-01" },
      { "if-match": await currentEtag(slug) },
    );
    expect(allDay.status).toBe(200);
    expect((await coordinator.get("/api/review")).status).toBe(200);
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await currentEtag(slug) })).status).toBe(200);
    const live = (await anonymous.get(`/api/events/${slug}`)).body;
    expect([live.allDay, live.startsAt, live.endsAt]).toEqual([false, "2030-06-22T10:00", "2030-06-22T13:00"]);
  });

  it("keeps both sides' changes to the organisers and topics when a coordinator changes them while a partner's proposal waits", async () => {
    const slug = await createEvent(stack.db.client, {
      startsAt: "2030-06-24T10:00",
      endsAt: "2030-06-24T12:00",
      organisers: ["marta", "riga-city"],
      topics: ["victim-support", "legislation"],
      title: "Outreach planning",
    });
    // The partner takes Riga City out of the organisers and adds a topic.
    const proposed = await partner.patch(
      `/api/events/${slug}`,
      { organisers: ["marta"], topics: ["victim-support", "legislation", "labour-exploitation"] },
      { "if-match": await currentEtag(slug) },
    );
    expect(proposed.status).toBe(200);
    // Meanwhile a coordinator adds the Nordic Council of Ministers and takes a topic out.
    const direct = await coordinator.patch(
      `/api/events/${slug}`,
      { organisers: ["marta", "riga-city", "ncm"], topics: ["victim-support"] },
      { "if-match": await currentEtag(slug) },
    );
    expect(direct.status).toBe(200);
    expect(direct.body.manage.pendingChanges).toMatchObject({ organisers: ["marta", "ncm"], topics: ["victim-support", "labour-exploitation"] });
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await currentEtag(slug) })).status).toBe(200);
    const live = (await anonymous.get(`/api/events/${slug}`)).body;
    expect([live.organisers.map((o: { id: string }) => o.id), live.topics]).toEqual([
      ["marta", "ncm"],
      ["labour-exploitation", "victim-support"],
    ]);
  });

  it("tells feed and Atom readers nothing of a proposal waiting for review or returned, only of the change once approved", async () => {
    const slug = await createEvent(stack.db.client, {
      startsAt: "2030-06-25T10:00",
      endsAt: "2030-06-25T12:00",
      organisers: ["marta"],
      title: "Hotline volunteers' evening",
    });
    // Published long ago, so a proposal's own time would show.
    await stack.db.client.execute({
      sql: "UPDATE events SET updated_at = '2020-01-01T00:00:00.000Z', revised_at = '2020-01-01T00:00:00.000Z', reviewed_at = '2020-01-01T00:00:00.000Z' WHERE slug = ?",
      args: [slug],
    });
    const stamps = async () => {
      const ics = await (await fetch(`${stack.worker.baseUrl}/events/${slug}.ics`)).text();
      const atom = await (await fetch(`${stack.worker.baseUrl}/feed.atom`)).text();
      const entry = atom.split("<entry>").find((e) => e.includes(`/events/${slug}`)) ?? "";
      return [
        /^SEQUENCE:(\d+)/m.exec(ics)?.[1],
        /^LAST-MODIFIED:(\S+)/m.exec(ics)?.[1],
        /<published>(.*?)</.exec(entry)?.[1],
        /<updated>(.*?)</.exec(entry)?.[1],
      ];
    };
    const before = await stamps();
    expect(before).toEqual(["0", "20200101T000000Z", "2020-01-01T00:00:00.000Z", "2020-01-01T00:00:00.000Z"]);
    expect((await partner.patch(`/api/events/${slug}`, { venue: "Room 4" }, { "if-match": await currentEtag(slug) })).status).toBe(200);
    expect(await stamps()).toEqual(before);
    expect((await coordinator.post(`/api/events/${slug}/return`, { comment: "Which building?" }, { "if-match": await currentEtag(slug) })).status).toBe(200);
    expect(await stamps()).toEqual(before);

    expect((await partner.patch(`/api/events/${slug}`, { venue: "Room 4, main building" }, { "if-match": await currentEtag(slug) })).status).toBe(200);
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await currentEtag(slug) })).status).toBe(200);
    const after = await stamps();
    expect(Number(after[0])).toBeGreaterThan(0);
    expect(after[1]).not.toBe(before[1]);
    // Still published when it was: approving a change is not a new publication.
    expect(after[2]).toBe(before[2]);
  });

  it("refuses with 409 to approve a stored proposal that breaks the event's rules, instead of publishing it", async () => {
    const slug = await createEvent(stack.db.client, {
      startsAt: "2030-06-23T10:00",
      endsAt: "2030-06-23T12:00",
      organisers: ["marta"],
      title: "Broken proposal",
    });
    expect((await partner.patch(`/api/events/${slug}`, { summary: "Agenda" }, { "if-match": await currentEtag(slug) })).status).toBe(200);
    await stack.db.client.execute({
      sql: "UPDATE events SET pending_changes = json_set(pending_changes, '$.endsAt', '2030-06-01T09:00') WHERE slug = ?",
      args: [slug],
    });
    const res = await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": await currentEtag(slug) });
    expect([res.status, res.body.error?.code]).toEqual([409, "proposal_conflict"]);
    expect((await anonymous.get(`/api/events/${slug}`)).body.endsAt).toBe("2030-06-23T12:00");
  });

  it("lets coordinators publish directly and refuses the same to partners", async () => {
    const direct = await coordinator.post("/api/events", { ...seminar("Coordinator's own meeting"), publish: true });
    expect(direct.status).toBe(201);
    expect(await publicSlugs()).toContain(direct.body.slug);
    const sneaky = await partner.post("/api/events", { ...seminar("Partner skips review"), publish: true });
    expect(sneaky.status).toBe(403);
    expect(sneaky.body.error.issues[0].field).toBe("publish");
    const otherOrg = await partner.post("/api/events", { ...seminar("For someone else"), ownerOrganisationId: "nbpn", organisers: ["nbpn"] });
    expect(otherOrg.status).toBe(403);
    expect(otherOrg.body.error.issues[0].field).toBe("ownerOrganisationId");
  });
});

describe("validation", () => {
  it.each([
    [{ endsAt: "2030-06-10T08:00" }, "endsAt", "after startsAt"],
    [{ timeZone: "Baltic/Nowhere" }, "timeZone", "IANA"],
    [{ country: "Latvia" }, "country", "ISO 3166-1"],
    [{ registrationUrl: "javascript:alert(1)" }, "registrationUrl", "https://"],
    [{ title: "" }, "title", "required"],
    [{ title: "two\nlines" }, "title", "one line"],
    [{ topics: ["no-such-topic"] }, "topics[0]", "no topic has the id no-such-topic"],
    [{ organisers: ["marta", "ghost-org"] }, "organisers[1]", "no organisation"],
    [{ allDay: true, startsAt: "2030-06-12", endsAt: "2030-06-11" }, "endsAt", "not be before"],
    [{ rrule: "FREQ=SECONDLY" }, "rrule", "DAILY, WEEKLY"],
    [{ exdates: ["next tuesday"] }, "exdates[0]", "YYYY-MM-DDTHH:MM"],
  ])("rejects %j with 400 naming %s", async (change, field, rule) => {
    const res = await partner.post("/api/events", { ...seminar("Validation"), ...change });
    expect(res.status).toBe(400);
    const issue = res.body.error.issues.find((i: { field: string }) => i.field === field);
    expect(issue?.rule, JSON.stringify(res.body)).toContain(rule);
  });

  it("refuses a body that is not JSON with 415 and a foreign Origin with 403", async () => {
    const form = await partner.request("POST", "/api/events", { headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
    const foreign = await partner.request("POST", "/api/events", { json: seminar("CSRF"), headers: { origin: "https://evil.example" } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("bad_origin");
    const none = await fetch(`${stack.worker.baseUrl}/api/events`, {
      method: "POST",
      headers: { cookie: partner.cookie!, "content-type": "application/json" },
      body: JSON.stringify(seminar("No origin")),
    });
    expect(none.status).toBe(403);
  });
});

describe("optimistic concurrency", () => {
  it("needs If-Match (428), refuses a stale one (412) and lets exactly one of two concurrent edits win", async () => {
    const created = await partner.post("/api/events", seminar("Concurrent edits"));
    const slug = created.body.slug;
    const etag = created.headers.get("etag")!;
    expect((await partner.patch(`/api/events/${slug}`, { city: "Jūrmala" })).status).toBe(428);

    const [a, b] = await Promise.all([
      partner.patch(`/api/events/${slug}`, { city: "Jūrmala" }, { "if-match": etag }),
      coordinator.patch(`/api/events/${slug}`, { venue: "Town hall" }, { "if-match": etag }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const loser = a.status === 412 ? a : b;
    expect(loser.body.error.code).toBe("version_conflict");

    const now = await partner.get(`/api/events/${slug}`);
    const winnerChangedCity = a.status === 200;
    expect(now.body.city).toBe(winnerChangedCity ? "Jūrmala" : "Riga");
    expect(now.body.venue).toBe(winnerChangedCity ? null : "Town hall");
    // The loser retries on the new version and nothing is lost.
    const retry = await (winnerChangedCity ? coordinator : partner).patch(
      `/api/events/${slug}`,
      winnerChangedCity ? { venue: "Town hall" } : { city: "Jūrmala" },
      { "if-match": now.headers.get("etag")! },
    );
    expect(retry.status).toBe(200);
    expect(retry.body).toMatchObject({ city: "Jūrmala", venue: "Town hall" });
    expect((await partner.patch(`/api/events/${slug}`, { city: "Riga" }, { "if-match": etag })).status).toBe(412);
    // If-Match as RFC 9110 reads it: a list matches when one of its tags does, strongly; * matches any version.
    const current = (await partner.get(`/api/events/${slug}`)).headers.get("etag")!;
    expect((await partner.patch(`/api/events/${slug}`, { city: "Riga" }, { "if-match": `W/${current}` })).status).toBe(412);
    expect((await partner.patch(`/api/events/${slug}`, { city: "Riga" }, { "if-match": `${current}-x` })).status).toBe(412);
    expect((await partner.patch(`/api/events/${slug}`, { city: "Riga" }, { "if-match": `"stale", ${current}` })).status).toBe(200);
    expect((await partner.patch(`/api/events/${slug}`, { city: "Cēsis" }, { "if-match": "*" })).status).toBe(200);
  });
});

describe("mail headers", () => {
  it("keeps CR and LF in data out of headers: one Subject, no Bcc", async () => {
    const slug = await createEvent(stack.db.client, {
      title: "x\r\nBcc: someone@example.org",
      startsAt: "2030-06-25T10:00",
      endsAt: "2030-06-25T11:00",
      organisers: ["marta"],
      moderation: "pending",
      submittedBy: SAMPLE.partnerMarta,
    });
    const current = await coordinator.get(`/api/events/${slug}`);
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": current.headers.get("etag")! })).status).toBe(200);
    const mail = await stack.smtp.waitFor((m) => (m.parsed.subject ?? "").includes("Bcc: someone@example.org"));
    const headerBlock = mail.raw.split("\r\n\r\n")[0];
    expect(headerBlock.match(/^Subject:/gim)).toHaveLength(1);
    expect(headerBlock).not.toMatch(/^Bcc:/im);
    expect(mail.parsed.bcc).toBeUndefined();
    expect(mail.envelope.to).toEqual(["pia@example.org"]);
    expect(stack.smtp.messages.some((m) => m.envelope.to.includes("someone@example.org"))).toBe(false);
  });
});

describe("slugs when visibility changes", () => {
  it("gives a new event an opaque slug unless it is public", async () => {
    const open = await partner.post("/api/events", seminar("Referral practice day"));
    const busy = await partner.post("/api/events", { ...seminar("Referral practice day"), visibility: "busy_only" });
    const partners = await partner.post("/api/events", { ...seminar("Referral practice day"), visibility: "partners" });
    expect(open.body.slug).toMatch(/^referral-practice-day-[a-z0-9]{4}$/);
    for (const e of [busy, partners])
      expect([e.status, e.body.slug, e.headers.get("location")]).toEqual([201, expect.stringMatching(/^e-[0-9a-f]{16}$/), `/api/events/${e.body.slug}`]);
  });

  it("reslugs a public event made busy-only, keeps the old slug as an alias, and keeps the opaque slug when it is made public again", async () => {
    const created = await coordinator.post("/api/events", { ...seminar("Hotline staff rota"), publish: true });
    const old = created.body.slug as string;
    const hidden = await coordinator.patch(`/api/events/${old}`, { visibility: "busy_only" }, { "if-match": created.headers.get("etag")! });
    expect(hidden.body.slug).toMatch(/^e-[0-9a-f]{16}$/);
    const alias = await stack.db.client.execute({
      sql: "SELECT e.slug FROM event_slug_aliases a JOIN events e ON e.id = a.event_id WHERE a.slug = ?",
      args: [old],
    });
    expect(alias.rows.map((r) => r.slug)).toEqual([hidden.body.slug]);
    expect((await anonymous.get(`/api/events/${old}`)).status).toBe(404);
    expect((await partner.get(`/api/events/${old}`)).headers.get("location")).toBe(`/api/events/${hidden.body.slug}`);
    const [entry] = (
      await stack.db.client.execute({
        sql: "SELECT before, after FROM audit_log WHERE entity = 'event' AND action = 'event.update' AND entity_id = ? ORDER BY rowid DESC LIMIT 1",
        args: [hidden.body.id],
      })
    ).rows;
    expect([JSON.parse(String(entry.before)), JSON.parse(String(entry.after))]).toEqual([
      { visibility: "public", slug: old },
      { visibility: "busy_only", slug: hidden.body.slug },
    ]);

    const shown = await coordinator.patch(`/api/events/${hidden.body.slug}`, { visibility: "public" }, { "if-match": hidden.headers.get("etag")! });
    expect(shown.body.slug).toBe(hidden.body.slug);
    // Public again, the event is everybody's, so its old slug now leads on for everybody.
    expect((await anonymous.get(`/api/events/${old}`)).status).toBe(308);
  });

  it("reslugs when a coordinator approves a partner's proposal to hide a published event, and mails the new link", async () => {
    const draft = await partner.post("/api/events", seminar("Shelter open day"));
    const submitted = await partner.post(`/api/events/${draft.body.slug}/submit`, {}, { "if-match": draft.headers.get("etag")! });
    const published = await coordinator.post(`/api/events/${draft.body.slug}/approve`, {}, { "if-match": submitted.headers.get("etag")! });
    const proposed = await partner.patch(`/api/events/${draft.body.slug}`, { visibility: "partners" }, { "if-match": published.headers.get("etag")! });
    // Waiting for review, the published event keeps its public slug.
    expect(proposed.body.slug).toBe(draft.body.slug);
    const approved = await coordinator.post(`/api/events/${draft.body.slug}/approve`, {}, { "if-match": proposed.headers.get("etag")! });
    expect(approved.body.slug).toMatch(/^e-[0-9a-f]{16}$/);
    const notice = await stack.smtp.waitFor(
      (m) => m.envelope.to.includes("pia@example.org") && (m.parsed.text ?? "").includes(`/events/${approved.body.slug}`),
    );
    expect(notice.parsed.text).not.toContain(`/events/${draft.body.slug}`);
  });
});
