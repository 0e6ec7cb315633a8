/** The account page's API tokens: make one, see its secret once, find it listed, revoke it; by keyboard too. */
import { beforeAll, describe, expect, it } from "vitest";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { useStack } from "../support/stack.ts";

const stack = useStack({ today: "2030-03-04", browser: true });
const SIZES = [
  ["laptop", { width: 1366, height: 900 }],
  ["phone", { width: 390, height: 844 }],
] as const;

describe.each(SIZES)("on a %s", (size, viewport) => {
  const userId = `browser-token-maker-${size}`;
  beforeAll(async () => {
    await stack.db.client.execute({ sql: "INSERT INTO users (id, email, name) VALUES (?, ?, 'Tia Tokens')", args: [userId, `${userId}@example.org`] });
    await stack.db.client.execute({ sql: "INSERT INTO memberships (user_id, organisation_id) VALUES (?, 'marta')", args: [userId] });
  });

  it("makes a token whose secret works once shown, lists it and revokes it", async () => {
    const page = await openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { viewport, now: stack.now, userId });
    await page.goto(`${stack.worker.baseUrl}/account`);
    const section = page.getByRole("region", { name: "API tokens for your systems" });
    await section.getByText("You have no API tokens.").waitFor();
    await expectAccessible(page);

    // A bad expiry is named at its field, in the reader's words.
    await section.getByLabel("Name").fill("Intranet sync");
    await section.getByLabel("Expires after (days)").fill("400");
    await section.getByRole("button", { name: "Make a token" }).click();
    await section.getByRole("alert").waitFor();
    expect(await section.getByLabel("Expires after (days)").getAttribute("aria-invalid")).toBe("true");

    await section.getByLabel("Expires after (days)").fill("30");
    await section.getByLabel("Write drafts and changes to your organisation's events").check();
    await section.getByLabel("Expires after (days)").press("Enter");
    await section.getByText("The token Intranet sync was made.").waitFor();
    const secret = await section.getByLabel("Your new token Intranet sync").inputValue();
    expect(secret).toMatch(/^ndc_/);
    const row = section.getByRole("row", { name: /Intranet sync/ });
    await row.getByText("read, write").waitFor();
    await row.getByText("Never").waitFor();
    await expectAccessible(page);

    // The secret works from a script, then no longer once revoked.
    const mine = () => fetch(`${stack.worker.baseUrl}/api/my/events`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await mine()).status).toBe(200);
    await page.reload();
    await section.getByRole("row", { name: /Intranet sync/ }).waitFor();
    expect(await section.getByLabel("Your new token Intranet sync").count()).toBe(0);
    await section.getByRole("button", { name: "Revoke the token Intranet sync" }).click();
    await section.getByText("The token Intranet sync no longer works.").waitFor();
    await section.getByText("You have no API tokens.").waitFor();
    expect((await mine()).status).toBe(401);
  });
});
