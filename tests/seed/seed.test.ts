/** The demo data: what a new user sees after `npm start`, built from the 2009 report. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { documentRows, eventSeeds } from "../../scripts/seed/demo-data.ts";
import { isEmpty, seedDemo } from "../../scripts/seed/seed.ts";
import { documentCreateSchema } from "../../functions/directory/documents.routes.ts";
import { eventInput } from "../../functions/events/events.input.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";

const TODAY = "2031-01-15";
let db: TestDatabase;
beforeAll(async () => {
  db = await startDatabase({ migrate: true });
});
afterAll(() => db.close());

const rows = async (sql: string) => (await db.client.execute(sql)).rows;

describe("seedDemo", () => {
  it("fills an empty database with the report's organisations, projects, activities and documents", async () => {
    expect(await isEmpty(db.client)).toBe(true);
    await seedDemo(db.client, TODAY);
    expect(await isEmpty(db.client)).toBe(false);

    const orgs = (await rows("SELECT short_name FROM organisations")).map((r) => r.short_name);
    expect(orgs).toEqual(expect.arrayContaining(["NCM", "NDPHS", "WHO Europe", "NHV", "Fafo", "NIKK", "NBPN", "Marta", "MR-JÄM"]));

    const [mobility] = await rows("SELECT budget_amount, budget_currency, start_date FROM projects WHERE slug = 'mobility-programme'");
    expect(mobility).toMatchObject({ budget_amount: 3150000, budget_currency: "DKK", start_date: "2007-01-01" });
    const partners = await rows("SELECT organisation_id FROM project_organisations WHERE project_id = 'health-care-access' AND role = 'partner' ORDER BY 1");
    expect(partners.map((r) => r.organisation_id)).toEqual(["nhv", "who-europe"]);

    const [mou] = await rows("SELECT issued_on, kind FROM documents WHERE slug = 'nb8-mou-2009'");
    expect(mou).toMatchObject({ issued_on: "2009-03-04", kind: "memorandum" });

    const [riga] = await rows("SELECT starts_at, ends_at, city FROM events WHERE slug = 'riga-campaign-seminar-2005'");
    expect(riga).toMatchObject({ starts_at: "2005-12-09", ends_at: "2005-12-11", city: "Riga" });
  });

  it("places clearly marked sample events in the coming months and marks every person as a sample", async () => {
    const upcoming = await rows(`SELECT slug, is_sample, starts_at FROM events WHERE starts_at >= '${TODAY}' ORDER BY starts_at`);
    expect(upcoming.length).toBeGreaterThanOrEqual(10);
    expect(upcoming.every((r) => r.is_sample === 1)).toBe(true);
    const last = String(upcoming[upcoming.length - 1].starts_at).slice(0, 10);
    expect(last > "2031-05-01").toBe(true);
    // Something is on in the first days, so the current month is never empty.
    expect(String(upcoming[0].starts_at) <= "2031-01-17").toBe(true);
    const people = await rows("SELECT is_sample, email FROM people");
    expect(people.every((p) => p.is_sample === 1)).toBe(true);
    expect(people.every((p) => p.email === null || String(p.email).endsWith("@example.org"))).toBe(true);
  });

  it("gives busy-only and partner-only demo events opaque slugs and ids, as every other non-public event", async () => {
    const hidden = await rows("SELECT id, slug, title FROM events WHERE visibility <> 'public'");
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    for (const e of hidden) {
      expect(String(e.slug)).toMatch(/^e-[0-9a-f]{16}$/);
      // The id shows in the month API and in feeds' UIDs: it must not spell the title either.
      const words = String(e.title)
        .toLowerCase()
        .match(/[a-z]{4,}/g)!;
      for (const word of words) expect(String(e.id).toLowerCase()).not.toContain(word);
    }
  });

  it("replaces the data when run again instead of duplicating it", async () => {
    const count = async () => (await rows("SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM event_organisers) AS o")).at(0);
    const before = await count();
    await seedDemo(db.client, "2031-06-01");
    expect(await count()).toEqual(before);
    const [first] = await rows("SELECT min(starts_at) AS s FROM events WHERE is_sample = 1");
    expect(String(first.s) >= "2031-05-29").toBe(true);
  });
});

describe("demo data", () => {
  it("passes the rules the API applies to what people enter (dates in range, events at most 366 days)", () => {
    for (const e of eventSeeds(TODAY)) {
      const { id: _id, contacts: _c, projects: _p, documents: _d, moderation: _m, isSample: _s, ...fields } = e as Record<string, unknown>;
      const checked = eventInput.safeParse({ ownerOrganisationId: (fields.organisers as string[])[0], ...fields });
      expect(checked.success, `${e.id}: ${JSON.stringify(checked.error?.issues)}`).toBe(true);
    }
    for (const d of documentRows) {
      expect(documentCreateSchema.shape.issuedOn.safeParse(d.issuedOn).success, d.slug).toBe(true);
    }
  });
});
