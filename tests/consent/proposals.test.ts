/**
 * Consent between organisations: naming another organisation as co-issuer of a document or
 * co-organiser of an event is a proposal until that organisation accepts it. Until then the
 * record is not theirs anywhere (their page, public JSON, feeds, search) and gives their partners
 * no rights; accepting makes it theirs, declining removes the link.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let anonymous: ApiClient;
let marta: ApiClient;
let nbpn: ApiClient;
let coordinator: ApiClient;
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
  marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  nbpn = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

async function upload(api: ApiClient, slug: string) {
  const res = await fetch(`${stack.worker.baseUrl}/api/documents/${slug}/file`, {
    method: "PUT",
    headers: { origin: stack.worker.baseUrl, cookie: api.cookie ?? "", "content-type": "application/octet-stream", "x-file-name": "report.pdf" },
    body: new TextEncoder().encode("%PDF-1.7\n%%EOF\n"),
  });
  return res.status;
}

const audits = async (action: string, entityId: string) =>
  Number(
    (await stack.db.client.execute({ sql: "SELECT count(*) AS n FROM audit_log WHERE action = ? AND entity_id = ?", args: [action, entityId] })).rows[0].n,
  );

const slugs = (items: { slug: string }[]) => items.map((i) => i.slug);
const ids = (items: { id: string }[]) => items.map((i) => i.id);

async function martaDocument(title: string, issuers = ["marta", "nbpn"]) {
  const made = await marta.post("/api/documents", { title, kind: "report", issuedOn: "2030-01", issuers });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const { rows } = await stack.db.client.execute({ sql: "SELECT id FROM documents WHERE slug = ?", args: [made.body.slug] });
  return { slug: made.body.slug as string, id: String(rows[0].id) };
}

describe("co-issuers of a document", () => {
  it("a partner's naming of another organisation waits for it: not on its page, not in public JSON, no file rights until it accepts", async () => {
    const doc = await martaDocument("Consent test: joint shelter report");

    const publicDoc = await anonymous.get(`/api/documents/${doc.slug}`);
    expect(ids(publicDoc.body.issuers)).toEqual(["marta"]);
    expect(slugs((await anonymous.get("/api/organisations/nbpn")).body.documents)).not.toContain(doc.slug);
    expect(slugs((await anonymous.get("/api/documents?organisation=nbpn")).body.documents)).not.toContain(doc.slug);
    expect(await upload(nbpn, doc.slug)).toBe(403);
    expect((await nbpn.patch(`/api/documents/${doc.slug}`, { title: "Taken over" })).status).toBe(403);

    // The document's own editors see the organisation marked as awaiting acceptance.
    const asEditor = await marta.get(`/api/documents/${doc.slug}`);
    expect(asEditor.body.issuers).toEqual([expect.objectContaining({ id: "marta" }), expect.objectContaining({ id: "nbpn", awaitingAcceptance: true })]);

    // The proposal reaches NBPN's partners, not Marta's; Marta's partner cannot answer it.
    const listed = (await nbpn.get("/api/proposals")).body.proposals.filter((p: { recordId: string }) => p.recordId === doc.id);
    expect(listed).toEqual([
      expect.objectContaining({
        kind: "document",
        slug: doc.slug,
        organisation: expect.objectContaining({ id: "nbpn" }),
        proposedBy: [expect.objectContaining({ id: "marta" })],
      }),
    ]);
    expect((await marta.get("/api/proposals")).body.proposals.map((p: { recordId: string }) => p.recordId)).not.toContain(doc.id);
    expect((await marta.post(`/api/proposals/document/${doc.id}/nbpn/accept`)).status).toBe(403);

    const accepted = await nbpn.post(`/api/proposals/document/${doc.id}/nbpn/accept`);
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body.consent).toBe("accepted");
    // Accepting twice is no error and writes nothing the second time.
    expect((await nbpn.post(`/api/proposals/document/${doc.id}/nbpn/accept`)).status).toBe(200);
    expect(await audits("document.proposal.accept", doc.id)).toBe(1);

    expect(ids((await anonymous.get(`/api/documents/${doc.slug}`)).body.issuers).sort()).toEqual(["marta", "nbpn"]);
    expect(slugs((await anonymous.get("/api/organisations/nbpn")).body.documents)).toContain(doc.slug);
    expect(await upload(nbpn, doc.slug)).toBe(200);
    expect((await nbpn.get("/api/proposals")).body.proposals.map((p: { recordId: string }) => p.recordId)).not.toContain(doc.id);
  });

  it("declining removes the organisation from the document, once", async () => {
    const doc = await martaDocument("Consent test: declined memo");
    const declined = await nbpn.post(`/api/proposals/document/${doc.id}/nbpn/decline`);
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect((await nbpn.post(`/api/proposals/document/${doc.id}/nbpn/decline`)).status).toBe(200);
    expect(await audits("document.proposal.decline", doc.id)).toBe(1);
    expect(ids((await marta.get(`/api/documents/${doc.slug}`)).body.issuers)).toEqual(["marta"]);
    expect((await nbpn.post(`/api/proposals/document/${doc.id}/nbpn/accept`)).status).toBe(404);
  });

  it("a coordinator's naming is accepted at once", async () => {
    const made = await coordinator.post("/api/documents", { title: "Consent test: coordinated statement", kind: "memorandum", issuers: ["marta", "nbpn"] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(ids((await anonymous.get(`/api/documents/${made.body.slug}`)).body.issuers).sort()).toEqual(["marta", "nbpn"]);
    expect(await upload(nbpn, made.body.slug)).toBe(200);
    // Nothing waits for NBPN's answer.
    expect((await nbpn.get("/api/proposals")).body.proposals.map((p: { slug: string }) => p.slug)).not.toContain(made.body.slug);
  });
});

describe("PATCH /api/documents/:slug", () => {
  it("changes only the fields sent, keeps the issuers' consent when they are resent, and proposes a newly named one", async () => {
    const doc = await martaDocument("Consent test: patched plan", ["marta", "nbpn"]);
    await nbpn.post(`/api/proposals/document/${doc.id}/nbpn/accept`);
    const before = (await stack.db.client.execute({ sql: "SELECT kind, issued_on FROM documents WHERE id = ?", args: [doc.id] })).rows[0];

    const res = await marta.patch(`/api/documents/${doc.slug}`, { title: "Consent test: patched plan, second edition", issuers: ["marta", "nbpn", "ncm"] });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = (await stack.db.client.execute({ sql: "SELECT title, kind, issued_on FROM documents WHERE id = ?", args: [doc.id] })).rows[0];
    expect(after.title).toBe("Consent test: patched plan, second edition");
    expect([after.kind, after.issued_on]).toEqual([before.kind, before.issued_on]);
    const { rows } = await stack.db.client.execute({
      sql: "SELECT organisation_id, consent FROM document_organisations WHERE document_id = ? ORDER BY organisation_id",
      args: [doc.id],
    });
    expect(rows.map((r) => [r.organisation_id, r.consent])).toEqual([
      ["marta", "accepted"],
      ["nbpn", "accepted"],
      ["ncm", "proposed"],
    ]);

    const [entry] = (
      await stack.db.client.execute({ sql: "SELECT before, after FROM audit_log WHERE action = 'document.update' AND entity_id = ?", args: [doc.id] })
    ).rows;
    expect(Object.keys(JSON.parse(String(entry.after))).sort()).toEqual(["issuers", "title"]);

    // The same again changes nothing and leaves no new audit entry.
    expect(
      (await marta.patch(`/api/documents/${doc.slug}`, { title: "Consent test: patched plan, second edition", issuers: ["marta", "nbpn", "ncm"] })).status,
    ).toBe(200);
    expect(await audits("document.update", doc.id)).toBe(1);
    // Issuers are a set: the same ones in another order change nothing; one named twice is refused.
    expect((await marta.patch(`/api/documents/${doc.slug}`, { issuers: ["ncm", "nbpn", "marta"] })).status).toBe(200);
    expect(await audits("document.update", doc.id)).toBe(1);
    const twice = await marta.patch(`/api/documents/${doc.slug}`, { issuers: ["marta", "marta"] });
    expect(twice.status).toBe(400);
    expect(twice.body.error.issues[0].field).toBe("issuers");
    const eventTwice = await marta.post("/api/events", {
      title: "Twice",
      type: "meeting",
      startsAt: "2030-04-01T10:00",
      endsAt: "2030-04-01T11:00",
      timeZone: "UTC",
      organisers: ["marta", "marta"],
      ownerOrganisationId: "marta",
    });
    expect(eventTwice.status, JSON.stringify(eventTwice.body)).toBe(400);
    // Unknown fields are refused by name.
    const bad = await marta.patch(`/api/documents/${doc.slug}`, { slug: "elsewhere" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("slug");
  });
});

describe("co-organisers of an event", () => {
  async function publishedMartaEvent(title: string, organisers: string[]) {
    const made = await marta.post("/api/events", {
      title,
      type: "seminar",
      startsAt: "2030-04-10T10:00",
      endsAt: "2030-04-10T16:00",
      timeZone: "Europe/Riga",
      organisers,
      ownerOrganisationId: "marta",
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const approved = await coordinator.post(`/api/events/${made.body.slug}/approve`, {}, { "if-match": made.headers.get("etag")! });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    return { slug: made.body.slug as string, id: made.body.id as string };
  }
  const text = async (path: string) => (await fetch(`${stack.worker.baseUrl}${path}`)).text();
  const organizerLine = (ics: string) => ics.split(/\r?\n/).find((l) => l.startsWith("ORGANIZER"));
  const searchSlugs = async (q: string) => slugs((await anonymous.get(`/api/search?q=${encodeURIComponent(q)}`)).body.events ?? []);
  /** The clash radar's reasons for `slug` against an NBPN event at the same time. */
  const radarReasons = async (slug: string) => {
    const res = await anonymous.post("/api/clash-check", {
      startsAt: "2030-04-10T11:00",
      endsAt: "2030-04-10T12:00",
      timeZone: "Europe/Riga",
      organisers: ["nbpn"],
    });
    return (res.body.clashes.find((c: { slug: string }) => c.slug === slug)?.reasons ?? []).map((r: { code: string }) => r.code);
  };
  const csvRow = async (slug: string) =>
    (await text("/api/export/events.csv?from=2030-04-10&to=2030-04-10")).split(/\r?\n/).find((l) => l.startsWith(slug)) ?? "";

  it("is not the named organisation's event (page, JSON, feeds, search) and gives it no rights until it accepts", async () => {
    // Marta names NBPN first, as lead: the ORGANIZER of a feed is the lead organiser.
    const event = await publishedMartaEvent("Consent test seminar on shelters", ["nbpn", "marta"]);

    expect(ids((await anonymous.get(`/api/events/${event.slug}`)).body.organisers)).toEqual(["marta"]);
    expect(slugs((await anonymous.get("/api/organisations/nbpn")).body.upcomingEvents)).not.toContain(event.slug);
    expect(await text("/organisations/nbpn/calendar.ics")).not.toContain("Consent test seminar on shelters");
    expect(organizerLine(await text(`/events/${event.slug}.ics`))).toMatch(/^ORGANIZER;CN="?Marta/);
    expect(await searchSlugs("Policewomen shelters")).not.toContain(event.slug);
    expect(await radarReasons(event.slug)).not.toContain("shared_organiser");
    expect(await csvRow(event.slug)).not.toContain("NBPN");
    const asEditor = await marta.get(`/api/events/${event.slug}`);
    expect(asEditor.body.organisers).toEqual(expect.arrayContaining([expect.objectContaining({ id: "nbpn", awaitingAcceptance: true })]));
    const current = await nbpn.get(`/api/events/${event.slug}`);
    expect(current.body.manage).toBeUndefined();
    expect((await nbpn.patch(`/api/events/${event.slug}`, { title: "Taken over" }, { "if-match": `"${event.id}.2"` })).status).toBe(403);

    const listed = (await nbpn.get("/api/proposals")).body.proposals.find((p: { slug: string }) => p.slug === event.slug);
    expect(listed).toEqual(
      expect.objectContaining({ kind: "event", organisation: expect.objectContaining({ id: "nbpn" }), proposedBy: [expect.objectContaining({ id: "marta" })] }),
    );
    expect((await nbpn.post(`/api/proposals/event/${listed.recordId}/nbpn/accept`)).status).toBe(200);
    expect((await nbpn.post(`/api/proposals/event/${listed.recordId}/nbpn/accept`)).status).toBe(200);
    expect(await audits("event.proposal.accept", listed.recordId)).toBe(1);

    expect(ids((await anonymous.get(`/api/events/${event.slug}`)).body.organisers)).toEqual(["nbpn", "marta"]);
    expect(slugs((await anonymous.get("/api/organisations/nbpn")).body.upcomingEvents)).toContain(event.slug);
    expect(await text("/organisations/nbpn/calendar.ics")).toContain("Consent test seminar on shelters");
    expect(organizerLine(await text(`/events/${event.slug}.ics`))).toMatch(/^ORGANIZER;CN="?NBPN/);
    expect(await searchSlugs("Policewomen shelters")).toContain(event.slug);
    expect(await radarReasons(event.slug)).toContain("shared_organiser");
    expect(await csvRow(event.slug)).toContain("NBPN");
  });

  it("declining removes the co-organiser; a coordinator's naming is accepted at once", async () => {
    const event = await publishedMartaEvent("Consent test workshop declined", ["marta", "nbpn"]);
    const recordId = (await marta.get(`/api/events/${event.slug}`)).body.id;
    const feed = async () => (await text(`/events/${event.slug}.ics`)).replace(/^DTSTAMP:.*$/gm, "");
    const before = await feed();
    expect((await nbpn.post(`/api/proposals/event/${recordId}/nbpn/decline`)).status).toBe(200);
    expect(ids((await marta.get(`/api/events/${event.slug}`)).body.organisers)).toEqual(["marta"]);
    // It never named NBPN publicly: its subscribers are told of no change.
    expect(await feed()).toBe(before);

    const byCoordinator = await coordinator.post("/api/events", {
      title: "Consent test coordinated round table",
      type: "meeting",
      startsAt: "2030-04-12T10:00",
      endsAt: "2030-04-12T12:00",
      timeZone: "Europe/Riga",
      organisers: ["marta", "nbpn"],
      ownerOrganisationId: "marta",
      publish: true,
    });
    expect(byCoordinator.status, JSON.stringify(byCoordinator.body)).toBe(201);
    expect(ids((await anonymous.get(`/api/events/${byCoordinator.body.slug}`)).body.organisers)).toEqual(["marta", "nbpn"]);
  });

  it("re-saving the event with the same organisers keeps each link's state", async () => {
    const event = await publishedMartaEvent("Consent test conference resaved", ["marta", "nbpn", "ncm"]);
    const recordId = (await marta.get(`/api/events/${event.slug}`)).body.id;
    await nbpn.post(`/api/proposals/event/${recordId}/nbpn/accept`);
    // A coordinator edits it (a partner's edit of a published event waits for review), resending the list.
    const current = await coordinator.get(`/api/events/${event.slug}`);
    const saved = await coordinator.patch(
      `/api/events/${event.slug}`,
      { title: "Consent test conference resaved (new title)", organisers: ["marta", "nbpn", "ncm"] },
      { "if-match": current.headers.get("etag")! },
    );
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const { rows } = await stack.db.client.execute({
      sql: "SELECT organisation_id, consent FROM event_organisers WHERE event_id = ? ORDER BY organisation_id",
      args: [recordId],
    });
    expect(rows.map((r) => [r.organisation_id, r.consent])).toEqual([
      ["marta", "accepted"],
      ["nbpn", "accepted"],
      ["ncm", "proposed"],
    ]);

    // A partner's proposed change, approved by a coordinator, names organisations as the partner did.
    const again = await marta.get(`/api/events/${event.slug}`);
    const proposed = await marta.patch(
      `/api/events/${event.slug}`,
      { organisers: ["marta", "nbpn", "ncm", "ndphs"] },
      { "if-match": again.headers.get("etag")! },
    );
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(200);
    const approved = await coordinator.post(`/api/events/${event.slug}/approve`, {}, { "if-match": proposed.headers.get("etag")! });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const after = await stack.db.client.execute({
      sql: "SELECT organisation_id, consent FROM event_organisers WHERE event_id = ? ORDER BY organisation_id",
      args: [recordId],
    });
    expect(after.rows.map((r) => [r.organisation_id, r.consent])).toEqual([
      ["marta", "accepted"],
      ["nbpn", "accepted"],
      ["ncm", "proposed"],
      ["ndphs", "proposed"],
    ]);
  });
});
