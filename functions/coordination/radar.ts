/**
 * The clash radar: for a proposed event, the events that collide with it or crowd it, each with a
 * score, a severity and the reasons, plus the public holidays and weekends on its dates.
 * Candidates come from one indexed range query around the proposal's dates (never a scan).
 */
import { and, ne, sql, type SQL } from "drizzle-orm";
import { events } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { overlapping } from "../events/events.queries.ts";
import { isBusyFor, publishedFor } from "../events/visibility.ts";
import { occurrencesBetween, RecurrenceBudget } from "../lib/recurrence.ts";
import { scoreClash, type Candidate, type Clash, type ClashSubject } from "./clash.ts";
import { holdCandidates, seesHolds } from "./holds.ts";
import { holidaysBetween, weekendsBetween, type Holiday } from "./holidays.ts";
import type { Severity } from "./weights.ts";

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
}

export interface RadarResult {
  highest: Severity | null;
  /** How many events are within reach; `clashes` holds the strongest MAX_CLASHES of them. */
  total: number;
  clashes: RadarClash[];
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
  // One JSON value per row: the radar reads hundreds of rows, and over HTTP the cost is per
  // value, not per byte (npm run bench).
  const packed = await db
    .select({
      row: sql<string>`json_array(${events.id}, ${events.slug}, ${events.title}, ${events.type}, ${events.status}, ${events.visibility}, ${events.ownerOrganisationId},
        ${events.allDay}, ${events.startsAt}, ${events.endsAt}, ${events.timeZone}, ${events.startUtc}, ${events.endUtc}, ${events.rrule}, json(${events.exdates}),
        ${events.country}, ${events.city}, json(${events.languages}),
        json((SELECT json_group_array(json_array(id, name)) FROM (SELECT o.id, coalesce(o.short_name, o.name) AS name FROM event_organisers eo JOIN organisations o ON o.id = eo.organisation_id WHERE eo.event_id = events.id AND eo.consent = 'accepted' ORDER BY eo.is_lead DESC, eo.rowid))),
        json((SELECT json_group_array(topic_id) FROM event_topics WHERE event_id = events.id)),
        json((SELECT json_group_array(audience_id) FROM event_audiences WHERE event_id = events.id)))`,
    })
    .from(events)
    .where(and(...conditions));
  const rows = packed.map(({ row }) => {
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
      organiserPairs,
      topics,
      audiences,
    ] = JSON.parse(row);
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
      organisers: pairs.map((p) => p[0]),
      leadOrganiser: pairs[0]?.[1] ?? null,
      topics,
      audiences,
    };
  });
  // One budget for every series the radar expands, however many it meets.
  const budget = new RecurrenceBudget();
  return rows.flatMap((r) => {
    // A busy-only event the viewer may not see in full takes part by its time and organisers
    // only: its hidden details never enter a score, a severity, a free-date verdict or a heatmap
    // cell, from which they could be read back one probe at a time.
    const busy = isBusyFor(r, viewer);
    const base = {
      id: r.id,
      slug: r.slug,
      kind: "event" as const,
      title: r.title,
      type: r.type,
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

/** Scores every candidate against the proposal; strongest first. */
export function rankClashes(proposal: ClashSubject, candidates: Candidate[], marginDays: number): RadarClash[] {
  const out: RadarClash[] = [];
  for (const c of candidates) {
    const clash = scoreClash(proposal, c, marginDays);
    if (!clash) continue;
    out.push({
      ...clash,
      // A busy-only event tells nothing but when, and who is busy.
      reasons: c.busy ? clash.reasons.filter((r) => r.code === "overlap" || r.code === "near") : clash.reasons,
      slug: c.slug,
      kind: c.kind,
      title: c.busy ? null : c.title,
      busy: c.busy,
      organiser: c.leadOrganiser,
      start: new Date(c.startUtc).toISOString(),
      end: new Date(c.endUtc).toISOString(),
      allDay: c.allDay,
      startsAt: c.startsAt,
      endsAt: c.endsAt,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.start.localeCompare(b.start));
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
  const candidates = await everythingBetween(
    db,
    proposal.startUtc - (opts.marginDays + 1) * DAY,
    proposal.endUtc + (opts.marginDays + 1) * DAY,
    opts.viewer,
    opts.today,
    opts.excludeSlug,
  );
  const clashes = rankClashes(proposal, candidates, opts.marginDays);
  const [from, to] = proposalDates(proposal);
  const order: Severity[] = ["high", "medium", "low"];
  return {
    highest: order.find((s) => clashes.some((c) => c.severity === s)) ?? null,
    total: clashes.length,
    clashes: clashes.slice(0, opts.maxClashes ?? MAX_CLASHES),
    holidays: holidaysBetween(opts.holidayCountries, from, to),
    weekends: weekendsBetween(from, to),
  };
}
