import { ErrorBoundary, LocationProvider, Route, Router, lazy } from "preact-iso";
import { SiteHeader } from "./components/SiteHeader.tsx";
import { createContext, type ComponentType } from "preact";
import { useContext, useEffect, useState } from "preact/hooks";
import { currentLanguage, onLocaleChange, t, withMoreTexts } from "./lib/i18n.ts";
import { useOffline } from "./lib/offline.ts";
import { SessionProvider } from "./lib/session.tsx";
import { EventRoute } from "./routes/EventRoute.tsx";
import { MonthRoute } from "./routes/MonthRoute.tsx";
import { NotFound } from "./routes/NotFound.tsx";

// Pages for signed-in work load on demand, so the public calendar stays small.
const SignInRoute = lazy(() => withMoreTexts(import("./routes/SignInRoute.tsx")).then((m) => m.SignInRoute));
const ConfirmRoute = lazy(() => withMoreTexts(import("./routes/ConfirmRoute.tsx")).then((m) => m.ConfirmRoute));
const AccountRoute = lazy(() => withMoreTexts(import("./routes/AccountRoute.tsx")).then((m) => m.AccountRoute));
const EventFormRoute = lazy(() => withMoreTexts(import("./routes/EventFormRoute.tsx")).then((m) => m.EventFormRoute));
const ReviewRoute = lazy(() => withMoreTexts(import("./routes/ReviewRoute.tsx")).then((m) => m.ReviewRoute));
const WeekRoute = lazy(() => withMoreTexts(import("./routes/WeekRoute.tsx")).then((m) => m.WeekRoute));
const ListRoute = lazy(() => withMoreTexts(import("./routes/ListRoute.tsx")).then((m) => m.ListRoute));
const YearRoute = lazy(() => withMoreTexts(import("./routes/YearRoute.tsx")).then((m) => m.YearRoute));
const SearchRoute = lazy(() => withMoreTexts(import("./routes/SearchRoute.tsx")).then((m) => m.SearchRoute));
const ImportRoute = lazy(() => withMoreTexts(import("./routes/ImportRoute.tsx")).then((m) => m.ImportRoute));
const FreeDatesRoute = lazy(() => withMoreTexts(import("./routes/FreeDatesRoute.tsx")).then((m) => m.FreeDatesRoute));
const HeatmapRoute = lazy(() => withMoreTexts(import("./routes/HeatmapRoute.tsx")).then((m) => m.HeatmapRoute));
const ObservancesRoute = lazy(() => withMoreTexts(import("./routes/ObservancesRoute.tsx")).then((m) => m.ObservancesRoute));
const HoldsRoute = lazy(() => withMoreTexts(import("./routes/HoldsRoute.tsx")).then((m) => m.HoldsRoute));
const DashboardRoute = lazy(() => withMoreTexts(import("./routes/DashboardRoute.tsx")).then((m) => m.DashboardRoute));
const OrganisationsRoute = lazy(() => withMoreTexts(import("./routes/OrganisationsRoute.tsx")).then((m) => m.OrganisationsRoute));
const OrganisationRoute = lazy(() => withMoreTexts(import("./routes/OrganisationsRoute.tsx")).then((m) => m.OrganisationRoute));
const PeopleRoute = lazy(() => withMoreTexts(import("./routes/PeopleRoute.tsx")).then((m) => m.PeopleRoute));
const PersonRoute = lazy(() => withMoreTexts(import("./routes/PeopleRoute.tsx")).then((m) => m.PersonRoute));
const DocumentsRoute = lazy(() => withMoreTexts(import("./routes/LibraryRoute.tsx")).then((m) => m.DocumentsRoute));
const DocumentRoute = lazy(() => withMoreTexts(import("./routes/LibraryRoute.tsx")).then((m) => m.DocumentRoute));
const ProjectsRoute = lazy(() => withMoreTexts(import("./routes/LibraryRoute.tsx")).then((m) => m.ProjectsRoute));
const ProjectRoute = lazy(() => withMoreTexts(import("./routes/LibraryRoute.tsx")).then((m) => m.ProjectRoute));
const PrivacyRoute = lazy(() => withMoreTexts(import("./routes/PrivacyRoute.tsx")).then((m) => m.PrivacyRoute));
const MembersRoute = lazy(() => withMoreTexts(import("./routes/MembersRoute.tsx")).then((m) => m.MembersRoute));
const DigestsRoute = lazy(() => withMoreTexts(import("./routes/DigestsRoute.tsx")).then((m) => m.DigestsRoute));
const SubscribeRoute = lazy(() => withMoreTexts(import("./routes/SubscribeRoute.tsx")).then((m) => m.SubscribeRoute));
const AuditRoute = lazy(() => withMoreTexts(import("./routes/AuditRoute.tsx")).then((m) => m.AuditRoute));
const UsersRoute = lazy(() => withMoreTexts(import("./routes/UsersRoute.tsx")).then((m) => m.UsersRoute));
const MyEventsRoute = lazy(() => withMoreTexts(import("./routes/ReviewRoute.tsx")).then((m) => m.MyEventsRoute));
const AlertsRoute = lazy(() => withMoreTexts(import("./routes/AlertsRoute.tsx")).then((m) => m.AlertsRoute));
const AlertRoute = lazy(() => withMoreTexts(import("./routes/AlertsRoute.tsx")).then((m) => m.AlertRoute));
const ProposalsRoute = lazy(() => withMoreTexts(import("./routes/ProposalsRoute.tsx")).then((m) => m.ProposalsRoute));
const EmbedRoute = lazy(() => withMoreTexts(import("./routes/EmbedRoute.tsx")).then((m) => m.EmbedRoute));
const WebhooksRoute = lazy(() => withMoreTexts(import("./routes/WebhooksRoute.tsx")).then((m) => m.WebhooksRoute));

