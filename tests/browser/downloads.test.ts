/**
 * Every download and subscription link leaves the web app's router (web/src/lib/links.ts): on each
 * page that has such links, every one is clicked and what the browser downloads is the file itself
 * (its content type and its first line), never the app's "Page not found". webcal: links open the
 * reader's calendar app, which a test browser has not got; their https twin is fetched instead.
 * Each calendar file must also name every TZID it uses in exactly one VTIMEZONE.
 */
import ICAL from "ical.js";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2031-03-10", browser: true });

const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

/** The links a reader downloads or subscribes with, in the page's main content. */
const LINK_KINDS = ["a[download]", 'a[href$=".ics"]', 'a[href*=".ics?"]', 'a[href$=".vcf"]', 'a[href$=".csv"]', 'a[href^="webcal:"]'];
const FILE_LINKS = LINK_KINDS.map((k) => `main ${k}`).join(", ");

interface Got {
  href: string;
  type: string;
  body: string;
}

/** What each file link on the page gives, clicked as a reader would (webcal: fetched over https). */
async function followAll(page: Page): Promise<Got[]> {
  // Links folded away (the calendar's "Subscribe" panel) are opened first, as a reader would.
  const folded = page.locator("main details:not([open])").filter({ has: page.locator(LINK_KINDS.join(", ")) });
  for (let i = 0; i < 5 && (await folded.count()) > 0; i++) await folded.first().locator("> summary").click();
  const links = await page.locator(FILE_LINKS).all();
  const got: Got[] = [];
  const origin = new URL(page.url()).origin;
  for (const link of links) {
    // Links to other services (Add to Google Calendar, Outlook) carry a feed's address but are not files.
    const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
    if (!href.startsWith("webcal:") && new URL(href).origin !== origin) continue;
    got.push(await follow(page, link));
  }
  return got;
}

async function follow(page: Page, link: Locator): Promise<Got> {
  const href = await link.evaluate((a) => (a as HTMLAnchorElement).href);
  const before = page.url();
  if (href.startsWith("webcal:")) {
    const res = await page.context().request.get(href.replace(/^webcal:/, new URL(before).protocol));
    return { href, type: res.headers()["content-type"] ?? "", body: await res.text() };
  }
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 10_000 }), link.click()]);
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const body = await readFile(path, "utf8");
  // The click left the page where it was: no client-side route to a "Page not found".
  expect(page.url(), href).toBe(before);
  await expect.poll(() => page.getByRole("heading", { name: "Page not found" }).count()).toBe(0);
  const res = await page.context().request.get(download.url());
  return { href, type: res.headers()["content-type"] ?? "", body };
}

/** Each TZID used in a calendar file has exactly one VTIMEZONE of that name. */
function expectZonesNamed(text: string, href: string): void {
  const comp = new ICAL.Component(ICAL.parse(text));
  const defined = comp.getAllSubcomponents("vtimezone").map((v) => String(v.getFirstPropertyValue("tzid")));
  const used = new Set(
    comp
      .getAllSubcomponents("vevent")
      .flatMap((v) => ["dtstart", "dtend"].map((p) => v.getFirstProperty(p)?.getParameter("tzid")))
      .filter((z): z is string => typeof z === "string"),
  );
  for (const zone of used)
    expect(
      defined.filter((d) => d === zone),
      `${href}: ${zone}`,
    ).toHaveLength(1);
}

function expectFile(got: Got): void {
  const path = new URL(got.href.replace(/^webcal:/, "https:")).pathname;
  if (path.endsWith(".ics")) {
    expect(got.type, got.href).toMatch(/^text\/calendar/);
    expect(got.body.startsWith("BEGIN:VCALENDAR"), got.href).toBe(true);
    expectZonesNamed(got.body, got.href);
  } else if (path.endsWith(".vcf")) {
    expect(got.type, got.href).toMatch(/^text\/vcard/);
    expect(got.body.startsWith("BEGIN:VCARD"), got.href).toBe(true);
  } else if (path.endsWith(".csv")) {
    expect(got.type, got.href).toMatch(/^text\/csv/);
    expect(got.body.split(/\r?\n/)[0], got.href).toMatch(/^\uFEFF?[a-z_]+(,[a-z_]+)+$/);
  } else throw new Error(`A file link of an unknown kind: ${got.href}`);
}

