/** Private feed addresses: what their owner may see, revocable. */
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";

const stack = useStack({ seedToday: "2030-03-04" });

async function summaries(url: string): Promise<string[] | number> {
  const res = await fetch(url);
  if (res.status !== 200) return res.status;
  const comp = new ICAL.Component(ICAL.parse(await res.text()));
  return comp.getAllSubcomponents("vevent").map((v) => String(v.getFirstPropertyValue("summary")));
}

describe("POST /api/me/feed-token", () => {
  it("gives a partner a feed with partner-only events, which the public feed lacks", async () => {
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    const made = await partner.post("/api/me/feed-token");
    expect(made.status).toBe(201);
    const url = made.body.url.replace(stack.worker.baseUrl, stack.worker.baseUrl);
    expect(url).toMatch(new RegExp(`^${stack.worker.baseUrl}/feeds/[A-Za-z0-9_-]{43}/calendar\\.ics$`));
    expect(await summaries(url)).toContain("Partners' planning call for the spring programme");
    expect(await summaries(`${stack.worker.baseUrl}/calendar.ics`)).not.toContain("Partners' planning call for the spring programme");
    expect((await fetch(url)).headers.get("cache-control")).toBe("private, max-age=300");
    expect((await partner.get("/api/me")).body.user.hasPrivateFeed).toBe(true);
    const stored = await stack.db.client.execute("SELECT id FROM feed_tokens");
    expect(url).not.toContain(String(stored.rows[0].id));
  });

  it("stops the old address when a new one is made, and every address when revoked", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const first = (await coordinator.post("/api/me/feed-token")).body.url;
    const second = (await coordinator.post("/api/me/feed-token")).body.url;
    expect(await summaries(first)).toBe(404);
    expect(Array.isArray(await summaries(second))).toBe(true);
    // Coordinators see busy-only events in full.
    expect(await summaries(second)).toContain("Steering group (internal)");
    expect((await coordinator.delete("/api/me/feed-token")).status).toBe(204);
    expect(await summaries(second)).toBe(404);
  });
});
