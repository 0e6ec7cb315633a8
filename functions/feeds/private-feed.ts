/**
 * Private feed addresses: `/feeds/<token>/calendar.ics` carries what its owner may see, partner-only
 * events included. One per user; making a new one revokes the old one.
 */
import { eq, sql } from "drizzle-orm";
import { feedTokens, users } from "../../db/schema.ts";
import { looksLikeToken, randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";

/** Replaces the user's feed token; returns the new token (the only time it exists in clear). */
export async function rotateFeedToken(db: Database, userId: string): Promise<string> {
  const token = randomToken();
  await db.batch([db.delete(feedTokens).where(eq(feedTokens.userId, userId)), db.insert(feedTokens).values({ id: await sha256Hex(token), userId })]);
  return token;
}

export function revokeFeedToken(db: Database, userId: string) {
  return db.delete(feedTokens).where(eq(feedTokens.userId, userId));
}

/** The owner of a feed token, as a viewer, or null for an unknown or revoked token. */
export async function viewerForFeedToken(db: Database, token: string): Promise<Viewer | null> {
  if (!looksLikeToken(token)) return null;
  const [row] = await db
    .select({
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM memberships WHERE user_id = users.id)`,
    })
    .from(feedTokens)
    .innerJoin(users, eq(users.id, feedTokens.userId))
    .where(eq(feedTokens.id, await sha256Hex(token)));
  return row ? { ...row, organisations: JSON.parse(row.organisations), sessionId: "" } : null;
}
