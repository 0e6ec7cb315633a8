import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Estonian. */
export const et: FeedWords = {
  "feeds.title": "Hoia kalender oma kalendrivooga kooskõlas",
  "feeds.intro":
    "Sisesta oma organisatsiooni olemasoleva kalendrivoo (.ics) https-aadress ja kalender toob selle iga tund: uued sündmused ootavad ülevaatust (usaldusväärsetel organisatsioonidel avaldatakse kohe), muudetud uuendatakse ning voost kadunud või seal tühistatud sündmused tühistatakse siin – neid ei kustutata kunagi. Kalendris juba olevate sündmuste tõenäolisi duplikaate teist korda ei looda.",
  "feeds.organisation": "Organisatsioon",
  "feeds.url": "Voo aadress",
  "feeds.urlHint": "https://-link .ics-failile, kuni 1 MB; organisatsiooni kohta kuni 3 voogu.",
  "feeds.add": "Lisa voog",
  "feeds.added": "Voog lisati; see tuuakse mõne minuti jooksul.",
  "feeds.trusted": "{organisation} on usaldusväärne: selle voogude sündmused avaldatakse ülevaatuseta",
  "feeds.trustedOn": "{organisation} on nüüd usaldusväärne.",
  "feeds.trustedOff": "{organisation} ei ole enam usaldusväärne.",
  "feeds.listTitle": "Kalendrivood",
  "feeds.none": "Kalendrivooge veel pole.",
  "feeds.lastFetch": "Viimati toodud",
  "feeds.never": "Veel toomata",
  "feeds.result": "Tulemus",
  "feeds.result.ok": "Imporditud",
  "feeds.result.not_modified": "Pärast viimast toomist muutmata",
  "feeds.result.failed": "Ebaõnnestus",
  "feeds.error": "Viga",
  "feeds.failures": "Järjestikuseid ebaõnnestumisi",
  "feeds.nextFetch": "Järgmine toomine",
  "feeds.summary": "{create} uut, {update} uuendatud, {cancel} tühistatud, {unchanged} muutmata, {duplicate} duplikaati, {refuse} tagasi lükatud.",
  "feeds.report": "Viimase impordi kirjed",
  "feeds.fetchNow": "Too kohe",
  "feeds.fetching": "Toon…",
  "feeds.fetched": "Toodud.",
  "feeds.remove": "Eemalda",
  "feeds.removed": "Voog eemaldati; selle sündmused jäävad kalendrisse.",
};
