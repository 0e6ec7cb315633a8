/**
 * `GET /api/tokens` (yours), `POST /api/tokens` (make one; the secret is in this answer only) and
 * `DELETE /api/tokens/:id` (revoke). Only with a session cookie: the policy gives these routes no
 * token scope, so a token cannot make or list tokens. A revoked token's row stays (without power),
 * so the audit log can still name the token its entries were made with.
 */
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { API_TOKEN_SCOPES } from "../../db/enums.ts";
import { apiTokens, organisations } from "../../db/schema.ts";
import { audit } from "../audit/audit.ts";
import { isCoordinator, isMemberOf } from "../auth/viewer.ts";
import type { Database } from "../db/client.ts";
import { guard, isGuardFailure } from "../db/guard.ts";
import { refs, requireReferences } from "../db/references.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { distinct, id, line, parseBody, ruled } from "../validation.ts";
import { newTokenSecret } from "./api-tokens.ts";
import type { ApiTokenCreated, ApiTokenInfo, ApiTokenList } from "./tokens.types.ts";

/** The most active tokens one person may have, and the longest a token may live. */
export const MAX_TOKENS_PER_USER = 20;
export const MAX_TOKEN_DAYS = 365;

export const createTokenSchema = z
  .object({
    name: line(100).min(1, "is required"),
    organisationId: id("must be an organisation id"),
    scopes: z
      .array(z.enum(API_TOKEN_SCOPES, { error: `must be ${API_TOKEN_SCOPES.join(", ")}` }), { error: "must be a list of scopes" })
      .min(1, "must name at least one scope")
      .max(API_TOKEN_SCOPES.length, `at most ${API_TOKEN_SCOPES.length}`)
      .refine((s) => distinct(s), ruled("duplicate", "must not name a scope twice")),
    expiresInDays: z
      .number({ error: "must be a whole number of days" })
      .int("must be a whole number of days")
      .min(1, "must be at least 1")
      .max(MAX_TOKEN_DAYS, `must be at most ${MAX_TOKEN_DAYS}`),
  })
  .strict();

const columns = {
  id: apiTokens.id,
  name: apiTokens.name,
  prefix: apiTokens.prefix,
  organisationId: apiTokens.organisationId,
  organisationName: organisations.name,
  scopes: apiTokens.scopes,
  createdAt: apiTokens.createdAt,
  expiresAt: apiTokens.expiresAt,
  lastUsedAt: apiTokens.lastUsedAt,
};
type Row = Awaited<ReturnType<typeof tokensOf>>[number];

function info(row: Row, now: Date): ApiTokenInfo {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    organisation: { id: row.organisationId, name: row.organisationName },
    scopes: [...row.scopes].sort((a, b) => API_TOKEN_SCOPES.indexOf(a) - API_TOKEN_SCOPES.indexOf(b)),
    createdAt: row.createdAt,
    expiresAt: new Date(row.expiresAt).toISOString(),
    expired: row.expiresAt <= now.getTime(),
    lastUsedAt: row.lastUsedAt,
  };
}

/** The viewer's unrevoked tokens (or the one `tokenId`), newest first. */
function tokensOf(db: Database, userId: string, tokenId?: string) {
  return db
    .select(columns)
    .from(apiTokens)
    .innerJoin(organisations, eq(organisations.id, apiTokens.organisationId))
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt), tokenId ? eq(apiTokens.id, tokenId) : undefined))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id))
    .limit(200);
}

export const tokenRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const { db, viewer, now } = c.var;
    // Revoked tokens are not listed; unexpired ones are bounded by MAX_TOKENS_PER_USER, expired ones by the limit.
    const rows = await tokensOf(db, viewer!.id);
    return c.json({ tokens: rows.map((r) => info(r, now)), max: MAX_TOKENS_PER_USER } satisfies ApiTokenList);
  })
  .post("/", async (c) => {
    const input = await parseBody(c, createTokenSchema);
    const { db, viewer, now } = c.var;
    if (!isCoordinator(viewer) && !isMemberOf(viewer, input.organisationId)) {
      throw fieldError(403, "organisationId", "must be one of your organisations", "own_organisation", {
        errorCode: "forbidden",
        message: "organisationId: you can make API tokens only for your own organisations",
      });
    }
    await requireReferences(db, refs("organisation", "organisationId", [input.organisationId], false));
    const { secret, hash, prefix } = await newTokenSecret();
    const tokenId = crypto.randomUUID();
    const expiresAt = now.getTime() + input.expiresInDays * 86_400_000;
    const active = sql`(SELECT count(*) FROM ${apiTokens} WHERE ${apiTokens.userId} = ${viewer!.id} AND ${apiTokens.revokedAt} IS NULL AND ${apiTokens.expiresAt} > ${now.getTime()})`;
    try {
      await db.batch([
        // Checked in the batch, so two tokens made at once cannot pass the limit together.
        guard(db, sql`${active} < ${MAX_TOKENS_PER_USER}`),
        db.insert(apiTokens).values({
          id: tokenId,
          tokenHash: hash,
          prefix,
          name: input.name,
          userId: viewer!.id,
          organisationId: input.organisationId,
          scopes: input.scopes,
          createdAt: now.toISOString(),
          expiresAt,
        }),
        audit(db, {
          actorId: viewer!.id,
          action: "token.create",
          entity: "organisation",
          entityId: input.organisationId,
          after: { tokenId, name: input.name, scopes: input.scopes, expiresAt: new Date(expiresAt).toISOString() },
        }),
      ]);
    } catch (error) {
      if (!isGuardFailure(error)) throw error;
      throw new ApiError(409, "too_many_tokens", `You have ${MAX_TOKENS_PER_USER} active API tokens, the most one person may have. Revoke one first.`);
    }
    const [row] = await tokensOf(db, viewer!.id, tokenId);
    c.header("Cache-Control", "no-store");
    return c.json({ token: info(row, now), secret } satisfies ApiTokenCreated, 201);
  })
  .delete("/:id", async (c) => {
    const { db, viewer, now } = c.var;
    const tokenId = c.req.param("id");
    const [row] = await db
      .select({ organisationId: apiTokens.organisationId, name: apiTokens.name, revokedAt: apiTokens.revokedAt })
      .from(apiTokens)
      .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, viewer!.id)));
    if (!row) throw new ApiError(404, "not_found", "You have no API token with this id.");
    // Revoking a revoked token changes nothing and writes nothing.
    if (row.revokedAt) return c.body(null, 204);
    try {
      await db.batch([
        guard(db, sql`EXISTS (SELECT 1 FROM ${apiTokens} WHERE ${apiTokens.id} = ${tokenId} AND ${apiTokens.revokedAt} IS NULL)`),
        db.update(apiTokens).set({ revokedAt: now.toISOString() }).where(eq(apiTokens.id, tokenId)),
        audit(db, { actorId: viewer!.id, action: "token.revoke", entity: "organisation", entityId: row.organisationId, after: { tokenId, name: row.name } }),
      ]);
    } catch (error) {
      // Revoked by another request in the meantime: the same outcome.
      if (!isGuardFailure(error)) throw error;
    }
    return c.body(null, 204);
  });
