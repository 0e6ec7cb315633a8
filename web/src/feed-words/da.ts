import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Danish. */
export const da: FeedWords = {
  "feeds.title": "Hold kalenderen i takt med jeres kalenderfeed",
  "feeds.intro":
    "Angiv https-adressen på jeres organisations eksisterende kalenderfeed (.ics), så henter kalenderen den hver time: nye begivenheder venter på gennemgang (eller offentliggøres straks for betroede organisationer), ændrede opdateres, og begivenheder, der forsvinder fra feedet eller aflyses i det, aflyses her – de slettes aldrig. Sandsynlige dubletter af begivenheder, der allerede er i kalenderen, oprettes ikke to gange.",
  "feeds.organisation": "Organisation",
  "feeds.url": "Feedets adresse",
  "feeds.urlHint": "Et https://-link til en .ics-fil, højst 1 MB; højst 3 feeds pr. organisation.",
  "feeds.add": "Tilføj feed",
  "feeds.added": "Feedet er tilføjet; det hentes inden for få minutter.",
  "feeds.trusted": "{organisation} er betroet: begivenheder fra dens feeds offentliggøres uden gennemgang",
  "feeds.trustedOn": "{organisation} er nu betroet.",
  "feeds.trustedOff": "{organisation} er ikke længere betroet.",
  "feeds.listTitle": "Kalenderfeeds",
  "feeds.none": "Ingen kalenderfeeds endnu.",
  "feeds.lastFetch": "Seneste hentning",
  "feeds.never": "Ikke hentet endnu",
  "feeds.result": "Resultat",
  "feeds.result.ok": "Importeret",
  "feeds.result.not_modified": "Uændret siden seneste hentning",
  "feeds.result.failed": "Mislykkedes",
  "feeds.error": "Fejl",
  "feeds.failures": "Fejl i træk",
  "feeds.nextFetch": "Næste hentning",
  "feeds.summary": "{create} nye, {update} opdateret, {cancel} aflyst, {unchanged} uændret, {duplicate} dubletter, {refuse} afvist.",
  "feeds.report": "Poster i den seneste import",
  "feeds.fetchNow": "Hent nu",
  "feeds.fetching": "Henter …",
  "feeds.fetched": "Hentet.",
  "feeds.remove": "Fjern",
  "feeds.removed": "Feedet er fjernet; dets begivenheder bliver i kalenderen.",
};
