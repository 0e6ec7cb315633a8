/**
 * Scoped API tokens (issue 19): a partner's own system sends `Authorization: Bearer ndc_…` and acts
 * as a *token viewer*: the token's creator, but only as a partner of the token's organisation and
 * only for the routes its scopes open (functions/auth/policy.ts `TOKEN_SCOPE`).
 *
 * The creator's power is re-checked at every use, from the same query that finds the token: they
 * must still be a member of the organisation, or still a coordinator or admin (who may make tokens
 * for any organisation). A token never carries coordinator or admin powers: its viewer has the
 * role "user" and the one organisation, so every object-level check in the handlers (isMemberOf,
 * isCoordinator, visibility.ts) treats it as that organisation's partner. A deleted user takes
 * their tokens with them (ON DELETE CASCADE).
 *
 * Secrets are `ndc_` + 32 random bytes (base64url), stored only as SHA-256; `last_used_at` is
 * written at most once a minute per token, so using a token costs one read, not a write.
 */
import { sql } from "drizzle-orm";
import type { API_TOKEN_SCOPES } from "../../db/enums.ts";
import { apiTokens } from "../../db/schema.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { ApiError, fieldError } from "../errors.ts";

export type TokenScope = (typeof API_TOKEN_SCOPES)[number];

const PREFIX = "ndc_";
/** How many characters of the secret are kept in clear, so a person can tell their tokens apart. */
const SHOWN_CHARACTERS = PREFIX.length + 8;
/** `last_used_at` is refreshed when older than this. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** A new secret, its hash (the only form stored) and its shown prefix. */
export async function newTokenSecret(): Promise<{ secret: string; hash: string; prefix: string }> {
  const secret = `${PREFIX}${randomToken()}`;
  return { secret, hash: await sha256Hex(secret), prefix: secret.slice(0, SHOWN_CHARACTERS) };
}

/** The secret of `Authorization: Bearer <secret>`, or undefined when the request has no Authorization header. */
export function bearerSecret(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const m = /^Bearer +(ndc_[A-Za-z0-9_-]{43})\s*$/i.exec(header);
  if (!m) throw invalidToken("Authorization: must be `Bearer ndc_…`, an API token of this calendar");
  return m[1];
}

/** The 401 for a token that is malformed, unknown, revoked or expired (RFC 6750's WWW-Authenticate). */
function invalidToken(message: string): ApiError {
  return new ApiError(401, "invalid_token", message, { headers: { "WWW-Authenticate": 'Bearer error="invalid_token"' } });
}

interface TokenRow {
  id: string;
  organisationId: string;
  scopes: string;
  expiresAt: number;
  revokedAt: string | null;
  lastUsedAt: string | null;
  userId: string;
  email: string;
  name: string | null;
  role: Viewer["role"];
  locale: string | null;
  member: number;
}

/**
 * The viewer a bearer secret stands for: 401 when the token is unknown, revoked or expired, 403
 * when its creator may no longer act for its organisation. Refreshes `last_used_at` when it is more
 * than a minute old.
 */
export async function viewerForToken(db: Database, secret: string, now: Date): Promise<Viewer> {
  const hash = await sha256Hex(secret);
  const [row] = await db.all<TokenRow>(sql`
    SELECT t.id, t.organisation_id AS organisationId, t.scopes, t.expires_at AS expiresAt, t.revoked_at AS revokedAt,
      t.last_used_at AS lastUsedAt, u.id AS userId, u.email, u.name, u.role, u.locale,
      EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.organisation_id = t.organisation_id) AS member
    FROM ${apiTokens} t JOIN users u ON u.id = t.user_id
    WHERE t.token_hash = ${hash}`);
  if (!row) throw invalidToken("This API token is unknown.");
  if (row.revokedAt) throw invalidToken("This API token was revoked.");
  if (row.expiresAt <= now.getTime()) throw invalidToken(`This API token expired on ${new Date(row.expiresAt).toISOString().slice(0, 10)}.`);
  const mayAct = Number(row.member) === 1 || row.role === "coordinator" || row.role === "admin";
  if (!mayAct) {
    throw fieldError(403, "token", "its creator is no longer a partner of the organisation it was made for", "own_organisation", {
      errorCode: "forbidden",
      message: "token: its creator is no longer a partner of the organisation it was made for, so it may do nothing",
    });
  }
  if (!row.lastUsedAt || Date.parse(row.lastUsedAt) <= now.getTime() - LAST_USED_RESOLUTION_MS) {
    const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS).toISOString();
    // Conditional, so that concurrent first uses within the minute write once between them.
    await db.run(sql`UPDATE ${apiTokens} SET last_used_at = ${now.toISOString()}
      WHERE id = ${row.id} AND (last_used_at IS NULL OR last_used_at <= ${stale})`);
  }
  return {
    id: row.userId,
    email: row.email,
    name: row.name,
    role: "user",
    organisations: [row.organisationId],
    locale: row.locale,
    sessionId: "",
    token: { id: row.id, scopes: JSON.parse(row.scopes) as TokenScope[], organisationId: row.organisationId },
  };
}
