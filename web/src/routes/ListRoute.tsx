import { useRoute } from "preact-iso";
import { CalendarToolbar } from "../components/CalendarToolbar.tsx";
import { DayList } from "../components/DayList.tsx";
import { fetchEvents } from "../lib/api.ts";
import { addDays, parseMonth, shiftMonth } from "../../../functions/lib/dates.ts";
import { eventsByDay, today, viewPathsFor } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { formatMonth, t, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { LoadState } from "./MonthRoute.tsx";
import { NotFound } from "./NotFound.tsx";

const MONTHS = 3;

/** `/list/YYYY-MM`: an agenda of three months from that month. */
export function ListRoute() {
  const { params } = useRoute();
  const parsed = parseMonth(params.month);
  if (!parsed) return <NotFound />;
  return <ListView year={parsed.year} month={parsed.month} timeZone={viewerTimeZone()} />;
}

function ListView({ year, month, timeZone }: { year: number; month: number; timeZone: string }) {
  const { filters } = useFilters();
  const from = `${year}-${String(month).padStart(2, "0")}-01`;
  const to = addDays(`${shiftMonth(year, month, MONTHS)}-01`, -1);
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  const [state, retry] = useRequest(`${from}/${timeZone}/${filtersKey(filters)}`, (signal) => fetchEvents({ from, to, tz: timeZone }, filters, signal));
  const byDay = eventsByDay(state.status === "done" ? state.data.events : [], dates, timeZone);
  const last = parseMonth(to.slice(0, 7))!;
  const label = t("view.listRange", { from: formatMonth(year, month), to: formatMonth(last.year, last.month) });
  const now = today(timeZone);
  return (
    <section aria-labelledby="view-heading">
      <CalendarToolbar
        view="list"
        heading={label}
        viewPaths={viewPathsFor(from)}
        prev={`/list/${shiftMonth(year, month, -MONTHS)}`}
        next={`/list/${shiftMonth(year, month, MONTHS)}`}
        today={`/list/${now.slice(0, 7)}`}
      />
      <LoadState state={state} retry={retry} truncated={state.status === "done" && state.data.truncated} />
      {state.status === "done" && <DayList days={[...byDay.entries()]} timeZone={timeZone} label={label} empty={t("month.empty", { month: label })} />}
    </section>
  );
}
