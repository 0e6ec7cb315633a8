import { t } from "../lib/i18n.ts";

/** The search form; also in the site header. */
export function SearchBox({ initial = "", id = "search-q" }: { initial?: string; id?: string }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is too new for the browsers ministries keep
    <form role="search" action="/search" method="get" class="search-box">
      <label for={id} class="visually-hidden">
        {t("search.label")}
      </label>
      <input id={id} name="q" type="search" defaultValue={initial} placeholder={t("search.label")} maxLength={200} />
      <button type="submit">{t("search.submit")}</button>
    </form>
  );
}