/** The interface language, for pages to re-render when it changes. */
const LocaleContext = createContext("en");
const localizedCache = new Map<ComponentType<never>, ComponentType<never>>();

/** A page that re-renders on a language change although the Router above it does not. */
function localized<P extends object>(Page: ComponentType<P>): ComponentType<P> {
  let wrapped = localizedCache.get(Page as ComponentType<never>) as ComponentType<P> | undefined;
  if (!wrapped) {
    wrapped = (props: P) => {
      useContext(LocaleContext);
      return <Page {...props} />;
    };
    localizedCache.set(Page as ComponentType<never>, wrapped as ComponentType<never>);
  }
  return wrapped;
}

/** Says so while the browser is offline: what shows is the copy kept from the last visit. */
function OfflineNotice() {
  const offline = useOffline();
  return (
    <div role="status" class={offline ? "offline-notice" : "visually-hidden"}>
      {offline ? t("offline.notice") : ""}
    </div>
  );
}

/**
 * The tab's title follows the page (WCAG 2.4.2): its main heading, then the calendar's name, in
 * the reader's language; kept in step as pages load their data and as the language changes.
 */
function PageTitle({ language }: { language: string }) {
  useEffect(() => {
    const main = document.getElementById("main");
    if (!main) return;
    const update = () => {
      const app = t("app.title");
      const heading = main.querySelector("h1")?.textContent?.trim();
      const title = heading && heading !== app ? `${heading} — ${app}` : app;
      if (document.title !== title) document.title = title;
    };
    update();
    const observer = new MutationObserver(update);
    observer.observe(main, { childList: true, subtree: true, characterData: true });
    return () => observer.disconnect();
  }, [language]);
  return null;
}

export function App() {
  // Texts come from a module-level catalogue. A new language re-renders the header as App's child
  // and each page through LocaleContext (preact-iso's Router re-renders a route only when the URL
  // changes), so what a reader typed into a form survives the switch.
  const [language, setLanguage] = useState(currentLanguage());
  useEffect(() => onLocaleChange(setLanguage), []);
  return (
    <LocationProvider>
      <SessionProvider>
        <a class="skip-link" href="#main">
          {t("app.skip")}
        </a>
        <SiteHeader />
        <OfflineNotice />
        <PageTitle language={language} />
        <main id="main" tabIndex={-1}>
          <ErrorBoundary>
            <LocaleContext.Provider value={language}>
              <Router>
                <Route path="/" component={localized(MonthRoute)} />
                <Route path="/month/:month" component={localized(MonthRoute)} />
                <Route path="/week/:date" component={localized(WeekRoute)} />
                <Route path="/list/:month" component={localized(ListRoute)} />
                <Route path="/year/:year" component={localized(YearRoute)} />
                <Route path="/search" component={localized(SearchRoute)} />
                <Route path="/events/new" component={localized(EventFormRoute)} />
                <Route path="/events/:slug/edit" component={localized(EventFormRoute)} />
                <Route path="/events/:slug" component={localized(EventRoute)} />
                <Route path="/sign-in" component={localized(SignInRoute)} />
                <Route path="/sign-in/confirm" component={localized(ConfirmRoute)} />
                <Route path="/account" component={localized(AccountRoute)} />
                <Route path="/webhooks" component={localized(WebhooksRoute)} />
                <Route path="/my/events" component={localized(MyEventsRoute)} />
                <Route path="/proposals" component={localized(ProposalsRoute)} />
                <Route path="/review" component={localized(ReviewRoute)} />
                <Route path="/import" component={localized(ImportRoute)} />
                <Route path="/organisations" component={localized(OrganisationsRoute)} />
                <Route path="/organisations/:slug" component={localized(OrganisationRoute)} />
                <Route path="/people" component={localized(PeopleRoute)} />
                <Route path="/people/:id" component={localized(PersonRoute)} />
                <Route path="/documents" component={localized(DocumentsRoute)} />
                <Route path="/documents/:slug" component={localized(DocumentRoute)} />
                <Route path="/projects" component={localized(ProjectsRoute)} />
                <Route path="/projects/:slug" component={localized(ProjectRoute)} />
                <Route path="/privacy" component={localized(PrivacyRoute)} />
                <Route path="/free-dates" component={localized(FreeDatesRoute)} />
                <Route path="/heatmap" component={localized(HeatmapRoute)} />
                <Route path="/holds" component={localized(HoldsRoute)} />
                <Route path="/observances" component={localized(ObservancesRoute)} />
                <Route path="/dashboard" component={localized(DashboardRoute)} />
                <Route path="/members" component={localized(MembersRoute)} />
                <Route path="/audit" component={localized(AuditRoute)} />
                <Route path="/digests" component={localized(DigestsRoute)} />
                <Route path="/alerts" component={localized(AlertsRoute)} />
                <Route path="/alerts/:id" component={localized(AlertRoute)} />
                <Route path="/subscribe" component={localized(SubscribeRoute)} />
                <Route path="/on-your-website" component={localized(EmbedRoute)} />
                <Route path="/admin/users" component={localized(UsersRoute)} />
                <Route default component={localized(NotFound)} />
              </Router>
            </LocaleContext.Provider>
          </ErrorBoundary>
        </main>
        <footer class="site-footer">
          <p>{t("app.demoNotice")}</p>
          <p>
            <a href="/on-your-website">{t("embedBuilder.title")}</a>
          </p>
        </footer>
      </SessionProvider>
    </LocationProvider>
  );
}
