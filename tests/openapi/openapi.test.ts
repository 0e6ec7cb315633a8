/** The OpenAPI description: complete, built from the schemas the handlers use, and usable by tools. */
import { Validator } from "@seriousme/openapi-schema-validator";
import { beforeAll, describe, expect, it } from "vitest";
import { POLICY, TOKEN_SCOPE } from "../../functions/auth/policy.ts";
import { OPERATIONS } from "../../functions/openapi/openapi.ts";
import { RESPONSE_SCHEMAS, type ResponseName } from "../../functions/openapi/responses.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let doc: any;
let coordinator: ApiClient;
beforeAll(async () => {
  doc = await (await fetch(`${stack.worker.baseUrl}/api/openapi.json`)).json();
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

/** Every operation of the served document with its method, path and policy key. */
function operations(): { key: string; method: string; path: string; op: any }[] {
  return Object.entries<Record<string, any>>(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`, method, path, op })),
  );
}

describe("GET /api/openapi.json", () => {
  it("describes every route of the policy table, and only those", () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(POLICY).sort());
    expect(
      operations()
        .map((o) => o.key)
        .sort(),
    ).toEqual(Object.keys(POLICY).sort());
  });

  it("serves OpenAPI 3.1 with parameters and bodies from the API's own schemas", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await new Validator().validate(doc);
    expect(result.valid, JSON.stringify(result.errors)).toBe(true);
    expect(doc.servers[0].url).toBe(stack.worker.baseUrl);
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

  it("names every operation once, camelCase verb and noun, with a summary, so generated clients get usable names", () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(
      ids.every((id) => /^[a-z]+[A-Z][A-Za-z]*$/.test(id)),
      ids.join(", "),
    ).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths["/api/events"].get.operationId).toBe("listEvents");
    expect(doc.paths["/api/events/{slug}/submit"].post.operationId).toBe("submitEvent");
    for (const { key, op } of operations()) expect(op.summary, key).toEqual(expect.stringMatching(/\S/));
  });

  it("groups every operation under a tag the document describes", () => {
    const tags = new Map(doc.tags.map((t: { name: string; description: string }) => [t.name, t.description]));
    for (const { key, op } of operations()) {
      expect(op.tags, key).toHaveLength(1);
      expect(tags.get(op.tags[0]), key).toEqual(expect.any(String));
    }
  });

  it("asks for a session where the policy needs a signed-in caller, and offers an API token exactly where a scope opens the route", () => {
    const schemes = doc.components.securitySchemes;
    expect(schemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(schemes.cookieAuth).toMatchObject({ type: "apiKey", in: "cookie" });
    for (const { key, op } of operations()) {
      const optional = op.security.some((s: object) => Object.keys(s).length === 0);
      expect(optional, key).toBe(POLICY[key] === "anyone");
      expect(op.security, key).toContainEqual({ cookieAuth: [] });
      expect(
        op.security.some((s: object) => "bearerAuth" in s),
        key,
      ).toBe(TOKEN_SCOPE[key] !== undefined);
      if (POLICY[key] !== "anyone") expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(["401", "403"]));
    }
  });

  it("names the cookie the API reads the session from", async () => {
    const { name } = doc.components.securitySchemes.cookieAuth;
    const cookie = coordinator.cookie!.split("=").slice(1).join("=");
    const me = await new ApiClient(stack.worker.baseUrl, `${name}=${cookie}`).get("/api/me");
    expect(me.body.user.id).toBe(SAMPLE.coordinator);
  });

  it("answers every 4xx (and the 503) with the error body, field and rule codes included", () => {
    const error = doc.components.schemas.ErrorBody;
    expect(error.properties.error.properties.issues.items.required).toEqual(["field", "rule", "code"]);
    for (const { key, op } of operations()) {
      const failures = Object.entries<any>(op.responses).filter(([status]) => /^[45]/.test(status));
      expect(
        failures.some(([status]) => status.startsWith("4")),
        key,
      ).toBe(true);
      for (const [status, response] of failures) {
        expect(response.content["application/json"].schema, `${key} ${status}`).toEqual({ $ref: "#/components/schemas/ErrorBody" });
        expect(Object.keys(response.content["application/json"].examples).length, `${key} ${status}`).toBeGreaterThan(0);
      }
    }
    const created = doc.paths["/api/events"].post.responses;
    expect(Object.keys(created)).toEqual(expect.arrayContaining(["201", "400", "401", "403", "413", "415"]));
    expect(Object.keys(doc.paths["/api/events/{slug}"].delete.responses)).toEqual(expect.arrayContaining(["204", "404", "412", "428"]));
    expect(doc.paths["/api/auth/sign-in"].post.responses["429"].headers["Retry-After"]).toBeDefined();
  });

  it("has examples that the API's own schemas accept", () => {
    let bodies = 0;
    for (const [key, op] of Object.entries(OPERATIONS)) {
      if ("example" in op && op.example !== undefined) {
        bodies++;
        const parsed = op.body!.safeParse(op.example);
        expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
      if ("queryExample" in op && op.queryExample) {
        const parsed = op.query!.safeParse(op.queryExample);
        expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
      if ("responseExample" in op && op.responseExample !== undefined) {
        const parsed = RESPONSE_SCHEMAS[op.response!].safeParse(op.responseExample);
        expect(parsed.success, `${key}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      }
    }
    expect(bodies).toBeGreaterThanOrEqual(5);
    expect(doc.paths["/api/events"].post.requestBody.content["application/json"].example.title).toEqual(expect.any(String));
  });

  it("describes the main reads as they answer, to anonymous callers and to coordinators", async () => {
    await createEvent(stack.db.client, {
      id: "openapi-draft",
      startsAt: "2030-05-02T10:00",
      endsAt: "2030-05-02T12:00",
      organisers: ["marta"],
      moderation: "draft",
    });
    const reads = [
      "/api/events?from=2030-03-01&to=2030-06-30",
      "/api/events/openapi-draft",
      "/api/search?q=trafficking",
      "/api/organisations",
      "/api/organisations/marta",
      "/api/documents",
      "/api/projects",
      "/api/people",
      "/api/people/sample-kari-nordmann",
      "/api/me",
      "/api/vocabulary",
    ];
    const anonymous = new ApiClient(stack.worker.baseUrl);
    for (const url of reads) {
      const path = url.split("?")[0];
      const found = operations().find((o) => o.method === "get" && new RegExp(`^${o.path.replace(/\{\w+\}/g, "[^/]+")}$`).test(path));
      const ref: string = found!.op.responses["200"].content["application/json"].schema.$ref;
      expect(ref, url).toMatch(/^#\/components\/schemas\//);
      const schema = RESPONSE_SCHEMAS[ref.split("/").pop() as ResponseName];
      for (const client of [coordinator, anonymous]) {
        const res = await client.get(url);
        if (res.status === 404 && client === anonymous) continue; // a draft is the editors' only
        expect(res.status, url).toBe(200);
        // Parsing drops fields the schema does not name, so an undocumented field fails here too.
        expect(schema.parse(res.body), url).toEqual(res.body);
      }
    }
    await createEvent(stack.db.client, {
      id: "openapi-clash",
      startsAt: "2030-05-02T09:00",
      endsAt: "2030-05-02T17:00",
      timeZone: "Europe/Riga",
      country: "LV",
      organisers: ["marta"],
    });
    const radar = await coordinator.post("/api/clash-check", OPERATIONS["POST /api/clash-check"].example);
    expect(radar.status).toBe(200);
    expect(radar.body.clashes.find((c: { slug: string }) => c.slug === "openapi-clash").reasons.length).toBeGreaterThan(1);
    expect(doc.paths["/api/clash-check"].post.responses["200"].content["application/json"].schema.$ref).toBe("#/components/schemas/ClashCheck");
    expect(RESPONSE_SCHEMAS.ClashCheck.parse(radar.body)).toEqual(radar.body);
    const draft = await coordinator.get("/api/events/openapi-draft");
    expect(draft.body.manage.moderation).toBe("draft");
    // The review workflow answers the event as it now is, with the ETag the document promises.
    const submit = doc.paths["/api/events/{slug}/submit"].post.responses["200"];
    expect(submit.content["application/json"].schema.$ref).toBe("#/components/schemas/EventDetail");
    expect(submit.headers.ETag).toBeDefined();
    const submitted = await coordinator.post("/api/events/openapi-draft/submit", {}, { "if-match": draft.headers.get("etag")! });
    expect(submitted.status).toBe(200);
    expect(submitted.body.manage.moderation).toBe("pending");
    expect(submitted.headers.get("etag")).not.toBe(draft.headers.get("etag"));
    expect(RESPONSE_SCHEMAS.EventDetail.parse(submitted.body)).toEqual(submitted.body);
  });

  it("has a readable page", async () => {
    const res = await fetch(`${stack.worker.baseUrl}/api/docs`);
    const text = await res.text();
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(text).toContain("<code>/api/events/{slug}/approve</code>");
    expect(text).toContain("Coordinators and admins.");
  });
});
