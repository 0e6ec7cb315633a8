/**
 * Digest subscriptions and the coordinators' side of the weekly digest.
 *
 * API (policy table): `POST /api/subscriptions` (anyone, double opt-in), `GET/PUT/PATCH
 * /api/me/subscription` (signed in; PUT replaces the whole subscription, PATCH changes only the
 * fields sent), `GET /api/digests/runs`, `GET /api/digests/subscribers`,
 * `GET /api/digests/preview`, `POST /api/digests/test` (coordinators).
 *
 * Pages outside /api, reached from mail without signing in, each by a signed link
 * (./links.ts): `/digest/confirm`, `/digest/preferences`, `/digest/unsubscribe`. A GET only shows
 * a form, so that link scanners change nothing; the form's POST (and a mail client's RFC 8058
 * one-click POST) does the work, idempotently.
 */
import { eq, sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { html } from "hono/html";
import { z } from "zod";
import { subscriptions } from "../../db/schema.ts";
import { clientIp } from "../auth/auth.routes.ts";
import { consume } from "../auth/rate-limit.ts";
import { sha256Hex } from "../auth/tokens.ts";
import type { AppEnv } from "../env.ts";
import { ApiError, fieldError } from "../errors.ts";
import { isMailAddress } from "../mail/message.ts";
import { countries, ids as idList, parseBody, patchSchema, ruled, timeZone } from "../validation.ts";
import { audit } from "../audit/audit.ts";
import type { Database } from "../db/client.ts";
import { changesOf } from "../db/patch.ts";
import { loadDigestData, MAX_WEEKS_AHEAD, type Subscription } from "./load.ts";
import { signLink, verifyLink, type LinkPurpose } from "./links.ts";
import { digestPage, preferencesPage } from "./pages.ts";
import { digestRunReport } from "./run-report.ts";
import { digestMessage, linksFor } from "./runs.ts";
import { digestTexts, fill } from "./texts.ts";
import { LOCALES, negotiateLocale, toLocale } from "../i18n/locales.ts";
import { requestLocale, langQuery } from "../i18n/request.ts";
import type { DigestSubscriber } from "./digest.types.ts";

const ids = (what: string) => idList(50, `must be ${what} ids`).default([]);

export const preferencesSchema = z
  .object({
    countries: countries(50).default([]),
    topics: ids("topic"),
    audiences: ids("audience"),
    organisations: ids("organisation"),
    /** Left out: the language the request came in. */
    language: z.enum(LOCALES, { error: `must be one of ${LOCALES.join(", ")}` }).optional(),
    timeZone: timeZone("Europe/Helsinki").default("Europe/Copenhagen"),
    weeksAhead: z
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(MAX_WEEKS_AHEAD, `must be at most ${MAX_WEEKS_AHEAD}`)
      .default(4),
    emptyNote: z.boolean({ error: "must be true or false" }).default(false),
  })
  .strict();

export const subscribeSchema = preferencesSchema.extend({
  email: z.string({ error: "is required" }).trim().toLowerCase().refine(isMailAddress, ruled("email", "must be an email address")),
});

/** `PUT /api/me/subscription`: the whole subscription; a field left out takes its default (language: the stored one, or the request's). */
export const mySubscriptionSchema = preferencesSchema.extend({ active: z.boolean({ error: "must be true or false" }) });
/** `PATCH /api/me/subscription`: only the fields sent change. */
export const mySubscriptionPatchSchema = patchSchema(mySubscriptionSchema);
type SubscriptionPatch = z.infer<typeof mySubscriptionPatchSchema>;
type SubscriptionRow = typeof subscriptions.$inferSelect;

/**
 * Changes only the sent fields of a subscription, shared by `PATCH /api/me/subscription` and the
 * preferences page a digest links to. Nothing is written when nothing changes; otherwise the
 * changed fields and one audit entry (before → after of those fields) go in one batch.
 */
async function patchSubscription(db: Database, s: SubscriptionRow, patch: SubscriptionPatch, actorId: string | null, now: Date): Promise<SubscriptionRow> {
  const stored: SubscriptionPatch = {
    active: s.unsubscribedAt === null,
    countries: s.countries,
    topics: s.topics,
    audiences: s.audiences,
    organisations: s.organisations,
    language: s.language as SubscriptionPatch["language"],
    timeZone: s.timeZone,
    weeksAhead: s.weeksAhead,
    emptyNote: s.emptyNote,
  };
  const changes = changesOf(stored, patch, { sets: ["countries", "topics", "audiences", "organisations"] });
  if (!changes) return s;
  const { active, ...columns } = changes.changed;
  const at = now.toISOString();
  const [, [saved]] = await db.batch([
    audit(db, { actorId, action: "subscription.update", entity: "subscription", entityId: s.id, before: changes.before, after: changes.after }),
    db
      .update(subscriptions)
      .set({ ...columns, ...(active === undefined ? {} : { unsubscribedAt: active ? null : sql`coalesce(${subscriptions.unsubscribedAt}, ${at})` }) })
      .where(eq(subscriptions.id, s.id))
      .returning(),
  ]);
  return saved ?? s;
}

const LIMIT = { max: 5, windowMs: 3_600_000 };

function publicView(s: typeof subscriptions.$inferSelect) {
  return {
    email: s.email,
    confirmed: s.confirmedAt !== null,
    active: s.confirmedAt !== null && s.unsubscribedAt === null,
    countries: s.countries,
    topics: s.topics,
    audiences: s.audiences,
    organisations: s.organisations,
    language: s.language,
    timeZone: s.timeZone,
    weeksAhead: s.weeksAhead,
    emptyNote: s.emptyNote,
  };
}

export const subscriptionRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const { email, ...chosen } = await parseBody(c, subscribeSchema);
  const prefs = { ...chosen, language: chosen.language ?? requestLocale(c) };
  const { db, now, config } = c.var;
  if (
    !(await consume(db, `subscribe:ip:${clientIp(c.req.raw)}`, LIMIT, now)) ||
    !(await consume(db, `subscribe:address:${await sha256Hex(email)}`, LIMIT, now))
  ) {
    throw new ApiError(429, "rate_limited", "Too many subscription requests; try again in an hour.");
  }
  const [existing] = await db.select().from(subscriptions).where(eq(subscriptions.email, email));
  // The same answer whether or not the address is known, so nobody learns who subscribes.
  const accepted = c.json({ status: "check_your_mail" }, 202);
  if (existing?.confirmedAt && !existing.unsubscribedAt) return accepted;
  const id = existing?.id ?? `sub-${crypto.randomUUID()}`;
  // Whoever typed the address, the stored choices stay as they are until its confirm link is
  // followed (which only the address's owner can): then the ones asked for here are taken.
  if (existing) await db.update(subscriptions).set({ pendingPreferences: prefs }).where(eq(subscriptions.id, id));
  else await db.insert(subscriptions).values({ id, email, ...prefs, createdAt: now.toISOString() });
  const t = digestTexts(prefs.language);
  await c.var.mailer.send({
    to: email,
    subject: t.confirmSubject,
    text: fill(t.confirmBody, { link: `${config.PUBLIC_ORIGIN}/digest/confirm?token=${await signLink(config.LINK_SECRET, "confirm", id)}` }),
  });
  return accepted;
});

