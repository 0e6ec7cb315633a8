/**
 * Requests that arrive at the same moment, through the real Workers runtime: each passes the
 * route's checks before any of them writes, and the database must still let only the allowed ones
 * through, answering the rest as a single request would have been answered (409), never 500.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let coordinator: ApiClient;
beforeAll(async () => {
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
});

const AT_ONCE = 20;
const statuses = (answers: { status: number }[]) => answers.map((a) => a.status).sort();

describe("requests at the same moment", () => {
  it("creates one organisation or project of a slug sent twenty times at once; the others are told the slug is taken", async () => {
    for (const [path, body] of [
      ["/api/organisations", { slug: "race-shelter", name: "Race shelter", kind: "ngo" }],
      [
        "/api/projects",
        { slug: "race-project", title: "Race project", status: "ongoing", startDate: "2030-01-01", organisations: [{ id: "marta", role: "lead" }] },
      ],
    ] as const) {
      const answers = await Promise.all(Array.from({ length: AT_ONCE }, () => coordinator.post(path, body)));
      expect(statuses(answers), path).toEqual([201, ...Array<number>(AT_ONCE - 1).fill(409)]);
      for (const a of answers.filter((a) => a.status === 409)) expect(a.body.error.issues[0].field).toBe("slug");
    }
  });

  it("keeps an organisation's webhook endpoints and calendar feeds within their limits when twenty are added at once", async () => {
    expect((await coordinator.post("/api/organisations", { slug: "race-limits", name: "Race limits", kind: "ngo" })).status).toBe(201);
    for (const [path, limit] of [
      ["/api/webhooks", 5],
      ["/api/feed-sources", 3],
    ] as const) {
      const answers = await Promise.all(
        Array.from({ length: AT_ONCE }, (_, i) =>
          coordinator.post(path, {
            organisationId: "race-limits",
            url: `https://example.org/race-${i}.ics`,
            ...(path === "/api/webhooks" ? { topics: ["clash"] } : {}),
          }),
        ),
      );
      expect(statuses(answers), path).toEqual([...Array<number>(limit).fill(201), ...Array<number>(AT_ONCE - limit).fill(409)]);
    }
  });
});
