/**
 * The import page's "Keep in sync with your calendar feed", at 1366 × 900 and 390 × 844, by
 * keyboard: a partner registers the feed of a loopback server, fetches it now and reads the
 * per-entry report, then removes it; a coordinator marks the organisation trusted. axe clean.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { type FeedServer, serveIcs, startFeedServer } from "../support/feed-server.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ seedToday: "2030-03-04", browser: true, vars: { FEED_FETCH_ALLOW_LOOPBACK: "true" } });
let feeds: FeedServer;
beforeAll(async () => {
  feeds = await startFeedServer();
});
afterAll(async () => {
  await feeds?.close();
});

const ics = (tag: string) =>
  [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//partner//EN",
    "BEGIN:VEVENT",
    `UID:a@${tag}.browser`,
    `SUMMARY:Outreach evening ${tag}`,
    "DTSTART;VALUE=DATE:20300612",
    "END:VEVENT",
    "BEGIN:VEVENT",
    `UID:b@${tag}.browser`,
    "SUMMARY:No start",
    "END:VEVENT",
    "END:VCALENDAR",
    "",
  ].join("\r\n");

describe.each([
  { name: "desktop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
])("the sync section on $name", ({ name, viewport }) => {
  it("registers a feed, fetches it now, shows the report and removes it, by keyboard", async () => {
    feeds.route(
      `/${name}.ics`,
      serveIcs(() => ics(name)),
    );
    const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.partnerMarta, viewport });
    await page.goto(`${stack.worker.baseUrl}/import`);
    await page.getByRole("heading", { name: "Keep in sync with your calendar feed" }).waitFor();
    await page.getByLabel("Feed address").focus();
    await page.keyboard.type(`${feeds.origin}/${name}.ics`);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "The feed was added" }).count()).toBe(1);
    const item = page.locator(".feed-source", { hasText: `/${name}.ics` });
    await expect.poll(() => item.textContent()).toContain("Not fetched yet");

    await item.getByRole("button", { name: "Fetch now" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => item.textContent()).toContain("1 new, 0 updated, 0 cancelled, 0 unchanged, 0 duplicates, 1 refused.");
    const report = item.getByRole("table", { name: "Entries of the last import" });
    expect(await report.getByRole("link", { name: `Outreach evening ${name}` }).count()).toBe(1);
    // Worded by the app from the reason's code (the API says "DTSTART: missing").
    expect(await report.textContent()).toContain("Start (DTSTART) missing");
    await expectAccessible(page);
    // Nothing but the report table scrolls sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await item.getByRole("button", { name: "Remove" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "its events stay in the calendar" }).count()).toBe(1);
    await expect.poll(() => page.locator(".feed-source", { hasText: `/${name}.ics` }).count()).toBe(0);
    await page.context().close();
  });
});

it("lets a coordinator mark the organisation trusted", async () => {
  const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.coordinator, viewport: { width: 1366, height: 900 } });
  await page.goto(`${stack.worker.baseUrl}/import`);
  await page.getByRole("heading", { name: "Keep in sync with your calendar feed" }).waitFor();
  await page.getByLabel("Organisation", { exact: true }).selectOption("marta");
  const trust = page.getByRole("checkbox", { name: /is trusted: events from its feeds are published without review/ });
  await trust.waitFor();
  expect(await trust.isChecked()).toBe(false);
  await trust.focus();
  await page.keyboard.press("Space");
  await expect.poll(() => page.getByRole("status").filter({ hasText: "is trusted now" }).count()).toBe(1);
  const stored = await stack.db.client.execute("SELECT trusted FROM organisations WHERE id = 'marta'");
  expect(stored.rows[0].trusted).toBe(1);
  await expectAccessible(page);
  await page.context().close();
});