export const mySubscriptionRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const [s] = await c.var.db.select().from(subscriptions).where(eq(subscriptions.userId, c.var.viewer!.id));
    return c.json({ subscription: s ? publicView(s) : null, preferencesUrl: s ? (await linksFor(c.var.config, s.id)).manageUrl : null });
  })
  .patch("/", async (c) => {
    const { db, now, viewer } = c.var;
    const [s] = await db.select().from(subscriptions).where(eq(subscriptions.userId, viewer!.id));
    if (!s) throw new ApiError(404, "not_found", "You have no digest subscription yet; PUT /api/me/subscription makes one.");
    const saved = await patchSubscription(db, s, await parseBody(c, mySubscriptionPatchSchema), viewer!.id, now);
    return c.json({ subscription: publicView(saved), preferencesUrl: (await linksFor(c.var.config, saved.id)).manageUrl });
  })
  .put("/", async (c) => {
    const body = await parseBody(c, mySubscriptionSchema);
    const { active, ...prefs } = body;
    const { db, now, viewer } = c.var;
    const at = now.toISOString();
    // A signed-in user's address is confirmed by their sign-in; an earlier e-mail-only subscription
    // of the same address becomes theirs.
    const [s] = await db
      .insert(subscriptions)
      .values({
        id: `sub-${viewer!.id}`,
        userId: viewer!.id,
        email: viewer!.email,
        confirmedAt: at,
        unsubscribedAt: active ? null : at,
        ...prefs,
        language: prefs.language ?? requestLocale(c),
        createdAt: at,
      })
      .onConflictDoUpdate({
        target: subscriptions.email,
        set: {
          userId: viewer!.id,
          confirmedAt: sql`coalesce(${subscriptions.confirmedAt}, ${at})`,
          unsubscribedAt: active ? null : sql`coalesce(${subscriptions.unsubscribedAt}, ${at})`,
          ...prefs,
        },
      })
      .returning();
    return c.json({ subscription: publicView(s), preferencesUrl: (await linksFor(c.var.config, s.id)).manageUrl });
  });

