/**
 * The edge cache for anonymous reads (functions/cache/edge-cache.ts) in the real Worker, whose
 * local runtime implements the Workers Cache API: what anonymous readers get comes from it, a
 * signed-in reader's answer never goes into it, and a change reaches the next anonymous read.
 */
import { describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { DEMO_BUSY_STEERING, DEMO_PARTNER_PLANNING, seminar, storedEvent } from "../support/factories.ts";
import { dayFrom, useStack } from "../support/stack.ts";
import { DEFAULT_FRESHNESS_MS } from "../../functions/cache/freshness.ts";

const TODAY = "2031-03-10";
/** How long an isolate trusts its last version read (EDGE_FRESHNESS_MS, at a deployed Worker's default here). */
const FRESHNESS_MS = DEFAULT_FRESHNESS_MS;
const stack = useStack({ today: TODAY, vars: { EDGE_FRESHNESS_MS: String(DEFAULT_FRESHNESS_MS) } });
const MONTHS = `/api/events?from=${dayFrom(TODAY, -90)}&to=${dayFrom(TODAY, 300)}`;

async function read(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers });
  return { status: res.status, cache: res.headers.get("x-edge-cache"), headers: res.headers, text: await res.text() };
}

/** Reads `path` anonymously until the edge cache answers (its store runs after the answer). */
async function readFromCache(path: string) {
  for (let i = 0; i < 20; i++) {
    const r = await read(path);
    if (r.cache === "HIT") return r;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${path} never came from the edge cache`);
}

describe("anonymous reads from the edge cache", () => {
  it("never hands a partner's answer to an anonymous reader: partner-only events and busy-only details stay out", async () => {
    const partnerOnly = await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING);
    const busy = await storedEvent(stack.db.client, DEMO_BUSY_STEERING);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);

    // Signed-in readers first: they see more, and their answers are private and never stored.
    const partnerMonth = await partner.get(MONTHS);
    expect(JSON.stringify(partnerMonth.body)).toContain(DEMO_PARTNER_PLANNING);
    expect(partnerMonth.headers.get("cache-control")).toBe("no-store");
    expect(partnerMonth.headers.get("x-edge-cache")).toBe("BYPASS");
    expect(JSON.stringify((await coordinator.get(MONTHS)).body)).toContain(DEMO_BUSY_STEERING);
    expect((await partner.get(`/events/${partnerOnly.slug}`)).status).toBe(200);
    expect((await partner.get(`/api/events/${partnerOnly.slug}`)).status).toBe(200);
    expect((await coordinator.get(`/events/${busy.slug}`)).body).toContain(DEMO_BUSY_STEERING);

    // Then anonymous readers, until the answer comes from the cache.
    const month = await readFromCache(MONTHS);
    expect(month.text).not.toContain(DEMO_PARTNER_PLANNING);
    expect(month.text).not.toContain(DEMO_BUSY_STEERING);
    expect(month.text).toContain(busy.slug); // the busy-only event is there, without its details
    expect(month.headers.get("cache-control")).toBe("public, max-age=60");
    for (const path of [`/events/${partnerOnly.slug}`, `/api/events/${partnerOnly.slug}`]) {
      for (let i = 0; i < 3; i++) expect((await read(path)).status).toBe(404);
    }
    const busyPage = await readFromCache(`/events/${busy.slug}`);
    expect(busyPage.text).not.toContain(DEMO_BUSY_STEERING);
    expect(busyPage.text).toContain("Busy");
  });

  it("costs no database round trip on a hit while the isolate's version read is fresh, one after that, and none beyond the route's own on a miss", async () => {
    const path = "/api/events?from=2031-04-01&to=2031-04-30";
    const trips = async () => {
      const before = stack.db.roundTrips();
      const r = await read(path);
      return { cache: r.cache, trips: stack.db.roundTrips() - before };
    };
    expect(await trips()).toEqual({ cache: "MISS", trips: 1 });
    expect(await trips()).toEqual({ cache: "HIT", trips: 0 });
    await new Promise((resolve) => setTimeout(resolve, FRESHNESS_MS + 100));
    expect(await trips()).toEqual({ cache: "HIT", trips: 1 });
    expect(await trips()).toEqual({ cache: "HIT", trips: 0 });
  });

  it("answers an ETag with 304, from the cache and before it; a hit goes out compressed as stored, or plain to a client without gzip", async () => {
    // The first reader already gets the entry as it is kept: gzip-compressed once, so a gzip
    // client gets those bytes (a weak tag: another representation of the same answer).
    const first = await read("/api/events?from=2031-03-01&to=2031-03-31&tz=Europe/Riga");
    expect(first.cache).toBe("MISS");
    expect(first.headers.get("content-encoding")).toBe("gzip");
    expect(first.headers.get("etag")).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const etag = first.headers.get("etag")!.slice(2);
    const again = await read("/api/events?from=2031-03-01&to=2031-03-31&tz=Europe/Riga", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    // The same query in another order is the same entry.
    const hit = await readFromCache("/api/events?tz=Europe/Riga&to=2031-03-31&from=2031-03-01");
    expect(hit.headers.get("content-encoding")).toBe("gzip");
    expect(hit.headers.get("etag")).toBe(`W/${etag}`);
    expect(hit.headers.get("vary")).toMatch(/accept-encoding/i);
    expect(hit.text).toBe(first.text);
    expect((await read("/api/events?from=2031-03-01&to=2031-03-31&tz=Europe/Riga", { "if-none-match": `W/${etag}` })).status).toBe(304);
    // A tag with something after it is not the tag.
    expect((await read("/api/events?from=2031-03-01&to=2031-03-31&tz=Europe/Riga", { "if-none-match": `${etag}-x` })).status).toBe(200);
    const plain = await fetch(`${stack.worker.baseUrl}/api/events?from=2031-03-01&to=2031-03-31&tz=Europe/Riga`, {
      headers: { "accept-encoding": "identity" },
    });
    expect(plain.headers.get("x-edge-cache")).toBe("HIT");
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(plain.headers.get("etag")).toBe(etag);
    expect(await plain.text()).toBe(first.text);
  });

  it("shows a publication, an edit and a cancellation to the next anonymous read at once", async () => {
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const june = "/api/events?from=2030-06-01&to=2030-06-30";
    const titles = async () => {
      const r = await read(june);
      return { cache: r.cache, titles: (JSON.parse(r.text).events as { title: string; status: string }[]).map((e) => `${e.title}:${e.status}`) };
    };
    await readFromCache(june);

    const created = await partner.post("/api/events", seminar("Cache check seminar"));
    const slug = created.body.slug as string;
    await partner.post(`/api/events/${slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
    let current = await coordinator.get(`/api/events/${slug}`);
    expect((await coordinator.post(`/api/events/${slug}/approve`, {}, { "if-match": current.headers.get("etag")! })).status).toBe(200);
    expect(await titles()).toEqual({ cache: "MISS", titles: expect.arrayContaining(["Cache check seminar:confirmed"]) });
    const page = await readFromCache(`/events/${slug}`);
    expect(page.text).toContain("Cache check seminar");

    current = await coordinator.get(`/api/events/${slug}`);
    expect(
      (await coordinator.patch(`/api/events/${slug}`, { title: "Cache check seminar, renamed" }, { "if-match": current.headers.get("etag")! })).status,
    ).toBe(200);
    expect((await titles()).titles).toContain("Cache check seminar, renamed:confirmed");
    expect((await read(`/events/${slug}`)).text).toContain("Cache check seminar, renamed");

    current = await coordinator.get(`/api/events/${slug}`);
    expect((await coordinator.patch(`/api/events/${slug}`, { status: "cancelled" }, { "if-match": current.headers.get("etag")! })).status).toBe(200);
    expect((await titles()).titles).toContain("Cache check seminar, renamed:cancelled");
    const ics = await read(`/events/${slug}.ics`);
    expect(ics.text).toContain("STATUS:CANCELLED");

    // Hidden from the public: gone from the next anonymous read, though every read above was a
    // moment ago (inside the freshness window), because the change came through this Worker.
    await readFromCache(`/events/${slug}`);
    current = await coordinator.get(`/api/events/${slug}`);
    expect((await coordinator.patch(`/api/events/${slug}`, { visibility: "partners" }, { "if-match": current.headers.get("etag")! })).status).toBe(200);
    expect((await titles()).titles.some((t) => t.startsWith("Cache check seminar"))).toBe(false);
    expect((await read(`/events/${slug}`)).status).toBe(404);
  });

  it("keeps each language of a page apart, and a session cookie or a token out of the cache", async () => {
    const path = "/events/sample-baltic-police-workshop";
    const english = await readFromCache(path);
    const russian = await fetch(`${stack.worker.baseUrl}${path}`, { headers: { "accept-language": "ru" } });
    expect(await russian.text()).toContain('lang="ru"');
    expect(english.text).toContain('lang="en"');
    const personal: Record<string, string>[] = [{ cookie: "__Host-session=not-a-session" }, { authorization: "Bearer ndc_unknown" }];
    for (const headers of personal) {
      const res = await fetch(`${stack.worker.baseUrl}/calendar.ics`, { headers });
      expect(res.headers.get("x-edge-cache")).toBe("BYPASS");
      expect(res.headers.get("cache-control")).not.toMatch(/public/);
    }
    const anonymous = new ApiClient(stack.worker.baseUrl);
    expect((await anonymous.get("/api/search?q=workshop")).status).toBe(200);
    expect((await readFromCache("/api/search?q=workshop")).text).toContain("Baltic");
  });
});

