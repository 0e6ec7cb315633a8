/**
 * Offline reading for partners travelling across the region: the months and events a reader last
 * viewed stay readable without a network.
 *
 * - Hashed assets (/assets/*) never change: served from the cache when present, else fetched and kept.
 * - Pages and the calendar's reading API (events, one event, vocabulary, who is signed in) go to the
 *   network first; a good answer is kept, and when the network fails the kept copy is served.
 *   A page never seen offline falls back to the app shell, which then reads the kept API answers.
 * - Nothing is written offline; no POST, PUT, PATCH or DELETE is ever cached or replayed.
 * - What is kept can include partner-only events of a signed-in reader: the app deletes the kept
 *   data when its reader signs out (web/src/lib/offline.ts), and each cache keeps only the latest
 *   entries.
 */
const ASSETS = "nd-assets-v1";
const DATA = "nd-data-v1";
const LIMITS = { [ASSETS]: 80, [DATA]: 120 };
const READABLE_API = /^\/api\/(events(\/[a-z0-9-]+)?|vocabulary|me)$/;
const PAGES = /^\/($|month\/|week\/|list\/|year\/|events\/[a-z0-9-]+$|search$|organisations|people|documents|projects)/;

self.addEventListener("install", (event) => {
  // The shell and the files it names, so the app starts offline even if the first visit was its only one.
  event.waitUntil(
    (async () => {
      const shell = await fetch("/", { credentials: "same-origin" });
      if (!shell.ok) return;
      const html = await shell.clone().text();
      const data = await caches.open(DATA);
      await data.put("/", shell);
      const assets = await caches.open(ASSETS);
      const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
      await Promise.all(files.map((file) => assets.add(file).catch(() => undefined)));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name !== ASSETS && name !== DATA) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

/** Keeps only the newest `LIMITS[name]` entries (Cache Storage lists keys in insertion order). */
async function trim(name) {
  const cache = await caches.open(name);
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - LIMITS[name]))) await cache.delete(key);
}

async function keep(name, request, response) {
  const cache = await caches.open(name);
  await cache.delete(request, { ignoreVary: true });
  await cache.put(request, response);
  await trim(name);
}

async function assetFirst(request) {
  const cached = await caches.match(request, { cacheName: ASSETS });
  if (cached) return cached;
  const response = await fetch(request);
  // A hashed file that is not there is answered with the app's page (the single-page fallback):
  // never kept under the file's name, or the missing script would stay HTML for good.
  if (response.ok && !(response.headers.get("content-type") ?? "").startsWith("text/html")) await keep(ASSETS, request, response.clone());
  return response;
}

/**
 * Tells the page whether the calendar answered (web/src/lib/offline.ts shows the offline notice);
 * a navigation's page does not exist yet when it is answered, so it is looked for a few times.
 */
async function tell(clientId, offline) {
  if (!clientId) return;
  for (let i = 0; i < 20; i++) {
    const client = await self.clients.get(clientId);
    if (client) return client.postMessage({ type: "network", offline });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function networkFirst(request, isPage, event) {
  const clientId = event ? event.clientId || event.resultingClientId : "";
  try {
    const response = await fetch(request);
    if (response.ok) await keep(DATA, request, response.clone());
    event?.waitUntil(tell(clientId, false));
    return response;
  } catch (error) {
    const cached = await caches.match(request, { cacheName: DATA, ignoreVary: true });
    event?.waitUntil(tell(clientId, true));
    if (cached) return cached;
    if (isPage) {
      const shell = await caches.match("/", { cacheName: DATA });
      if (shell) return shell;
    }
    throw error;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) event.respondWith(assetFirst(request));
  else if (READABLE_API.test(url.pathname)) event.respondWith(networkFirst(request, false, event));
  else if (request.mode === "navigate" && PAGES.test(url.pathname)) event.respondWith(networkFirst(request, true, event));
});

/** The app asks to keep what it loaded before this worker took control (its first visit). */
self.addEventListener("message", (event) => {
  if (event.data?.type !== "keep" || !Array.isArray(event.data.urls)) return;
  event.waitUntil(
    Promise.all(
      event.data.urls.map(async (href) => {
        const url = new URL(href, self.location.origin);
        if (url.origin !== self.location.origin) return;
        if (url.pathname.startsWith("/assets/")) return assetFirst(new Request(url)).catch(() => undefined);
        if (READABLE_API.test(url.pathname) || PAGES.test(url.pathname)) return networkFirst(new Request(url), false).catch(() => undefined);
      }),
    ),
  );
});
