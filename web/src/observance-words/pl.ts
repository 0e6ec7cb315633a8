import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Polish. */
export const pl: ObservanceWords = {
  "obs.title": "Dni szczególne i okresy wyłączone",
  "obs.intro":
    "Dni, w których ludzie z regionu są zajęci gdzie indziej. Wydarzenie w okresie wyłączonym to poważna kolizja i wyszukiwarka terminów nigdy go nie proponuje; dzień szczególny liczy się jako średnia kolizja.",
  "obs.none": "Brak dni szczególnych i okresów wyłączonych w nadchodzącym roku.",
  "obs.kind": "Rodzaj",
  "obs.titleField": "Nazwa",
  "obs.startsOn": "Pierwszy dzień",
  "obs.endsOn": "Ostatni dzień",
  "obs.countries": "Kraje (żaden: cały region)",
  "obs.wholeRegion": "cały region",
  "obs.new": "Dodaj okres",
  "obs.editTitle": "Zmień ten okres",
  "obs.add": "Dodaj",
  "obs.change": "Zmień",
  "obs.delete": "Usuń",
  "obs.saved": "Zapisano: {title}.",
  "obs.deleted": "Usunięto: {title}.",
};
