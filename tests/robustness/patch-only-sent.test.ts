/**
 * PATCH means "change only these" for people, projects, holds and digest subscriptions (events:
 * tests/events/events.patch.test.ts; organisations: tests/directory/organisations.patch.test.ts).
 * For every field F and any sequence of one-field PATCHes of the other fields, F keeps its stored
 * value, as every role that may edit; the audit entry of each such PATCH names only its field; a
 * PATCH that changes nothing writes nothing. Then the object rules (403), bad values (400 naming
 * the field), unknown records (404) and what a reader of the directory notices.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { tokenFrom } from "../support/smtp.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04", smtp: true });
let coordinator: ApiClient;
let partner: ApiClient;
let otherPartner: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  otherPartner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
});

/** How a resource is made, read back from the database and changed, for the generic checks below. */
interface Resource {
  name: string;
  /** The audit log's entity name. */
  entity: string;
  /** Who may edit, and the fields each may change. */
  editors: () => { client: ApiClient; fields: string[] }[];
  /** A new record, every field away from its default; its PATCH path and id in the audit log. */
  create: (client: ApiClient, n: number) => Promise<{ path: string; id: string }>;
  /** The stored record, by the API's field names; `json` columns are parsed. */
  select: string;
  json: string[];
  /** Two values each field (or group of fields) can take, so a PATCH can always change it. */
  alternatives: Record<string, [unknown, unknown]>;
  /** A group such as `dates` stands for these fields. */
  groups?: Record<string, string[]>;
}

let counter = 0;

async function stored(r: Resource, id: string): Promise<Record<string, unknown>> {
  const { rows } = await stack.db.client.execute({ sql: r.select, args: [id] });
  expect(rows, `${r.name} ${id} is stored`).toHaveLength(1);
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, r.json.includes(k) && typeof v === "string" ? JSON.parse(v) : v]));
}

const fieldsOf = (r: Resource, field: string) => r.groups?.[field] ?? [field];
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function lastAudit(entity: string, id: string) {
  const { rows } = await stack.db.client.execute({
    sql: "SELECT id, action, before, after FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id DESC LIMIT 1",
    args: [entity, id],
  });
  return rows[0]
    ? {
        id: Number(rows[0].id),
        action: String(rows[0].action),
        before: JSON.parse(String(rows[0].before ?? "{}")),
        after: JSON.parse(String(rows[0].after ?? "{}")),
      }
    : null;
}

/** One PATCH of `field` to a value it does not have; every other field must stay as stored. */
async function patchOne(r: Resource, client: ApiClient, record: { path: string; id: string }, field: string): Promise<void> {
  const before = await stored(r, record.id);
  const [a, b] = r.alternatives[field];
  const names = fieldsOf(r, field);
  const body = r.groups?.[field]
    ? ((same((a as Record<string, unknown>)[names[0]], before[names[0]]) ? b : a) as Record<string, unknown>)
    : { [field]: same(a, before[field]) ? b : a };
  const res = await client.patch(record.path, body);
  expect(res.status, `${r.name}: PATCH ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`).toBe(200);

  const after = await stored(r, record.id);
  const changed = Object.keys(after).filter((k) => !same(after[k], before[k]));
  expect(
    changed.filter((k) => !names.includes(k)),
    `${r.name}: PATCH ${JSON.stringify(body)} changed other fields`,
  ).toEqual([]);
  expect(changed.length, `${r.name}: PATCH ${JSON.stringify(body)} changed nothing`).toBeGreaterThan(0);

  const entry = await lastAudit(r.entity, record.id);
  expect(entry?.action).toBe(`${r.entity}.update`);
  expect(Object.keys(entry!.after).sort(), `${r.name}: the audit entry names only what changed`).toEqual(changed.sort());
  expect(Object.keys(entry!.before).sort()).toEqual(changed.sort());
}

