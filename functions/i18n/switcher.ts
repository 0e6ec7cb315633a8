/**
 * The language switcher of the server-rendered pages: a GET form that works without JavaScript.
 * It keeps the page's other query parameters (a digest page's signed token, for instance).
 */
import { html } from "hono/html";
import { autonym, LOCALES, type Locale } from "./locales.ts";
import { messagesFor } from "./messages.ts";

export function switcherHtml(current: Locale, url: string) {
  const m = messagesFor(current).switcher;
  const kept = [...new URL(url).searchParams].filter(([name]) => name !== "lang");
  return html`<form method="get" class="language-switcher">${kept.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<label for="language-switcher">${m.label}</label> <select id="language-switcher" name="lang">${LOCALES.map(
    (l) => html`<option value="${l}" lang="${l}"${l === current ? " selected" : ""}>${autonym(l)}</option>`,
  )}</select> <button type="submit">${m.submit}</button></form>`;
}
