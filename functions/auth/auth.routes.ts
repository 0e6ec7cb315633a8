/**
 * Passwordless sign-in. The emailed link opens a confirm page (GET, harmless for mail scanners
 * that open every link); only its POST spends the token and signs in.
 */
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { Hono } from "hono";
import { z } from "zod";
import { authTokens, feedTokens, organisations, users } from "../../db/schema.ts";
import { accountForLink } from "../accounts/accounts.ts";
import { revokeFeedToken, rotateFeedToken } from "../feeds/private-feed.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { parseBody } from "../validation.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { rememberLocale, requestLocale } from "../i18n/request.ts";
import { localeForAddress } from "../mail/texts.ts";
import { LOCALES, toLocale } from "../i18n/locales.ts";
import { isReturnPath, MAX_RETURN_PATH } from "../lib/return-path.ts";
import type { MeResponse } from "./auth.types.ts";
import { consume } from "./rate-limit.ts";
import { clearSessionCookie, createSession, writeSessionCookie } from "./session.ts";
import { looksLikeToken, randomToken, sha256Hex } from "./tokens.ts";

export const SIGN_IN_TOKEN_MS = 10 * 60_000;
const WINDOW = 15 * 60_000;
export const LIMITS = {
  perAddress: { max: 5, windowMs: WINDOW },
  perIp: { max: 30, windowMs: WINDOW },
};

export const signInSchema = z.object({
  email: z
    .string({ error: "is required" })
    .trim()
    .toLowerCase()
    .max(254, "must be at most 254 characters")
    .pipe(z.email({ error: "must be an email address" })),
  /** The page to return to once signed in (a path on this calendar), carried in the mailed link. */
  next: z
    .string({ error: "must be text" })
    .max(MAX_RETURN_PATH, { error: `must be at most ${MAX_RETURN_PATH} characters`, abort: true })
    .refine(isReturnPath, "must be a path on this calendar, such as /events/new")
    .optional(),
});
/** What a signed-in user may change about themselves. */
export const mePatchSchema = z.object({ locale: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")} or null` }).nullable() }).strict();

const confirmSchema = z.object({ token: z.string({ error: "is required" }).refine(looksLikeToken, "is not a valid sign-in token") });

export function clientIp(req: Request): string {
  return req.headers.get("cf-connecting-ip") ?? "local";
}

async function limitOrThrow(ok: Promise<boolean>) {
  if (!(await ok)) {
    throw new ApiError(429, "rate_limited", "Too many attempts. Please wait a few minutes and try again.", {
      headers: { "Retry-After": String(WINDOW / 1000) },
    });
  }
}

/**
 * The link in a message: built from the configured origin, never from the request's Host. The
 * page to return to rides in the fragment beside the token, so it works in whichever tab or
 * device opens the mail.
 */
export function confirmLink(origin: string, token: string, next?: string): string {
  return `${origin}/sign-in/confirm#token=${token}${next ? `&next=${encodeURIComponent(next)}` : ""}`;
}

export const authRoutes = new Hono<AppEnv>()
  .post("/sign-in", async (c) => {
    const { email, next } = await parseBody(c, signInSchema);
    const { db, now } = c.var;
    await limitOrThrow(consume(db, `sign-in:ip:${clientIp(c.req.raw)}`, LIMITS.perIp, now));
    await limitOrThrow(consume(db, `sign-in:address:${await sha256Hex(email)}`, LIMITS.perAddress, now));
    const token = randomToken();
    await db.insert(authTokens).values({ id: await sha256Hex(token), purpose: "sign_in", email, expiresAt: now.getTime() + SIGN_IN_TOKEN_MS });
    const m = messagesFor(await localeForAddress(db, email, requestLocale(c))).mail;
    await c.var.mailer.send({
      to: email,
      subject: m.signInSubject,
      text: fill(m.signInBody, { link: confirmLink(c.var.config.PUBLIC_ORIGIN, token, next) }),
    });
    // The same answer whether or not the address has an account.
    return c.json({ status: "sent" as const }, 202);
  })
  .post("/confirm", async (c) => {
    const { token } = await parseBody(c, confirmSchema);
    const { db, now, config } = c.var;
    await limitOrThrow(consume(db, `confirm:ip:${clientIp(c.req.raw)}`, LIMITS.perIp, now));
    // Spending the token is one conditional UPDATE: of two concurrent uses exactly one gets the row.
    const [spent] = await db
      .update(authTokens)
      .set({ usedAt: now.getTime() })
      .where(and(eq(authTokens.id, await sha256Hex(token)), isNull(authTokens.usedAt), gt(authTokens.expiresAt, now.getTime())))
      .returning({ purpose: authTokens.purpose, email: authTokens.email, organisationId: authTokens.organisationId, createdBy: authTokens.createdBy });
    if (!spent)
      throw fieldError(400, "token", "must be an unused link from the last 10 minutes", "invalid", {
        errorCode: "invalid_token",
        message: "token: this link is invalid, already used or expired. Ask for a new one.",
      });

    const { userId, existing } = await accountForLink(db, spent, config.ADMIN_EMAILS, now);
    const session = await createSession(db, userId, now);
    writeSessionCookie(c, session.token, session.expiresAt);
    // The account's language follows it to this device.
    const chosen = toLocale(existing?.locale);
    if (chosen) rememberLocale(c, chosen);
    return c.json({ status: "signed_in" as const });
  })
  .post("/sign-out", async (c) => {
    await c.var.db.run(sql`DELETE FROM sessions WHERE id = ${c.var.viewer!.sessionId}`);
    clearSessionCookie(c);
    return c.body(null, 204);
  });

/** `GET /api/me`: the signed-in user with the names of their organisations, or null. */
export const meRoutes = new Hono<AppEnv>()
  .put("/", async (c) => {
    const { locale } = await parseBody(c, mePatchSchema);
    await c.var.db.update(users).set({ locale, updatedAt: c.var.now.toISOString() }).where(eq(users.id, c.var.viewer!.id));
    if (locale) rememberLocale(c, locale);
    return c.json({ locale });
  })
  .post("/feed-token", async (c) => {
    const token = await rotateFeedToken(c.var.db, c.var.viewer!.id);
    return c.json({ url: `${c.var.config.PUBLIC_ORIGIN}/feeds/${token}/calendar.ics` }, 201);
  })
  .delete("/feed-token", async (c) => {
    await revokeFeedToken(c.var.db, c.var.viewer!.id);
    return c.body(null, 204);
  })
  .get("/", async (c) => {
    const v = c.var.viewer;
    if (!v) return c.json({ user: null } satisfies MeResponse);
    const orgs = v.organisations.length
      ? await c.var.db
          .select({ id: organisations.id, slug: organisations.slug, name: organisations.name, shortName: organisations.shortName })
          .from(organisations)
          .where(sql`${organisations.id} IN (SELECT value FROM json_each(${JSON.stringify(v.organisations)}))`)
      : [];
    const [feed] = await c.var.db.select({ id: feedTokens.id }).from(feedTokens).where(eq(feedTokens.userId, v.id));
    return c.json({
      user: { id: v.id, email: v.email, name: v.name, role: v.role, organisations: orgs, hasPrivateFeed: !!feed, locale: v.locale },
    } satisfies MeResponse);
  });
