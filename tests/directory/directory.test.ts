/**
 * The directory and library: organisations, people, documents, projects and the one search; and
 * each person's contact fields by their visibility, for every kind of viewer, in every format.
 */
import ICAL from "ical.js";
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { tokenFrom } from "../support/smtp.ts";

let viewers: Record<"anonymous" | "partner" | "coordinator", ApiClient>;
const stack = useStack({ seedToday: "2030-03-04", smtp: true });
beforeAll(async () => {
  viewers = {
    anonymous: new ApiClient(stack.worker.baseUrl),
    partner: await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta),
    coordinator: await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator),
  };
});

describe("organisations", () => {
  it("lists with filters and shows the Nordic Council of Ministers with its projects, events, hierarchy and feed", async () => {
    const all = await viewers.anonymous.get("/api/organisations?kind=research");
    expect(all.body.organisations.map((o: { slug: string }) => o.slug).sort()).toEqual(["fafo", "nhv", "nikk"]);
    const lv = await viewers.anonymous.get("/api/organisations?country=LV");
    expect(lv.body.organisations.map((o: { slug: string }) => o.slug)).toEqual(expect.arrayContaining(["marta", "riga-city", "ncm-riga"]));
    const ncm = (await viewers.anonymous.get("/api/organisations/ncm")).body;
    expect(ncm.projects.map((p: { slug: string }) => p.slug)).toContain("mobility-programme");
    expect(ncm.children.map((c: { slug: string }) => c.slug)).toEqual(expect.arrayContaining(["mr-jam", "ncm-riga"]));
    expect(ncm.upcomingEvents.map((e: { slug: string }) => e.slug)).toContain("sample-task-force-meeting");
    expect(ncm.pastEvents.map((e: { slug: string }) => e.slug)).toContain("coordination-meeting-2008");
    expect(ncm.feed).toBe(`${stack.worker.baseUrl}/organisations/ncm/calendar.ics`);
    expect((await viewers.anonymous.get("/api/organisations/mr-jam")).body.parent).toEqual({ slug: "ncm", name: "Nordic Council of Ministers" });
  });
});

