import { Link } from "wouter";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { GRAINS, grainOf } from "../lib/format";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { useSeries, type SeriesData } from "../features/series/api/get-series";
import { useItem } from "../api/items";
import { useProjection, useService } from "../features/series/api/get-projection";
import { AchievedService } from "../features/series/components/AchievedService";
import { ProjectedStock } from "../features/series/components/ProjectedStock";
import { ItemFacts } from "../features/series/components/ItemFacts";
import { OtherWarehouses } from "../features/series/components/OtherWarehouses";
import { ModelPanel } from "../features/series/components/ModelPanel";
import { ReorderExplanation } from "../features/series/components/ReorderExplanation";
import { SeriesAccuracy } from "../features/series/components/SeriesAccuracy";
import { ServiceLevelWhatIf } from "../features/series/components/ServiceLevelWhatIf";
import { useSeriesChart } from "../features/series/components/load-chart";

/** Recharts is the biggest dependency: its chunk loads with this view only. */
function Chart({ series }: { series: SeriesData }) {
  const SeriesChart = useSeriesChart();
  return SeriesChart ? <SeriesChart series={series} /> : <Skeleton height={340} />;
}

/** One page for an item x warehouse the snapshot does not have (instead of a red panel each). */
function ItemNotFound({ item, warehouse }: { item: string; warehouse: string }) {
  const { t } = useI18n();
  return (
    <div data-testid="item-not-found">
      <PageTitle>{t("itemNotFound")}</PageTitle>
      <p>{t("itemNotFoundText", { item, warehouse })}</p>
      <Link href="/reorder">← {t("back")}</Link>
    </div>
  );
}

export default function SeriesRoute({ item, warehouse }: { item: string; warehouse: string }) {
  const { t } = useI18n();
  const [state, setState] = useSearchState();
  const grain = grainOf(state.grain);
  const series = useSeries(item, warehouse, grain);
  // the rest of the page asks once the series is in: the first chart comes first
  const ready = series.isSuccess;
  const itemDetail = useItem(ready ? item : null);
  const projection = useProjection(item, warehouse, ready);
  const service = useService(item, warehouse, ready);
  if (series.isError && (series.error as { status?: number }).status === 404) {
    return <ItemNotFound item={item} warehouse={warehouse} />;
  }
  const data = series.data?.data;
  const name = data ? `${data.item.item_id} · ${data.item.item_name}` : item;
  const unit = data?.item.unit ?? data?.reorder.unit ?? null;
  return (
    <div className="grid-detail">
      <p className="span-2 back">
        <Link href="/reorder">← {t("back")}</Link>
      </p>
      <div className="span-2">
        <PageTitle>
          {name} — {data?.warehouse.name ?? warehouse}
        </PageTitle>
      </div>
      <Panel
        className="span-2"
        testId="chart-panel"
        title={t("history") + " · " + t("forecast")}
        actions={
          <div role="radiogroup" aria-label={t("grain")} className="segmented">
            {GRAINS.map((g) => (
              <button
                key={g}
                type="button"
                role="radio"
                aria-checked={g === grain}
                className={g === grain ? "active" : ""}
                onClick={() => setState({ grain: g })}
              >
                {t(g)}
              </button>
            ))}
          </div>
        }
      >
        <QueryState
          query={series}
          skeleton={<Skeleton height={340} />}
          isEmpty={(s) => s.data.history.length === 0 && s.data.forecast.length === 0}
        >
          {(s) => (
            <>
              <p className="muted small" data-testid="series-meta">
                {t("snapshot")} {s.snapshot_id} · {t("modelVersion")} {s.data.model_version ?? t("noModel")}
              </p>
              <Chart series={s.data} />
            </>
          )}
        </QueryState>
      </Panel>
      <Panel className="span-2" title={t("projectedTitle")} testId="projection-panel">
        <QueryState query={projection} skeleton={<Skeleton height={220} />} isEmpty={(p) => p.points.length === 0} empty={t("noProjection")}>
          {(p) => <ProjectedStock projection={p} unitCode={unit} />}
        </QueryState>
      </Panel>
      <Panel className="span-2" title={t("otherWarehouses")} testId="other-warehouses-panel">
        <QueryState query={itemDetail} skeleton={<Skeleton lines={4} />}>
          {(i) => <OtherWarehouses item={i.data} warehouseId={warehouse} />}
        </QueryState>
      </Panel>
      <Panel title={t("explanation")} testId="explanation-panel">
        <QueryState query={series} skeleton={<Skeleton lines={10} />}>
          {(s) => <ReorderExplanation row={s.data.reorder} unitCode={unit} />}
        </QueryState>
      </Panel>
      <div className="stack">
        <Panel title={t("itemAndSupplier")} testId="item-facts-panel">
          <QueryState query={series} skeleton={<Skeleton lines={4} />}>
            {(s) => <ItemFacts item={s.data.item} row={s.data.reorder} />}
          </QueryState>
        </Panel>
        <Panel title={t("model")} testId="model-panel-section">
          <QueryState query={series} skeleton={<Skeleton lines={4} />}>
            {(s) => <ModelPanel row={s.data.reorder} modelVersion={s.data.model_version} />}
          </QueryState>
        </Panel>
        <Panel title={t("seriesAccuracy")} testId="accuracy-panel">
          <QueryState
            query={series}
            skeleton={<Skeleton lines={6} />}
            isEmpty={(s) => s.data.accuracy.length === 0}
            empty={t("noSeriesAccuracy")}
          >
            {(s) => <SeriesAccuracy rows={s.data.accuracy} unitCode={unit} />}
          </QueryState>
        </Panel>
        <Panel title={t("achievedService")} testId="service-panel">
          <QueryState query={service} skeleton={<Skeleton lines={4} />} isEmpty={(v) => v.windows.length === 0} empty={t("noService")}>
            {(v) => <AchievedService windows={v.windows} classes={v.classes} />}
          </QueryState>
        </Panel>
        <Panel title={t("whatIf")} testId="what-if-panel">
          <QueryState query={series} skeleton={<Skeleton lines={5} />}>
            {(s) => <ServiceLevelWhatIf key={`${item}|${warehouse}`} row={s.data.reorder} unitCode={unit} />}
          </QueryState>
        </Panel>
      </div>
    </div>
  );
}
