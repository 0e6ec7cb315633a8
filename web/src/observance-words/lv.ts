import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Latvian. */
export const lv: ObservanceWords = {
  "obs.title": "Atceres dienas un aizlieguma periodi",
  "obs.intro":
    "Dienas, kad reģiona cilvēki ir aizņemti citur. Pasākums aizlieguma periodā ir nopietna pārklāšanās, un datumu meklētājs to nekad nepiedāvā; atceres diena skaitās vidēja pārklāšanās.",
  "obs.none": "Nākamajā gadā nav atceres dienu vai aizlieguma periodu.",
  "obs.kind": "Veids",
  "obs.titleField": "Nosaukums",
  "obs.startsOn": "Pirmā diena",
  "obs.endsOn": "Pēdējā diena",
  "obs.countries": "Valstis (nevienas: viss reģions)",
  "obs.wholeRegion": "viss reģions",
  "obs.new": "Pievienot periodu",
  "obs.editTitle": "Mainīt šo periodu",
  "obs.add": "Pievienot",
  "obs.change": "Mainīt",
  "obs.delete": "Dzēst",
  "obs.saved": "Saglabāts: {title}.",
  "obs.deleted": "Dzēsts: {title}.",
};
