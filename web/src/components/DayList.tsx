import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { eventDays } from "../lib/dates.ts";
import { formatDate, formatDateRange } from "../lib/i18n.ts";
import { EventChip } from "./EventChip.tsx";

/**
 * Days with their events, as a list: the agenda of the list and week views and of phones. An
 * event of several days is listed once, on its first day shown, with its dates; each row says
 * where the event is and who organises it.
 */
export function DayList({ days, timeZone, label, empty }: { days: [string, EventSummary[]][]; timeZone: string; label: string; empty: string }) {
  const seen = new Set<string>();
  const withEvents = days
    .map(([d, list]) => {
      const fresh = list.filter((e) => !seen.has(`${e.id}@${e.start}`));
      for (const e of fresh) seen.add(`${e.id}@${e.start}`);
      return [d, fresh] as const;
    })
    .filter(([, list]) => list.length > 0);
  return (
    <section class="day-list" aria-label={label}>
      {withEvents.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul>
          {withEvents.map(([d, list]) => (
            <li key={d}>
              <h2>{formatDate(d)}</h2>
              <ul class="day-events">
                {list.map((e) => {
                  const [first, last] = eventDays(e, timeZone);
                  return (
                    <li key={`${e.id}@${e.start}`}>
                      <EventChip event={e} timeZone={timeZone} showTime range={first === last ? undefined : formatDateRange(first, last)} details />
                    </li>
                  );
                })}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
