import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Norwegian (bokmål). */
export const nb: FeedWords = {
  "feeds.title": "Hold kalenderen i takt med kalenderstrømmen deres",
  "feeds.intro":
    "Oppgi https-adressen til organisasjonens eksisterende kalenderstrøm (.ics), så henter kalenderen den hver time: nye arrangementer venter på gjennomgang (eller publiseres straks for betrodde organisasjoner), endrede oppdateres, og arrangementer som forsvinner fra strømmen eller avlyses i den, avlyses her – de slettes aldri. Sannsynlige duplikater av arrangementer som allerede er i kalenderen, opprettes ikke to ganger.",
  "feeds.organisation": "Organisasjon",
  "feeds.url": "Strømmens adresse",
  "feeds.urlHint": "En https://-lenke til en .ics-fil, høyst 1 MB; høyst 3 strømmer per organisasjon.",
  "feeds.add": "Legg til strøm",
  "feeds.added": "Strømmen er lagt til; den hentes i løpet av noen minutter.",
  "feeds.trusted": "{organisation} er betrodd: arrangementer fra strømmene publiseres uten gjennomgang",
  "feeds.trustedOn": "{organisation} er nå betrodd.",
  "feeds.trustedOff": "{organisation} er ikke lenger betrodd.",
  "feeds.listTitle": "Kalenderstrømmer",
  "feeds.none": "Ingen kalenderstrømmer ennå.",
  "feeds.lastFetch": "Siste henting",
  "feeds.never": "Ikke hentet ennå",
  "feeds.result": "Resultat",
  "feeds.result.ok": "Importert",
  "feeds.result.not_modified": "Uendret siden siste henting",
  "feeds.result.failed": "Mislyktes",
  "feeds.error": "Feil",
  "feeds.failures": "Feil på rad",
  "feeds.nextFetch": "Neste henting",
  "feeds.summary": "{create} nye, {update} oppdatert, {cancel} avlyst, {unchanged} uendret, {duplicate} duplikater, {refuse} avvist.",
  "feeds.report": "Oppføringer i siste import",
  "feeds.fetchNow": "Hent nå",
  "feeds.fetching": "Henter …",
  "feeds.fetched": "Hentet.",
  "feeds.remove": "Fjern",
  "feeds.removed": "Strømmen er fjernet; arrangementene blir værende i kalenderen.",
};
