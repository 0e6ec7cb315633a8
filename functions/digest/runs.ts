/**
 * Sending the weekly digest reliably within Workers' limits.
 *
 * - The weekly cron creates the week's run (unique per week) and one delivery per active
 *   subscriber (unique per run and subscriber) in one batch, both inserted OR IGNORE: a cron that
 *   fires twice adds nobody twice, and a subscriber confirmed in between is added.
 * - Every tick drains due deliveries in chunks: one UPDATE … RETURNING claims a chunk atomically
 *   (two ticks never claim the same row); a claim older than the lease was left by a tick that
 *   died, and is taken again. A tick keeps one connection to the relay for all its messages, and
 *   records a chunk's outcomes (sent, skipped, refused) in one batch once the chunk is through.
 * - Failures go back to pending with exponential backoff and the error kept, until MAX_ATTEMPTS,
 *   then `failed`. A retried message keeps its Message-ID, so a rare resend after a tick died
 *   between sending and recording (at most one chunk's messages) is recognisably the same message.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { digestDeliveries, digestRuns, subscriptions, users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { Config } from "../env.ts";
import { mailBatch } from "../mail/batch.ts";
import type { MailBatch, Mailer } from "../mail/mailer.ts";
import { mondayOf } from "../lib/dates.ts";
import { composeDigest } from "./compose.ts";
import { type DigestData, loadDigestData, type Subscription } from "./load.ts";
import { signLink } from "./links.ts";

export const WEEKLY_CRON = "0 6 * * 1";
export const CHUNK_SIZE = 25;
/**
 * Chunks per tick: 250 digests, about a second of CPU, and a handful of subrequests (three
 * queries a chunk, one SMTP connection), well inside a paid Worker's limits. Each tick reads the
 * window's events once, so fewer, fuller ticks cost less in all.
 */
export const CHUNKS_PER_TICK = 10;
export const LEASE_MS = 10 * 60_000;
export const MAX_ATTEMPTS = 5;
const BACKOFF_MS = 5 * 60_000;

/** Coordinators and admins are subscribed by default, once; unsubscribing keeps their row. */
export async function subscribeCoordinators(db: Database, now: Date): Promise<void> {
  await db.run(sql`INSERT OR IGNORE INTO ${subscriptions} (id, user_id, email, confirmed_at, language)
    SELECT 'sub-' || ${users.id}, ${users.id}, ${users.email}, ${now.toISOString()}, coalesce(${users.locale}, 'en') FROM ${users}
    WHERE ${users.role} IN ('coordinator', 'admin') AND NOT EXISTS (SELECT 1 FROM ${subscriptions} s WHERE s.user_id = ${users.id} OR s.email = ${users.email})`);
}

/** Creates (or completes) the run for the week holding `now`; returns its week. */
export async function startWeeklyRun(db: Database, now: Date): Promise<{ week: string }> {
  await subscribeCoordinators(db, now);
  const week = mondayOf(now.getTime(), "UTC");
  await db.batch([
    db
      .insert(digestRuns)
      .values({ id: `run-${crypto.randomUUID()}`, week, createdAt: now.toISOString() })
      .onConflictDoNothing(),
    db.run(sql`INSERT OR IGNORE INTO ${digestDeliveries} (id, run_id, subscription_id, status, next_attempt_at)
      SELECT r.id || ':' || s.id, r.id, s.id, 'pending', 0 FROM ${digestRuns} r, ${subscriptions} s
      WHERE r.week = ${week} AND s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL`),
  ]);
  return { week };
}

export interface DrainResult {
  sent: number;
  skipped: number;
  retried: number;
  failed: number;
}

/** Atomically claims up to `limit` due deliveries for this tick. */
async function claim(db: Database, now: number, limit: number) {
  return db.all<{ id: string; subscription_id: string; attempts: number }>(sql`UPDATE ${digestDeliveries}
    SET status = 'sending', claimed_at = ${now}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM ${digestDeliveries}
      WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND claimed_at < ${now - LEASE_MS})
      ORDER BY next_attempt_at, id LIMIT ${limit})
    RETURNING id, subscription_id, attempts`);
}

export interface DigestLinks {
  manageUrl: string;
  unsubscribeUrl: string;
}

export async function linksFor(config: Config, subscriptionId: string): Promise<DigestLinks> {
  const origin = config.PUBLIC_ORIGIN;
  return {
    manageUrl: `${origin}/digest/preferences?token=${await signLink(config.LINK_SECRET, "manage", subscriptionId)}`,
    unsubscribeUrl: `${origin}/digest/unsubscribe?token=${await signLink(config.LINK_SECRET, "unsubscribe", subscriptionId)}`,
  };
}

