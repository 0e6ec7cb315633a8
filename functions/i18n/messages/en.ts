/**
 * The Worker's own texts in English, the reference catalogue: messages it mails, the pages it
 * renders, the texts inside feeds and the weekly digest. Every other language has the same keys
 * (checked by the type and by tests/i18n/catalogues.test.ts). `{name}` placeholders; plural texts
 * hold one form per Intl.PluralRules category of their language.
 */
export interface Plural {
  zero?: string;
  one: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

export const en = {
  site: "Northern Dimension anti-trafficking calendar",
  switcher: { label: "Site language", submit: "Change language" },
  mail: {
    signInSubject: "Your sign-in link for the Northern Dimension calendar",
    signInBody:
      'Hello,\n\nsomeone (hopefully you) asked to sign in to the Northern Dimension anti-trafficking calendar with this address.\n\nOpen this link and press "Sign in" to continue:\n{link}\n\nThe link works once and expires in 10 minutes. If you did not ask for it, ignore this message; nothing happens without the button press.',
    inviteSubject: "You are invited to {organisation} on the Northern Dimension calendar",
    inviteBody:
      'Hello,\n\na coordinator of the Northern Dimension anti-trafficking calendar invites you to join {organisation}, so that you can add and update its events.\n\nOpen this link and press "Sign in" to accept:\n{link}\n\nThe link works once and expires in 7 days. If you were not expecting it, ignore this message.',
    reviewWaitingSubject: "Waiting for review: {title}",
    reviewWaitingBody:
      'Hello,\n\nan event of {organisation} waits for review in the Northern Dimension anti-trafficking calendar: "{title}".\n\nThe review queue, with the clash radar\'s findings:\n{link}\n\nYou get this message because you review events in the calendar.',
    approvedSubject: "Published: {title}",
    approvedBody: 'Hello,\n\nyour event "{title}" has been reviewed and is now on the calendar:\n{link}\n\nThank you for sharing it with the region.',
    returnedSubject: "Returned for changes: {title}",
    returnedBody:
      'Hello,\n\na coordinator returned your event "{title}" with this comment:\n\n{comment}\n\nYou can change it and submit it again here:\n{link}',
    holdReminderSubject: "Your hold on {dates} expires on {expires}",
    holdReminderBody:
      'Hello,\n\nyour organisation holds {dates} for "{title}" in the Northern Dimension calendar. The hold expires on {expires}.\n\nTurn it into an event or release it here:\n{link}',
    personNoticeSubject: "Your details are in the Northern Dimension calendar's directory",
    personNoticeBody:
      "Hello {name},\n\na coordinator of the Northern Dimension anti-trafficking calendar has added you to its directory of key persons in the region, so that organisations working against human trafficking can find and contact each other (lawful basis: {basis}).\n\nYou can see exactly what is stored about you, correct it, or have it erased at any time, here:\n{link}\n\nEach contact detail is shown only to the people you choose; by default only the calendar's coordinators see your address and phone number.",
    basisConsent: "your consent",
    basisLegitimateInterest: "legitimate interest (GDPR art. 6(1)(f))",
    basisPublicTask: "a task in the public interest (GDPR art. 6(1)(e))",
    feedFailingSubject: "The calendar feed of {organisation} keeps failing",
    feedFailingBody:
      "Hello,\n\nthe Northern Dimension calendar could not read the calendar feed of {organisation} {count} times in a row:\n{url}\n\nThe last error (in English): {error}\n\nThe calendar keeps trying, less often. Until the feed can be read again, changes in it do not reach the calendar. See the source and fetch it again here:\n{link}\n\nYou get this message because you are a partner of {organisation}.",
  },
  page: {
    when: "When",
    where: "Where",
    online: "Online",
    hybrid: "On site and online",
    organisers: "Organisers",
    lead: "lead organiser",
    contacts: "Contact persons",
    documents: "Documents",
    projects: "Projects",
    register: "Registration",
    joinOnline: "Join online",
    addToCalendar: "Add to your calendar",
    ics: "Download .ics (Outlook, Apple, Thunderbird)",
    google: "Google Calendar",
    outlook: "Outlook on the web",
    sample: "Sample event (demo data)",
    back: "Back to the calendar",
    timeZoneNote: "Times are local to the event ({zone}).",
    busy: "Busy — {organisation}",
    notFoundTitle: "Event not found",
    notFoundText: "This event does not exist or is not published.",
    tentative: "Tentative",
    confirmed: "Confirmed",
    postponed: "Postponed",
    cancelled: "Cancelled",
  },
  feed: {
    organisationName: "{organisation} — Northern Dimension anti-trafficking calendar",
    description: "Conferences, meetings and activities against human trafficking in the Nordic and Baltic countries, North-West Russia, Poland and Germany.",
    atomTitle: "Newly published — Northern Dimension anti-trafficking calendar",
    busy: "Busy — {organisation}",
    postponed: "Postponed: {title}",
    details: "Details",
  },
  digest: {
    subject: {
      one: "Northern Dimension calendar: {count} event in the coming weeks",
      other: "Northern Dimension calendar: {count} events in the coming weeks",
    } as Plural,
    subjectEmpty: "Northern Dimension calendar: nothing new this week",
    intro: "What is coming up in the region for your interests, from the Northern Dimension anti-trafficking calendar.",
    weekOf: "Week of {date}",
    new: "NEW",
    moreHeading: "And more",
    more: { one: "{count} more event in these weeks: see it in the calendar", other: "{count} more events in these weeks: see them in the calendar" } as Plural,
    cancelled: "CANCELLED",
    postponed: "POSTPONED",
    clashes: "Clashes to know about",
    clashLine: "{a} and {b} (high clash)",
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
    confirmBody:
      "Hello,\n\nplease confirm that you want the weekly digest of the Northern Dimension anti-trafficking calendar at this address:\n{link}\n\nIf you did not ask for it, ignore this message; nothing will be sent.",
  },
};

export type ServerMessages = typeof en;
