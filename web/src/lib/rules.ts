/**
 * The API names a bad field and its rule in English ("endsAt: must be after startsAt"); forms show
 * the rules people meet most in the reader's language. A rule not in this table shows as sent.
 */
import { t, type MessageKeyOf } from "./i18n.ts";

const RULES: [RegExp, MessageKeyOf<"rule.">][] = [
  [/^is required\b/, "rule.required"],
  [/^must be after (startsAt|startsOn|from)$/, "rule.afterStart"],
  [/^must not be before (startsAt|startsOn|from)$/, "rule.notBeforeStart"],
  [/^must be an email address$/, "rule.email"],
  [/^must be an https:\/\/ link$/, "rule.https"],
  [/^must be (an )?ISO 3166-1 alpha-2 codes?\b/, "rule.country"],
  [/^must be a date written YYYY-MM-DD\b/, "rule.date"],
  [/^must be a local date and time\b/, "rule.dateTime"],
  [/^must be an IANA time zone\b/, "rule.timeZone"],
  [/^must not be in the past$/, "rule.notPast"],
  [/^must be one of your organisations$/, "rule.ownOrganisation"],
  [/^must be a phone number\b/, "rule.phone"],
  [/^UNTIL must not be before the start$/, "rule.untilBeforeStart"],
  [/^falls on no date\b/, "rule.noOccurrence"],
  [/^is not a valid RRULE\b/, "rule.invalidRule"],
  [/^must be local starts written\b/, "rule.exdate"],
];

/** Rules with a number in them: the pattern, its text, and the name of the number in the text. */
const NUMBERED: [RegExp, MessageKeyOf<"rule.">, string][] = [
  [/^must be at most (\d+) characters$/, "rule.maxChars", "max"],
  [/^an event lasts at most (\d+) days$/, "rule.eventLength", "days"],
  [/^UNTIL must be at most (\d+) years after the start$/, "rule.seriesSpan", "years"],
  [/^reaches its COUNT more than (\d+) years after the start\b/, "rule.seriesSpan", "years"],
  [/^has more than (\d+) occurrences\b/, "rule.tooManyOccurrences", "count"],
  [/^COUNT must be between 1 and (\d+)$/, "rule.countRange", "max"],
  [/^INTERVAL must be between 1 and (\d+)$/, "rule.intervalRange", "max"],
];

export function ruleText(rule: string): string {
  for (const [pattern, key, name] of NUMBERED) {
    const match = pattern.exec(rule);
    if (match) return t(key, { [name]: Number(match[1]) });
  }
  const range = /^must be between (\S+) and (\S+)$/.exec(rule);
  if (range) return t("rule.dateRange", { from: range[1], to: range[2] });
  const known = RULES.find(([pattern]) => pattern.test(rule));
  return known ? t(known[1]) : rule;
}

/** The visible label of the control for `field` (`#f-<field>`), else the field's name. */
export function fieldLabel(field: string): string {
  const id = `f-${field.replace(/\[.*$/, "")}`;
  const label = document.querySelector(`label[for="${id}"]`) ?? document.getElementById(id)?.closest("fieldset")?.querySelector("legend");
  return label?.textContent?.trim() || field;
}
