/**
 * Request bodies have a size limit: a JSON body over 4 MB (an upload over 20 MB) is a 413 before it
 * is read, so one request cannot fill the isolate's memory while it is parsed. Found by the fuzz
 * suite: a 90 MB JSON body was read and parsed in full. The answer to a bad body is bounded too:
 * it names at most MAX_ISSUES issues and counts the rest (a hostile probe's 450,000 unknown keys
 * were answered with 56 MB, each key twice).
 */
import { describe, expect, it } from "vitest";
import { MAX_ISSUES } from "../../functions/errors.ts";
import { MAX_JSON_BODY_BYTES } from "../../functions/security.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });

function post(path: string, body: BodyInit, headers: Record<string, string> = {}, method = "POST") {
  return fetch(`${stack.worker.baseUrl}${path}`, {
    method,
    headers: { origin: stack.worker.baseUrl, "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

/** A body sent in chunks without a Content-Length, as a client streaming it would. */
function streamed(size: number): ReadableStream<Uint8Array> {
  const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= size) return controller.close();
      controller.enqueue(chunk);
      sent += chunk.length;
    },
  });
}

describe("request body limits", () => {
  it("refuses a JSON body over the limit with 413 naming the body", async () => {
    const huge = JSON.stringify({ startsAt: "2030-05-01T10:00", endsAt: "2030-05-01T11:00", city: "x".repeat(MAX_JSON_BODY_BYTES) });
    const res = await post("/api/clash-check", huge);
    expect(res.status).toBe(413);
    expect(((await res.json()) as any).error.issues).toEqual([{ field: "body", rule: "must be at most 4 MB", code: "too_large" }]);
  });

  it("refuses a streamed body once it passes the limit", async () => {
    const res = await post("/api/clash-check", streamed(MAX_JSON_BODY_BYTES + 1024 * 1024));
    expect(res.status).toBe(413);
  });

  it("still reads the largest legitimate body: an import of 1,000,000 characters", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const csv = `name,kind\r\n${"é".repeat(999_000)},ngo\r\n`;
    const res = await coordinator.post("/api/import/csv", { kind: "organisations", csv, commit: false });
    expect(res.status).not.toBe(413);
    expect(res.status).toBeLessThan(500);
  });

  it("names at most MAX_ISSUES of a body's unknown fields, counting the rest, each name cut short", async () => {
    const keys = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}${i === 0 ? "x".repeat(5_000) : ""}`, 0]));
    const res = await post("/api/clash-check", JSON.stringify({ startsAt: "2030-06-01T10:00", endsAt: "2030-06-01T11:00", timeZone: "UTC", ...keys }));
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text.length).toBeLessThan(10_000);
    const { error } = JSON.parse(text);
    expect(error.issues).toHaveLength(MAX_ISSUES);
    expect(error.issues[0]).toMatchObject({ field: `k0${"x".repeat(98)}…`, code: "unknown_field" });
    expect(error.message).toMatch(new RegExp(`; and ${50_000 - MAX_ISSUES} more$`));
  });

  it("lets an upload be larger, up to its own 20 MB", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const headers = { cookie: coordinator.cookie!, "content-type": "application/pdf", "x-file-name": "plan.pdf" };
    const pdf = new Uint8Array(5 * 1024 * 1024);
    pdf.set(new TextEncoder().encode("%PDF-1.7\n"));
    expect((await post("/api/documents/nb8-mou-2009/file", pdf, headers, "PUT")).status).toBe(200);
    expect((await post("/api/documents/nb8-mou-2009/file", streamed(21 * 1024 * 1024), headers, "PUT")).status).toBe(413);
  });
});
