/**
 * vCard 4.0 (RFC 6350): TEXT values escaped (backslash, comma, newline; semicolons too in the
 * fields of compound properties such as ORG), CRLF line ends, lines folded at 75 octets without
 * splitting a character.
 */
import type { VisiblePerson } from "./visibility.ts";

const encoder = new TextEncoder();

export function escapeText(value: string, compound = false): string {
  const escaped = value
    .replace(/\\/g, "\\\\")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
  return compound ? escaped.replace(/;/g, "\\;") : escaped;
}

/** Folds one content line at 75 octets, continuing with a space, never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = "";
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    if (octets + size > (out.length ? 74 : 75)) {
      out.push(current);
      current = "";
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join("\r\n ");
}

export interface CardPerson extends VisiblePerson {
  organisations: { name: string; role: string | null }[];
}

export function personCard(p: CardPerson, origin: string): string {
  const lines = ["BEGIN:VCARD", "VERSION:4.0", `UID:${origin}/people/${p.id}`, `FN:${escapeText(p.name)}`, `KIND:individual`];
  if (p.title) lines.push(`TITLE:${escapeText(p.title)}`);
  for (const o of p.organisations) lines.push(`ORG:${escapeText(o.name, true)}`);
  if (p.email) lines.push(`EMAIL:${escapeText(p.email)}`);
  if (p.phone) lines.push(`TEL;VALUE=uri:tel:${p.phone.replace(/[^\d+]/g, "")}`);
  for (const [i, l] of p.languages.entries()) lines.push(`LANG;PREF=${i + 1}:${l}`);
  lines.push(`URL:${origin}/people/${p.id}`, "END:VCARD");
  return `${lines.map(foldLine).join("\r\n")}\r\n`;
}
