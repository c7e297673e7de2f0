import { QueryClient, QueryClientProvider, usePrefetchQuery } from "@tanstack/react-query";
import { Suspense, useState } from "react";
import { Link, Route, Switch, useLocation, useRoute, useSearch } from "wouter";
import { ErrorBoundary } from "../components/ErrorBoundary";
import { OfflineBanner } from "../components/OfflineBanner";
import { ErrorState, PageTitle, Skeleton } from "../components/Panel";
import { SnapshotBar } from "../features/meta/components/SnapshotBar";
import { seriesQueryOptions } from "../features/series/api/get-series";
import { loadSeriesChart } from "../features/series/components/load-chart";
import { useConnection } from "../lib/connection";
import { grainOf } from "../lib/format";
import { I18nProvider, useI18n } from "../lib/i18n";
import { lazyRoute, retryFailedRoutes } from "../lib/lazy-route";
import Series from "../routes/series";

// Thin routes, each its own chunk (the detail view is in the main one, so its data and its
// chart's chunk start at once); the overview never downloads the chart library.
const Overview = lazyRoute(() => import("../routes/overview"));
const Reorder = lazyRoute(() => import("../routes/reorder"));
const Proposals = lazyRoute(() => import("../routes/proposals"));
const Transfers = lazyRoute(() => import("../routes/transfers"));
const Accuracy = lazyRoute(() => import("../routes/accuracy"));
const Changes = lazyRoute(() => import("../routes/changes"));

/** Starts the series request and the chart's code while the detail view's code downloads. */
function PrefetchSeries({ item, warehouse }: { item: string; warehouse: string }) {
  void loadSeriesChart().catch(() => {}); // a failure shows in the chart's panel, which retries
  const grain = grainOf(new URLSearchParams(useSearch()).get("grain") ?? undefined);
  usePrefetchQuery(seriesQueryOptions(item, warehouse, grain));
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

function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle>{t("notFound")}</PageTitle>
      <p>{t("notFoundText")}</p>
      <Link href="/">{t("navOverview")}</Link>
    </>
  );
}

function Routes() {
  return (
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
      <Route path="/proposals" component={Proposals} />
      <Route path="/transfers" component={Transfers} />
      <Route path="/accuracy" component={Accuracy} />
      <Route path="/changes" component={Changes} />
      <Route component={NotFound} />
    </Switch>
  );
}

function Shell() {
  const { t, locale, setLocale } = useI18n();
  const [location] = useLocation();
  const { epoch } = useConnection();
  return (
    <>
      <a className="skip-link" href="#main">
        {t("skipToContent")}
      </a>
      <header className="top">
        <div className="top-row">
          <div className="brand">{t("appTitle")}</div>
          <nav aria-label={t("navigation")}>
            <NavLink href="/">{t("navOverview")}</NavLink>
            <NavLink href="/reorder">{t("navReorder")}</NavLink>
            <NavLink href="/proposals">{t("navProposals")}</NavLink>
            <NavLink href="/transfers">{t("navTransfers")}</NavLink>
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
        </div>
        <SnapshotBar />
        <OfflineBanner />
      </header>
      <main id="main" tabIndex={-1}>
        {/* A new page or the server's return starts with a clean boundary: an error stays
            with the page it happened on. */}
        <ErrorBoundary
          key={`${location}|${epoch}`}
          fallback={(error, reset) => (
            <ErrorState
              error={error}
              onRetry={() => {
                retryFailedRoutes();
                reset();
              }}
            />
          )}
        >
          <Suspense fallback={<Skeleton lines={8} />}>
            <Routes />
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
