/** The language of a request: `?lang=`, the signed-in account's choice, the switcher's cookie, then Accept-Language. */
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import type { AppEnv } from "../env.ts";
import { LOCALE_COOKIE, negotiateLocale, type Locale } from "./locales.ts";

/** `?lang=` as every query key is read: its last value when repeated (validation.ts, `queryOf`). */
export const langQuery = (c: Context): string | undefined => c.req.queries("lang")?.at(-1);

export function requestLocale(c: Context<AppEnv>): Locale {
  return negotiateLocale([langQuery(c), c.var.viewer?.locale, getCookie(c, LOCALE_COOKIE)], c.req.header("accept-language"));
}

/** Remembers a language choice on this device for a year (the pages and the app read it). */
export function rememberLocale(c: Context<AppEnv>, locale: Locale) {
  c.header("Set-Cookie", `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax${new URL(c.req.url).protocol === "https:" ? "; Secure" : ""}`, {
    append: true,
  });
}
