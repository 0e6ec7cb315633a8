import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../env.ts";
import { clearSessionCookie, readSessionCookie, validateSession } from "./session.ts";
import { looksLikeToken } from "./tokens.ts";

/** Puts the signed-in user (or null) on `c.var.viewer`; responses to signed-in users are never cached. */
export const loadViewer: MiddlewareHandler<AppEnv> = async (c, next) => {
  const token = readSessionCookie(c);
  const viewer = looksLikeToken(token) ? await validateSession(c.var.db, token, c.var.now) : null;
  if (token && !viewer) clearSessionCookie(c);
  c.set("viewer", viewer);
  await next();
  if (viewer) c.header("Cache-Control", "no-store");
};
