/** Which events and documents a subscriber's digest holds: the pure selection, from given data. */
import { describe, expect, it } from "vitest";
import type { DigestDocument } from "../../functions/digest/load.ts";
import { MAX_LISTED, selectForSubscriber } from "../../functions/digest/select.ts";
import { data, event, HOUR, NOW, subscriber } from "../support/digest-data.ts";

const DAY = 24 * HOUR;
const ids = (list: { id: string }[]) => list.map((e) => e.id);

function document(slug: string, o: Partial<DigestDocument> = {}): DigestDocument {
  return { slug, title: slug, kind: "report", countries: [], topics: [], organisations: [], createdAt: "2027-02-25T00:00:00Z", ...o };
}

describe("selectForSubscriber", () => {
  it("takes the weeks ahead the subscriber chose, including what is under way, not what is over", () => {
    const at = (i: number, startMs: number, hours = 1) => event(i, { startUtc: startMs, endUtc: startMs + hours * HOUR });
    const events = [
      at(1, NOW.getTime() - 2 * HOUR, 1), // over
      at(2, NOW.getTime() - HOUR, 3), // under way
      at(3, NOW.getTime() + 6 * DAY),
      at(4, NOW.getTime() + 10 * DAY),
    ];
    expect(ids(selectForSubscriber(subscriber({ weeksAhead: 1 }), data(events)).matching)).toEqual(["e2", "e3"]);
    expect(ids(selectForSubscriber(subscriber({ weeksAhead: 2 }), data(events)).matching)).toEqual(["e2", "e3", "e4"]);
  });

  it("keeps an event only when it meets every filter chosen; an organisation may be chosen by id or slug", () => {
    const events = [
      event(1),
      event(2, { audiences: ["judges"] }),
      event(3, { organisers: [{ id: "org-7", slug: "nbpn", name: "NBPN" }] }),
      event(4, { country: null }),
    ];
    expect(ids(selectForSubscriber(subscriber(), data(events)).matching)).toEqual(["e1", "e2", "e3", "e4"]);
    expect(ids(selectForSubscriber(subscriber({ countries: ["LV"], audiences: ["police"] }), data(events)).matching)).toEqual(["e1", "e3"]);
    expect(ids(selectForSubscriber(subscriber({ organisations: ["nbpn"] }), data(events)).matching)).toEqual(["e3"]);
    expect(ids(selectForSubscriber(subscriber({ organisations: ["org-7"] }), data(events)).matching)).toEqual(["e3"]);
  });

  it("marks as new what was published since the last digest, or in the last week for a first one", () => {
    const events = [event(1, { publishedAt: "2027-02-23T00:00:00Z" }), event(2, { publishedAt: "2027-02-20T00:00:00Z" })];
    expect([...selectForSubscriber(subscriber({ lastSentAt: "2027-02-10T06:00:00Z" }), data(events)).fresh]).toEqual(["e1", "e2"]);
    expect([...selectForSubscriber(subscriber({ lastSentAt: null }), data(events)).fresh]).toEqual(["e1"]);
    expect([...selectForSubscriber(subscriber({ lastSentAt: "2027-02-24T00:00:00Z" }), data(events)).fresh]).toEqual([]);
  });

  it("lists at most MAX_LISTED events but counts them all", () => {
    const chosen = selectForSubscriber(subscriber(), data(Array.from({ length: MAX_LISTED + 5 }, (_, i) => event(i))));
    expect(chosen.matching).toHaveLength(MAX_LISTED + 5);
    expect(chosen.listed).toHaveLength(MAX_LISTED);
    expect(chosen.listed[0].id).toBe("e0");
  });

  it("offers documents added since the last digest that meet the filters", () => {
    const documents = [
      document("new-lv", { countries: ["LV"] }),
      document("old-lv", { countries: ["LV"], createdAt: "2027-02-01T00:00:00Z" }),
      document("new-ee", { countries: ["EE"] }),
    ];
    const chosen = selectForSubscriber(subscriber({ countries: ["LV"] }), { ...data([]), documents });
    expect(chosen.documents.map((d) => d.slug)).toEqual(["new-lv"]);
  });

  it("reports a high clash only when one of the two events is new, and never with a cancelled one", () => {
    const fresh = { publishedAt: "2027-02-28T00:00:00Z" };
    expect(selectForSubscriber(subscriber(), data([event(1), event(2)])).clashes).toEqual([]);
    const clashes = selectForSubscriber(subscriber(), data([event(1, fresh), event(2)])).clashes;
    expect(clashes.map(([a, b]) => [a.id, b.id])).toEqual([["e1", "e2"]]);
    expect(selectForSubscriber(subscriber(), data([event(1, fresh), event(2, { status: "cancelled" })])).clashes).toEqual([]);
  });
});
