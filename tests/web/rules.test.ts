/** The API's rules as a form shows them: in the reader's language, the API's values kept. */
import { beforeAll, describe, expect, it } from "vitest";
import { setLocale } from "../../web/src/lib/i18n.ts";
import { ruleText } from "../../web/src/lib/rules.ts";

// setLocale sets <html lang>; in Node there is no page, so it gets an element to set it on.
beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { documentElement: {} };
});

describe("ruleText", () => {
  it("words the date range and the event length rules in the reader's language", async () => {
    await setLocale("de", []);
    expect(ruleText("must be between 1900-01-01 and 2200-12-31")).toBe("muss zwischen 1900-01-01 und 2200-12-31 liegen");
    expect(ruleText("an event lasts at most 366 days")).toBe("eine Veranstaltung dauert höchstens 366 Tage");
    await setLocale("ru", []);
    expect(ruleText("must be between 1900-01-01 and 2200-12-31")).toBe("должна быть между 1900-01-01 и 2200-12-31");
    // A rule the table does not know shows as the API sent it.
    expect(ruleText("no topic has the id x")).toBe("no topic has the id x");
  });
});
