/**
 * Writes that point at rows that do not exist, carry line breaks in one-line fields or send a
 * malformed file name answer a 400 naming the field, and write nothing (no foreign-key 500 halfway
 * through a batch). Writes that change nothing leave no audit entry.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY });
let coordinator: ApiClient;
let partner: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
});

const count = async (table: string) => Number((await stack.db.client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
const issues = (body: { error?: { issues?: { field: string; rule: string }[] } }) => body.error?.issues ?? [];
const hold = (o: Record<string, unknown> = {}) => ({
  organisationId: "nbpn",
  title: "Police forum (dates held)",
  startsOn: day(200),
  endsOn: day(201),
  expiresOn: day(150),
  ...o,
});
const person = (o: Record<string, unknown> = {}) => ({ name: "Liisa Esimerkki", lawfulBasis: "legitimate_interest", ...o });
const document = (o: Record<string, unknown> = {}) => ({ title: "Referral guideline", kind: "guideline", issuers: ["ndphs"], ...o });

/** Runs `write`, expects a 400 naming `field` with `rule`, and that none of `tables` (nor the audit log) changed. */
async function refused(write: () => Promise<{ status: number; body: any }>, field: string, rule: string | RegExp, tables: string[]) {
  const watched = [...tables, "audit_log"];
  const before = await Promise.all(watched.map(count));
  const res = await write();
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(issues(res.body).find((i) => i.field === field)?.rule, JSON.stringify(res.body)).toMatch(rule);
  expect(await Promise.all(watched.map(count))).toEqual(before);
}

describe("references to missing rows", () => {
  it("a hold for a missing organisation, audience or topic", async () => {
    await refused(() => coordinator.post("/api/holds", hold({ organisationId: "no-such-org" })), "organisationId", "no organisation has the id no-such-org", [
      "holds",
    ]);
    await refused(() => partner.post("/api/holds", hold({ topics: ["no-such-topic"] })), "topics[0]", "no topic has the id no-such-topic", ["holds"]);
    await refused(
      () => partner.post("/api/holds", hold({ audiences: ["police", "no-such-audience"] })),
      "audiences[1]",
      "no audience has the id no-such-audience",
      ["holds"],
    );
  });

  it("converting a hold whose topic no longer exists", async () => {
    const id = "hold-with-ghost-topic";
    await stack.db.client.execute({
      sql: "INSERT INTO holds (id, organisation_id, title, starts_on, ends_on, expires_on, topics) VALUES (?, 'nbpn', 'Ghost topic hold', ?, ?, ?, '[\"ghost-topic\"]')",
      args: [id, day(200), day(201), day(150)],
    });
    await refused(() => partner.post(`/api/holds/${id}/convert`, {}), "topics[0]", "no topic has the id ghost-topic", ["events", "holds"]);
    const [row] = (await stack.db.client.execute({ sql: "SELECT status FROM holds WHERE id = ?", args: [id] })).rows;
    expect(row.status).toBe("active");
  });

  it("a person in a missing organisation or topic", async () => {
    await refused(
      () => coordinator.post("/api/people", person({ organisations: [{ id: "ncm" }, { id: "no-such-org" }] })),
      "organisations[1].id",
      "no organisation has the id no-such-org",
      ["people", "person_organisations"],
    );
    await refused(() => coordinator.post("/api/people", person({ topics: ["no-such-topic"] })), "topics[0]", "no topic has the id no-such-topic", [
      "people",
      "person_topics",
    ]);
  });

  it("a document with a missing co-issuer or topic", async () => {
    await refused(
      () => coordinator.post("/api/documents", document({ issuers: ["ndphs", "no-such-org"] })),
      "issuers[1]",
      "no organisation has the id no-such-org",
      ["documents", "document_organisations"],
    );
    await refused(() => coordinator.post("/api/documents", document({ topics: ["no-such-topic"] })), "topics[0]", "no topic has the id no-such-topic", [
      "documents",
      "document_topics",
    ]);
  });

  it("an organisation under a missing parent, when created or changed", async () => {
    await refused(
      () => coordinator.post("/api/organisations", { slug: "orphan-org", name: "Orphan", kind: "ngo", parentId: "no-such-org" }),
      "parentId",
      "no organisation has the id no-such-org",
      ["organisations"],
    );
    await refused(() => coordinator.patch("/api/organisations/marta", { parentId: "no-such-org" }), "parentId", "no organisation has the id no-such-org", [
      "organisations",
    ]);
    const [marta] = (await stack.db.client.execute("SELECT parent_id FROM organisations WHERE id = 'marta'")).rows;
    expect(marta.parent_id).not.toBe("no-such-org");
  });
});

