import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Latvian. */
export const lv: FeedWords = {
  "feeds.title": "Uzturiet kalendāru saskaņā ar savu kalendāra plūsmu",
  "feeds.intro":
    "Norādiet savas organizācijas esošās kalendāra plūsmas (.ics) https adresi, un kalendārs to ielādēs reizi stundā: jauni pasākumi gaida pārskatīšanu (uzticamām organizācijām tie tiek publicēti uzreiz), mainītie tiek atjaunināti, un pasākumi, kas pazūd no plūsmas vai tajā tiek atcelti, šeit tiek atcelti – tie nekad netiek dzēsti. Kalendārā jau esošu pasākumu iespējamie dublikāti otrreiz netiek izveidoti.",
  "feeds.organisation": "Organizācija",
  "feeds.url": "Plūsmas adrese",
  "feeds.urlHint": "https:// saite uz .ics failu, ne vairāk kā 1 MB; ne vairāk kā 3 plūsmas katrai organizācijai.",
  "feeds.add": "Pievienot plūsmu",
  "feeds.added": "Plūsma pievienota; tā tiks ielādēta dažu minūšu laikā.",
  "feeds.trusted": "{organisation} ir uzticama: tās plūsmu pasākumi tiek publicēti bez pārskatīšanas",
  "feeds.trustedOn": "{organisation} tagad ir uzticama.",
  "feeds.trustedOff": "{organisation} vairs nav uzticama.",
  "feeds.listTitle": "Kalendāra plūsmas",
  "feeds.none": "Kalendāra plūsmu vēl nav.",
  "feeds.lastFetch": "Pēdējā ielāde",
  "feeds.never": "Vēl nav ielādēta",
  "feeds.result": "Rezultāts",
  "feeds.result.ok": "Importēts",
  "feeds.result.not_modified": "Nav mainījies kopš pēdējās ielādes",
  "feeds.result.failed": "Neizdevās",
  "feeds.error": "Kļūda",
  "feeds.failures": "Neveiksmes pēc kārtas",
  "feeds.nextFetch": "Nākamā ielāde",
  "feeds.summary": "{create} jauni, {update} atjaunināti, {cancel} atcelti, {unchanged} nemainīti, {duplicate} dublikāti, {refuse} noraidīti.",
  "feeds.report": "Pēdējā importa ieraksti",
  "feeds.fetchNow": "Ielādēt tagad",
  "feeds.fetching": "Ielādē…",
  "feeds.fetched": "Ielādēts.",
  "feeds.remove": "Noņemt",
  "feeds.removed": "Plūsma noņemta; tās pasākumi paliek kalendārā.",
};
