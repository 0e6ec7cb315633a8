/** Save-the-date holds: queries shared by the routes, the radar and the reminder job. */
import { and, eq, gte, lte, sql } from "drizzle-orm";
import { holds, organisations, users } from "../../db/schema.ts";
import { isCoordinator, isPartner, type Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { addDays, utcMidnight } from "../lib/dates.ts";
import type { Candidate } from "./clash.ts";

/** Holds are for partners and coordinators only. */
export function seesHolds(viewer: Viewer | null): boolean {
  return isPartner(viewer) || isCoordinator(viewer);
}

/** Active, unexpired holds on days that overlap [fromUtc, toUtc), as radar candidates. */
export async function holdCandidates(db: Database, fromUtc: number, toUtc: number, today: string): Promise<Candidate[]> {
  const from = new Date(fromUtc).toISOString().slice(0, 10);
  const to = new Date(toUtc).toISOString().slice(0, 10);
  const rows = await db
    .select({ h: holds, organiser: sql<string>`coalesce(${organisations.shortName}, ${organisations.name})` })
    .from(holds)
    .innerJoin(organisations, eq(organisations.id, holds.organisationId))
    .where(and(eq(holds.status, "active"), gte(holds.expiresOn, today), lte(holds.startsOn, to), gte(holds.endsOn, from)));
  return rows.map(({ h, organiser }) => ({
    id: h.id,
    slug: `hold:${h.id}`,
    title: h.title,
    busy: false,
    kind: "hold" as const,
    leadOrganiser: organiser,
    allDay: true,
    startsAt: h.startsOn,
    endsAt: h.endsOn,
    timeZone: "UTC",
    startUtc: utcMidnight(h.startsOn),
    endUtc: utcMidnight(addDays(h.endsOn, 1)),
    countries: h.countries,
    city: null,
    languages: [],
    organisers: [h.organisationId],
    topics: h.topics,
    audiences: h.audiences,
  }));
}

/** Active holds that expire within `days` and whose holder has not been reminded, with the holder's address. */
export async function holdsToRemind(db: Database, today: string, days: number) {
  return db
    .select({
      id: holds.id,
      title: holds.title,
      startsOn: holds.startsOn,
      endsOn: holds.endsOn,
      expiresOn: holds.expiresOn,
      email: users.email,
      locale: users.locale,
    })
    .from(holds)
    .innerJoin(users, eq(users.id, holds.createdBy))
    .where(and(eq(holds.status, "active"), sql`${holds.remindedAt} IS NULL`, gte(holds.expiresOn, today), lte(holds.expiresOn, addDays(today, days))));
}
