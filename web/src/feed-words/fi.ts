import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Finnish. */
export const fi: FeedWords = {
  "feeds.title": "Pidä kalenteri ajan tasalla oman kalenterisyötteenne kanssa",
  "feeds.intro":
    "Anna organisaationne nykyisen kalenterisyötteen (.ics) https-osoite, niin kalenteri hakee sen tunnin välein: uudet tapahtumat odottavat tarkistusta (tai julkaistaan heti luotetuilta organisaatioilta), muuttuneet päivitetään, ja syötteestä poistuneet tai siinä perutut tapahtumat perutaan täällä – niitä ei koskaan poisteta. Todennäköisiä kaksoiskappaleita kalenterissa jo olevista tapahtumista ei luoda toista kertaa.",
  "feeds.organisation": "Organisaatio",
  "feeds.url": "Syötteen osoite",
  "feeds.urlHint": "https://-linkki .ics-tiedostoon, enintään 1 Mt; enintään 3 syötettä organisaatiota kohden.",
  "feeds.add": "Lisää syöte",
  "feeds.added": "Syöte lisättiin; se haetaan muutaman minuutin kuluessa.",
  "feeds.trusted": "{organisation} on luotettu: sen syötteiden tapahtumat julkaistaan ilman tarkistusta",
  "feeds.trustedOn": "{organisation} on nyt luotettu.",
  "feeds.trustedOff": "{organisation} ei ole enää luotettu.",
  "feeds.listTitle": "Kalenterisyötteet",
  "feeds.none": "Ei vielä kalenterisyötteitä.",
  "feeds.lastFetch": "Viimeisin haku",
  "feeds.never": "Ei vielä haettu",
  "feeds.result": "Tulos",
  "feeds.result.ok": "Tuotu",
  "feeds.result.not_modified": "Ei muuttunut edellisen haun jälkeen",
  "feeds.result.failed": "Epäonnistui",
  "feeds.error": "Virhe",
  "feeds.failures": "Epäonnistumisia peräkkäin",
  "feeds.nextFetch": "Seuraava haku",
  "feeds.summary": "{create} uutta, {update} päivitetty, {cancel} peruttu, {unchanged} ennallaan, {duplicate} kaksoiskappaletta, {refuse} hylätty.",
  "feeds.report": "Viimeisimmän tuonnin merkinnät",
  "feeds.fetchNow": "Hae nyt",
  "feeds.fetching": "Haetaan…",
  "feeds.fetched": "Haettu.",
  "feeds.remove": "Poista",
  "feeds.removed": "Syöte poistettiin; sen tapahtumat jäävät kalenteriin.",
};
