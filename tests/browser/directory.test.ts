import { describe, expect, it } from "vitest";
import { useStack } from "../support/stack.ts";
import { SAMPLE } from "../support/api.ts";
import { expectAccessible } from "../support/axe.ts";
import { openPage } from "../support/browser.ts";
import { tokenFrom } from "../support/smtp.ts";

const stack = useStack({ today: "2031-03-10", smtp: true, browser: true });

const newPage = (userId?: string) => openPage(stack.browser, stack.db.client, stack.worker.baseUrl, { userId, now: stack.now });

describe("directory", () => {
  it("browses organisations and opens the Nordic Council of Ministers with its projects and events", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/organisations`);
    await page.getByRole("link", { name: "Nordic Council of Ministers", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Nordic Council of Ministers (NCM)" }).waitFor();
    expect(await page.getByRole("link", { name: /Mobility programme/ }).count()).toBe(1);
    expect(await page.getByRole("link", { name: "Coordination meeting of international organisations and task forces" }).count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await page.goto(`${stack.worker.baseUrl}/projects`);
    await page.getByRole("heading", { name: "Timeline" }).waitFor();
    await expectAccessible(page);
  });

  it("finds a person by expertise and country and offers the vCard", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/people`);
    await page.getByLabel("Expertise").selectOption("health-care");
    await page.getByLabel("Country").selectOption("FI");
    await page.waitForURL(/country=FI/);
    await page.getByRole("link", { name: "Matti Meikäläinen" }).click();
    await page.getByRole("heading", { level: 1, name: "Matti Meikäläinen" }).waitFor();
    // His address is for partners; the public sees none.
    expect(await page.locator(".event-facts").innerText()).not.toContain("@example.org");
    const href = await page.getByRole("link", { name: "Download contact card (vCard)" }).getAttribute("href");
    const card = await (await fetch(`${stack.worker.baseUrl}${href}`)).text();
    expect(card).toContain("FN:Matti Meikäläinen");
    await expectAccessible(page);
  });

  it("finds the NB-8 memorandum by searching “memorandum”", async () => {
    const page = await newPage();
    await page.goto(`${stack.worker.baseUrl}/search?q=memorandum`);
    await page.getByRole("heading", { name: "Documents" }).waitFor();
    await page.getByRole("link", { name: /NB-8 Memorandum of Understanding/ }).click();
    await page.getByRole("heading", { level: 1, name: /NB-8 Memorandum/ }).waitFor();
    expect(await page.locator(".event-meta").innerText()).toContain("Memorandum");
    await expectAccessible(page);
  });

  it("lets a coordinator add a person, who is notified and can erase their record", async () => {
    const page = await newPage(SAMPLE.coordinator);
    await page.goto(`${stack.worker.baseUrl}/people`);
    await page.getByLabel("Name", { exact: true }).fill("Anna Paraugs");
    await page.getByLabel("Email", { exact: true }).fill("anna.paraugs@example.org");
    await page.getByRole("button", { name: "Add a person" }).click();
    await page.getByRole("status").filter({ hasText: "notice" }).waitFor();
    const mail = await stack.smtp.waitFor((m) => m.envelope.to.includes("anna.paraugs@example.org"));
    const person = await newPage();
    await person.goto(`${stack.worker.baseUrl}/privacy#token=${tokenFrom(mail)}`);
    await person.getByRole("heading", { name: "Your record in the directory" }).waitFor();
    expect(await person.getByLabel("Email", { exact: true }).inputValue()).toBe("anna.paraugs@example.org");
    await expectAccessible(person);
    await person.getByRole("button", { name: "Erase my record" }).click();
    await person.getByRole("button", { name: "Yes, erase everything about me" }).click();
    await person.getByText("Your record has been erased.").waitFor();
    const left = await stack.db.client.execute("SELECT count(*) AS n FROM people WHERE email = 'anna.paraugs@example.org'");
    expect(left.rows[0].n).toBe(0);
  });

  it("lets a coordinator give a person a public phone without showing their address or losing their organisations", async () => {
    const links = async () =>
      (await stack.db.client.execute("SELECT organisation_id, role FROM person_organisations WHERE person_id = 'sample-erika-mustermann'")).rows.map((r) => ({
        ...r,
      }));
    const before = await links();
    const page = await newPage(SAMPLE.coordinator);
    await page.goto(`${stack.worker.baseUrl}/people/sample-erika-mustermann`);
    const form = page.getByRole("region", { name: "Edit this person" });
    await form.getByLabel("Phone", { exact: true }).fill("+49 30 0000 0000");
    await form.getByLabel("Phone: Who may see it").selectOption("public");
    await expectAccessible(page);
    await form.getByRole("button", { name: "Save" }).click();
    await form.getByRole("status").filter({ hasText: "Saved." }).waitFor();
    expect(await links()).toEqual(before);

    const visitor = await newPage();
    await visitor.goto(`${stack.worker.baseUrl}/people/sample-erika-mustermann`);
    await visitor.getByRole("link", { name: "+49 30 0000 0000" }).waitFor();
    expect(await visitor.getByText("erika.mustermann@example.org").count()).toBe(0);
    expect(await visitor.getByRole("heading", { name: "Edit this person" }).count()).toBe(0);
  });

  it("lets a coordinator import organisations from CSV after fixing the reported rows", async () => {
    const page = await newPage(SAMPLE.coordinator);
    await page.goto(`${stack.worker.baseUrl}/import`);
    const file = (rows: string[]) => ({
      name: "organisations.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(["slug,name,kind,countries", ...rows].join("\r\n")),
    });
    await page.getByLabel("CSV file").setInputFiles(file(["pl-shelter,Polish shelter network,ngo,PL", "broken,,ngo,"]));
    await page.getByRole("button", { name: "Preview" }).last().click();
    const errors = page.locator("table.data-table").filter({ hasText: "Rows to fix" });
    await errors.waitFor();
    expect(await errors.innerText()).toMatch(/3\s+name/);
    expect(await page.getByRole("button", { name: /^Import \d+ rows$/ }).count()).toBe(0);
    await page.getByLabel("CSV file").setInputFiles(file(["pl-shelter,Polish shelter network,ngo,PL"]));
    await page.getByRole("button", { name: "Preview" }).last().click();
    await page.getByRole("button", { name: "Import 1 rows" }).click();
    await page.getByRole("status").filter({ hasText: "Imported 1 rows." }).waitFor();
    await expectAccessible(page);
    const res = await fetch(`${stack.worker.baseUrl}/api/organisations/pl-shelter`);
    expect(((await res.json()) as { name: string }).name).toBe("Polish shelter network");
  });
});
