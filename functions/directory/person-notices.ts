/**
 * The cron job that tells imported people about their record (GDPR art. 14), a few per tick so
 * that each invocation stays within its limits. A person is claimed by a conditional UPDATE before
 * the mail goes out, so two ticks never notify the same person twice.
 */
import { and, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { people, personTokens } from "../../db/schema.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Database } from "../db/client.ts";
import type { Mailer } from "../mail/mailer.ts";
import { localeForPerson, personNotice } from "../mail/texts.ts";
import { PERSON_TOKEN_MS } from "./people.commands.ts";

export async function sendPersonNotices(db: Database, mailer: Mailer, origin: string, now: Date, limit = 20): Promise<number> {
  const due = await db
    .select({ id: people.id, name: people.name, email: people.email, lawfulBasis: people.lawfulBasis, languages: people.languages })
    .from(people)
    .where(and(isNull(people.notifiedAt), isNotNull(people.email)))
    .limit(limit);
  let sent = 0;
  for (const p of due) {
    const [claimed] = await db
      .update(people)
      .set({ notifiedAt: now.toISOString() })
      .where(and(eq(people.id, p.id), isNull(people.notifiedAt)))
      .returning({ id: people.id });
    if (!claimed) continue;
    const token = randomToken();
    await db.insert(personTokens).values({ id: await sha256Hex(token), personId: p.id, expiresAt: now.getTime() + PERSON_TOKEN_MS });
    try {
      await mailer.send({
        to: p.email!,
        ...personNotice(localeForPerson(p.languages, "en"), p.name, p.lawfulBasis, `${origin}/privacy#token=${token}`),
      });
      sent++;
    } catch (error) {
      await db.update(people).set({ notifiedAt: sql`NULL` }).where(eq(people.id, p.id));
      console.error(JSON.stringify({ level: "error", msg: "person notice not sent", error: String((error as Error).message).split("\n")[0] }));
    }
  }
  return sent;
}
