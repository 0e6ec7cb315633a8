/**
 * No page breaks the site's own Content Security Policy: every route of the web app (as the role
 * that can see it) and every page the Worker renders (the event page, the digest's confirm,
 * preferences and unsubscribe pages and what their forms answer, an invalid digest link, an unknown
 * event, the API's documentation page; the sign-in mail's landing page is the app's) is opened with the CSP enforced (openPage bypasses it for axe-core
 * otherwise), and any `securitypolicyviolation` event or console report of a blocked resource
 * fails the test, naming the page and what was blocked.
 */
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { signLink } from "../../functions/digest/links.ts";
import { ApiClient, SAMPLE } from "../support/api.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";
import { TEST_LINK_SECRET } from "../support/worker.ts";

const stack = useStack({ today: "2031-03-10", browser: true });

type Who = "anyone" | keyof typeof SAMPLE;

/** Every route in web/src/app.tsx, as a reader who can see it. */
const APP_PAGES: [Who, string][] = [
  ["anyone", "/"],
  ["anyone", "/month/2031-03"],
  ["anyone", "/week/2031-03-10"],
  ["anyone", "/list/2031-03"],
  ["anyone", "/year/2031"],
  ["anyone", "/search?q=memorandum"],
  ["anyone", "/sign-in"],
  ["anyone", "/sign-in/confirm#token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
  ["anyone", "/organisations"],
  ["anyone", "/organisations/ncm"],
  ["anyone", "/people"],
  ["anyone", "/people/sample-kari-nordmann"],
  ["anyone", "/documents"],
  ["anyone", "/documents/nb8-mou-2009"],
  ["anyone", "/projects"],
  ["anyone", "/projects/health-care-access"],
  ["anyone", "/privacy"],
  ["anyone", "/free-dates"],
  ["anyone", "/heatmap"],
  ["anyone", "/subscribe"],
  ["anyone", "/on-your-website"],
  ["anyone", "/no-such-page"],
  ["anyone", "/review"],
  ["partnerMarta", "/account"],
  ["partnerMarta", "/subscribe"],
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

interface Watched {
  page: Page;
  /** What was blocked so far, on every document the page has shown. */
  violations: () => Promise<string[]>;
}

/** A page with the CSP enforced that records every violation, from the DOM and the console. */
async function watched(who: Who): Promise<Watched> {
  const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
    userId: who === "anyone" ? undefined : SAMPLE[who],
    now: stack.now,
    enforceCsp: true,
  });
  const seen: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content Security Policy|Refused to (load|apply|execute|connect|frame|evaluate)/i.test(m.text()))
      seen.push(`console: ${m.text()}`);
  });
  // Reported to the page's own listener too; kept across navigations in sessionStorage.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const list = JSON.parse(sessionStorage.getItem("csp-violations") ?? "[]") as string[];
      list.push(`${location.pathname}: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
      sessionStorage.setItem("csp-violations", JSON.stringify(list));
    });
  });
  return {
    page,
    violations: async () => [...seen, ...(await page.evaluate(() => JSON.parse(sessionStorage.getItem("csp-violations") ?? "[]") as string[]))],
  };
}

async function settle(page: Page): Promise<void> {
  await page.locator("h1").first().waitFor({ timeout: 10_000 });
  await page.waitForLoadState("networkidle");
}

describe("the Content Security Policy holds on every page", () => {
  describe("on every route of the web app", () => {
    for (const [who, path] of APP_PAGES) {
      it(`${path} (${who})`, async () => {
        const { page, violations } = await watched(who);
        try {
          await page.goto(`${stack.worker.baseUrl}${path}`);
          await settle(page);
          expect(await violations()).toEqual([]);
        } finally {
          await page.context().close();
        }
      });
    }
  });

  describe("on the pages the Worker renders", () => {
    let subscriptionId: string;
    beforeAll(async () => {
      const res = await new ApiClient(stack.worker.baseUrl).post("/api/subscriptions", { email: "csp.reader@example.net", timeZone: "Europe/Riga" });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      const row = await stack.db.client.execute({ sql: "SELECT id FROM subscriptions WHERE email = ?", args: ["csp.reader@example.net"] });
      subscriptionId = String(row.rows[0].id);
    });
    const link = async (purpose: "confirm" | "manage" | "unsubscribe", path: string) =>
      `${stack.worker.baseUrl}${path}?token=${await signLink(TEST_LINK_SECRET, purpose, subscriptionId)}`;

    it("the server-rendered event page, before and after the app takes over", async () => {
      const { page, violations } = await watched("anyone");
      try {
        // With scripts off the page stays the Worker's own HTML: its styles must still be allowed.
        const bare = await stack.browser.newContext({ javaScriptEnabled: false });
        const raw = await bare.newPage();
        const blocked: string[] = [];
        raw.on("console", (m) => {
          if (m.type() === "error") blocked.push(m.text());
        });
        await raw.goto(`${stack.worker.baseUrl}/events/sample-task-force-meeting`);
        await raw.locator("main h1").waitFor();
        await bare.close();
        expect(blocked).toEqual([]);
        await page.goto(`${stack.worker.baseUrl}/events/sample-task-force-meeting`);
        await settle(page);
        expect(await violations()).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    it("the all-alerts-off page and its answer", async () => {
      const { page, violations } = await watched("anyone");
      try {
        await page.goto(`${stack.worker.baseUrl}/alerts/stop?token=${await signLink(TEST_LINK_SECRET, "alerts-off", SAMPLE.partnerNbpn)}`);
        await settle(page);
        await page.locator("main form button[type=submit]").click();
        await settle(page);
        expect(await page.locator("h1").innerText()).toBe("Alerts are off");
        expect(await violations()).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    it("an unknown event's page, the API's documentation page and the embed's iframe page", async () => {
      const { page, violations } = await watched("anyone");
      try {
        for (const path of ["/events/no-such-event", "/api/docs", "/embed/calendar?limit=3"]) {
          await page.goto(`${stack.worker.baseUrl}${path}`);
          await settle(page);
        }
        expect(await violations()).toEqual([]);
      } finally {
        await page.context().close();
      }
    });

    it("the digest's confirm, preferences and unsubscribe pages, their answers, and an invalid link", async () => {
      const { page, violations } = await watched("anyone");
      try {
        await page.goto(await link("confirm", "/digest/confirm"));
        await settle(page);
        await page.locator("main form button[type=submit]").click();
        await settle(page);
        await page.goto(await link("manage", "/digest/preferences"));
        await settle(page);
        await page.locator("main form button[type=submit]").last().click();
        await settle(page);
        await page.goto(await link("unsubscribe", "/digest/unsubscribe"));
        await settle(page);
        await page.locator("main form button[type=submit]").click();
        await settle(page);
        await page.goto(`${stack.worker.baseUrl}/digest/confirm?token=not-a-link`);
        await settle(page);
        // The pages are styled: digest.css loaded under the CSP.
        expect(await page.evaluate(() => getComputedStyle(document.querySelector("main") ?? document.body).maxWidth)).not.toBe("none");
        expect(await violations()).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  });
});
