/**
 * The API names a bad field, its rule in English ("endsAt: must be after startsAt") and the rule's
 * code (`after_start`, functions/errors.ts RULE_CODES); forms show the rules people meet most in
 * the reader's language, chosen by the code. A code not in this table shows the rule as sent.
 */
import type { FieldIssue } from "./api.ts";
import { t, type MessageKeyOf } from "./i18n.ts";

const RULES: Partial<Record<FieldIssue["code"], MessageKeyOf<"rule.">>> = {
  required: "rule.required",
  after_start: "rule.afterStart",
  not_before_start: "rule.notBeforeStart",
  email: "rule.email",
  https_url: "rule.https",
  country_code: "rule.country",
  date_format: "rule.date",
  date_time_format: "rule.dateTime",
  time_zone: "rule.timeZone",
  not_past: "rule.notPast",
  own_organisation: "rule.ownOrganisation",
  phone: "rule.phone",
  recurrence_until_before_start: "rule.untilBeforeStart",
  recurrence_no_date: "rule.noOccurrence",
  recurrence_start: "rule.startNotInRule",
  time_skipped: "rule.timeSkipped",
  recurrence_format: "rule.invalidRule",
  exdate: "rule.exdate",
};

/** Rules with a number in them: the text, and the name of the number in it (the last number of the API's rule). */
const NUMBERED: Partial<Record<FieldIssue["code"], [MessageKeyOf<"rule.">, string]>> = {
  too_long: ["rule.maxChars", "max"],
  event_length: ["rule.eventLength", "days"],
  recurrence_span: ["rule.seriesSpan", "years"],
  recurrence_occurrences: ["rule.tooManyOccurrences", "count"],
  recurrence_count: ["rule.countRange", "max"],
  recurrence_interval: ["rule.intervalRange", "max"],
};

/** The rule of `issue` in the reader's language, the API's values (limits, dates) kept. */
export function ruleText(issue: Pick<FieldIssue, "rule" | "code">): string {
  const { rule, code } = issue;
  const numbered = NUMBERED[code];
  const number = /(\d+)\D*$/.exec(rule);
  if (numbered && number) return t(numbered[0], { [numbered[1]]: Number(number[1]) });
  const range = /(\S+) and (\S+)$/.exec(rule);
  if (code === "date_range" && range) return t("rule.dateRange", { from: range[1], to: range[2] });
  const known = RULES[code];
  return known ? t(known) : rule;
}

/** The visible label of the control for `field` (`#f-<field>`), else the field's name. */
export function fieldLabel(field: string): string {
  const id = `f-${field.replace(/\[.*$/, "")}`;
  const label = document.querySelector(`label[for="${id}"]`) ?? document.getElementById(id)?.closest("fieldset")?.querySelector("legend");
  return label?.textContent?.trim() || field;
}
