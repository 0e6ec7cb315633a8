/** A partner signs in through the mail, submits an event; a coordinator approves it; everyone sees it. */
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";

const stack = useStack({ seedToday: TODAY, smtp: true, browser: true });

async function newPage(): Promise<Page> {
  const context = await stack.browser.newContext({ viewport: { width: 1100, height: 900 }, timezoneId: "Europe/Riga", locale: "en-GB" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00Z`));
  return page;
}

/** Signs in as a person would: the form, the mail, the link, the button. */
async function signIn(page: Page, email: string) {
  const before = stack.smtp.messages.length;
  await page.goto(`${stack.worker.baseUrl}/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send me a sign-in link" }).click();
  await page.getByRole("status").filter({ hasText: "sign-in link is on its way" }).waitFor();
  const mail = await stack.smtp.waitFor((m, i = stack.smtp.messages.indexOf(m)) => i >= before && m.envelope.to.includes(email));
  const link = /https?:\/\/\S+#token=[A-Za-z0-9_-]+/.exec(mail.parsed.text ?? "")![0];
  await page.goto(link);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/account$/);
  await page.getByRole("heading", { name: "Your account" }).waitFor();
}

describe("submit → review → publish, in Chromium", () => {
  it("walks a partner's event from the form to the public calendar", async () => {
    const partner = await newPage();
    await signIn(partner, "partner.marta@example.org");
    expect(await partner.locator("main").innerText()).toContain("Marta Centre");

    await partner.getByRole("button", { name: "My organisation" }).click();
    await partner.getByRole("link", { name: "New event" }).click();
    await partner.getByLabel("Title").fill("Regional shelter network meeting");
    await partner.getByLabel("Type").selectOption("meeting");
    await partner.getByLabel("Starts").fill("2030-03-20T10:00");
    await partner.getByLabel("Ends").fill("2030-03-20T15:00");
    await partner.getByLabel("Time zone").selectOption("Europe/Riga");
    await partner.getByLabel("City").fill("Riga");
    await partner.getByLabel("Country", { exact: true }).selectOption("LV");
    await partner.getByLabel("Victim identification and support").check();
    await partner.getByLabel("Social workers").check();
    await partner.getByRole("button", { name: "Save" }).click();

    await partner.getByRole("heading", { level: 1, name: "Regional shelter network meeting" }).waitFor();
    expect(await partner.locator(".manage-panel").innerText()).toContain("Draft");
    await partner.getByRole("button", { name: "Submit for review" }).click();
    await partner.locator(".manage-panel").getByText("Waiting for review").waitFor();

    const coordinator = await newPage();
    await signIn(coordinator, "coordinator@example.org");
    await coordinator.getByRole("button", { name: "Coordination" }).click();
    await coordinator.getByRole("link", { name: "Review queue" }).click();
    await coordinator.getByRole("link", { name: "Regional shelter network meeting" }).click();
    await coordinator.getByRole("button", { name: "Approve and publish" }).click();
    await coordinator.locator(".manage-panel").getByText("State: Published").waitFor();

    const published = await stack.smtp.waitFor(
      (m) => m.envelope.to.includes("partner.marta@example.org") && m.parsed.subject === "Published: Regional shelter network meeting",
    );
    expect(published.parsed.text).toContain(`${stack.worker.baseUrl}/events/`);

    const visitor = await newPage();
    await visitor.goto(`${stack.worker.baseUrl}/month/2030-03`);
    await visitor
      .locator("table.month-grid")
      .getByRole("link", { name: /Regional shelter network meeting/ })
      .waitFor();
  });

  it("shows the partner which fields to correct", async () => {
    const partner = await newPage();
    await signIn(partner, "partner.nbpn@example.org");
    await partner.goto(`${stack.worker.baseUrl}/events/new`);
    await partner.getByLabel("Title").fill("Backwards in time");
    await partner.getByLabel("Starts").fill("2030-03-20T15:00");
    await partner.getByLabel("Ends").fill("2030-03-20T10:00");
    await partner.getByRole("button", { name: "Save" }).click();
    const alert = partner.getByRole("alert");
    await alert.waitFor();
    expect(await alert.innerText()).toContain("Ends: must be after the start");
    expect(await partner.getByLabel("Ends").getAttribute("aria-invalid")).toBe("true");
  });

  it("imports an .ics file after a preview", async () => {
    const partner = await newPage();
    await signIn(partner, "partner.marta@example.org");
    await partner.getByRole("button", { name: "My organisation" }).click();
    await partner.getByRole("link", { name: "Import .ics" }).click();
    const file = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:hotline-day@marta.example",
      "SUMMARY:Hotline volunteers' day",
      "DTSTART;VALUE=DATE:20300612",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "SUMMARY:Missing UID",
      "DTSTART;VALUE=DATE:20300613",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ].join("\r\n");
    await partner.getByLabel("Calendar file (.ics)").setInputFiles({ name: "marta.ics", mimeType: "text/calendar", buffer: Buffer.from(file) });
    await partner.getByRole("button", { name: "Preview" }).click();
    await partner.getByRole("status").filter({ hasText: "1 new, 0 to update, 0 unchanged, 1 refused." }).waitFor();
    // Worded by the app from the reason's code (the API says "UID: missing, …").
    expect(await partner.locator("table.data-table").innerText()).toContain("UID missing, so the event could not be matched on a later import");
    await partner.getByRole("button", { name: "Import 1 event" }).click();
    await partner.getByRole("status").filter({ hasText: "Imported: 1 new" }).waitFor();
    await partner.getByRole("link", { name: "Hotline volunteers' day" }).click();
    await partner.locator(".manage-panel").getByText("Draft").waitFor();
  });

  it("shows the clash radar live while dates are chosen, and asks why when the clash is high", async () => {
    const partner = await newPage();
    await signIn(partner, "partner.nbpn@example.org");
    await partner.goto(`${stack.worker.baseUrl}/events/new`);
    await partner.getByLabel("Title").fill("Police seminar on online recruitment");
    await partner.getByLabel("All-day event").check();
    await partner.getByLabel("First day").fill("2030-04-29");
    await partner.getByLabel("Last day").fill("2030-04-30");
    await partner.getByLabel("City").fill("Tallinn");
    await partner.getByLabel("Country", { exact: true }).selectOption("EE");
    await partner.getByLabel("Police", { exact: true }).check();
    const radar = partner.locator("section.radar");
    await radar.getByText(/the strongest clash is high/).waitFor();
    const top = radar.locator("li.clash").first();
    expect(await top.innerText()).toContain("Baltic police conference on cross-border investigations");
    expect(await top.innerText()).toContain("same audience: Police");
    const why = partner.getByLabel("Why these dates? (one line; coordinators will see it)");
    await why.fill("The venue is only free on these dates.");
    await partner.getByRole("button", { name: "Save" }).click();
    await partner.getByRole("heading", { level: 1, name: "Police seminar on online recruitment" }).waitFor();
    expect(await partner.locator(".manage-panel").innerText()).toContain("The venue is only free on these dates.");
    // Other dates clear the radar.
    await partner.goto(`${stack.worker.baseUrl}/events/new`);
    await partner.getByLabel("All-day event").check();
    await partner.getByLabel("First day").fill("2031-08-12");
    await partner.getByLabel("Last day").fill("2031-08-12");
    await partner.locator("section.radar").getByText("No other events on or near these dates.").waitFor();
  });
});
