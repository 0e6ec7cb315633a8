/** The heatmap and the coordinators' dashboard on the demo data. */
import { beforeAll, describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
let coordinator: ApiClient;
const stack = useStack({ seedToday: day(0) });
beforeAll(async () => {
  // The dashboard looks six months ahead of the real today; the demo is placed relative to it.
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

describe("GET /api/heatmap", () => {
  it("counts the demo year's events per week and country, weighted by type", async () => {
    const year = Number(day(11).slice(0, 4));
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
  it("lists clashes among upcoming events until acknowledged, and the pending submissions", async () => {
    const res = await coordinator.get("/api/dashboard");
    expect(res.status).toBe(200);
    // The demo's Riga seminar and Vilnius conference share social workers on the same days.
    const pair = res.body.clashes.find(
      (p: { a: { slug: string }; b: { slug: string } }) =>
        [p.a.slug, p.b.slug].sort().join() === ["sample-health-care-access-seminar", "sample-social-services-conference"].sort().join(),
    );
    expect(pair).toBeDefined();
    expect(pair.reasons.map((r: { code: string }) => r.code)).toContain("shared_audience");
    expect((await coordinator.post("/api/dashboard/acknowledge", { a: pair.a.id, b: pair.b.id })).status).toBe(204);
    const after = await coordinator.get("/api/dashboard");
    expect(after.body.clashes.some((p: { a: { id: string }; b: { id: string } }) => p.a.id === pair.a.id && p.b.id === pair.b.id)).toBe(false);
    expect(Array.isArray(after.body.pending)).toBe(true);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    expect((await partner.get("/api/dashboard")).status).toBe(403);
  });
});
