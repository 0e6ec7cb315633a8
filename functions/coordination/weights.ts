/**
 * How much each kind of collision counts. One place, pinned by tests/coordination/clash.test.ts
 * ("the same audience in the same week outranks the same topic in another country").
 */
export const WEIGHTS = {
  /** Any two events close in time compete a little for attention. */
  base: 10,
  /** The same people (police officers, social workers) cannot be in two places. */
  sharedAudience: 40,
  /** The same organisation would be running two things at once. */
  sharedOrganiser: 25,
  /** Events in the same country draw on the same participants and speakers. */
  sharedCountry: 15,
  sameCity: 10,
  sharedTopic: 15,
  sharedLanguage: 5,
} as const;

/** Days between two events within which they still compete (travel, preparation). */
export const DEFAULT_MARGIN_DAYS = 3;

/** Overlapping dates count fully; within the margin, less the further apart they are. */
export function timeFactor(gapDays: number, marginDays: number): number {
  if (gapDays <= 0) return 1;
  if (gapDays > marginDays) return 0;
  return 0.6 * (1 - (gapDays - 1) / (marginDays + 1));
}

export const SEVERITY = { high: 50, medium: 25 } as const;
export type Severity = "high" | "medium" | "low";

export function severityOf(score: number): Severity {
  return score >= SEVERITY.high ? "high" : score >= SEVERITY.medium ? "medium" : "low";
}
