/**
 * Embeds on a partner's website, in Chromium, from a host page served on ANOTHER origin (a second
 * loopback server): <nd-calendar> renders the filtered public events in the host page's language
 * and is axe clean there; the iframe page renders and grows to its content; the calendar's other
 * pages refuse to be framed; the embed pages break no CSP.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ConsoleMessage, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04", browser: true });
const PUBLIC = "embed-host-public-workshop";
const PARTNERS = "embed-host-partners-briefing";
const BUSY = "embed-host-busy-steering";
const OTHER_COUNTRY = "embed-host-riga-seminar";
let host: Server;
let hostUrl: string;

/** The partner's pages; the Worker's address is put in when the page is served. */
function hostPage(path: string, calendar: string): string | null {
  const head = `<meta charset="utf-8"><title>Partner site</title><script src="${calendar}/embed.js" defer></script>`;
  if (path === "/element.html") {
    return `<!doctype html><html lang="de"><head>${head}</head><body><main><h1>Unser Verein</h1>
<nd-calendar organisation="marta" country="EE" limit="5"></nd-calendar></main></body></html>`;
  }
  if (path === "/frames.html") {
    return `<!doctype html><html lang="en"><head>${head}</head><body><main><h1>Partner site</h1>
<iframe id="calendar" src="${calendar}/embed/calendar?organisation=marta&amp;country=EE&amp;lang=de" title="Events" width="100%" height="80"></iframe>
<iframe id="home" src="${calendar}/" title="Home"></iframe>
<iframe id="event" src="${calendar}/events/${PUBLIC}" title="Event"></iframe>
</main></body></html>`;
  }
  return null;
}

beforeAll(async () => {
  const db = stack.db.client;
  await createEvent(db, {
    id: PUBLIC,
    title: "Host public workshop",
    startsAt: "2030-03-20T10:00",
    endsAt: "2030-03-20T12:00",
    organisers: ["marta"],
    country: "EE",
    city: "Tallinn",
  });
  await createEvent(db, {
    id: PARTNERS,
    title: "Host partners briefing",
    startsAt: "2030-03-21T10:00",
    endsAt: "2030-03-21T12:00",
    organisers: ["marta"],
    country: "EE",
    visibility: "partners",
  });
  await createEvent(db, {
    id: BUSY,
    title: "Host busy steering",
    startsAt: "2030-03-22T10:00",
    endsAt: "2030-03-22T12:00",
    organisers: ["marta"],
    country: "EE",
    visibility: "busy_only",
  });
  await createEvent(db, {
    id: OTHER_COUNTRY,
    title: "Host Riga seminar",
    startsAt: "2030-03-23T10:00",
    endsAt: "2030-03-23T12:00",
    organisers: ["marta"],
    country: "LV",
  });
  const calendar = stack.worker.baseUrl;
  host = createServer((req, res) => {
    const body = hostPage(new URL(req.url ?? "/", "http://host").pathname, calendar);
    // No favicon: an empty answer rather than a 404 in the console.
    if (!body) return void res.writeHead(req.url === "/favicon.ico" ? 204 : 404).end();
    // A careful partner: its own strict policy, naming the calendar for the script, data and frames.
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": `default-src 'self'; script-src 'self' ${calendar}; connect-src ${calendar}; frame-src ${calendar}; style-src 'self'`,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => host.listen(0, "127.0.0.1", resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  expect(new URL(hostUrl).origin).not.toBe(new URL(calendar).origin);
});
afterAll(() => new Promise<void>((resolve) => (host ? host.close(() => resolve()) : resolve())));

/** A host page at `size`, with every console error kept. */
async function open(path: string, viewport = { width: 1366, height: 900 }): Promise<{ page: Page; errors: string[] }> {
  const page = await openPage(stack.browser, stack.db.client, hostUrl, { viewport, enforceCsp: true, now: stack.now });
  const errors: string[] = [];
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error" || m.type() === "warning") errors.push(m.text());
  });
  await page.goto(`${hostUrl}${path}`);
  return { page, errors };
}

