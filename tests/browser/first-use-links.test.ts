/**
 * First use, issue 15: what a newcomer meets on the event, directory and audit pages and in a few
 * small places, at a laptop's and a phone's size. An event names its organisers, contact persons,
 * projects and documents as links to their pages (in the app and in the server-rendered page);
 * the directory pages lead to one another; the audit log reads as words with names; the switcher
 * names each language in itself; a Russian month heading starts with a capital; a project of one
 * year says that year; a document with nothing to open says so; a fresh calendar's digest page
 * warns about no week before its install.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

/** A Thursday: the calendar was installed yesterday, after Monday's digest run fell due. */
const TODAY = "2031-03-13";
const INSTALLED = "2031-03-12T09:00:00.000Z";
const stack = useStack({ today: TODAY, browser: true });

const SIZES = [
  { name: "laptop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

const slugOf = async (id: string) => String((await stack.db.client.execute({ sql: "SELECT slug FROM events WHERE id = ?", args: [id] })).rows[0].slug);

/** Nothing wider than the screen: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(0);
}

const EDITED_TITLE = "Coordination meeting of international organisations (room changed)";

beforeAll(async () => {
  // Every account of the demo data was made yesterday: a calendar installed on Wednesday.
  await stack.db.client.execute({ sql: "UPDATE users SET created_at = ?", args: [INSTALLED] });
  // Two changes for the audit log: an event's title, and a person's title (personal data).
  const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  const slug = await slugOf("sample-task-force-meeting");
  const current = await coordinator.get(`/api/events/${slug}`);
  expect((await coordinator.patch(`/api/events/${slug}`, { title: EDITED_TITLE }, { "if-match": current.headers.get("etag")! })).status).toBe(200);
  expect((await coordinator.patch("/api/people/sample-kari-nordmann", { title: "Adviser" })).status).toBe(200);
  // And a clash seen and accepted, which the log keeps as the other event's id.
  const acknowledged = await coordinator.post("/api/dashboard/acknowledge", { a: "sample-social-services-conference", b: "sample-health-care-access-seminar" });
  expect(acknowledged.status).toBe(204);
});

describe.each(SIZES)("first use on a $name", ({ viewport }) => {
  const newPage = (options: { userId?: string; lang?: string } = {}) =>
    openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { ...options, now: stack.now, viewport });

  it("the event page links its organisers, contact person and project to their pages", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/events/${await slugOf("sample-health-care-access-seminar")}`);
    await page.getByRole("heading", { level: 1, name: "Health care access for victims: Nordic-Baltic seminar" }).waitFor();
    const organiser = page.getByRole("link", { name: "WHO Regional Office for Europe" });
    expect(await organiser.getAttribute("href")).toBe("/organisations/who-europe");
    expect(await page.getByRole("link", { name: "Matti Meikäläinen" }).getAttribute("href")).toBe("/people/sample-matti-meikalainen");
    await expectAccessible(page);
    await page.getByRole("link", { name: /Knowledge overview and action plan on health-care access/ }).click();
    await page.getByRole("heading", { level: 1, name: /Knowledge overview and action plan on health-care access/ }).waitFor();
    await page.goBack();
    await organiser.click();
    await page.getByRole("heading", { level: 1, name: /WHO Regional Office for Europe/ }).waitFor();
    await expectNoSidewaysScroll(page);
  });

  it("the server-rendered event page (no JavaScript) links them too, and its switcher says Íslenska", async () => {
    const context = await stack.browser.newContext({ viewport, javaScriptEnabled: false, locale: "en-GB" });
    const page = await context.newPage();
    await page.goto(`${stack.worker.baseUrl}/events/${await slugOf("sample-task-force-meeting")}`);
    await page.getByRole("heading", { level: 1, name: EDITED_TITLE }).waitFor();
    expect(await page.getByRole("link", { name: "Nordic Council of Ministers", exact: true }).getAttribute("href")).toBe("/organisations/ncm");
    expect(await page.getByRole("link", { name: "Kari Nordmann" }).getAttribute("href")).toBe("/people/sample-kari-nordmann");
    expect(await page.getByRole("link", { name: /NB-8 Memorandum of Understanding/ }).getAttribute("href")).toBe("/documents/nb8-mou-2009");
    const languages = await page.locator("#language-switcher option").allInnerTexts();
    expect(languages).toContain("Íslenska");
    expect(languages).not.toContain("Icelandic");
    await context.close();
  });

  it("people lead to their organisations, and an organisation to its people, events, projects and documents", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/people`);
    // The person's organisation is a link in the list itself.
    await page.getByRole("listitem").filter({ hasText: "Kari Nordmann" }).getByRole("link", { name: "Nordic Council of Ministers", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Nordic Council of Ministers (NCM)" }).waitFor();
    const section = (name: string) =>
      page.getByRole("region", { name }).or(page.locator("section").filter({ has: page.getByRole("heading", { level: 2, name, exact: true }) }));
    expect(await section("People").getByRole("link", { name: "Kari Nordmann" }).count()).toBe(1);
    expect(await section("Upcoming events").getByRole("link", { name: EDITED_TITLE }).count()).toBe(1);
    expect(
      await section("Documents")
        .getByRole("link", { name: /NB-8 Memorandum/ })
        .count(),
    ).toBe(1);
    expect(await section("Projects").getByRole("link").count()).toBeGreaterThan(0);
    await expectNoSidewaysScroll(page);
    await section("People").getByRole("link", { name: "Kari Nordmann" }).click();
    await page.getByRole("heading", { level: 1, name: "Kari Nordmann" }).waitFor();
    // A sample person is marked as one once, not in the title as well.
    expect(await page.getByText(/sample record/i).count()).toBe(1);
    await page.getByRole("link", { name: "Nordic Council of Ministers", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Nordic Council of Ministers (NCM)" }).waitFor();
    await section("Documents")
      .getByRole("link", { name: /NB-8 Memorandum/ })
      .click();
    await page.getByRole("heading", { level: 1, name: /NB-8 Memorandum/ }).waitFor();
    // Neither a file nor a link: the page says so instead of nothing.
    await page.getByText("There is no file or link for this document yet.").waitFor();
    expect(await page.getByRole("link", { name: "Nordic Council of Ministers", exact: true }).getAttribute("href")).toBe("/organisations/ncm");
    await expectAccessible(page);
  });

  it("the documents and projects lists link their organisations, and a project of one year says that year", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/documents`);
    const nb8 = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: /NB-8 Memorandum/ }) });
    expect(await nb8.getByRole("link", { name: "Nordic Council of Ministers", exact: true }).getAttribute("href")).toBe("/organisations/ncm");
    await page.goto(`${stack.worker.baseUrl}/projects`);
    const seminars = page
      .getByRole("listitem")
      .filter({ has: page.getByRole("link", { name: /Seminar series "Drugs, prostitution/ }) })
      .last();
    const meta = await seminars.locator(".meta").innerText();
    expect(meta).toMatch(/· 2004 ·/);
    expect(meta).not.toContain("2004–2004");
    await expectNoSidewaysScroll(page);
  });

  it("the audit log reads as words with names and “field: before → after”, without sideways scrolling", async () => {
    const page = await newPage({ userId: SAMPLE.coordinator });
    await page.goto(`${stack.worker.baseUrl}/audit`);
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    const event = page.getByRole("listitem").filter({ hasText: "Event changed" }).first();
    await event.waitFor();
    expect(await event.getByRole("link", { name: EDITED_TITLE }).getAttribute("href")).toMatch(/^\/events\//);
    const eventText = await event.innerText();
    expect(eventText).toContain("by Cora Coordinator (sample)");
    expect(eventText).toContain(`Title: Coordination meeting of international organisations and task forces → ${EDITED_TITLE}`);
    // A person's title is personal data: the change is named, its values masked.
    const person = page.getByRole("listitem").filter({ hasText: "Person changed" }).first();
    expect(await person.getByRole("link", { name: "Kari Nordmann" }).getAttribute("href")).toBe("/people/sample-kari-nordmann");
    expect(await person.innerText()).toContain("title: hidden (personal data) → hidden (personal data)");
    // The other event of an acknowledged clash by its title, not its id.
    const clash = page.getByRole("listitem").filter({ hasText: "Clash acknowledged" }).first();
    expect(await clash.getByRole("link", { name: "Health care access for victims: Nordic-Baltic seminar" }).count()).toBe(1);
    expect(await clash.innerText()).toContain("with: Social services against exploitation: regional conference");
    const all = await page.locator("main").innerText();
    expect(all).not.toContain("Adviser");
    expect(all).not.toMatch(/event\.update|person\.update|clash\.acknowledge|sample-coordinator|sample-task-force-meeting|sample-social-services-conference/);
    // Words stay whole on a phone: the action's text is wider than a few letters.
    const box = await event.getByText("Event changed").boundingBox();
    expect(box!.width).toBeGreaterThan(80);
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
  });

  it("file and number fields look like the other fields", async () => {
    const page = await newPage({ userId: SAMPLE.coordinator });
    await page.goto(`${stack.worker.baseUrl}/import`);
    const file = page.getByLabel("CSV file");
    await file.waitFor({ state: "attached" });
    const look = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((el) => {
          const s = getComputedStyle(el);
          return {
            border: `${s.borderTopWidth} ${s.borderTopStyle} ${s.borderTopColor}`,
            radius: s.borderTopLeftRadius,
            minHeight: s.minHeight,
            font: s.fontFamily,
          };
        });
    const select = await look("main select");
    expect(await look('input[type="file"]')).toEqual(select);
    await page.goto(`${stack.worker.baseUrl}/heatmap`);
    await page.locator('input[type="number"]').waitFor();
    expect(await look('input[type="number"]')).toEqual(await look("main select"));
  });

  it("a fresh calendar's digest page warns about no week before its install", async () => {
    const page = await newPage({ userId: SAMPLE.coordinator });
    await page.goto(`${stack.worker.baseUrl}/digests`);
    await page.getByText("No digest has been sent yet.").waitFor();
    expect(await page.getByText(/No digest run exists for these weeks/).count()).toBe(0);
  });

  it("names Icelandic Íslenska in the app's switcher and capitalises a Russian month heading", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/month/2031-03`);
    await page.getByRole("heading", { level: 1, name: "March 2031" }).waitFor();
    const switcher = page.getByLabel("Site language");
    await switcher.locator('option[value="is"]').waitFor({ state: "attached" });
    const languages = await switcher.locator("option").allInnerTexts();
    expect(languages).toContain("Íslenska");
    expect(languages).toContain("Русский");
    const russian = await newPage({ lang: "ru" });
    await russian.goto(`${stack.worker.baseUrl}/month/2031-03`);
    await russian.getByRole("heading", { level: 1, name: /^Март 2031/ }).waitFor();
  });

  it("names each page in the tab, in the reader's language, also after moving within the app", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/organisations`);
    const heading = await page.getByRole("heading", { level: 1 }).innerText();
    await page.waitForFunction((h) => document.title.startsWith(h), heading);
    expect(await page.title()).toBe(`${heading} — Northern Dimension anti-trafficking calendar`);
    await page.getByRole("link", { name: "Nordic Council of Ministers", exact: true }).first().click();
    await page.getByRole("heading", { level: 1, name: "Nordic Council of Ministers" }).waitFor();
    await page.waitForFunction(() => /^Nordic Council of Ministers.* — Northern Dimension/.test(document.title));
    const russian = await newPage({ lang: "ru" });
    await russian.goto(`${stack.worker.baseUrl}/month/2031-03`);
    await russian.getByRole("heading", { level: 1, name: /^Март 2031/ }).waitFor();
    await russian.waitForFunction(() => document.title.startsWith("Март 2031"));
    expect(await russian.title()).not.toContain("Northern Dimension anti-trafficking calendar");
  });

  it("fits the new event form and the Lithuanian view switch on the screen", async () => {
    const form = await newPage({ userId: SAMPLE.partnerMarta });
    await form.goto(`${stack.worker.baseUrl}/events/new`);
    await form.locator("#f-title").waitFor();
    await expectNoSidewaysScroll(form);
    const lithuanian = await newPage({ lang: "lt" });
    await lithuanian.goto(`${stack.worker.baseUrl}/month/2031-03`);
    await lithuanian.locator(".view-switch").waitFor();
    await expectNoSidewaysScroll(lithuanian);
  });

  it("shows the partner why a change they proposed to a published event was returned", async () => {
    const coordinator = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
    const partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
    const made = await coordinator.post("/api/events", {
      title: `Shelter open house (${viewport.width})`,
      type: "meeting",
      startsAt: "2031-05-20T10:00",
      endsAt: "2031-05-20T12:00",
      timeZone: "Europe/Riga",
      organisers: ["marta"],
      ownerOrganisationId: "marta",
      publish: true,
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const slug = made.body.slug as string;
    const etag = async () => (await coordinator.get(`/api/events/${slug}`)).headers.get("etag")!;
    expect((await partner.patch(`/api/events/${slug}`, { city: "Jūrmala" }, { "if-match": await etag() })).status).toBe(200);
    expect((await coordinator.post(`/api/events/${slug}/return`, { comment: "Which hall in Jūrmala?" }, { "if-match": await etag() })).status).toBe(200);
    const page = await newPage({ userId: SAMPLE.partnerMarta });
    await page.goto(`${stack.worker.baseUrl}/events/${slug}`);
    await page.getByText("Your proposed change was returned with this comment").waitFor();
    expect(await page.locator(".manage-panel blockquote").innerText()).toBe("Which hall in Jūrmala?");
  });
});
