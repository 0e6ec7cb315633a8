import type { EventSummary } from "../../../functions/events/events.schema.ts";
import { t } from "../lib/i18n.ts";
import { DayList } from "./DayList.tsx";

/** The month as a list of the days that have events: what phones show instead of the grid. */
export function MonthAgenda({
  month,
  monthLabel,
  byDay,
  timeZone,
}: {
  month: string;
  monthLabel: string;
  byDay: Map<string, EventSummary[]>;
  timeZone: string;
}) {
  const days = [...byDay.entries()].filter(([d]) => d.startsWith(month));
  return (
    <div class="month-agenda">
      <DayList days={days} timeZone={timeZone} label={t("month.agenda", { month: monthLabel })} empty={t("month.empty", { month: monthLabel })} />
    </div>
  );
}
