/** Request bodies are bounded before anything reads them, declared or streamed in chunks. */
import { describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });

describe("request body limits", () => {
  it("refuses a 4 MB JSON body with 413 naming the limit", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const res = await coordinator.post("/api/import", { ics: "x".repeat(4 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(res.body.error.issues).toEqual([{ field: "body", rule: "must be at most 3 MB" }]);
  });

  it("refuses a body streamed without a length once it passes the limit", async () => {
    const base = stack.worker.baseUrl;
    const chunk = new Uint8Array(256 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        // 8 MB of spaces at most, whatever the server does.
        if (sent >= 32) return controller.close();
        sent++;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${base}/api/clash-check`, {
      method: "POST",
      headers: { origin: base, "content-type": "application/json" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("too_large");
  });

  it("still reads ordinary bodies", async () => {
    const res = await fetch(`${stack.worker.baseUrl}/api/clash-check`, {
      method: "POST",
      headers: { origin: stack.worker.baseUrl, "content-type": "application/json" },
      body: JSON.stringify({ startsAt: "2030-03-22T09:00", endsAt: "2030-03-22T17:00", timeZone: "Europe/Oslo" }),
    });
    expect(res.status).toBe(200);
  });
});
