/**
 * Likely twins: a new feed entry that is probably an event already in the calendar (typed in by
 * hand, or brought by another organisation). The rule, as a coordinator would judge it: the dates
 * overlap, the titles share most of their words (Jaccard similarity of normalised words ≥ 0.6),
 * and the place is the same (the stored event's city named in the entry's location, or both
 * online). Pure functions over events loaded once per sync.
 */
import { and, gte, inArray, lte, ne, sql } from "drizzle-orm";
import { events, organisations } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { loadEvents, type StoredEvent } from "../events/events.commands.ts";
import type { EventInput } from "../events/events.input.ts";
import type { Twin } from "../import/ics-import.ts";

export const TITLE_SIMILARITY = 0.6;
/** At most this many stored events are compared per sync; a feed's window rarely holds more. */
const MAX_CANDIDATES = 2000;

/** The words of a text, lower-cased, without accents or punctuation, in any script. */
export function wordsOf(text: string | null | undefined): Set<string> {
  return new Set(
    (text ?? "")
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 1),
  );
}

/** |A ∩ B| / |A ∪ B|; 0 for two empty sets. */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size && !b.size) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

const day = (s: string) => s.slice(0, 10);

function overlaps(a: Pick<EventInput, "startsAt" | "endsAt">, b: Pick<EventInput, "startsAt" | "endsAt">): boolean {
  return day(a.startsAt) <= day(b.endsAt) && day(b.startsAt) <= day(a.endsAt);
}

const ONLINE = /^(online|virtual|zoom|teams|webinar|https?:\/\/)/i;

/** Whether an entry and a stored event are at the same place, as far as an iCalendar LOCATION tells. */
export function samePlace(entry: Pick<EventInput, "venue" | "attendanceMode">, stored: StoredEvent["row"]): boolean {
  const where = entry.venue ?? "";
  if (ONLINE.test(where.trim())) return stored.attendanceMode === "online" || !!stored.onlineUrl;
  const words = wordsOf(where);
  const city = wordsOf(stored.city);
  if (city.size && [...city].every((w) => words.has(w))) return true;
  const venue = wordsOf(stored.venue);
  return venue.size > 0 && jaccard(words, venue) >= TITLE_SIMILARITY;
}

/**
 * The twin finder for one sync: loads the events whose days overlap the entries' window once
 * (neither rejected nor already from this source), then answers per entry. An own event without a
 * UID is linked; anyone else's is named, only when the partner may see it (published, not busy-only).
 */
export async function twinFinder(
  db: Database,
  organisationId: string,
  sourceId: string,
  entries: Pick<EventInput, "startsAt" | "endsAt">[],
): Promise<(input: EventInput, uid: string) => Twin | null> {
  if (!entries.length) return () => null;
  const from = entries.map((e) => day(e.startsAt)).sort()[0];
  const to = entries
    .map((e) => day(e.endsAt))
    .sort()
    .at(-1)!;
  const stored = await loadEvents(
    db,
    and(
      lte(sql`substr(${events.startsAt}, 1, 10)`, to),
      gte(sql`substr(${events.endsAt}, 1, 10)`, from),
      ne(events.moderation, "rejected"),
      ne(events.status, "cancelled"),
      sql`(${events.feedSourceId} IS NULL OR ${events.feedSourceId} <> ${sourceId})`,
    )!,
  );
  const candidates = stored.slice(0, MAX_CANDIDATES).map((s) => ({ s, words: wordsOf(s.row.title) }));
  const ownerIds = [...new Set(candidates.map((c) => c.s.row.ownerOrganisationId ?? c.s.organisers[0]).filter(Boolean))] as string[];
  const names = new Map(
    ownerIds.length
      ? (await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ownerIds))).map((o) => [
          o.id,
          o.name,
        ])
      : [],
  );
  const linked = new Set<string>();
  return (input, uid) => {
    const words = wordsOf(input.title);
    let best: { s: StoredEvent; score: number } | null = null;
    for (const c of candidates) {
      if (linked.has(c.s.row.id) || !overlaps(input, c.s.row)) continue;
      const score = jaccard(words, c.words);
      if (score < TITLE_SIMILARITY || !samePlace(input, c.s.row)) continue;
      const owner = c.s.row.ownerOrganisationId ?? c.s.organisers[0];
      const own = owner === organisationId;
      if (own && c.s.row.icalUid && c.s.row.icalUid !== uid) continue;
      if (!own && (c.s.row.moderation !== "published" || c.s.row.visibility === "busy_only")) continue;
      if (!best || score > best.score) best = { s: c.s, score };
    }
    if (!best) return null;
    const owner = best.s.row.ownerOrganisationId ?? best.s.organisers[0];
    if (owner === organisationId) {
      linked.add(best.s.row.id);
      return {
        stored: best.s,
        link: true,
        reason: {
          code: "twin_own",
          title: best.s.row.title,
          text: `the same as your event "${best.s.row.title}": linked to this entry, so later changes in the feed update it`,
        },
      };
    }
    const organisation = names.get(owner) ?? owner;
    return {
      stored: best.s,
      link: false,
      reason: { code: "twin_other", title: best.s.row.title, organisation, text: `likely the same as "${best.s.row.title}" by ${organisation}: not created` },
    };
  };
}
