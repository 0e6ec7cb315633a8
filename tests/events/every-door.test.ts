/**
 * Every door an event goes out through, tried by every kind of viewer. A busy-only and a
 * partner-only event of one organisation carry marker words in every field they hide (and a
 * country, topic, audience and language no other event has); for each viewer who may not see an
 * event's details, no response — status line, headers or body — holds a marker or a word of its
 * title (its slug once was made of them), and nothing can be found, filtered or weighed by a hidden
 * detail. For the viewers who may see them, the same doors do show the markers, and a public
 * control event shows at every public door, so no check passes on an empty answer.
 *
 * The doors are the routers mounted in functions/app.ts that answer with events.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import type { ReceivedMail } from "../support/smtp.ts";
import { dayFrom, useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const stack = useStack({ today: TODAY, smtp: true });

type Who = "anonymous" | "otherPartner" | "ownPartner" | "coordinator";
const VIEWERS: Who[] = ["anonymous", "otherPartner", "ownPartner", "coordinator"];
type Kind = "busy" | "partners";

/** What each hidden event hides, by marker: every word is unique to this test. */
const HIDDEN = {
  busy: {
    visibility: "busy_only",
    marker: "zorblax",
    title: "Zorblaxtitle Wobbegong",
    country: "PT",
    topic: "zorblax-topic",
    audience: "zorblax-audience",
    language: "eu",
  },
  partners: {
    visibility: "partners",
    marker: "quokkaq",
    title: "Quokkaqtitle Pangolin",
    country: "ES",
    topic: "quokkaq-topic",
    audience: "quokkaq-audience",
    language: "ca",
  },
} as const;
/** Who may see each event's details (functions/events/visibility.ts). */
const ENTITLED: Record<Kind, Who[]> = { busy: ["ownPartner", "coordinator"], partners: ["otherPartner", "ownPartner", "coordinator"] };
const CONTROL = "Plainmarkerdoor open forum";
const KINDS: Kind[] = ["busy", "partners"];
const EVENT_DAY = day(10);

/**
 * The busy-only event is timed in a zone no other event uses, 09:00–11:00 on the Azores (UTC−1
 * that day), 10:00–12:00 UTC: its zone's name, offset and wall clock (JSON and iCalendar forms)
 * would tell where it is. The partner-only event is timed in UTC.
 */
const BUSY_ZONE = "Atlantic/Azores";
const ZONE_TELLS = ["azores", "gmt-1", "-01:00", `${EVENT_DAY}t09:00`, `${EVENT_DAY.replaceAll("-", "")}t090000`];
/** Lower-case strings that must not reach a viewer who may not see the event. */
const forbidden = (k: Kind) => [HIDDEN[k].marker, ...HIDDEN[k].title.toLowerCase().split(" ").slice(1), ...(k === "busy" ? ZONE_TELLS : [])];
const oldSlug: Record<Kind, string> = { busy: "", partners: "" };
const slug: Record<Kind, string> = { busy: "", partners: "" };
const clients = {} as Record<Who, ApiClient>;
const feedPath = {} as Record<Exclude<Who, "anonymous">, string>;

function fields(k: Kind) {
  const h = HIDDEN[k];
  return {
    title: h.title,
    summary: `${h.marker}summary words`,
    description: `${h.marker}description text`,
    type: "seminar",
    allDay: false,
    ...(k === "busy"
      ? { startsAt: `${EVENT_DAY}T09:00`, endsAt: `${EVENT_DAY}T11:00`, timeZone: BUSY_ZONE }
      : { startsAt: `${EVENT_DAY}T10:00`, endsAt: `${EVENT_DAY}T12:00`, timeZone: "UTC" }),
    venue: `${h.marker}venue hall`,
    city: `${h.marker}city`,
    country: h.country,
    onlineUrl: `https://${h.marker}online.example.org/join`,
    registrationUrl: `https://${h.marker}register.example.org/`,
    attendanceMode: "hybrid",
    clashJustification: `${h.marker}justification given`,
    languages: [h.language],
    topics: [h.topic],
    audiences: [h.audience],
    organisers: ["marta"],
    ownerOrganisationId: "marta",
  };
}

/** A response as one text: status, every header and the body, so nothing can hide in a header. */
interface Door {
  name: string;
  status: number;
  text: string;
  location: string | null;
}

