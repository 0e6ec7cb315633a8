/**
 * Offline reading (web/public/sw.js): registers the service worker and, on the first visit, hands
 * it what the page loaded before the worker took control, so that visit is readable offline too.
 */
import { useEffect, useState } from "preact/hooks";

/** The service worker's cache of pages and API answers (its name is also in web/public/sw.js). */
const DATA_CACHE = "nd-data-v1";

export function registerOffline(): void {
  if (!("serviceWorker" in navigator)) return;
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

/** Whether the browser says it is offline, kept up to date. */
export function useOffline(): boolean {
  const [offline, setOffline] = useState(typeof navigator !== "undefined" && !navigator.onLine);
  useEffect(() => {
    const update = () => setOffline(!navigator.onLine);
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
    };
  }, []);
  return offline;
}
