import { ErrorBoundary, lazy, useLocation, useRoute } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import type { EventListResponse } from "../../../functions/events/events.schema.ts";
import { CalendarToolbar } from "../components/CalendarToolbar.tsx";
import { MonthAgenda } from "../components/MonthAgenda.tsx";
import { MonthGrid, MonthGridHint, TypeLegend } from "../components/MonthGrid.tsx";
import { fetchEvents, type Filters } from "../lib/api.ts";
import { monthWeeks, parseMonth, shiftMonth } from "../../../functions/lib/dates.ts";
import { currentMonth, eventsByDay, today, viewPathsFor } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { formatMonth, t, viewerTimeZone, withMoreTexts } from "../lib/i18n.ts";
import { useOffline } from "../lib/offline.ts";
import { useRequest } from "../lib/use-request.ts";
import { NotFound } from "./NotFound.tsx";

// What comes next (the home page's list, an empty month's way on) loads on demand: first-load budget.
const Upcoming = lazy(() => withMoreTexts(import("../components/Upcoming.tsx")).then((m) => m.Upcoming));
const NextEvents = lazy(() => withMoreTexts(import("../components/Upcoming.tsx")).then((m) => m.NextEvents));

/** `/` and `/month/YYYY-MM`: the month view. */
export function MonthRoute() {
  const { params } = useRoute();
  const timeZone = viewerTimeZone();
  const parsed = parseMonth(params.month ?? currentMonth(timeZone));
  if (!parsed) return <NotFound />;
  return (
    <>
      {/* The home page opens on what is coming next, then the month. */}
      {!params.month && (
        <ErrorBoundary>
          <Upcoming timeZone={timeZone} />
        </ErrorBoundary>
      )}
      <MonthView year={parsed.year} month={parsed.month} timeZone={timeZone} />
    </>
  );
}

function MonthView({ year, month: monthNumber, timeZone }: { year: number; month: number; timeZone: string }) {
  const { filters, link } = useFilters();
  const { route } = useLocation();
  const month = `${year}-${String(monthNumber).padStart(2, "0")}`;
  const weeks = monthWeeks(year, monthNumber);
  const from = weeks[0][0];
  const to = weeks[weeks.length - 1][6];
  const monthLabel = formatMonth(year, monthNumber);
  const [inlined] = useState(() => takeInlinedMonth(month, filtersKey(filters)));
  const [state, retry] = useRequest(
    `${from}/${to}/${timeZone}/${filtersKey(filters)}`,
    (signal) => fetchEvents({ from, to, tz: timeZone }, filters, signal),
    inlined,
  );
  const byDay = eventsByDay(state.status === "done" ? state.data.events : [], weeks.flat(), timeZone);
  const now = today(timeZone);
  const anchor = now.startsWith(month) ? now : `${month}-01`;
  const empty = state.status === "done" && ![...byDay].some(([d, list]) => d.startsWith(month) && list.length > 0);
  // The agenda below the grid lists every event of the month again (hundreds of rows): it comes in
  // just after the grid has painted, so the grid does not wait for it (effects run after paint).
  const [agendaShown, showAgenda] = useState(false);
  useEffect(() => showAgenda(true), []);

  return (
    <section aria-labelledby="view-heading">
      <CalendarToolbar
        view="month"
        heading={monthLabel}
        viewPaths={viewPathsFor(anchor)}
        prev={`/month/${shiftMonth(year, monthNumber, -1)}`}
        next={`/month/${shiftMonth(year, monthNumber, 1)}`}
        today={`/month/${now.slice(0, 7)}`}
      />
      <LoadState state={state} retry={retry} truncated={state.status === "done" && state.data.truncated} />
      {empty && (
        <ErrorBoundary>
          <NextEvents from={`${shiftMonth(year, monthNumber, 1)}-01`} empty={t("month.empty", { month: monthLabel })} timeZone={timeZone} />
        </ErrorBoundary>
      )}
      {state.status !== "error" && (
        <>
          <MonthGrid
            weeks={weeks}
            month={month}
            caption={t("month.caption", { month: monthLabel })}
            byDay={byDay}
            today={now}
            timeZone={timeZone}
            onLeaveMonth={(day) => route(link(`/month/${day.slice(0, 7)}`))}
          />
          <MonthGridHint />
          <TypeLegend />
          {agendaShown && state.status === "done" && !empty && <MonthAgenda month={month} monthLabel={monthLabel} byDay={byDay} timeZone={timeZone} />}
        </>
      )}
    </section>
  );
}

let inlinedTaken = false;

/**
 * The month the Worker put into the page (functions/pages/month-page.ts), for the first render
 * only and only if it is the month and filters shown: its events cover the grid in every zone, so
 * they are placed by the reader's own. Later visits to a month ask the API, so nothing is stale.
 */
function takeInlinedMonth(month: string, filters: string): EventListResponse | undefined {
  if (inlinedTaken) return undefined;
  inlinedTaken = true;
  const text = document.getElementById("initial-month")?.textContent;
  if (!text) return undefined;
  const data = JSON.parse(text) as { month: string; filters: Filters; events: EventListResponse };
  return data.month === month && filtersKey(data.filters) === filters && !data.events.truncated ? data.events : undefined;
}

/** Loading, truncation and error messages shared by the calendar views. */
export function LoadState({ state, retry, truncated }: { state: { status: string }; retry: () => void; truncated: boolean }) {
  const offline = useOffline();
  if (state.status === "error") {
    return (
      <div role="alert" class="error-box">
        <p>{offline ? t("offline.unavailable") : t("month.error")}</p>
        <button type="button" onClick={retry}>
          {t("month.retry")}
        </button>
      </div>
    );
  }
  return (
    <div role="status" class="month-status">
      {state.status === "loading" && t("month.loading")}
      {truncated && t("month.truncated")}
    </div>
  );
}
