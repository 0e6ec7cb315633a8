/** A newcomer's first visit: the month view with demo events, navigation, an event page, a phone. */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";

const stack = useStack({ seedToday: TODAY, browser: true });

async function openPage(options: { width?: number; height?: number; timezoneId?: string } = {}): Promise<Page> {
  const context = await stack.browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    timezoneId: options.timezoneId ?? "Europe/Riga",
    locale: "en-GB",
  });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00Z`));
  return page;
}

describe("month view", () => {
  it("opens on the current month with its demo events", async () => {
    const page = await openPage();
    await page.goto(`${stack.worker.baseUrl}/`);
    await expect.poll(() => page.locator("#view-heading").textContent()).toBe("March 2030");
    const grid = page.locator("table.month-grid");
    await grid.getByRole("link", { name: /Baltic police workshop/ }).waitFor();
    expect(await grid.locator("td[aria-current=date]").innerText()).toContain("4");
    // A busy-only event shows who is busy and nothing else.
    expect(await grid.getByText("Busy — MR-S").count()).toBeGreaterThan(0);
    expect(await page.getByText("Steering group").count()).toBe(0);
    // Tentative and cancelled events say so in words, not colour alone.
    expect(await grid.getByRole("link", { name: /Social services against exploitation.*Tentative/ }).count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it("says a month that does not exist is not found, with the 404 status to match, and still leads home", async () => {
    const page = await openPage();
    const res = await page.goto(`${stack.worker.baseUrl}/month/2030-13`);
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Page not found" }).waitFor();
    await page.getByRole("link", { name: "Go to the calendar" }).click();
    await expect.poll(() => page.locator("#view-heading").textContent()).toBe("March 2030");
    await page.context().close();
  });

  it("moves to the next and previous month and keeps the month in the URL", async () => {
    const page = await openPage();
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await page.getByRole("link", { name: "Next month" }).click();
    await page.waitForURL(/\/month\/2030-04$/);
    await expect.poll(() => page.locator("#view-heading").textContent()).toBe("April 2030");
    await page
      .locator("table.month-grid")
      .getByRole("link", { name: /Training for youth workers/ })
      .first()
      .waitFor();
    await page.getByRole("link", { name: "Previous month" }).click();
    await page.waitForURL(/\/month\/2030-03$/);
    await page.reload();
    await expect.poll(() => page.locator("#view-heading").textContent()).toBe("March 2030");
    await page.context().close();
  });

  it("opens an event by keyboard alone and shows its details in the viewer's time", async () => {
    const page = await openPage({ timezoneId: "Europe/Helsinki" });
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    const link = page.locator("table.month-grid").getByRole("link", { name: /Coordination meeting of international organisations/ });
    await link.waitFor();
    // Tab from the top of the page until the event link has focus, then press Enter.
    let focused = "";
    for (let i = 0; i < 60 && !focused.includes("Coordination meeting"); i++) {
      await page.keyboard.press("Tab");
      focused = await page.evaluate(() => document.activeElement?.textContent ?? "");
    }
    expect(focused).toContain("Coordination meeting");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/events\/sample-task-force-meeting$/);
    const heading = page.getByRole("heading", { level: 1, name: "Coordination meeting of international organisations and task forces" });
    await heading.waitFor();
    const facts = await page.locator(".event-facts").innerText();
    // 10:00 in Copenhagen is 11:00 in Helsinki; the event's own local time is noted.
    expect(facts).toMatch(/11:00/);
    expect(facts).toContain("Europe/Copenhagen");
    expect(facts).toContain("Nordic Council of Ministers (NCM)");
    expect(facts).toContain("Police and cross-border cooperation");
    expect(await page.getByRole("link", { name: "kari.nordmann@example.org" }).count()).toBe(1);
    await page.getByRole("link", { name: "Back to the calendar" }).click();
    await page.waitForURL(/\/month\/2030-03$/);
    await page.context().close();
  });
});

describe("on a phone", () => {
  it("lists the month's events as an agenda that fits 360 px without sideways scrolling", async () => {
    const page = await openPage({ width: 360, height: 740 });
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    const agenda = page.locator(".month-agenda");
    await agenda
      .getByRole("link", { name: /Health care access for victims/ })
      .first()
      .waitFor();
    expect(await page.locator("table.month-grid").isVisible()).toBe(false);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await page.context().close();
  });
});

describe("event page without JavaScript", () => {
  it("reads in full with scripts switched off", async () => {
    const context = await stack.browser.newContext({ javaScriptEnabled: false, viewport: { width: 1000, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${stack.worker.baseUrl}/events/sample-health-care-access-seminar`);
    expect(await page.getByRole("heading", { level: 1 }).innerText()).toBe("Health care access for victims: Nordic-Baltic seminar");
    const facts = await page.locator(".event-facts").innerText();
    expect(facts).toMatch(/15 March.*2030/);
    expect(facts).toContain("Riga Stradiņš University, Riga, Latvia");
    expect(facts).toContain("WHO Regional Office for Europe");
    expect(await page.getByRole("link", { name: "Registration" }).getAttribute("href")).toBe("https://example.org/register/health-care-access");
    expect(await page.getByRole("link", { name: /Download \.ics/ }).getAttribute("href")).toBe("/events/sample-health-care-access-seminar.ics");
    await context.close();
  });
});
