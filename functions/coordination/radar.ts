/**
 * The clash radar: for a proposed event, the events that collide with it or crowd it, each with a
 * score, a severity and the reasons, plus the public holidays and weekends on its dates.
 * Candidates come from one indexed range query around the proposal's dates (never a scan).
 */
import { and, eq, ne, or, sql, type SQL } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { overlapping } from "../events/events.queries.ts";
import { busyTimes, editableBy, isBusyFor, publishedFor } from "../events/visibility.ts";
import { ROWS_AS_ARRAY } from "../db/json-rows.ts";
import { occurrencesBetween, RecurrenceBudget } from "../lib/recurrence.ts";
import { listPeople, NO_PEOPLE_FILTERS } from "../directory/directory.queries.ts";
import { scoreClash, type Candidate, type Clash, type ClashSubject, type Reason } from "./clash.ts";
import { holdCandidates, seesHolds } from "./holds.ts";
import { holidaysBetween, weekendsBetween, type Holiday } from "./holidays.ts";
import { observanceClashes, type PeriodClash } from "./observances.ts";
import type { AttendanceMode, Severity } from "./weights.ts";

const DAY = 86_400_000;
/** The most clashes one answer lists (strongest first); `total` counts them all. */
export const MAX_CLASHES = 100;

export interface RadarClash extends Clash {
  slug: string;
  kind: "event" | "hold";
  /** Null for busy-only events the viewer may not see in full. */
  title: string | null;
  busy: boolean;
  organiser: string | null;
  start: string;
  end: string;
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  /**
   * How many occurrences of a repeating event are within reach; the clash is the strongest (and
   * of equals the earliest) of them, so a weekly call is one clash, not one per week.
   */
  occurrences: number;
}

export interface RadarResult {
  highest: Severity | null;
  /** How many events are within reach; `clashes` holds the strongest MAX_CLASHES of them. */
  total: number;
  clashes: RadarClash[];
  /** Blackout periods (high) and observances (medium) on the proposal's dates; `highest` counts them. */
  periods: PeriodClash[];
  holidays: Holiday[];
  weekends: string[];
}

