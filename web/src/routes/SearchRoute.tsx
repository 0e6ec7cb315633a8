import { useLocation } from "preact-iso";
import { DayList } from "../components/DayList.tsx";
import { fetchSearch, type SearchResponse } from "../lib/api.ts";
import { eventDays } from "../lib/dates.ts";
import { filtersKey, useFilters } from "../lib/filters.ts";
import { plural, t, viewerTimeZone } from "../lib/i18n.ts";
import { useRequest } from "../lib/use-request.ts";
import { SearchBox } from "../components/SearchBox.tsx";

/** `/search?q=…`: events (upcoming first), organisations, people, documents and projects matching the words. */
export function SearchRoute() {
  const { query } = useLocation();
  const q = (query.q ?? "").trim();
  const { filters } = useFilters();
  const timeZone = viewerTimeZone();
  const [state] = useRequest(`${q}/${filtersKey(filters)}`, (signal) =>
    q ? fetchSearch(q, filters, signal) : Promise.resolve<SearchResponse>({ q, events: [], organisations: [], people: [], documents: [], projects: [] }),
  );
  const data = state.status === "done" ? state.data : null;
  const results = data?.events ?? [];
  const others = data ? data.organisations.length + data.people.length + data.documents.length + data.projects.length : 0;
  // One entry per event, on its first day, keeping the server's order (upcoming, then past).
  const days: [string, typeof results][] = results.map((e) => [eventDays(e, timeZone)[0], [e]]);
  return (
    <section>
      <h1>{t("search.title")}</h1>
      <SearchBox initial={q} />
      {state.status === "loading" && q && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{t("common.error")}</p>}
      {data && q && (
        <>
          <p role="status">{results.length + others ? plural("search.results", results.length + others, { q }) : t("search.none", { q })}</p>
          {results.length > 0 && (
            <section aria-labelledby="search-events">
              <h2 id="search-events">{t("search.kind.events")}</h2>
              <DayList days={days} timeZone={timeZone} label={t("search.kind.events")} empty="" />
            </section>
          )}
          <HitList
            id="search-organisations"
            title={t("search.kind.organisations")}
            items={data.organisations.map((o) => ({
              key: o.slug,
              href: `/organisations/${o.slug}`,
              label: o.shortName ? `${o.name} (${o.shortName})` : o.name,
            }))}
          />
          <HitList
            id="search-people"
            title={t("search.kind.people")}
            items={data.people.map((p) => ({ key: p.id, href: `/people/${p.id}`, label: p.title ? `${p.name}, ${p.title}` : p.name }))}
          />
          <HitList
            id="search-documents"
            title={t("search.kind.documents")}
            items={data.documents.map((d) => ({ key: d.slug, href: `/documents/${d.slug}`, label: d.title }))}
          />
          <HitList
            id="search-projects"
            title={t("search.kind.projects")}
            items={data.projects.map((p) => ({ key: p.slug, href: `/projects/${p.slug}`, label: p.title }))}
          />
        </>
      )}
    </section>
  );
}

function HitList({ id, title, items }: { id: string; title: string; items: { key: string; href: string; label: string }[] }) {
  if (!items.length) return null;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul class="plain event-list">
        {items.map((i) => (
          <li key={i.key}>
            <a href={i.href}>{i.label}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
