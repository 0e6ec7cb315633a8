import { useLocation } from "preact-iso";
import { useEffect, useRef } from "preact/hooks";
import { countryName, currentLocale, formatDate, t, termLabel, viewerTimeZone } from "../lib/i18n.ts";
import { today } from "../lib/dates.ts";
import { addDays } from "../../../functions/lib/dates.ts";
import { errorMessage, getApi } from "../lib/api.ts";
import { useRequest } from "../lib/use-request.ts";
import { HEATMAP_DIMENSIONS } from "../../../db/enums.ts";
import { SelectField } from "../components/SelectField.tsx";
import type { heatmap } from "../../../functions/coordination/heatmap.ts";

type Heatmap = Awaited<ReturnType<typeof heatmap>>;

/** Five steps of one blue (ColorBrewer "Blues"): readable for every kind of colour vision. */
function level(count: number, max: number): number {
  if (count === 0) return 0;
  return Math.min(4, 1 + Math.floor((count / Math.max(1, max)) * 4));
}

/** The weeks grouped by the month their Monday falls in (the first week: January), for the month labels. */
function monthGroups(year: number, weeks: string[]): { month: string; weeks: number }[] {
  const groups: { month: string; weeks: number }[] = [];
  for (const w of weeks) {
    const month = (w < `${year}-01-01` ? `${year}-01` : w).slice(0, 7);
    const last = groups[groups.length - 1];
    if (last?.month === month) last.weeks++;
    else groups.push({ month, weeks: 1 });
  }
  return groups;
}

/** `/heatmap?year=&by=`: a year of weeks by country, audience or topic, scrolled to this week. */
export function HeatmapRoute() {
  const { query, route } = useLocation();
  const now = today(viewerTimeZone());
  const year = Number(query.year ?? now.slice(0, 4));
  const by = (query.by as Heatmap["by"]) ?? "country";
  const [state] = useRequest(`${year}/${by}`, (signal) => getApi<Heatmap>(`/api/heatmap?${new URLSearchParams({ year: String(year), by })}`, signal));
  const label = (key: string) => (by === "country" ? countryName(key) : termLabel(by, key));
  const data = state.status === "done" ? state.data : null;
  const max = data ? Math.max(0, ...data.rows.flatMap((r) => r.counts)) : 0;
  const go = (y: number, b: string) => route(`/heatmap?year=${y}&by=${b}`);
  // This week: the last Monday on or before today among the year's weeks.
  const current = data ? data.weeks.filter((w) => w <= now).pop() : undefined;
  const thisWeek = current && now < addDays(current, 7) ? current : undefined;
  const scroller = useRef<HTMLDivElement>(null);
  const monthName = new Intl.DateTimeFormat(currentLocale(), { month: "short", timeZone: "UTC" });
  useEffect(() => {
    // Open on the current period: the box scrolls so this week sits just right of the row names.
    const box = scroller.current;
    const cell = box?.querySelector<HTMLElement>("th.current-week");
    const names = box?.querySelector<HTMLElement>("th[scope=row]");
    if (box && cell) box.scrollLeft = Math.max(0, cell.offsetLeft - (names?.offsetWidth ?? 0) - cell.offsetWidth * 2);
  }, [data, thisWeek]);
  return (
    <section>
      <h1>{t("heatmap.title")}</h1>
      <p>{t("heatmap.intro")}</p>
      <div class="filter-grid">
        <div class="field">
          <label for="hm-year">{t("heatmap.year")}</label>
          <input id="hm-year" type="number" min={1990} max={2100} value={year} onChange={(e) => go(Number(e.currentTarget.value), by)} />
        </div>
        <SelectField
          id="hm-by"
          label={t("heatmap.by")}
          value={by}
          onChange={(v) => go(year, v)}
          options={HEATMAP_DIMENSIONS.map((b) => ({ value: b, label: t(`heatmap.by.${b}`) }))}
        />
      </div>
      {state.status === "loading" && <p role="status">{t("common.loading")}</p>}
      {state.status === "error" && <p role="alert">{errorMessage(state.error)}</p>}
      {data && data.rows.length === 0 && <p>{t("heatmap.empty", { year })}</p>}
      {data && (data.rows.length > 0 || data.periods.length > 0) && (
        <div class="table-scroll heatmap-scroll" ref={scroller}>
          <table class="heatmap">
            <caption class="visually-hidden">{t("heatmap.title")}</caption>
            <thead>
              <tr>
                <td />
                {monthGroups(data.year, data.weeks).map((g) => (
                  <th scope="colgroup" colSpan={g.weeks} key={g.month}>
                    {monthName.format(Date.parse(`${g.month}-01T00:00:00Z`))}
                  </th>
                ))}
              </tr>
              <tr>
                <td />
                {data.weeks.map((w) => (
                  <th scope="col" key={w} class={w === thisWeek ? "current-week" : undefined} aria-current={w === thisWeek ? "date" : undefined}>
                    <abbr title={t("heatmap.week", { date: formatDate(w) })}>{Number(w.slice(8))}</abbr>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{label(r.key)}</th>
                  {r.counts.map((count, i) => (
                    <td key={data.weeks[i]} class={`heat-${level(count, max)}`}>
                      {count > 0 ? (
                        <a
                          href={`/week/${data.weeks[i]}?${by}=${r.key}`}
                          aria-label={t("heatmap.cell", { row: label(r.key), date: formatDate(data.weeks[i]), count })}
                        >
                          {count}
                        </a>
                      ) : (
                        <span class="visually-hidden">0</span>
                      )}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
            {data.periods.length > 0 && (
              <tbody class="heatmap-periods">
                <tr>
                  <th scope="rowgroup" colSpan={data.weeks.length + 1}>
                    {t("heatmap.periods")}
                  </th>
                </tr>
                {data.periods.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      {p.title} <span class="period-kind">({t(`obs.kind.${p.kind}`)})</span>
                    </th>
                    {data.weeks.map((w, i) =>
                      i >= p.firstWeek && i <= p.lastWeek ? (
                        <td key={w} class={`period period-${p.kind}`}>
                          <span class="visually-hidden">{t(`obs.kind.${p.kind}`)}</span>
                        </td>
                      ) : (
                        <td key={w} />
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            )}
          </table>
        </div>
      )}
    </section>
  );
}
