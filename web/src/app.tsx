import { ErrorBoundary, LocationProvider, Route, Router } from "preact-iso";
import { t } from "./lib/i18n.ts";
import { EventRoute } from "./routes/EventRoute.tsx";
import { MonthRoute } from "./routes/MonthRoute.tsx";
import { NotFound } from "./routes/NotFound.tsx";

export function App() {
  return (
    <LocationProvider>
      <a class="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header class="site-header">
        <h1>
          <a href="/">{t("app.title")}</a>
        </h1>
        <p class="tagline">{t("app.tagline")}</p>
      </header>
      <main id="main" tabIndex={-1}>
        <ErrorBoundary>
          <Router>
            <Route path="/" component={MonthRoute} />
            <Route path="/month/:month" component={MonthRoute} />
            <Route path="/events/:slug" component={EventRoute} />
            <Route default component={NotFound} />
          </Router>
        </ErrorBoundary>
      </main>
      <footer class="site-footer">
        <p>{t("app.demoNotice")}</p>
      </footer>
    </LocationProvider>
  );
}
