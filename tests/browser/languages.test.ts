/** The calendar in the reader's language, the switcher, and the month grid by keyboard alone. */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });

const open = (locale: string, userId?: string): Promise<Page> =>
  openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
    locale,
    userId,
    timezoneId: "Europe/Warsaw",
    viewport: { width: 1280, height: 900 },
    now: stack.now,
  });

const heading = (page: Page) => page.locator("#view-heading").textContent();

describe("languages", () => {
  it("opens in the browser's language, with its month names and plural forms", async () => {
    const page = await open("pl-PL");
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await expect.poll(() => heading(page)).toBe("Marzec 2030");
    expect(await page.locator("html").getAttribute("lang")).toBe("pl");
    await page.getByRole("navigation", { name: "Menu główne" }).getByRole("link", { name: "Kalendarz" }).waitFor();
    await page.locator("table.month-grid").getByRole("link").first().waitFor();
    // The days say how many events they hold with Polish plural endings.
    const labels = await page.locator("table.month-grid td .visually-hidden").allTextContents();
    expect(labels.some((l) => /, 1 wydarzenie$/.test(l) || /, [2-4] wydarzenia$/.test(l))).toBe(true);
    expect(labels.join("|")).not.toMatch(/event/);
    await expectAccessible(page);
    await page.context().close();
  });

  it("switches language from every page and remembers the choice on this device", async () => {
    const page = await open("en-GB");
    await page.goto(`${stack.worker.baseUrl}/organisations`);
    await page.getByRole("heading", { level: 1, name: "Organisations" }).waitFor();
    await page.getByLabel("Site language").focus();
    await page.getByLabel("Site language").selectOption("ru");
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Организации");
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");
    // Focus stays on the switcher: changing language is not a change of context.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("language-switcher");
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await expect.poll(() => heading(page)).toBe("Март 2030 г.");
    await page.reload();
    await expect.poll(() => heading(page)).toBe("Март 2030 г.");
    // The feed link carries the language, so calendar apps get Russian texts too.
    expect(await page.locator("a", { hasText: "Скачать .ics" }).getAttribute("href")).toContain("lang=ru");
    await expectAccessible(page);
    await page.context().close();
  });

  it("keeps what was typed into a form when the language changes", async () => {
    const page = await open("en-GB");
    await page.goto(`${stack.worker.baseUrl}/subscribe`);
    await page.getByLabel("E-mail address").fill("half.done@example.org");
    await page.getByLabel("Site language").focus();
    await page.getByLabel("Site language").selectOption("de");
    await page.getByRole("heading", { level: 1, name: "Wochenüberblick" }).waitFor();
    expect(await page.getByLabel("E-Mail-Adresse").inputValue()).toBe("half.done@example.org");
    await page.context().close();
  });

  it("names a form's errors by the field's label, in the reader's language", async () => {
    const page = await open("pl-PL", SAMPLE.partnerNbpn);
    await page.goto(`${stack.worker.baseUrl}/events/new`);
    await page.getByLabel("Tytuł").fill("Wstecz w czasie");
    await page.getByLabel("Początek").fill("2030-03-20T15:00");
    await page.getByLabel("Koniec").fill("2030-03-20T10:00");
    await page.getByRole("button", { name: "Zapisz" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Popraw pola zaznaczone poniżej." });
    await alert.waitFor();
    expect(await alert.innerText()).toContain("Koniec: musi być po początku");
    await page.context().close();
  });

  it("keeps a signed-in user's choice with the account, so another device follows it", async () => {
    const laptop = await open("en-GB", SAMPLE.partnerNbpn);
    await laptop.goto(`${stack.worker.baseUrl}/account`);
    await laptop.getByRole("heading", { level: 1, name: "Your account" }).waitFor();
    await laptop.getByLabel("Site language").selectOption("lt");
    await laptop.getByRole("heading", { level: 1, name: "Jūsų paskyra" }).waitFor();
    await expect
      .poll(async () => (await stack.db.client.execute({ sql: "SELECT locale FROM users WHERE id = ?", args: [SAMPLE.partnerNbpn] })).rows[0].locale, {
        timeout: 15_000,
      })
      .toBe("lt");
    await laptop.context().close();

    const phone = await open("en-GB", SAMPLE.partnerNbpn);
    await phone.goto(`${stack.worker.baseUrl}/account`);
    await phone.getByRole("heading", { level: 1, name: "Jūsų paskyra" }).waitFor();
    await phone.context().close();
  });
});

describe("month grid by keyboard", () => {
  it("moves between days with the arrow keys, changes month with Page Down and enters a day with Enter", async () => {
    const page = await open("en-GB");
    await page.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await page.locator("table.month-grid").getByRole("link").first().waitFor();
    const focusedDay = () => page.evaluate(() => document.activeElement?.getAttribute("data-day") ?? document.activeElement?.tagName);
    // One tab stop for the days: today's cell.
    for (let i = 0; i < 80 && (await focusedDay()) !== "2030-03-04"; i++) await page.keyboard.press("Tab");
    expect(await focusedDay()).toBe("2030-03-04");
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe("solid");
    await page.keyboard.press("ArrowRight");
    expect(await focusedDay()).toBe("2030-03-05");
    await page.keyboard.press("ArrowDown");
    expect(await focusedDay()).toBe("2030-03-12");
    await page.keyboard.press("End");
    expect(await focusedDay()).toBe("2030-03-17");
    await page.keyboard.press("Home");
    expect(await focusedDay()).toBe("2030-03-11");
    // Only one day is in the tab order, whichever the keyboard left focus on.
    expect(await page.locator("table.month-grid td[tabindex='0']").count()).toBe(1);
    await page.keyboard.press("PageDown");
    await page.waitForURL(/\/month\/2030-04$/);
    await expect.poll(focusedDay).toBe("2030-04-11");
    await page.keyboard.press("ArrowUp");
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => heading(page)).toBe("March 2030");
    await expect.poll(focusedDay).toBe("2030-03-28");
    // Enter goes into the day's events; the 22nd holds the task force meeting (once March's events,
    // asked for again on the way back from April, are in the grid).
    for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowLeft");
    expect(await focusedDay()).toBe("2030-03-22");
    await page
      .locator("[data-days~='2030-03-22']")
      .getByRole("link", { name: /Coordination meeting/ })
      .first()
      .waitFor();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toContain("Coordination meeting");
    await page.context().close();
  });
});
