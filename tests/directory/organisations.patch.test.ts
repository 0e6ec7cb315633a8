/**
 * PATCH /api/organisations/:slug: only the fields sent change, a parent cannot close a cycle, and
 * an edit that changes nothing leaves no audit entry.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let coordinator: ApiClient;
let partner: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

describe("PATCH /api/organisations/:slug changes only the fields sent", () => {
  it("a partner's city edit keeps the organisation's countries, kind and description", async () => {
    const before = (await stack.db.client.execute("SELECT kind, countries, description, city FROM organisations WHERE id = 'marta'")).rows[0];
    await stack.db.client.execute(`UPDATE organisations SET countries = '["LV","EE","LT"]' WHERE id = 'marta'`);
    const res = await partner.patch("/api/organisations/marta", { city: "Jūrmala" });
    expect(res.status).toBe(200);
    const after = (await stack.db.client.execute("SELECT kind, countries, description, city FROM organisations WHERE id = 'marta'")).rows[0];
    expect(after.city).toBe("Jūrmala");
    expect(JSON.parse(String(after.countries))).toEqual(["LV", "EE", "LT"]);
    expect(after.kind).toBe(before.kind);
    expect(after.description).toBe(before.description);
  });

  it("refuses a parent that would close a cycle, naming parentId, and both organisations stay in the directory", async () => {
    const org = (slug: string) => coordinator.post("/api/organisations", { slug, name: `Cycle test ${slug}`, kind: "ngo" });
    for (const slug of ["cycle-a", "cycle-b", "cycle-c"]) expect((await org(slug)).status).toBe(201);
    expect((await coordinator.patch("/api/organisations/cycle-b", { parentId: "cycle-a" })).status).toBe(200);
    expect((await coordinator.patch("/api/organisations/cycle-c", { parentId: "cycle-b" })).status).toBe(200);
    const audits = async () => Number((await stack.db.client.execute("SELECT count(*) AS n FROM audit_log WHERE entity = 'organisation'")).rows[0].n);
    const before = await audits();

    const refused = await coordinator.patch("/api/organisations/cycle-a", { parentId: "cycle-c" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.issues[0].field).toBe("parentId");
    expect(await audits()).toBe(before);
    const { rows } = await stack.db.client.execute("SELECT parent_id FROM organisations WHERE id = 'cycle-a'");
    expect(rows[0].parent_id).toBeNull();
    const listed = (await new ApiClient(stack.worker.baseUrl).get("/api/organisations")).body.organisations.map((o: { slug: string }) => o.slug);
    expect(listed).toEqual(expect.arrayContaining(["cycle-a", "cycle-b", "cycle-c"]));
  });

  it("a PATCH that changes nothing writes no audit entry", async () => {
    const audits = async () =>
      Number((await stack.db.client.execute("SELECT count(*) AS n FROM audit_log WHERE entity = 'organisation' AND entity_id = 'marta'")).rows[0].n);
    const before = await audits();
    const { rows } = await stack.db.client.execute("SELECT city FROM organisations WHERE id = 'marta'");
    expect((await partner.patch("/api/organisations/marta", { city: rows[0].city })).status).toBe(200);
    expect(await audits()).toBe(before);
  });
});