async function open(who: Who, name: string, path: string, init: { method?: string; json?: unknown } = {}): Promise<Door> {
  const headers: Record<string, string> = { origin: stack.worker.baseUrl };
  if (clients[who].cookie) headers.cookie = clients[who].cookie!;
  if (init.json !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(`${stack.worker.baseUrl}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
    redirect: "manual",
  });
  const body = await res.text();
  expect(res.status, `${name} as ${who}`).toBeLessThan(500);
  return {
    name,
    status: res.status,
    text: `${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${body}`,
    location: res.headers.get("location"),
  };
}

const mailText = (m: ReceivedMail) => `${m.raw}\n${m.parsed.subject ?? ""}\n${m.parsed.text ?? ""}\n${m.parsed.html || ""}`;
const cron = (expr: string) => stack.cron(expr);

const READER = "door-reader@example.net";
const doors = {} as Record<Who, Door[]>;
const digests: { name: string; text: string }[] = [];

/** The radar's and the finder's answer with a candidate matching the hidden event's details, and without. */
function candidate(k: Kind, matching: boolean) {
  const h = HIDDEN[k];
  return {
    startsAt: `${EVENT_DAY}T09:00`,
    endsAt: `${EVENT_DAY}T11:00`,
    timeZone: "UTC",
    ...(matching ? { countries: [h.country], city: `${h.marker}city`, topics: [h.topic], audiences: [h.audience], languages: [h.language] } : {}),
  };
}
function freeDatesQuery(k: Kind, matching: boolean) {
  const h = HIDDEN[k];
  const base = `/api/free-dates?from=${day(9)}&to=${day(11)}&days=1&limit=20&weekends=true&holidays=true`;
  return matching ? `${base}&countries=${h.country}&topics=${h.topic}&audiences=${h.audience}` : base;
}

async function collectDoors(who: Who): Promise<Door[]> {
  const month = `from=${day(0)}&to=${day(30)}`;
  const year = EVENT_DAY.slice(0, 4);
  const list: Door[] = [];
  const add = async (name: string, path: string, init?: { method?: string; json?: unknown }) => list.push(await open(who, name, path, init));
  await add("month API", `/api/events?${month}`);
  await add("CSV export", `/api/export/events.csv?${month}`);
  await add("public ICS feed", "/calendar.ics");
  await add("organisation ICS feed", "/organisations/marta/calendar.ics");
  await add("Atom feed", "/feed.atom");
  await add("organisation", "/api/organisations/marta");
  await add("organisations CSV", "/api/export/organisations.csv");
  await add("organisation vCard", "/organisations/marta.vcf");
  await add("project", "/api/projects/my-vision");
  await add("document", "/api/documents/nb8-mou-2009");
  await add("my events", "/api/my/events");
  await add("holds", "/api/holds");
  await add("review queue", "/api/review");
  await add("audit log", "/api/audit");
  await add("dashboard", "/api/dashboard");
  for (const by of ["country", "topic", "audience"]) await add(`heatmap by ${by}`, `/api/heatmap?year=${year}&by=${by}`);
  for (const k of KINDS) {
    const h = HIDDEN[k];
    await add(`${k}: event API`, `/api/events/${slug[k]}`);
    await add(`${k}: event page`, `/events/${slug[k]}`);
    await add(`${k}: event .ics`, `/events/${slug[k]}.ics`);
    for (const [key, value] of [
      ["country", h.country],
      ["type", fields(k).type],
      ["topic", h.topic],
      ["audience", h.audience],
      ["language", h.language],
    ]) {
      await add(`${k}: month API ?${key}=`, `/api/events?${month}&${key}=${value}`);
      await add(`${k}: ICS feed ?${key}=`, `/calendar.ics?${key}=${value}`);
    }
    await add(`${k}: CSV ?country=`, `/api/export/events.csv?${month}&country=${h.country}`);
    await add(`${k}: organisations ?topic=`, `/api/organisations?topic=${h.topic}`);
    for (const word of [...h.title.split(" "), `${h.marker}summary`, `${h.marker}description`, `${h.marker}venue`, `${h.marker}city`]) {
      const door = await open(who, `${k}: search "${word}"`, `/api/search?q=${encodeURIComponent(word)}`);
      // The answer repeats the question; what was asked is not what was found.
      list.push({ ...door, text: door.text.replace(`"q":"${word}"`, "") });
    }
    await add(`${k}: clash-check`, "/api/clash-check", { method: "POST", json: candidate(k, false) });
    await add(`${k}: clash-check matching hidden details`, "/api/clash-check", { method: "POST", json: candidate(k, true) });
    await add(`${k}: free dates`, freeDatesQuery(k, false));
    await add(`${k}: free dates matching hidden details`, freeDatesQuery(k, true));
  }
  if (who !== "anonymous") await add("private ICS feed", feedPath[who]);
  if (who === "coordinator") {
    const subscribers = (await clients.coordinator.get("/api/digests/subscribers")).body.subscribers as { id: string; email: string }[];
    await add("digest preview", `/api/digests/preview?subscription=${subscribers.find((s) => s.email === READER)!.id}`);
  }
  return list;
}

beforeAll(async () => {
  const { db, worker } = stack;
  clients.anonymous = new ApiClient(worker.baseUrl);
  clients.otherPartner = await sessionFor(db.client, worker.baseUrl, SAMPLE.partnerNbpn);
  clients.ownPartner = await sessionFor(db.client, worker.baseUrl, SAMPLE.partnerMarta);
  clients.coordinator = await sessionFor(db.client, worker.baseUrl, SAMPLE.coordinator);
  // Vocabulary only this test's hidden events use.
  for (const k of KINDS) {
    const h = HIDDEN[k];
    await db.client.batch([
      { sql: "INSERT INTO topics (id, label) VALUES (?, ?)", args: [h.topic, `${h.marker}topic`] },
      { sql: "INSERT INTO audiences (id, label) VALUES (?, ?)", args: [h.audience, `${h.marker}audience`] },
    ]);
  }
  const { coordinator, ownPartner } = clients;

  // The busy-only event: published public by a coordinator, then made busy-only by a direct edit.
  const made = await coordinator.post("/api/events", { ...fields("busy"), visibility: "public", publish: true });
  expect(made.status).toBe(201);
  oldSlug.busy = made.body.slug;
  const busy = await coordinator.patch(`/api/events/${oldSlug.busy}`, { visibility: "busy_only" }, { "if-match": made.headers.get("etag")! });
  expect(busy.status).toBe(200);
  slug.busy = busy.body.slug;

  // The partner-only event: a partner's public event through review, then a proposal to make it
  // partner-only, approved by a coordinator.
  const draft = await ownPartner.post("/api/events", { ...fields("partners"), visibility: "public" });
  expect(draft.status).toBe(201);
  oldSlug.partners = draft.body.slug;
  const submitted = await ownPartner.post(`/api/events/${oldSlug.partners}/submit`, {}, { "if-match": draft.headers.get("etag")! });
  const published = await coordinator.post(`/api/events/${oldSlug.partners}/approve`, {}, { "if-match": submitted.headers.get("etag")! });
  expect(published.status).toBe(200);
  const proposed = await ownPartner.patch(`/api/events/${oldSlug.partners}`, { visibility: "partners" }, { "if-match": published.headers.get("etag")! });
  expect(proposed.status).toBe(200);
  const approved = await coordinator.post(`/api/events/${oldSlug.partners}/approve`, {}, { "if-match": proposed.headers.get("etag")! });
  expect(approved.status).toBe(200);
  slug.partners = approved.body.slug;
  // Projects and documents list their events too (links the API has no field for).
  for (const k of KINDS) {
    await db.client.batch([
      { sql: "INSERT INTO event_projects (event_id, project_id) SELECT id, 'my-vision' FROM events WHERE slug = ?", args: [slug[k]] },
      { sql: "INSERT INTO event_documents (event_id, document_id) SELECT id, 'nb8-mou-2009' FROM events WHERE slug = ?", args: [slug[k]] },
    ]);
  }

  const control = await coordinator.post("/api/events", {
    title: CONTROL,
    type: "conference",
    startsAt: `${day(20)}T10:00`,
    endsAt: `${day(20)}T16:00`,
    timeZone: "UTC",
    country: "FI",
    organisers: ["nbpn"],
    ownerOrganisationId: "nbpn",
    publish: true,
  });
  expect(control.status).toBe(201);

  for (const who of ["otherPartner", "ownPartner", "coordinator"] as const) {
    const token = await clients[who].post("/api/me/feed-token");
    feedPath[who] = new URL(token.body.url).pathname;
  }

  // An anonymous subscriber, confirmed from the mailed link, and the week's digest run.
  expect((await clients.anonymous.post("/api/subscriptions", { email: READER })).status).toBe(202);
  const confirm = await stack.smtp.waitFor((m) => m.envelope.to.includes(READER));
  expect((await fetch(/(http\S+\/digest\/confirm\?token=\S+)/.exec(confirm.parsed.text ?? "")![1], { method: "POST" })).status).toBe(200);
  await cron("0 6 * * 1");
  await cron("*/5 * * * *");
  for (const address of [READER, "coordinator@example.org"]) {
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes(address) && /List-Unsubscribe:/i.test(m.raw));
    digests.push({ name: `digest mail to ${address}`, text: mailText(mail) });
  }

  for (const who of VIEWERS) doors[who] = await collectDoors(who);
}, 180_000);

describe("every door, for every viewer", () => {
  it("non-public events carry opaque slugs, also those made public first and the demo data's", async () => {
    for (const k of KINDS) {
      expect(slug[k]).toMatch(/^e-[0-9a-f]{16}$/);
      expect(oldSlug[k]).toContain(HIDDEN[k].title.split(" ")[1].toLowerCase());
    }
    const demo = await stack.db.client.execute("SELECT id, slug FROM events WHERE visibility <> 'public'");
    expect(demo.rows.length).toBeGreaterThanOrEqual(4);
    for (const row of demo.rows) expect(String(row.slug)).toMatch(/^e-[0-9a-f]{16}$/);
  });

  it("shows no hidden detail and no word of the title to viewers who may not see the event", () => {
    const leaks: string[] = [];
    for (const who of VIEWERS) {
      for (const k of KINDS) {
        if (ENTITLED[k].includes(who)) continue;
        for (const door of doors[who]) {
          const text = door.text.toLowerCase();
          for (const word of forbidden(k)) if (text.includes(word)) leaks.push(`${door.name} as ${who}: "${word}" of the ${k} event`);
        }
      }
    }
    for (const mail of digests)
      for (const k of KINDS)
        for (const word of forbidden(k)) if (mail.text.toLowerCase().includes(word)) leaks.push(`${mail.name}: "${word}" of the ${k} event`);
    expect(leaks).toEqual([]);
  });

  it("shows the details to the viewers who may see them, and the public control event to everybody", () => {
    const missing: string[] = [];
    const shows = (who: Who, name: string, word: string) => {
      const door = doors[who].find((d) => d.name === name)!;
      if (!door.text.toLowerCase().includes(word.toLowerCase())) missing.push(`${name} as ${who}: no "${word}"`);
    };
    for (const k of KINDS) {
      const h = HIDDEN[k];
      for (const who of ENTITLED[k]) {
        shows(who, "month API", h.title);
        shows(who, "CSV export", h.title);
        shows(who, "private ICS feed", h.title);
        shows(who, "heatmap by topic", h.topic);
        for (const field of ["summary", "description", "venue", "city", "online", "register"]) shows(who, `${k}: event API`, `${h.marker}${field}`);
        shows(who, `${k}: event page`, `${h.marker}description`);
        shows(who, `${k}: event page`, "application/ld+json");
        for (const key of ["country", "type", "topic", "audience", "language"]) shows(who, `${k}: month API ?${key}=`, h.title);
        shows(who, `${k}: search "${h.title.split(" ")[1]}"`, h.title);
        shows(who, `${k}: search "${h.marker}venue"`, h.title);
        shows(who, `${k}: clash-check`, h.title);
        shows(who, `${k}: organisations ?topic=`, '"slug":"marta"');
        // A project lists the partner-only events linked to it for partners; busy-only ones for nobody.
        if (k === "partners") shows(who, "project", h.title);
      }
      // Only coordinators and the event's own partners edit it and see the reason given for a clash.
      for (const who of ["ownPartner", "coordinator"] as const) shows(who, `${k}: event API`, `${h.marker}justification`);
      shows("coordinator", "dashboard", h.title);
    }
    for (const who of VIEWERS) for (const name of ["month API", "CSV export", "public ICS feed", "Atom feed"]) shows(who, name, CONTROL);
    for (const mail of digests) if (!mail.text.includes(CONTROL)) missing.push(`${mail.name}: no control event`);
    shows("coordinator", "digest preview", CONTROL);
    expect(missing).toEqual([]);
  });

  it("shows a busy-only event's type and attendance mode only to those who may see it, in JSON and CSV", () => {
    const body = (door: Door) => door.text.slice(door.text.indexOf("\n\n") + 2);
    const seen: string[] = [];
    for (const who of VIEWERS) {
      const door = (name: string) => doors[who].find((d) => d.name === name)!;
      const listed = (JSON.parse(body(door("month API"))).events as { slug: string; type: unknown; attendanceMode: unknown }[]).find(
        (e) => e.slug === slug.busy,
      );
      const detail = JSON.parse(body(door("busy: event API"))) as { type: unknown; attendanceMode: unknown };
      const row = body(door("CSV export"))
        .split(/\r?\n/)
        .find((line) => line.startsWith(`${slug.busy},`));
      // slug, title, type, …: the type is the third cell.
      const csvType = row?.split(",")[2];
      seen.push(`${who}: list ${listed?.type}/${listed?.attendanceMode}, event ${detail.type}/${detail.attendanceMode}, CSV ${csvType}`);
    }
    const shown = "list seminar/hybrid, event seminar/hybrid, CSV seminar";
    const hidden = "list null/null, event null/null, CSV ";
    expect(seen).toEqual(VIEWERS.map((who) => `${who}: ${ENTITLED.busy.includes(who) ? shown : hidden}`));
  });

  it("gives a busy-only event's times in UTC to those who may not see it, and in its own zone to those who may", () => {
    const body = (door: Door) => door.text.slice(door.text.indexOf("\n\n") + 2);
    const compact = EVENT_DAY.replaceAll("-", "");
    const seen: string[] = [];
    for (const who of VIEWERS) {
      const door = (name: string) => doors[who].find((d) => d.name === name)!;
      const listed = (JSON.parse(body(door("month API"))).events as { slug: string; startsAt: string; timeZone: string; start: string }[]).find(
        (e) => e.slug === slug.busy,
      )!;
      const detail = JSON.parse(body(door("busy: event API"))) as { id: string; startsAt: string; endsAt: string; timeZone: string };
      // The event's own .ics is the public one, whoever asks; a signed-in reader's own feed is theirs.
      const start = (name: string) =>
        body(door(name))
          .split("BEGIN:VEVENT")
          .find((block) => block.includes(`UID:${detail.id}@`))
          ?.match(/^DTSTART[^\r\n]*/m)?.[0];
      const feed = who === "anonymous" ? "" : `, private feed ${start("private ICS feed")}`;
      seen.push(
        `${who}: list ${listed.startsAt} ${listed.timeZone} ${listed.start}, event ${detail.startsAt}–${detail.endsAt} ${detail.timeZone}, .ics ${start("busy: event .ics")}${feed}`,
      );
    }
    const utcStart = `DTSTART:${compact}T100000Z`;
    const expected = (who: Who) => {
      const own = ENTITLED.busy.includes(who);
      const json = own
        ? `list ${EVENT_DAY}T09:00 ${BUSY_ZONE} ${EVENT_DAY}T10:00:00.000Z, event ${EVENT_DAY}T09:00–${EVENT_DAY}T11:00 ${BUSY_ZONE}`
        : `list ${EVENT_DAY}T10:00 UTC ${EVENT_DAY}T10:00:00.000Z, event ${EVENT_DAY}T10:00–${EVENT_DAY}T12:00 UTC`;
      const feed = who === "anonymous" ? "" : `, private feed ${own ? `DTSTART;TZID=${BUSY_ZONE}:${compact}T090000` : utcStart}`;
      return `${who}: ${json}, .ics ${utcStart}${feed}`;
    };
    expect(seen).toEqual(VIEWERS.map(expected));
  });

  it("never passes a hidden event through a filter on a hidden detail for those who may not see it", () => {
    const passed: string[] = [];
    for (const who of VIEWERS) {
      for (const k of KINDS) {
        if (ENTITLED[k].includes(who)) continue;
        for (const door of doors[who].filter(
          (d) => d.name.startsWith(`${k}: month API ?`) || d.name.startsWith(`${k}: ICS feed ?`) || d.name === `${k}: CSV ?country=`,
        )) {
          if (door.text.includes(slug[k])) passed.push(`${door.name} as ${who}`);
        }
        const orgs = doors[who].find((d) => d.name === `${k}: organisations ?topic=`)!;
        if (orgs.text.includes('"slug":"marta"')) passed.push(`${orgs.name} as ${who}`);
      }
    }
    expect(passed).toEqual([]);
  });

  it("gives the radar and the free-date finder the same answer about a hidden event whether or not a proposal matches its hidden details", () => {
    type Clash = { slug: string; score: number; severity: string; reasons: unknown[] };
    const json = (door: Door) => JSON.parse(door.text.slice(door.text.indexOf("\n\n") + 2));
    for (const who of VIEWERS) {
      for (const k of KINDS) {
        const find = (name: string) => doors[who].find((d) => d.name === name)!;
        const radar = (name: string) => (json(find(name)).clashes as Clash[]).find((c) => c.slug === slug[k]);
        const plain = radar(`${k}: clash-check`);
        const matching = radar(`${k}: clash-check matching hidden details`);
        const finder = (name: string) =>
          (json(find(name)).dates as { start: string; score: number; severity: string | null; clashes: Clash[] }[])
            .map((d) => ({ start: d.start, clash: d.clashes.find((c) => c.slug === slug[k]) ?? null }))
            .sort((a, b) => a.start.localeCompare(b.start));
        if (ENTITLED[k].includes(who)) {
          expect(matching!.score, `${k} as ${who}`).toBeGreaterThan(plain!.score);
        } else {
          expect(matching, `${k} radar as ${who}`).toEqual(plain);
          expect(finder(`${k}: free dates matching hidden details`), `${k} free dates as ${who}`).toEqual(finder(`${k}: free dates`));
        }
        // A busy-only event still tells everybody when its organisation is busy.
        if (k === "busy")
          expect(plain, `busy radar as ${who}`).toMatchObject({ reasons: expect.arrayContaining([{ code: "overlap", text: expect.any(String) }]) });
      }
    }
  });

  it("leads an old slug on only for viewers who may see the event, and is the unknown slug's 404 for everybody else", async () => {
    const unknown = "no-such-event-abcd";
    const scrub = (door: Door, s: string) =>
      door.text
        .split(s)
        .join("SLUG")
        .replace(/^(date|cf-ray|x-request-id|etag): .*$/gim, "");
    for (const who of VIEWERS) {
      for (const k of KINDS) {
        const api = await open(who, "old slug API", `/api/events/${oldSlug[k]}`);
        const page = await open(who, "old slug page", `/events/${oldSlug[k]}?lang=en`);
        if (ENTITLED[k].includes(who)) {
          expect([api.status, api.location], `${k} as ${who}`).toEqual([308, `/api/events/${slug[k]}`]);
          expect([page.status, page.location], `${k} as ${who}`).toEqual([301, `/events/${slug[k]}?lang=en`]);
        } else {
          expect(scrub(api, oldSlug[k]), `${k} API as ${who}`).toBe(scrub(await open(who, "unknown API", `/api/events/${unknown}`), unknown));
          expect(scrub(page, oldSlug[k]), `${k} page as ${who}`).toBe(scrub(await open(who, "unknown page", `/events/${unknown}?lang=en`), unknown));
        }
      }
    }
  });

  it("never writes through an old slug", async () => {
    for (const who of ["otherPartner", "ownPartner", "coordinator"] as const) {
      for (const k of KINDS) {
        const current = await clients.coordinator.get(`/api/events/${slug[k]}`);
        const etag = current.headers.get("etag")!;
        const patched = await clients[who].patch(`/api/events/${oldSlug[k]}`, { title: "Overwritten through an alias" }, { "if-match": etag });
        const deleted = await clients[who].delete(`/api/events/${oldSlug[k]}`, { "if-match": etag });
        expect([patched.status, deleted.status], `${k} as ${who}`).toEqual([404, 404]);
        const after = await clients.coordinator.get(`/api/events/${slug[k]}`);
        expect([after.body.title, after.headers.get("etag")]).toEqual([HIDDEN[k].title, etag]);
      }
    }
  });
});