describe("one-line text fields", () => {
  const ONE_LINE = /one line/;
  it.each([
    ["a hold's title", () => partner.post("/api/holds", hold({ title: "Forum\r\nBCC: everyone" })), "title", ["holds"]],
    ["a person's name", () => coordinator.post("/api/people", person({ name: "Liisa\nEsimerkki" })), "name", ["people"]],
    ["an organisation's name", () => coordinator.post("/api/organisations", { slug: "two-lines", name: "Two\rlines", kind: "ngo" }), "name", ["organisations"]],
    ["a document's title", () => coordinator.post("/api/documents", document({ title: "Guideline\u0007" })), "title", ["documents"]],
  ] as const)("%s refuses line breaks and control characters", async (_what, write, field, tables) => {
    await refused(write, field, ONE_LINE, [...tables]);
  });
});

describe("PUT /api/documents/:slug/file", () => {
  it.each(["%E0%A4%A.pdf", "100%.pdf"])("answers the malformed file name %s with a 400 naming fileName", async (name) => {
    const before = await count("audit_log");
    const res = await fetch(`${stack.worker.baseUrl}/api/documents/nb8-mou-2009/file`, {
      method: "PUT",
      headers: { origin: stack.worker.baseUrl, cookie: coordinator.cookie ?? "", "content-type": "application/octet-stream", "x-file-name": name },
      body: new TextEncoder().encode("%PDF-1.4\n%%EOF\n"),
    });
    const body = (await res.json()) as { error: { issues: { field: string; rule: string }[] } };
    expect(res.status).toBe(400);
    expect(body.error.issues).toEqual([{ field: "fileName", rule: "must be URL-encoded (write % as %25)", code: "file" }]);
    expect(await count("audit_log")).toBe(before);
  });
});

