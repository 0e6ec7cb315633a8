/**
 * Word forms for search. The FTS5 indexes (unicode61, diacritics folded) have no stemmer, and the
 * calendar's texts are in a dozen languages, so no one language's stemmer would do. Instead each
 * word is cut to a stem and prefix-matched: a trailing plural -s goes, and a long word loses the
 * last letters that inflection changes ("memoranda", "memorandums" and "memorandum" all search
 * "memorand*"; "меморандумы" and "меморандум" "меморанду*"). Short words stay whole: cutting them
 * would find too much.
 */
import { DOCUMENT_KINDS } from "../../db/enums.ts";

type DocumentKind = (typeof DOCUMENT_KINDS)[number];
import { termNamesInEveryLanguage } from "../i18n/terms.ts";

/** At most this many words of a query are searched. */
const MAX_WORDS = 10;

/** The words of free text (letters and digits), NFKC-normalised, at most `MAX_WORDS`. */
export function searchWords(text: string): string[] {
  return (
    text
      .normalize("NFKC")
      .match(/[\p{L}\p{N}]+/gu)
      ?.slice(0, MAX_WORDS) ?? []
  );
}

/** The stem a word is prefix-matched by (see the module comment). */
export function wordStem(word: string): string {
  let letters = [...word];
  if (letters.length >= 4 && /^[sS]$/.test(letters[letters.length - 1]!)) letters = letters.slice(0, -1);
  const cut = letters.length >= 8 ? 2 : letters.length >= 6 ? 1 : 0;
  return letters.slice(0, letters.length - cut).join("");
}

/** An FTS5 query from free text: each word's stem quoted (so no FTS syntax gets through) and prefix-matched. */
export function ftsQuery(text: string): string | null {
  const words = searchWords(text);
  return words.length ? words.map((w) => `"${wordStem(w)}"*`).join(" ") : null;
}

/** Lower case without diacritics, as the FTS tokenizer compares. */
function fold(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLocaleLowerCase("und");
}

/** Whether query word `word` is a form of `name` (a word of a kind's name), by the stem rule above. */
function sameWord(word: string, name: string): boolean {
  return fold(name).startsWith(fold(wordStem(word))) || fold(word).startsWith(fold(wordStem(name)));
}

/**
 * The document kinds the whole query names, in any of the interface languages: "memoranda",
 * "action plans", "меморандум". A document's kind is not in its text ("St Petersburg Protocol of
 * Intent" is a memorandum whose title never says so), so search finds such documents by kind.
 */
export function documentKindsNamed(text: string): DocumentKind[] {
  const words = searchWords(text);
  if (!words.length) return [];
  return DOCUMENT_KINDS.filter(
    (kind) =>
      kind !== "other" &&
      termNamesInEveryLanguage(`dir.doc.${kind}`).some((name) => {
        const nameWords = searchWords(name);
        return nameWords.length === words.length && words.every((w, i) => sameWord(w, nameWords[i]!));
      }),
  );
}
