/**
 * "Something waits for review": when a submission enters the review queue, each coordinator gets
 * one message, in their own language, with the event's title, its organisation and a link to the
 * queue. Nothing else about the event or the person who submitted it: the queue shows the rest to
 * those signed in.
 */
import { and, eq, inArray, ne } from "drizzle-orm";
import { organisations, users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import type { Mailer } from "../mail/mailer.ts";

/** The most coordinators one notice goes to; the role is given to a handful of people. */
const MAX_RECIPIENTS = 100;

/** Mails the coordinators (admins included, as they review too) except `actorId`; resolves with how many were sent. */
export async function mailReviewWaiting(
  deps: { db: Database; mailer: Mailer; origin: string; requestId?: string },
  event: { id: string; title: string; ownerOrganisationId: string | null },
  actorId: string,
): Promise<number> {
  const [recipients, [owner]] = await Promise.all([
    deps.db
      .select({ email: users.email, locale: users.locale })
      .from(users)
      .where(and(inArray(users.role, ["coordinator", "admin"]), ne(users.id, actorId)))
      .limit(MAX_RECIPIENTS),
    event.ownerOrganisationId
      ? deps.db.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, event.ownerOrganisationId))
      : Promise.resolve([]),
  ]);
  const link = `${deps.origin}/review`;
  // One message per coordinator, so no one's address is shown to the others.
  const sent = await Promise.allSettled(
    recipients.map((to) => {
      const m = messagesFor(to.locale).mail;
      const params = { title: event.title, organisation: owner?.name ?? "—", link };
      return deps.mailer.send({ to: to.email, subject: fill(m.reviewWaitingSubject, params), text: fill(m.reviewWaitingBody, params) });
    }),
  );
  const failed = sent.filter((s) => s.status === "rejected");
  if (failed.length) {
    console.error(
      JSON.stringify({
        level: "error",
        requestId: deps.requestId,
        msg: "review-waiting notice not sent",
        event: event.id,
        failed: failed.length,
        error: String(((failed[0] as PromiseRejectedResult).reason as Error)?.message).split("\n")[0],
      }),
    );
  }
  return sent.length - failed.length;
}
