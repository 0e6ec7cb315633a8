/**
 * A busy-only event shows that its organisation is busy, nothing more, to everyone but its own
 * organisation and coordinators: it is not found by its hidden words, nor singled out by a filter
 * on a detail it hides (country, topic, audience, language), through the API or the feeds.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04" });
let anonymous: ApiClient;
let otherPartner: ApiClient;
let ownPartner: ApiClient;
let coordinator: ApiClient;
let slug: string;
beforeAll(async () => {
  anonymous = new ApiClient(stack.worker.baseUrl);
  otherPartner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
  ownPartner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  slug = await createEvent(stack.db.client, {
    title: "Zebrafinch operation debrief",
    startsAt: "2030-09-15T10:00",
    endsAt: "2030-09-15T12:00",
    timeZone: "Europe/Riga",
    country: "LV",
    visibility: "busy_only",
    organisers: ["marta"],
    topics: ["police-cooperation"],
  });
});

const slugs = (body: { events: { slug: string }[] }) => body.events.map((e) => e.slug);

describe("a busy-only event's hidden details", () => {
  it("are not found by search, except by its own organisation and coordinators", async () => {
    for (const viewer of [anonymous, otherPartner]) {
      const res = await viewer.get("/api/search?q=zebrafinch");
      expect(res.status).toBe(200);
      expect(slugs(res.body)).not.toContain(slug);
    }
    for (const viewer of [ownPartner, coordinator]) expect(slugs((await viewer.get("/api/search?q=zebrafinch")).body)).toContain(slug);
  });

  it("do not single it out through a filter on country or topic; unfiltered it still shows as busy", async () => {
    const month = "/api/events?from=2030-09-01&to=2030-09-30";
    for (const viewer of [anonymous, otherPartner]) {
      const all = (await viewer.get(month)).body;
      expect(all.events.find((e: { slug: string }) => e.slug === slug)).toMatchObject({ busy: true, title: null, country: null });
      expect(slugs((await viewer.get(`${month}&country=LV`)).body)).not.toContain(slug);
      expect(slugs((await viewer.get(`${month}&topic=police-cooperation`)).body)).not.toContain(slug);
    }
    expect(slugs((await coordinator.get(`${month}&country=LV`)).body)).toContain(slug);
    expect(slugs((await ownPartner.get(`${month}&topic=police-cooperation`)).body)).toContain(slug);
  });

  it("do not single it out in a filtered feed", async () => {
    const feed = await anonymous.get("/calendar.ics?country=LV");
    expect(feed.status).toBe(200);
    expect(feed.body).not.toContain("Zebrafinch");
    expect(feed.body).not.toContain(slug);
  });
});
