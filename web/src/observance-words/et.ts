import type { ObservanceWords } from "./en.ts";

/** The observances page's words in Estonian. */
export const et: ObservanceWords = {
  "obs.title": "Tähtpäevad ja keeluajad",
  "obs.intro":
    "Päevad, mil piirkonna inimesed on mujal hõivatud. Keeluajale jääv üritus on tõsine kattumine ja kuupäevaotsing ei paku seda kunagi; tähtpäev loeb keskmise kattumisena.",
  "obs.none": "Eelseisval aastal pole tähtpäevi ega keeluaegu.",
  "obs.kind": "Liik",
  "obs.titleField": "Nimi",
  "obs.startsOn": "Esimene päev",
  "obs.endsOn": "Viimane päev",
  "obs.countries": "Riigid (mitte ühtegi: kogu piirkond)",
  "obs.wholeRegion": "kogu piirkond",
  "obs.new": "Lisa periood",
  "obs.editTitle": "Muuda seda perioodi",
  "obs.add": "Lisa",
  "obs.change": "Muuda",
  "obs.delete": "Kustuta",
  "obs.saved": "Salvestatud: {title}.",
  "obs.deleted": "Kustutatud: {title}.",
};
