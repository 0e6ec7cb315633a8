/**
 * The clash radar, the free-date finder and the heatmap take a busy-only event into account by
 * its time and organisers only, for everyone who may not see it in full: its hidden audience,
 * topic, place or country cannot be read back from a score, a severity or a heatmap cell.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let anonymous: ApiClient;
let coordinator: ApiClient;
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  for (const [id, visibility] of [
    ["hidden-probe", "busy_only"],
    ["open-probe", "public"],
  ] as const) {
    await createEvent(stack.db.client, {
      id,
      startsAt: `2031-0${id === "hidden-probe" ? 5 : 6}-14T10:00`,
      endsAt: `2031-0${id === "hidden-probe" ? 5 : 6}-14T12:00`,
      timeZone: "Europe/Riga",
      country: "LV",
      visibility,
      organisers: ["marta"],
      topics: ["police-cooperation"],
    });
    await stack.db.client.execute({ sql: "INSERT INTO event_audiences (event_id, audience_id) VALUES (?, 'police')", args: [id] });
  }
});

/** The radar's verdict on a proposal on the day of `month`'s probe, with and without matching details. */
async function scores(viewer: ApiClient, month: "05" | "06") {
  const at = { startsAt: `2031-${month}-14T10:00`, endsAt: `2031-${month}-14T12:00`, timeZone: "Europe/Riga" };
  const plain = (await viewer.post("/api/clash-check", at)).body;
  const matching = (await viewer.post("/api/clash-check", { ...at, countries: ["LV"], audiences: ["police"], topics: ["police-cooperation"] })).body;
  const score = (body: { clashes: { slug: string; score: number }[] }) => body.clashes.find((c) => c.slug.endsWith("probe"))?.score;
  return { plain: score(plain), matching: score(matching) };
}

describe("a busy-only event's hidden details in the coordination tools", () => {
  it("move no clash score for an anonymous visitor, while a public event's do", async () => {
    const hidden = await scores(anonymous, "05");
    expect(hidden.plain).toBeGreaterThan(0);
    expect(hidden.matching).toBe(hidden.plain);
    const open = await scores(anonymous, "06");
    expect(open.matching).toBeGreaterThan(open.plain!);
    // Coordinators see the busy event in full, so its details count for them.
    const full = await scores(coordinator, "05");
    expect(full.matching).toBeGreaterThan(full.plain!);
  });

  it("are not counted in the heatmap's country rows", async () => {
    const latvia = async (viewer: ApiClient) =>
      ((await viewer.get("/api/heatmap?year=2031&by=country")).body.rows as { key: string; total: number }[]).find((r) => r.key === "LV")?.total;
    // Two meetings in Latvia that year: the public one counts for everybody, the busy one only
    // for those who may see it in full.
    expect(await latvia(anonymous)).toBe(1);
    expect(await latvia(coordinator)).toBe(2);
  });
});
