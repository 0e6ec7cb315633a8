import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Swedish. */
export const sv: ObservanceWords = {
  "obs.title": "Högtidsdagar och spärrperioder",
  "obs.intro":
    "Dagar då regionens folk är upptagna på annat håll. Ett evenemang i en spärrperiod är en allvarlig krock och datumsökningen föreslår aldrig ett; en högtidsdag räknas som en medelstor krock.",
  "obs.none": "Inga högtidsdagar eller spärrperioder under det kommande året.",
  "obs.kind": "Typ",
  "obs.titleField": "Namn",
  "obs.startsOn": "Första dagen",
  "obs.endsOn": "Sista dagen",
  "obs.countries": "Länder (inga: hela regionen)",
  "obs.wholeRegion": "hela regionen",
  "obs.new": "Lägg till en period",
  "obs.editTitle": "Ändra den här perioden",
  "obs.add": "Lägg till",
  "obs.change": "Ändra",
  "obs.delete": "Ta bort",
  "obs.saved": "Sparad: {title}.",
  "obs.deleted": "Borttagen: {title}.",
};
