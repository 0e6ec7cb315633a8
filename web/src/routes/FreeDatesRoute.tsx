import { useLocation } from "preact-iso";
import { useEffect, useState } from "preact/hooks";
import { errorMessage, fetchVocabulary, getApi, type VocabularyResponse } from "../lib/api.ts";
import { addDays } from "../../../functions/lib/dates.ts";
import { today } from "../lib/dates.ts";
import { formatDateRange, formatList, t, termLabel, viewerTimeZone } from "../lib/i18n.ts";
import { reasonWords } from "../lib/radar.ts";
import type { FreeDatesResult } from "../../../functions/coordination/free-dates.ts";
import { SelectField } from "../components/SelectField.tsx";

/**
 * `/free-dates`: the best dates for a new event, avoiding clashes, weekends and holidays. The
 * address may prefill the form and ask at once (`?days=&from=&to=&countries=&audiences=&topics=`),
 * as the clash alerts' "other free dates" link does.
 */
export function FreeDatesRoute() {
  const start = today(viewerTimeZone());
  const { query } = useLocation();
  const [q, setQ] = useState({
    days: query.days ?? "2",
    from: query.from ?? addDays(start, 30),
    to: query.to ?? addDays(start, 180),
    countries: query.countries ?? "",
    audiences: query.audiences ?? "",
    topics: query.topics ?? "",
    weekends: query.weekends === "true",
    holidays: query.holidays === "true",
  });
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  const [result, setResult] = useState<FreeDatesResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    fetchVocabulary().then(setVocab, () => undefined);
    if (query.from) void find();
  }, []);
  async function find(e?: Event) {
    e?.preventDefault();
    setError(null);
    const params = new URLSearchParams({
      days: q.days,
      from: q.from,
      to: q.to,
      countries: q.countries,
      audiences: q.audiences,
      topics: q.topics,
      weekends: String(q.weekends),
      holidays: String(q.holidays),
      limit: "8",
    });
    try {
      setResult(await getApi<FreeDatesResult>(`/api/free-dates?${params}`));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  const field = (key: "days" | "from" | "to" | "countries", label: string, type: "text" | "number" | "date" = "text") => (
    <div class="field">
      <label for={`free-${key}`}>{label}</label>
      <input id={`free-${key}`} {...({ type } as { type: "text" })} value={q[key]} onInput={(e) => setQ({ ...q, [key]: e.currentTarget.value })} />
    </div>
  );
  const select = (key: "audiences" | "topics", label: string, items: { id: string }[], kind: "audience" | "topic") => (
    <SelectField
      id={`free-${key}`}
      label={label}
      value={q[key]}
      onChange={(v) => setQ({ ...q, [key]: v })}
      empty={t("filters.any")}
      options={items.map((i) => ({ value: i.id, label: termLabel(kind, i.id) }))}
    />
  );
  return (
    <section class="narrow">
      <h1>{t("free.title")}</h1>
      <p>{t("free.intro")}</p>
      <form onSubmit={find}>
        <div class="filter-grid">
          {field("days", t("free.days"), "number")}
          {field("from", t("free.from"), "date")}
          {field("to", t("free.to"), "date")}
          {field("countries", t("free.countries"))}
          {select("audiences", t("free.audience"), vocab?.audiences ?? [], "audience")}
          {select("topics", t("free.topic"), vocab?.topics ?? [], "topic")}
        </div>
        <div class="field">
          <label>
            <input type="checkbox" checked={q.weekends} onChange={(e) => setQ({ ...q, weekends: e.currentTarget.checked })} /> {t("free.weekends")}
          </label>
          <label>
            <input type="checkbox" checked={q.holidays} onChange={(e) => setQ({ ...q, holidays: e.currentTarget.checked })} /> {t("free.holidays")}
          </label>
        </div>
        <button type="submit" class="primary">
          {t("free.search")}
        </button>
      </form>
      {error && (
        <p role="alert" class="field-error">
          {error}
        </p>
      )}
      <div role="status">
        {result && result.shortBy > 0 && (
          <div class="free-short">
            <p>{result.found ? t("free.short", { found: result.found, asked: result.asked }) : t("free.none")}</p>
            <p class="meta">{t("free.rejected", { high: result.rejected.high, blackout: result.rejected.blackout, excluded: result.rejected.excludedDays })}</p>
          </div>
        )}
        {result?.usesObservances && <p>{t("free.observanceFallback")}</p>}
        {result && result.markedPeriods.length > 0 && (
          <p>
            {t("free.marked", {
              list: formatList(result.markedPeriods.map((p) => `${p.title} (${t(`obs.kind.${p.kind}`)}, ${formatDateRange(p.startsOn, p.endsOn)})`)),
            })}
          </p>
        )}
        {result && result.dates.length > 0 && (
          <ol class="event-list">
            {result.dates.map((d) => (
              <li key={d.start}>
                <strong>{formatDateRange(d.start, d.end)}</strong>
                <div class="meta">
                  {d.clashes.length
                    ? formatList(
                        d.clashes.map(
                          (c) =>
                            `${c.busy ? t("event.busy", { organisation: c.organiser ?? "" }) : c.title} (${t(`radar.severity.${c.severity}`)}: ${formatList(c.reasons.map((r) => reasonWords(r, vocab)))})`,
                        ),
                      )
                    : t("free.clear")}
                </div>
                {d.periods.length > 0 && <div class="meta">{formatList(d.periods.flatMap((p) => p.reasons.map((r) => reasonWords(r, vocab))))}</div>}
                <a href={`/holds?start=${d.start}&end=${d.end}`}>{t("free.hold")}</a>
              </li>
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}
