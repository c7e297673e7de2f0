import { Pager } from "../components/Pager";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import type { ReorderQuery } from "../api/types";
import { useReorder } from "../features/reorder/api/get-reorder";
import { reorderCsvUrl, worklistXlsxUrl } from "../features/reorder/api/reorder-csv";
import { OrderTotals } from "../features/reorder/components/OrderTotals";
import { ReorderFilters, type Filters } from "../features/reorder/components/ReorderFilters";
import { ReorderTable } from "../features/reorder/components/ReorderTable";

const PAGE_SIZE = 25;

export default function ReorderRoute() {
  const { t } = useI18n();
  const [state, setState] = useSearchState();
  const page = Math.max(1, Number(state.page) || 1);
  const filters: Filters = {
    warehouse_id: state.warehouse_id,
    category: state.category,
    criticality: state.criticality as Filters["criticality"],
    status: state.status,
    supplier_id: state.supplier_id,
    q: state.q,
    sort: state.sort,
    today: state.today === "1" ? "1" : undefined,
  };
  const { today, ...rest } = filters;
  // "Só o que pedir hoje": the API's order_now (something to order, order-by date reached)
  const matching = {
    ...rest,
    order_now: today === "1" ? true : undefined,
    sort: (rest.sort ?? "priority") as ReorderQuery["sort"],
  } satisfies ReorderQuery;
  const query = { ...matching, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } satisfies ReorderQuery;
  const reorder = useReorder(query);
  const setFilters = (next: Filters) => setState({ ...next, page: undefined });
  const onPage = (next: number) => setState({ ...filters, page: next });
  return (
    <>
      <PageTitle>{t("navReorder")}</PageTitle>
      <Panel
        title={t("filters")}
        testId="reorder-panel"
        actions={
          <>
            <a className="button" href={reorderCsvUrl(matching)} download data-testid="export-csv" title={t("csvHint")}>
              {t("exportCsv")}
            </a>{" "}
            <a className="button" href={worklistXlsxUrl(matching)} download data-testid="export-xlsx" title={t("xlsxHint")}>
              {t("exportXlsx")}
            </a>
          </>
        }
      >
        <ReorderFilters filters={filters} onChange={setFilters} />
        <QueryState query={reorder} skeleton={<Skeleton lines={10} />} isEmpty={(r) => r.count === 0} empty={t("noRows")}>
          {(r) => (
            <>
              <OrderTotals totals={r.totals} />
              <p className="muted" aria-live="polite" data-testid="row-count">
                {t("rows", { count: r.count })}
              </p>
              <p className="only-narrow muted small">{t("scrollHint")}</p>
              <ReorderTable rows={r.data} busy={reorder.isPlaceholderData} />
              <Pager page={page} pages={Math.max(1, Math.ceil(r.count / PAGE_SIZE))} onPage={onPage} />
            </>
          )}
        </QueryState>
      </Panel>
    </>
  );
}
