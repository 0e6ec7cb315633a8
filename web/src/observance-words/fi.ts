import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Finnish. */
export const fi: ObservanceWords = {
  "obs.title": "Teemapäivät ja estoajat",
  "obs.intro":
    "Päivät, jolloin alueen väki on muualla kiinni. Estoajalle osuva tapahtuma on vakava päällekkäisyys, eikä päivähaku koskaan ehdota sellaista; teemapäivä lasketaan kohtalaiseksi päällekkäisyydeksi.",
  "obs.none": "Ei teemapäiviä tai estoaikoja tulevana vuonna.",
  "obs.kind": "Laji",
  "obs.titleField": "Nimi",
  "obs.startsOn": "Ensimmäinen päivä",
  "obs.endsOn": "Viimeinen päivä",
  "obs.countries": "Maat (ei yhtään: koko alue)",
  "obs.wholeRegion": "koko alue",
  "obs.new": "Lisää jakso",
  "obs.editTitle": "Muuta tätä jaksoa",
  "obs.add": "Lisää",
  "obs.change": "Muuta",
  "obs.delete": "Poista",
  "obs.saved": "Tallennettu: {title}.",
  "obs.deleted": "Poistettu: {title}.",
};
