import { useRoute } from "preact-iso";
import { MonthAgenda } from "../components/MonthAgenda.tsx";
import { MonthGrid } from "../components/MonthGrid.tsx";
import { NotFound } from "./NotFound.tsx";
import { fetchEvents } from "../lib/api.ts";
import { currentMonth, eventsByDay, localDate, monthWeeks, parseMonth, shiftMonth } from "../lib/dates.ts";
import { formatMonth, t, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";

/** `/` and `/month/YYYY-MM`: the month view with previous / next navigation. */
export function MonthRoute() {
  const { params } = useRoute();
  const timeZone = viewerTimeZone();
  const month = params.month ?? currentMonth(timeZone);
  const parsed = parseMonth(month);
  if (!parsed) return <NotFound />;
  return <MonthView year={parsed.year} month={parsed.month} timeZone={timeZone} />;
}

function MonthView({ year, month: monthNumber, timeZone }: { year: number; month: number; timeZone: string }) {
  const parsed = { year, month: monthNumber };
  const month = `${year}-${String(monthNumber).padStart(2, "0")}`;
  const weeks = monthWeeks(parsed.year, parsed.month);
  const from = weeks[0][0];
  const to = weeks[weeks.length - 1][6];
  const monthLabel = formatMonth(parsed.year, parsed.month);
  const [state, retry] = useRequest(`${from}/${to}/${timeZone}`, (signal) => fetchEvents({ from, to, tz: timeZone }, signal));
  const byDay = eventsByDay(state.status === "done" ? state.data.events : [], weeks.flat(), timeZone);
  const today = localDate(new Date().toISOString(), timeZone);

  return (
    <section aria-labelledby="month-heading">
      <div class="month-header">
        <h1 id="month-heading" aria-live="polite">
          {monthLabel}
        </h1>
        <nav aria-label={t("month.navigation")} class="month-nav">
          <a href={`/month/${shiftMonth(parsed.year, parsed.month, -1)}`} rel="prev">
            <span aria-hidden="true">‹ </span>
            {t("month.previous")}
          </a>
          <a href={`/month/${currentMonth(timeZone)}`}>{t("month.today")}</a>
          <a href={`/month/${shiftMonth(parsed.year, parsed.month, 1)}`} rel="next">
            {t("month.next")}
            <span aria-hidden="true"> ›</span>
          </a>
        </nav>
      </div>
      <div role="status" class="month-status">
        {state.status === "loading" && t("month.loading")}
        {state.status === "done" && state.data.truncated && t("month.truncated")}
      </div>
      {state.status === "error" ? (
        <div role="alert" class="error-box">
          <p>{t("month.error")}</p>
          <button type="button" onClick={retry}>
            {t("month.retry")}
          </button>
        </div>
      ) : (
        <>
          <MonthGrid weeks={weeks} month={month} monthLabel={monthLabel} byDay={byDay} today={today} timeZone={timeZone} />
          {state.status === "done" && <MonthAgenda month={month} monthLabel={monthLabel} byDay={byDay} timeZone={timeZone} />}
        </>
      )}
    </section>
  );
}