export const digestAdminRoutes = new Hono<AppEnv>()
  .get("/runs", async (c) => c.json(await digestRunReport(c.var.db, c.var.now)))
  .get("/subscribers", async (c) => {
    const rows = await c.var.db.select().from(subscriptions).orderBy(subscriptions.email).limit(5000);
    return c.json({ subscribers: rows.map((s) => ({ id: s.id, ...publicView(s), userId: s.userId, lastSentAt: s.lastSentAt })) } satisfies {
      subscribers: DigestSubscriber[];
    });
  })
  .get("/preview", async (c) => {
    const id = c.req.query("subscription");
    if (!id) throw fieldError(400, "subscription", "is required", "required", { errorCode: "invalid_query" });
    const [s] = await c.var.db.select().from(subscriptions).where(eq(subscriptions.id, id));
    if (!s) throw new ApiError(404, "not_found", "No subscription has this id");
    const mail = await digestMessage(c.var.config, s, await loadDigestData(c.var.db, c.var.now));
    const t = digestTexts(s.language);
    const page = mail?.message.html ?? (await digestPage(t.subjectEmpty, html`<p>${t.previewNothing}</p>`, s.language)).toString();
    // The digest's own HTML, shown in a sandboxed document: no scripts run, links open normally.
    return c.body(page, 200, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "sandbox allow-popups allow-top-navigation-by-user-activation; default-src 'none'; style-src 'unsafe-inline'",
    });
  })
  .post("/test", async (c) => {
    const { db, viewer, now, config } = c.var;
    const [own] = await db.select().from(subscriptions).where(eq(subscriptions.userId, viewer!.id));
    const s = own ?? {
      ...preferencesSchema.parse({}),
      language: toLocale(viewer!.locale) ?? requestLocale(c),
      id: `sub-${viewer!.id}`,
      userId: viewer!.id,
      email: viewer!.email,
      confirmedAt: null,
      unsubscribedAt: null,
      lastSentAt: null,
      createdAt: now.toISOString(),
    };
    const mail = await digestMessage(config, { ...s, emptyNote: true }, await loadDigestData(db, now));
    await c.var.mailer.send({ ...mail!.message, to: viewer!.email, subject: `[${digestTexts(s.language).test}] ${mail!.message.subject}` });
    return c.json({ sentTo: viewer!.email }, 202);
  });

async function subscriptionFor(c: Context<AppEnv>, purpose: LinkPurpose) {
  const id = await verifyLink(c.var.config.LINK_SECRET, purpose, c.req.query("token"));
  const [s] = id ? await c.var.db.select().from(subscriptions).where(eq(subscriptions.id, id)) : [];
  return s ?? null;
}

function invalidLink(c: Context<AppEnv>) {
  const language = requestLocale(c);
  const t = digestTexts(language);
  return c.html(digestPage(t.linkInvalidTitle, html`<p>${t.linkInvalid}</p>`, language, c.req.url), 404);
}

/** A digest page's language: the switcher's `?lang=`, else the subscription's. */
const pageLanguage = (c: Context<AppEnv>, s: Subscription) => negotiateLocale([langQuery(c), s.language]);

