/**
 * Which links the web app's router may take over. preact-iso's LocationProvider turns every click
 * on a same-origin link into a client-side route, so `/events/x.ics` used to open the event page
 * for a slug "x.ics" (Page not found) instead of downloading the file. The one rule here keeps
 * files, downloads, external links and the Worker's own pages out of the router; the browser then
 * does what it does with any link.
 */

/** Paths the Worker answers itself (API, digest subscriber pages, uploaded library files). */
const SERVER_PATHS = [/^\/api\//, /^\/digest\//, /^\/feeds\//, /^\/documents\/[^/]+\/file$/, /^\/__scheduled/];
/** A last path segment with a file extension: `.ics`, `.vcf`, `.csv`, `.atom`, `.pdf`… */
const FILE_PATH = /\.[a-z0-9]{1,8}$/i;

/** Whether a click on `link` is left to the browser instead of the client router. */
export function leavesRouter(link: HTMLAnchorElement): boolean {
  if (link.hasAttribute("download")) return true;
  if (/(^|\s)external(\s|$)/i.test(link.rel)) return true;
  if (link.target && !/^_?self$/i.test(link.target)) return true;
  if (link.origin !== location.origin) return true;
  return FILE_PATH.test(link.pathname) || SERVER_PATHS.some((path) => path.test(link.pathname));
}

/**
 * Installs the rule: a click on such a link stops at the document, before the router's listener
 * on the window sees it. Handlers on the link and its ancestors have run by then, and the browser's
 * own action (download, navigation) is untouched.
 */
export function keepFileLinksOutOfRouter(): void {
  document.addEventListener("click", (event) => {
    const link = event.composedPath().find((el): el is HTMLAnchorElement => el instanceof HTMLAnchorElement && !!el.href);
    if (link && leavesRouter(link)) event.stopPropagation();
  });
}
