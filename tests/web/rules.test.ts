/** The API's rules as a form shows them: chosen by the rule's code, in the reader's language, the API's values kept. */
import { beforeAll, describe, expect, it } from "vitest";
import { loadMoreTexts, setLocale } from "../../web/src/lib/i18n.ts";
import { ruleText } from "../../web/src/lib/rules.ts";

// setLocale sets <html lang>; in Node there is no page, so it gets an element to set it on.
beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { documentElement: {} };
});

/** A language as a form meets it: forms load with the second half of the texts, where the rules are. */
async function language(locale: "de" | "ru") {
  await setLocale(locale, []);
  await loadMoreTexts();
}

describe("ruleText", () => {
  it("words the date range and the event length rules in the reader's language", async () => {
    await language("de");
    expect(ruleText({ code: "date_range", rule: "must be between 1900-01-01 and 2200-12-31" })).toBe("muss zwischen 1900-01-01 und 2200-12-31 liegen");
    expect(ruleText({ code: "event_length", rule: "an event lasts at most 366 days" })).toBe("eine Veranstaltung dauert höchstens 366 Tage");
    await language("ru");
    expect(ruleText({ code: "date_range", rule: "must be between 1900-01-01 and 2200-12-31" })).toBe("должна быть между 1900-01-01 и 2200-12-31");
    // A code the table does not translate shows the rule as the API sent it.
    expect(ruleText({ code: "unknown_id", rule: "no topic has the id x" })).toBe("no topic has the id x");
  });

  it("words the recurrence rules the event form can meet", async () => {
    await language("de");
    expect(ruleText({ code: "recurrence_count", rule: "COUNT must be between 1 and 1000" })).toBe("die Anzahl muss zwischen 1 und 1000 liegen");
    expect(ruleText({ code: "recurrence_span", rule: "UNTIL must be at most 20 years after the start" })).toBe(
      "die Serie muss innerhalb von 20 Jahren nach ihrem Beginn enden",
    );
    expect(
      ruleText({ code: "recurrence_occurrences", rule: "has more than 1000 occurrences; end it sooner with UNTIL or COUNT, or leave it open-ended" }),
    ).toBe("die Serie hat mehr als 1000 Termine; beenden Sie sie früher");
    await setLocale("lv", []);
    expect(ruleText({ code: "recurrence_until_before_start", rule: "UNTIL must not be before the start" })).toBe("pēdējā diena nedrīkst būt pirms sākuma");
    expect(ruleText({ code: "exdate", rule: "must be local starts written YYYY-MM-DDTHH:MM or dates" })).toBe("jābūt reižu datumiem");
  });

  it("goes by the code, not the English wording, which may change", async () => {
    await language("de");
    const de = ruleText({ code: "required", rule: "is required" });
    expect(de).not.toBe("is required");
    expect(ruleText({ code: "required", rule: "is required when the lawful basis is consent" })).toBe(de);
    expect(ruleText({ code: "too_long", rule: "values must be at most 100 characters" })).toBe(
      ruleText({ code: "too_long", rule: "must be at most 100 characters" }),
    );
    // The same English text with a code the table does not know is not translated.
    expect(ruleText({ code: "invalid", rule: "is required" })).toBe("is required");
  });
});
