import type { MiddlewareHandler } from "hono";
import { auditAsToken } from "../audit/audit.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { bearerSecret, viewerForToken } from "../tokens/api-tokens.ts";
import { clearSessionCookie, readSessionCookie, validateSession } from "./session.ts";
import { looksLikeToken, sha256Hex } from "./tokens.ts";

/**
 * Puts the signed-in user (or null) on `c.var.viewer`; responses to signed-in users are never cached.
 *
 * A request with an `Authorization` header is judged by its API token alone: the session cookie is
 * ignored (never a fallback when the token fails), and a bad token is a 401 whatever the route.
 * Each token has its own allowance (TOKEN_LIMITER), counted before the token is looked up, so a
 * flood with one secret costs no database work.
 */
export const loadViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const secret = bearerSecret(c.req.header("authorization"));
  if (secret !== undefined) {
    const limiter = c.env.TOKEN_LIMITER;
    if (limiter) {
      const { success } = await limiter.limit({ key: `token:${await sha256Hex(secret)}` });
      if (!success) {
        throw new ApiError(429, "rate_limited", "Too many requests with this API token. Please wait a minute and try again.", {
          headers: { "Retry-After": "60", "Cache-Control": "no-store" },
        });
      }
    }
    const viewer = await viewerForToken(c.var.db, secret, c.var.now);
    auditAsToken(c.var.db, viewer.token!.id);
    c.set("viewer", viewer);
    await next();
    c.header("Cache-Control", "no-store");
    return;
  }
  const token = readSessionCookie(c);
  const viewer = looksLikeToken(token) ? await validateSession(c.var.db, token, c.var.now) : null;
  if (token && !viewer) clearSessionCookie(c);
  c.set("viewer", viewer);
  await next();
  if (viewer) c.header("Cache-Control", "no-store");
};

/**
 * `loadViewer` for what is read outside `/api` (pages, contact cards): an API token reads them as
 * it reads the API, so it needs the `read` scope there too (a 403 naming `scope`, as in the API's
 * policy table), never the more its organisation's partners see without it.
 */
export const loadReader: MiddlewareHandler<AppEnv> = (c, next) =>
  loadViewer(c, async () => {
    const token = c.var.viewer?.token;
    if (token && !token.scopes.includes("read")) {
      const rule = "needs the read scope, which this API token lacks";
      throw fieldError(403, "scope", rule, "one_of", { errorCode: "forbidden", message: `scope: ${rule}` });
    }
    await next();
  });
