import type { ComponentChildren, Ref } from "preact";
import { useLocation } from "preact-iso";
import { useEffect, useRef, useState } from "preact/hooks";
import { signInHref } from "../lib/return-to.ts";
import { isCoordinator, useSession } from "../lib/session.tsx";
import { t } from "../lib/i18n.ts";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { SearchBox } from "./SearchBox.tsx";

/**
 * A disclosure (WAI-ARIA APG): a button with aria-expanded that shows or hides what it controls.
 * Escape inside it closes it (the innermost one first) and puts focus back on its button; a click
 * or focus outside it and a change of page close it too.
 */
function useDisclosure(url: string) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [url]);
  useEffect(() => {
    const el = root.current;
    if (!open || !el) return;
    const outside = (e: Event) => {
      if (!el.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    document.addEventListener("focusin", outside);
    return () => {
      document.removeEventListener("pointerdown", outside);
      document.removeEventListener("focusin", outside);
    };
  }, [open]);
  // Listening from the first render on, and reading whether it is open now (not when the
  // listener was added): an inner one that just closed no longer keeps the Escape meant for the
  // one around it, whenever its effects run. The innermost open one hears Escape first and keeps it.
  const isOpen = useRef(open);
  isOpen.current = open;
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onEscape = (e: KeyboardEvent) => {
      if (e.key !== "Escape" || !isOpen.current) return;
      e.stopPropagation();
      isOpen.current = false;
      setOpen(false);
      button.current?.focus();
    };
    el.addEventListener("keydown", onEscape);
    return () => el.removeEventListener("keydown", onEscape);
  }, []);
  return { open, root, button, toggle: () => setOpen(!open) };
}

/** A group of the menu behind its own button: a dropdown on wide screens, a section that opens in place on a phone. */
function NavGroup({ id, label, url, children }: { id: string; label: string; url: string; children: ComponentChildren }) {
  const d = useDisclosure(url);
  return (
    <li class="nav-group" ref={d.root as Ref<HTMLLIElement>}>
      <button type="button" class="nav-group-toggle" aria-expanded={d.open} aria-controls={id} ref={d.button} onClick={d.toggle}>
        {label}
      </button>
      <ul id={id} class="nav-group-list" hidden={!d.open}>
        {children}
      </ul>
    </li>
  );
}

const link = (href: string, label: string) => (
  <li>
    <a href={href}>{label}</a>
  </li>
);

/**
 * The site header. On a phone it is one line (the title and a Menu button) and the menu opens
 * below it; on wide screens the menu is always shown, the public pages as links on one line and
 * the groups for partners and coordinators as dropdowns in a navigation of their own beside the
 * account (so the public line keeps room in every language). Only the groups the signed-in role
 * may use are there.
 */
export function SiteHeader() {
  const { user } = useSession();
  const { url } = useLocation();
  const menu = useDisclosure(url);
  const partner = !!user && (user.organisations.length > 0 || isCoordinator(user));
  return (
    <header class="site-header" ref={menu.root}>
      <div class="header-bar">
        <p class="site-title">
          <a href="/">{t("app.title")}</a>
        </p>
        <p class="tagline">{t("app.tagline")}</p>
        <button type="button" class="menu-toggle" aria-expanded={menu.open} aria-controls="site-menu" ref={menu.button} onClick={menu.toggle}>
          {t("nav.menu")}
        </button>
      </div>
      <div id="site-menu" class={menu.open ? "site-menu open" : "site-menu"}>
        <div class="header-tools">
          <SearchBox id="header-search" />
          <LanguageSwitcher />
        </div>
        {user ? (
          <a class="account-link" href="/account">
            {user.name ?? user.email}
          </a>
        ) : user === null ? (
          <a class="account-link" href={signInHref(url)}>
            {t("nav.signIn")}
          </a>
        ) : null}
        <nav aria-label={t("nav.main")} class="site-nav">
          <p id="nav-public" class="nav-group-label">
            {t("nav.group.public")}
          </p>
          <ul class="nav-list" aria-labelledby="nav-public">
            {link("/", t("nav.calendar"))}
            {link("/organisations", t("nav.organisations"))}
            {link("/people", t("nav.people"))}
            {link("/documents", t("nav.documents"))}
            {link("/projects", t("nav.projects"))}
            {link("/free-dates", t("nav.freeDates"))}
            {link("/heatmap", t("nav.heatmap"))}
            {link("/subscribe", t("nav.subscribe"))}
          </ul>
        </nav>
        {partner && (
          <nav aria-label={t("nav.work")} class="work-nav">
            <ul class="nav-list work-list">
              <NavGroup id="nav-organisation" label={t("nav.group.organisation")} url={url}>
                {link("/my/events", t("nav.myEvents"))}
                {link("/events/new", t("nav.newEvent"))}
                {link("/proposals", t("nav.proposals"))}
                {link("/import", t("nav.import"))}
                {link("/holds", t("nav.holds"))}
              </NavGroup>
              {isCoordinator(user) && (
                <NavGroup id="nav-coordination" label={t("nav.group.coordination")} url={url}>
                  {link("/review", t("nav.review"))}
                  {link("/dashboard", t("nav.dashboard"))}
                  {link("/alerts", t("nav.alerts"))}
                  {link("/observances", t("nav.observances"))}
                  {link("/members", t("nav.members"))}
                  {link("/audit", t("nav.audit"))}
                  {link("/digests", t("nav.digests"))}
                  {user?.role === "admin" && link("/admin/users", t("nav.users"))}
                </NavGroup>
              )}
            </ul>
          </nav>
        )}
      </div>
    </header>
  );
}