describe("no audit entry for a change that changes nothing", () => {
  it("erasing a person who does not exist answers 404 and logs nothing", async () => {
    const before = await count("audit_log");
    const res = await coordinator.delete("/api/people/no-such-person");
    expect(res.status).toBe(404);
    expect(await count("audit_log")).toBe(before);
  });

  it("erasing a person who exists logs one erasure", async () => {
    const made = await coordinator.post("/api/people", person({ name: "To be erased" }));
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const erasures = async () => Number((await stack.db.client.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'person.erase'")).rows[0].n);
    const before = await erasures();
    expect((await coordinator.delete(`/api/people/${made.body.id}`)).status).toBe(204);
    expect(await erasures()).toBe(before + 1);
    expect((await coordinator.delete(`/api/people/${made.body.id}`)).status).toBe(404);
    expect(await erasures()).toBe(before + 1);
  });

  it("acknowledging the same clash twice logs it once", async () => {
    const { rows } = await stack.db.client.execute("SELECT id FROM events ORDER BY id LIMIT 2");
    const [a, b] = rows.map((r) => String(r.id));
    const entries = async () =>
      Number(
        (
          await stack.db.client.execute({
            sql: "SELECT count(*) AS n FROM audit_log WHERE action = 'clash.acknowledge' AND entity_id = ?",
            args: [a < b ? a : b],
          })
        ).rows[0].n,
      );
    expect((await coordinator.post("/api/dashboard/acknowledge", { a, b })).status).toBe(204);
    expect(await entries()).toBe(1);
    expect((await coordinator.post("/api/dashboard/acknowledge", { a: b, b: a })).status).toBe(204);
    expect(await entries()).toBe(1);
  });

  it("removing someone who is not a member answers 404, logs nothing and leaves their sessions", async () => {
    const before = await count("audit_log");
    // The NBPN partner is signed in (beforeAll) but no member of Marta.
    const res = await coordinator.delete(`/api/organisations/marta/members/${SAMPLE.partnerNbpn}`);
    expect(res.status).toBe(404);
    expect(await count("audit_log")).toBe(before);
    expect((await partner.get("/api/me")).body.user?.id).toBe(SAMPLE.partnerNbpn);
  });
});

describe("rules a person can read", () => {
  /** A partner's meeting on `day` of January 2031, 10:00–11:00 in Riga. */
  const meeting = (title: string, day: number) => ({
    title,
    type: "meeting",
    startsAt: `2031-01-${day}T10:00`,
    endsAt: `2031-01-${day}T11:00`,
    timeZone: "Europe/Riga",
    organisers: ["nbpn"],
    ownerOrganisationId: "nbpn",
  });

  it("names a value of the wrong kind as such, not as missing, and never in zod's own words", async () => {
    const event = meeting("Kinds", 10);
    const wrong = await partner.post("/api/events", { ...event, startsAt: [], timeZone: true, organisers: "nbpn", topics: [["x"]] });
    expect(wrong.status).toBe(400);
    expect(issues(wrong.body)).toEqual(
      expect.arrayContaining([
        { field: "startsAt", rule: "must be text", code: "wrong_type" },
        { field: "timeZone", rule: "must be text", code: "wrong_type" },
        { field: "organisers", rule: "must be a list", code: "wrong_type" },
        { field: "topics[0]", rule: "must be text", code: "wrong_type" },
      ]),
    );
    const missing = await partner.post("/api/events", { ...event, startsAt: undefined });
    expect(issues(missing.body)).toContainEqual({ field: "startsAt", rule: "is required", code: "required" });
    const notAnObject = await partner.post("/api/events", [event]);
    expect(issues(notAnObject.body)).toEqual([{ field: "body", rule: "must be an object", code: "wrong_type" }]);
    expect(JSON.stringify([wrong.body, missing.body, notAnObject.body])).not.toMatch(/Invalid input|received/);
  });

  it("refuses country codes that name no country, ill-formed language tags and an empty mailto:, and keeps a repeated exception once", async () => {
    const event = meeting("Shapes", 13);
    for (const [field, value, code] of [
      ["country", "ZZ", "country_code"],
      ["country", "EU", "country_code"],
      ["languages", ["xx-yy-zz-qq"], "language_tag"],
      ["onlineUrl", "mailto:", "link"],
    ] as const) {
      const res = await partner.post("/api/events", { ...event, [field]: value });
      expect([res.status, issues(res.body)[0]?.field.replace(/\[\d+\]$/, ""), (issues(res.body)[0] as { code?: string })?.code], field).toEqual([
        400,
        field,
        code,
      ]);
    }
    expect((await partner.post("/api/follows", { kind: "country", target: "ZZ" })).status).toBe(400);
    const repeated = await partner.post("/api/events", {
      ...event,
      rrule: "FREQ=WEEKLY;COUNT=4",
      exdates: ["2031-01-20T10:00", "2031-01-20T10:00"],
    });
    expect([repeated.status, repeated.body.exdates]).toEqual([201, ["2031-01-20T10:00"]]);
    expect((await partner.post("/api/events", { ...event, country: "XK", onlineUrl: "mailto:office@nbpn.example" })).status).toBe(201);
  });
});
