import { QueryClient, QueryClientProvider, usePrefetchQuery } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { Link, Route, Switch, useRoute, useSearch } from "wouter";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { ErrorState, Skeleton } from "../components/Panel";
import { SnapshotBar } from "../features/meta/components/SnapshotBar";
import { seriesQueryOptions, type Grain } from "../features/series/api/get-series";
import { loadSeriesChart } from "../features/series/components/load-chart";
import Series from "../routes/series";
import { I18nProvider, useI18n } from "../lib/i18n";

// Thin routes, each its own chunk (the detail view is in the main one, so its data and its
// chart's chunk start at once); the overview never downloads the chart library.
const Overview = lazy(() => import("../routes/overview"));
const Reorder = lazy(() => import("../routes/reorder"));
const Accuracy = lazy(() => import("../routes/accuracy"));
const Changes = lazy(() => import("../routes/changes"));

/** Starts the series request and the chart's code while the detail view's code downloads. */
function PrefetchSeries({ item, warehouse }: { item: string; warehouse: string }) {
  void loadSeriesChart();
  const grain = new URLSearchParams(useSearch()).get("grain");
  const valid: Grain = grain === "day" || grain === "month" ? grain : "week";
  usePrefetchQuery(seriesQueryOptions(item, warehouse, valid));
  return null;
}

function NavLink({ href, children }: { href: string; children: string }) {
  const [active] = useRoute(href === "/" ? "/" : `${href}/*?`);
  return (
    <Link href={href} className={active ? "active" : ""} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}

function Shell() {
  const { t, locale, setLocale } = useI18n();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="top">
        <div className="brand">{t("appTitle")}</div>
        <nav aria-label="main">
          <NavLink href="/">{t("navOverview")}</NavLink>
          <NavLink href="/reorder">{t("navReorder")}</NavLink>
          <NavLink href="/accuracy">{t("navAccuracy")}</NavLink>
          <NavLink href="/changes">{t("navChanges")}</NavLink>
        </nav>
        <label className="lang">
          <span className="visually-hidden">{t("language")}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value === "en" ? "en" : "pt-BR")}>
            <option value="pt-BR">Português (BR)</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <SnapshotBar />
      <main id="main" tabIndex={-1}>
        <ErrorBoundary fallback={(error, reset) => <ErrorState error={error} onRetry={reset} />}>
          <Suspense fallback={<Skeleton lines={8} />}>
            <Switch>
              <Route path="/" component={Overview} />
              <Route path="/reorder" component={Reorder} />
              <Route path="/series/:item/:warehouse">
                {(params) => {
                  const item = decodeURIComponent(params.item);
                  const warehouse = decodeURIComponent(params.warehouse);
                  return (
                    <>
                      <PrefetchSeries item={item} warehouse={warehouse} />
                      <Series key={`${item}|${warehouse}`} item={item} warehouse={warehouse} />
                    </>
                  );
                }}
              </Route>
              <Route path="/accuracy" component={Accuracy} />
              <Route path="/changes" component={Changes} />
              <Route>
                <p>{t("notFound")}</p>
              </Route>
            </Switch>
          </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}

export function App() {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            staleTime: 60_000,
            retry: (count, error) => {
              const status = (error as { status?: number }).status ?? 0;
              return status >= 500 && count < 2;
            },
            refetchOnWindowFocus: false,
          },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <I18nProvider>
        <Shell />
      </I18nProvider>
    </QueryClientProvider>
  );
}
