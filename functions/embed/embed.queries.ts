/**
 * What the embeds show: upcoming published events of `public` visibility only, read as an
 * anonymous viewer (publishedFor(null) through listEvents), whoever is asking. Busy-only events
 * are left out too: a partner's website shows what the public may read in full.
 */
import { z } from "zod";
import type { Database } from "../db/client.ts";
import { invalidInput } from "../errors.ts";
import { listEvents, NO_FILTERS } from "../events/events.queries.ts";
import { filtersSchema, type EventSummary } from "../events/events.schema.ts";
import { addDays } from "../lib/dates.ts";

/** The filters an embed takes (attributes of <nd-calendar>, query parameters of /embed/calendar). */
export const EMBED_FILTER_KEYS = ["organisation", "country", "topic", "audience", "language"] as const;
export const MAX_EMBED_LIMIT = 50;
export const DEFAULT_EMBED_LIMIT = 10;
/** How far ahead an embed looks. */
const AHEAD_DAYS = 365;

export const embedQuerySchema = z.object({
  organisation: filtersSchema.shape.organisation,
  country: filtersSchema.shape.country,
  topic: filtersSchema.shape.topic,
  audience: filtersSchema.shape.audience,
  language: filtersSchema.shape.language,
  limit: z
    .string()
    .optional()
    .transform((v) => v ?? String(DEFAULT_EMBED_LIMIT))
    .pipe(
      z
        .string()
        .regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_EMBED_LIMIT}`)
        .transform(Number)
        .pipe(z.number().min(1, `must be a whole number from 1 to ${MAX_EMBED_LIMIT}`).max(MAX_EMBED_LIMIT, `must be at most ${MAX_EMBED_LIMIT}`)),
    ),
  lang: z.string().max(35, "must be at most 35 characters").optional(),
});
export type EmbedQuery = z.infer<typeof embedQuerySchema>;

/** The embed's query from raw values (lists repeated or comma-separated), or a 400 naming the field. */
export function parseEmbedQuery(raw: Record<string, unknown>): EmbedQuery {
  const parsed = embedQuerySchema.safeParse(raw);
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

/** Upcoming public events matching the filters, soonest first, at most `limit`. */
export async function upcomingPublicEvents(db: Database, q: EmbedQuery, now: Date): Promise<EventSummary[]> {
  const from = now.toISOString().slice(0, 10);
  const list = await listEvents(
    db,
    {
      ...NO_FILTERS,
      organisation: q.organisation,
      country: q.country,
      topic: q.topic,
      audience: q.audience,
      language: q.language,
      from,
      to: addDays(from, AHEAD_DAYS),
      tz: "UTC",
    },
    null,
  );
  const nowIso = now.toISOString();
  return list.events.filter((e) => e.visibility === "public" && !e.busy && e.end > nowIso).slice(0, q.limit);
}
