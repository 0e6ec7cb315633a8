/**
 * Offline reading: the months and events a partner last viewed stay readable without a network
 * (web/public/sw.js), an unseen month says it was not saved, and signing out forgets what was kept.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { launchBrowser } from "../support/browser.ts";
import { startDatabase, type TestDatabase } from "../support/database.ts";
import { startWorker, type TestWorker } from "../support/worker.ts";

const TODAY = "2030-03-04";
let db: TestDatabase;
let worker: TestWorker;
let browser: Browser;

beforeAll(async () => {
  db = await startDatabase({ seedToday: TODAY });
  worker = await startWorker({ LIBSQL_URL: db.url });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await worker?.dispose();
  await db?.close();
});

async function partnerContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, timezoneId: "Europe/Helsinki", locale: "en-GB", bypassCSP: true });
  const api = await sessionFor(db.client, worker.baseUrl, SAMPLE.partnerMarta);
  const [name, value] = api.cookie!.split("=");
  await context.addCookies([{ name, value, domain: new URL(worker.baseUrl).hostname, path: "/", secure: true, httpOnly: true, sameSite: "Lax" }]);
  return context;
}

/** The URLs the service worker keeps for reading. */
const kept = (page: Page) => page.evaluate(async () => (await (await caches.open("nd-data-v1")).keys()).map((r) => new URL(r.url).pathname + new URL(r.url).search));

describe("offline reading", () => {
  it("keeps the month and the event a partner viewed readable without a network, until sign-out", async () => {
    const context = await partnerContext();
    const page = await context.newPage();
    await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00Z`));
    await page.goto(`${worker.baseUrl}/month/2030-03`);
    const grid = page.locator("table.month-grid");
    await grid.getByRole("link", { name: /Partners' planning call/ }).waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await expect.poll(async () => (await kept(page)).some((u) => u.startsWith("/api/events?"))).toBe(true);
    await grid.getByRole("link", { name: /Coordination meeting of international organisations/ }).click();
    await page.getByRole("heading", { level: 1, name: "Coordination meeting of international organisations and task forces" }).waitFor();
    await expect.poll(async () => (await kept(page)).includes("/api/events/sample-task-force-meeting")).toBe(true);

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
    await expect.poll(async () => (await kept(page)).filter((u) => u.startsWith("/api/events") && u.includes("2030-03"))).toEqual([]);
    await context.close();
  });
});