/** Published events (as the viewer may see them) overlapping [fromUtc, toUtc), recurring ones expanded. */
export async function candidatesBetween(
  db: Database,
  fromUtc: number,
  toUtc: number,
  viewer: Viewer | null,
  excludeSlug?: string,
  includeCancelled = false,
): Promise<Candidate[]> {
  const conditions: SQL[] = [publishedFor(viewer), overlapping(fromUtc, toUtc)];
  if (excludeSlug) conditions.push(ne(events.slug, excludeSlug));
  // A cancelled event crowds nobody's dates.
  if (!includeCancelled) conditions.push(ne(events.status, "cancelled"));
  // One JSON value for all the rows: the radar reads hundreds of rows, and over HTTP the cost is
  // per value and per row, not per byte (npm run bench).
  const inner = db
    .select({
      row: sql<string>`json_array(${events.id}, ${events.slug}, ${events.title}, ${events.type}, ${events.status}, ${events.visibility}, ${events.ownerOrganisationId},
        ${events.allDay}, ${events.startsAt}, ${events.endsAt}, ${events.timeZone}, ${events.startUtc}, ${events.endUtc}, ${events.rrule}, json(${events.exdates}),
        ${events.country}, ${events.city}, json(${events.languages}), ${events.attendanceMode}, ${events.major},
        json((SELECT json_group_array(json_array(id, name)) FROM (SELECT o.id, coalesce(o.short_name, o.name) AS name FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, eo.rowid))),
        json((SELECT json_group_array(topic_id) FROM event_topics WHERE event_id = events.id)),
        json((SELECT json_group_array(audience_id) FROM event_audiences WHERE event_id = events.id)),
        json((SELECT json_group_array(person_id) FROM event_contacts WHERE event_id = events.id)))`.as("row"),
    })
    .from(events)
    .where(and(...conditions))
    .as("candidates");
  const [{ all }] = await db.select({ all: sql<string>`${ROWS_AS_ARRAY}` }).from(inner);
  const packed = JSON.parse(all) as unknown[][];
  const rows = packed.map((row) => {
    const [
      id,
      slug,
      title,
      type,
      status,
      visibility,
      ownerOrganisationId,
      allDay,
      startsAt,
      endsAt,
      timeZone,
      startUtc,
      endUtc,
      rrule,
      exdates,
      country,
      city,
      languages,
      attendanceMode,
      major,
      organiserPairs,
      topics,
      audiences,
      people,
    ] = row as [
      string,
      string,
      string,
      Candidate["type"],
      Candidate["status"],
      "public" | "partners" | "busy_only",
      string | null,
      number,
      string,
      string,
      string,
      number,
      number,
      string | null,
      string[],
      string | null,
      string | null,
      string[],
      string,
      number,
      [string, string][],
      string[],
      string[],
      string[],
    ];
    // Organisers come lead first, as [id, short name] pairs.
    const pairs = organiserPairs as [string, string][];
    return {
      id,
      slug,
      title,
      type,
      status,
      visibility,
      ownerOrganisationId,
      allDay: !!allDay,
      startsAt,
      endsAt,
      timeZone,
      startUtc,
      endUtc,
      rrule,
      exdates,
      country,
      city,
      languages,
      attendanceMode,
      major: !!major,
      organisers: pairs.map((p) => p[0]),
      leadOrganiser: pairs[0]?.[1] ?? null,
      topics,
      audiences,
      people,
    };
  });
  // One budget for every series the radar expands, however many it meets.
  const budget = new RecurrenceBudget();
  return rows.flatMap((r) => {
    // A busy-only event the viewer may not see in full takes part by its time and organisers
    // only: its hidden details never enter a score, a severity, a free-date verdict or a heatmap
    // cell, from which they could be read back one probe at a time. Its attendance mode, flag
    // and contacts are such details too: it counts as an ordinary in-person event.
    const busy = isBusyFor(r, viewer);
    const base = {
      id: r.id,
      slug: r.slug,
      kind: "event" as const,
      title: r.title,
      type: busy ? undefined : r.type,
      status: r.status,
      busy,
      leadOrganiser: r.leadOrganiser,
      allDay: r.allDay,
      timeZone: r.timeZone,
      countries: busy || !r.country ? [] : [r.country],
      city: busy ? null : r.city,
      languages: busy ? [] : r.languages,
      organisers: r.organisers as string[],
      topics: busy ? [] : (r.topics as string[]),
      audiences: busy ? [] : (r.audiences as string[]),
      attendanceMode: busy ? undefined : (r.attendanceMode as AttendanceMode),
      major: busy ? false : r.major,
      people: busy ? [] : (r.people as string[]),
    };
    if (!r.rrule) return [{ ...base, startsAt: r.startsAt, endsAt: r.endsAt, startUtc: r.startUtc, endUtc: r.endUtc }];
    return occurrencesBetween(
      { allDay: r.allDay, startsAt: r.startsAt, endsAt: r.endsAt, timeZone: r.timeZone, rrule: r.rrule, exdates: r.exdates },
      fromUtc,
      toUtc,
      budget,
    ).map((o) => ({ ...base, ...o }));
  });
}

function busyWallClock(c: Candidate): { startsAt: string; endsAt: string } {
  const { startsAt, endsAt } = busyTimes({ allDay: c.allDay, startsAt: c.startsAt, endsAt: c.endsAt, timeZone: c.timeZone }, c.startUtc, c.endUtc);
  return { startsAt, endsAt };
}

/**
 * Scores every candidate against the proposal; strongest first. The occurrences of one series
 * count as one clash: its strongest occurrence, nearest first among equals.
 */
export function rankClashes(proposal: ClashSubject, candidates: Candidate[], marginDays: number): RadarClash[] {
  const bySeries = new Map<string, RadarClash>();
  for (const c of candidates) {
    const clash = scoreClash(proposal, c, marginDays);
    if (!clash) continue;
    const key = `${c.kind}:${c.id}`;
    const found = bySeries.get(key);
    const start = new Date(c.startUtc).toISOString();
    if (found) {
      found.occurrences++;
      const nearer = Math.abs(c.startUtc - proposal.startUtc) < Math.abs(Date.parse(found.start) - proposal.startUtc);
      if (clash.score < found.score || (clash.score === found.score && !nearer)) continue;
    }
    bySeries.set(key, {
      ...clash,
      // A busy-only event tells nothing but when, and who is busy.
      reasons: c.busy ? clash.reasons.filter((r) => r.code === "overlap" || r.code === "near") : clash.reasons,
      slug: c.slug,
      kind: c.kind,
      title: c.busy ? null : c.title,
      busy: c.busy,
      organiser: c.leadOrganiser,
      start,
      end: new Date(c.endUtc).toISOString(),
      allDay: c.allDay,
      // Of an event busy for the viewer, in UTC: its own zone's wall clock would tell where it is.
      ...(c.busy ? busyWallClock(c) : { startsAt: c.startsAt, endsAt: c.endsAt }),
      occurrences: found ? found.occurrences : 1,
    });
  }
  return [...bySeries.values()].sort((a, b) => b.score - a.score || a.start.localeCompare(b.start));
}

