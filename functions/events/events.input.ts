/**
 * What may be written into an event, and the rules it must follow. Enumerations come from the
 * schema; a PATCH is merged with the stored event and the result must pass the same rules.
 */
import { z } from "zod";
import { ATTENDANCE_MODES, EVENT_STATUSES, EVENT_TYPES, EVENT_VISIBILITIES } from "../../db/schema.ts";
import { canonicalRule, recurrenceCode, ruleProblem, seriesProblem } from "../lib/recurrence.ts";
import { MAX_EXDATES } from "../lib/recurrence-limits.ts";
import { daysBetween } from "../lib/dates.ts";
import { isTimeZone, wallClock, zonedToUtc } from "../lib/time.ts";
import type { RuleCode } from "../errors.ts";
import {
  CONTROL,
  countryCode,
  dateIssue,
  dateProblem,
  distinct as distinctItems,
  id as idOf,
  issue as ruleIssue,
  languageTags,
  line,
  MAX_EVENT_DAYS,
  optionalLine,
  patchSchema,
  ruled,
  TEXT_CONTROL,
  TEXT_CONTROL_RULE,
  text,
  timeZone,
} from "../validation.ts";

const link = z
  .string()
  .trim()
  .max(2000, "must be at most 2000 characters")
  // A mailto: link names at least one address.
  .refine((s) => /^(https:\/\/|mailto:[^@\s]+@)/i.test(s) && !CONTROL.test(s) && URL.canParse(s), ruled("link", "must be an https:// or mailto: link"))
  .nullable()
  .optional();
