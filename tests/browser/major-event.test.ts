/**
 * Flagship events in the app: coordinators mark an event major with a checkbox in the event form
 * (partners do not get one), and the event page then carries a "Major event" mark.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type ApiClient, SAMPLE, sessionFor } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { seminar } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const SIZES = { wide: { width: 1366, height: 900 }, phone: { width: 390, height: 844 } } as const;
const stack = useStack({ today: "2030-03-04", browser: true });
let partner: ApiClient;
beforeAll(async () => {
  partner = await sessionFor(stack.db.client, stack.worker.baseUrl, SAMPLE.partnerMarta);
});

describe("the major-event checkbox and mark", () => {
  it.each(Object.entries(SIZES))("lets a coordinator mark an event major and shows the mark on its page (%s)", async (_size, viewport) => {
    const created = await partner.post("/api/events", seminar(`Regional shelter conference ${viewport.width}`));
    expect(created.status).toBe(201);
    const slug = created.body.slug as string;
    const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, {
      userId: SAMPLE.coordinator,
      viewport,
      now: stack.now,
      enforceCsp: true,
    });
    const cspErrors: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(`${stack.worker.baseUrl}/events/${slug}/edit`);
    const box = page.getByLabel("Major event (flagship)");
    await box.waitFor();
    expect(await box.isChecked()).toBe(false);
    await box.check();
    const sent = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/api/events/${slug}`));
    await page.getByRole("button", { name: "Save" }).click();
    expect(JSON.parse((await sent).postData() ?? "null")).toEqual({ major: true });
    await page.waitForURL(new RegExp(`/events/${slug}$`));
    const mark = page.locator(".event-meta .major-badge");
    await mark.waitFor();
    expect(await mark.innerText()).toBe("Major event");
    expect(await mark.isVisible()).toBe(true);
    expect(cspErrors).toEqual([]);
  });

  it("gives partners no checkbox, and the form stays accessible for coordinators", async () => {
    const created = await partner.post("/api/events", seminar("Partner workshop without a flag"));
    const slug = created.body.slug as string;
    const own = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.partnerMarta, now: stack.now });
    await own.goto(`${stack.worker.baseUrl}/events/${slug}/edit`);
    await own.getByLabel("Title").waitFor();
    expect(await own.getByLabel("Major event (flagship)").count()).toBe(0);

    const coordinator = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.coordinator, now: stack.now });
    await coordinator.goto(`${stack.worker.baseUrl}/events/${slug}/edit`);
    await coordinator.getByLabel("Major event (flagship)").waitFor();
    await expectAccessible(coordinator);
  });
});
