/** Calendar subscriptions served by the Worker, read back with ical.js. */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { DEMO_BUSY_STEERING, DEMO_PARTNER_PLANNING, storedEvent } from "../support/factories.ts";

const stack = useStack({ seedToday: "2030-03-04" });

async function feed(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.worker.baseUrl}${path}`, { headers });
  const text = await res.text();
  if (res.status !== 200) return { res, text, comp: null, events: [] as ICAL.Event[] };
  const comp = new ICAL.Component(ICAL.parse(text));
  for (const tz of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
  return { res, text, comp, events: comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v)) };
}
const uids = (events: ICAL.Event[]) => events.map((e) => e.uid.split("@")[0]);

describe("GET /calendar.ics", () => {
  it("serves the public calendar with correct instants across zones", async () => {
    const { res, comp, events } = await feed("/calendar.ics");
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(comp!.getFirstPropertyValue("name")).toBe("Northern Dimension anti-trafficking calendar");
    const workshop = events.find((e) => e.uid.startsWith("sample-baltic-police-workshop@"))!;
    // 09:30 in Tallinn on 8 March 2030 is 07:30 UTC.
    expect(workshop.startDate.toJSDate().toISOString()).toBe("2030-03-08T07:30:00.000Z");
    expect(workshop.startDate.zone?.tzid).toBe("Europe/Tallinn");
    const seminar = events.find((e) => e.uid.startsWith("sample-health-care-access-seminar@"))!;
    expect([seminar.startDate.toString(), seminar.endDate.toString()]).toEqual(["2030-03-15", "2030-03-17"]);
    expect(uids(events)).not.toContain((await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).id);
    const cancelled = events.find((e) => e.uid.startsWith("sample-warsaw-ngo-forum@"))!;
    expect(cancelled.component.getFirstPropertyValue("status")).toBe("CANCELLED");
    const steering = await storedEvent(stack.db.client, DEMO_BUSY_STEERING);
    expect(events.find((e) => e.uid.startsWith(`${steering.id}@`))!.summary).toBe("Busy — MR-S");
  });

  it("takes the calendar's filters", async () => {
    const { events } = await feed("/calendar.ics?country=EE&audience=police");
    expect(uids(events)).toEqual(["sample-baltic-police-workshop"]);
    const bad = await fetch(`${stack.worker.baseUrl}/calendar.ics?country=Estonia`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { issues: { field: string }[] } }).error.issues[0].field).toMatch(/^country/);
  });

  it("answers a repeated poll with 304 until something changes, and raises SEQUENCE on change", async () => {
    const first = await feed("/calendar.ics?organisation=nbpn");
    const etag = first.res.headers.get("etag")!;
    expect((await fetch(`${stack.worker.baseUrl}/calendar.ics?organisation=nbpn`, { headers: { "if-none-match": etag } })).status).toBe(304);

    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const current = await coordinator.get("/api/events/sample-baltic-police-workshop");
    const before = first.events.find((e) => e.uid.startsWith("sample-baltic-police-workshop@"))!.sequence;
    expect(
      (await coordinator.patch("/api/events/sample-baltic-police-workshop", { venue: "New venue" }, { "if-match": current.headers.get("etag")! })).status,
    ).toBe(200);

    const second = await feed("/calendar.ics?organisation=nbpn", { "if-none-match": etag });
    expect(second.res.status).toBe(200);
    expect(second.res.headers.get("etag")).not.toBe(etag);
    const changed = second.events.find((e) => e.uid.startsWith("sample-baltic-police-workshop@"))!;
    expect(changed.sequence).toBe(before + 1);
    expect(changed.location).toContain("New venue");
  });
});

describe("a subscriber's calendar app, polling", () => {
  it("sees a moved event and a cancelled one under their own UIDs, each with a higher SEQUENCE", async () => {
    const path = "/organisations/fafo/calendar.ics";
    const first = await feed(path);
    const byUid = (events: ICAL.Event[]) => new Map(events.map((e) => [e.uid, e]));
    const seen = byUid(first.events);
    expect(String(first.comp!.getFirstPropertyValue("refresh-interval"))).toBe("PT1H");
    expect(String(first.comp!.getFirstPropertyValue("x-published-ttl"))).toBe("PT1H");

    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const edit = async (slug: string, change: (e: { startsAt: string; endsAt: string }) => Record<string, unknown>) => {
      const current = await coordinator.get<{ startsAt: string; endsAt: string }>(`/api/events/${slug}`);
      const res = await coordinator.patch(`/api/events/${slug}`, change(current.body), { "if-match": current.headers.get("etag")! });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    };
    const later = (local: string) => local.replace(/^(\d{4}-\d{2}-)(\d{2})/, (_, ym: string, d: string) => `${ym}${String(Number(d) + 7).padStart(2, "0")}`);
    await edit("sample-labour-exploitation-webinar", (e) => ({ startsAt: later(e.startsAt), endsAt: later(e.endsAt) }));
    await edit("sample-study-visit-oslo", () => ({ status: "cancelled" }));

    const second = await feed(path, { "if-none-match": first.res.headers.get("etag")! });
    expect(second.res.status).toBe(200);
    const now = byUid(second.events);
    // Nothing vanished: the app replaces each event it holds by the newer copy of the same UID.
    expect([...now.keys()].sort()).toEqual([...seen.keys()].sort());
    const uid = (slug: string) => [...now.keys()].find((u) => u.startsWith(`${slug}@`))!;
    const webinar = [seen.get(uid("sample-labour-exploitation-webinar"))!, now.get(uid("sample-labour-exploitation-webinar"))!];
    expect(webinar[1].sequence).toBe(webinar[0].sequence + 1);
    expect(webinar[1].startDate.toJSDate().getTime() - webinar[0].startDate.toJSDate().getTime()).toBe(7 * 86_400_000);
    const modified = (e: ICAL.Event) => (e.component.getFirstPropertyValue("last-modified") as ICAL.Time).toJSDate().getTime();
    expect(modified(webinar[1])).toBeGreaterThan(modified(webinar[0]));
    const visit = [seen.get(uid("sample-study-visit-oslo"))!, now.get(uid("sample-study-visit-oslo"))!];
    expect(visit[1].sequence).toBe(visit[0].sequence + 1);
    expect(visit[1].component.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(visit[1].startDate.toString()).toBe(visit[0].startDate.toString());
  });
});

describe("GET /organisations/:slug/calendar.ics", () => {
  it("holds the organisation's events under its name", async () => {
    const { comp, events } = await feed("/organisations/fafo/calendar.ics");
    expect(comp!.getFirstPropertyValue("name")).toContain("Fafo Institute for Labour and Social Research");
    expect(uids(events).sort()).toEqual(["sample-labour-exploitation-webinar", "sample-study-visit-oslo"]);
    expect((await fetch(`${stack.worker.baseUrl}/organisations/nobody/calendar.ics`)).status).toBe(404);
  });
});

describe("GET /events/:slug.ics", () => {
  it("downloads one event, and nothing for an event the public may not see", async () => {
    const { events } = await feed("/events/sample-task-force-meeting.ics");
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe("Coordination meeting of international organisations and task forces");
    expect((await fetch(`${stack.worker.baseUrl}/events/${(await storedEvent(stack.db.client, DEMO_PARTNER_PLANNING)).slug}.ics`)).status).toBe(404);
  });

  it("answers 404, not the web app's page, for an .ics address that can name no event", async () => {
    for (const path of ["/events/SAMPLE-TASK-FORCE-MEETING.ics", "/events/a.b.ics", "/events/%E0%A4%A.ics"]) {
      const res = await fetch(`${stack.worker.baseUrl}${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toContain("json");
    }
  });

  it("still serves the web app on other /events paths", async () => {
    const page = await fetch(`${stack.worker.baseUrl}/events/new`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
  });
});

