/** `POST /api/clash-check` and `GET /api/free-dates`. */
import { Hono } from "hono";
import { z } from "zod";
import { ATTENDANCE_MODES, audiences, organisations, topics } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { readTogether } from "../db/read-together.ts";
import type { AppEnv } from "../env.ts";
import { invalidInput } from "../errors.ts";
import { checkDates } from "../events/events.input.ts";
import { daysBetween } from "../lib/dates.ts";
import { eventInstants } from "../lib/instants.ts";
import { countryCode, id as idOf, ids as idList, isoDate, issue, optionalLine, listParam, queryValues, parseBody, timeZone, digits } from "../validation.ts";
import { reasonText, type Reason } from "./clash.ts";
import { findFreeDates } from "./free-dates.ts";
import { runRadar, storedTraits } from "./radar.ts";
import { DEFAULT_MARGIN_DAYS } from "./weights.ts";

const country = countryCode("must be ISO 3166-1 alpha-2 codes such as EE");
const id = idOf("must be ids");
const ids = idList(30, "must be ids").default([]);

export const clashCheckSchema = z
  .object({
    allDay: z.boolean().default(false),
    startsAt: z.string({ error: "is required" }),
    endsAt: z.string({ error: "is required" }),
    timeZone: z.string().default("UTC").pipe(timeZone()),
    country: country.nullable().optional(),
    countries: z.array(country).max(30, "at most 30").default([]),
    city: optionalLine(100),
    topics: ids,
    audiences: ids,
    organisers: ids,
    languages: z.array(z.string().max(20, "must be at most 20 characters")).max(20, "at most 20").default([]),
    /** Unknown means in person, the most demanding. */
    attendanceMode: z.enum(ATTENDANCE_MODES, { error: `must be one of ${ATTENDANCE_MODES.join(", ")}` }).optional(),
    /** Whether the proposal is a major event; from the event named by excludeSlug when left out. */
    major: z.boolean({ error: "must be true or false" }).optional(),
    /** Key persons of the proposal (ids); from the event named by excludeSlug when left out. */
    people: idList(20, "must be ids").optional(),
    excludeSlug: z.string().max(120).optional(),
    marginDays: z.number().int("must be a whole number of days").min(0).max(14, "must be at most 14").default(DEFAULT_MARGIN_DAYS),
  })
  // A field the radar does not weigh is named, not silently ignored (a misspelt "audience" would
  // otherwise check a proposal without its audiences).
  .strict()
  .superRefine(checkDates);

const list = (item: z.ZodType<string, string>) => listParam(item, 30);
/** The longest window the free-date finder searches, in days after `from`. */
export const MAX_FREE_DATES_WINDOW = 366;
const bool = z
  .enum(["true", "false"], { error: "must be true or false" })
  .default("false")
  .transform((v) => v === "true");

export const freeDatesSchema = z
  .object({
    days: digits(z.coerce.number({ error: "must be a number of days" }).int().min(1, "must be at least 1").max(14, "must be at most 14")).default(1),
    from: isoDate(),
    to: isoDate(),
    countries: list(
      z
        .string()
        .transform((s) => s.toUpperCase())
        .pipe(country),
    ),
    audiences: list(id),
    topics: list(id),
    organisers: list(id),
    limit: digits(
      z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(20, "must be at most 20"),
    ).default(5),
    weekends: bool,
    holidays: bool,
    marginDays: digits(
      z.coerce.number({ error: "must be a number of days" }).int("must be a whole number").min(0, "must be at least 0").max(14, "must be at most 14"),
    ).default(DEFAULT_MARGIN_DAYS),
  })
  .superRefine((q, ctx) => {
    const span = daysBetween(q.from, q.to);
    if (span < 0) ctx.addIssue(issue("not_before_start", "must not be before from", ["to"]));
    else if (span > MAX_FREE_DATES_WINDOW) ctx.addIssue(issue("range_length", `the window must be at most ${MAX_FREE_DATES_WINDOW} days`, ["to"]));
  });

/** English names for the reasons' ids (the web app words reasons itself, in the reader's language). */
async function vocabularyLabels(db: Database) {
  const [t, a, o] = await db.batch([
    db.select().from(topics),
    db.select().from(audiences),
    db.select({ id: organisations.id, name: organisations.name }).from(organisations),
  ]);
  const lookup = (rows: { id: string; label?: string; name?: string }[]) => {
    const map = new Map(rows.map((r) => [r.id, (r.label ?? r.name)!]));
    return (id: string) => map.get(id) ?? id;
  };
  return { topic: lookup(t), audience: lookup(a), organisation: lookup(o) };
}

export const coordinationRoutes = new Hono<AppEnv>()
  .post("/clash-check", async (c) => {
    const p = await parseBody(c, clashCheckSchema);
    const { startUtc, endUtc } = eventInstants(p);
    const countries = [...new Set([...(p.country ? [p.country] : []), ...p.countries])];
    // The event being edited lends what the form does not send: its flag and its contacts.
    const stored = p.excludeSlug && (p.major === undefined || p.people === undefined) ? await storedTraits(c.var.db, p.excludeSlug, c.var.viewer) : null;
    // The reasons' words are read while the radar runs (they do not depend on it), and with the
    // radar's own reads (events, observances) in one round trip.
    const db = readTogether(c.var.db);
    const [result, labels] = await Promise.all([
      runRadar(
        db,
        {
          startUtc,
          endUtc,
          countries,
          city: p.city ?? null,
          topics: p.topics,
          audiences: p.audiences,
          organisers: p.organisers,
          languages: p.languages,
          attendanceMode: p.attendanceMode,
          major: p.major ?? stored?.major ?? false,
          people: p.people ?? stored?.people ?? [],
        },
        {
          viewer: c.var.viewer,
          marginDays: p.marginDays,
          excludeSlug: p.excludeSlug,
          holidayCountries: countries,
          today: c.var.now.toISOString().slice(0, 10),
        },
      ),
      vocabularyLabels(db),
    ]);
    const worded = <T extends { reasons: Reason[] }>(x: T) => ({ ...x, reasons: x.reasons.map((r) => ({ ...r, text: reasonText(r, labels) })) });
    return c.json({ ...result, clashes: result.clashes.map(worded), periods: result.periods.map(worded) });
  })
  .get("/free-dates", async (c) => {
    const parsed = freeDatesSchema.safeParse(
      queryValues(c, ["days", "from", "to", "limit", "weekends", "holidays", "marginDays"], ["countries", "audiences", "topics", "organisers"]),
    );
    if (!parsed.success) throw invalidInput(parsed.error);
    return c.json(await findFreeDates(c.var.db, parsed.data, c.var.viewer, c.var.now.toISOString().slice(0, 10)));
  });
