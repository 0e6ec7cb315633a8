import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Danish. */
export const da: ObservanceWords = {
  "obs.title": "Mærkedage og spærreperioder",
  "obs.intro":
    "Dage hvor regionens folk er optaget andetsteds. Et arrangement i en spærreperiode er et stort sammenfald, og datosøgningen foreslår aldrig en; en mærkedag tæller som et middel sammenfald.",
  "obs.none": "Ingen mærkedage eller spærreperioder i det kommende år.",
  "obs.kind": "Art",
  "obs.titleField": "Navn",
  "obs.startsOn": "Første dag",
  "obs.endsOn": "Sidste dag",
  "obs.countries": "Lande (ingen: hele regionen)",
  "obs.wholeRegion": "hele regionen",
  "obs.new": "Tilføj en periode",
  "obs.editTitle": "Ret denne periode",
  "obs.add": "Tilføj",
  "obs.change": "Ret",
  "obs.delete": "Slet",
  "obs.saved": "Gemt: {title}.",
  "obs.deleted": "Slettet: {title}.",
};
