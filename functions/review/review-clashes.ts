/**
 * The clash radar's verdict on each item of the review queue, so a coordinator sees what an
 * approval would crowd before giving it: the strongest severity, how many events are within
 * reach, and the strongest few with their reasons.
 */
import { inArray } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { loadEvents, toInput, type StoredEvent } from "../events/events.commands.ts";
import type { EventInput } from "../events/events.input.ts";
import { eventInstants } from "../lib/instants.ts";
import type { ClashSubject } from "../coordination/clash.ts";
import { runRadar, storedTraits } from "../coordination/radar.ts";
import { DEFAULT_MARGIN_DAYS } from "../coordination/weights.ts";
import type { QueueClashes } from "./review.types.ts";

/** The clashes listed per item; `total` counts them all. */
const QUEUE_CLASHES_SHOWN = 5;

/**
 * What the radar compares for a queued event: its proposed change when it has one (that is what
 * would be published), else the event itself, on its first occurrence, as the event form's radar
 * does. Only organisers that accepted count, as everywhere else (consent.ts).
 */
function subjectOf(stored: StoredEvent, people: string[]): ClashSubject {
  return clashSubject(stored, (stored.row.pendingChanges as EventInput | null) ?? toInput(stored), people);
}

/**
 * What the radar compares for `input`, a version of the stored event (clash alerts judge the
 * published one); `people` are the contact persons it shares with others.
 */
export function clashSubject(stored: StoredEvent, input: EventInput, people: string[] = []): ClashSubject {
  const owner = input.ownerOrganisationId;
  const organisers = input.organisers.filter((id) => id === owner || stored.consent[id] === "accepted");
  const { startUtc, endUtc } = eventInstants({ ...input, rrule: null });
  return {
    startUtc,
    endUtc,
    countries: input.country ? [input.country] : [],
    city: input.city ?? null,
    topics: input.topics,
    audiences: input.audiences,
    organisers,
    languages: input.languages ?? [],
    attendanceMode: input.attendanceMode,
    // Partners cannot propose the flag: the event's own counts (events.commands.ts).
    major: stored.row.major,
    people,
  };
}

/** The radar's verdict for each of the events `ids`, by event id; one indexed range query per event. */
export async function queueClashes(db: Database, ids: string[], viewer: Viewer | null, today: string): Promise<Map<string, QueueClashes>> {
  if (!ids.length) return new Map();
  const stored = await loadEvents(db, inArray(events.id, ids));
  const verdicts = await Promise.all(
    stored.map(async (s) => {
      const people = (await storedTraits(db, s.row.slug, viewer))?.people ?? [];
      const result = await runRadar(db, subjectOf(s, people), {
        viewer,
        marginDays: DEFAULT_MARGIN_DAYS,
        excludeSlug: s.row.slug,
        holidayCountries: [],
        today,
      });
      const clashes = result.clashes.slice(0, QUEUE_CLASHES_SHOWN).map((c) => ({
        slug: c.slug,
        kind: c.kind,
        title: c.title,
        busy: c.busy,
        organiser: c.organiser,
        severity: c.severity,
        allDay: c.allDay,
        startsAt: c.startsAt,
        reasons: c.reasons,
      }));
      return [s.row.id, { highest: result.highest, total: result.total, clashes, periods: result.periods }] as const;
    }),
  );
  return new Map(verdicts);
}
