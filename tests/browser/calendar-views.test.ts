/**
 * The calendar as a newcomer meets it, on a laptop and on a phone: events of several days as bars,
 * colour by type with a legend that names each type, place and organiser in the list, an empty
 * month that says so and leads on, the home page's next events, and a heat map that fits a phone.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../../db/enums.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const stack = useStack({ today: TODAY, browser: true });

const LAPTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const SIZES = [
  ["laptop", LAPTOP],
  ["phone", PHONE],
] as const;
const TYPE_LABELS = ["Conference", "Seminar", "Workshop", "Meeting", "Training", "Study visit", "Campaign", "Deadline", "Event"];

const CONFERENCE = "Three-day test conference on shelters";
const WRAPPING = "Weekend-spanning test seminar";
const LATER = "November test training";

beforeAll(async () => {
  const client = stack.db.client;
  // Wednesday to Friday of the pinned week; Saturday to Tuesday across a week row; and, after
  // months with nothing (the demo ends in August), one event in November.
  await createEvent(client, {
    title: CONFERENCE,
    type: "conference",
    allDay: true,
    startsAt: "2031-03-12",
    endsAt: "2031-03-14",
    city: "Riga",
    country: "LV",
    organisers: ["marta"],
  });
  await createEvent(client, { title: WRAPPING, type: "seminar", allDay: true, startsAt: "2031-03-15", endsAt: "2031-03-18", organisers: ["ncm"] });
  await createEvent(client, { title: LATER, type: "training", allDay: true, startsAt: "2031-11-05", endsAt: "2031-11-05", organisers: ["marta"] });
});

const newPage = (viewport: { width: number; height: number }) =>
  openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { viewport, timezoneId: "Europe/Riga", now: stack.now });

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

describe("events of several days", () => {
  it("draws a three-day conference as one bar across its three days, named with its dates", async () => {
    const page = await newPage(LAPTOP);
    await page.goto(`${stack.worker.baseUrl}/month/2031-03`);
    const grid = page.locator("table.month-grid");
    const bar = grid.getByRole("link", { name: new RegExp(CONFERENCE) });
    await bar.waitFor();
    expect(await bar.count()).toBe(1);
    expect(await bar.getAttribute("href")).toMatch(/^\/events\//);
    // Its name says the type and the whole date range, so a screen reader hears it once, in full.
    expect(await bar.evaluate((a) => a.textContent)).toMatch(/12\s?–\s?14 March 2031/);
    const [b, wed, fri] = [await bar.boundingBox(), await box(page, 'td[data-day="2031-03-12"]'), await box(page, 'td[data-day="2031-03-14"]')];
    expect(b!.x).toBeGreaterThanOrEqual(wed.x);
    expect(b!.x).toBeLessThan(wed.x + 10);
    expect(b!.x + b!.width).toBeGreaterThan(fri.x + fri.width - 10);
    expect(b!.x + b!.width).toBeLessThanOrEqual(fri.x + fri.width);
    // Across a week row it wraps: one bar to Sunday marked as going on, one from Monday marked as continued.
    const parts = grid.getByRole("link", { name: new RegExp(WRAPPING) });
    expect(await parts.count()).toBe(2);
    expect(await parts.nth(0).innerText()).toMatch(/▸$/);
    expect(await parts.nth(1).innerText()).toMatch(/^◂/);
    const monday = await box(page, 'td[data-day="2031-03-17"]');
    expect((await parts.nth(1).boundingBox())!.x).toBeLessThan(monday.x + 10);
    // By keyboard: Enter on Thursday, a day the bar covers, goes to the conference.
    await page.locator('td[data-day="2031-03-13"]').focus();
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain(CONFERENCE);
    await expectAccessible(page);
  });

  it("draws it as one bar in the week view too", async () => {
    const page = await newPage(LAPTOP);
    await page.goto(`${stack.worker.baseUrl}/week/2031-03-10`);
    const bar = page.locator("table.month-grid").getByRole("link", { name: new RegExp(CONFERENCE) });
    await bar.waitFor();
    expect(await bar.count()).toBe(1);
    const [b, fri] = [await bar.boundingBox(), await box(page, 'td[data-day="2031-03-14"]')];
    expect(b!.x + b!.width).toBeGreaterThan(fri.x + fri.width - 10);
    await expectAccessible(page);
  });

  it("lists it once with its dates in the phone's month agenda, which fits the screen", async () => {
    const page = await newPage(PHONE);
    await page.goto(`${stack.worker.baseUrl}/month/2031-03`);
    const agenda = page.locator(".month-agenda");
    const item = agenda.getByRole("link", { name: new RegExp(CONFERENCE) });
    await item.waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.innerText()).toMatch(/12\s?–\s?14 March 2031/);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
  });
});

describe.each(SIZES)("on a %s", (_, viewport) => {
  it("colours events by type and names every type in a legend", async () => {
    const page = await newPage(viewport);
    await page.goto(`${stack.worker.baseUrl}/month/2031-03`);
    const legend = page.locator(".type-legend");
    await legend.waitFor();
    expect(await legend.isVisible()).toBe(true);
    const items = await legend.locator("li").allInnerTexts();
    expect(items.map((s) => s.trim())).toEqual(TYPE_LABELS);
    // Each type has its own shape beside its name, not only its colour.
    const shapes = await legend.locator(".type-mark").evaluateAll((marks) => marks.map((m) => getComputedStyle(m).clipPath));
    expect(new Set(shapes).size).toBe(EVENT_TYPES.length);
    // The conference is drawn in the conference colour and says its type to screen readers.
    const chip = page.getByRole("link", { name: new RegExp(`^Conference.*${CONFERENCE}`) }).first();
    await chip.waitFor();
    const colours = await chip.evaluate((a) => {
      const probe = document.querySelector(".type-legend li.type-conference .type-mark")!;
      return [getComputedStyle(a).borderLeftColor, getComputedStyle(probe).backgroundColor];
    });
    expect(colours[0]).toBe(colours[1]);
    await expectAccessible(page);
    // The type colours keep AA contrast in the dark scheme too.
    await page.emulateMedia({ colorScheme: "dark" });
    await expectAccessible(page);
  });

  it("shows each event's place and organiser in the list view", async () => {
    const page = await newPage(viewport);
    await page.goto(`${stack.worker.baseUrl}/list/2031-03`);
    const row = page.locator(".day-list").getByRole("link", { name: new RegExp(CONFERENCE) });
    await row.waitFor();
    expect(await row.count()).toBe(1);
    expect(await row.locator(".event-meta").innerText()).toBe("Riga, Latvia · Marta");
    // A demo event with several organisers names them all.
    const seminar = page.locator(".day-list").getByRole("link", { name: /Health care access for victims/ });
    expect(await seminar.locator(".event-meta").innerText()).toMatch(/^Riga, Latvia · .+, .+ and .+$/);
    await expectNoSidewaysScroll(page);
  });

  it("says a month has no events and leads to the next month that has", async () => {
    const page = await newPage(viewport);
    await page.goto(`${stack.worker.baseUrl}/month/2031-09`);
    const notice = page.getByText("No events in September 2031.");
    await notice.waitFor();
    expect(await notice.isVisible()).toBe(true);
    await page.getByRole("link", { name: "Next events: November 2031" }).click();
    await page.waitForURL(/\/month\/2031-11$/);
    await page
      .getByRole("link", { name: new RegExp(LATER) })
      .first()
      .waitFor();
    await expectAccessible(page);
  });

  it("opens the home page on the next events, within the first screen", async () => {
    const page = await newPage(viewport);
    await page.goto(`${stack.worker.baseUrl}/`);
    const upcoming = page.getByRole("region", { name: "Coming up" });
    const links = upcoming.getByRole("link");
    await upcoming.locator(".upcoming-list li").first().waitFor();
    const names = await upcoming.locator(".upcoming-list li .event-title").allInnerTexts();
    expect(names.length).toBe(5);
    // The first is the next thing on after now (10:00 on the pinned Monday): tomorrow's Narva seminar.
    expect(names[0]).toBe("Seminar on risks for young people across the border");
    expect(names).toContain(CONFERENCE);
    const first = await upcoming.locator(".upcoming-list li").first().boundingBox();
    expect(first!.y + first!.height).toBeLessThanOrEqual(viewport.height);
    expect(await links.last().innerText()).toBe("All upcoming events");
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
  });

  it("fits the heat map on the screen, opens it on this week and labels the months", async () => {
    const page = await newPage(viewport);
    await page.goto(`${stack.worker.baseUrl}/heatmap?by=audience`);
    const table = page.locator("table.heatmap");
    await table.waitFor();
    await expectNoSidewaysScroll(page);
    const months = await table.locator("th[scope=colgroup]").allInnerTexts();
    expect(months).toHaveLength(12);
    expect(months[0]).toBe("Jan");
    expect(months[2]).toBe("Mar");
    // The current week (from Monday 10 March) is marked and scrolled into the visible part.
    const week = table.locator("th.current-week");
    expect(await week.getAttribute("aria-current")).toBe("date");
    expect(await week.locator("abbr").getAttribute("title")).toBe("Week of Monday, 10 March 2031");
    const scroller = await box(page, ".heatmap-scroll");
    const w = await week.boundingBox();
    expect(w!.x).toBeGreaterThanOrEqual(scroller.x);
    expect(w!.x + w!.width).toBeLessThanOrEqual(scroller.x + scroller.width);
    await expectAccessible(page);
  });
});
