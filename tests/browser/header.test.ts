/**
 * The site header, as a newcomer meets it. Once, on a 390 × 844 phone, it took 529 px (17
 * wrapped links) before any content. Now a phone shows one line (the title and a Menu button)
 * and every page's heading in the first screen; the menu is a disclosure the keyboard opens and
 * Escape closes; wide screens show the public pages on one line and the groups a role may use as
 * dropdowns.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });
const PHONE = { width: 390, height: 844 };
const WIDE = { width: 1366, height: 900 };

const open = (userId: string | undefined, viewport: { width: number; height: number }) =>
  openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId, viewport, now: stack.now });

const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

const PAGES = [
  "/",
  "/list/2030-03",
  "/events/sample-task-force-meeting",
  "/organisations",
  "/people",
  "/documents",
  "/projects",
  "/free-dates",
  "/heatmap",
  "/subscribe",
  "/search?q=Riga",
  "/events/new",
  "/my/events",
  "/review",
  "/dashboard",
];

describe("the header on a phone (390 × 844)", () => {
  it("is one line, and every main page's heading starts within the first 200 px", async () => {
    const page = await open(SAMPLE.coordinator, PHONE);
    for (const path of PAGES) {
      await page.goto(`${stack.worker.baseUrl}${path}`);
      await page
        .locator("main h1, main h2")
        .first()
        .waitFor({ timeout: 5000 })
        .catch(() => {
          throw new Error(`${path} has no heading`);
        });
      const header = await box(page, "header.site-header");
      const heading = (await page
        .locator("main h1, main h2")
        .first()
        .boundingBox({ timeout: 5000 })
        .catch(async () => {
          throw new Error(`${path}: heading not measurable: ${await page.locator("main").innerHTML()}`.slice(0, 600));
        }))!;
      expect(header.height, `${path}: header height`).toBeLessThanOrEqual(64);
      expect(heading.y, `${path}: heading top`).toBeLessThanOrEqual(200);
      expect(await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Organisations" }).isVisible(), `${path}: menu closed`).toBe(false);
    }
    await page.context().close();
  });

  it("opens the menu by keyboard, groups it, closes it with Escape and gives focus back to its button", async () => {
    const page = await open(SAMPLE.coordinator, PHONE);
    await page.goto(`${stack.worker.baseUrl}/`);
    const button = page.getByRole("button", { name: "Menu" });
    await button.focus();
    await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
    await page.keyboard.press("Enter");
    await expect.poll(() => button.getAttribute("aria-expanded")).toBe("true");
    const nav = page.getByRole("navigation", { name: "Main" });
    expect(await nav.getByRole("link", { name: "Organisations" }).isVisible()).toBe(true);
    expect(await nav.getByText("Calendar and directory").isVisible()).toBe(true);

    // A group opens in place: Tab to it, Enter, its links follow by Tab.
    const coordination = page.getByRole("navigation", { name: "Your work" }).getByRole("button", { name: "Coordination" });
    await coordination.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => coordination.getAttribute("aria-expanded")).toBe("true");
    await page.keyboard.press("Tab");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Review queue");
    // Escape closes the innermost first, then the menu, focus going back each time.
    await page.keyboard.press("Escape");
    await expect.poll(() => coordination.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Coordination");
    await page.keyboard.press("Escape");
    await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Menu");
    expect(await nav.getByRole("link", { name: "Organisations" }).isVisible()).toBe(false);

    // Following a link closes it.
    await page.keyboard.press("Enter");
    await nav.getByRole("link", { name: "People" }).click();
    await page.getByRole("heading", { level: 1, name: "People" }).waitFor();
    await expect.poll(() => button.getAttribute("aria-expanded")).toBe("false");
    await page.context().close();
  });

  it("offers only the groups the role may use", async () => {
    const groups = async (userId?: string) => {
      const page = await open(userId, PHONE);
      await page.goto(`${stack.worker.baseUrl}/`);
      await page.getByRole("button", { name: "Menu" }).click();
      await page.locator(".account-link").waitFor();
      const names = await page.locator(".nav-group-toggle").allInnerTexts();
      await page.context().close();
      return names;
    };
    expect(await groups()).toEqual([]);
    expect(await groups(SAMPLE.partnerMarta)).toEqual(["My organisation"]);
    expect(await groups(SAMPLE.coordinator)).toEqual(["My organisation", "Coordination"]);
  });
});

describe("the header on a wide screen (1366 × 900)", () => {
  it("shows the public pages on one line and the groups as dropdowns the keyboard opens and Escape closes", async () => {
    const page = await open(SAMPLE.coordinator, WIDE);
    await page.goto(`${stack.worker.baseUrl}/`);
    await page.locator("main h1, main h2").first().waitFor();
    // Measured once the session is known, so the coordinator's groups are there too.
    await page.locator(".account-link").waitFor();
    await page.getByRole("button", { name: "Coordination" }).waitFor();
    expect(await page.getByRole("button", { name: "Menu" }).isVisible()).toBe(false);
    const tops = await page.locator(".site-nav .nav-list > li").evaluateAll((items) => items.map((i) => Math.round(i.getBoundingClientRect().top)));
    expect(tops.length).toBe(8);
    expect(Math.max(...tops) - Math.min(...tops), "one line").toBeLessThan(8);
    // The groups sit on the title's line beside the account, inside the window.
    const groups = await page.locator(".work-nav .nav-group").evaluateAll((items) => items.map((i) => i.getBoundingClientRect().toJSON()));
    const account = await box(page, ".account-link");
    expect(groups).toHaveLength(2);
    for (const g of groups) {
      expect(Math.abs(g.top - account.y), "beside the account").toBeLessThan(16);
      expect(g.right).toBeLessThanOrEqual(account.x);
    }
    expect((await box(page, "header.site-header")).height).toBeLessThanOrEqual(200);

    const group = page.getByRole("button", { name: "My organisation" });
    const newEvent = page.getByRole("link", { name: "New event" });
    expect(await newEvent.isVisible()).toBe(false);
    await group.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => group.getAttribute("aria-expanded")).toBe("true");
    expect(await newEvent.isVisible()).toBe(true);
    const list = await box(page, "#nav-organisation");
    expect(list.x, "the dropdown stays in the window").toBeGreaterThanOrEqual(0);
    expect(list.x + list.width, "the dropdown stays in the window").toBeLessThanOrEqual(1366);
    await page.keyboard.press("Escape");
    await expect.poll(() => group.getAttribute("aria-expanded")).toBe("false");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("My organisation");

    // Opened again and followed: the dropdown closes on the new page.
    await page.keyboard.press("Enter");
    await newEvent.click();
    await page.getByRole("heading", { level: 1, name: "New event" }).waitFor();
    await expect.poll(() => group.getAttribute("aria-expanded")).toBe("false");
    await page.context().close();
  });
});
