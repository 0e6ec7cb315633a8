import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in German. */
export const de: FeedWords = {
  "feeds.title": "Mit Ihrem Kalender-Feed synchron halten",
  "feeds.intro":
    "Geben Sie die https-Adresse des bestehenden Kalender-Feeds (.ics) Ihrer Organisation an, und der Kalender ruft ihn stündlich ab: Neue Veranstaltungen warten auf Prüfung (bei vertrauenswürdigen Organisationen werden sie sofort veröffentlicht), geänderte werden aktualisiert, und Veranstaltungen, die aus dem Feed verschwinden oder dort abgesagt werden, werden hier abgesagt – nie gelöscht. Wahrscheinliche Duplikate von Veranstaltungen, die schon im Kalender stehen, werden nicht ein zweites Mal angelegt.",
  "feeds.organisation": "Organisation",
  "feeds.url": "Adresse des Feeds",
  "feeds.urlHint": "Ein https://-Link auf eine .ics-Datei, höchstens 1 MB; höchstens 3 Feeds je Organisation.",
  "feeds.add": "Feed hinzufügen",
  "feeds.added": "Der Feed wurde hinzugefügt; er wird in wenigen Minuten abgerufen.",
  "feeds.trusted": "{organisation} ist vertrauenswürdig: Veranstaltungen aus ihren Feeds werden ohne Prüfung veröffentlicht",
  "feeds.trustedOn": "{organisation} ist jetzt vertrauenswürdig.",
  "feeds.trustedOff": "{organisation} ist nicht mehr vertrauenswürdig.",
  "feeds.listTitle": "Kalender-Feeds",
  "feeds.none": "Noch keine Kalender-Feeds.",
  "feeds.lastFetch": "Letzter Abruf",
  "feeds.never": "Noch nicht abgerufen",
  "feeds.result": "Ergebnis",
  "feeds.result.ok": "Importiert",
  "feeds.result.not_modified": "Unverändert seit dem letzten Abruf",
  "feeds.result.failed": "Fehlgeschlagen",
  "feeds.error": "Fehler",
  "feeds.failures": "Fehlschläge in Folge",
  "feeds.nextFetch": "Nächster Abruf",
  "feeds.summary": "{create} neu, {update} aktualisiert, {cancel} abgesagt, {unchanged} unverändert, {duplicate} Duplikate, {refuse} abgelehnt.",
  "feeds.report": "Einträge des letzten Imports",
  "feeds.fetchNow": "Jetzt abrufen",
  "feeds.fetching": "Wird abgerufen …",
  "feeds.fetched": "Abgerufen.",
  "feeds.remove": "Entfernen",
  "feeds.removed": "Der Feed wurde entfernt; seine Veranstaltungen bleiben im Kalender.",
};
