/**
 * The webhooks page at 1366 × 900 and 390 × 844, by keyboard: a partner comes from the account
 * page, registers an endpoint of a loopback receiver, sees the secret once, pings it, reads the
 * delivery log, switches it off and removes it. axe clean, nothing scrolls sideways but the log,
 * and the console stays clean.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";
import { type Receiver, startReceiver } from "../support/webhook-receiver.ts";

/** The machine is shared: what the page shows may take a while. */
const SLOW = { timeout: 10_000 };
const stack = useStack({ seedToday: "2030-03-04", browser: true, vars: { FEED_FETCH_ALLOW_LOOPBACK: "true" } });
let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

describe.each([
  { name: "desktop", viewport: { width: 1366, height: 900 } },
  { name: "phone", viewport: { width: 390, height: 844 } },
])("the webhooks page on $name", ({ name, viewport }) => {
  it("registers an endpoint, shows its secret once, pings it, shows the log, switches it off and removes it, by keyboard", async () => {
    const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.partnerMarta, viewport });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
    page.on("dialog", (d) => void d.accept());
    await page.goto(`${stack.worker.baseUrl}/account`);
    await page.getByRole("link", { name: "Webhooks: tell your organisation's own systems what changes" }).click();
    await page.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await expectAccessible(page);

    await page.getByLabel("Address (https)").focus();
    await page.keyboard.type(`${receiver.origin}/${name}`);
    await page.keyboard.press("Enter");
    const status = page.getByRole("status").filter({ hasText: "Endpoint added." });
    await expect.poll(() => status.count(), SLOW).toBe(1);
    const secret = (await status.locator("code").textContent())!;
    expect(secret).toMatch(/^whsec_/);
    expect(await status.textContent()).toContain("it is shown only this once");
    receiver.secrets.set(`/${name}`, secret);
    const item = page.locator(".webhook", { hasText: `/${name}` });
    await expect
      .poll(() => item.textContent(), SLOW)
      .toContain("An event published, An event changed, An event cancelled, A clash with one of its events, The feed sync failing");
    expect(await item.textContent()).toContain("Never");

    receiver.now = Date.now();
    await item.getByRole("button", { name: "Send a test ping" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "The endpoint answered 200." }).count(), SLOW).toBe(1);
    expect(receiver.at(`/${name}`).map((r) => r.problem)).toEqual([null]);
    // Once the page is reloaded the secret is gone for good.
    await page.reload();
    await item.waitFor();
    expect(await page.content()).not.toContain(secret);

    // A delivery in the log (recorded as the cron would have).
    const [{ id }] = (await stack.db.client.execute({ sql: "SELECT id FROM webhook_endpoints WHERE url = ?", args: [`${receiver.origin}/${name}`] })).rows;
    await stack.db.client.execute({
      sql: "INSERT INTO webhook_deliveries (id, endpoint_id, topic, dedupe_key, payload, status, attempts, last_status, last_response) VALUES (?, ?, 'clash', ?, '{}', 'failed', 10, 503, 'down for maintenance')",
      args: [`msg_${name}`, String(id), `k-${name}`],
    });
    const logButton = item.getByRole("button", { name: "Delivery log" });
    await logButton.focus();
    await page.keyboard.press("Enter");
    expect(await logButton.getAttribute("aria-expanded")).toBe("true");
    const log = item.getByRole("table", { name: `Deliveries to ${receiver.origin}/${name}, newest first` });
    await expect.poll(() => log.textContent(), SLOW).toContain("down for maintenance");
    expect(await log.textContent()).toContain("A clash with one of its events");
    expect(await log.textContent()).toContain("Failed");
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

    await item.getByRole("button", { name: "Switch off" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => item.textContent(), SLOW).toContain("Off (switched off by its owners)");
    expect(await item.getByRole("button", { name: "Switch on" }).count()).toBe(1);

    await item.getByRole("button", { name: "Remove" }).focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Endpoint removed." }).count(), SLOW).toBe(1);
    await expect.poll(() => page.locator(".webhook", { hasText: `/${name}` }).count(), SLOW).toBe(0);
    expect(problems).toEqual([]);
    await page.context().close();
  });
});

it("shows the bad address's rule at its field", async () => {
  const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId: SAMPLE.partnerMarta, viewport: { width: 1366, height: 900 } });
  await page.goto(`${stack.worker.baseUrl}/webhooks`);
  await page.getByLabel("Address (https)").fill("https://192.168.1.20/hook");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const field = page.locator(".field.has-error", { has: page.getByLabel("Address (https)") });
  await expect.poll(() => field.textContent(), SLOW).toContain("private or local network");
  expect(await page.getByLabel("Address (https)").getAttribute("aria-invalid")).toBe("true");
  await expectAccessible(page);
  await page.context().close();
});
