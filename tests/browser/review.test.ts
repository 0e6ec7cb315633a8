/**
 * The review queue as a coordinator meets it, at both sizes: once they approved without seeing
 * clashes; now each item shows the clash radar's severity, the events it clashes with and why,
 * and the partner's justification.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const TODAY = "2030-03-04";
const stack = useStack({ today: TODAY, browser: true });
const SIZES = { wide: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;

beforeAll(async () => {
  const coordinator: ApiClient = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.coordinator);
  const partner: ApiClient = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
  const published = await coordinator.post("/api/events", {
    ...seminar("Riga social workers' forum"),
    organisers: ["riga-city"],
    ownerOrganisationId: "riga-city",
    publish: true,
  });
  expect(published.status).toBe(201);
  const created = await partner.post("/api/events", seminar("Shelter practice day", { clashJustification: "The only week the shelter staff are free" }));
  expect(created.status).toBe(201);
  const submitted = await partner.post(`/api/events/${created.body.slug}/submit`, {}, { "if-match": created.headers.get("etag")! });
  expect(submitted.status).toBe(200);
});

for (const [size, viewport] of Object.entries(SIZES)) {
  describe(`/review (${size})`, () => {
    it("shows each item's clash severity, what it clashes with and why, and the partner's justification", async () => {
      const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.coordinator, viewport, now: stack.now });
      await page.goto(`${stack.worker.baseUrl}/review`);
      const item = page.locator(".review-list > li").filter({ has: page.getByRole("link", { name: "Shelter practice day" }) });
      await item.waitFor();
      expect(await item.locator(".review-clashes > .clash-severity").innerText()).toBe("Strongest clash: high");
      const clash = item.locator("li.clash").filter({ has: page.getByRole("link", { name: "Riga social workers' forum" }) });
      expect(await clash.locator(".clash-severity").innerText()).toBe("high clash");
      const reasons = await clash.locator("div.meta").innerText();
      expect(reasons).toContain("on the same dates");
      expect(reasons).toContain("same audience: Social workers");
      expect(reasons).toContain("same city: Riga");
      expect(await item.innerText()).toContain("High clash kept because: The only week the shelter staff are free");
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await expectAccessible(page);
      await page.context().close();
    });
  });
}
