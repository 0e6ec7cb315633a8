/**
 * The alerts' outbox: every cron tick sends each person one mail holding all their pending alerts,
 * with the digest's discipline (functions/digest/runs.ts).
 *
 * - Batching: a delivery the outbox sees for the first time is held until the end of the current
 *   quarter hour (`next_attempt_at`), so everything a person is told within a quarter hour goes
 *   out in one mail at the first tick after it; and a person's next batch waits until a quarter
 *   hour after their last mail (`alert_recipients.last_sent_at`).
 * - Claims per person: one UPDATE … RETURNING on `alert_recipients` takes a chunk of people with
 *   something due (two overlapping ticks never take the same person, so never send the same
 *   batch); a claim older than the lease was left by a tick that died and is taken again.
 * - Failures: the batch's deliveries go back to pending with exponential backoff (5, 10, 20, 40
 *   minutes) and the error kept, and end `failed` after MAX_ATTEMPTS.
 * - At least once, at one point: when the relay has accepted a mail but the write that records it
 *   is lost (the tick dies in between), the deliveries stay `sending`; after the lease the next
 *   tick sends exactly that batch again, with the same Message-ID (derived from its deliveries),
 *   so the resend is recognisably the same message. Everywhere else nothing is sent twice.
 * - Paused people ("turn off all alerts") have their deliveries skipped, never sent.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { alertDeliveries, alertRecipients, alerts, memberships, users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { signLink } from "../digest/links.ts";
import type { Config } from "../env.ts";
import { toLocale } from "../i18n/locales.ts";
import { messagesFor } from "../i18n/messages.ts";
import type { Mailer } from "../mail/mailer.ts";
import type { AlertKind, AlertMailContext, AlertSection, StoredAlert } from "./alerts.types.ts";
import { stableId } from "./enqueue.ts";
import { RENDERERS } from "./kinds/index.ts";
import { alertMail } from "./mail.ts";

export const QUARTER_MS = 15 * 60_000;
export const LEASE_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;
const BACKOFF_MS = 5 * 60_000;
/** People per claim, and claims per tick: like the digest, well inside a Worker's subrequests. */
export const PEOPLE_PER_CHUNK = 25;
export const CHUNKS_PER_TICK = 4;
/** The most alerts one mail holds; the rest go in the next quarter hour's. */
export const MAX_ALERTS_PER_MAIL = 50;

export interface AlertDrainResult {
  mails: number;
  skipped: number;
  retried: number;
  failed: number;
}

/** The end of the quarter hour holding `at` (epoch ms). */
export const quarterEnd = (at: number) => Math.floor(at / QUARTER_MS) * QUARTER_MS + QUARTER_MS;

/** The signed "turn off all alerts" link of a person. */
export async function alertsOffLink(config: Config, userId: string): Promise<string> {
  return `${config.PUBLIC_ORIGIN}/alerts/stop?token=${await signLink(config.LINK_SECRET, "alerts-off", userId)}`;
}

/** Holds new deliveries to the end of the quarter hour, and skips those of people who turned alerts off. */
async function prepare(db: Database, now: number): Promise<void> {
  await db.batch([
    db.run(sql`UPDATE ${alertDeliveries} SET next_attempt_at = ${quarterEnd(now)} WHERE status = 'pending' AND attempts = 0 AND next_attempt_at = 0`),
    // Also a batch a died tick left `sending` for someone who has since turned alerts off (claims skip them).
    db.run(sql`UPDATE ${alertDeliveries} SET status = 'skipped'
      WHERE (status = 'pending' OR status = 'sending') AND user_id IN (SELECT user_id FROM ${alertRecipients}
        WHERE paused_at IS NOT NULL AND (claimed_at IS NULL OR claimed_at < ${now - LEASE_MS}))`),
  ]);
}

/** Atomically claims up to `limit` people with a batch due (or left `sending` by a tick that died). */
async function claimPeople(db: Database, now: number, limit: number): Promise<string[]> {
  const rows = await db.all<{ user_id: string }>(sql`UPDATE ${alertRecipients} SET claimed_at = ${now}
    WHERE user_id IN (SELECT r.user_id FROM ${alertRecipients} r
      WHERE r.user_id IN (SELECT user_id FROM ${alertDeliveries} WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR status = 'sending')
        AND r.paused_at IS NULL AND (r.claimed_at IS NULL OR r.claimed_at < ${now - LEASE_MS})
        AND (r.last_sent_at IS NULL OR r.last_sent_at <= ${now - QUARTER_MS}
          OR EXISTS (SELECT 1 FROM ${alertDeliveries} s WHERE s.user_id = r.user_id AND s.status = 'sending'))
      ORDER BY r.user_id LIMIT ${limit})
    AND (claimed_at IS NULL OR claimed_at < ${now - LEASE_MS})
    RETURNING user_id`);
  return rows.map((r) => r.user_id);
}

interface Delivery {
  id: string;
  alertId: string;
  followId: string | null;
  attempts: number;
}

