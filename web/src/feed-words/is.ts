import type { FeedWords } from "./en.ts";

/** The calendar-feed sync section's words in Icelandic. */
export const is: FeedWords = {
  "feeds.title": "Haltu dagatalinu í takt við dagatalsstrauminn ykkar",
  "feeds.intro":
    "Gefðu upp https-slóð núverandi dagatalsstraums (.ics) stofnunarinnar og dagatalið sækir hann á klukkutíma fresti: nýir viðburðir bíða yfirferðar (eða eru birtir strax hjá traustum stofnunum), breyttir eru uppfærðir og viðburðum sem hverfa úr straumnum eða er aflýst í honum er aflýst hér – þeim er aldrei eytt. Líkleg tvítök viðburða sem þegar eru í dagatalinu eru ekki búin til aftur.",
  "feeds.organisation": "Stofnun",
  "feeds.url": "Slóð straumsins",
  "feeds.urlHint": "https://-tengill á .ics-skrá, mest 1 MB; mest 3 straumar á hverja stofnun.",
  "feeds.add": "Bæta við straumi",
  "feeds.added": "Straumnum var bætt við; hann er sóttur innan fárra mínútna.",
  "feeds.trusted": "{organisation} er traust: viðburðir úr straumum hennar eru birtir án yfirferðar",
  "feeds.trustedOn": "{organisation} er nú traust.",
  "feeds.trustedOff": "{organisation} er ekki lengur traust.",
  "feeds.listTitle": "Dagatalsstraumar",
  "feeds.none": "Engir dagatalsstraumar enn.",
  "feeds.lastFetch": "Síðast sótt",
  "feeds.never": "Ekki sótt enn",
  "feeds.result": "Niðurstaða",
  "feeds.result.ok": "Flutt inn",
  "feeds.result.not_modified": "Óbreytt frá síðustu sókn",
  "feeds.result.failed": "Mistókst",
  "feeds.error": "Villa",
  "feeds.failures": "Mistök í röð",
  "feeds.nextFetch": "Næsta sókn",
  "feeds.summary": "{create} nýir, {update} uppfærðir, {cancel} aflýstir, {unchanged} óbreyttir, {duplicate} tvítök, {refuse} hafnað.",
  "feeds.report": "Færslur í síðasta innflutningi",
  "feeds.fetchNow": "Sækja núna",
  "feeds.fetching": "Sæki…",
  "feeds.fetched": "Sótt.",
  "feeds.remove": "Fjarlægja",
  "feeds.removed": "Straumurinn var fjarlægður; viðburðir hans verða áfram í dagatalinu.",
};
