/**
 * The coordinators' `/observances` page at laptop and phone sizes: listing, adding (by keyboard),
 * a refused date named at its field, changing only what was changed, deleting; and the free-date
 * finder saying in words when it found fewer good dates than asked.
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";

const TODAY = "2031-03-10";
const stack = useStack({ today: TODAY, browser: true });

const SIZES = [
  ["laptop", { width: 1366, height: 900 }],
  ["phone", { width: 390, height: 844 }],
] as const;

const newPage = (viewport: { width: number; height: number }, userId: string | undefined = SAMPLE.coordinator) =>
  openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId, viewport, timezoneId: "Europe/Riga", now: stack.now });

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

describe.each(SIZES)("on a %s", (size, viewport) => {
  it("lets a coordinator add, change and delete a blackout period by keyboard", async () => {
    const title = `Baltic Assembly session (${size})`;
    const page = await newPage(viewport);
    await page.goto(`${stack.worker.baseUrl}/observances`);
    await page.getByRole("heading", { name: "Observances and blackout periods" }).waitFor();
    await page.locator("li.observance-blackout").filter({ hasText: "Nordic Council session 2031" }).waitFor();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);

    // A period that ends before it starts is refused, and the form says which field.
    await page.getByLabel("Kind").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.type(title);
    await page.getByLabel("First day").fill("2031-11-20");
    await page.getByLabel("Last day").fill("2031-11-18");
    await page.getByRole("checkbox", { name: "Latvia" }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("button", { name: "Add", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.getByRole("alert").getByRole("link", { name: "Last day: must not be before the start" }).waitFor();
    expect(await page.getByLabel("Last day").getAttribute("aria-invalid")).toBe("true");
    await expectAccessible(page);

    await page.getByLabel("Last day").fill("2031-11-21");
    await page.getByRole("button", { name: "Add", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: `Saved: ${title}.` })
      .waitFor();
    const item = page.locator("li.observance").filter({ hasText: title });
    await item.waitFor();
    expect(await item.innerText()).toContain("Blackout period · Latvia");

    // Change: the form opens with the period, focus moves to its heading; only the title is sent.
    await item.getByRole("button", { name: `Change ${title}` }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe("Change this period");
    expect(await page.getByLabel("Name").inputValue()).toBe(title);
    await page.getByLabel("Name").fill(`${title}, plenary`);
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page
      .locator("li.observance")
      .filter({ hasText: `${title}, plenary` })
      .waitFor();
    const { rows } = await stack.db.client.execute({
      sql: "SELECT id, countries, starts_on, ends_on FROM observances WHERE title = ?",
      args: [`${title}, plenary`],
    });
    expect(rows[0]).toMatchObject({ countries: '["LV"]', starts_on: "2031-11-20", ends_on: "2031-11-21" });
    const audit = await stack.db.client.execute({
      sql: "SELECT after FROM audit_log WHERE entity_id = ? AND action = 'observance.update'",
      args: [rows[0].id],
    });
    expect(audit.rows.map((r) => JSON.parse(String(r.after)))).toEqual([{ title: `${title}, plenary` }]);

    await page.getByRole("button", { name: `Delete ${title}, plenary` }).focus();
    await page.keyboard.press("Enter");
    await page
      .getByRole("status")
      .filter({ hasText: `Deleted: ${title}, plenary.` })
      .waitFor();
    // The list is read again after the delete: the period leaves it.
    await expect.poll(() => page.locator("li.observance").filter({ hasText: title }).count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Deleted: ${title}, plenary.`);
    await expectAccessible(page);
  });

  it("says in words when the finder found fewer good dates than asked, and names the blackout", async () => {
    const page = await newPage(viewport, undefined);
    await page.goto(`${stack.worker.baseUrl}/free-dates`);
    await page.getByLabel("Length in days").fill("1");
    await page.getByLabel("From").fill("2031-10-27");
    await page.getByLabel("To", { exact: true }).fill("2031-11-04");
    await page.getByLabel("Countries (codes, comma-separated, e.g. EE,LV)").fill("SE");
    await page.getByRole("button", { name: "Find dates" }).click();
    // Nine days: four in the session week, two a weekend; three good dates of the eight asked for.
    await page.getByText("Only 3 good dates of the 8 asked for in this period").waitFor();
    await page.getByText(/Blackout periods and observances in this period: Nordic Council session 2031 \(Blackout period/).waitFor();
    expect(await page.locator("ol.event-list > li").count()).toBe(3);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
  });
});

describe("observances and blackout periods elsewhere in the app", () => {
  it("is for coordinators: a partner is told so, and the header's Coordination group links to it", async () => {
    const partner = await newPage(SIZES[0][1], SAMPLE.partnerMarta);
    await partner.goto(`${stack.worker.baseUrl}/observances`);
    await partner.getByRole("heading", { name: "Not available to your account" }).waitFor();
    expect(await partner.getByRole("heading", { name: "Observances and blackout periods" }).count()).toBe(0);

    const page = await newPage(SIZES[0][1]);
    await page.goto(`${stack.worker.baseUrl}/`);
    await page.getByRole("button", { name: "Coordination" }).click();
    await page.getByRole("link", { name: "Observances" }).click();
    await page.getByRole("heading", { name: "Observances and blackout periods" }).waitFor();
  });

  it("shows a blackout period in the event form's radar as a high clash that asks why", async () => {
    const page = await newPage(SIZES[0][1], SAMPLE.partnerMarta);
    await page.goto(`${stack.worker.baseUrl}/events/new`);
    await page.getByLabel("Title").fill("Nordic shelter network meeting");
    await page.getByLabel("All-day event").check();
    await page.getByLabel("First day").fill("2031-10-28");
    await page.getByLabel("Last day").fill("2031-10-28");
    await page.getByLabel("Country", { exact: true }).selectOption("SE");
    const radar = page.locator("section.radar");
    await radar
      .locator("li.clash-high")
      .filter({ hasText: /in the blackout period Nordic Council session 2031 \(27\s?–\s?30 October 2031\)/ })
      .waitFor();
    expect(await radar.locator("li.clash-high").first().innerText()).toContain("Nordic Council session 2031");
    await page.getByLabel("Why these dates? (one line; coordinators will see it)").waitFor();
    await expectAccessible(page);
  });
});
