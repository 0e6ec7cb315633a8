/** Per-visitor limits on costly requests: one visitor looping over the radar cannot slow everyone. */
import { describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
const proposal = { startsAt: "2030-03-22T09:00", endsAt: "2030-03-22T17:00", timeZone: "Europe/Oslo", countries: ["NO"] };

describe("POST /api/clash-check, many times from one visitor", () => {
  it("answers 429 with Retry-After past 60 a minute, while other visitors and other pages are served", async () => {
    const anonymous = new ApiClient(stack.worker.baseUrl);
    // 130 at once: even if a minute's window turns during the burst, one side holds more than 60.
    const answers = await Promise.all(Array.from({ length: 130 }, () => anonymous.post("/api/clash-check", proposal)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    expect(
      statuses.filter((s) => s === 200).length,
      JSON.stringify(
        answers
          .filter((r) => r.status !== 200)
          .slice(0, 2)
          .map((r) => r.body),
      ),
    ).toBeGreaterThanOrEqual(60);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    const refused = answers.find((r) => r.status === 429)!;
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.body.error.code).toBe("rate_limited");

    // A signed-in partner is counted apart, and pages that cost little are not counted at all.
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    expect((await partner.post("/api/clash-check", proposal)).status).toBe(200);
    expect((await anonymous.get("/api/events?from=2030-03-01&to=2030-03-31")).status).toBe(200);
    // Each costly route has its own allowance.
    expect((await anonymous.get("/api/search?q=police")).status).toBe(200);
  });
});
