import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Lithuanian. */
export const lt: ObservanceWords = {
  "obs.title": "Minėtinos dienos ir draudžiami laikotarpiai",
  "obs.intro":
    "Dienos, kai regiono žmonės užimti kitur. Renginys draudžiamu laikotarpiu yra rimtas sutapimas, ir datų paieška jo niekada nesiūlo; minėtina diena laikoma vidutiniu sutapimu.",
  "obs.none": "Ateinančiais metais minėtinų dienų ar draudžiamų laikotarpių nėra.",
  "obs.kind": "Rūšis",
  "obs.titleField": "Pavadinimas",
  "obs.startsOn": "Pirma diena",
  "obs.endsOn": "Paskutinė diena",
  "obs.countries": "Šalys (jokių: visas regionas)",
  "obs.wholeRegion": "visas regionas",
  "obs.new": "Pridėti laikotarpį",
  "obs.editTitle": "Keisti šį laikotarpį",
  "obs.add": "Pridėti",
  "obs.change": "Keisti",
  "obs.delete": "Ištrinti",
  "obs.saved": "Išsaugota: {title}.",
  "obs.deleted": "Ištrinta: {title}.",
};
