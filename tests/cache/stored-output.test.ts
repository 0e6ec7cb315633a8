/**
 * Outputs rendered once per data version (functions/cache/stored-output.ts): the full feed and the
 * anonymous exports are served from `rendered_outputs`, gzip as stored, until the data changes;
 * readers at once share one rendering; the cron renders stale ones again; personal ones never go in.
 */
import { describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { DEMO_PARTNER_PLANNING } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const stack = useStack({ today: TODAY });

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers });
  return { status: res.status, stored: res.headers.get("x-stored-output"), headers: res.headers, text: await res.text() };
}

const rows = async () =>
  (await stack.db.client.execute("SELECT key, version, encoding, size, length(body) AS stored FROM rendered_outputs ORDER BY key")).rows.map((r) => ({
    key: String(r.key),
    version: Number(r.version),
    encoding: String(r.encoding),
    size: Number(r.size),
    stored: Number(r.stored),
  }));
const dataVersion = async () => Number((await stack.db.client.execute("SELECT version FROM data_version")).rows[0].version);
const rename = (title: string) =>
  stack.db.client.execute({ sql: "UPDATE events SET title = ?, version = version + 1 WHERE slug = 'sample-baltic-police-workshop'", args: [title] });

/**
 * Requests with a session cookie (here one that names no session, so the reader is anonymous) pass
 * the edge cache in front of the feed (functions/cache/edge-cache.ts) and reach its storage.
 */
const PAST_THE_EDGE = { cookie: "__Host-session=none" };

describe("the full feed, rendered once per data version", () => {
  it("is rendered by the first reader, then served from storage gzip-compressed", async () => {
    const first = await get("/calendar.ics", { ...PAST_THE_EDGE, "accept-encoding": "gzip" });
    expect(first.status).toBe(200);
    expect(first.stored).toBe("MISS");
    expect(first.text).toMatch(/^BEGIN:VCALENDAR/);
    const [row] = (await rows()).filter((r) => r.key.startsWith("/calendar.ics"));
    expect(row).toMatchObject({ key: `/calendar.ics?lang=en|${TODAY}`, version: await dataVersion(), encoding: "gzip", size: Buffer.byteLength(first.text) });
    expect(row.stored).toBeLessThan(row.size / 3);

    const second = await get("/calendar.ics", { ...PAST_THE_EDGE, "accept-encoding": "gzip" });
    expect(second.stored).toBe("HIT");
    expect(second.headers.get("content-encoding")).toBe("gzip");
    expect(second.text).toBe(first.text);
    expect(second.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    // Each language is another feed: a shared cache in between (a ministry's proxy) must know.
    expect(second.headers.get("vary")).toMatch(/accept-language/i);
    expect(second.headers.get("vary")).toMatch(/accept-encoding/i);
    // A HEAD comes from storage too: it never renders the feed again.
    const head = await fetch(`${stack.worker.baseUrl}/calendar.ics`, { method: "HEAD", headers: PAST_THE_EDGE });
    expect(head.status).toBe(200);
    expect(head.headers.get("x-stored-output")).toBe("HIT");
    expect(await head.text()).toBe("");
    // (A client without gzip cannot be tried here: the local runtime, like Cloudflare's edge, hands
    // the Worker "Accept-Encoding: br, gzip" whatever the client sent.)
    expect((await get("/calendar.ics", { ...PAST_THE_EDGE, "if-none-match": second.headers.get("etag")! })).status).toBe(304);
    // Another language is another output; a filtered feed is not stored.
    expect((await get("/calendar.ics", { ...PAST_THE_EDGE, "accept-language": "ru" })).text).toContain("NAME:");
    expect((await get("/calendar.ics?country=EE", PAST_THE_EDGE)).stored).toBeNull();
    expect((await rows()).map((r) => r.key)).toEqual([`/calendar.ics?lang=en|${TODAY}`, `/calendar.ics?lang=ru|${TODAY}`]);

    // In front of storage, the edge cache keeps the stored bytes for anonymous readers as they are.
    let edge = await get("/calendar.ics");
    for (let i = 0; i < 20 && edge.headers.get("x-edge-cache") !== "HIT"; i++) edge = await get("/calendar.ics");
    expect(edge.headers.get("x-edge-cache")).toBe("HIT");
    expect(edge.stored).toBeNull();
    expect(edge.headers.get("content-encoding")).toBe("gzip");
    expect(edge.headers.get("vary")).toMatch(/accept-language/i);
    expect(edge.text).toBe(first.text);
    const edgeHead = await fetch(`${stack.worker.baseUrl}/calendar.ics`, { method: "HEAD" });
    expect(edgeHead.headers.get("x-edge-cache")).toBe("HIT");
    expect(await edgeHead.text()).toBe("");
  });

  it("shows a change at once, and readers arriving together share one rendering", async () => {
    await get("/calendar.ics", PAST_THE_EDGE);
    await rename("Baltic police workshop, stored check");
    const together = await Promise.all(Array.from({ length: 4 }, () => get("/calendar.ics", { ...PAST_THE_EDGE, "accept-encoding": "gzip" })));
    for (const r of together) expect(r.text).toContain("SUMMARY:Baltic police workshop\\, stored check");
    expect(together.map((r) => r.stored).sort()).toEqual(["HIT", "HIT", "HIT", "MISS"]);
    expect((await rows()).some((r) => r.key.includes("#rendering"))).toBe(false);
  });

  it("is rendered again by the cron tick after a change, so the next reader does not pay; a private feed never goes in", async () => {
    await get("/calendar.ics", PAST_THE_EDGE);
    await rename("Baltic police workshop, cron check");
    await stack.cron("*/5 * * * *");
    const en = (await rows()).find((r) => r.key === `/calendar.ics?lang=en|${TODAY}`)!;
    expect(en.version).toBe(await dataVersion());
    const next = await get("/calendar.ics", PAST_THE_EDGE);
    expect(next.stored).toBe("HIT");
    expect(next.text).toContain("SUMMARY:Baltic police workshop\\, cron check");

    // A private feed is personal: never stored, whoever asks.
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const url = new URL((await partner.post("/api/me/feed-token")).body.url as string);
    const personal = await get(url.pathname);
    expect(personal.text).toContain(DEMO_PARTNER_PLANNING);
    expect(personal.stored).toBeNull();
    expect((await rows()).every((r) => r.key.startsWith("/calendar.ics?lang="))).toBe(true);
  });
});

describe("the CSV exports", () => {
  it("are stored for anonymous readers only; a signed-in reader's own export is never served to others", async () => {
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const own = await partner.get("/api/export/events.csv");
    expect(own.body).toContain(DEMO_PARTNER_PLANNING);
    expect(own.headers.get("x-stored-output")).toBeNull();
    expect(own.headers.get("cache-control")).toBe("no-store");

    const first = await get("/api/export/events.csv");
    const second = await get("/api/export/events.csv");
    expect([first.stored, second.stored]).toEqual(["MISS", "HIT"]);
    expect(second.text).toBe(first.text);
    expect(second.text).not.toContain(DEMO_PARTNER_PLANNING);
    expect(second.headers.get("content-disposition")).toBe('attachment; filename="events.csv"');
    expect((await get("/api/export/people.csv")).text.split("\r\n")[0]).toBe("id,name,title,organisations,countries,languages,topics,email,phone");
    expect((await get("/api/export/events.csv?country=EE")).stored).toBeNull();
  });
});
