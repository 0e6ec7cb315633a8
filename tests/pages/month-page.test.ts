/** `/` and `/month/:month`: the app's page carries the month's events and preloads the reader's language. */
import { describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, DEMO_BUSY_STEERING, DEMO_PARTNER_PLANNING } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY });

type Inlined = { month: string; filters: Record<string, string>; events: { truncated: boolean; events: { title: string | null; busy: boolean }[] } };

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers });
  const text = await res.text();
  const m = /<script type="application\/json" id="initial-month">([\s\S]*?)<\/script>/.exec(text);
  return { res, text, inlined: m ? (JSON.parse(m[1]) as Inlined) : null };
}

const titles = (d: Inlined | null) => (d?.events.events ?? []).map((e) => e.title);

describe("GET /month/:month", () => {
  it("carries the month's public events for an anonymous reader, and may be cached", async () => {
    const { res, text, inlined } = await page("/month/2030-03");
    expect(res.status).toBe(200);
    expect(text).toContain('<div id="app"></div>');
    expect(inlined?.month).toBe("2030-03");
    expect(titles(inlined)).toContain("Coordination meeting of international organisations and task forces");
    // Partner-only events stay out of the public page; busy-only ones say only who is busy.
    expect(titles(inlined)).not.toContain(DEMO_PARTNER_PLANNING);
    expect(text).not.toContain(DEMO_BUSY_STEERING);
    expect(res.headers.get("cache-control")).toBe("public, max-age=60");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("carries a signed-in partner's own view, never for a shared cache", async () => {
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    const { res, inlined } = await page("/month/2030-03", { cookie: partner.cookie! });
    expect(titles(inlined)).toContain(DEMO_PARTNER_PLANNING);
    expect(res.headers.get("cache-control")).toMatch(/no-store/);
    expect(res.headers.get("cache-control")).not.toMatch(/public/);
  });

  it("opens on this month at / with the filters of the address", async () => {
    const home = await page("/");
    expect(home.inlined?.month).toBe("2030-03");
    const filtered = await page("/month/2030-03?type=conference");
    expect(filtered.inlined?.filters).toEqual({ type: "conference" });
    expect(titles(filtered.inlined)).not.toContain("Coordination meeting of international organisations and task forces");
  });

  it("keeps event text inside its data block", async () => {
    await createEvent(stack.db.client, {
      title: "Closing </script><script>alert(1)</script> session",
      startsAt: "2030-03-12T10:00",
      endsAt: "2030-03-12T11:00",
    });
    const { text, inlined } = await page("/month/2030-03");
    expect(titles(inlined)).toContain("Closing </script><script>alert(1)</script> session");
    expect(text).not.toContain("<script>alert(1)");
  });

  it("preloads the reader's language with the app", async () => {
    const { text } = await page("/month/2030-03", { cookie: "lang=ru" });
    expect(text).toMatch(/<html lang="ru">/);
    expect(text).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/locale-ru-[\w-]+\.js" \/>/);
    const chunk = /href="(\/assets\/locale-ru-[\w-]+\.js)"/.exec(text)![1];
    expect((await fetch(`${stack.worker.baseUrl}${chunk}`)).status).toBe(200);
  });

  it("answers a month that does not exist with 404 and leaves the words to the app", async () => {
    for (const path of ["/month/2030-13", "/month/99999-99", "/month/2030-1", "/month/9999-12", "/month/0001-01"])
      expect((await page(path)).res.status).toBe(404);
    const { res, inlined, text } = await page("/month/2030-13");
    expect(res.status).toBe(404);
    expect(inlined).toBeNull();
    expect(text).toContain('<div id="app"></div>');
  });
});
