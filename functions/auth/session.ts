/**
 * Sessions: a random token in a `__Host-` cookie, its SHA-256 as the row id. Sessions last 30
 * days and are extended when less than half remains. Signing out, losing a role or losing a
 * membership deletes the rows, which ends the session everywhere at once.
 */
import { and, eq, gt, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { sessions, users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { AppEnv } from "../env.ts";
import { randomToken, sha256Hex } from "./tokens.ts";
import type { Viewer } from "./viewer.ts";

export const SESSION_MS = 30 * 86_400_000;
const COOKIE = "session";
/** The session cookie's full name (`__Host-` prefixed), for code that reads raw headers. */
export const SESSION_COOKIE = `__Host-${COOKIE}`;

/** Creates a session row and returns the cookie token (the only place it exists in clear). */
export async function createSession(db: Database, userId: string, now: Date): Promise<{ token: string; expiresAt: number }> {
  const token = randomToken();
  const expiresAt = now.getTime() + SESSION_MS;
  await db.insert(sessions).values({ id: await sha256Hex(token), userId, expiresAt });
  return { token, expiresAt };
}

/** The viewer behind a cookie token, or null when the session is unknown or expired. */
export async function validateSession(db: Database, token: string, now: Date): Promise<Viewer | null> {
  const id = await sha256Hex(token);
  const [row] = await db
    .select({
      sessionId: sessions.id,
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      locale: users.locale,
      organisations: sql<string>`(SELECT json_group_array(organisation_id) FROM memberships WHERE user_id = users.id)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now.getTime())));
  if (!row) return null;
  if (row.expiresAt - now.getTime() < SESSION_MS / 2) {
    await db
      .update(sessions)
      .set({ expiresAt: now.getTime() + SESSION_MS })
      .where(eq(sessions.id, id));
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role, locale: row.locale, organisations: JSON.parse(row.organisations), sessionId: id };
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, COOKIE, "host");
}

/** Max-Age, counted from the request's clock, so the cookie lasts as long as the session whatever that clock says. */
export function writeSessionCookie(c: Context<AppEnv>, token: string, expiresAt: number) {
  const maxAge = Math.max(0, Math.floor((expiresAt - c.var.now.getTime()) / 1000));
  setCookie(c, COOKIE, token, { prefix: "host", path: "/", secure: true, httpOnly: true, sameSite: "Lax", maxAge });
}

export function clearSessionCookie(c: Context<AppEnv>) {
  deleteCookie(c, COOKIE, { prefix: "host", path: "/", secure: true });
}
