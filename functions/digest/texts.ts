/**
 * Digest texts by language; English is the reference and the fallback (issue 8 adds the region's
 * languages). `{name}` placeholders.
 */
const en = {
  subject: "Northern Dimension calendar: {count} events in the coming weeks",
  subjectEmpty: "Northern Dimension calendar: nothing new this week",
  intro: "What is coming up in the region for your interests, from the Northern Dimension anti-trafficking calendar.",
  weekOf: "Week of {date}",
  new: "NEW",
  moreHeading: "And more",
  more: "{count} more events in these weeks: see them in the calendar",
  cancelled: "CANCELLED",
  postponed: "POSTPONED",
  clashes: "Clashes to know about",
  clashLine: "{a} and {b} ({severity} clash)",
  documents: "New base documents",
  empty: "Nothing in the coming weeks matches your interests.",
  online: "online",
  details: "Details",
  attachment: "All the listed events are in the attached calendar file.",
  manage: "Change what you receive",
  unsubscribe: "Unsubscribe",
  footer: "You receive this because you subscribed to the weekly digest of the Northern Dimension anti-trafficking calendar.",
  test: "TEST",
  previewNothing: "This subscriber's digest has nothing to say this week, so none would be sent.",
  linkInvalidTitle: "This link does not work",
  linkInvalid: "The link is incomplete or the subscription no longer exists. Copy the whole link from the message, or subscribe again from the calendar.",
  confirmTitle: "Confirm your subscription",
  confirmAsk: "Receive the weekly digest of the Northern Dimension anti-trafficking calendar at this address?",
  confirmButton: "Yes, subscribe",
  confirmedTitle: "Subscription confirmed",
  confirmed: "You will receive the digest every Monday morning.",
  unsubscribeTitle: "Unsubscribe from the weekly digest",
  unsubscribeAsk: "Stop receiving the weekly digest at this address?",
  unsubscribedTitle: "You are unsubscribed",
  unsubscribed: "You will not receive the weekly digest any more. You can subscribe again from the calendar at any time.",
  preferencesTitle: "Your weekly digest",
  preferencesIntro: "Choose what the digest brings you. Leave a list empty to receive everything.",
  active: "Send me the weekly digest",
  countries: "Countries",
  topics: "Topics",
  audiences: "Audiences",
  organisations: "Organisations",
  language: "Language",
  timeZone: "Time zone for dates",
  weeksAhead: "Weeks ahead",
  emptyNote: "Send a short note also when there is nothing new",
  save: "Save",
  saved: "Your choices are saved.",
  errors: "Please correct these fields:",
  confirmSubject: "Confirm your subscription to the Northern Dimension calendar digest",
  confirmBody: "Hello,\n\nplease confirm that you want the weekly digest of the Northern Dimension anti-trafficking calendar at this address:\n{link}\n\nIf you did not ask for it, ignore this message; nothing will be sent.",
} as const;

export type DigestTexts = typeof en;
const catalogues: Record<string, DigestTexts> = { en };

export function digestTexts(language: string): DigestTexts {
  return catalogues[language] ?? en;
}

export function fill(text: string, params: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}
