/** The heatmap and the coordinators' dashboard on the demo data. */
import { beforeAll, describe, expect, it } from "vitest";
import { dayFrom, useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
let coordinator: ApiClient;
// The dashboard looks six months ahead of the Worker's today: the clock is pinned to the demo's.
const stack = useStack({ today: TODAY });
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

describe("GET /api/heatmap", () => {
  it("counts the demo year's events per week and country, weighted by type", async () => {
    const year = 2031;
    const res = await new ApiClient(stack.worker.baseUrl).get(`/api/heatmap?year=${year}&by=country`);
    expect(res.status).toBe(200);
    expect(res.body.weeks.length).toBeGreaterThanOrEqual(52);
    expect(new Date(`${res.body.weeks[0]}T00:00:00Z`).getUTCDay()).toBe(1);
    const lv = res.body.rows.find((r: { key: string }) => r.key === "LV");
    // The Riga health-care seminar (weight 2) falls in the week of day 11.
    const week = res.body.weeks.findLastIndex((w: string) => w <= day(11));
    expect(lv.counts[week]).toBeGreaterThanOrEqual(2);
    expect(lv.total).toBe(lv.counts.reduce((a: number, b: number) => a + b, 0));
    const byAudience = await new ApiClient(stack.worker.baseUrl).get(`/api/heatmap?year=${year}&by=audience`);
    expect(byAudience.body.rows.map((r: { key: string }) => r.key)).toContain("police");
    expect((await new ApiClient(stack.worker.baseUrl).get("/api/heatmap?year=3000")).status).toBe(400);
  });
});

describe("GET /api/dashboard", () => {
  it("is not flooded by the fortnightly online call: a series clashes at most once per other event, and a one-hour call not at all", async () => {
    const res = await coordinator.get("/api/dashboard");
    const pairs = res.body.clashes as { a: { slug: string }; b: { slug: string }; occurrences: number; severity: string }[];
    const slugs = pairs.map((p) => [p.a.slug, p.b.slug]);
    expect(slugs.filter((s) => s.includes("sample-task-force-call"))).toEqual([]);
    expect(new Set(slugs.map((s) => s.sort().join())).size).toBe(slugs.length);
    // What remains are the clashes between in-person events a coordinator would look at.
    expect(slugs.map((s) => s.sort().join())).toContain(["sample-health-care-access-seminar", "sample-social-services-conference"].sort().join());
    expect(pairs.every((p) => p.occurrences >= 1 && p.severity !== "low")).toBe(true);
  });

  it("lists clashes among upcoming events until acknowledged, to coordinators only", async () => {
    const res = await coordinator.get("/api/dashboard");
    expect(res.status).toBe(200);
    // The demo's Riga seminar and Vilnius conference share social workers on the same days.
    const pair = res.body.clashes.find(
      (p: { a: { slug: string }; b: { slug: string } }) =>
        [p.a.slug, p.b.slug].sort().join() === ["sample-health-care-access-seminar", "sample-social-services-conference"].sort().join(),
    );
    expect([pair?.a.slug, pair?.b.slug].sort()).toEqual(["sample-health-care-access-seminar", "sample-social-services-conference"]);
    expect(pair.reasons.map((r: { code: string }) => r.code)).toContain("shared_audience");
    expect((await coordinator.post("/api/dashboard/acknowledge", { a: pair.a.id, b: pair.b.id })).status).toBe(204);
    const after = await coordinator.get("/api/dashboard");
    expect(after.body.clashes.some((p: { a: { id: string }; b: { id: string } }) => p.a.id === pair.a.id && p.b.id === pair.b.id)).toBe(false);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    expect((await partner.get("/api/dashboard")).status).toBe(403);
  });

  it("lists the submissions waiting for review", async () => {
    await createEvent(stack.db.client, {
      id: "waiting-review",
      title: "Waiting for review",
      startsAt: `${day(20)}T09:00`,
      endsAt: `${day(20)}T12:00`,
      moderation: "pending",
    });
    const res = await coordinator.get("/api/dashboard");
    expect(res.body.pending.map((p: { slug: string; title: string }) => [p.slug, p.title])).toEqual([["waiting-review", "Waiting for review"]]);
  });
});
