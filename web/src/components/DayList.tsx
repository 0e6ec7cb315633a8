import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { formatDate } from "../lib/i18n.ts";
import { EventChip } from "./EventChip.tsx";

/** Days with their events, as a list: the agenda of the list and week views and of phones. */
export function DayList({ days, timeZone, label, empty }: { days: [string, EventSummary[]][]; timeZone: string; label: string; empty: string }) {
  const withEvents = days.filter(([, list]) => list.length > 0);
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
                {list.map((e) => (
                  <li key={`${e.id}@${e.start}`}>
                    <EventChip event={e} timeZone={timeZone} showTime />
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
