/**
 * The alerts pages in Chromium at both sizes: a member reaches a clash alert from its mail's link
 * and marks it as seen; the coordinator finds the list under Coordination and sees who saw it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { createEvent } from "../support/factories.ts";
import { dayFrom, useStack } from "../support/stack.ts";

const TODAY = "2031-03-10";
const stack = useStack({ today: TODAY, browser: true });
const SIZES = [
  { name: "desktop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
];
const alertIds: string[] = [];

beforeAll(async () => {
  for (const [i] of SIZES.entries()) {
    const day = dayFrom(TODAY, 20 + i);
    const theirs = await createEvent(stack.db.client, { title: `Marta forum ${i}`, startsAt: `${day}T09:00`, endsAt: `${day}T16:00`, organisers: ["marta"] });
    const newcomer = await createEvent(stack.db.client, { title: `NBPN seminar ${i}`, startsAt: `${day}T09:00`, endsAt: `${day}T16:00`, organisers: ["nbpn"] });
    const id = `${"ab".repeat(15)}0${i}`;
    alertIds.push(id);
    await stack.db.client.execute({
      sql: `INSERT INTO alerts (id, kind, dedupe_key, event_id, other_event_id, organisation_id, severity, details)
            VALUES (?, 'clash', ?, ?, ?, 'marta', 'high', '{"reasons":[{"code":"overlap"}]}')`,
      args: [id, `browser-${i}`, newcomer, theirs],
    });
  }
});

describe("/alerts", () => {
  it.each(SIZES.map((s, i) => [s.name, s, i] as const))(
    "lets a member mark an alert as seen from its link, and shows the coordinator who did (%s)",
    async (_, size, i) => {
      const member = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
        userId: SAMPLE.partnerMarta,
        now: stack.now,
        viewport: size.viewport,
      });
      await member.goto(`${stack.worker.baseUrl}/alerts/${alertIds[i]}`);
      await member.getByRole("heading", { level: 1, name: "Clash alert" }).waitFor();
      const main = member.locator("main");
      expect(await main.innerText()).toMatch(new RegExp(`NBPN seminar ${i}.*clashes with.*Marta forum ${i}`, "s"));
      expect(await main.innerText()).toContain("on the same dates");
      await expectAccessible(member);
      await member.getByRole("button", { name: "Mark as seen" }).click();
      await main.getByText(/^Seen /).waitFor();
      expect(await member.getByRole("button", { name: "Mark as seen" }).count()).toBe(0);

      const coordinator = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
        userId: SAMPLE.coordinator,
        now: stack.now,
        viewport: size.viewport,
      });
      await coordinator.goto(`${stack.worker.baseUrl}/`);
      // The app is in and knows who is signed in (on a phone the menu is closed until opened).
      await coordinator.locator(".account-link").waitFor({ state: "attached" });
      const menu = coordinator.getByRole("button", { name: "Menu" });
      if (await menu.isVisible()) await menu.click();
      await coordinator.getByRole("button", { name: "Coordination" }).click();
      await coordinator.getByRole("link", { name: "Clash alerts" }).click();
      await coordinator.getByRole("heading", { level: 1, name: "Clash alerts" }).waitFor();
      const item = coordinator.locator("main li").filter({ hasText: `NBPN seminar ${i}` });
      await item.getByText(/Seen .* by Pia Partner, Marta \(sample\)/).waitFor();
      await expectAccessible(coordinator);
      await member.context().close();
      await coordinator.context().close();
    },
  );
});
