import { Pager } from "../components/Pager";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { useMeta } from "../features/meta/api/get-meta";
import { QualitySummary } from "../features/meta/components/QualitySummary";
import { useAlerts } from "../features/overview/api/get-alerts";
import { useKpis } from "../features/overview/api/get-kpis";
import { AlertList } from "../features/overview/components/AlertList";
import { KpiCards } from "../features/overview/components/KpiCards";

const ALERTS_PAGE = 10;

export default function OverviewRoute() {
  const { t } = useI18n();
  const [state, setState] = useSearchState();
  const alertPage = Math.max(1, Number(state.alerts) || 1);
  const kpis = useKpis();
  const alerts = useAlerts(ALERTS_PAGE, (alertPage - 1) * ALERTS_PAGE);
  const meta = useMeta();
  return (
    <>
      <PageTitle>{t("navOverview")}</PageTitle>
      <div className="grid-overview">
        <Panel title={t("kpis")} className="span-2" testId="kpi-panel">
          <QueryState query={kpis} skeleton={<Skeleton lines={2} />} isEmpty={(k) => k.data.series === 0}>
            {(k) => <KpiCards kpis={k.data} />}
          </QueryState>
        </Panel>
        <Panel title={t("alerts")} testId="alerts-panel">
          <QueryState query={alerts} isEmpty={(a) => a.count === 0} empty={t("noAlerts")} skeleton={<Skeleton lines={6} />}>
            {(a) => (
              <div aria-busy={alerts.isPlaceholderData} data-busy={alerts.isPlaceholderData}>
                <AlertList alerts={a.data} />
                <p className="muted small" data-testid="alerts-shown">
                  {t("alertsShown", {
                    from: (alertPage - 1) * ALERTS_PAGE + 1,
                    to: (alertPage - 1) * ALERTS_PAGE + a.data.length,
                    count: a.count,
                  })}
                </p>
                <Pager
                  page={alertPage}
                  pages={Math.max(1, Math.ceil(a.count / ALERTS_PAGE))}
                  onPage={(next) => setState({ ...state, alerts: next })}
                />
              </div>
            )}
          </QueryState>
        </Panel>
        <Panel title={t("quality")} testId="quality-panel">
          <QueryState query={meta} skeleton={<Skeleton lines={6} />}>
            {(m) => <QualitySummary meta={m} />}
          </QueryState>
        </Panel>
      </div>
    </>
  );
}