describe("<nd-calendar> on a partner's page", () => {
  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`shows the filtered public events in the page's language, linked to the calendar, under the host's own strict CSP (${viewport.width} px)`, async () => {
      const { page, errors } = await open("/element.html", viewport);
      const calendar = page.locator("nd-calendar");
      await expect.poll(() => calendar.locator("li").count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await expect.poll(() => calendar.getByRole("heading", { level: 2 }).textContent()).toBe("Kommende Veranstaltungen");
      const titles = await calendar.getByRole("heading", { level: 3 }).allTextContents();
      expect(titles).toContain("Host public workshop");
      expect(titles).not.toContain("Host partners briefing");
      expect(titles).not.toContain("Host Riga seminar");
      expect(titles.join(" ")).not.toMatch(/busy|Host busy steering/i);
      const link = calendar.getByRole("link", { name: "Host public workshop" });
      expect(await link.getAttribute("href")).toBe(`${stack.worker.baseUrl}/events/${PUBLIC}`);
      const item = calendar.locator("li").filter({ hasText: "Host public workshop" });
      expect(await item.locator("time").getAttribute("datetime")).toBe("2030-03-20T10:00:00.000Z");
      expect(await item.textContent()).toContain("Tallinn, Estland");
      // The host's own strict policy (no inline styles) holds: nothing was refused, nothing failed.
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it("is axe clean inside the host page", async () => {
    // axe-core is injected inline, which the host's policy forbids: this page bypasses it.
    const page = await openPage(stack.browser, stack.db.client, hostUrl, { now: stack.now });
    await page.goto(`${hostUrl}/element.html`);
    await expect.poll(() => page.locator("nd-calendar li").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.context().close();
  });

  it("reads anonymously: no cookie goes to the calendar", async () => {
    const page = await openPage(stack.browser, stack.db.client, hostUrl, { enforceCsp: true });
    const sent: (string | undefined)[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/embed/events")) sent.push(r.headers().cookie);
    });
    await page.context().addCookies([{ name: "session", value: "x", domain: "127.0.0.1", path: "/" }]);
    await page.goto(`${hostUrl}/element.html`);
    await expect.poll(() => page.locator("nd-calendar li").count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.every((c) => c === undefined)).toBe(true);
    await page.context().close();
  });
});

describe("the iframe on a partner's page", () => {
  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`renders and grows to its content, while the calendar's other pages refuse to be framed (${viewport.width} px)`, async () => {
      const { page, errors } = await open("/frames.html", viewport);
      const frame = page.frameLocator("#calendar");
      await expect.poll(() => frame.getByRole("heading", { level: 1 }).textContent(), { timeout: 10_000 }).toBe("Kommende Veranstaltungen");
      expect(await frame.getByRole("heading", { level: 2 }).allTextContents()).toEqual(expect.arrayContaining(["Host public workshop"]));
      expect(await frame.getByRole("heading", { level: 2 }).allTextContents()).not.toContain("Host partners briefing");
      // The frame was 80 px high; it takes its content's height (embed.js on both sides).
      const contentHeight = await frame.locator("html").evaluate((el) => Math.ceil(el.getBoundingClientRect().height));
      expect(contentHeight).toBeGreaterThan(150);
      await expect.poll(() => page.locator("#calendar").evaluate((el) => (el as HTMLIFrameElement).clientHeight), { timeout: 5_000 }).toBe(contentHeight);
      // The home page and an event page stay blank: the browser refused to frame them.
      for (const id of ["home", "event"]) {
        const blocked = await (await page.$(`#${id}`))!.contentFrame();
        await expect.poll(() => blocked!.url()).toMatch(/^chrome-error:/);
      }
      const refusals = errors.filter((e) => /^Framing '.*' violates .*"frame-ancestors 'none'"/.test(e));
      expect(refusals).toHaveLength(2);
      expect(refusals.every((e) => !e.includes("/embed/"))).toBe(true);
      // Nothing else went wrong: no CSP violation in the embed page, no failed load.
      expect(errors.filter((e) => !refusals.includes(e))).toEqual([]);
      await page.context().close();
    });
  }

  it("the iframe page itself is axe clean", async () => {
    const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { now: stack.now });
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(m.text());
    });
    await page.goto(`${stack.worker.baseUrl}/embed/events/${PUBLIC}?lang=fi`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Host public workshop");
    await expectAccessible(page);
    await page.goto(`${stack.worker.baseUrl}/embed/calendar?organisation=marta`);
    await expectAccessible(page);
    // Dark colours keep the contrast (axe checks it).
    await page.goto(`${stack.worker.baseUrl}/embed/calendar?organisation=marta&theme=dark`);
    await expectAccessible(page);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe("the page that builds the code", () => {
  for (const viewport of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`builds the element and the frame from the chosen filters, previews them live and copies the code (${viewport.width} px)`, async () => {
      const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { viewport, now: stack.now, enforceCsp: true });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: stack.worker.baseUrl });
      await page.goto(`${stack.worker.baseUrl}/`);
      await page.getByRole("link", { name: "Put the calendar on your website" }).click();
      await page.getByRole("heading", { level: 1, name: "Put the calendar on your website" }).waitFor();
      await page.getByLabel("Country").selectOption("EE");
      await page.getByLabel("Language of the texts").selectOption("de");
      const code = page.getByLabel("Code to paste into your page");
      await expect
        .poll(() => code.inputValue())
        .toBe(`<script src="${stack.worker.baseUrl}/embed.js" defer></script>\n<nd-calendar country="EE" limit="5" lang="de"></nd-calendar>`);
      const preview = page.locator(".embed-preview nd-calendar");
      await expect.poll(() => preview.getByRole("heading", { level: 3 }).allTextContents(), { timeout: 10_000 }).toContain("Host public workshop");
      expect(await preview.getByRole("heading", { level: 3 }).allTextContents()).not.toContain("Host Riga seminar");
      expect(await preview.getByRole("heading", { level: 2 }).textContent()).toBe("Kommende Veranstaltungen");
      // The keyboard chooses the frame: arrow keys move within the radio group.
      await page.getByLabel("Script and element (recommended)").focus();
      await page.keyboard.press("ArrowDown");
      expect(await page.getByLabel("Frame, for sites that remove scripts").isChecked()).toBe(true);
      await expect.poll(() => code.inputValue()).toContain(`<iframe src="${stack.worker.baseUrl}/embed/calendar?country=EE&amp;limit=5&amp;lang=de"`);
      const frame = page.frameLocator(".embed-preview iframe");
      await expect.poll(() => frame.getByRole("heading", { level: 2 }).allTextContents(), { timeout: 10_000 }).toContain("Host public workshop");
      // Dark colours for a dark site: the code and the preview follow.
      await page.getByLabel("Colours of the frame").selectOption("dark");
      await expect.poll(() => code.inputValue()).toContain("lang=de&amp;theme=dark");
      await expect.poll(() => frame.locator("html").evaluate((e) => getComputedStyle(e).backgroundColor), { timeout: 10_000 }).toBe("rgb(17, 21, 26)");
      await page.getByRole("button", { name: "Copy code" }).click();
      await expect.poll(() => page.getByRole("status").filter({ hasText: "Copied." }).count()).toBe(1);
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await code.inputValue());
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
