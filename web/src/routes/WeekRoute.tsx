import { useLocation, useRoute } from "preact-iso";
import { CalendarToolbar } from "../components/CalendarToolbar.tsx";
import { DayList } from "../components/DayList.tsx";
import { MonthGrid, MonthGridHint, TypeLegend } from "../components/MonthGrid.tsx";
import { fetchEvents } from "../lib/api.ts";
import { addDays, inCalendarRange, isIsoDate, weekStart } from "../../../functions/lib/dates.ts";
import { eventsByDay, today, viewPathsFor } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { formatDateRange, t, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { LoadState } from "./MonthRoute.tsx";
import { NotFound } from "./NotFound.tsx";

/** `/week/YYYY-MM-DD`: the seven days from that week's Monday, day by day. */
export function WeekRoute() {
  const { params } = useRoute();
  const timeZone = viewerTimeZone();
  if (!params.date || !isIsoDate(params.date) || !inCalendarRange(params.date)) return <NotFound />;
  return <WeekView start={weekStart(params.date)} timeZone={timeZone} />;
}

/** The week as one row of the month grid (events of several days as bars); phones get the day list. */
function WeekView({ start, timeZone }: { start: string; timeZone: string }) {
  const { filters, link } = useFilters();
  const { route } = useLocation();
  const end = addDays(start, 6);
  const dates = Array.from({ length: 7 }, (_, i) => addDays(start, i));
  const [state, retry] = useRequest(`${start}/${timeZone}/${filtersKey(filters)}`, (signal) =>
    fetchEvents({ from: start, to: end, tz: timeZone }, filters, signal),
  );
  const byDay = eventsByDay(state.status === "done" ? state.data.events : [], dates, timeZone);
  const label = t("view.weekOf", { date: formatDateRange(start, end) });
  const now = today(timeZone);
  const empty = state.status === "done" && [...byDay.values()].every((list) => list.length === 0);
  return (
    <section aria-labelledby="view-heading">
      <CalendarToolbar
        view="week"
        heading={label}
        viewPaths={viewPathsFor(start)}
        prev={`/week/${addDays(start, -7)}`}
        next={`/week/${addDays(start, 7)}`}
        today={`/week/${weekStart(now)}`}
      />
      <LoadState state={state} retry={retry} truncated={false} />
      {empty && <p class="empty-month notice">{t("month.empty", { month: label })}</p>}
      {state.status !== "error" && (
        <>
          <MonthGrid
            weeks={[dates]}
            month=""
            caption={label}
            byDay={byDay}
            today={now}
            timeZone={timeZone}
            onLeaveMonth={(day) => route(link(`/week/${weekStart(day)}`))}
          />
          <MonthGridHint />
          <TypeLegend />
        </>
      )}
      {state.status === "done" && !empty && (
        <div class="month-agenda">
          <DayList days={[...byDay.entries()]} timeZone={timeZone} label={label} empty={t("month.empty", { month: label })} />
        </div>
      )}
    </section>
  );
}
