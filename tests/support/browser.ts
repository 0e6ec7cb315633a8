/** Debian's Chromium driven by playwright-core; never a downloaded browser. */
import type { Client } from "@libsql/client";
import { chromium, type Browser, type Page } from "playwright-core";
import { sessionFor } from "./api.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/**
 * A page in a fresh context (1200 × 900 and en-GB unless told, CSP bypassed for axe-core unless
 * `enforceCsp`, for tests that watch for CSP violations), signed
 * in as `userId` through a session cookie when one is given, with the switcher's `lang` cookie when
 * `lang` is given and the page clock fixed at `now` when given.
 */
export async function openPage(
  browser: Browser,
  client: Client,
  baseUrl: string,
  options: {
    userId?: string;
    timezoneId?: string;
    locale?: string;
    lang?: string;
    now?: Date;
    viewport?: { width: number; height: number };
    enforceCsp?: boolean;
  } = {},
): Promise<Page> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1200, height: 900 },
    timezoneId: options.timezoneId,
    locale: options.locale ?? "en-GB",
    bypassCSP: !options.enforceCsp,
  });
  const domain = new URL(baseUrl).hostname;
  if (options.lang) await context.addCookies([{ name: "lang", value: options.lang, domain, path: "/" }]);
  if (options.userId) {
    const api = await sessionFor(client, baseUrl, options.userId);
    const [name, value] = api.cookie!.split("=");
    await context.addCookies([{ name, value, domain, path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
  }
  const page = await context.newPage();
  if (options.now) await page.clock.setFixedTime(options.now);
  return page;
}
