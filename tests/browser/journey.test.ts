/**
 * The whole journey on a phone, as the issue tells it: a newcomer browses, filters, searches and
 * subscribes; a partner signs in through the mail and submits an event that shows a clash; a
 * coordinator approves it; the newcomer's weekly digest arrives with it. Real Chromium with a
 * phone's viewport and touch, the real Worker, libSQL and an SMTP server standing in for the
 * mail catcher. The Worker, the phone and the cron all run on one fixed day, and the demo data is
 * seeded around it.
 */
import type { BrowserContextOptions, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { dayFrom, useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const day = (n: number) => dayFrom(TODAY, n);
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  locale: "en-GB",
  timezoneId: "Europe/Riga",
  bypassCSP: true,
};
const NEWCOMER = "newcomer@example.lv";
const TITLE = "Shelter workers' exchange in Riga";

const stack = useStack({ today: TODAY, smtp: true, browser: true });

async function phone(): Promise<Page> {
  const page = await (await stack.browser.newContext(PHONE)).newPage();
  await page.clock.setFixedTime(stack.now);
  return page;
}

/** Nothing wider than the screen: no sideways scrolling on a phone. */
async function expectFitsThePhone(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

/** The link in the newest mail to `to` whose text matches. */
async function linkFromMail(to: string, pattern: RegExp, after: number): Promise<string> {
  const mail = await stack.smtp.waitFor((m) => stack.smtp.messages.indexOf(m) >= after && m.envelope.to.includes(to) && pattern.test(m.parsed.text ?? ""));
  return pattern.exec(mail.parsed.text ?? "")![0];
}

async function signIn(page: Page, email: string) {
  const before = stack.smtp.messages.length;
  await page.goto(`${stack.worker.baseUrl}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).tap();
  await page.getByRole("status").filter({ hasText: "sign-in link is on its way" }).waitFor();
  await page.goto(await linkFromMail(email, /https?:\/\/\S+#token=[A-Za-z0-9_-]+/, before));
  await page.getByRole("button", { name: "Sign in" }).tap();
  await page.getByRole("heading", { name: "Your account" }).waitFor();
}

describe("the journey, on a phone", () => {
  it("newcomer browses, filters, searches and subscribes", async () => {
    const page = await phone();
    await page.goto(`${stack.worker.baseUrl}/`);
    await page.locator("#view-heading").waitFor();
    await expectFitsThePhone(page);
    // Three months as a list: the Riga seminar and the Vilnius conference a week and a half away.
    await page.getByRole("link", { name: "List", exact: true }).tap();
    await page
      .getByRole("link", { name: /Health care access for victims/ })
      .first()
      .waitFor();
    await page
      .getByRole("link", { name: /Social services against exploitation/ })
      .first()
      .waitFor();
    await expectFitsThePhone(page);
    await expectAccessible(page);

    await page.getByText("Filters", { exact: true }).tap();
    await page.getByLabel("Country").selectOption("LV");
    await page.waitForURL(/country=LV/);
    await page
      .getByRole("link", { name: /Health care access for victims/ })
      .first()
      .waitFor();
    await expect.poll(() => page.getByRole("link", { name: /Social services against exploitation/ }).count()).toBe(0);
    // The calendar subscription keeps the filter.
    expect(await page.locator("a[href^='webcal://']").first().getAttribute("href")).toContain("country=LV");

    // On a phone the search is in the menu.
    await page.getByRole("button", { name: "Menu" }).tap();
    await page.getByLabel("Search the calendar").first().fill("Vilnius");
    await page.getByLabel("Search the calendar").first().press("Enter");
    await page.waitForURL(/\/search\?q=Vilnius/);
    await page.getByRole("link", { name: /Social services against exploitation/ }).waitFor();
    await expectFitsThePhone(page);

    await page.getByRole("button", { name: "Menu" }).tap();
    await page.getByRole("link", { name: "Weekly digest" }).tap();
    await page.getByLabel("E-mail address").fill(NEWCOMER);
    const before = stack.smtp.messages.length;
    await page.getByRole("button", { name: "Subscribe" }).tap();
    await page.getByRole("status").filter({ hasText: "Check your mail" }).waitFor();
    await expectAccessible(page);
    await page.goto(await linkFromMail(NEWCOMER, /https?:\/\/\S+\/digest\/confirm\?token=\S+/, before));
    await page.getByRole("button", { name: "Yes, subscribe" }).tap();
    await page.getByRole("heading", { name: "Subscription confirmed" }).waitFor();
    await expectFitsThePhone(page);
    await page.context().close();
  });

  it("partner signs in through the mail and submits an event the radar finds clashing", async () => {
    const page = await phone();
    await signIn(page, "partner.marta@example.org");
    await page.getByRole("button", { name: "Menu" }).tap();
    await page.getByRole("button", { name: "My organisation" }).tap();
    await page.getByRole("link", { name: "New event" }).tap();
    await page.getByLabel("Title").fill(TITLE);
    await page.getByLabel("Type").selectOption("meeting");
    await page.getByLabel("All-day event").check();
    await page.getByLabel("First day").fill(day(12));
    await page.getByLabel("Last day").fill(day(12));
    await page.getByLabel("City").fill("Riga");
    await page.getByLabel("Country", { exact: true }).selectOption("LV");
    await page.getByLabel("Victim identification and support").check();
    await page.getByLabel("Social workers").check();
    const radar = page.locator("section.radar");
    await radar.getByText(/the strongest clash is high/).waitFor();
    expect(await radar.locator("li.clash").first().innerText()).toMatch(/Health care access for victims|Social services against exploitation/);
    await expectFitsThePhone(page);
    await page.getByLabel("Why these dates? (one line; coordinators will see it)").fill("Our shelter staff can only travel that week.");
    await page.getByRole("button", { name: "Save" }).tap();
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await page.getByRole("button", { name: "Submit for review" }).tap();
    await page.locator(".manage-panel").getByText("Waiting for review").waitFor();
    await page.context().close();
  });

  it("coordinator approves it, with the partner's reason in view", async () => {
    const page = await phone();
    await signIn(page, "coordinator@example.org");
    await page.getByRole("button", { name: "Menu" }).tap();
    await page.getByRole("button", { name: "Coordination" }).tap();
    await page.getByRole("link", { name: "Review queue" }).tap();
    await page.getByText("Our shelter staff can only travel that week.").waitFor();
    await expectAccessible(page);
    await page.getByRole("link", { name: TITLE }).tap();
    await page.getByRole("button", { name: "Approve and publish" }).tap();
    await page.locator(".manage-panel").getByText("State: Published").waitFor();
    await expectFitsThePhone(page);
    await page.context().close();
  });

  it("the newcomer's weekly digest arrives with the new event and its clash, and reads on the phone", async () => {
    await stack.cron("0 6 * * 1");
    await stack.cron("*/5 * * * *");
    const digest = await stack.smtp.waitFor((m) => m.envelope.to.includes(NEWCOMER) && /events? in the coming weeks/.test(m.parsed.subject ?? ""));
    const text = digest.parsed.text ?? "";
    expect(text).toMatch(new RegExp(`NEW.*${TITLE}`));
    expect(text).toContain("Clashes to know about");
    expect(text).toContain("Health care access for victims");

    const page = await phone();
    await page.setContent(String(digest.parsed.html));
    await expectFitsThePhone(page);
    await expectAccessible(page);
    // Its link leads to the event's own page, readable on the phone.
    const href = await page.getByRole("link", { name: TITLE }).first().getAttribute("href");
    await page.goto(href!);
    await page.getByRole("heading", { level: 1, name: TITLE }).waitFor();
    await expectFitsThePhone(page);
    await page.context().close();
  });
});
