import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { formatDate, formatWeekday, plural, t } from "../lib/i18n.ts";
import { EventChip } from "./EventChip.tsx";

interface Props {
  weeks: string[][];
  month: string;
  monthLabel: string;
  byDay: Map<string, EventSummary[]>;
  today: string;
  timeZone: string;
}

/** The month as a table of weeks; each day lists its events as links, so Tab reaches every one. */
export function MonthGrid({ weeks, month, monthLabel, byDay, today, timeZone }: Props) {
  return (
    <table class="month-grid">
      <caption class="visually-hidden">{t("month.caption", { month: monthLabel })}</caption>
      <thead>
        <tr>
          {weeks[0].map((d) => (
            <th scope="col" key={d}>
              <abbr title={formatWeekday(d, "long")}>{formatWeekday(d)}</abbr>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week[0]}>
            {week.map((d) => {
              const dayEvents = byDay.get(d) ?? [];
              const outside = !d.startsWith(month);
              return (
                <td key={d} class={[outside ? "outside" : "", d === today ? "today" : ""].join(" ").trim() || undefined} aria-current={d === today ? "date" : undefined}>
                  <div class="day-number" aria-hidden="true">
                    {Number(d.slice(8))}
                  </div>
                  <span class="visually-hidden">
                    {formatDate(d)}
                    {dayEvents.length > 0 ? `, ${plural("day.events", dayEvents.length)}` : ""}
                  </span>
                  {dayEvents.length > 0 && (
                    <ul class="day-events">
                      {dayEvents.map((e) => (
                        <li key={`${e.id}@${e.start}`}>
                          <EventChip event={e} timeZone={timeZone} showTime={e.allDay ? false : true} />
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