/** The person's batch: what a died tick left `sending` (sent again as it was), else what is due now. */
async function takeBatch(db: Database, userId: string, now: number): Promise<Delivery[]> {
  const [left] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${alertDeliveries} WHERE user_id = ${userId} AND status = 'sending'`);
  const which = left.n ? sql`status = 'sending'` : sql`status = 'pending' AND next_attempt_at <= ${now}`;
  const rows = await db.all<{ id: string; alert_id: string; follow_id: string | null; attempts: number }>(sql`UPDATE ${alertDeliveries}
    SET status = 'sending', attempts = attempts + 1
    WHERE id IN (SELECT id FROM ${alertDeliveries} WHERE user_id = ${userId} AND ${which} ORDER BY id LIMIT ${MAX_ALERTS_PER_MAIL})
    RETURNING id, alert_id, follow_id, attempts`);
  return rows.map((r) => ({ id: r.id, alertId: r.alert_id, followId: r.follow_id, attempts: r.attempts }));
}

async function personOf(db: Database, userId: string) {
  const [user] = await db
    .select({
      id: users.id,
      email: users.email,
      locale: users.locale,
      role: users.role,
      organisationIds: sql<string>`(SELECT json_group_array(${memberships.organisationId}) FROM ${memberships} WHERE ${memberships.userId} = ${users.id})`,
    })
    .from(users)
    .where(eq(users.id, userId));
  return user ? { ...user, organisationIds: JSON.parse(user.organisationIds) as string[] } : null;
}

const firstLine = (error: unknown) =>
  String((error as Error).message ?? error)
    .split("\n")[0]
    .slice(0, 500);

/** Sends what is due, one mail per person, a few chunks of people per tick. */
export async function drainAlerts(db: Database, mailer: Mailer, config: Config, now: Date, chunks = CHUNKS_PER_TICK): Promise<AlertDrainResult> {
  const result: AlertDrainResult = { mails: 0, skipped: 0, retried: 0, failed: 0 };
  const at = now.getTime();
  await prepare(db, at);
  const domain = config.MAIL_FROM.address.split("@")[1];
  const loaded = new Map<string, Promise<unknown>>();
  const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (!loaded.has(key)) loaded.set(key, load());
    return loaded.get(key) as Promise<T>;
  };
  for (let i = 0; i < chunks; i++) {
    const people = await claimPeople(db, at, PEOPLE_PER_CHUNK);
    if (!people.length) break;
    for (const userId of people) await sendBatch(db, mailer, config, now, userId, domain, result, memo);
  }
  return result;
}

async function sendBatch(
  db: Database,
  mailer: Mailer,
  config: Config,
  now: Date,
  userId: string,
  domain: string,
  result: AlertDrainResult,
  memo: AlertMailContext["memo"],
): Promise<void> {
  const at = now.getTime();
  const release = db.update(alertRecipients).set({ claimedAt: null }).where(eq(alertRecipients.userId, userId));
  const [user, batch] = await Promise.all([personOf(db, userId), takeBatch(db, userId, at)]);
  const skip = (ids: string[]) =>
    ids.length
      ? [
          db
            .update(alertDeliveries)
            .set({ status: "skipped" })
            .where(and(inArray(alertDeliveries.id, ids), eq(alertDeliveries.status, "sending"))),
        ]
      : [];
  if (!user || !batch.length) {
    await db.batch([release, ...skip(batch.map((d) => d.id))]);
    result.skipped += batch.length;
    return;
  }
  const stored = await db
    .select()
    .from(alerts)
    .where(
      inArray(
        alerts.id,
        batch.map((d) => d.alertId),
      ),
    );
  const byId = new Map(stored.map((a) => [a.id, a]));
  const language = toLocale(user.locale) ?? "en";
  const ctx: AlertMailContext = {
    db,
    user,
    messages: messagesFor(language),
    language,
    origin: config.PUBLIC_ORIGIN,
    now,
    memo,
    unfollowLink: async (followId) => `${config.PUBLIC_ORIGIN}/follows/stop?token=${await signLink(config.LINK_SECRET, "unfollow", followId)}`,
  };
  const sections: { kind: AlertKind; section: AlertSection }[] = [];
  const shown: string[] = [];
  const hidden: string[] = [];
  for (const d of batch) {
    const alert = byId.get(d.alertId);
    const section = alert ? await RENDERERS[alert.kind].section(alert as StoredAlert, { followId: d.followId }, ctx) : null;
    if (section) {
      sections.push({ kind: alert!.kind, section });
      shown.push(d.id);
    } else hidden.push(d.id);
  }
  if (!sections.length) {
    await db.batch([release, ...skip(hidden)]);
    result.skipped += hidden.length;
    return;
  }
  // Derived from the whole batch, which a retake after the lease sends again unchanged.
  const ids = batch.map((d) => d.id).sort();
  const messageId = `alerts-${await stableId(ids.join(","))}@${domain}`;
  const mail = alertMail(config, user.email, ctx.messages, language, sections, await alertsOffLink(config, userId), messageId);
  try {
    await mailer.send(mail);
  } catch (error) {
    const message = firstLine(error);
    const statements = [release, ...skip(hidden)];
    for (const d of batch.filter((b) => shown.includes(b.id))) {
      const final = d.attempts >= MAX_ATTEMPTS;
      if (final) result.failed++;
      else result.retried++;
      statements.push(
        db
          .update(alertDeliveries)
          .set({ status: final ? "failed" : "pending", lastError: message, nextAttemptAt: at + BACKOFF_MS * 2 ** (d.attempts - 1) })
          .where(eq(alertDeliveries.id, d.id)),
      );
    }
    await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
    console.error(
      JSON.stringify({ level: "error", msg: "alert mail not sent", deliveries: shown.length, error: message.replace(/[^\s<>]+@[^\s<>]+/g, "<address>") }),
    );
    return;
  }
  // The one at-least-once point: if this write is lost, the batch stays `sending` and is sent again after the lease.
  await db.batch([
    db.update(alertDeliveries).set({ status: "sent", sentAt: now.toISOString(), lastError: null }).where(inArray(alertDeliveries.id, shown)),
    ...skip(hidden),
    db.update(alertRecipients).set({ lastSentAt: at, claimedAt: null }).where(eq(alertRecipients.userId, userId)),
  ]);
  result.mails++;
  result.skipped += hidden.length;
}
