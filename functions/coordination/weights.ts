/**
 * How much each kind of collision counts. One place, pinned by tests/coordination/clash.test.ts
 * ("the same audience in the same week outranks the same topic in another country") and by the
 * coordinators' table of pairs in tests/coordination/clash-pairs.test.ts.
 *
 * A clash's score is `points × time × shared time × attendance`: the points say how much the two
 * events draw on the same people, places and subjects; the factors say how much of those people's
 * time and travel the two actually compete for. Two flagship (major) events are the exception:
 * overlapping for the same country or audience, they are high whatever the factors say.
 */
import type { ATTENDANCE_MODES } from "../../db/enums.ts";

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
  /**
   * The same key person (a contact linked to both events) cannot be in two places either; as
   * strong as the same organiser, since one person is usually what makes an event happen.
   */
  sharedPerson: 25,
} as const;

/** Days between two events within which they still compete (travel, preparation). */
export const DEFAULT_MARGIN_DAYS = 3;

/** Overlapping dates count fully; within the margin, less the further apart they are. */
export function timeFactor(gapDays: number, marginDays: number): number {
  if (gapDays <= 0) return 1;
  if (gapDays > marginDays) return 0;
  return 0.6 * (1 - (gapDays - 1) / (marginDays + 1));
}

/**
 * Attendance time: the hours people actually give an event. A day counts at most
 * `hoursPerDay`, so a two-day all-day conference is 16 hours, not 48, and a one-hour call is one.
 */
export const ATTENDANCE = { hoursPerDay: 8 } as const;

/**
 * How overlapping events share attendance time. `share` is the part of both events' attendance
 * time spent at the same time: 2 × overlap ÷ (the two attendance times), 1 for the same hours,
 * 0.12 for a one-hour call inside a two-day conference (both audiences together lose two hours
 * of seventeen). The factor rises steeply at first (`exponent` < 1: sharing one of two days is
 * already most of a clash) and never falls below `floor` (any overlap costs something).
 */
export const OVERLAP = { floor: 0.1, exponent: 0.35 } as const;

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Attendance hours of a period `ms` long (see ATTENDANCE). */
export function attendanceHours(ms: number): number {
  if (ms <= 0) return 0;
  return Math.min(ms / HOUR, ATTENDANCE.hoursPerDay * Math.ceil(ms / DAY));
}

/** The shared-time factor of two overlapping periods (1 when they do not overlap: see timeFactor). */
export function overlapFactor(a: { startUtc: number; endUtc: number }, b: { startUtc: number; endUtc: number }): number {
  const overlap = Math.min(a.endUtc, b.endUtc) - Math.max(a.startUtc, b.startUtc);
  if (overlap <= 0) return 1;
  const total = attendanceHours(a.endUtc - a.startUtc) + attendanceHours(b.endUtc - b.startUtc);
  const share = total > 0 ? Math.min(1, (2 * attendanceHours(overlap)) / total) : 1;
  return OVERLAP.floor + (1 - OVERLAP.floor) * share ** OVERLAP.exponent;
}

export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

/**
 * How much an event of each attendance mode competes for people's travel and days. An online
 * call takes an hour at a desk, not a trip; a hybrid event lets those who cannot travel join
 * online. A pair counts by its less demanding event: two events compete for travel only when
 * both need it.
 */
export const MODE = { in_person: 1, hybrid: 0.8, online: 0.5 } as const satisfies Record<AttendanceMode, number>;

/** The attendance factor of a pair; an event of unknown mode counts as in person. */
export function modeFactor(a: AttendanceMode | undefined, b: AttendanceMode | undefined): number {
  return Math.min(MODE[a ?? "in_person"], MODE[b ?? "in_person"]);
}

export const SEVERITY = { high: 50, medium: 25 } as const;
export type Severity = "high" | "medium" | "low";

export function severityOf(score: number): Severity {
  return score >= SEVERITY.high ? "high" : score >= SEVERITY.medium ? "medium" : "low";
}
