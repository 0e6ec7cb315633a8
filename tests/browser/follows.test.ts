/** The Follow toggle on event, organisation and filtered calendar pages, and the account page's list of follows. */
import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { createEvent } from "../support/factories.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04", browser: true });
const SIZES = [
  ["laptop", { width: 1366, height: 900 }],
  ["phone", { width: 390, height: 844 }],
] as const;

beforeAll(async () => {
  await createEvent(stack.db.client, {
    id: "followable-seminar",
    title: "Followable seminar",
    startsAt: "2030-05-01T10:00",
    endsAt: "2030-05-01T12:00",
    organisers: ["marta"],
  });
});

const follows = async (userId: string) =>
  (await stack.db.client.execute({ sql: "SELECT kind, target FROM follows WHERE user_id = ? ORDER BY kind", args: [userId] })).rows.map(
    (r) => `${r.kind}:${r.target}`,
  );

describe.each(SIZES)("on a %s", (size, viewport) => {
  const userId = `browser-follower-${size}`;
  beforeAll(async () => {
    await stack.db.client.execute({ sql: "INSERT INTO users (id, email, role) VALUES (?, ?, 'user')", args: [userId, `${userId}@example.org`] });
  });
  const newPage = (signedIn = true) =>
    openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { viewport, now: stack.now, userId: signedIn ? userId : undefined });

  it("follows an event, an organisation and a country with one press each", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/events/followable-seminar`);
    const button = page.getByRole("button", { name: "Follow", exact: true });
    await button.waitFor();
    expect(await button.getAttribute("aria-pressed")).toBe("false");
    await button.click();
    const pressed = page.getByRole("button", { name: "Following", exact: true });
    await pressed.waitFor();
    expect(await pressed.getAttribute("aria-pressed")).toBe("true");
    await expectAccessible(page);

    await page.goto(`${stack.worker.baseUrl}/organisations/marta`);
    await page.getByRole("button", { name: "Follow", exact: true }).click();
    await page.getByRole("button", { name: "Following", exact: true }).waitFor();

    await page.goto(`${stack.worker.baseUrl}/?country=LV`);
    await page.getByRole("button", { name: "Follow Latvia" }).click();
    await page.getByRole("button", { name: "Following Latvia" }).waitFor();
    await expectAccessible(page);
    expect(await follows(userId)).toEqual(["country:LV", "event:followable-seminar", "organisation:marta"]);
  });

  it("lists the follows on the account page, each with its own button to stop", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/account`);
    const list = page.getByRole("region", { name: "What you follow" });
    await list.getByRole("link", { name: "Followable seminar" }).waitFor();
    await list.getByRole("link", { name: "Latvia" }).waitFor();
    await expect(list.getByText(/moves, changes place, is postponed or cancelled/).count()).resolves.toBe(1);
    await expectAccessible(page);
    await list.getByRole("button", { name: "Stop following Followable seminar" }).click();
    await page.getByText("You no longer follow Followable seminar.").waitFor();
    expect(await list.getByRole("link", { name: "Followable seminar" }).count()).toBe(0);
    expect(await follows(userId)).toEqual(["country:LV", "organisation:marta"]);
    // Elsewhere the button shows it too.
    await page.goto(`${stack.worker.baseUrl}/events/followable-seminar`);
    expect(await page.getByRole("button", { name: "Follow", exact: true }).getAttribute("aria-pressed")).toBe("false");
  });

  it("shows signed-out readers no Follow button", async () => {
    const page = await newPage(false);
    await page.goto(`${stack.worker.baseUrl}/events/followable-seminar`);
    await page.getByRole("heading", { level: 1, name: "Followable seminar" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(await page.getByRole("button", { name: /^Follow/ }).count()).toBe(0);
  });
});
