import { Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useMeta } from "../features/meta/api/get-meta";
import { QualitySummary } from "../features/meta/components/QualitySummary";
import { useAlerts } from "../features/overview/api/get-alerts";
import { useKpis } from "../features/overview/api/get-kpis";
import { AlertList } from "../features/overview/components/AlertList";
import { KpiCards } from "../features/overview/components/KpiCards";

export default function OverviewRoute() {
  const { t } = useI18n();
  const kpis = useKpis();
  const alerts = useAlerts(12);
  const meta = useMeta();
  return (
    <div className="grid-overview">
      <Panel title={t("navOverview")} className="span-2" testId="kpi-panel">
        <QueryState query={kpis} skeleton={<Skeleton lines={2} />} isEmpty={(k) => k.data.series === 0}>
          {(k) => <KpiCards kpis={k.data} />}
        </QueryState>
      </Panel>
      <Panel title={t("alerts")} testId="alerts-panel">
        <QueryState query={alerts} isEmpty={(a) => a.count === 0} empty={t("noAlerts")} skeleton={<Skeleton lines={6} />}>
          {(a) => <AlertList alerts={a.data} count={a.count} />}
        </QueryState>
      </Panel>
      <Panel title={t("quality")} testId="quality-panel">
        <QueryState query={meta} skeleton={<Skeleton lines={6} />}>
          {(m) => <QualitySummary meta={m} />}
        </QueryState>
      </Panel>
    </div>
  );
}
