/**
 * Compressed on the wire: a client that accepts gzip gets the feeds and the JSON compressed (the
 * feeds by the Worker's request to the runtime, JSON and pages as Cloudflare's edge would, which
 * Miniflare applies locally), decoding to exactly what a client without it gets as identity.
 * Read with node:http, which never decodes, so what is asserted is what crossed the socket.
 */
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04" });

function get(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; raw: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.worker.baseUrl}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const ANSWERS = [
  ["the full feed", "/calendar.ics", "text/calendar"],
  ["a filtered feed", "/calendar.ics?country=EE", "text/calendar"],
  ["the Atom feed", "/feed.atom", "application/atom+xml"],
  ["the month's events as JSON", "/api/events?from=2030-03-01&to=2030-03-31", "application/json"],
] as const;

describe("Accept-Encoding", () => {
  it.each(ANSWERS)("%s is gzip-compressed for a client that accepts it, and identity for one that does not", async (_, path, type) => {
    const plain = await get(path, { "accept-encoding": "identity" });
    const none = await get(path, {});
    const zipped = await get(path, { "accept-encoding": "gzip" });
    expect([plain.status, none.status, zipped.status]).toEqual([200, 200, 200]);
    expect(String(zipped.headers["content-type"])).toContain(type);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(none.headers["content-encoding"]).toBeUndefined();
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    const decoded = gunzipSync(zipped.raw).toString("utf8");
    expect(decoded).toBe(plain.raw.toString("utf8"));
    expect(none.raw.toString("utf8")).toBe(plain.raw.toString("utf8"));
    expect(zipped.raw.length).toBeLessThan(plain.raw.length / 2);
    // The feeds the Worker compresses itself say so to caches (the edge adds it for the rest).
    if (type !== "application/json") expect(String(zipped.headers.vary).toLowerCase()).toContain("accept-encoding");
  });

  it("a feed revalidates with the ETag a gzip answer carried", async () => {
    const zipped = await get("/calendar.ics", { "accept-encoding": "gzip" });
    const etag = String(zipped.headers.etag);
    expect(etag).toMatch(/^W\//);
    const again = await get("/calendar.ics", { "accept-encoding": "gzip", "if-none-match": etag });
    expect(again.status).toBe(304);
  });
});
