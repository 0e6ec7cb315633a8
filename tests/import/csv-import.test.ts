/** CSV import of organisations and people: per-row errors, all or nothing, notices sent later by cron. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

let coordinator: ApiClient;
const stack = useStack({ seedToday: "2030-03-04", smtp: true });
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

const count = async (sql: string) => Number((await stack.db.client.execute(sql)).rows[0].n);

describe("POST /api/import/csv", () => {
  it("reports each bad row with its line and field, and writes nothing while any row is wrong", async () => {
    const csv = [
      "slug,name,short_name,kind,parent,countries,city",
      "lt-hotline,Lithuanian hotline,,ngo,,LT,Vilnius",
      "bad slug!,Broken,,ngo,,,",
      "no-kind,No kind,,,,,",
      "child,Child unit,,network,lt-hotline,LT,",
    ].join("\r\n");
    const before = await count("SELECT count(*) AS n FROM organisations");
    const preview = await coordinator.post("/api/import/csv", { kind: "organisations", csv });
    expect(preview.status).toBe(200);
    expect(preview.body.errors).toEqual([
      { line: 3, field: "slug", rule: expect.stringContaining("lower-case"), code: "id" },
      { line: 4, field: "kind", rule: expect.stringContaining("must be one of"), code: "one_of" },
    ]);
    const refused = await coordinator.post("/api/import/csv", { kind: "organisations", csv, commit: true });
    expect(refused.status).toBe(422);
    expect(refused.body.committed).toBe(false);
    expect(await count("SELECT count(*) AS n FROM organisations")).toBe(before);
  });

  it("names each bad row by the line an editor shows it on, blank lines and line breaks in quoted cells counted", async () => {
    const csv = 'slug,name,kind\n\n\nok-line4,"Multi\nline\nname",ngo\nbad-line7,Bad,notakind\n';
    const res = await coordinator.post("/api/import/csv", { kind: "organisations", csv });
    // A name is one line: the row starting on line 4 is refused for it, the next on line 7 for its kind.
    expect(res.body.errors.map((e: { line: number; field: string }) => [e.line, e.field])).toEqual([
      [4, "name"],
      [7, "kind"],
    ]);
  });

  it("lists the first hundred errors of a file full of them and counts the rows, and refuses a file of more than 2,000 rows before reading them", async () => {
    const bad = await coordinator.post("/api/import/csv", { kind: "organisations", csv: `slug,name,kind\n${"x\n".repeat(1500)}` });
    expect(bad.status).toBe(200);
    expect([bad.body.rows, bad.body.errors.length, bad.body.errorRows]).toEqual([1500, 100, 1500]);
    const huge = await coordinator.post("/api/import/csv", { kind: "organisations", csv: `slug,name,kind\n${"x\n".repeat(2001)}` });
    expect([huge.status, huge.body.error.issues[0]]).toEqual([400, { field: "csv", rule: "must have at most 2000 rows", code: "too_many" }]);
  });

  it("imports a clean file whole, children after their parents", async () => {
    const csv = [
      "slug,name,short_name,kind,parent,countries,city",
      "lt-hotline,Lithuanian hotline,LTH,ngo,,LT,Vilnius",
      "child,Child unit,,network,lt-hotline,LT,",
    ].join("\r\n");
    const res = await coordinator.post("/api/import/csv", { kind: "organisations", csv, commit: true });
    expect(res.body).toMatchObject({ committed: true, rows: 2, errors: [] });
    expect((await coordinator.get("/api/organisations/child")).body.parent.slug).toBe("lt-hotline");
  });

  it("imports people, safe from formulas, and the cron tells them about their record once", async () => {
    const csv = [
      "name,title,email,email_visibility,phone,phone_visibility,organisations,countries,languages,topics,lawful_basis,consent_at",
      'Rasa Pavyzdys,"Counsellor, hotline",rasa.pavyzdys@example.org,partners,,,lt-hotline,LT,lt en,victim-support,legitimate_interest,',
      "=HYPERLINK(1),,,,,,,,,,public_task,",
    ].join("\r\n");
    const res = await coordinator.post("/api/import/csv", { kind: "people", csv, commit: true });
    expect(res.body.errors).toEqual([]);
    expect(res.body.committed).toBe(true);
    const tick = () => fetch(`${stack.worker.baseUrl}/__scheduled?cron=${encodeURIComponent("*/5 * * * *")}`);
    await tick();
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("rasa.pavyzdys@example.org"));
    expect(mail.parsed.text).toContain("/privacy#token=");
    await tick();
    expect(stack.smtp.messages.filter((m) => m.envelope.to.includes("rasa.pavyzdys@example.org"))).toHaveLength(1);
    // The odd name is stored as given, and neutralised when exported again.
    const exported = String((await coordinator.request("GET", "/api/export/people.csv")).body);
    expect(exported).toContain(",'=HYPERLINK(1),");
  });

  it("is for coordinators only", async () => {
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    expect((await partner.post("/api/import/csv", { kind: "people", csv: "name\r\nX" })).status).toBe(403);
  });
});
