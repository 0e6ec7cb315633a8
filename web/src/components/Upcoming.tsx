/**
 * What comes next: the home page's "Coming up" list and an empty month's way to the next month
 * that has events. Loaded on demand, so the first load stays within its budget.
 */
import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { addDays, parseMonth } from "../../../functions/lib/dates.ts";
import { fetchEvents } from "../lib/api.ts";
import { eventDays, today } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { formatDateRange, formatMonth, t } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { EventChip } from "./EventChip.tsx";

/** How many events the home page lists, and how far ahead it looks for them. */
const UPCOMING = 5;
const LOOK_AHEAD_DAYS = 180;

/** The events from `from` on (up to a year ahead; the API's window), in the view's filters, by start. */
function useEventsFrom(from: string, days: number, timeZone: string) {
  const { filters } = useFilters();
  const to = addDays(from, days);
  const [state] = useRequest(`${from}/${to}/${timeZone}/${filtersKey(filters)}`, (signal) => fetchEvents({ from, to, tz: timeZone }, filters, signal));
  const events: EventSummary[] = state.status === "done" ? [...state.data.events].sort((a, b) => Date.parse(a.start) - Date.parse(b.start)) : [];
  return { state, events };
}

/** The home page's list of the next events, with the way to all of them. */
export function Upcoming({ timeZone }: { timeZone: string }) {
  const { link } = useFilters();
  const now = today(timeZone);
  const { state, events } = useEventsFrom(now, LOOK_AHEAD_DAYS, timeZone);
  const next = events.filter((e) => Date.parse(e.end) > Date.now()).slice(0, UPCOMING);
  return (
    <section class="upcoming" aria-labelledby="upcoming-heading">
      <h2 id="upcoming-heading">{t("upcoming.title")}</h2>
      {state.status === "loading" && <p role="status">{t("month.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("month.error")}</p>}
      {state.status === "done" && next.length === 0 && <p>{t("upcoming.none")}</p>}
      {next.length > 0 && (
        <ul class="upcoming-list">
          {next.map((e) => {
            const [first, last] = eventDays(e, timeZone);
            return (
              <li key={`${e.id}@${e.start}`}>
                <span class="upcoming-date">{formatDateRange(first, last)}</span>
                <EventChip event={e} timeZone={timeZone} showTime={!e.allDay} details />
              </li>
            );
          })}
        </ul>
      )}
      <p>
        <a href={link(`/list/${now.slice(0, 7)}`)}>{t("upcoming.all")}</a>
      </p>
    </section>
  );
}

/** Says that a month has nothing to show, and leads to the next month that has. */
export function NextEvents({ from, empty, timeZone }: { from: string; empty: string; timeZone: string }) {
  const { link } = useFilters();
  const { state, events } = useEventsFrom(from, 365, timeZone);
  // The first event may have begun before `from` (the API gives what overlaps): then it is `from`'s month.
  const first = events[0] ? eventDays(events[0], timeZone)[0] : null;
  const month = first ? (first < from ? from : first).slice(0, 7) : null;
  const parsed = month ? parseMonth(month) : null;
  return (
    <div class="empty-month notice">
      <p>{empty}</p>
      {parsed && (
        <p>
          <a href={link(`/month/${month}`)}>{t("month.nextEvents", { month: formatMonth(parsed.year, parsed.month) })}</a>
        </p>
      )}
      {state.status !== "loading" && !parsed && (
        <p>
          <a href={link(`/list/${today(timeZone).slice(0, 7)}`)}>{t("upcoming.all")}</a>
        </p>
      )}
    </div>
  );
}
