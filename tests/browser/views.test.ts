/**
 * A newcomer's tour: month, week, list and year; filter to Estonia + police; search; subscribe to
 * the filtered feed and read it with ical.js; axe-core on every page.
 */
import ICAL from "ical.js";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { axeViolations } from "../support/axe.ts";

const TODAY = "2030-03-04";
const stack = useStack({ seedToday: TODAY, browser: true });

async function newPage(width = 1200): Promise<Page> {
  // bypassCSP only so that axe-core can be injected; the pages' CSP is tested in tests/worker/headers.test.ts.
  const context = await stack.browser.newContext({ viewport: { width, height: 900 }, timezoneId: "Europe/Riga", locale: "en-GB", bypassCSP: true });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00Z`));
  return page;
}

async function expectAccessible(page: Page) {
  const violations = await axeViolations(page);
  expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
}

describe("views", () => {
  it("switches between month, week, list and year, keeping the place", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await page
      .locator("table.month-grid")
      .getByRole("link", { name: /Baltic police workshop/ })
      .waitFor();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Week", exact: true }).click();
    await page.waitForURL(/\/week\/2030-03-04$/);
    await page
      .locator("table.month-grid")
      .getByRole("link", { name: /Baltic police workshop/ })
      .waitFor();
    await expectAccessible(page);

    await page.getByRole("link", { name: "List", exact: true }).click();
    await page.waitForURL(/\/list\/2030-03$/);
    await page
      .locator(".day-list")
      .getByRole("link", { name: /Training for youth workers/ })
      .first()
      .waitFor();
    await expectAccessible(page);

    await page.getByRole("link", { name: "Year", exact: true }).click();
    await page.waitForURL(/\/year\/2030$/);
    // Once loaded, 8 March (the Baltic police workshop) is a link that says how busy the day is.
    const day = page.locator('table.mini-month a[aria-label*="8 March 2030"]');
    await day.waitFor();
    expect(await day.getAttribute("aria-label")).toMatch(/8 March 2030: 1 event$/);
    expect(await page.locator("table.mini-month caption").filter({ hasText: "March 2030" }).innerText()).toMatch(/\(\d+ events\)/);
    await expectAccessible(page);
  });

  it("filters to Estonia and police, keeps the filters in the URL and subscribes to that feed", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await page.locator("summary", { hasText: "Filters" }).click();
    await page.getByLabel("Country").selectOption("EE");
    await page.waitForURL(/country=EE/);
    await page.getByLabel("Audience").selectOption("police");
    await page.waitForURL(/audience=police/);
    const grid = page.locator("table.month-grid");
    await expect.poll(() => grid.locator(".event-chip").count()).toBe(1);
    expect(await grid.locator(".event-chip").innerText()).toContain("Baltic police workshop");

    // The filters survive a switch of view.
    await page.getByRole("link", { name: "List", exact: true }).click();
    await page.waitForURL(/\/list\/2030-03\?country=EE&audience=police$/);
    // The list has loaded (its toolbar is drawn again then) before the subscribe menu is opened.
    await page
      .getByRole("link", { name: /Baltic police workshop/ })
      .first()
      .waitFor();

    // Opened until it stays open: a late re-render of the toolbar may draw the menu closed again.
    const menu = page.locator("details", { has: page.locator("summary", { hasText: "Subscribe" }) });
    await expect
      .poll(async () => {
        if (!(await menu.evaluate((d) => (d as HTMLDetailsElement).open))) await menu.locator("summary").click();
        return page.getByRole("link", { name: "Subscribe in your calendar app" }).isVisible();
      })
      .toBe(true);
    const webcal = await page.getByRole("link", { name: "Subscribe in your calendar app" }).getAttribute("href");
    expect(webcal).toBe(`webcal://${new URL(stack.worker.baseUrl).host}/calendar.ics?country=EE&audience=police`);
    // Google Calendar and Outlook take the same feed in a link of theirs; other apps its address.
    const https = `${stack.worker.baseUrl}/calendar.ics?country=EE&audience=police`;
    const google = new URL((await page.getByRole("link", { name: "Add to Google Calendar" }).getAttribute("href"))!);
    expect([google.origin, google.searchParams.get("cid")]).toEqual(["https://calendar.google.com", webcal]);
    for (const [name, origin] of [
      ["Add to Outlook.com", "https://outlook.live.com"],
      ["Add to Outlook (Microsoft 365)", "https://outlook.office.com"],
    ]) {
      const outlook = new URL((await page.getByRole("link", { name, exact: true }).getAttribute("href"))!);
      expect([outlook.origin, outlook.pathname, outlook.searchParams.get("url")]).toEqual([origin, "/calendar/0/addfromweb", https]);
      expect(outlook.searchParams.get("name")).toBe("Northern Dimension anti-trafficking calendar");
    }
    expect(await page.getByLabel("Feed address, for apps that ask for one").inputValue()).toBe(https);
    await expectAccessible(page);

    const feed = await (await fetch(webcal!.replace("webcal://", "http://"))).text();
    const comp = new ICAL.Component(ICAL.parse(feed));
    for (const tz of comp.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(tz);
    const events = comp.getAllSubcomponents("vevent").map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(["Baltic police workshop on victim identification"]);
    expect(events[0].startDate.toJSDate().toISOString()).toBe("2030-03-08T07:30:00.000Z");
  });

  it("searches for St Petersburg from the header", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/`);
    await page.getByRole("searchbox", { name: "Search the calendar" }).first().fill("St Petersburg");
    await page.getByRole("button", { name: "Search" }).first().click();
    await page.waitForURL(/\/search\?q=St\+Petersburg/);
    await page.getByRole("link", { name: /Cooperation to combat trafficking in human beings between North-West Russia/ }).waitFor();
    expect(
      await page
        .getByRole("status")
        .filter({ hasText: /results for “St Petersburg”/ })
        .count(),
    ).toBe(1);
    await expectAccessible(page);
  });

  it("has no accessibility violations on an event page and on a phone", async () => {
    const page = await newPage(360);
    await page.goto(`${stack.worker.baseUrl}/events/sample-task-force-meeting`);
    await page.getByRole("heading", { level: 1, name: /Coordination meeting/ }).waitFor();
    await expectAccessible(page);
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await page.locator(".month-agenda").getByRole("link").first().waitFor();
    await expectAccessible(page);
  });
});
