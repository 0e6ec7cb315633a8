/**
 * Texts of the messages the calendar sends, by key, with `{name}` placeholders. English is the
 * reference; other languages arrive with the languages issue and must have the same keys.
 */
export const mailTexts = {
  "signIn.subject": "Your sign-in link for the Northern Dimension calendar",
  "signIn.body":
    "Hello,\n\nsomeone (hopefully you) asked to sign in to the Northern Dimension anti-trafficking calendar with this address.\n\nOpen this link and press \"Sign in\" to continue:\n{link}\n\nThe link works once and expires in 10 minutes. If you did not ask for it, ignore this message; nothing happens without the button press.",
  "invite.subject": "You are invited to {organisation} on the Northern Dimension calendar",
  "invite.body":
    "Hello,\n\na coordinator of the Northern Dimension anti-trafficking calendar invites you to join {organisation}, so that you can add and update its events.\n\nOpen this link and press \"Sign in\" to accept:\n{link}\n\nThe link works once and expires in 7 days. If you were not expecting it, ignore this message.",
  "approved.subject": "Published: {title}",
  "approved.body": "Hello,\n\nyour event \"{title}\" has been reviewed and is now on the calendar:\n{link}\n\nThank you for sharing it with the region.",
  "returned.subject": "Returned for changes: {title}",
  "returned.body":
    "Hello,\n\na coordinator returned your event \"{title}\" with this comment:\n\n{comment}\n\nYou can change it and submit it again here:\n{link}",
  "holdReminder.subject": "Your hold on {dates} expires on {expires}",
  "holdReminder.body":
    "Hello,\n\nyour organisation holds {dates} for \"{title}\" in the Northern Dimension calendar. The hold expires on {expires}.\n\nTurn it into an event or release it here:\n{link}",
  "personNotice.subject": "Your details are in the Northern Dimension calendar's directory",
  "personNotice.body":
    "Hello {name},\n\na coordinator of the Northern Dimension anti-trafficking calendar has added you to its directory of key persons in the region, so that organisations working against human trafficking can find and contact each other (lawful basis: {basis}).\n\nYou can see exactly what is stored about you, correct it, or have it erased at any time, here:\n{link}\n\nEach contact detail is shown only to the people you choose; by default only the calendar's coordinators see your address and phone number.",
} as const;

export type MailTextKey = keyof typeof mailTexts;

export function mailText(key: MailTextKey, params: Record<string, string> = {}): string {
  return mailTexts[key].replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? "");
}
