/**
 * The limits a new recurrence rule must keep (checked in recurrence.ts). Kept apart from the rrule
 * library so the web app's event form can use the same numbers without bundling it.
 */

/** The largest COUNT a rule may have. */
export const MAX_COUNT = 1000;
/** A series' UNTIL, or its last occurrence, lies at most this many years after its start. */
export const MAX_SPAN_YEARS = 20;
/** The largest INTERVAL a rule may have. */
export const MAX_INTERVAL = 366;
/** The most left-out occurrences (EXDATE) one event may list. */
export const MAX_EXDATES = 200;
