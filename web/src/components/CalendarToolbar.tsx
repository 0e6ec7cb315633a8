import { useLocation } from "preact-iso";
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { FILTER_KEYS, fetchVocabulary, filterParams, type Filters, type VocabularyResponse } from "../lib/api.ts";
import { useFilters } from "../lib/filters.ts";
import { FollowSlot } from "./FollowSlot.tsx";
import { countryName, currentLanguage, languageName, t, termLabel, withMoreTexts } from "../lib/i18n.ts";
import { EVENT_STATUSES as STATUSES, EVENT_TYPES as TYPES, REGION_COUNTRIES as COUNTRIES, REGION_LANGUAGES as LANGUAGES } from "../../../db/enums.ts";

export type View = "month" | "week" | "list" | "year";
const VIEWS: View[] = ["month", "week", "list", "year"];
/** The region's countries and languages, for the filters. */

interface Props {
  view: View;
  heading: string;
  /** Paths (without query) of each view for the current date, and of previous / next / today. */
  viewPaths: Record<View, string>;
  prev: string;
  next: string;
  today: string;
}

let vocabulary: Promise<VocabularyResponse> | undefined;
type Elsewhere = ComponentType<{ feedUrl: string; name: string; id?: string }>;
/** Google / Outlook links, loaded the first time a reader opens the subscribe panel. */
let elsewhere: Promise<Elsewhere> | undefined;

/** Heading, view switcher, previous / next, filters and subscription links of every calendar view. */
export function CalendarToolbar({ view, heading, viewPaths, prev, next, today }: Props) {
  const { filters, link } = useFilters();
  const { route, path } = useLocation();
  const [vocab, setVocab] = useState<VocabularyResponse | null>(null);
  const [Elsewhere, setElsewhere] = useState<Elsewhere | null>(null);
  const loadElsewhere = (e: Event) => {
    if (!(e.currentTarget as HTMLDetailsElement).open) return;
    elsewhere ??= withMoreTexts(import("./SubscribeElsewhere.tsx")).then((m) => m.SubscribeElsewhere);
    elsewhere.then(
      (c) => setElsewhere(() => c),
      () => undefined,
    );
  };
  useEffect(() => {
    vocabulary ??= fetchVocabulary();
    vocabulary.then(setVocab, () => undefined);
  }, []);
  const setFilter = (key: keyof Filters, value: string) => route(link(path, { [key]: value || undefined } as Filters), true);
  const feedParams = filterParams(filters);
  // The feed's own texts (its name, "Busy") in the reader's language; calendar apps send none.
  if (currentLanguage() !== "en") feedParams.set("lang", currentLanguage());
  const feedQuery = feedParams.toString();
  const feedPath = `/calendar.ics${feedQuery ? `?${feedQuery}` : ""}`;
  const webcal = `webcal://${location.host}${feedPath}`;
  const options: Record<keyof Filters, { value: string; label: string }[]> = {
    country: COUNTRIES.map((c) => ({ value: c, label: countryName(c) })).sort((a, b) => a.label.localeCompare(b.label)),
    organisation: (vocab?.organisations ?? []).map((o) => ({ value: o.id, label: o.shortName ? `${o.name} (${o.shortName})` : o.name })),
    topic: (vocab?.topics ?? []).map((x) => ({ value: x.id, label: termLabel("topic", x.id) })),
    audience: (vocab?.audiences ?? []).map((x) => ({ value: x.id, label: termLabel("audience", x.id) })),
    type: TYPES.map((v) => ({ value: v, label: t(`event.type.${v}`) })),
    language: LANGUAGES.map((v) => ({ value: v, label: languageName(v) })).sort((a, b) => a.label.localeCompare(b.label)),
    status: STATUSES.map((v) => ({ value: v, label: t(`event.status.${v}`) })),
  };

  return (
    <div class="calendar-toolbar">
      <div class="month-header">
        <h1 id="view-heading" aria-live="polite">
          {heading}
        </h1>
        <nav aria-label={t("view.label")} class="view-switch">
          {VIEWS.map((v) => (
            <a key={v} href={link(viewPaths[v])} aria-current={v === view ? "page" : undefined}>
              {t(`view.${v}`)}
            </a>
          ))}
        </nav>
      </div>
      <nav aria-label={t("month.navigation")} class="month-nav">
        <a href={link(prev)} rel="prev">
          <span aria-hidden="true">‹ </span>
          {t(`view.previous.${view}`)}
        </a>
        <a href={link(today)}>{t("view.today")}</a>
        <a href={link(next)} rel="next">
          {t(`view.next.${view}`)}
          <span aria-hidden="true"> ›</span>
        </a>
      </nav>
      <details class="filters" open={FILTER_KEYS.some((k) => filters[k])}>
        <summary>{t("filters.title")}</summary>
        <div class="filter-grid">
          {FILTER_KEYS.map((key) => (
            <div class="field" key={key}>
              <label for={`filter-${key}`}>{t(`filters.${key}`)}</label>
              <select id={`filter-${key}`} value={filters[key] ?? ""} onChange={(e) => setFilter(key, e.currentTarget.value)}>
                <option value="">{t("filters.any")}</option>
                {options[key].map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
        {FILTER_KEYS.some((k) => filters[k]) && <a href={path}>{t("filters.clear")}</a>}
        <FollowFilters filters={filters} options={options} />
      </details>
      <details class="subscribe" onToggle={loadElsewhere}>
        <summary>{t("subscribe.title")}</summary>
        <p>{t("subscribe.hint")}</p>
        <p class="form-actions">
          <a class="button" href={webcal}>
            {t("subscribe.webcal")}
          </a>
          <a href={feedPath} download>
            {t("subscribe.download")}
          </a>
        </p>
        {Elsewhere && <Elsewhere feedUrl={`${location.origin}${feedPath}`} name={t("app.title")} id="feed-address" />}
      </details>
    </div>
  );
}

const FOLLOWABLE = ["country", "topic", "organisation"] as const;

/** A Follow button for each chosen country, topic or organisation filter holding one value (signed-in readers only). */
function FollowFilters({ filters, options }: { filters: Filters; options: Record<keyof Filters, { value: string; label: string }[]> }) {
  const chosen = FOLLOWABLE.filter((k) => filters[k] && !filters[k]!.includes(","));
  if (!chosen.length) return null;
  return (
    <p class="form-actions follow-row">
      {chosen.map((k) => (
        <FollowSlot key={k} kind={k} target={filters[k]!} name={options[k].find((o) => o.value === filters[k])?.label ?? filters[k]!} />
      ))}
    </p>
  );
}
