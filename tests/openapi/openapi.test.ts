/** The OpenAPI description: complete, and built from the schemas the handlers use. */
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POLICY } from "../../functions/auth/policy.ts";
import { OPERATIONS } from "../../functions/openapi/openapi.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { startWorker, type TestWorker } from "../support/worker.ts";

let db: TestDatabase;
let worker: TestWorker;
beforeAll(async () => {
  db = await startDatabase({ migrate: true });
  worker = await startWorker({ LIBSQL_URL: db.url });
});
afterAll(async () => {
  await worker?.dispose();
  await db?.close();
});

describe("GET /api/openapi.json", () => {
  it("describes every route of the policy table, and only those", () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(POLICY).sort());
  });

  it("serves OpenAPI 3.1 with parameters and bodies from the API's own schemas", async () => {
    const doc = (await (await fetch(`${worker.baseUrl}/api/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
    expect(doc.servers[0].url).toBe(worker.baseUrl);
    const list = doc.paths["/api/events"].get;
    const names = list.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(["from", "to", "tz", "country", "audience", "language"]));
    expect(list.parameters.find((p: { name: string }) => p.name === "from").required).toBe(true);
    const create = doc.paths["/api/events"].post.requestBody.content["application/json"].schema;
    expect(create.required).toEqual(expect.arrayContaining(["title", "type", "startsAt", "endsAt", "timeZone", "organisers", "ownerOrganisationId"]));
    expect(create.properties.type.enum).toContain("study_visit");
    const patch = doc.paths["/api/events/{slug}"].patch;
    expect(patch.parameters.map((p: { name: string }) => p.name)).toEqual(["slug", "If-Match"]);
    expect(patch.responses["412"].description).toEqual(expect.any(String));
    expect(doc.paths["/api/users/{id}/role"].put.description).toContain("Admins");
  });

  it("has a readable page", async () => {
    const res = await fetch(`${worker.baseUrl}/api/docs`);
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(text).toContain("<code>/api/events/{slug}/approve</code>");
    expect(text).toContain("Coordinators and admins.");
  });
});
