/**
 * The messages the calendar sends, each in its reader's language: the account's choice when the
 * address has an account, else the language the request came in (the person asking reads it).
 * The texts themselves are in functions/i18n/messages/.
 */
import { eq } from "drizzle-orm";
import { users } from "../../db/schema.ts";
import type { Database } from "../db/client.ts";
import { fill, messagesFor } from "../i18n/messages.ts";
import { negotiateLocale, toLocale, type Locale } from "../i18n/locales.ts";

/** The language an account chose, else `fallback`. */
export async function localeForAddress(db: Database, email: string, fallback: Locale): Promise<Locale> {
  const [u] = await db.select({ locale: users.locale }).from(users).where(eq(users.email, email));
  return toLocale(u?.locale) ?? fallback;
}

/** The first of a person's languages the calendar speaks, else `fallback`. */
export function localeForPerson(languages: readonly string[] | null | undefined, fallback: Locale): Locale {
  return negotiateLocale([...(languages ?? []), fallback]);
}

export type LawfulBasis = "consent" | "legitimate_interest" | "public_task";

/** The notice a person gets when added to the directory (GDPR art. 13/14). */
export function personNotice(locale: Locale, name: string, basis: LawfulBasis, link: string): { subject: string; text: string } {
  const m = messagesFor(locale).mail;
  const words = { consent: m.basisConsent, legitimate_interest: m.basisLegitimateInterest, public_task: m.basisPublicTask }[basis];
  return { subject: m.personNoticeSubject, text: fill(m.personNoticeBody, { name, basis: words, link }) };
}
