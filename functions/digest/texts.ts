/** The digest's texts in the subscriber's language (functions/i18n/messages/). */
import { messagesFor, type ServerMessages } from "../i18n/messages.ts";

export { fill, plural } from "../i18n/messages.ts";
export type DigestTexts = ServerMessages["digest"];

export function digestTexts(language: string | null | undefined): DigestTexts {
  return messagesFor(language).digest;
}
