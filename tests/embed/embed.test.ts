/**
 * Embeds for partners' websites, through the real Worker: the JSON <nd-calendar> reads, the iframe
 * pages, oEmbed, and which responses may be read or framed by other origins.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04" });
const PUBLIC = "embed-public-workshop";
const PARTNERS = "embed-partners-briefing";
const BUSY = "embed-busy-steering";
const PAST = "embed-past-seminar";
let partnerCookie: string;

beforeAll(async () => {
  const db = stack.db.client;
  await createEvent(db, {
    id: PUBLIC,
    title: "Embed public workshop",
    startsAt: "2030-03-20T10:00",
    endsAt: "2030-03-20T12:00",
    organisers: ["marta"],
    country: "EE",
    city: "Tallinn",
  });
  await createEvent(db, {
    id: PARTNERS,
    title: "Embed partners briefing",
    startsAt: "2030-03-21T10:00",
    endsAt: "2030-03-21T12:00",
    organisers: ["marta"],
    country: "EE",
    visibility: "partners",
  });
  await createEvent(db, {
    id: BUSY,
    title: "Embed busy steering",
    startsAt: "2030-03-22T10:00",
    endsAt: "2030-03-22T12:00",
    organisers: ["marta"],
    country: "EE",
    visibility: "busy_only",
  });
  await createEvent(db, {
    id: PAST,
    title: "Embed past seminar",
    startsAt: "2030-03-01T10:00",
    endsAt: "2030-03-01T12:00",
    organisers: ["marta"],
    country: "EE",
  });
  partnerCookie = (await sessionFor(db, stack.worker.baseUrl, SAMPLE.partnerMarta)).cookie!;
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.worker.baseUrl}${path}`, { headers, redirect: "manual" });

describe("GET /api/embed/events", () => {
  it("lists upcoming public events of the filter only, for any origin, even when a partner's cookie comes along", async () => {
    const res = await get("/api/embed/events?organisation=marta&limit=50", { cookie: partnerCookie, origin: "https://partner.example" });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    const body = (await res.json()) as { events: { slug: string; url: string; title: string; where: string }[]; texts: { heading: string } };
    const slugs = body.events.map((e) => e.slug);
    expect(slugs).toContain(PUBLIC);
    expect(slugs).not.toContain(PARTNERS);
    expect(slugs).not.toContain(BUSY);
    expect(slugs).not.toContain(PAST);
    const event = body.events.find((e) => e.slug === PUBLIC)!;
    expect(event.url).toBe(`${stack.worker.baseUrl}/events/${PUBLIC}`);
    expect(event.where).toBe("Tallinn, Estonia");
    expect(body.texts.heading).toBe("Upcoming events");
  });

  it("speaks the host page's language, English for one the calendar does not speak", async () => {
    const de = (await (await get("/api/embed/events?organisation=marta&lang=de-AT")).json()) as { lang: string; texts: { heading: string } };
    expect(de).toMatchObject({ lang: "de", texts: { heading: "Kommende Veranstaltungen" } });
    const fr = (await (await get("/api/embed/events?lang=fr", { "accept-language": "de" })).json()) as { lang: string };
    expect(fr.lang).toBe("en");
  });

  it("answers hostile input with a 4xx, or in English for a language tag that is not one", async () => {
    const odd = await get("/api/embed/events?lang=%ED%A0%80%ED%A0%80");
    expect(odd.status).toBe(200);
    expect(((await odd.json()) as { lang: string }).lang).toBe("en");
    const started = Date.now();
    const res = await get("/api/embed/events?country=-1&lang=%ED%A0%80%ED%A0%80", { "accept-language": "lv;q=0.5, lt;q=-1, et;q=2" });
    expect(res.status).toBe(400);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("bounds limit and validates the filters, naming the field", async () => {
    const one = (await (await get("/api/embed/events?organisation=marta&limit=1")).json()) as { events: unknown[] };
    expect(one.events).toHaveLength(1);
    for (const [query, field] of [
      ["limit=51", "limit"],
      ["limit=0", "limit"],
      ["limit=ten", "limit"],
      ["country=Estonia", "country"],
      [`topic=${"x".repeat(101)}`, "topic"],
      ["organisation=%00", "organisation"],
      ["topic=__proto__", "topic"],
      ["audience=a%0Ab", "audience"],
    ]) {
      const res = await get(`/api/embed/events?${query}`);
      expect(res.status, query).toBe(400);
      const body = (await res.json()) as { error: { issues: { field: string }[] } };
      expect(body.error.issues.map((i) => i.field.replace(/\[\d+\]$/, ""))).toContain(field);
    }
  });

  it("is the only response another origin may read", async () => {
    for (const path of [
      "/api/events?from=2030-03-01&to=2030-03-31",
      `/api/events/${PUBLIC}`,
      "/embed/calendar",
      `/embed/events/${PUBLIC}`,
      `/oembed?url=${stack.worker.baseUrl}/events/${PUBLIC}`,
    ]) {
      const res = await get(path, { origin: "https://partner.example" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("access-control-allow-origin"), path).toBeNull();
    }
  });
});

describe("the iframe pages", () => {
  it("/embed/calendar lists the filtered public events, may be framed by any page and sets no cookie", async () => {
    const res = await get("/embed/calendar?organisation=marta&lang=de", { cookie: partnerCookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("x-frame-options")).toBeNull();
    expect(res.headers.get("set-cookie")).toBeNull();
    const text = await res.text();
    expect(text).toContain('<html lang="de" data-nd-embed-frame="" data-theme="light">');
    expect(text).toContain('<h1 class="nd-heading">Kommende Veranstaltungen</h1>');
    expect(text).toContain(`<a href="${stack.worker.baseUrl}/events/${PUBLIC}" target="_top">Embed public workshop</a>`);
    expect(text).not.toContain("Embed partners briefing");
    expect(text).not.toContain(BUSY);
    // No inline styles or scripts: the page's own CSP allows only its files.
    expect(text).not.toMatch(/<style|style=|<script>/);
    expect(text).toContain('<script src="/embed.js" defer></script>');
  });

  it("/embed/calendar refuses a bad filter with a 400 page naming it, framable, in the reader's language", async () => {
    const res = await get("/embed/calendar?limit=500&theme=dark", { "accept-language": "lv" });
    expect(res.status).toBe(400);
    // A page the frame shows inside the partner's site, not an error object.
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    const text = await res.text();
    expect(text).toContain("Šī kalendāra rāmja iestatījumi nav derīgi");
    expect(text).toContain("<code>limit</code>: must be at most 50");
    const theme = await get("/embed/events/x?theme=purple");
    expect(theme.status).toBe(400);
    expect(await theme.text()).toContain("<code>theme</code>: must be one of light, dark, auto");
    // The JSON door keeps answering JSON.
    expect((await get("/api/embed/events?limit=500")).headers.get("content-type")).toContain("application/json");
  });

  it("takes the host site's colours: light by default, dark, or as the reader's device is set", async () => {
    for (const theme of ["dark", "auto"]) {
      const text = await (await get(`/embed/calendar?theme=${theme}`)).text();
      expect(text).toContain(`data-theme="${theme}"`);
    }
    const css = await (await get("/embed-frame.css")).text();
    expect(css).toMatch(/\[data-theme="dark"\] \{[^}]*--color-bg: #11151a/);
    expect(css).toMatch(/@media \(prefers-color-scheme: dark\) \{\s*\[data-theme="auto"\]/);
  });

  it("/embed/events/:slug shows a public event and nothing else", async () => {
    const res = await get(`/embed/events/${PUBLIC}`, { cookie: partnerCookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors *");
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(await res.text()).toContain('<h1 class="nd-title">Embed public workshop</h1>');
    for (const slug of [PARTNERS, BUSY, "no-such-event"]) {
      const missing = await get(`/embed/events/${slug}`, { cookie: partnerCookie });
      expect(missing.status, slug).toBe(404);
      // A page the frame shows, in the calendar's words, telling nothing of the event.
      const text = await missing.text();
      expect(text).toContain('<h1 class="nd-heading">');
      expect(text).not.toMatch(/Embed partners briefing|Embed busy steering/);
    }
  });

  it("every other page keeps refusing to be framed", async () => {
    for (const path of ["/", `/events/${PUBLIC}`, "/api/embed/events"]) {
      const res = await get(path);
      expect(res.headers.get("x-frame-options"), path).toBe("DENY");
      expect(res.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
    }
  });
});

describe("oEmbed", () => {
  const oembed = (url: string, extra = "") => get(`/oembed?url=${encodeURIComponent(url)}${extra}`);

  it("event pages name their oEmbed address; non-public ones do not", async () => {
    const text = await (await get(`/events/${PUBLIC}`)).text();
    const href = `${stack.worker.baseUrl}/oembed?url=${encodeURIComponent(`${stack.worker.baseUrl}/events/${PUBLIC}`)}&amp;format=json`;
    expect(text).toContain(`<link rel="alternate" type="application/json+oembed" href="${href}"`);
    const partners = await (await get(`/events/${PARTNERS}`, { cookie: partnerCookie })).text();
    expect(partners).toContain("Embed partners briefing");
    expect(partners).not.toContain("json+oembed");
  });

  it("answers the rich type with an iframe of the event's embed page, within maxwidth and maxheight", async () => {
    const res = await oembed(`${stack.worker.baseUrl}/events/${PUBLIC}`, "&maxwidth=320&maxheight=900&format=json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ version: "1.0", type: "rich", title: "Embed public workshop", width: 320, height: 400 });
    expect(body.html).toBe(
      `<iframe src="${stack.worker.baseUrl}/embed/events/${PUBLIC}" width="320" height="400" title="Embed public workshop" loading="lazy" style="border:0"></iframe>`,
    );
  });

  it("404 for unknown and non-public events, 501 for XML, 400 for addresses of other sites and bad sizes", async () => {
    expect((await oembed(`${stack.worker.baseUrl}/events/no-such-event`)).status).toBe(404);
    expect((await oembed(`${stack.worker.baseUrl}/events/${PARTNERS}`)).status).toBe(404);
    expect((await oembed(`${stack.worker.baseUrl}/events/${BUSY}`)).status).toBe(404);
    expect((await oembed(`${stack.worker.baseUrl}/events/${PUBLIC}`, "&format=xml")).status).toBe(501);
    const foreign = await oembed(`https://elsewhere.example/events/${PUBLIC}`);
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { issues: { field: string }[] } }).error.issues[0].field).toBe("url");
    expect((await oembed(`${stack.worker.baseUrl}/organisations/marta`)).status).toBe(400);
    expect((await get("/oembed")).status).toBe(400);
    expect((await oembed(`${stack.worker.baseUrl}/events/${PUBLIC}`, "&maxwidth=-5")).status).toBe(400);
  });
});
