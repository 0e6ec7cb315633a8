/**
 * The language switcher of the server-rendered pages: a GET form that works without JavaScript.
 * It keeps the page's other query parameters (a digest page's signed token, for instance).
 */
import { autonym, LOCALES, type Locale } from "./locales.ts";
import { messagesFor } from "./messages.ts";
import { esc } from "../lib/http.ts";

export function switcherHtml(current: Locale, url: string): string {
  const m = messagesFor(current).switcher;
  const kept = [...new URL(url).searchParams].filter(([name]) => name !== "lang");
  return `<form method="get" class="language-switcher">${kept.map(([name, value]) => `<input type="hidden" name="${esc(name)}" value="${esc(value)}">`).join("")}<label for="language-switcher">${esc(m.label)}</label> <select id="language-switcher" name="lang">${LOCALES.map(
    (l) => `<option value="${l}" lang="${l}"${l === current ? " selected" : ""}>${esc(autonym(l))}</option>`,
  ).join("")}</select> <button type="submit">${esc(m.submit)}</button></form>`;
}
