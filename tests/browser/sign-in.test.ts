/**
 * Signing in as a newcomer meets it: a page that needs an account says so under a heading, the
 * sign-in comes back to that page, and a calendar opened at another address than the configured
 * one (localhost for 127.0.0.1) says which address to open instead of "could not be sent".
 */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2031-03-10", smtp: true, browser: true });

const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
] as const;

/** The sign-in link in the newest mail to `to` sent after message number `after`, with its `next`. */
async function mailedLink(to: string, after: number): Promise<string> {
  const pattern = /https?:\/\/\S+\/sign-in\/confirm#\S+/;
  const mail = await stack.smtp.waitFor((m) => stack.smtp.messages.indexOf(m) >= after && m.envelope.to.includes(to) && pattern.test(m.parsed.text ?? ""));
  return pattern.exec(mail.parsed.text ?? "")![0];
}

async function requestLink(page: Page, email: string): Promise<void> {
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
}

describe("sign-in", () => {
  for (const size of SIZES) {
    it(`asks for sign-in under a heading and returns to the page that asked (${size.name})`, async () => {
      const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { viewport: size.viewport, now: stack.now });
      try {
        await page.goto(`${stack.worker.baseUrl}/review?from=mail`);
        await page.getByRole("heading", { level: 1, name: "Please sign in" }).waitFor();
        await expectAccessible(page);
        await page.locator("main").getByRole("link", { name: "Sign in" }).click();
        await page.waitForURL(`${stack.worker.baseUrl}/sign-in?next=${encodeURIComponent("/review?from=mail")}`);
        const before = stack.smtp.messages.length;
        await requestLink(page, "coordinator@example.org");
        await page.getByRole("status").filter({ hasText: "sign-in link is on its way" }).waitFor();
        const link = await mailedLink("coordinator@example.org", before);
        expect(link).toContain(`&next=${encodeURIComponent("/review?from=mail")}`);
        await page.goto(link);
        await page.getByRole("button", { name: "Sign in" }).click();
        await page.waitForURL(`${stack.worker.baseUrl}/review?from=mail`);
        await page.getByRole("heading", { level: 1, name: "Review queue" }).waitFor();
      } finally {
        await page.context().close();
      }
    });
  }

  it("goes to the account page, not away from the calendar, when the link's `next` points elsewhere", async () => {
    const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { now: stack.now });
    try {
      await page.goto(`${stack.worker.baseUrl}/sign-in`);
      const before = stack.smtp.messages.length;
      await requestLink(page, "partner.marta@example.org");
      const link = await mailedLink("partner.marta@example.org", before);
      // A crafted link: the token is real, the return address is another site.
      await page.goto(`${link.replace(/&next=.*$/, "")}&next=${encodeURIComponent("//evil.example/")}`);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.waitForURL(`${stack.worker.baseUrl}/account`);
    } finally {
      await page.context().close();
    }
  });

  it("says which address to open when the calendar was opened at another one, in the reader's language", async () => {
    // The Worker is configured for http://127.0.0.1:PORT; the same server answers at localhost.
    const elsewhere = stack.worker.baseUrl.replace("127.0.0.1", "localhost");
    for (const lang of ["en", "ru"] as const) {
      const page = await openPage(stack.browser, stack.db.client, elsewhere, { now: stack.now, lang });
      try {
        await page.goto(`${elsewhere}/sign-in?next=%2Fholds`);
        await page.getByLabel(lang === "en" ? "Email address" : "Адрес электронной почты").fill("partner.marta@example.org");
        await page.locator("main form button[type=submit]").click();
        const alert = page.getByRole("alert");
        const expected =
          lang === "en"
            ? `This page is open at ${elsewhere}, but the calendar is set up for ${stack.worker.baseUrl}: signing in works only there.`
            : `Эта страница открыта по адресу ${elsewhere}, но календарь настроен на ${stack.worker.baseUrl}: войти можно только там.`;
        await alert.filter({ hasText: expected }).waitFor();
        expect(await alert.innerText()).not.toMatch(/could not be sent|Не удалось отправить/);
        const open = page.locator("main").getByRole("link", { name: stack.worker.baseUrl });
        expect(await open.getAttribute("href")).toBe(`${stack.worker.baseUrl}/sign-in?next=%2Fholds`);
        await expectAccessible(page);
      } finally {
        await page.context().close();
      }
    }
  });
});
