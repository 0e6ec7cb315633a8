/**
 * First paint: the month view shows its events from the page itself, without waiting for the API
 * (functions/pages/month-page.ts), and asks the API only once the reader moves.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });

const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];

/** A page whose month API calls fail until `unblock()`; `asked` lists the months the app asked for. */
async function openBlocked(viewport: { width: number; height: number }): Promise<{ page: Page; asked: string[]; unblock: () => void }> {
  // No service worker: every request the app makes passes the interception below.
  const context = await stack.browser.newContext({ viewport, timezoneId: "Europe/Riga", locale: "en-GB", serviceWorkers: "block" });
  const page = await context.newPage();
  await page.clock.setFixedTime(stack.now);
  const asked: string[] = [];
  let blocked = true;
  await page.route(/\/api\/events\?/, (route) => {
    asked.push(new URL(route.request().url()).searchParams.get("from") ?? "");
    return blocked ? route.abort("failed") : route.continue();
  });
  return { page, asked, unblock: () => (blocked = false) };
}

describe("first paint", () => {
  for (const size of SIZES) {
    it(`shows the month's events with the API unreachable, and asks it for the next month (${size.name})`, async () => {
      const { page, asked, unblock } = await openBlocked(size.viewport);
      await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
      const main = page.locator("main");
      await main
        .getByRole("link", { name: /Coordination meeting of international organisations/ })
        .first()
        .waitFor();
      expect(await page.locator(".error-box").count()).toBe(0);
      expect(asked).toEqual([]);

      unblock();
      await page.getByRole("link", { name: "Next month" }).click();
      await page.waitForURL(/\/month\/2030-04$/);
      await main
        .getByRole("link", { name: /Training for youth workers/ })
        .first()
        .waitFor();
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((from) => from.startsWith("2030-03-") || from.startsWith("2030-04-"))).toBe(true);
      await page.context().close();
    });
  }

  it("opens the home page on this month's events with the API unreachable", async () => {
    const { page } = await openBlocked({ width: 1366, height: 900 });
    await page.goto(`${stack.worker.baseUrl}/`);
    await expect.poll(() => page.locator("#view-heading").textContent()).toBe("March 2030");
    await page
      .locator("table.month-grid")
      .getByRole("link", { name: /Baltic police workshop/ })
      .waitFor();
    await page.context().close();
  });
});