const people: Resource = {
  name: "people",
  entity: "person",
  editors: () => [{ client: coordinator, fields: Object.keys(people.alternatives) }],
  async create(client, n) {
    const res = await client.post("/api/people", {
      name: `Patch Person ${n}`,
      title: "Case manager",
      email: `patch.person.${n}@example.org`,
      emailVisibility: "partners",
      phone: "+371 2000 0000",
      phoneVisibility: "public",
      countries: ["LV", "EE"],
      languages: ["lv", "ru"],
      organisations: [{ id: "marta", role: "Case manager" }],
      topics: ["prevention", "victim-support"],
      lawfulBasis: "consent",
      consentAt: "2030-01-01T00:00:00.000Z",
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { path: `/api/people/${res.body.id}`, id: res.body.id };
  },
  select: `SELECT name, title, email, email_visibility AS emailVisibility, phone, phone_visibility AS phoneVisibility, countries, languages, lawful_basis AS lawfulBasis, consent_at AS consentAt,
             (SELECT json_group_array(json_object('id', organisation_id, 'role', role)) FROM (SELECT * FROM person_organisations WHERE person_id = people.id ORDER BY organisation_id)) AS organisations,
             (SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM person_topics WHERE person_id = people.id ORDER BY topic_id)) AS topics
           FROM people WHERE id = ?`,
  json: ["countries", "languages", "organisations", "topics"],
  alternatives: {
    name: ["Renamed Person A", "Renamed Person B"],
    title: ["Head of unit", null],
    email: ["other.address@example.org", null],
    emailVisibility: ["coordinators", "public"],
    phone: ["+372 5000 0000", null],
    phoneVisibility: ["coordinators", "partners"],
    countries: [["FI"], []],
    languages: [["en"], []],
    organisations: [
      [{ id: "marta", role: null }],
      [
        { id: "marta", role: "Lawyer" },
        { id: "ncm", role: null },
      ],
    ],
    topics: [["prevention"], []],
    lawfulBasis: ["public_task", "legitimate_interest"],
    consentAt: ["2030-02-01T00:00:00.000Z", "2030-02-02T00:00:00.000Z"],
  },
};

const projects: Resource = {
  name: "projects",
  entity: "project",
  // Which organisations a project names is reserved to coordinators.
  editors: () => [
    { client: coordinator, fields: Object.keys(projects.alternatives) },
    { client: partner, fields: Object.keys(projects.alternatives).filter((f) => f !== "organisations") },
  ],
  async create(_client, n) {
    const res = await coordinator.post("/api/projects", {
      slug: `patch-project-${n}`,
      title: `Patch project ${n}`,
      description: "Exchange of case workers",
      status: "ongoing",
      startDate: "2029-01-01",
      endDate: "2031-12-31",
      budgetAmount: 250000,
      budgetCurrency: "DKK",
      fundingSource: "Nordic Council of Ministers",
      countries: ["LV", "LT"],
      organisations: [
        { id: "marta", role: "lead" },
        { id: "ncm", role: "partner" },
      ],
      topics: ["prevention", "victim-support"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { path: `/api/projects/patch-project-${n}`, id: `patch-project-${n}` };
  },
  select: `SELECT title, description, status, start_date AS startDate, end_date AS endDate, budget_amount AS budgetAmount, budget_currency AS budgetCurrency, funding_source AS fundingSource, countries,
             (SELECT json_group_array(json_object('id', organisation_id, 'role', role)) FROM (SELECT * FROM project_organisations WHERE project_id = projects.id ORDER BY organisation_id)) AS organisations,
             (SELECT json_group_array(topic_id) FROM (SELECT topic_id FROM project_topics WHERE project_id = projects.id ORDER BY topic_id)) AS topics
           FROM projects WHERE id = ?`,
  json: ["countries", "organisations", "topics"],
  alternatives: {
    title: ["Renamed project A", "Renamed project B"],
    description: ["Another description", null],
    status: ["completed", "planned"],
    startDate: ["2029-02-01", "2029-03-01"],
    endDate: ["2031-06-30", null],
    budgetAmount: [1000, null],
    budgetCurrency: ["EUR", "SEK"],
    fundingSource: ["EEA grants", null],
    countries: [["EE"], []],
    organisations: [
      [{ id: "marta", role: "lead" }],
      [
        { id: "marta", role: "lead" },
        { id: "nbpn", role: "partner" },
      ],
    ],
    topics: [["prevention"], []],
  },
};

const holds: Resource = {
  name: "holds",
  entity: "hold",
  // A partner may move a hold only among their own organisations; Marta's partner has one.
  editors: () => [
    { client: coordinator, fields: Object.keys(holds.alternatives) },
    { client: partner, fields: Object.keys(holds.alternatives).filter((f) => f !== "organisationId") },
  ],
  async create(client, n) {
    const res = await client.post("/api/holds", {
      organisationId: "marta",
      title: `Patch hold ${n}`,
      startsOn: "2030-06-10",
      endsOn: "2030-06-12",
      expiresOn: "2030-05-01",
      countries: ["LV"],
      audiences: ["police"],
      topics: ["prevention"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return { path: `/api/holds/${res.body.id}`, id: res.body.id };
  },
  select:
    "SELECT organisation_id AS organisationId, title, starts_on AS startsOn, ends_on AS endsOn, expires_on AS expiresOn, countries, audiences, topics FROM holds WHERE id = ?",
  json: ["countries", "audiences", "topics"],
  alternatives: {
    organisationId: ["ncm", "nbpn"],
    title: ["Renamed hold A", "Renamed hold B"],
    startsOn: ["2030-06-09", "2030-06-11"],
    endsOn: ["2030-06-13", "2030-06-14"],
    expiresOn: ["2030-05-02", "2030-05-03"],
    countries: [["EE"], []],
    audiences: [["ngos"], []],
    topics: [["victim-support"], []],
  },
};

/** Each signed-in user edits their own subscription; each run starts from a whole one (PUT). */
const subscriptions: Resource = {
  name: "subscriptions",
  entity: "subscription",
  editors: () => [
    { client: coordinator, fields: Object.keys(subscriptions.alternatives) },
    { client: partner, fields: Object.keys(subscriptions.alternatives) },
  ],
  async create(client) {
    const res = await client.request("PUT", "/api/me/subscription", {
      json: {
        active: true,
        countries: ["LV", "EE"],
        topics: ["prevention"],
        audiences: ["police"],
        organisations: ["marta"],
        language: "lv",
        timeZone: "Europe/Riga",
        weeksAhead: 6,
        emptyNote: true,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const me = await client.get("/api/me");
    const { rows } = await stack.db.client.execute({ sql: "SELECT id FROM subscriptions WHERE user_id = ?", args: [me.body.user.id] });
    return { path: "/api/me/subscription", id: String(rows[0].id) };
  },
  select: `SELECT CASE WHEN unsubscribed_at IS NULL THEN 'true' ELSE 'false' END AS active, countries, topics, audiences, organisations, language, time_zone AS timeZone, weeks_ahead AS weeksAhead,
             CASE WHEN empty_note THEN 'true' ELSE 'false' END AS emptyNote FROM subscriptions WHERE id = ?`,
  json: ["active", "countries", "topics", "audiences", "organisations", "emptyNote"],
  alternatives: {
    active: [false, true],
    countries: [["FI"], []],
    topics: [["victim-support"], []],
    audiences: [["ngos"], []],
    organisations: [["ncm"], []],
    language: ["de", "ru"],
    timeZone: ["Europe/Helsinki", "Europe/Oslo"],
    weeksAhead: [2, 12],
    emptyNote: [false, true],
  },
};

const RESOURCES = [people, projects, holds, subscriptions];

describe.each(RESOURCES.map((r) => [r.name, r] as const))("PATCH of %s changes only the fields sent", (_, r) => {
  it("every field, one after another, by every role that may edit, leaves every other field as stored", async () => {
    for (const { client, fields } of r.editors()) {
      const record = await r.create(client, ++counter);
      for (const field of fields) await patchOne(r, client, record, field);
    }
  });

  it("holds for any sequence of one-field PATCHes", async () => {
    const editors = r.editors();
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 0, max: editors.length - 1 })
          .chain((i) => fc.tuple(fc.constant(i), fc.array(fc.constantFrom(...editors[i].fields), { minLength: 1, maxLength: 5 }))),
        async ([i, fields]) => {
          const { client } = editors[i];
          const record = await r.create(client, ++counter);
          for (const field of fields) await patchOne(r, client, record, field);
        },
      ),
      { numRuns: 6, seed: 20301204 },
    );
  });

  it("a PATCH that sends the stored values writes nothing: no audit entry, no new timestamp", async () => {
    const [{ client }] = r.editors();
    const record = await r.create(client, ++counter);
    const current = await stored(r, record.id);
    const table = { person: "people", project: "projects", hold: "holds", subscription: "subscriptions" }[r.entity]!;
    const stamp = async () => (await stack.db.client.execute({ sql: `SELECT * FROM ${table} WHERE id = ?`, args: [record.id] })).rows[0];
    const before = { audit: await lastAudit(r.entity, record.id), row: await stamp() };
    const unchanged = Object.fromEntries(
      Object.keys(r.alternatives)
        .flatMap((f) => fieldsOf(r, f))
        .map((f) => [f, current[f]]),
    );
    const res = await client.patch(record.path, unchanged);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(await lastAudit(r.entity, record.id)).toEqual(before.audit);
    expect(await stamp()).toEqual(before.row);
  });

  it("refuses an unknown field and a bad value with a 400 naming the field, and changes nothing", async () => {
    const [{ client }] = r.editors();
    const record = await r.create(client, ++counter);
    const before = await stored(r, record.id);
    const unknown = await client.patch(record.path, { nonsense: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.issues[0].field).toBe("nonsense");
    const bad = {
      people: { emailVisibility: "everyone" },
      projects: { status: "abandoned" },
      holds: { startsOn: "2030-13-01" },
      subscriptions: { weeksAhead: 99 },
    }[r.name]!;
    const refused = await client.patch(record.path, { ...bad, [Object.keys(r.alternatives)[1]]: r.alternatives[Object.keys(r.alternatives)[1]][0] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues.map((i: { field: string }) => i.field)).toEqual([Object.keys(bad)[0]]);
    expect(await stored(r, record.id)).toEqual(before);
  });
});

describe("PATCH /api/people/:id", () => {
  it("a phone edit keeps an address hidden from anonymous readers when it was for coordinators only", async () => {
    const created = await coordinator.post("/api/people", {
      name: "Hidden Address",
      email: "hidden.address@example.org",
      phone: "+371 2111 1111",
      phoneVisibility: "public",
      lawfulBasis: "public_task",
    });
    expect(created.status).toBe(201);
    expect((await coordinator.patch(`/api/people/${created.body.id}`, { phone: "+371 2999 9999" })).status).toBe(200);
    const seen = await new ApiClient(stack.worker.baseUrl).get(`/api/people/${created.body.id}`);
    expect(seen.body.phone).toBe("+371 2999 9999");
    expect(JSON.stringify(seen.body)).not.toContain("hidden.address");
  });

  it("the audit entry names a changed address, never the address itself", async () => {
    const created = await coordinator.post("/api/people", { name: "Audited Person", email: "audited.first@example.org", lawfulBasis: "public_task" });
    await coordinator.patch(`/api/people/${created.body.id}`, { email: "audited.second@example.org" });
    const entry = await lastAudit("person", created.body.id);
    expect(entry?.after).toEqual({ email: "[redacted]" });
    expect(JSON.stringify(entry)).not.toContain("audited.");
  });

  it("a first address gets the person their private link from the next notice tick", async () => {
    const created = await coordinator.post("/api/people", { name: "Later Address", lawfulBasis: "public_task" });
    expect(created.body.notified).toBe(false);
    expect((await coordinator.patch(`/api/people/${created.body.id}`, { email: "later.address@example.org" })).status).toBe(200);
    await fetch(`${stack.worker.baseUrl}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("later.address@example.org"));
    expect(mail.parsed.text).toMatch(/\/privacy#token=/);
  });

  it("the person's own correction through their link changes only what they sent, and a repeat writes nothing", async () => {
    const created = await coordinator.post("/api/people", {
      name: "Self Corrector",
      email: "self.corrector@example.org",
      emailVisibility: "partners",
      phone: "+371 2333 3333",
      lawfulBasis: "public_task",
    });
    const token = tokenFrom(await stack.smtp.waitFor((m) => m.envelope.to.includes("self.corrector@example.org")));
    const anonymous = new ApiClient(stack.worker.baseUrl);
    const before = await stored(people, created.body.id);
    expect((await anonymous.post("/api/privacy/correct", { token, title: "Shelter lead" })).status).toBe(200);
    const after = await stored(people, created.body.id);
    expect({ ...after, title: before.title }).toEqual(before);
    expect(after.title).toBe("Shelter lead");
    const entry = await lastAudit("person", created.body.id);
    expect(entry).toMatchObject({ action: "person.correct", after: { title: "[redacted]" } });
    expect(Object.keys(entry!.after)).toEqual(["title"]);
    expect((await anonymous.post("/api/privacy/correct", { token, title: "Shelter lead" })).status).toBe(200);
    expect(await lastAudit("person", created.body.id)).toEqual(entry);
  });

  it("needs a consent date when the lawful basis becomes consent, naming consentAt", async () => {
    const created = await coordinator.post("/api/people", { name: "No Consent Date", lawfulBasis: "public_task" });
    const res = await coordinator.patch(`/api/people/${created.body.id}`, { lawfulBasis: "consent" });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("consentAt");
  });

  it("shows who may see each contact field to coordinators, who edit it, and to nobody else", async () => {
    expect((await coordinator.get("/api/people/sample-erika-mustermann")).body.contact).toEqual({
      emailVisibility: "coordinators",
      phoneVisibility: "coordinators",
    });
    expect((await partner.get("/api/people/sample-erika-mustermann")).body).not.toHaveProperty("contact");
    expect((await new ApiClient(stack.worker.baseUrl).get("/api/people/sample-erika-mustermann")).body).not.toHaveProperty("contact");
  });

  it("is for coordinators only, and 404 for nobody", async () => {
    const before = await stored(people, "sample-janis-berzins");
    expect((await partner.patch("/api/people/sample-janis-berzins", { title: "Changed by a partner" })).status).toBe(403);
    expect(await stored(people, "sample-janis-berzins")).toEqual(before);
    expect((await coordinator.patch("/api/people/nobody-here", { title: "x" })).status).toBe(404);
  });
});

describe("PATCH /api/projects/:slug and POST /api/projects", () => {
  it("a coordinator's new project is in the directory, with its lead first", async () => {
    const record = await projects.create(coordinator, ++counter);
    const listed = await new ApiClient(stack.worker.baseUrl).get(`/api/projects?organisation=marta`);
    const found = listed.body.projects.find((p: { slug: string }) => p.slug === record.id);
    expect(found.organisations.map((o: { id: string }) => o.id)).toEqual(["marta", "ncm"]);
  });

  it("another organisation's partner gets 403 and nothing changes", async () => {
    const record = await projects.create(coordinator, ++counter);
    const before = await stored(projects, record.id);
    const res = await otherPartner.patch(record.path, { title: "Taken over" });
    expect(res.status).toBe(403);
    expect(await stored(projects, record.id)).toEqual(before);
  });

  it("a partner of the project may not change which organisations it names", async () => {
    const record = await projects.create(coordinator, ++counter);
    const res = await partner.patch(record.path, {
      organisations: [
        { id: "marta", role: "lead" },
        { id: "nbpn", role: "partner" },
      ],
    });
    expect(res.status).toBe(403);
    expect(res.body.error.issues[0].field).toBe("organisations");
  });

  it("refuses an end before the stored start, naming endDate", async () => {
    const record = await projects.create(coordinator, ++counter);
    const res = await coordinator.patch(record.path, { endDate: "2028-12-31" });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("endDate");
  });

  it("needs exactly one lead, and 404 for an unknown project", async () => {
    const record = await projects.create(coordinator, ++counter);
    const res = await coordinator.patch(record.path, { organisations: [{ id: "marta", role: "partner" }] });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("organisations");
    expect((await coordinator.patch("/api/projects/no-such-project", { title: "x" })).status).toBe(404);
  });
});

describe("PATCH /api/holds/:id", () => {
  it("another organisation's partner gets 403 and nothing changes", async () => {
    const record = await holds.create(partner, ++counter);
    const before = await stored(holds, record.id);
    const res = await otherPartner.patch(record.path, { title: "Taken over" });
    expect(res.status).toBe(403);
    expect(await stored(holds, record.id)).toEqual(before);
  });

  it("a partner may not move a hold to another organisation", async () => {
    const record = await holds.create(partner, ++counter);
    const res = await partner.patch(record.path, { organisationId: "nbpn" });
    expect(res.status).toBe(403);
    expect(res.body.error.issues[0].field).toBe("organisationId");
  });

  it("refuses dates that clash with the stored ones, naming the field", async () => {
    const record = await holds.create(partner, ++counter);
    const res = await partner.patch(record.path, { startsOn: "2030-06-20" });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].field).toBe("endsOn");
  });

  it("is 404 for an unknown or released hold", async () => {
    const record = await holds.create(partner, ++counter);
    expect((await partner.delete(record.path)).status).toBe(204);
    expect((await partner.patch(record.path, { title: "Back again" })).status).toBe(404);
    expect((await partner.patch("/api/holds/no-such-hold", { title: "x" })).status).toBe(404);
  });
});

describe("PATCH /api/me/subscription", () => {
  it("changing how far ahead keeps the topics chosen on the preferences page", async () => {
    const record = await subscriptions.create(partner, ++counter);
    const res = await partner.patch(record.path, { weeksAhead: 3 });
    expect(res.status).toBe(200);
    expect(res.body.subscription).toMatchObject({ weeksAhead: 3, topics: ["prevention"], countries: ["LV", "EE"], language: "lv", active: true });
  });

  it("is 404 before there is a subscription", async () => {
    const newcomer = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    await stack.db.client.execute({ sql: "DELETE FROM subscriptions WHERE user_id = ?", args: [SAMPLE.partnerNbpn] });
    expect((await newcomer.patch("/api/me/subscription", { weeksAhead: 3 })).status).toBe(404);
  });
});

/** What a browser sends when the form of `html` is submitted untouched. */
function untouchedForm(html: string): URLSearchParams {
  const form = new URLSearchParams();
  for (const m of html.matchAll(/<input type="checkbox" name="(\w+)"(?: value="([^"]*)")?( checked)?>/g)) if (m[3]) form.append(m[1], m[2] ?? "on");
  for (const m of html.matchAll(/<select id="\w+" name="(\w+)">(.*?)<\/select>/gs)) {
    const chosen = /<option(?: value="([^"]*)")? selected>([^<]*)<\/option>/.exec(m[2]);
    if (chosen) form.append(m[1], chosen[1] ?? chosen[2]);
  }
  for (const m of html.matchAll(/<input id="\w+" name="(\w+)" type="number"[^>]* value="([^"]*)">/g)) form.append(m[1], m[2]);
  return form;
}

describe("the digest's preferences page", () => {
  it("saved untouched, keeps a country chosen outside the region and writes nothing", async () => {
    const record = await subscriptions.create(coordinator, ++counter);
    expect((await coordinator.patch(record.path, { countries: ["LV", "FR"] })).status).toBe(200);
    const before = { row: await stored(subscriptions, record.id), audit: await lastAudit("subscription", record.id) };
    const url = (await coordinator.get("/api/me/subscription")).body.preferencesUrl as string;
    const page = await (await fetch(url)).text();
    const saved = await fetch(url, { method: "POST", body: untouchedForm(page) });
    expect(saved.status).toBe(200);
    expect(await stored(subscriptions, record.id)).toEqual(before.row);
    expect(await lastAudit("subscription", record.id)).toEqual(before.audit);
  });

  it("a change made there is audited as that field alone", async () => {
    const record = await subscriptions.create(coordinator, ++counter);
    const url = (await coordinator.get("/api/me/subscription")).body.preferencesUrl as string;
    const form = untouchedForm(await (await fetch(url)).text());
    form.set("weeksAhead", "9");
    expect((await fetch(url, { method: "POST", body: form })).status).toBe(200);
    const entry = await lastAudit("subscription", record.id);
    expect(entry?.after).toEqual({ weeksAhead: 9 });
    expect(entry?.before).toEqual({ weeksAhead: 6 });
  });
});

describe("two PATCHes at once", () => {
  // Each alone is allowed; together they would put the end before the start. Whichever lands
  // second must find the dates it checked changed (409, or 400 once it reads the new ones).
  const race = async (path: string, reset: object, a: object, b: object, read: () => Promise<[string, string]>) => {
    for (let round = 0; round < 8; round++) {
      expect((await coordinator.patch(path, reset)).status).toBe(200);
      const [ra, rb] = await Promise.all([coordinator.patch(path, a), coordinator.patch(path, b)]);
      expect([ra.status, rb.status]).toContain(200);
      for (const res of [ra, rb]) expect([200, 400, 409], JSON.stringify(res.body)).toContain(res.status);
      const [start, end] = await read();
      expect(end >= start, `start ${start}, end ${end}`).toBe(true);
    }
  };

  it("never leave a project ending before it starts", async () => {
    const record = await projects.create(coordinator, ++counter);
    await race(record.path, { startDate: "2029-01-01", endDate: "2031-12-31" }, { startDate: "2030-06-01" }, { endDate: "2030-01-01" }, async () => {
      const s = await stored(projects, record.id);
      return [String(s.startDate), String(s.endDate)];
    });
  });

  it("never leave a hold ending before it starts", async () => {
    const record = await holds.create(coordinator, ++counter);
    await race(record.path, { startsOn: "2030-06-10", endsOn: "2030-06-12" }, { startsOn: "2030-06-12" }, { endsOn: "2030-06-10" }, async () => {
      const s = await stored(holds, record.id);
      return [String(s.startsOn), String(s.endsOn)];
    });
  });
});
