import { useLocation } from "preact-iso";
import { signInHref } from "../lib/return-to.ts";
import { isCoordinator, useSession } from "../lib/session.tsx";
import { t } from "../lib/i18n.ts";
import { LanguageSwitcher } from "./LanguageSwitcher.tsx";
import { SearchBox } from "./SearchBox.tsx";

export function SiteHeader() {
  const { user } = useSession();
  const { url } = useLocation();
  return (
    <header class="site-header">
      <div class="brand">
        <p class="site-title">
          <a href="/">{t("app.title")}</a>
        </p>
        <p class="tagline">{t("app.tagline")}</p>
      </div>
      <SearchBox id="header-search" />
      <LanguageSwitcher />
      <nav aria-label={t("nav.main")} class="site-nav">
        <a href="/">{t("nav.calendar")}</a>
        <a href="/organisations">{t("nav.organisations")}</a>
        <a href="/people">{t("nav.people")}</a>
        <a href="/documents">{t("nav.documents")}</a>
        <a href="/projects">{t("nav.projects")}</a>
        <a href="/free-dates">{t("nav.freeDates")}</a>
        <a href="/heatmap">{t("nav.heatmap")}</a>
        {user && (user.organisations.length > 0 || isCoordinator(user)) && (
          <>
            <a href="/my/events">{t("nav.myEvents")}</a>
            <a href="/proposals">{t("nav.proposals")}</a>
            <a href="/events/new">{t("nav.newEvent")}</a>
            <a href="/import">{t("nav.import")}</a>
            <a href="/holds">{t("nav.holds")}</a>
          </>
        )}
        {isCoordinator(user) && (
          <>
            <a href="/dashboard">{t("nav.dashboard")}</a>
            <a href="/review">{t("nav.review")}</a>
            <a href="/members">{t("nav.members")}</a>
            <a href="/audit">{t("nav.audit")}</a>
            <a href="/digests">{t("nav.digests")}</a>
          </>
        )}
        {user?.role === "admin" && <a href="/admin/users">{t("nav.users")}</a>}
        <a href="/subscribe">{t("nav.subscribe")}</a>
        {user ? <a href="/account">{user.name ?? user.email}</a> : user === null ? <a href={signInHref(url)}>{t("nav.signIn")}</a> : null}
      </nav>
    </header>
  );
}