/** The pages with download or subscription links, and the links each must have. */
const PAGES: { path: string; signedIn?: boolean; expect: RegExp[]; prepare?: (page: Page) => Promise<void> }[] = [
  // Copenhagen is a link to Berlin in tzdata: the file must still name its VTIMEZONE Europe/Copenhagen.
  { path: "/events/sample-task-force-meeting", signedIn: true, expect: [/\/events\/sample-task-force-meeting\.ics$/] },
  { path: "/month/2031-03", expect: [/^webcal:\/\/[^/]+\/calendar\.ics$/, /\/calendar\.ics$/] },
  { path: "/list/2031-03?country=DK", expect: [/^webcal:\/\/[^/]+\/calendar\.ics\?country=DK$/, /\/calendar\.ics\?country=DK$/] },
  { path: "/people", expect: [/\/api\/export\/people\.csv$/] },
  { path: "/people/sample-kari-nordmann", expect: [/\/people\/sample-kari-nordmann\.vcf$/] },
  { path: "/organisations", expect: [/\/api\/export\/organisations\.csv$/] },
  { path: "/organisations/ncm", expect: [/^webcal:\/\/[^/]+\/organisations\/ncm\/calendar\.ics/, /\/organisations\/ncm\.vcf$/] },
  {
    path: "/account",
    signedIn: true,
    expect: [/^webcal:\/\/[^/]+\/feeds\/.+\.ics$/],
    prepare: async (page) => {
      await page.getByRole("button", { name: /^Make (my private feed address|a new address)/ }).click();
      await page.getByRole("link", { name: "Subscribe in your calendar app" }).waitFor();
    },
  },
];

describe("download and subscription links give the file itself", () => {
  for (const size of SIZES) {
    for (const p of PAGES) {
      it(`on ${p.path} (${size.name})`, async () => {
        const { browser, db, worker } = stack;
        const page = await openPage(browser, db.client, worker.baseUrl, {
          viewport: size.viewport,
          now: stack.now,
          userId: p.signedIn ? SAMPLE.coordinator : undefined,
        });
        try {
          await page.goto(`${worker.baseUrl}${p.path}`);
          // The app has taken over (the server-rendered event page has no skip link).
          await page.locator("main h1").first().waitFor();
          await page.locator("a.skip-link").waitFor({ state: "attached" });
          await p.prepare?.(page);
          await page.locator(FILE_LINKS).first().waitFor({ state: "attached" });
          const got = await followAll(page);
          const hrefs = got.map((g) => g.href);
          for (const pattern of p.expect)
            expect(
              hrefs.some((h) => pattern.test(h)),
              `${pattern} in ${hrefs.join(" ")}`,
            ).toBe(true);
          for (const g of got) expectFile(g);
        } finally {
          await page.context().close();
        }
      });
    }
  }
});

describe("links to pages the Worker renders", () => {
  it("open the Worker's page, not the app's Page not found: the digest preferences from the subscribe page", async () => {
    const { browser, db, worker } = stack;
    const api = await sessionFor(db.client, worker.baseUrl, SAMPLE.partnerMarta);
    const made = await api.request("PUT", "/api/me/subscription", {
      json: {
        active: true,
        countries: [],
        topics: [],
        audiences: [],
        organisations: [],
        language: "en",
        timeZone: "Europe/Riga",
        weeksAhead: 4,
        emptyNote: false,
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBeLessThan(300);
    const page = await openPage(browser, db.client, worker.baseUrl, { userId: SAMPLE.partnerMarta, now: stack.now });
    try {
      await page.goto(`${worker.baseUrl}/subscribe`);
      const more = page.getByRole("link", { name: "Choose countries, topics, audiences, organisations, language and time zone" });
      expect(await more.getAttribute("href")).toMatch(/\/digest\/preferences\?token=/);
      const [response] = await Promise.all([page.waitForEvent("response", (r) => r.url().includes("/digest/preferences")), more.click()]);
      expect(response.status()).toBe(200);
      await page.waitForURL(/\/digest\/preferences\?token=/);
      // The Worker's own page: no app shell around it.
      await page.locator("main h1").waitFor();
      expect(await page.locator("a.skip-link").count()).toBe(0);
      expect(await page.getByRole("heading", { name: "Page not found" }).count()).toBe(0);
    } finally {
      await page.context().close();
    }
  });
});