describe("people and their contact fields", () => {
  // Kari's email is public, Matti's is for partners; both phones are for coordinators only.
  const expected = {
    anonymous: { kari: ["kari.nordmann@example.org", undefined], matti: [undefined, undefined] },
    partner: { kari: ["kari.nordmann@example.org", undefined], matti: ["matti.meikalainen@example.org", undefined] },
    coordinator: { kari: ["kari.nordmann@example.org", "+47 00 00 00 00"], matti: ["matti.meikalainen@example.org", undefined] },
  } as const;

  it.each(Object.keys(expected) as (keyof typeof expected)[])("shows %s exactly the fields they may see, in JSON and in vCards", async (who) => {
    const api = viewers[who];
    const list = (await api.get("/api/people")).body.people as { id: string; email?: string; phone?: string }[];
    const kari = list.find((p) => p.id === "sample-kari-nordmann")!;
    const matti = list.find((p) => p.id === "sample-matti-meikalainen")!;
    expect([kari.email, kari.phone]).toEqual(expected[who].kari);
    expect([matti.email, matti.phone]).toEqual(expected[who].matti);
    expect(((await api.get("/api/people/sample-matti-meikalainen")).body as { email?: string }).email).toBe(expected[who].matti[0]);

    const card = await api.request("GET", "/people/sample-kari-nordmann.vcf");
    expect(card.headers.get("content-type")).toBe("text/vcard; charset=utf-8");
    const parsed = new ICAL.Component(ICAL.parse(card.body));
    expect(parsed.getFirstPropertyValue("fn")).toBe("Kari Nordmann");
    expect(parsed.getFirstPropertyValue("email") ?? undefined).toBe(expected[who].kari[0]);
    expect(String(card.body).includes("+47")).toBe(who === "coordinator");

    const team = await api.request("GET", "/organisations/nhv.vcf");
    expect(String(team.body).includes("matti.meikalainen@example.org")).toBe(who !== "anonymous");
  });

  it.each(Object.keys(expected) as (keyof typeof expected)[])("gives %s the same fields in the people CSV", async (who) => {
    const res = await viewers[who].request("GET", "/api/export/people.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const lines = String(res.body)
      .replace(/^\ufeff/, "")
      .split("\r\n");
    expect(lines[0]).toBe("id,name,title,organisations,countries,languages,topics,email,phone");
    const kari = lines.find((l) => l.startsWith("sample-kari-nordmann,"))!;
    const matti = lines.find((l) => l.startsWith("sample-matti-meikalainen,"))!;
    // A leading + is neutralised like a formula; spreadsheets show the number without the apostrophe.
    const phone = expected[who].kari[1] ? `'${expected[who].kari[1]}` : "";
    expect(kari.endsWith(`,${expected[who].kari[0] ?? ""},${phone}`), kari).toBe(true);
    expect(matti.endsWith(`,${expected[who].matti[0] ?? ""},`)).toBe(true);
  });

  it("finds a person by expertise and country", async () => {
    const found = await viewers.anonymous.get("/api/people?topic=health-care&country=FI");
    expect(found.body.people.map((p: { name: string }) => p.name)).toEqual(["Matti Meikäläinen"]);
  });

  it("escapes and folds vCards", async () => {
    await stack.db.client.execute(
      "UPDATE people SET title = 'Head; of, unit \\ and a very long title that goes on and on past seventy-five octets — Ж' WHERE id = 'sample-kari-nordmann'",
    );
    const card = String((await viewers.anonymous.request("GET", "/people/sample-kari-nordmann.vcf")).body);
    for (const line of card.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    expect(new ICAL.Component(ICAL.parse(card)).getFirstPropertyValue("title")).toBe(
      "Head; of, unit \\ and a very long title that goes on and on past seventy-five octets — Ж",
    );
  });
});

describe("documents, projects and one search", () => {
  it("finds the NB-8 memorandum by searching “memorandum”, with events, people and projects grouped", async () => {
    const res = await viewers.anonymous.get("/api/search?q=memorandum");
    expect(res.body.documents.map((d: { slug: string }) => d.slug)).toContain("nb8-mou-2009");
    const doc = (await viewers.anonymous.get("/api/documents/nb8-mou-2009")).body;
    expect(doc).toMatchObject({ kind: "memorandum", issuedOn: "2009-03-04" });
    expect(doc.events.map((e: { slug: string }) => e.slug)).toContain("sample-task-force-meeting");
    const people = await viewers.anonymous.get("/api/search?q=nordmann");
    expect(people.body.people).toEqual([{ id: "sample-kari-nordmann", name: "Kari Nordmann", title: expect.any(String) }]);
    expect(JSON.stringify(people.body)).not.toContain("@example.org");
    const folded = await viewers.anonymous.get("/api/search?q=meikalainen");
    expect(folded.body.people.map((p: { name: string }) => p.name)).toEqual(["Matti Meikäläinen"]);
    const project = await viewers.anonymous.get("/api/search?q=mobility");
    expect(project.body.projects.map((p: { slug: string }) => p.slug)).toContain("mobility-programme");
    expect((await viewers.anonymous.get("/api/documents?kind=action_plan")).body.documents.map((d: { slug: string }) => d.slug)).toEqual(
      expect.arrayContaining(["dk-action-plan-2002", "no-action-plan-2003", "ndphs-action-plan-2008"]),
    );
  });

  it("shows a project with its period, budget, partners and events", async () => {
    const p = (await viewers.anonymous.get("/api/projects/health-care-access")).body;
    expect(p).toMatchObject({ status: "completed", startDate: "2009-01-01", budgetAmount: 500000, budgetCurrency: "DKK" });
    expect(p.organisations.map((o: { slug: string; role: string }) => [o.slug, o.role])).toEqual(
      [
        ["ncm", "lead"],
        ["who-europe", "partner"],
        ["nhv", "partner"],
      ].sort((a, b) => (a[1] === "lead" ? -1 : b[1] === "lead" ? 1 : 0)),
    );
    expect(p.events.map((e: { slug: string }) => e.slug)).toContain("sample-health-care-access-seminar");
  });
});

describe("adding, correcting and erasing a person", () => {
  it("mails the new person a private link; they can view and correct their record", async () => {
    const res = await viewers.coordinator.post("/api/people", {
      name: "Liisa Esimerkki",
      title: "Hotline coordinator",
      email: "liisa.esimerkki@example.org",
      phone: "+372 5000 0000",
      countries: ["EE"],
      organisations: [{ id: "marta", role: "Volunteer" }],
      topics: ["victim-support"],
      lawfulBasis: "legitimate_interest",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.notified).toBe(true);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("liisa.esimerkki@example.org"));
    expect(mail.parsed.text).toContain("legitimate interest");
    const token = tokenFrom(mail);
    // Defaults are the most restrictive: nobody but coordinators sees her address or phone.
    const seen = (await viewers.partner.get(`/api/people/${res.body.id}`)).body;
    expect(seen.email).toBeUndefined();
    const own = await viewers.anonymous.post("/api/privacy/view", { token });
    expect(own.body).toMatchObject({
      name: "Liisa Esimerkki",
      email: "liisa.esimerkki@example.org",
      emailVisibility: "coordinators",
      lawfulBasis: "legitimate_interest",
    });
    const corrected = await viewers.anonymous.post("/api/privacy/correct", { token, title: "Hotline lead", emailVisibility: "partners" });
    expect(corrected.body.title).toBe("Hotline lead");
    expect((await viewers.partner.get(`/api/people/${res.body.id}`)).body.email).toBe("liisa.esimerkki@example.org");
  });

  it("erases the person so that their address is nowhere in the database", async () => {
    const res = await viewers.coordinator.post("/api/people", {
      name: "Erik Exempel",
      email: "erik.exempel@example.org",
      lawfulBasis: "consent",
      consentAt: "2030-03-01T10:00:00Z",
      organisations: [{ id: "ncm" }],
    });
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("erik.exempel@example.org"));
    await stack.db.client.execute({ sql: "INSERT INTO event_contacts (event_id, person_id) VALUES ('sample-task-force-meeting', ?)", args: [res.body.id] });
    expect((await viewers.anonymous.post("/api/privacy/erase", { token: tokenFrom(mail) })).status).toBe(204);

    const tables = (
      await stack.db.client.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%'")
    ).rows.map((r) => String(r.name));
    for (const table of tables) {
      const dump = await stack.db.client.execute(`SELECT * FROM "${table}"`);
      const text = JSON.stringify(dump.rows, (_, v) => (typeof v === "bigint" ? String(v) : v));
      expect(text, table).not.toContain("erik.exempel@example.org");
      expect(text, table).not.toContain("Erik Exempel");
      expect(text, table).not.toContain(res.body.id);
    }
    expect((await viewers.anonymous.get("/api/search?q=exempel")).body.people).toEqual([]);
    expect((await viewers.anonymous.post("/api/privacy/view", { token: tokenFrom(mail) })).status).toBe(404);
  });

  it("names bad input and keeps partners out", async () => {
    const bad = await viewers.coordinator.post("/api/people", { name: "X", lawfulBasis: "consent" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].field).toBe("consentAt");
    expect((await viewers.partner.post("/api/people", { name: "Y", lawfulBasis: "public_task" })).status).toBe(403);
  });
});

describe("editing organisations", () => {
  it("lets coordinators add organisations and partners edit their own, but not their kind or parent", async () => {
    const made = await viewers.coordinator.post("/api/organisations", {
      slug: "baltic-task-force",
      name: "Baltic Sea task force on trafficking",
      kind: "network",
      parentId: "ndphs",
      countries: ["EE", "LV", "LT"],
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect((await viewers.anonymous.get("/api/organisations/baltic-task-force")).body.parent.slug).toBe("ndphs");
    const own = await viewers.partner.patch("/api/organisations/marta", { city: "Rīga", website: "https://example.org/marta" });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect((await viewers.anonymous.get("/api/organisations/marta")).body.city).toBe("Rīga");
    const kind = await viewers.partner.patch("/api/organisations/marta", { kind: "research" });
    expect(kind.status).toBe(403);
    expect(kind.body.error.issues[0].field).toBe("kind");
    expect((await viewers.partner.patch("/api/organisations/nbpn", { city: "Oslo" })).status).toBe(403);
    const dup = await viewers.coordinator.post("/api/organisations", { slug: "marta", name: "Another", kind: "ngo" });
    expect(dup.status).toBe(409);
  });
});
