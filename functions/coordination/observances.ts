/**
 * Observances and blackout periods that coordinators mark (the Nordic Council's session week, a
 * regional day of action): days on which the region's people are busy elsewhere, besides the public
 * holidays. A blackout makes any event on its days a high clash and keeps the free-date finder off
 * them; an observance is a medium reason, and the finder proposes its days only when nothing else
 * is left. A period without countries covers the whole region.
 */
import { and, asc, gte, lte } from "drizzle-orm";
import { z } from "zod";
import { OBSERVANCE_KINDS, REGION_COUNTRIES } from "../../db/enums.ts";
import { observances } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { FieldIssue } from "../errors.ts";
import { daysBetween } from "../lib/dates.ts";
import { dateProblem, distinct, isoDate, line, MAX_LIST_ROWS, patchSchema, ruled } from "../validation.ts";
import type { Reason } from "./clash.ts";
import type { Severity } from "./weights.ts";

/** The longest period one observance or blackout may cover, in days. */
export const MAX_OBSERVANCE_DAYS = 60;
export const MAX_OBSERVANCE_TITLE = 120;

export type ObservanceKind = (typeof OBSERVANCE_KINDS)[number];

export interface Observance {
  id: string;
  kind: ObservanceKind;
  title: string;
  /** First and last day (YYYY-MM-DD, inclusive). */
  startsOn: string;
  endsOn: string;
  /** Empty: the whole region. */
  countries: string[];
}

const date = isoDate("is required (YYYY-MM-DD)");
const regionCountry = z.enum(REGION_COUNTRIES, { error: `must be countries of the region: ${REGION_COUNTRIES.join(", ")}` });

export const observanceFields = z.object({
  kind: z.enum(OBSERVANCE_KINDS, { error: `must be one of ${OBSERVANCE_KINDS.join(", ")}` }),
  title: line(MAX_OBSERVANCE_TITLE).min(1, "is required"),
  startsOn: date,
  endsOn: date,
  countries: z
    .array(regionCountry)
    .max(REGION_COUNTRIES.length, `at most ${REGION_COUNTRIES.length}`)
    .refine((v) => distinct(v), ruled("duplicate", "must not name a country twice"))
    .default([]),
});
type ObservanceFields = z.infer<typeof observanceFields>;

/** The rules between a period's dates, for a new one and for one as a PATCH would leave it. */
export function observanceIssues(o: Pick<ObservanceFields, "startsOn" | "endsOn">): FieldIssue[] {
  // zod runs a refinement even when a date broke its own rule; compare only dates that passed.
  if (dateProblem(o.startsOn) !== null || dateProblem(o.endsOn) !== null) return [];
  const span = daysBetween(o.startsOn, o.endsOn);
  if (span < 0) return [{ field: "endsOn", rule: "must not be before startsOn", code: "not_before_start" }];
  if (span >= MAX_OBSERVANCE_DAYS) return [{ field: "endsOn", rule: `a period covers at most ${MAX_OBSERVANCE_DAYS} days`, code: "range_length" }];
  return [];
}

export const observanceSchema = observanceFields.strict().superRefine((o, ctx) => {
  for (const i of observanceIssues(o)) ctx.addIssue({ code: "custom", message: i.rule, params: { code: i.code }, path: [i.field] });
});
/** An edit: any of the fields, none defaulted. */
export const observancePatchSchema = patchSchema(observanceFields);

/** The longest span `GET /api/observances` lists at once, in days. */
export const MAX_OBSERVANCE_QUERY_DAYS = 731;

/** The periods with a day in from–to (YYYY-MM-DD, inclusive), earliest first. */
export async function observancesBetween(db: Database, from: string, to: string): Promise<Observance[]> {
  return db
    .select({
      id: observances.id,
      kind: observances.kind,
      title: observances.title,
      startsOn: observances.startsOn,
      endsOn: observances.endsOn,
      countries: observances.countries,
    })
    .from(observances)
    .where(and(lte(observances.startsOn, to), gte(observances.endsOn, from)))
    .orderBy(asc(observances.startsOn), asc(observances.title))
    .limit(MAX_LIST_ROWS);
}

/** A period a proposal falls in, as the radar reports it beside the events it clashes with. */
export interface PeriodClash extends Observance {
  severity: Severity;
  reasons: Reason[];
}

/**
 * Whether a period concerns an event in `countries`: region-wide ones concern every event, and
 * every period concerns an event whose countries are not known (online, or not yet chosen), since
 * its people may come from anywhere in the region.
 */
export function concerns(o: Observance, countries: string[]): boolean {
  return o.countries.length === 0 || countries.length === 0 || o.countries.some((c) => countries.includes(c));
}

/**
 * The periods among `periods` that days from–to (inclusive) in `countries` fall in: a blackout is
 * a high clash, an observance a medium one; each with a reason naming the period. Blackouts first.
 */
export function periodClashes(periods: Observance[], from: string, to: string, countries: string[]): PeriodClash[] {
  return periods
    .filter((o) => o.startsOn <= to && o.endsOn >= from && concerns(o, countries))
    .map((o) => ({
      ...o,
      severity: o.kind === "blackout" ? ("high" as const) : ("medium" as const),
      reasons: [{ code: o.kind, title: o.title, startsOn: o.startsOn, endsOn: o.endsOn }],
    }))
    .sort((a, b) => (a.kind === b.kind ? a.startsOn.localeCompare(b.startsOn) : a.kind === "blackout" ? -1 : 1));
}

/** The radar's half: the periods a proposal's dates fall in, read with one indexed query. */
export async function observanceClashes(db: Database, from: string, to: string, countries: string[]): Promise<PeriodClash[]> {
  return periodClashes(await observancesBetween(db, from, to), from, to, countries);
}
