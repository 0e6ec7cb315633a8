import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Swedish. */
export const sv: FeedWords = {
  "feeds.title": "Håll kalendern i takt med ert kalenderflöde",
  "feeds.intro":
    "Ange https-adressen till er organisations befintliga kalenderflöde (.ics) så hämtar kalendern det varje timme: nya evenemang väntar på granskning (eller publiceras direkt för betrodda organisationer), ändrade uppdateras, och evenemang som försvinner ur flödet eller ställs in i det ställs in här – de raderas aldrig. Troliga dubbletter av evenemang som redan finns i kalendern skapas inte två gånger.",
  "feeds.organisation": "Organisation",
  "feeds.url": "Flödets adress",
  "feeds.urlHint": "En https://-länk till en .ics-fil, högst 1 MB; högst 3 flöden per organisation.",
  "feeds.add": "Lägg till flöde",
  "feeds.added": "Flödet har lagts till; det hämtas inom några minuter.",
  "feeds.trusted": "{organisation} är betrodd: evenemang från dess flöden publiceras utan granskning",
  "feeds.trustedOn": "{organisation} är nu betrodd.",
  "feeds.trustedOff": "{organisation} är inte längre betrodd.",
  "feeds.listTitle": "Kalenderflöden",
  "feeds.none": "Inga kalenderflöden ännu.",
  "feeds.lastFetch": "Senaste hämtning",
  "feeds.never": "Inte hämtat ännu",
  "feeds.result": "Resultat",
  "feeds.result.ok": "Importerat",
  "feeds.result.not_modified": "Oförändrat sedan senaste hämtningen",
  "feeds.result.failed": "Misslyckades",
  "feeds.error": "Fel",
  "feeds.failures": "Misslyckanden i rad",
  "feeds.nextFetch": "Nästa hämtning",
  "feeds.summary": "{create} nya, {update} uppdaterade, {cancel} inställda, {unchanged} oförändrade, {duplicate} dubbletter, {refuse} avvisade.",
  "feeds.report": "Poster i den senaste importen",
  "feeds.fetchNow": "Hämta nu",
  "feeds.fetching": "Hämtar …",
  "feeds.fetched": "Hämtat.",
  "feeds.remove": "Ta bort",
  "feeds.removed": "Flödet har tagits bort; dess evenemang finns kvar i kalendern.",
};
