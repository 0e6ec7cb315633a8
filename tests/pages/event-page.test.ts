/** `/events/:slug` rendered by the Worker: readable without JavaScript, with JSON-LD and Open Graph. */
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent, DEMO_BUSY_STEERING, DEMO_PARTNER_PLANNING, storedEvent } from "../support/factories.ts";

const stack = useStack({ seedToday: "2030-03-04" });

async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers });
  return { res, text: await res.text() };
}

function jsonLd(text: string) {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(text);
  return m ? JSON.parse(m[1]) : null;
}

describe("GET /events/:slug", () => {
  it("shows a title with $-patterns as written, not spliced with parts of the page", async () => {
    const title = "Budget $& review $' and $` end";
    const slug = await createEvent(stack.db.client, { title, startsAt: "2030-05-05T10:00", endsAt: "2030-05-05T11:00" });
    const { res, text } = await page(`/events/${slug}`);
    expect(res.status).toBe(200);
    expect(text).toContain(`<h1>${title.replace("&", "&amp;").replace("'", "&#39;")}</h1>`);
    expect(text.match(/<div id="app">/g)).toHaveLength(1);
    expect(text.match(/<\/html>/g)).toHaveLength(1);
  });

  it("renders the event into the page with Open Graph tags and schema.org JSON-LD", async () => {
    const { res, text } = await page("/events/sample-task-force-meeting");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(text).toContain("<h1>Coordination meeting of international organisations and task forces</h1>");
    expect(text).toMatch(/<title>Coordination meeting of international organisations and task forces — /);
    expect(text).toContain(`<meta property="og:url" content="${stack.worker.baseUrl}/events/sample-task-force-meeting" />`);
    // Organisers, contact persons and documents lead to their pages.
    expect(text).toContain('<a href="/organisations/ncm">Nordic Council of Ministers</a> (NCM)');
    expect(text).toContain('<a href="/people/sample-kari-nordmann">Kari Nordmann</a>');
    expect(text).toContain('<a href="/documents/nb8-mou-2009">');
    expect(text).toContain("kari.nordmann@example.org");
    expect(text).not.toContain("+47");
    expect(text).toContain('href="/events/sample-task-force-meeting.ics"');
    expect(text).toContain("https://calendar.google.com/calendar/render?action=TEMPLATE");
    const ld = jsonLd(text);
    expect(ld).toMatchObject({
      "@type": "Event",
      name: "Coordination meeting of international organisations and task forces",
      startDate: "2030-03-22T09:00:00.000Z",
      eventAttendanceMode: "https://schema.org/MixedEventAttendanceMode",
      eventStatus: "https://schema.org/EventScheduled",
      organizer: [{ "@type": "Organization", name: "Nordic Council of Ministers" }],
    });
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
  });

  it("answers a repeated visit with 304 until the event changes", async () => {
    const slug = await createEvent(stack.db.client, { title: "Conditional visit", startsAt: "2030-05-06T10:00", endsAt: "2030-05-06T11:00" });
    const first = await page(`/events/${slug}`);
    const etag = first.res.headers.get("etag")!;
    // Sent gzip-compressed as the edge cache keeps it: the tag of that representation is weak.
    expect(etag).toMatch(/^W\/"[0-9a-f]{64}"$/);
    const again = await fetch(`${stack.worker.baseUrl}/events/${slug}`, { headers: { "if-none-match": etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toBe("public, max-age=300");
    expect(again.headers.get("vary")).toBe("Cookie, Accept-Language, Accept-Encoding");
    await stack.db.client.execute({ sql: "UPDATE events SET title = 'Conditional visit, moved' WHERE id = ?", args: [slug] });
    const changed = await page(`/events/${slug}`, { "if-none-match": etag });
    expect(changed.res.status).toBe(200);
    expect(changed.text).toContain("<h1>Conditional visit, moved</h1>");
  });

  it("escapes hostile text everywhere it lands", async () => {
    const slug = await createEvent(stack.db.client, {
      id: "hostile-title",
      title: `</script><script>alert(1)</script> "quoted" & <b>bold</b> $' $&`,
      startsAt: "2030-04-01T10:00",
      endsAt: "2030-04-01T11:00",
    });
    const { text } = await page(`/events/${slug}`);
    expect(text).not.toContain("<script>alert(1)</script>");
    expect(text).not.toContain("<b>bold</b>");
    expect(text).toContain("<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt; $&#39; $&amp;</h1>");
    expect(text.match(/<\/html>/g)).toHaveLength(1);
    expect(jsonLd(text).name).toBe(`</script><script>alert(1)</script> "quoted" & <b>bold</b> $' $&`);
  });

  it("shows busy-only events without details and hides partner-only ones from the public", async () => {
    const busy = await page(`/events/${(await storedEvent(stack.db.client, DEMO_BUSY_STEERING)).slug}`);
    expect(busy.text).toContain("<h1>Busy — MR-S</h1>");
    expect(busy.text).not.toContain("Steering group");
    expect(jsonLd(busy.text)).toBeNull();
    const planning = (await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).slug;
    const hidden = await page(`/events/${planning}`);
    expect(hidden.res.status).toBe(404);
    expect(hidden.text).toContain('<div id="app">');
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    const seen = await page(`/events/${planning}`, { cookie: partner.cookie! });
    expect(seen.res.status).toBe(200);
    expect(seen.res.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps /events/new for the app", async () => {
    const { res, text } = await page("/events/new");
    expect(res.status).toBe(200);
    expect(text).toContain('<div id="app"></div>');
  });
});
