import { useRoute } from "preact-iso";
import { CalendarToolbar } from "../components/CalendarToolbar.tsx";
import { fetchEvents } from "../lib/api.ts";
import { inCalendarRange, monthWeeks } from "../../../functions/lib/dates.ts";
import { eventsByDay, today, viewPathsFor } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { formatDate, formatMonth, formatWeekday, plural, t, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { LoadState } from "./MonthRoute.tsx";
import { NotFound } from "./NotFound.tsx";

/** `/year/YYYY`: twelve small months; each day shows how many events it has. */
export function YearRoute() {
  const { params } = useRoute();
  const year = Number(params.year);
  if (!/^\d{4}$/.test(params.year ?? "") || !inCalendarRange(params.year!)) return <NotFound />;
  return <YearView year={year} timeZone={viewerTimeZone()} />;
}

function YearView({ year, timeZone }: { year: number; timeZone: string }) {
  const { filters, link } = useFilters();
  const from = `${year}-01-01`;
  const to = `${year}-12-31`;
  const [state, retry] = useRequest(`${year}/${timeZone}/${filtersKey(filters)}`, (signal) => fetchEvents({ from, to, tz: timeZone }, filters, signal));
  const months = Array.from({ length: 12 }, (_, i) => i + 1);
  const allDates = months.flatMap((m) => monthWeeks(year, m).flat());
  const byDay = eventsByDay(state.status === "done" ? state.data.events : [], [...new Set(allDates)], timeZone);
  const now = today(timeZone);
  const anchor = now.startsWith(String(year)) ? now : from;
  return (
    <section aria-labelledby="view-heading">
      <CalendarToolbar
        view="year"
        heading={String(year)}
        viewPaths={viewPathsFor(anchor)}
        prev={`/year/${year - 1}`}
        next={`/year/${year + 1}`}
        today={`/year/${now.slice(0, 4)}`}
      />
      <LoadState state={state} retry={retry} truncated={state.status === "done" && state.data.truncated} />
      <div class="year-grid">
        {months.map((m) => {
          const key = `${year}-${String(m).padStart(2, "0")}`;
          const weeks = monthWeeks(year, m);
          const label = formatMonth(year, m);
          const total = new Set([...byDay.entries()].filter(([d]) => d.startsWith(key)).flatMap(([, list]) => list.map((e) => e.id))).size;
          return (
            <table class="mini-month" key={key}>
              <caption>
                <a href={link(`/month/${key}`)} aria-label={t("year.monthLink", { month: label })}>
                  {label}
                </a>{" "}
                <span class="meta">({plural("day.events", total)})</span>
              </caption>
              <thead>
                <tr>
                  {weeks[0].map((d) => (
                    <th scope="col" key={d}>
                      <abbr title={formatWeekday(d, "long")}>{formatWeekday(d).slice(0, 2)}</abbr>
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks.map((week) => (
                  <tr key={week[0]}>
                    {week.map((d) => {
                      if (!d.startsWith(key)) return <td key={d} />;
                      const count = byDay.get(d)?.length ?? 0;
                      const level = count === 0 ? 0 : count === 1 ? 1 : count <= 3 ? 2 : 3;
                      return (
                        <td key={d} class={`busy-${level}${d === now ? " today" : ""}`}>
                          {count > 0 ? (
                            <a href={link(`/week/${d}`)} aria-label={t("year.day", { date: formatDate(d), count: plural("day.events", count) })}>
                              {Number(d.slice(8))}
                            </a>
                          ) : (
                            <span>{Number(d.slice(8))}</span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </section>
  );
}
