/**
 * The event form as a newcomer fills it in, at both sizes. Once it was ~3,000 px of loose fields:
 * the country typed as a two-letter code, co-organisers chosen by Ctrl-click in a multiple
 * select, the clash radar at the very bottom, and with the end before the start the radar went
 * blank without a word. Now: a country picker with names, a searchable organisation picker, the
 * radar right after the dates (beside them, sticky, on wide screens) saying why when it cannot
 * answer, and the fields grouped in fieldsets.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });
const SIZES = { wide: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
let partner: ApiClient;
beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

async function newEventForm(viewport: { width: number; height: number }, lang?: string): Promise<Page> {
  const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
    userId: SAMPLE.partnerMarta,
    timezoneId: "Europe/Riga",
    now: stack.now,
    viewport,
    lang,
  });
  await page.goto(`${stack.worker.baseUrl}/events/new`);
  await page.locator("#f-title").waitFor();
  return page;
}

const radarStatus = (page: Page) => page.locator("section.radar [role=status]");

for (const [size, viewport] of Object.entries(SIZES)) {
  describe(`the event form (${size}, ${viewport.width} × ${viewport.height})`, () => {
    it("picks the country by its name, the region's countries first, and saves its code", async () => {
      const page = await newEventForm(viewport);
      const country = page.getByLabel("Country", { exact: true });
      const groups = await country.locator("optgroup").evaluateAll((gs) => gs.map((g) => (g as HTMLOptGroupElement).label));
      expect(groups).toEqual(["Countries of the region", "Other countries"]);
      const region = await country.locator("optgroup").first().locator("option").allInnerTexts();
      expect(region).toEqual(["Denmark", "Estonia", "Finland", "Germany", "Iceland", "Latvia", "Lithuania", "Norway", "Poland", "Russia", "Sweden"]);
      expect(await country.locator("optgroup").nth(1).locator("option", { hasText: "France" }).count()).toBe(1);

      await page.getByLabel("Title").fill(`Country picker ${size}`);
      await page.getByLabel("Starts").fill("2030-05-12T10:00");
      await page.getByLabel("Ends").fill("2030-05-12T12:00");
      await country.selectOption({ label: "Latvia" });
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("heading", { level: 1, name: `Country picker ${size}` }).waitFor();
      const slug = new URL(page.url()).pathname.split("/").pop();
      expect((await partner.get(`/api/events/${slug}`)).body.country).toBe("LV");
      await page.context().close();
    });

    it("finds co-organisers by typing part of a name, chooses them by keyboard and shows them as removable chips", async () => {
      const page = await newEventForm(viewport);
      const picker = page.locator("fieldset#f-organisers");
      expect(await picker.locator("legend").innerText()).toBe("Co-organisers");
      await page.getByLabel("Find an organisation").fill("ministers for health");
      const options = picker.locator(".org-options label");
      expect((await options.allInnerTexts()).map((s) => s.replace(/\s+/g, " ").trim())).toEqual([
        "Nordic Council of Ministers for Health and Social Affairs MR-S",
      ]);
      // By keyboard: Tab from the search to the one checkbox left, Space ticks it.
      await page.getByLabel("Find an organisation").press("Tab");
      await page.keyboard.press("Space");
      const chips = picker.locator(".chip > span:first-child");
      expect(await chips.allInnerTexts()).toEqual(["MR-S"]);

      // Accents do not matter, and a search that matches nothing says so.
      await page.getByLabel("Find an organisation").fill("no such organisation");
      expect(await options.count()).toBe(0);
      await picker.getByRole("status").filter({ hasText: "No organisation matches this search." }).waitFor();
      await page.getByLabel("Find an organisation").fill("jam");
      await picker.getByLabel(/Gender Equality/).check();
      expect(await chips.allInnerTexts()).toEqual(["MR-S", "MR-JÄM"]);

      await picker.getByRole("button", { name: "Remove Nordic Council of Ministers for Health and Social Affairs" }).click();
      expect(await chips.allInnerTexts()).toEqual(["MR-JÄM"]);

      await page.getByLabel("Title").fill(`Organisation picker ${size}`);
      await page.getByLabel("Starts").fill("2030-05-13T10:00");
      await page.getByLabel("Ends").fill("2030-05-13T12:00");
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByRole("heading", { level: 1, name: `Organisation picker ${size}` }).waitFor();
      const slug = new URL(page.url()).pathname.split("/").pop();
      const organisers = (await partner.get(`/api/events/${slug}`)).body.organisers as { id: string }[];
      expect(organisers.map((o) => o.id)).toEqual(["marta", "mr-jam"]);
      await page.context().close();
    });

    it("puts the radar right after the dates and says why it cannot answer", async () => {
      const page = await newEventForm(viewport);
      await radarStatus(page).filter({ hasText: "Enter the start and the end to check the dates for clashes." }).waitFor();

      const radar = (await page.locator("section.radar").boundingBox())!;
      const ends = (await page.getByLabel("Ends").boundingBox())!;
      const where = (await page.locator("fieldset", { has: page.locator("legend", { hasText: "Where" }) }).boundingBox())!;
      if (size === "wide") {
        // Beside the dates: to their right, level with them.
        expect(radar.x).toBeGreaterThan(ends.x + ends.width);
        expect(Math.abs(radar.y - ends.y)).toBeLessThan(200);
      } else {
        // Right after them, before the next group.
        expect(radar.y).toBeGreaterThan(ends.y + ends.height);
        expect(radar.y).toBeLessThan(where.y);
      }

      await page.getByLabel("Starts").fill("2030-04-10T10:00");
      await page.getByLabel("Ends").fill("2030-04-10T09:00");
      await radarStatus(page).filter({ hasText: "The radar cannot check these dates: Ends: must be after the start" }).waitFor();

      await page.getByLabel("Ends").fill("2030-04-10T12:00");
      await radarStatus(page)
        .filter({ hasText: /No other events on or near these dates|on or near these dates; the strongest clash/ })
        .waitFor();

      if (size === "wide") {
        // Sticky: still in view with the form scrolled down to the languages.
        await page.getByLabel("Swedish").scrollIntoViewIfNeeded();
        const inView = await page.locator("section.radar").evaluate((el) => {
          const r = el.getBoundingClientRect();
          return r.top >= 0 && r.top < window.innerHeight;
        });
        expect(inView).toBe(true);
      }
      await page.context().close();
    });
  });
}

describe("the event form in Russian", () => {
  it("names countries and says why the radar cannot answer in Russian", async () => {
    const page = await newEventForm(SIZES.phone, "ru");
    const country = page.locator("#f-country");
    expect(await country.locator("optgroup").first().locator("option").allInnerTexts()).toContain("Латвия");
    await page.locator("#f-startsAt").fill("2030-04-10T10:00");
    await page.locator("#f-endsAt").fill("2030-04-10T09:00");
    await radarStatus(page).filter({ hasText: "Радар не может проверить эти даты" }).waitFor();
    await page.context().close();
  });
});