/** The mail for one subscriber, or null when their week has nothing to say. */
export async function digestMessage(config: Config, s: Subscription, data: DigestData, messageId?: string) {
  const links = await linksFor(config, s.id);
  const digest = composeDigest(s, data, { origin: config.PUBLIC_ORIGIN, fromAddress: config.MAIL_FROM.address, ...links });
  if (!digest) return null;
  return {
    digest,
    message: {
      to: s.email,
      subject: digest.subject,
      text: digest.text,
      html: digest.html,
      attachments: digest.ics ? [{ filename: "events.ics", contentType: "text/calendar; charset=utf-8", content: digest.ics }] : [],
      headers: {
        "List-Unsubscribe": `<${links.unsubscribeUrl}>`,
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": `Northern Dimension calendar digest <digest.${new URL(config.PUBLIC_ORIGIN).hostname}>`,
        "Auto-Submitted": "auto-generated",
      },
      messageId,
    },
  };
}

/** Sends what is due, a few chunks per tick. */
export async function drainDeliveries(db: Database, mailer: Mailer, config: Config, now: Date, chunks = CHUNKS_PER_TICK): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, skipped: 0, retried: 0, failed: 0 };
  const domain = config.MAIL_FROM.address.split("@")[1];
  // One connection to the relay for the whole tick, not one per message.
  const out = mailBatch(mailer);
  try {
    await drainChunks(db, out, config, now, chunks, domain, result);
  } finally {
    await out.close();
  }
  return result;
}

async function drainChunks(db: Database, out: MailBatch, config: Config, now: Date, chunks: number, domain: string, result: DrainResult): Promise<void> {
  let data: DigestData | null = null;
  for (let i = 0; i < chunks; i++) {
    const claimed = await claim(db, now.getTime(), CHUNK_SIZE);
    if (!claimed.length) break;
    data ??= await loadDigestData(db, now);
    const subs = await db
      .select()
      .from(subscriptions)
      .where(
        inArray(
          subscriptions.id,
          claimed.map((d) => d.subscription_id),
        ),
      );
    const byId = new Map(subs.map((s) => [s.id, s]));
    // What happened to the chunk is written in one batch after it (one round trip, one commit).
    const sent: { id: string; subscriptionId: string }[] = [];
    const skipped: string[] = [];
    const failures: BatchItem<"sqlite">[] = [];
    for (const d of claimed) {
      const s = byId.get(d.subscription_id);
      const mail = s && !s.unsubscribedAt ? await digestMessage(config, s, data, `digest-${d.id.replace(/[^A-Za-z0-9-]/g, "-")}@${domain}`) : null;
      if (!mail) {
        skipped.push(d.id);
        result.skipped++;
        continue;
      }
      try {
        await out.send(mail.message);
        sent.push({ id: d.id, subscriptionId: s!.id });
        result.sent++;
      } catch (error) {
        const message = String((error as Error).message ?? error)
          .split("\n")[0]
          .slice(0, 500);
        const final = d.attempts >= MAX_ATTEMPTS;
        failures.push(failureUpdate(db, d, message, final, now));
        if (final) result.failed++;
        else result.retried++;
        console.error(
          JSON.stringify({
            level: "error",
            msg: "digest not sent",
            delivery: d.id,
            attempt: d.attempts,
            final,
            error: message.replace(/[^\s<>]+@[^\s<>]+/g, "<address>"),
          }),
        );
      }
    }
    const at = now.toISOString();
    const writes: BatchItem<"sqlite">[] = [
      ...(sent.length
        ? [
            db
              .update(digestDeliveries)
              .set({ status: "sent", sentAt: at, lastError: null, claimedAt: null })
              .where(
                inArray(
                  digestDeliveries.id,
                  sent.map((x) => x.id),
                ),
              ),
            db
              .update(subscriptions)
              .set({ lastSentAt: at })
              .where(
                inArray(
                  subscriptions.id,
                  sent.map((x) => x.subscriptionId),
                ),
              ),
          ]
        : []),
      ...(skipped.length
        ? [
            db
              .update(digestDeliveries)
              .set({ status: "skipped", claimedAt: null })
              .where(and(inArray(digestDeliveries.id, skipped), eq(digestDeliveries.status, "sending"))),
          ]
        : []),
      ...failures,
    ];
    if (writes.length) await db.batch(writes as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  }
}

/** A refused message back to pending with backoff, or `failed` after its last attempt; the error kept. */
function failureUpdate(db: Database, d: { id: string; attempts: number }, message: string, final: boolean, now: Date) {
  return db
    .update(digestDeliveries)
    .set({ status: final ? "failed" : "pending", lastError: message, claimedAt: null, nextAttemptAt: now.getTime() + BACKOFF_MS * 2 ** (d.attempts - 1) })
    .where(eq(digestDeliveries.id, d.id));
}
