/**
 * Offline reading (web/public/sw.js): registers the service worker and, on the first visit, hands
 * it what the page loaded before the worker took control, so that visit is readable offline too.
 */
import { useEffect, useState } from "preact/hooks";

/** The service worker's cache of pages and API answers (its name is also in web/public/sw.js). */
const DATA_CACHE = "nd-data-v1";

/**
 * Whether the service worker last had to answer this page from its kept copy because the calendar
 * could not be reached. The browser's own `navigator.onLine` misses that behind a firewall or a
 * captive portal, and after a navigation the worker answered offline it may still say online.
 */
let unreachable = false;
/** The mounted `useOffline` hooks, each removed when its component unmounts. */
const listeners = new Set<() => void>();

export function registerOffline(): void {
  if (!("serviceWorker" in navigator)) return;
  // Listening from the start: the worker's word about this page's own navigation comes early.
  navigator.serviceWorker.addEventListener("message", (event: MessageEvent) => {
    if (event.data?.type !== "network") return;
    unreachable = event.data.offline === true;
    for (const listener of listeners) listener();
  });
  const firstVisit = !navigator.serviceWorker.controller;
  navigator.serviceWorker
    .register("/sw.js")
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      if (!firstVisit) return;
      const urls = [location.href, ...performance.getEntriesByType("resource").map((entry) => entry.name)];
      registration.active?.postMessage({ type: "keep", urls });
    })
    .catch(() => undefined);
}

/** Deletes the kept pages and answers: on sign-out they may hold partner-only events. */
export async function forgetOfflineData(): Promise<void> {
  if ("caches" in window) await caches.delete(DATA_CACHE).catch(() => false);
}

const isOffline = () => typeof navigator !== "undefined" && (!navigator.onLine || unreachable);

/** Whether the browser is offline or the calendar could not be reached, kept up to date. */
export function useOffline(): boolean {
  const [offline, setOffline] = useState(isOffline);
  useEffect(() => {
    const update = () => setOffline(isOffline());
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    listeners.add(update);
    update();
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
      listeners.delete(update);
    };
  }, []);
  return offline;
}
