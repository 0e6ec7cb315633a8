/**
 * Scoring how much two events collide, and saying why in words. Pure functions: the radar, the
 * free-date finder and the coordinators' dashboard all use these.
 */
import { modeFactor, overlapFactor, SEVERITY, severityOf, timeFactor, WEIGHTS, type AttendanceMode, type Severity } from "./weights.ts";

const DAY = 86_400_000;

/** What the radar compares: a proposal or an existing event, with its instants and its circles. */
export interface ClashSubject {
  startUtc: number;
  endUtc: number;
  countries: string[];
  city: string | null;
  topics: string[];
  audiences: string[];
  organisers: string[];
  languages: string[];
  /** How people attend; unknown counts as in person (the most demanding). */
  attendanceMode?: AttendanceMode;
  /** A flagship event (coordinators decide): see `major_events`. */
  major?: boolean;
  /** Ids of the key persons linked to the event (its contacts). */
  people?: string[];
}

export type Reason =
  | { code: "overlap" }
  | { code: "near"; days: number }
  /** Two flagship events on the same dates for the same country or audience: always high. */
  | { code: "major_events" }
  /**
   * The same key person is linked to both. `values` are the ids of those the viewer may be told
   * of, `names` their names (the radar fills them in), `others` how many more there are.
   */
  | { code: "shared_person"; values: string[]; names?: string[]; others?: number }
  | { code: "shared_audience"; values: string[] }
  | { code: "shared_organiser"; values: string[] }
  | { code: "shared_country"; values: string[] }
  | { code: "same_city"; values: string[] }
  | { code: "shared_topic"; values: string[] }
  | { code: "shared_language"; values: string[] }
  /** The dates fall in a blackout period or an observance coordinators marked (observances.ts). */
  | { code: "blackout" | "observance"; title: string; startsOn: string; endsOn: string };

export interface Clash {
  score: number;
  severity: Severity;
  reasons: Reason[];
}

const shared = (a: string[], b: string[]) => a.filter((x) => b.includes(x));

/** Whole days between two periods; 0 when they overlap. */
export function gapDays(a: { startUtc: number; endUtc: number }, b: { startUtc: number; endUtc: number }): number {
  if (a.startUtc < b.endUtc && b.startUtc < a.endUtc) return 0;
  const gap = a.startUtc >= b.endUtc ? a.startUtc - b.endUtc : b.startUtc - a.endUtc;
  return Math.max(1, Math.ceil(gap / DAY));
}

/**
 * How much `other` collides with `proposal`; null when they are too far apart to matter. The
 * points for what they share are weighed by how close in time they are, by how much of their
 * attendance time overlaps and by how they are attended (weights.ts).
 */
export function scoreClash(proposal: ClashSubject, other: ClashSubject, marginDays: number): Clash | null {
  const gap = gapDays(proposal, other);
  const factor = timeFactor(gap, marginDays);
  if (factor === 0) return null;
  const reasons: Reason[] = [gap === 0 ? { code: "overlap" } : { code: "near", days: gap }];
  let points = WEIGHTS.base;
  type Shared = Exclude<Reason, { code: "overlap" | "near" | "major_events" | "blackout" | "observance" }>["code"];
  const add = (code: Shared, values: string[], weight: number) => {
    if (!values.length) return;
    reasons.push({ code, values } as Reason);
    points += weight;
  };
  const audiences = shared(proposal.audiences, other.audiences);
  const countries = shared(proposal.countries, other.countries);
  const majors = gap === 0 && !!proposal.major && !!other.major && (audiences.length > 0 || countries.length > 0);
  if (majors) reasons.push({ code: "major_events" });
  add("shared_audience", audiences, WEIGHTS.sharedAudience);
  add("shared_organiser", shared(proposal.organisers, other.organisers), WEIGHTS.sharedOrganiser);
  add("shared_person", shared(proposal.people ?? [], other.people ?? []), WEIGHTS.sharedPerson);
  add("shared_country", countries, WEIGHTS.sharedCountry);
  const city = proposal.city && other.city && proposal.city.trim().toLowerCase() === other.city.trim().toLowerCase() ? [other.city] : [];
  add("same_city", city, WEIGHTS.sameCity);
  add("shared_topic", shared(proposal.topics, other.topics), WEIGHTS.sharedTopic);
  add("shared_language", shared(proposal.languages, other.languages), WEIGHTS.sharedLanguage);
  const weighed = Math.round(points * factor * overlapFactor(proposal, other) * modeFactor(proposal.attendanceMode, other.attendanceMode));
  // Two flagships for the same people or country on the same dates: high, whatever else.
  const score = majors ? Math.max(weighed, SEVERITY.high) : weighed;
  return { score, severity: severityOf(score), reasons };
}

const COUNTRY = new Intl.DisplayNames(["en"], { type: "region" });

/** A reason in English words (the web app words them in the reader's language from `code`). */
export function reasonText(
  r: Reason,
  labels: { topic: (id: string) => string; audience: (id: string) => string; organisation: (id: string) => string },
): string {
  switch (r.code) {
    case "overlap":
      return "on the same dates";
    case "near":
      return `${r.days} day${r.days === 1 ? "" : "s"} apart`;
    case "major_events":
      return "two major events for the same region or audience";
    case "shared_person": {
      const names = r.names ?? [];
      if (!names.length) return "a shared contact person";
      return `same contact person: ${names.join(", ")}`;
    }
    case "shared_audience":
      return `same audience: ${r.values.map(labels.audience).join(", ")}`;
    case "shared_organiser":
      return `same organiser: ${r.values.map(labels.organisation).join(", ")}`;
    case "shared_country":
      return `same country: ${r.values.map((c) => COUNTRY.of(c) ?? c).join(", ")}`;
    case "same_city":
      return `same city: ${r.values.join(", ")}`;
    case "shared_topic":
      return `same topic: ${r.values.map(labels.topic).join(", ")}`;
    case "shared_language":
      return `same language: ${r.values.join(", ")}`;
    case "blackout":
      return `in the blackout period ${r.title} (${r.startsOn} to ${r.endsOn})`;
    case "observance":
      return `during ${r.title} (${r.startsOn} to ${r.endsOn})`;
  }
}

/** One thing a proposal may clash with: an event or a save-the-date hold, as the radar reads it. */
export interface Candidate extends ClashSubject {
  id: string;
  /** An event's slug, or `hold:<id>` for a save-the-date hold. */
  slug: string;
  kind: "event" | "hold";
  title: string;
  busy: boolean;
  leadOrganiser: string | null;
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  /** For events: their type and status (holds have neither). */
  type?: string;
  status?: string;
}
