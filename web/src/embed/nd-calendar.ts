/**
 * /embed.js: the <nd-calendar> custom element for partners' websites, and the few lines the iframe
 * pages (/embed/calendar, /embed/events/:slug) need. Built on its own (web/embed.vite.config.ts) as
 * one classic script, no framework: it must stay small (≤ 15 KB gzip, scripts/check-bundle.ts).
 *
 * - <nd-calendar organisation="…" country="EE,LV" topic="…" audience="…" language="…" limit="5">
 *   shows upcoming public events from GET /api/embed/events of the calendar the script came from,
 *   read anonymously (no cookies), in the `lang` attribute's language or the page's (<html lang>).
 *   Themed through CSS custom properties: --nd-accent (links), --nd-text, --nd-muted, --nd-border,
 *   --nd-font, --nd-font-size.
 * - On a host page, iframes of /embed/* grow to their content: the frame posts
 *   `{ type: "nd-calendar:height", height }` to its parent and this script sets the height.
 */

const FILTERS = ["organisation", "country", "topic", "audience", "language"] as const;
const MAX_LIMIT = 50;
const MESSAGE = "nd-calendar:height";

/** The calendar's origin: where this script was loaded from. */
const script = document.currentScript as HTMLScriptElement | null;
const ORIGIN = script?.src ? new URL(script.src, location.href).origin : location.origin;

interface EmbedEvent {
  url: string;
  title: string;
  allDay: boolean;
  startsAt: string;
  start: string;
  when: string;
  where: string;
  statusText: string | null;
}
interface EmbedResponse {
  lang: string;
  texts: { heading: string; empty: string; more: string };
  calendarUrl: string;
  events: EmbedEvent[];
}

const STYLES = `:host{display:block;font-family:var(--nd-font,inherit);font-size:var(--nd-font-size,1rem);color:var(--nd-text,inherit);line-height:1.5}
:host([hidden]){display:none}
h2{font-size:1.25em;line-height:1.2;margin:0 0 .5em}
ul{list-style:none;margin:0;padding:0}
li{padding:.6em 0;border-top:1px solid var(--nd-border,currentColor)}
h3{font-size:1em;margin:0}
p{margin:.2em 0 0}
.meta{color:var(--nd-muted,inherit)}
.status{font-weight:700}
a{color:var(--nd-accent,LinkText)}
a:focus-visible{outline:3px solid var(--nd-accent,currentColor);outline-offset:2px}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

/** A whole number from 1 to 50, else the default (10). */
function limitOf(value: string | null): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, MAX_LIMIT) : 10;
}

/** Appends children (appendChild: the Workers types shadow the DOM's append). */
function add(parent: Node, ...children: (Node | string)[]): void {
  for (const child of children) parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
}

let counter = 0;

class NdCalendar extends HTMLElement {
  static observedAttributes = [...FILTERS, "limit", "lang"];
  #root = this.attachShadow({ mode: "open" });
  #pending = false;
  #request?: AbortController;
  #id = `nd-calendar-${++counter}`;

  constructor() {
    super();
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(STYLES);
    this.#root.adoptedStyleSheets = [sheet];
  }

  connectedCallback() {
    this.#schedule();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#schedule();
  }

  disconnectedCallback() {
    this.#request?.abort();
  }

  /** One request for a burst of attribute changes. */
  #schedule() {
    if (this.#pending) return;
    this.#pending = true;
    queueMicrotask(() => {
      this.#pending = false;
      void this.#load();
    });
  }

  /** The page's language: this element's `lang`, an ancestor's, the document's; English when none. */
  #lang(): string {
    return (this.closest("[lang]") as HTMLElement | null)?.lang || "en";
  }

  async #load() {
    const params = new URLSearchParams();
    for (const name of FILTERS) {
      const value = this.getAttribute(name)?.trim();
      if (value) params.set(name, value);
    }
    params.set("limit", String(limitOf(this.getAttribute("limit"))));
    params.set("lang", this.#lang());
    this.#request?.abort();
    const request = new AbortController();
    this.#request = request;
    this.setAttribute("aria-busy", "true");
    try {
      const res = await fetch(`${ORIGIN}/api/embed/events?${params}`, { credentials: "omit", mode: "cors", signal: request.signal });
      const body = (await res.json()) as EmbedResponse & { error?: { message?: string } };
      if (!res.ok) throw new Error(body?.error?.message ?? `HTTP ${res.status}`);
      this.#render(body);
    } catch (error) {
      if (request.signal.aborted) return;
      console.warn(`<nd-calendar>: ${(error as Error).message}`);
      this.#root.replaceChildren();
    } finally {
      if (!request.signal.aborted) this.removeAttribute("aria-busy");
    }
  }

  #render(data: EmbedResponse) {
    const section = el("section", undefined, { lang: data.lang, "aria-labelledby": this.#id, part: "calendar" });
    add(section, el("h2", data.texts.heading, { id: this.#id, part: "heading" }));
    if (data.events.length) {
      const list = el("ul", undefined, { part: "list" });
      for (const e of data.events) {
        const item = el("li", undefined, { part: "event" });
        const title = el("h3");
        add(title, el("a", e.title, { href: e.url }));
        const when = el("p", undefined, { class: "meta" });
        if (e.statusText) add(when, el("span", e.statusText, { class: "status" }), " ");
        add(when, el("time", e.when, { datetime: e.allDay ? e.startsAt : e.start }));
        add(item, title, when);
        if (e.where) add(item, el("p", e.where, { class: "meta" }));
        add(list, item);
      }
      add(section, list);
    } else {
      add(section, el("p", data.texts.empty));
    }
    const more = el("p");
    add(more, el("a", data.texts.more, { href: data.calendarUrl }));
    add(section, more);
    this.#root.replaceChildren(section);
  }
}

if (!customElements.get("nd-calendar")) customElements.define("nd-calendar", NdCalendar);

const root = document.documentElement;
if (root.hasAttribute("data-nd-embed-frame")) {
  // Inside an iframe page of the calendar: tell the parent how tall the content is.
  if (window.parent !== window) {
    const post = () => window.parent.postMessage({ type: MESSAGE, height: Math.ceil(root.getBoundingClientRect().height) }, "*");
    new ResizeObserver(post).observe(root);
  }
} else {
  // On a host page: an iframe of the calendar's /embed/* pages takes the height its content asks for.
  window.addEventListener("message", (event) => {
    const data = event.data as { type?: unknown; height?: unknown } | null;
    if (event.origin !== ORIGIN || data?.type !== MESSAGE || typeof data.height !== "number") return;
    const height = Math.max(0, Math.min(Math.round(data.height), 20_000));
    for (const frame of document.querySelectorAll("iframe")) {
      if (frame.contentWindow === event.source) frame.style.height = `${height}px`;
    }
  });
}

// A module of its own (no globals leak into the host page beyond the element).
export {};
