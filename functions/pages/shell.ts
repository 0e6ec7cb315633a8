/**
 * The web app's built page (its index.html) as the frame of a server-rendered page. The shell is
 * split once, at the places a page fills in, into fixed parts and named slots; a page is then
 * written with `html` from those parts (the app's own markup, kept as it is) and its own
 * fragments (escaped as always). No text is ever spliced into the shell with String.replace, so
 * nothing an event's text holds (`$&`, `$'`, `</script>`) can reach into the page around it.
 */
import { html, raw } from "hono/html";
import type { Html } from "../http.ts";

/** What a page may put into the shell; a slot left out keeps the shell's own markup. */
export type ShellSlot = "lang" | "description" | "title" | "headEnd" | "app";

const SLOTS: [ShellSlot, RegExp][] = [
  ["lang", /(?<=<html lang=")[^"]*/],
  ["description", /<meta name="description"[^>]*>/],
  ["title", /<title>[^<]*<\/title>/],
  ["headEnd", /<\/head>/],
  ["app", /<div id="app"><\/div>/],
];

type Part = { slot: ShellSlot; markup: string } | { slot: null; markup: string };

function split(shell: string): Part[] {
  const found = SLOTS.flatMap(([slot, pattern]) => {
    const m = pattern.exec(shell);
    return m ? [{ slot, at: m.index, markup: m[0] }] : [];
  }).sort((a, b) => a.at - b.at);
  const parts: Part[] = [];
  let at = 0;
  for (const f of found) {
    if (f.at < at) continue; // overlapping matches cannot happen in a sane shell; keep the first
    parts.push({ slot: null, markup: shell.slice(at, f.at) }, { slot: f.slot, markup: f.markup });
    at = f.at + f.markup.length;
  }
  parts.push({ slot: null, markup: shell.slice(at) });
  return parts;
}

// The shell changes only with a deploy, so one isolate splits it once.
let cached: { shell: string; parts: Part[] } | null = null;

function partsOf(shell: string): Part[] {
  if (cached?.shell !== shell) cached = { shell, parts: split(shell) };
  return cached.parts;
}

// raw(): the shell is the app's own built markup, never user text.
const filled = (parts: Part[], fill: Partial<Record<ShellSlot, Html | string>>) =>
  html`${parts.map((p) => (p.slot && fill[p.slot] !== undefined ? fill[p.slot] : raw(p.markup)))}`;

/** The shell with `fill`'s fragments in their slots. */
export function inShell(shell: string, fill: Partial<Record<ShellSlot, Html | string>>): Html {
  return filled(partsOf(shell), fill);
}

/**
 * The filled shell in two halves, the first ending with the slot `at`: for a page that sends its
 * head (and so the app's scripts and styles) before the rest of it is ready.
 */
export function inShellHalves(shell: string, fill: Partial<Record<ShellSlot, Html | string>>, at: ShellSlot): [Html, Html] {
  const parts = partsOf(shell);
  const end = parts.findIndex((p) => p.slot === at) + 1;
  return [filled(parts.slice(0, end), fill), filled(parts.slice(end), fill)];
}
