/**
 * Offline reading: the months and events a partner last viewed stay readable without a network
 * (web/public/sw.js), an unseen month says it was not saved, and signing out forgets what was kept.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ seedToday: TODAY, browser: true });

/** The URLs the service worker keeps for reading. */
const kept = (page: Page) =>
  page.evaluate(async () => (await (await caches.open("nd-data-v1")).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search));

describe("offline reading", () => {
  it("keeps the month and the event a partner viewed readable without a network, until sign-out", async () => {
    const { worker, db, browser } = stack;
    const page = await openPage(browser, db.client, worker.baseUrl, {
      userId: SAMPLE.partnerMarta,
      timezoneId: "Europe/Helsinki",
      now: new Date(`${TODAY}T10:00:00Z`),
    });
    const context = page.context();
    await page.goto(`${worker.baseUrl}/month/2030-03`);
    const grid = page.locator("table.month-grid");
    await grid.getByRole("link", { name: /Partners' planning call/ }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // The month came in the page itself (functions/pages/month-page.ts): the page is what is kept.
    await expect.poll(async () => (await kept(page)).includes("/month/2030-03"), { timeout: 15_000 }).toBe(true);
    await grid.getByRole("link", { name: /Coordination meeting of international organisations/ }).click();
    await page.getByRole("heading", { level: 1, name: "Coordination meeting of international organisations and task forces" }).waitFor();
    await expect.poll(async () => (await kept(page)).includes("/api/events/sample-task-force-meeting"), { timeout: 15_000 }).toBe(true);

    await context.setOffline(true);
    await page.goto(`${worker.baseUrl}/month/2030-03`);
    await grid.getByRole("link", { name: /Partners' planning call/ }).waitFor();
    await page.getByRole("status").filter({ hasText: "You are offline: this is the copy saved when you last opened this page." }).waitFor();
    await expectAccessible(page);
    await grid.getByRole("link", { name: /Coordination meeting of international organisations/ }).click();
    await page.getByText("Ved Stranden 18").waitFor();
    // A month never opened was not kept, and says so.
    await page.goto(`${worker.baseUrl}/month/2031-07`);
    await page.getByRole("alert").filter({ hasText: "You are offline, and this page was not saved for reading offline." }).waitFor();

    // Signing out (online) forgets what was kept: partner-only events leave the device.
    await context.setOffline(false);
    await page.goto(`${worker.baseUrl}/account`);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${worker.baseUrl}/`);
    await expect
      .poll(async () => (await kept(page)).filter((u) => u === "/month/2030-03" || (u.startsWith("/api/events") && u.includes("2030-03"))), { timeout: 15_000 })
      .toEqual([]);
    await context.close();
  });
});
