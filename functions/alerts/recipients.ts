/** Who an alert may go to, as viewers: their role and organisations decide what they may see (functions/events/visibility.ts). */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { memberships, users } from "../../db/schema.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { MAX_RECIPIENTS_PER_ALERT } from "./enqueue.ts";

/** The calendar itself judging what is published, as a coordinator would see it. */
export const CALENDAR_VIEWER: Viewer = { id: "calendar", email: "", name: null, role: "coordinator", organisations: [], locale: null, sessionId: "" };

/** The members of each of `organisationIds`, with all their memberships, by organisation. */
export async function membersOf(db: Database, organisationIds: string[]): Promise<Map<string, Viewer[]>> {
  const out = new Map<string, Viewer[]>();
  if (!organisationIds.length) return out;
  const rows = await db
    .select({
      organisationId: memberships.organisationId,
      id: users.id,
      email: users.email,
      role: users.role,
      locale: users.locale,
      organisations: sql<string>`(SELECT json_group_array(m2.organisation_id) FROM memberships m2 WHERE m2.user_id = ${users.id})`,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.organisationId, organisationIds));
  for (const r of rows) {
    const list = out.get(r.organisationId) ?? [];
    if (list.length >= MAX_RECIPIENTS_PER_ALERT) continue;
    list.push({ id: r.id, email: r.email, name: null, role: r.role, locale: r.locale, organisations: JSON.parse(r.organisations), sessionId: "" });
    out.set(r.organisationId, list);
  }
  return out;
}

/** The most coordinators one review alert goes to; the role is given to a handful of people. */
const MAX_REVIEWERS = 100;

/** Coordinators and admins (they review too), except `exceptId`. */
export async function reviewers(db: Database, exceptId: string | null): Promise<{ id: string }[]> {
  const roles = inArray(users.role, ["coordinator", "admin"]);
  return db
    .select({ id: users.id })
    .from(users)
    .where(exceptId ? and(roles, ne(users.id, exceptId)) : roles)
    .limit(MAX_REVIEWERS);
}
