/**
 * The fuzz suite (tests/robustness/fuzz.test.ts) is only as good as its requests: if the
 * plausible values were refused at the door, no hostile value would ever reach a handler; if the
 * hostile ones were harmless, every answer would pass. Checked here on the event API, whose
 * schema the Worker itself applies.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createEventSchema } from "../../functions/events/events.input.ts";
import { openApiDocument } from "../../functions/openapi/openapi.ts";
import { hostileRequest, operationsOf, plausibleValue } from "./hostile.ts";

const operations = operationsOf(openApiDocument("http://localhost"));
const find = (method: string, path: string) => {
  const op = operations.find((o) => o.method === method && o.path === path);
  if (!op) throw new Error(`${method} ${path} is not in the OpenAPI document`);
  return op;
};

describe("operationsOf", () => {
  it("finds the event API's operations with their parameters and bodies", () => {
    expect(find("POST", "/api/events").body?.properties).toHaveProperty("title");
    expect(find("GET", "/api/events").parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["from", "to"]));
    expect(find("PATCH", "/api/events/{slug}").parameters.map((p) => p.name)).toContain("slug");
  });
});

describe("plausibleValue", () => {
  it("builds a new event the event API accepts, so a hostile value beside it reaches the handler", () => {
    const body = plausibleValue(find("POST", "/api/events").body!);
    const parsed = createEventSchema.safeParse(body);
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});

describe("hostileRequest", () => {
  const op = find("POST", "/api/events");
  const samples = fc.sample(hostileRequest(op), { numRuns: 400, seed: 1 });
  const bodies = samples.map((r) => {
    try {
      return { ok: true as const, value: JSON.parse(r.body ?? "") };
    } catch {
      return { ok: false as const, text: r.body };
    }
  });

  it("mostly sends event bodies the schema refuses", () => {
    const refused = bodies.filter((b) => !b.ok || !createEventSchema.safeParse(b.value).success).length;
    expect(refused / samples.length).toBeGreaterThan(0.6);
  });

  it("sends every kind of hostility: wrong kinds, oversize text, broken JSON, far windows, unknown fields", () => {
    const values = bodies.filter((b) => b.ok).map((b) => b.value as Record<string, unknown>);
    const objects = values.filter((v) => v && typeof v === "object" && !Array.isArray(v));
    expect(bodies.some((b) => !b.ok)).toBe(true);
    expect(values.some((v) => v === null || Array.isArray(v) || typeof v !== "object")).toBe(true);
    expect(objects.some((v) => v.title === null || typeof v.title === "number" || Array.isArray(v.title))).toBe(true);
    expect(objects.some((v) => Object.values(v).some((x) => typeof x === "string" && x.length >= 100_000))).toBe(true);
    expect(objects.some((v) => typeof v.startsAt === "string" && /^(0001|1899|9999|10000)-/.test(v.startsAt))).toBe(true);
    expect(objects.some((v) => "unknownField" in v)).toBe(true);
  });

  it("sends malformed %-sequences in a path as they are", () => {
    const paths = fc.sample(hostileRequest(find("GET", "/api/events/{slug}")), { numRuns: 400, seed: 1 }).map((r) => r.path);
    expect(paths.some((p) => /%(?![0-9A-Fa-f]{2})/.test(p))).toBe(true);
    expect(paths.every((p) => p.startsWith("/api/events/"))).toBe(true);
  });
});
