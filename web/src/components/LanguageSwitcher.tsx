import { autonym } from "../../../functions/i18n/locales.ts";
import { send } from "../lib/api.ts";
import { currentLanguage, LOCALES, rememberLocale, setLocale, t, type Locale } from "../lib/i18n.ts";
import { useSession } from "../lib/session.tsx";

/**
 * The language of the interface, on every page. Each language is named in itself, so a reader
 * finds theirs whatever the page is in now. Signed-in users' choice is kept with the account,
 * so their mail and their other devices follow it.
 */
export function LanguageSwitcher() {
  const { user } = useSession();
  const change = async (next: Locale) => {
    rememberLocale(next);
    await setLocale(next);
    if (user) await send("PUT", "/api/me", { locale: next }).catch(() => undefined);
  };
  return (
    <div class="language-switcher">
      <label for="language-switcher">{t("language.label")}</label>
      <select id="language-switcher" value={currentLanguage()} onChange={(e) => void change(e.currentTarget.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {autonym(l)}
          </option>
        ))}
      </select>
    </div>
  );
}