const formValues = (form: FormData, name: string) => form.getAll(name).map(String).filter(Boolean);

export const digestPageRoutes = new Hono<AppEnv>()
  .get("/digest/confirm", async (c) => {
    const s = await subscriptionFor(c, "confirm");
    if (!s) return invalidLink(c);
    const language = pageLanguage(c, s);
    const t = digestTexts(language);
    return c.html(
      digestPage(t.confirmTitle, html`<form method="post"><p>${t.confirmAsk}</p><button type="submit">${t.confirmButton}</button></form>`, language, c.req.url),
    );
  })
  .post("/digest/confirm", async (c) => {
    const s = await subscriptionFor(c, "confirm");
    if (!s) return invalidLink(c);
    const at = c.var.now.toISOString();
    const asked = preferencesSchema.partial().safeParse(s.pendingPreferences ?? {});
    await c.var.db
      .update(subscriptions)
      .set({
        confirmedAt: sql`coalesce(${subscriptions.confirmedAt}, ${at})`,
        unsubscribedAt: null,
        ...(asked.success ? asked.data : {}),
        pendingPreferences: null,
      })
      .where(eq(subscriptions.id, s.id));
    const language = pageLanguage(c, s);
    const t = digestTexts(language);
    const manage = `${c.var.config.PUBLIC_ORIGIN}/digest/preferences?token=${await signLink(c.var.config.LINK_SECRET, "manage", s.id)}`;
    return c.html(digestPage(t.confirmedTitle, html`<p>${t.confirmed}</p><p><a href="${manage}">${t.manage}</a></p>`, language, c.req.url));
  })
  .get("/digest/unsubscribe", async (c) => {
    const s = await subscriptionFor(c, "unsubscribe");
    if (!s) return invalidLink(c);
    const language = pageLanguage(c, s);
    const t = digestTexts(language);
    if (s.unsubscribedAt) return c.html(digestPage(t.unsubscribedTitle, html`<p>${t.unsubscribed}</p>`, language, c.req.url));
    return c.html(
      digestPage(
        t.unsubscribeTitle,
        html`<form method="post"><p>${t.unsubscribeAsk}</p><button type="submit">${t.unsubscribe}</button></form>`,
        language,
        c.req.url,
      ),
    );
  })
  .post("/digest/unsubscribe", async (c) => {
    const s = await subscriptionFor(c, "unsubscribe");
    if (!s) return invalidLink(c);
    await c.var.db
      .update(subscriptions)
      .set({ unsubscribedAt: sql`coalesce(${subscriptions.unsubscribedAt}, ${c.var.now.toISOString()})` })
      .where(eq(subscriptions.id, s.id));
    const language = pageLanguage(c, s);
    const t = digestTexts(language);
    return c.html(digestPage(t.unsubscribedTitle, html`<p>${t.unsubscribed}</p>`, language, c.req.url));
  })
  .get("/digest/preferences", async (c) => {
    const s = await subscriptionFor(c, "manage");
    if (!s) return invalidLink(c);
    return c.html(await preferencesPage(c.var.db, s, null, pageLanguage(c, s), c.req.url));
  })
  .post("/digest/preferences", async (c) => {
    const s = await subscriptionFor(c, "manage");
    if (!s) return invalidLink(c);
    const form = await c.req.formData();
    const parsed = preferencesSchema.safeParse({
      countries: formValues(form, "countries"),
      topics: formValues(form, "topics"),
      audiences: formValues(form, "audiences"),
      organisations: formValues(form, "organisations"),
      language: String(form.get("language") ?? "en"),
      timeZone: String(form.get("timeZone") ?? ""),
      weeksAhead: Number(form.get("weeksAhead")),
      emptyNote: form.get("emptyNote") === "on",
    });
    if (!parsed.success)
      return c.html(
        await preferencesPage(c.var.db, s, { errors: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) }, pageLanguage(c, s), c.req.url),
        400,
      );
    // The form shows every field, so it is the whole subscription; only what differs is written.
    const saved = await patchSubscription(c.var.db, s, { ...parsed.data, active: form.get("active") === "on" }, null, c.var.now);
    return c.html(await preferencesPage(c.var.db, saved, { saved: true }, saved.language, c.req.url));
  });
