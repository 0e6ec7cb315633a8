import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";

const stack = useStack({ today: "2031-03-10", smtp: true, browser: true });

const newPage = (userId?: string) => openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId, now: stack.now });

describe("weekly digest pages", () => {
  it("saving the account's digest form keeps topics chosen meanwhile on the preferences page", async () => {
    const api = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerNbpn);
    expect((await api.request("PUT", "/api/me/subscription", { json: { active: true, topics: ["prevention"], weeksAhead: 4 } })).status).toBe(200);
    const page = await newPage(SAMPLE.partnerNbpn);
    await page.goto(`${stack.worker.baseUrl}/account`);
    await page.getByLabel("Weeks ahead").waitFor();
    // In another tab, the digest's preferences page changes the topics.
    expect((await api.patch("/api/me/subscription", { topics: ["victim-support", "police-cooperation"] })).status).toBe(200);
    await page.getByLabel("Weeks ahead").fill("6");
    await page.getByRole("region", { name: "Weekly digest" }).getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Your digest settings are saved.").waitFor();
    const now = (await api.get("/api/me/subscription")).body.subscription;
    expect(now).toMatchObject({ weeksAhead: 6, topics: ["victim-support", "police-cooperation"], active: true });
  });

  it("subscribes by e-mail, confirms from the mail, and changes preferences from the digest's link", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/subscribe`);
    await page.getByLabel("E-mail address").fill("visitor@example.net");
    await expectAccessible(page);
    await page.keyboard.press("Enter");
    await page.getByText("Check your mail").waitFor();

    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("visitor@example.net"));
    await page.goto(/(http\S+\/digest\/confirm\?token=\S+)/.exec(mail.parsed.text ?? "")![1]);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Yes, subscribe" }).click();
    await page.getByRole("heading", { name: "Subscription confirmed" }).waitFor();
    await page.getByRole("link", { name: "Change what you receive" }).click();
    await page.getByRole("heading", { name: "Your weekly digest" }).waitFor();
    await expectAccessible(page);
    await page.getByLabel("Finland").check();
    // The browser itself refuses an out-of-range value before sending (the server checks again).
    await page.getByLabel("Weeks ahead").fill("30");
    expect(await page.getByLabel("Weeks ahead").evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
    await page.getByLabel("Weeks ahead").fill("6");
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Your choices are saved.").waitFor();
    const row = await stack.db.client.execute("SELECT countries, weeks_ahead FROM subscriptions WHERE email = 'visitor@example.net'");
    expect(row.rows[0]).toMatchObject({ countries: '["FI"]', weeks_ahead: 6 });
  });

  it("shows coordinators the runs and subscribers and lets them preview a digest", async () => {
    await stack.cron("0 6 * * 1");
    const page = await newPage(SAMPLE.coordinator);
    await page.goto(`${stack.worker.baseUrl}/digests`);
    await page.getByRole("heading", { level: 1, name: "Weekly digests" }).waitFor();
    await page.getByRole("table").first().getByRole("rowheader").first().waitFor();
    // The subscribers come in their own request, after the runs.
    const preview = page.getByRole("link", { name: "Preview the digest of coordinator@example.org" });
    await preview.waitFor();
    expect(await preview.count()).toBe(1);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Send my digest to me as a test" }).click();
    await page.getByText("A test digest was sent to coordinator@example.org.").waitFor();

    // The digest itself: readable (contrast, structure) in light and in dark mode.
    const href = await page.getByRole("link", { name: "Preview the digest of coordinator@example.org" }).getAttribute("href");
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${stack.worker.baseUrl}${href}`);
      await page.getByRole("link", { name: "Unsubscribe" }).waitFor();
      await expectAccessible(page);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === "dark" ? "rgb(18, 18, 18)" : "rgb(255, 255, 255)");
    }
  });
});
