import { t } from "../lib/i18n.ts";

export function NotFound() {
  return (
    <section>
      <h1>{t("notFound.title")}</h1>
      <p>{t("notFound.text")}</p>
      <p>
        <a href="/">{t("notFound.home")}</a>
      </p>
    </section>
  );
}
