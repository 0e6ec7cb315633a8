/**
 * Why an import or feed-sync entry was refused, or what more happened to it: in English for the
 * API (`reasons`), and as codes with their values (`notes`), which the web app words in the
 * reader's language (web/src/components/import-report.tsx). A note the app has no words for
 * shows its English reason.
 */
import type { FieldIssue } from "../errors.ts";

export const NOTE_CODES = [
  "missing_uid",
  "missing_summary",
  "missing_start",
  "unreadable",
  "time_zone",
  "uid_twice",
  "recurrence",
  "twin_own",
  "twin_other",
  "waits_for_review",
  "gone_from_feed",
] as const;

export interface ReportNote {
  /** One of NOTE_CODES, or a field rule's code (RULE_CODES) with its `field` and `rule`. */
  code: (typeof NOTE_CODES)[number] | FieldIssue["code"];
  field?: string;
  rule?: string;
  title?: string;
  organisation?: string;
  zone?: string;
}

/** A note with its English reason. */
export interface Reason extends ReportNote {
  text: string;
}

/** The report fields for `reasons`: the English texts and the codes with their values. */
export function explained(reasons: Reason[]): { reasons: string[]; notes: ReportNote[] } {
  return { reasons: reasons.map((r) => r.text), notes: reasons.map(({ text: _, ...note }) => note) };
}

/** A field rule's reason, as the API names bad input. */
export const ruleReason = (issue: FieldIssue): Reason => ({ ...issue, text: `${issue.field}: ${issue.rule}` });
