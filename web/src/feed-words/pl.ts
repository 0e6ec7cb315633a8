import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Polish. */
export const pl: FeedWords = {
  "feeds.title": "Synchronizacja z kanałem Waszego kalendarza",
  "feeds.intro":
    "Podaj adres https istniejącego kanału kalendarza (.ics) Twojej organizacji, a kalendarz będzie go pobierać co godzinę: nowe wydarzenia czekają na przegląd (w zaufanych organizacjach są publikowane od razu), zmienione są aktualizowane, a wydarzenia, które znikną z kanału lub zostaną w nim odwołane, są tu odwoływane – nigdy usuwane. Prawdopodobne duplikaty wydarzeń, które już są w kalendarzu, nie są tworzone drugi raz.",
  "feeds.organisation": "Organizacja",
  "feeds.url": "Adres kanału",
  "feeds.urlHint": "Link https:// do pliku .ics, najwyżej 1 MB; najwyżej 3 kanały na organizację.",
  "feeds.add": "Dodaj kanał",
  "feeds.added": "Kanał został dodany; zostanie pobrany w ciągu kilku minut.",
  "feeds.trusted": "{organisation} jest zaufana: wydarzenia z jej kanałów są publikowane bez przeglądu",
  "feeds.trustedOn": "{organisation} jest teraz zaufana.",
  "feeds.trustedOff": "{organisation} nie jest już zaufana.",
  "feeds.listTitle": "Kanały kalendarza",
  "feeds.none": "Nie ma jeszcze kanałów kalendarza.",
  "feeds.lastFetch": "Ostatnie pobranie",
  "feeds.never": "Jeszcze nie pobrano",
  "feeds.result": "Wynik",
  "feeds.result.ok": "Zaimportowano",
  "feeds.result.not_modified": "Bez zmian od ostatniego pobrania",
  "feeds.result.failed": "Niepowodzenie",
  "feeds.error": "Błąd",
  "feeds.failures": "Niepowodzenia z rzędu",
  "feeds.nextFetch": "Następne pobranie",
  "feeds.summary": "Nowe: {create}, zaktualizowane: {update}, odwołane: {cancel}, bez zmian: {unchanged}, duplikaty: {duplicate}, odrzucone: {refuse}.",
  "feeds.report": "Pozycje ostatniego importu",
  "feeds.fetchNow": "Pobierz teraz",
  "feeds.fetching": "Pobieranie…",
  "feeds.fetched": "Pobrano.",
  "feeds.remove": "Usuń",
  "feeds.removed": "Kanał został usunięty; jego wydarzenia pozostają w kalendarzu.",
};
