import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Norwegian (Bokmål). */
export const nb: ObservanceWords = {
  "obs.title": "Merkedager og sperreperioder",
  "obs.intro":
    "Dager da regionens folk er opptatt andre steder. Et arrangement i en sperreperiode er en alvorlig kollisjon, og datosøket foreslår aldri et; en merkedag teller som en middels kollisjon.",
  "obs.none": "Ingen merkedager eller sperreperioder det kommende året.",
  "obs.kind": "Type",
  "obs.titleField": "Navn",
  "obs.startsOn": "Første dag",
  "obs.endsOn": "Siste dag",
  "obs.countries": "Land (ingen: hele regionen)",
  "obs.wholeRegion": "hele regionen",
  "obs.new": "Legg til en periode",
  "obs.editTitle": "Endre denne perioden",
  "obs.add": "Legg til",
  "obs.change": "Endre",
  "obs.delete": "Slett",
  "obs.saved": "Lagret: {title}.",
  "obs.deleted": "Slettet: {title}.",
};
