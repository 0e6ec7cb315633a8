/**
 * Which events and documents one subscriber's digest holds: pure, from the run's data
 * (./load.ts) and the subscription, so the choice can be tested without a database or mail.
 */
import { scoreClash } from "../coordination/clash.ts";
import { DAY, type DigestData, type DigestDocument, type DigestEvent, MAX_WEEKS_AHEAD, type Subscription } from "./load.ts";

/** A digest lists at most this many events; the rest are one link away. */
export const MAX_LISTED = 60;

/** When a listed event starts: a series by its next occurrence in the window. */
export const listedStart = (e: DigestEvent) => e.listedStartUtc ?? e.startUtc;
/** When a listed event ends: a series by its next occurrence in the window. */
export const listedEnd = (e: DigestEvent) => e.listedEndUtc ?? e.endUtc;
/** No choice made means everything; otherwise one of the values must be chosen. */
const meets = (wanted: string[], values: string[]) => wanted.length === 0 || values.some((v) => wanted.includes(v));

function matches(s: Subscription, e: DigestEvent): boolean {
  return (
    meets(s.countries, e.country ? [e.country] : []) &&
    meets(s.topics, e.topics) &&
    meets(s.audiences, e.audiences) &&
    meets(
      s.organisations,
      e.organisers.flatMap((o) => [o.id, o.slug]),
    )
  );
}

export interface DigestSelection {
  /** Start (ms) of the window, the run's `now`. */
  from: number;
  /** Every matching event in the subscriber's window, in start order. */
  matching: DigestEvent[];
  /** The first MAX_LISTED of them, the ones listed and attached. */
  listed: DigestEvent[];
  /** Ids of matching events published since the subscriber's last digest. */
  fresh: Set<string>;
  /** Matching base documents added since the last digest. */
  documents: DigestDocument[];
  /** High clashes between listed events, at least one of them new. */
  clashes: [DigestEvent, DigestEvent][];
}

/** One subscriber's share of the run's data. */
export function selectForSubscriber(s: Subscription, data: DigestData): DigestSelection {
  const from = data.now.getTime();
  const to = from + Math.min(Math.max(s.weeksAhead, 1), MAX_WEEKS_AHEAD) * 7 * DAY;
  const since = s.lastSentAt ? Date.parse(s.lastSentAt) : from - 7 * DAY;
  const matching = data.events.filter((e) => listedStart(e) < to && listedEnd(e) > from && matches(s, e));
  const listed = matching.slice(0, MAX_LISTED);
  return {
    from,
    matching,
    listed,
    fresh: new Set(matching.filter((e) => Date.parse(e.publishedAt) > since).map((e) => e.id)),
    documents: data.documents.filter(
      (d) => Date.parse(d.createdAt) > since && meets(s.countries, d.countries) && meets(s.topics, d.topics) && meets(s.organisations, d.organisations),
    ),
    clashes: newClashes(listed, since),
  };
}

/** High clashes between two listed events, at least one of them published since the last digest. */
function newClashes(list: DigestEvent[], since: number): [DigestEvent, DigestEvent][] {
  const subject = (e: DigestEvent) => ({
    startUtc: listedStart(e),
    endUtc: listedEnd(e),
    countries: e.country ? [e.country] : [],
    city: e.city,
    topics: e.topics,
    audiences: e.audiences,
    organisers: e.organisers.map((o) => o.id),
    languages: e.languages,
  });
  const found: [DigestEvent, DigestEvent][] = [];
  const live = list.filter((e) => e.status !== "cancelled");
  for (let i = 0; i < live.length && found.length < 10; i++) {
    for (let j = i + 1; j < live.length; j++) {
      const a = live[i],
        b = live[j];
      if (Date.parse(a.publishedAt) <= since && Date.parse(b.publishedAt) <= since) continue;
      if (listedStart(b) > listedEnd(a) + 3 * DAY) break;
      if (scoreClash(subject(a), subject(b), 3)?.severity === "high") found.push([a, b]);
    }
  }
  return found;
}
