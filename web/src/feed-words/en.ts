/**
 * The calendar-feed sync section's words in English, the reference (the import page's "Keep in
 * sync with your calendar feed"). Only that section needs them, so they load with it (a chunk per
 * language), not with every page's texts: the first load's budget has no room for them.
 */
export const en = {
  "feeds.title": "Keep in sync with your calendar feed",
  "feeds.intro":
    "Give the https address of your organisation's existing calendar feed (.ics) and the calendar fetches it every hour: new events wait for review (or are published at once for trusted organisations), changed ones are updated, and events that disappear from the feed or are cancelled in it are cancelled here, never deleted. Likely duplicates of events already in the calendar are not created twice.",
  "feeds.organisation": "Organisation",
  "feeds.url": "Feed address",
  "feeds.urlHint": "An https:// link to an .ics file, at most 1 MB; at most 3 feeds per organisation.",
  "feeds.add": "Add feed",
  "feeds.added": "The feed was added; it is fetched within a few minutes.",
  "feeds.trusted": "{organisation} is trusted: events from its feeds are published without review",
  "feeds.trustedOn": "{organisation} is trusted now.",
  "feeds.trustedOff": "{organisation} is no longer trusted.",
  "feeds.listTitle": "Calendar feeds",
  "feeds.none": "No calendar feeds yet.",
  "feeds.lastFetch": "Last fetch",
  "feeds.never": "Not fetched yet",
  "feeds.result": "Result",
  "feeds.result.ok": "Imported",
  "feeds.result.not_modified": "Unchanged since the last fetch",
  "feeds.result.failed": "Failed",
  "feeds.error": "Error",
  "feeds.failures": "Failures in a row",
  "feeds.nextFetch": "Next fetch",
  "feeds.summary": "{create} new, {update} updated, {cancel} cancelled, {unchanged} unchanged, {duplicate} duplicates, {refuse} refused.",
  "feeds.report": "Entries of the last import",
  "feeds.fetchNow": "Fetch now",
  "feeds.fetching": "Fetching…",
  "feeds.fetched": "Fetched.",
  "feeds.remove": "Remove",
  "feeds.removed": "The feed was removed; its events stay in the calendar.",
} as const;

export type FeedWords = Record<keyof typeof en, string>;
