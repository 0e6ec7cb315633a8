/**
 * WCAG 2.1 AA on every page: axe-core in Chromium on each route of the app (as the role that can
 * see it) and on the server-rendered pages, in English and in Russian, and the main pages again in
 * the dark colour scheme; and a visible focus indicator on every control the keyboard reaches on
 * the busiest pages.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { axeViolations } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });
let documentSlug: string;
beforeAll(async () => {
  documentSlug = String((await stack.db.client.execute("SELECT slug FROM documents ORDER BY slug LIMIT 1")).rows[0].slug);
  // Something for NBPN's partners to answer on /proposals.
  await stack.db.client.execute({
    sql: "INSERT OR IGNORE INTO document_organisations (document_id, organisation_id, consent) SELECT id, 'nbpn', 'proposed' FROM documents WHERE slug = ?",
    args: [documentSlug],
  });
});

type Who = "anyone" | keyof typeof SAMPLE;
const PAGES: [Who, string][] = [
  ["anyone", "/"],
  ["anyone", "/month/2030-03"],
  ["anyone", "/week/2030-03-18"],
  ["anyone", "/list/2030-03"],
  ["anyone", "/year/2030"],
  ["anyone", "/search?q=Riga"],
  ["anyone", "/events/sample-task-force-meeting"],
  ["anyone", "/events/no-such-event"],
  ["anyone", "/sign-in"],
  ["anyone", "/sign-in/confirm"],
  ["anyone", "/organisations"],
  ["anyone", "/organisations/ncm"],
  ["anyone", "/people"],
  ["anyone", "/people/sample-kari-nordmann"],
  ["anyone", "/documents"],
  ["anyone", "/documents/{document}"],
  ["anyone", "/projects"],
  ["anyone", "/projects/health-care-access"],
  ["anyone", "/privacy"],
  ["anyone", "/free-dates"],
  ["anyone", "/heatmap"],
  ["anyone", "/subscribe"],
  ["anyone", "/on-your-website"],
  ["anyone", "/no-such-page"],
  ["partnerMarta", "/account"],
  ["partnerMarta", "/my/events"],
  ["partnerNbpn", "/proposals"],
  ["partnerMarta", "/events/new"],
  ["partnerMarta", "/import"],
  ["partnerMarta", "/holds"],
  ["partnerMarta", "/webhooks"],
  ["coordinator", "/dashboard"],
  ["coordinator", "/review"],
  ["coordinator", "/members"],
  ["coordinator", "/audit"],
  ["coordinator", "/digests"],
  ["coordinator", "/observances"],
  ["coordinator", "/alerts"],
  ["admin", "/events/sample-task-force-meeting/edit"],
  ["admin", "/admin/users"],
];

const open = (who: Who, language: string): Promise<Page> =>
  openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
    userId: who === "anyone" ? undefined : SAMPLE[who],
    locale: language,
    lang: language,
    timezoneId: "Europe/Tallinn",
    now: stack.now,
  });

describe("axe-core finds no WCAG 2.1 A/AA violation", () => {
  for (const language of ["en", "ru"]) {
    for (const [who, path] of PAGES) {
      it(`${path} (${who}, ${language})`, async () => {
        const page = await open(who, language);
        await page.goto(`${stack.worker.baseUrl}${path.replace("{document}", documentSlug)}`);
        await page.locator("main h1").first().waitFor({ timeout: 10_000 });
        await page.waitForLoadState("networkidle");
        expect(await page.locator("html").getAttribute("lang")).toBe(language);
        const found = (await axeViolations(page)).map((v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
        await page.context().close();
        expect(found).toEqual([]);
      });
    }
  }
});

/** The main pages, checked once more in the dark colour scheme (prefers-color-scheme: dark). */
const DARK_PAGES: [Who, string][] = [
  ["anyone", "/month/2030-03"],
  ["anyone", "/week/2030-03-18"],
  ["anyone", "/list/2030-03"],
  ["anyone", "/year/2030"],
  ["anyone", "/events/sample-task-force-meeting"],
  ["anyone", "/organisations"],
  ["anyone", "/people/sample-kari-nordmann"],
  ["anyone", "/projects"],
  ["anyone", "/heatmap"],
  ["anyone", "/sign-in"],
  ["anyone", "/subscribe"],
  ["partnerMarta", "/events/new"],
  ["partnerMarta", "/import"],
  ["coordinator", "/review"],
  ["coordinator", "/dashboard"],
  ["coordinator", "/audit"],
];

describe("axe-core finds no WCAG 2.1 A/AA violation in dark mode", () => {
  for (const [who, path] of DARK_PAGES) {
    it(`${path} (${who}, dark)`, async () => {
      const page = await open(who, "en");
      await page.emulateMedia({ colorScheme: "dark" });
      await page.goto(`${stack.worker.baseUrl}${path}`);
      await page.locator("main h1").first().waitFor({ timeout: 10_000 });
      await page.waitForLoadState("networkidle");
      // The page is drawn in the dark scheme: its ground is the dark --color-bg (#11151a).
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe("rgb(17, 21, 26)");
      const found = (await axeViolations(page)).map((v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      await page.context().close();
      expect(found).toEqual([]);
    });
  }
});

describe("keyboard focus is always visible", () => {
  for (const [who, path] of [
    ["anyone", "/month/2030-03"],
    ["partnerMarta", "/events/new"],
    ["anyone", "/organisations"],
  ] as [Who, string][]) {
    it(`on every control Tab reaches on ${path}`, async () => {
      const page = await open(who, "en");
      await page.goto(`${stack.worker.baseUrl}${path}`);
      await page.locator("main h1").first().waitFor();
      await page.waitForLoadState("networkidle");
      const unmarked: string[] = [];
      let reached = 0;
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press("Tab");
        const seen = await page.evaluate(() => {
          const el = document.activeElement as HTMLElement | null;
          if (!el || el === document.body) return null;
          const style = getComputedStyle(el);
          const marked = (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== "none";
          return {
            marked,
            name: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""} "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 40)}"`,
          };
        });
        if (!seen) break;
        reached++;
        if (!seen.marked) unmarked.push(seen.name);
      }
      expect(reached).toBeGreaterThan(10);
      expect(unmarked).toEqual([]);
      await page.context().close();
    });
  }
});

describe("forms by keyboard alone", () => {
  /** Presses Tab until the element with `id` has focus (at most 80 times). */
  async function tabTo(page: Page, id: string) {
    for (let i = 0; i < 80 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++) await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
  }

  it("signs up for the digest and asks for a sign-in link without a mouse", async () => {
    const page = await open("anyone", "en");
    await page.goto(`${stack.worker.baseUrl}/subscribe`);
    await page.locator("main h1").waitFor();
    await tabTo(page, "digest-email");
    await page.keyboard.type("keyboard.reader@example.net");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "Check your mail" }).waitFor();

    await page.goto(`${stack.worker.baseUrl}/sign-in`);
    await page.locator("main h1").waitFor();
    const email = await page.getByLabel("Email address").getAttribute("id");
    await tabTo(page, email!);
    await page.keyboard.type("keyboard.reader@example.net");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.getByRole("status").filter({ hasText: "sign-in link is on its way" }).waitFor();
    await page.context().close();
  });
});