/**
 * Words the shared-person reasons for the viewer: the names of the people the directory shows
 * them (through its one door, `listPeople`), and for the rest only how many. Only contacts of
 * events the viewer sees in full ever enter a score (busy-only events keep theirs), so this
 * decides what a name says, never whether the reason is there.
 */
export async function namePeople<T extends { reasons: Reason[] }>(db: Database, viewer: Viewer | null, clashes: T[]): Promise<T[]> {
  const ids = new Set(clashes.flatMap((c) => c.reasons.flatMap((r) => (r.code === "shared_person" ? r.values : []))));
  if (!ids.size) return clashes;
  const seen = new Map((await listPeople(db, NO_PEOPLE_FILTERS, viewer, [...ids])).map((p) => [p.id, p.name]));
  return clashes.map((c) => ({
    ...c,
    reasons: c.reasons.map((r) => {
      if (r.code !== "shared_person") return r;
      const values = r.values.filter((id) => seen.has(id));
      return { code: r.code, values, names: values.map((id) => seen.get(id)!), others: r.values.length - values.length };
    }),
  }));
}

/**
 * The major flag and the contacts of an event, for a proposal that edits it: only when the viewer
 * sees that event in full (a busy-only event's contacts stay its own); null otherwise.
 */
export async function storedTraits(db: Database, slug: string, viewer: Viewer | null): Promise<{ major: boolean; people: string[] } | null> {
  const [row] = await db
    .select({
      visibility: events.visibility,
      ownerOrganisationId: events.ownerOrganisationId,
      major: events.major,
      people: sql<string>`(SELECT json_group_array(person_id) FROM event_contacts WHERE event_id = ${events.id})`,
    })
    .from(events)
    .where(and(eq(events.slug, slug), or(publishedFor(viewer), editableBy(viewer) ?? sql`0`)))
    .limit(1);
  if (!row || isBusyFor(row, viewer)) return null;
  return { major: row.major, people: JSON.parse(row.people) };
}

/** Dates (YYYY-MM-DD) a proposal covers, wide enough for any zone. */
export function proposalDates(p: { startUtc: number; endUtc: number }): [string, string] {
  return [new Date(p.startUtc).toISOString().slice(0, 10), new Date(Math.max(p.startUtc, p.endUtc - 1)).toISOString().slice(0, 10)];
}

/** Events, and for partners and coordinators also active holds, that could crowd [fromUtc, toUtc). */
export async function everythingBetween(
  db: Database,
  fromUtc: number,
  toUtc: number,
  viewer: Viewer | null,
  today: string,
  excludeSlug?: string,
): Promise<Candidate[]> {
  const [found, held] = await Promise.all([
    candidatesBetween(db, fromUtc, toUtc, viewer, excludeSlug),
    seesHolds(viewer) ? holdCandidates(db, fromUtc, toUtc, today) : Promise.resolve([]),
  ]);
  return [...found, ...held.filter((h) => h.slug !== excludeSlug)];
}

export async function runRadar(
  db: Database,
  proposal: ClashSubject,
  opts: { viewer: Viewer | null; marginDays: number; excludeSlug?: string; holidayCountries: string[]; today: string; maxClashes?: number },
): Promise<RadarResult> {
  const [from, to] = proposalDates(proposal);
  // The events and the observance periods are read at once: one wait for the database, not two.
  const [candidates, periods] = await Promise.all([
    everythingBetween(
      db,
      proposal.startUtc - (opts.marginDays + 1) * DAY,
      proposal.endUtc + (opts.marginDays + 1) * DAY,
      opts.viewer,
      opts.today,
      opts.excludeSlug,
    ),
    observanceClashes(db, from, to, proposal.countries),
  ]);
  const clashes = await namePeople(db, opts.viewer, rankClashes(proposal, candidates, opts.marginDays));
  const order: Severity[] = ["high", "medium", "low"];
  return {
    highest: order.find((s) => clashes.some((c) => c.severity === s) || periods.some((p) => p.severity === s)) ?? null,
    total: clashes.length,
    clashes: clashes.slice(0, opts.maxClashes ?? MAX_CLASHES),
    periods,
    holidays: holidaysBetween(opts.holidayCountries, from, to),
    weekends: weekendsBetween(from, to),
  };
}
