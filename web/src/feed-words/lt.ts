import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Lithuanian. */
export const lt: FeedWords = {
  "feeds.title": "Kalendorius atnaujinamas pagal jūsų kalendoriaus srautą",
  "feeds.intro":
    "Nurodykite esamo jūsų organizacijos kalendoriaus srauto (.ics) https adresą, ir kalendorius jį gaus kas valandą: nauji renginiai laukia peržiūros (patikimų organizacijų – skelbiami iš karto), pakeisti atnaujinami, o iš srauto dingę ar jame atšaukti renginiai čia atšaukiami – jie niekada netrinami. Tikėtini jau kalendoriuje esančių renginių dublikatai antrą kartą nekuriami.",
  "feeds.organisation": "Organizacija",
  "feeds.url": "Srauto adresas",
  "feeds.urlHint": "https:// nuoroda į .ics failą, ne daugiau kaip 1 MB; ne daugiau kaip 3 srautai vienai organizacijai.",
  "feeds.add": "Pridėti srautą",
  "feeds.added": "Srautas pridėtas; jis bus gautas per kelias minutes.",
  "feeds.trusted": "{organisation} yra patikima: jos srautų renginiai skelbiami be peržiūros",
  "feeds.trustedOn": "{organisation} dabar yra patikima.",
  "feeds.trustedOff": "{organisation} nebėra patikima.",
  "feeds.listTitle": "Kalendoriaus srautai",
  "feeds.none": "Kalendoriaus srautų dar nėra.",
  "feeds.lastFetch": "Paskutinį kartą gauta",
  "feeds.never": "Dar negauta",
  "feeds.result": "Rezultatas",
  "feeds.result.ok": "Importuota",
  "feeds.result.not_modified": "Nepasikeitė nuo paskutinio gavimo",
  "feeds.result.failed": "Nepavyko",
  "feeds.error": "Klaida",
  "feeds.failures": "Nesėkmės iš eilės",
  "feeds.nextFetch": "Kitas gavimas",
  "feeds.summary": "Nauji: {create}, atnaujinti: {update}, atšaukti: {cancel}, nepakitę: {unchanged}, dublikatai: {duplicate}, atmesti: {refuse}.",
  "feeds.report": "Paskutinio importo įrašai",
  "feeds.fetchNow": "Gauti dabar",
  "feeds.fetching": "Gaunama…",
  "feeds.fetched": "Gauta.",
  "feeds.remove": "Pašalinti",
  "feeds.removed": "Srautas pašalintas; jo renginiai lieka kalendoriuje.",
};
