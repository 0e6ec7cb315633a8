import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { formatDate, t } from "../lib/i18n.ts";
import { EventChip } from "./EventChip.tsx";

/** The month as a list of the days that have events: what phones show instead of the grid. */
export function MonthAgenda({ month, monthLabel, byDay, timeZone }: { month: string; monthLabel: string; byDay: Map<string, EventSummary[]>; timeZone: string }) {
  const days = [...byDay.entries()].filter(([d, list]) => d.startsWith(month) && list.length > 0);
  return (
    <section class="month-agenda" aria-label={t("month.agenda", { month: monthLabel })}>
      {days.length === 0 ? (
        <p>{t("month.empty", { month: monthLabel })}</p>
      ) : (
        <ul>
          {days.map(([d, list]) => (
            <li key={d}>
              <h2>{formatDate(d)}</h2>
              <ul class="day-events">
                {list.map((e) => (
                  <li key={e.id}>
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
