import { useLocation } from "preact-iso";
import { DayList } from "../components/DayList.tsx";
import { fetchSearch } from "../lib/api.ts";
import { eventDays } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { plural, t, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { SearchBox } from "../components/SearchBox.tsx";

/** `/search?q=…`: events matching the words, upcoming first. */
export function SearchRoute() {
  const { query } = useLocation();
  const q = (query.q ?? "").trim();
  const { filters } = useFilters();
  const timeZone = viewerTimeZone();
  const [state] = useRequest(`${q}/${filtersKey(filters)}`, (signal) => (q ? fetchSearch(q, filters, signal) : Promise.resolve({ q, events: [] })));
  const results = state.status === "done" ? state.data.events : [];
  // One entry per event, on its first day, keeping the server's order (upcoming, then past).
  const days: [string, typeof results][] = results.map((e) => [eventDays(e, timeZone)[0], [e]]);
  return (
    <section>
      <h1>{t("search.title")}</h1>
      <SearchBox initial={q} />
      {state.status === "loading" && q && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {state.status === "done" && q && (
        <>
          <p role="status">{results.length ? plural("search.results", results.length, { q }) : t("search.none", { q })}</p>
          <DayList days={days} timeZone={timeZone} label={t("search.title")} empty="" />
        </>
      )}
    </section>
  );
}

