/**
 * Composing one subscriber's digest from a run's data: ./load.ts reads the data once per chunk,
 * ./select.ts picks the subscriber's share, ./render.ts writes it as text and HTML, and the listed
 * events go along as one calendar file.
 */
import { buildCalendar } from "../feeds/ics.ts";
import { messagesFor } from "../i18n/messages.ts";
import { termName } from "../i18n/terms.ts";
import type { DigestData, Subscription } from "./load.ts";
import { digestSections, htmlPart, localeOf, plainText } from "./render.ts";
import { selectForSubscriber } from "./select.ts";
import { digestTexts, fill, plural } from "./texts.ts";

export interface ComposedDigest {
  subject: string;
  text: string;
  html: string;
  /** The listed events as one VCALENDAR, or null when none are listed. */
  ics: string | null;
  eventCount: number;
}

export interface ComposeOptions {
  origin: string;
  fromAddress: string;
  /** Signed links for this subscriber. */
  manageUrl: string;
  unsubscribeUrl: string;
}

/** One subscriber's digest, or null when there is nothing to say and they did not ask for a note. */
export function composeDigest(s: Subscription, data: DigestData, opts: ComposeOptions): ComposedDigest | null {
  const t = digestTexts(s.language);
  const chosen = selectForSubscriber(s, data);
  const nothing = chosen.matching.length === 0 && chosen.documents.length === 0;
  if (nothing && !s.emptyNote) return null;
  const sections = digestSections(s, t, chosen, opts.origin);
  const subject = nothing ? t.subjectEmpty : plural(s.language, t.subject, chosen.matching.length);
  const ics = chosen.listed.length
    ? buildCalendar(chosen.listed, {
        name: subject,
        locale: localeOf(s.language),
        description: t.intro,
        origin: opts.origin,
        organiserAddress: opts.fromAddress,
        texts: {
          busy: (o) => fill(messagesFor(s.language).feed.busy, { organisation: o }),
          postponed: (title) => fill(messagesFor(s.language).feed.postponed, { title }),
          details: t.details,
          topic: (term) => termName(s.language, "topic", term.id, term.label),
        },
      })
    : null;
  return {
    subject,
    text: plainText(t, sections, nothing, ics !== null, opts),
    html: htmlPart(t, subject, sections, nothing, ics !== null, opts, s.language),
    ics,
    eventCount: chosen.matching.length,
  };
}