const id = idOf("must be ids (lower-case letters, digits, hyphens)");
/** Each link once: a repeated id would break the link table's key (a 500) instead of naming the field. */
const distinct = (what: string) => ruled("duplicate", `must not name ${what} twice`);
const once = (values: string[]) => distinctItems(values);
/** A time of day to the minute: hours 00–23, minutes 00–59 (25:00 or 09:99 is no time of day). */
const TIME_OF_DAY = String.raw`(?:[01]\d|2[0-3]):[0-5]\d`;
/** A local date and time to the minute. */
const LOCAL_DATE_TIME = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}T${TIME_OF_DAY}$`);
/** An exception of a series: a local start (timed series) or a date (all-day series). */
const EXDATE = new RegExp(String.raw`^\d{4}-\d{2}-\d{2}(T${TIME_OF_DAY})?$`);

export const eventFields = z.object({
  title: line(200).min(1, "is required"),
  summary: optionalLine(500),
  description: z
    .string()
    .max(10_000, "must be at most 10000 characters")
    .refine((s) => !TEXT_CONTROL.test(s), ruled("format", TEXT_CONTROL_RULE))
    .nullable()
    .optional(),
  type: z.enum(EVENT_TYPES, { error: `must be one of ${EVENT_TYPES.join(", ")}` }),
  status: z.enum(EVENT_STATUSES, { error: `must be one of ${EVENT_STATUSES.join(", ")}` }).default("confirmed"),
  visibility: z.enum(EVENT_VISIBILITIES, { error: `must be one of ${EVENT_VISIBILITIES.join(", ")}` }).default("public"),
  allDay: z.boolean({ error: "must be true or false" }).default(false),
  startsAt: z.string({ error: "is required" }),
  endsAt: z.string({ error: "is required" }),
  timeZone: z.string({ error: "is required" }).pipe(timeZone()),
  venue: optionalLine(200),
  city: optionalLine(100),
  country: countryCode().nullable().optional(),
  onlineUrl: link,
  registrationUrl: link,
  attendanceMode: z.enum(ATTENDANCE_MODES, { error: `must be one of ${ATTENDANCE_MODES.join(", ")}` }).default("in_person"),
  languages: languageTags(20, "must be BCP 47 language tags such as lv or en-GB").default([]),
  /** Organiser ids; the first is the lead organiser. */
  organisers: z.array(id).min(1, "needs at least the lead organiser").max(20, "at most 20").refine(once, distinct("an organisation")),
  topics: z.array(id).max(20, "at most 20").refine(once, distinct("a topic")).default([]),
  audiences: z.array(id).max(20, "at most 20").refine(once, distinct("an audience")).default([]),
  ownerOrganisationId: id,
  /** Repetition as an RRULE value (FREQ=…), in the event's own time zone. */
  rrule: z
    .string()
    .trim()
    .max(500, "must be at most 500 characters")
    // Stored canonical (upper case, no RRULE: name), which is also what is checked.
    .transform(canonicalRule)
    .superRefine((r, ctx) => {
      const problem = ruleProblem(r);
      if (problem) ctx.addIssue(ruleIssue(recurrenceCode(problem), problem));
    })
    .nullable()
    .optional(),
  /**
   * A flagship event: two major events on the same dates for the same country or audience are
   * always a high clash. Coordinators decide (events.manage.routes.ts refuses it from others).
   */
  major: z.boolean({ error: "must be true or false" }).default(false),
  /** Why these dates, when the clash radar rates them a high clash. */
  clashJustification: optionalLine(300),
  /** Left-out occurrences: their local start (YYYY-MM-DDTHH:MM, or the date for all-day events). */
  exdates: z
    .array(
      z
        .string()
        .refine((s) => EXDATE.test(s), ruled("exdate", "must be local starts written YYYY-MM-DDTHH:MM or dates"))
        .superRefine((value, ctx) => {
          const problem = dateProblem(value.slice(0, 10));
          if (problem) ctx.addIssue(dateIssue(problem));
        }),
    )
    .max(MAX_EXDATES, `at most ${MAX_EXDATES}`)
    // A set: an exception listed twice is kept once (feeds would write it twice).
    .transform((list) => [...new Set(list)])
    .default([]),
});

const LENGTH_RULE = `an event lasts at most ${MAX_EVENT_DAYS} days`;

/**
 * Date rules shared by events and proposals: formats by kind, every date within the calendar's
 * range, the end not before the start, and one event (or occurrence) at most MAX_EVENT_DAYS long.
 */
export function checkDates(e: { allDay: boolean; startsAt: string; endsAt: string; timeZone: string }, ctx: z.RefinementCtx) {
  const issue = (field: "startsAt" | "endsAt", code: RuleCode, message: string) => ctx.addIssue(ruleIssue(code, message, [field]));
  const dateAt = (field: "startsAt" | "endsAt", problem: string, format: RuleCode) => ctx.addIssue(dateIssue(problem, [field], format));
  if (e.allDay) {
    const start = dateProblem(e.startsAt, "a date written YYYY-MM-DD for an all-day event");
    const end = dateProblem(e.endsAt, "a date written YYYY-MM-DD for an all-day event");
    if (start) dateAt("startsAt", start, "date_format");
    if (end) dateAt("endsAt", end, "date_format");
    if (start || end) return;
    if (e.endsAt < e.startsAt) issue("endsAt", "not_before_start", "must not be before startsAt");
    else if (daysBetween(e.startsAt, e.endsAt) >= MAX_EVENT_DAYS) issue("endsAt", "event_length", LENGTH_RULE);
    return;
  }
  const timeProblem = (value: string) =>
    LOCAL_DATE_TIME.test(value)
      ? dateProblem(value.slice(0, 10), "a local date and time written YYYY-MM-DDTHH:MM")
      : "must be a local date and time written YYYY-MM-DDTHH:MM (hours 00–23, minutes 00–59)";
  const start = timeProblem(e.startsAt);
  const end = timeProblem(e.endsAt);
  if (start) dateAt("startsAt", start, "date_time_format");
  if (end) dateAt("endsAt", end, "date_time_format");
  if (start || end || !isTimeZone(e.timeZone)) return;
  // A time the clocks skip (03:30 on the night summer time begins) names no moment of its own:
  // calendar clients read it an hour apart from one another, so it is refused, naming the moment.
  for (const field of ["startsAt", "endsAt"] as const) {
    const moment = wallClock(zonedToUtc(e[field], e.timeZone), e.timeZone).slice(0, 16);
    if (moment !== e[field])
      issue(field, "time_skipped", `must be a time that exists in ${e.timeZone}: the clocks skip ${e[field]} (daylight saving); ${moment} is that moment`);
  }
  const length = zonedToUtc(e.endsAt, e.timeZone) - zonedToUtc(e.startsAt, e.timeZone);
  if (length <= 0) issue("endsAt", "after_start", "must be after startsAt");
  else if (length > MAX_EVENT_DAYS * 86_400_000) issue("endsAt", "event_length", LENGTH_RULE);
}

/**
 * A repeating event's rule against its start: it must fall on a date, and end, within bounded
 * work (lib/recurrence.ts). Left to the other checks when the rule or the dates are themselves
 * invalid, so each problem is named once.
 */
export function checkSeries(e: { allDay: boolean; startsAt: string; endsAt: string; timeZone: string; rrule?: string | null }, ctx: z.RefinementCtx) {
  if (!e.rrule || ruleProblem(e.rrule) !== null || !isTimeZone(e.timeZone)) return;
  const valid = (s: string) => (e.allDay ? dateProblem(s) === null : LOCAL_DATE_TIME.test(s) && dateProblem(s.slice(0, 10)) === null);
  if (!valid(e.startsAt) || !valid(e.endsAt)) return;
  const problem = seriesProblem({ allDay: e.allDay, startsAt: e.startsAt, endsAt: e.endsAt, timeZone: e.timeZone, rrule: e.rrule, exdates: [] });
  if (problem) ctx.addIssue(ruleIssue(recurrenceCode(problem), problem, ["rrule"]));
}

/**
 * Left-out occurrences of the series' own kind: dates for an all-day series, local starts for a
 * timed one. One of the other kind would match no occurrence here, and a feed would write it as a
 * value of the wrong type that clients misread.
 */
export function checkExdates(e: { allDay: boolean; exdates: string[] }, ctx: z.RefinementCtx) {
  const index = e.exdates.findIndex((d) => (d.length === 10) !== e.allDay);
  if (index < 0) return;
  const rule = e.allDay ? "must be dates written YYYY-MM-DD for an all-day event" : "must be local starts written YYYY-MM-DDTHH:MM for a timed event";
  ctx.addIssue(ruleIssue("exdate", rule, ["exdates", index]));
}

export const eventInput = eventFields.superRefine(checkDates).superRefine(checkSeries).superRefine(checkExdates);
export type EventInput = z.infer<typeof eventInput>;

/** A create request: the fields, and for coordinators whether to publish at once. */
export const createEventSchema = eventFields
  .extend({ publish: z.boolean().optional() })
  .strict()
  .superRefine(checkDates)
  .superRefine(checkSeries)
  .superRefine(checkExdates);

/** A PATCH: any subset of the fields. */
export const patchEventSchema = patchSchema(eventFields);

export const returnSchema = z.object({
  comment: text(2000).min(1, "is required"),
});
