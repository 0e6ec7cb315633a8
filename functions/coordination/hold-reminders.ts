/**
 * The cron side of holds: remind holders a few days before a hold expires (once), and retire holds
 * whose expiry has passed. Safe to run on every tick: each reminder is claimed by one conditional
 * UPDATE before its mail goes out, so two ticks never send the same reminder twice.
 */
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { holds } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import type { Mailer } from "../mail/mailer.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { holdsToRemind } from "./holds.ts";

export const REMIND_DAYS_BEFORE = 3;

export async function runHoldJobs(db: Database, mailer: Mailer, origin: string, now: Date): Promise<{ reminded: number; expired: number }> {
  const today = now.toISOString().slice(0, 10);
  const expired = await db
    .update(holds)
    .set({ status: "expired" })
    .where(and(eq(holds.status, "active"), lt(holds.expiresOn, today)))
    .returning({ id: holds.id });
  let reminded = 0;
  for (const h of await holdsToRemind(db, today, REMIND_DAYS_BEFORE)) {
    const [claimed] = await db
      .update(holds)
      .set({ remindedAt: now.toISOString() })
      .where(and(eq(holds.id, h.id), isNull(holds.remindedAt)))
      .returning({ id: holds.id });
    if (!claimed) continue;
    const dates = h.startsOn === h.endsOn ? h.startsOn : `${h.startsOn} – ${h.endsOn}`;
    try {
      const m = messagesFor(h.locale).mail;
      await mailer.send({
        to: h.email,
        subject: fill(m.holdReminderSubject, { dates, expires: h.expiresOn }),
        text: fill(m.holdReminderBody, { dates, expires: h.expiresOn, title: h.title, link: `${origin}/holds` }),
      });
      reminded++;
    } catch (error) {
      // Unclaim, so the next tick tries again.
      await db.update(holds).set({ remindedAt: sql`NULL` }).where(eq(holds.id, h.id));
      console.error(JSON.stringify({ level: "error", msg: "hold reminder not sent", hold: h.id, error: String((error as Error).message).split("\n")[0] }));
    }
  }
  return { reminded, expired: expired.length };
}
