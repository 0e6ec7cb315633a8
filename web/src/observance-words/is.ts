import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Icelandic. */
export const is: ObservanceWords = {
  "obs.title": "Minningardagar og bannlotur",
  "obs.intro":
    "Dagar þegar fólk svæðisins er upptekið annars staðar. Viðburður á bannlotu er alvarleg skörun og dagaleitin stingur aldrei upp á slíkum; minningardagur telst miðlungs skörun.",
  "obs.none": "Engir minningardagar eða bannlotur á komandi ári.",
  "obs.kind": "Tegund",
  "obs.titleField": "Heiti",
  "obs.startsOn": "Fyrsti dagur",
  "obs.endsOn": "Síðasti dagur",
  "obs.countries": "Lönd (engin: allt svæðið)",
  "obs.wholeRegion": "allt svæðið",
  "obs.new": "Bæta við tímabili",
  "obs.editTitle": "Breyta þessu tímabili",
  "obs.add": "Bæta við",
  "obs.change": "Breyta",
  "obs.delete": "Eyða",
  "obs.saved": "Vistað: {title}.",
  "obs.deleted": "Eytt: {title}.",
};
