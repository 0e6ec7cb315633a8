/**
 * `/proposals` by keyboard alone: NBPN's partner finds the document Marta named NBPN on, accepts
 * it with Enter and hears so; the document then lists NBPN as issuer. Marta's partner, an editor
 * of the document, saw NBPN marked as awaiting acceptance before.
 */
import { expect, it } from "vitest";
import { ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ seedToday: TODAY, browser: true });

it("a partner accepts a proposal to their organisation with the keyboard", async () => {
  const marta = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  const made = await marta.post("/api/documents", { title: "Joint outreach report (consent test)", kind: "report", issuers: ["marta", "nbpn"] });
  expect(made.status).toBe(201);
  const slug = made.body.slug as string;

  const editor = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.partnerMarta });
  await editor.goto(`${stack.worker.baseUrl}/documents/${slug}`);
  await editor.locator("main h1").waitFor();
  await expect.poll(() => editor.locator(".consent-note").textContent()).toContain("awaiting acceptance");
  // The event view marks a proposed co-organiser for the event's editors too.
  const event = await marta.post("/api/events", {
    title: "Consent test event",
    type: "meeting",
    startsAt: "2030-04-02T10:00",
    endsAt: "2030-04-02T12:00",
    timeZone: "Europe/Riga",
    organisers: ["marta", "nbpn"],
    ownerOrganisationId: "marta",
  });
  expect(event.status).toBe(201);
  await editor.goto(`${stack.worker.baseUrl}/events/${event.body.slug}`);
  await editor.locator("main h1").waitFor();
  await expect.poll(() => editor.locator(".consent-note").textContent()).toContain("awaiting acceptance");
  await editor.context().close();

  const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.partnerNbpn });
  await page.goto(`${stack.worker.baseUrl}/proposals`);
  await page.getByRole("link", { name: "Joint outreach report (consent test)" }).waitFor();
  // Tab from the link to its Accept button, as a keyboard user would.
  await page.getByRole("link", { name: "Joint outreach report (consent test)" }).focus();
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Accept");
  await page.keyboard.press("Enter");
  await expect.poll(() => page.getByRole("status").filter({ hasText: "Accepted" }).count()).toBe(1);
  expect(await page.getByRole("link", { name: "Joint outreach report (consent test)" }).count()).toBe(0);
  await page.context().close();

  const issuers = (await new ApiClient(stack.worker.baseUrl).get(`/api/documents/${slug}`)).body.issuers.map((o: { id: string }) => o.id);
  expect(issuers.sort()).toEqual(["marta", "nbpn"]);
});