describe("the month page from the edge cache", () => {
  const page = "/month/2031-03";
  const dataBlock = (text: string) => JSON.parse(/<script type="application\/json" id="initial-month">(.*?)<\/script>/s.exec(text)![1]);

  it("streams to its first anonymous reader, then comes whole from the cache with an ETag; a partner's page is never stored", async () => {
    await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const own = await partner.get(page);
    expect(own.headers.get("x-edge-cache")).toBe("BYPASS");
    expect(own.headers.get("cache-control")).toMatch(/no-store/);
    expect(own.headers.get("cache-control")).not.toMatch(/public/);
    expect(own.body).toContain(DEMO_PARTNER_PLANNING);

    const first = await read(page);
    expect(first.cache).toBe("MISS");
    expect(first.headers.get("etag")).toBeNull();
    const hit = await readFromCache(page);
    expect(hit.text).toBe(first.text);
    expect(hit.text).not.toContain(DEMO_PARTNER_PLANNING);
    expect(dataBlock(hit.text).events.events.map((e: { title: string }) => e.title)).toContain("Baltic police workshop on victim identification");
    const etag = hit.headers.get("etag")!;
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect((await read(page, { "if-none-match": etag })).status).toBe(304);
    // Another language is another page.
    const russian = await read(page, { "accept-language": "ru" });
    expect(russian.cache).toBe("MISS");
    expect(russian.text).toContain('lang="ru"');
  });

  it("shows a change made outside this Worker (straight in the database) to anonymous readers within the freshness window", async () => {
    await readFromCache(page);
    await stack.db.client.execute(
      "UPDATE events SET title = 'Baltic police workshop, month page check', version = version + 1 WHERE slug = 'sample-baltic-police-workshop'",
    );
    await new Promise((resolve) => setTimeout(resolve, FRESHNESS_MS + 100));
    const next = await read(page);
    expect(next.cache).toBe("MISS");
    expect(dataBlock(next.text).events.events.map((e: { title: string }) => e.title)).toContain("Baltic police workshop, month page check");
  });
});
