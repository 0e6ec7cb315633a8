import type { ObservanceWords } from "./en.ts";

/** The observances page's words in German. */
export const de: ObservanceWords = {
  "obs.title": "Gedenktage und Sperrzeiten",
  "obs.intro":
    "Tage, an denen die Menschen der Region anderswo gebunden sind. Eine Veranstaltung in einer Sperrzeit ist eine schwere Überschneidung, und die Terminsuche schlägt nie eine vor; ein Gedenktag zählt als mittlere Überschneidung.",
  "obs.none": "Keine Gedenktage oder Sperrzeiten im kommenden Jahr.",
  "obs.kind": "Art",
  "obs.titleField": "Name",
  "obs.startsOn": "Erster Tag",
  "obs.endsOn": "Letzter Tag",
  "obs.countries": "Länder (keines: die ganze Region)",
  "obs.wholeRegion": "ganze Region",
  "obs.new": "Zeitraum hinzufügen",
  "obs.editTitle": "Diesen Zeitraum ändern",
  "obs.add": "Hinzufügen",
  "obs.change": "Ändern",
  "obs.delete": "Löschen",
  "obs.saved": "Gespeichert: {title}.",
  "obs.deleted": "Gelöscht: {title}.",
};
