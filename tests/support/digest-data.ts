/** Digest data for tests of the pure digest steps (selection, composing): no database, no mail. */
import type { DigestData, DigestEvent, Subscription } from "../../functions/digest/load.ts";

export const NOW = new Date("2027-03-01T06:00:00Z");
export const HOUR = 3_600_000;

export function event(i: number, o: Partial<DigestEvent> = {}): DigestEvent {
  const startUtc = NOW.getTime() + 24 * HOUR + i * HOUR;
  return {
    id: `e${i}`,
    slug: `event-${i}`,
    title: `Event ${i}`,
    summary: null,
    description: null,
    type: "meeting",
    status: "confirmed",
    visibility: "public",
    allDay: false,
    startsAt: "",
    endsAt: "",
    timeZone: "UTC",
    startUtc,
    endUtc: startUtc + HOUR,
    rrule: null,
    exdates: [],
    venue: null,
    city: "Riga",
    country: "LV",
    onlineUrl: null,
    version: 1,
    createdAt: "2027-01-01T00:00:00Z",
    updatedAt: "2027-01-01T00:00:00Z",
    leadOrganiser: "NCM",
    topicTerms: [],
    busy: false,
    organisers: [{ id: "ncm", slug: "ncm", name: "NCM" }],
    topics: ["prevention"],
    audiences: ["police"],
    languages: ["en"],
    publishedAt: "2027-01-01T00:00:00Z",
    ...o,
  };
}

export function subscriber(o: Partial<Subscription> = {}): Subscription {
  return {
    id: "s1",
    userId: null,
    email: "a@example.net",
    confirmedAt: "2027-01-01",
    unsubscribedAt: null,
    countries: [],
    topics: [],
    audiences: [],
    organisations: [],
    language: "en",
    timeZone: "Europe/Helsinki",
    weeksAhead: 4,
    emptyNote: false,
    lastSentAt: "2027-02-22T06:00:00Z",
    pendingPreferences: null,
    createdAt: "2027-01-01",
    ...o,
  };
}

export const data = (events: DigestEvent[]): DigestData => ({ now: NOW, events, documents: [] });