describe("GET /feed.atom", () => {
  it("lists newly published public events as valid Atom, escaping what needs it", async () => {
    await stack.db.client.execute("UPDATE events SET title = 'Fish & chips <b>seminar</b>' WHERE id = 'sample-reykjavik-conference'");
    const res = await fetch(`${stack.worker.baseUrl}/feed.atom`);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await res.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === "entry" || name === "category" }).parse(xml).feed;
    const titles = feed.entry.map((e: { title: string }) => e.title);
    expect(titles).toContain("Fish & chips <b>seminar</b>");
    expect(titles).toContain("Baltic police workshop on victim identification");
    expect(titles).not.toContain("Partners' planning call for the spring programme");
    expect(titles.some((t: string) => t.startsWith("Busy"))).toBe(false);
    const entry = feed.entry.find((e: { title: string }) => e.title.startsWith("Baltic police"));
    expect(entry.link["@_href"]).toBe(`${stack.worker.baseUrl}/events/sample-baltic-police-workshop`);
    expect(entry.author.name).toBe("Nordic-Baltic Policewomen's Network");
  });

  it("is in the reader's language and says so to shared caches in between", async () => {
    const russian = await fetch(`${stack.worker.baseUrl}/feed.atom`, { headers: { "accept-language": "ru" } });
    const english = await fetch(`${stack.worker.baseUrl}/feed.atom`, { headers: { "accept-language": "en" } });
    const title = (xml: string) => new XMLParser().parse(xml).feed.title as string;
    expect(title(await russian.text())).not.toBe(title(await english.text()));
    for (const res of [russian, english]) expect(res.headers.get("vary")).toMatch(/accept-language/i);
  });
});
