import { useEffect, useRef, useState } from "preact/hooks";
import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { addDays } from "../../../functions/lib/dates.ts";
import { EVENT_TYPES } from "../../../db/enums.ts";
import { formatDate, formatDateRange, formatWeekday, plural, t } from "../lib/i18n.ts";
import { layoutWeek } from "../lib/week-layout.ts";
import { EventChip } from "./EventChip.tsx";

interface Props {
  weeks: string[][];
  /** The days whose dates start with this belong to the view (`YYYY-MM`; "" for a week). */
  month: string;
  caption: string;
  byDay: Map<string, EventSummary[]>;
  today: string;
  timeZone: string;
  /** Called when the keyboard moves to a day of another month; the grid of that month focuses it. */
  onLeaveMonth: (day: string) => void;
}

/** The day the keyboard should land on after the month changed under it. */
let pendingFocus: string | null = null;

/** The same day of the month `delta` months away, clamped to that month's length (31 Jan → 28 Feb). */
function shiftByMonths(day: string, delta: number): string {
  const [y, m, d] = day.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + delta, 1));
  const length = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return `${first.toISOString().slice(0, 8)}${String(Math.min(d, length)).padStart(2, "0")}`;
}

/** Where a key moves from `day` in a Monday-first week, or null for keys the grid leaves alone. */
function target(key: string, day: string, weekday: number): string | null {
  switch (key) {
    case "ArrowLeft":
      return addDays(day, -1);
    case "ArrowRight":
      return addDays(day, 1);
    case "ArrowUp":
      return addDays(day, -7);
    case "ArrowDown":
      return addDays(day, 7);
    case "Home":
      return addDays(day, -weekday);
    case "End":
      return addDays(day, 6 - weekday);
    case "PageUp":
      return shiftByMonths(day, -1);
    case "PageDown":
      return shiftByMonths(day, 1);
    default:
      return null;
  }
}

/**
 * The month (or a week) as a table of weeks. Each day lists its events as links, so Tab reaches
 * every one; an event of several days is one bar across them (one link per week row, its dates in
 * its name), listed in the cell of its first day in the row. The days form one tab stop moved with
 * the arrow keys (a roving tabindex, as in the WAI-ARIA date grid), Page Up / Page Down change the
 * month and Enter enters the day's events (a bar covering the day counts).
 */
export function MonthGrid({ weeks, month, caption, byDay, today, timeZone, onLeaveMonth }: Props) {
  const table = useRef<HTMLTableElement>(null);
  const days = weeks.flat();
  const inside = days.filter((d) => d.startsWith(month));
  const initial = inside.includes(today) ? today : inside[0];
  const [active, setActive] = useState(initial);
  const current = days.includes(active) ? active : initial;

  useEffect(() => {
    if (pendingFocus && days.includes(pendingFocus)) {
      const day = pendingFocus;
      pendingFocus = null;
      setActive(day);
      table.current?.querySelector<HTMLElement>(`[data-day="${day}"]`)?.focus();
    }
  }, [days[0]]);

  const onKeyDown = (e: KeyboardEvent, day: string, weekday: number) => {
    if (e.target !== e.currentTarget || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "Enter") {
      (e.currentTarget as HTMLElement).parentElement?.querySelector<HTMLElement>(`[data-days~="${day}"] a`)?.focus();
      e.preventDefault();
      return;
    }
    const next = target(e.key, day, weekday);
    if (!next) return;
    e.preventDefault();
    if (next.startsWith(month)) {
      setActive(next);
      table.current?.querySelector<HTMLElement>(`[data-day="${next}"]`)?.focus();
    } else {
      pendingFocus = next;
      onLeaveMonth(next);
    }
  };

  return (
    <table class="month-grid" ref={table} aria-describedby="month-grid-hint">
      <caption class="visually-hidden">{caption}</caption>
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
        {weeks.map((week) => {
          const layout = layoutWeek(week, byDay, timeZone);
          return (
            <tr key={week[0]}>
              {week.map((d, weekday) => {
                const count = byDay.get(d)?.length ?? 0;
                const outside = !d.startsWith(month);
                const lanes = Array.from({ length: layout.lanes[weekday] }, (_, lane) => layout.bars.find((b) => b.start === weekday && b.lane === lane));
                return (
                  <td
                    key={d}
                    data-day={d}
                    tabIndex={outside ? undefined : d === current ? 0 : -1}
                    onKeyDown={outside ? undefined : (e) => onKeyDown(e, d, weekday)}
                    onFocus={outside ? undefined : (e) => e.target === e.currentTarget && setActive(d)}
                    class={[outside ? "outside" : "", d === today ? "today" : ""].join(" ").trim() || undefined}
                    aria-current={d === today ? "date" : undefined}
                  >
                    <div class="day-number" aria-hidden="true">
                      {Number(d.slice(8))}
                    </div>
                    <span class="visually-hidden">
                      {formatDate(d)}
                      {count > 0 ? `, ${plural("day.events", count)}` : ""}
                    </span>
                    {count > 0 && (
                      <ul class="day-events">
                        {lanes.map((bar, lane) =>
                          bar ? (
                            <li key={`${bar.event.id}@${bar.event.start}`} class="bar-slot" data-days={week.slice(bar.start, bar.end + 1).join(" ")}>
                              <EventChip
                                event={bar.event}
                                timeZone={timeZone}
                                showTime={!bar.event.allDay}
                                range={formatDateRange(bar.first, bar.last)}
                                hideRange
                                extra={`event-bar span-${bar.end - bar.start + 1}${bar.first < week[0] ? " cont-before" : ""}${bar.last > week[6] ? " cont-after" : ""}`}
                                before={bar.first < week[0]}
                                after={bar.last > week[6]}
                              />
                            </li>
                          ) : (
                            <li key={`lane-${lane}`} class="bar-slot" aria-hidden="true" />
                          ),
                        )}
                        {layout.single[weekday].map((e) => (
                          <li key={`${e.id}@${e.start}`} data-days={d}>
                            <EventChip event={e} timeZone={timeZone} showTime={!e.allDay} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The keyboard hint the grid points to (aria-describedby); visible while the grid has focus. */
export function MonthGridHint() {
  return (
    <p id="month-grid-hint" class="grid-hint">
      {t("month.keyboardHint")}
    </p>
  );
}

/** The event types with their shapes: colour is never the only way to tell them apart. */
export function TypeLegend() {
  return (
    <div class="type-legend">
      <span>{t("month.legend")}</span>
      <ul>
        {EVENT_TYPES.map((type) => (
          <li key={type} class={`type-${type}`}>
            <span class="type-mark" aria-hidden="true" />
            {t(`event.type.${type}`)}
          </li>
        ))}
      </ul>
    </div>
  );
}
