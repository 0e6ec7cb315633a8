/** Calls the clash radar and words its reasons in the reader's language. */
import type { Reason } from "../../../functions/coordination/clash.ts";
import type { RadarResult } from "../../../functions/coordination/radar.ts";
import { send, type VocabularyResponse } from "./api.ts";
import { countryName, formatDateRange, formatList, languageName, plural, t, termLabel } from "./i18n.ts";

export type { RadarResult };

export interface Proposal {
  allDay: boolean;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  country: string | null;
  city: string | null;
  topics: string[];
  audiences: string[];
  organisers: string[];
  /** The event's languages: a shared language means a shared audience. */
  languages?: string[];
  /** In person, online or hybrid: an online event competes less for people's travel and days. */
  attendanceMode?: "in_person" | "online" | "hybrid";
  /** A flagship event (only coordinators set it). */
  major?: boolean;
  excludeSlug?: string;
}

export async function checkClashes(p: Proposal): Promise<RadarResult> {
  return (await send<RadarResult>("POST", "/api/clash-check", p)).body;
}

export function reasonWords(r: Reason, vocab: VocabularyResponse | null): string {
  const org = (id: string) => vocab?.organisations.find((o) => o.id === id)?.shortName ?? vocab?.organisations.find((o) => o.id === id)?.name ?? id;
  switch (r.code) {
    case "overlap":
      return t("radar.reason.overlap");
    case "near":
      return plural("radar.reason.near", r.days);
    case "major_events":
      return t("radar.reason.major_events");
    case "shared_person":
      // Names only of the people the viewer may see; otherwise that there is one.
      return r.names?.length ? t("radar.reason.shared_person", { values: formatList(r.names) }) : t("radar.reason.shared_person_unnamed");
    case "shared_audience":
      return t("radar.reason.shared_audience", { values: formatList(r.values.map((v) => termLabel("audience", v))) });
    case "shared_topic":
      return t("radar.reason.shared_topic", { values: formatList(r.values.map((v) => termLabel("topic", v))) });
    case "shared_country":
      return t("radar.reason.shared_country", { values: formatList(r.values.map(countryName)) });
    case "shared_organiser":
      return t("radar.reason.shared_organiser", { values: formatList(r.values.map(org)) });
    case "same_city":
      return t("radar.reason.same_city", { values: formatList(r.values) });
    case "shared_language":
      return t("radar.reason.shared_language", { values: formatList(r.values.map(languageName)) });
    case "blackout":
    case "observance":
      return t(`radar.reason.${r.code}`, { title: r.title, dates: formatDateRange(r.startsOn, r.endsOn) });
  }
}
