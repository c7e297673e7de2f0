import { Pager } from "../components/Pager";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import type { ReorderQuery } from "../api/types";
import { sortLines, useOrderLines } from "../features/reorder/api/get-order-lines";
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
    q: state.q,
    sort: state.sort,
    today: state.today === "1" ? "1" : undefined,
  };
  const { today, ...server } = filters;
  const matching = { ...server, sort: (server.sort ?? "priority") as ReorderQuery["sort"] } satisfies ReorderQuery;
  const query = { ...matching, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } satisfies ReorderQuery;
  const reorder = useReorder(query);
  const orderLines = useOrderLines({ ...matching, sort: undefined });
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
            <a className="button" href={reorderCsvUrl(query)} download data-testid="export-csv">
              {t("exportCsv")}
            </a>{" "}
            <a className="button" href={worklistXlsxUrl(query)} download data-testid="export-xlsx">
              {t("exportXlsx")}
            </a>
          </>
        }
      >
        <ReorderFilters filters={filters} onChange={setFilters} />
        <OrderTotals query={orderLines} today={today === "1"} />
        {today === "1" ? (
          <QueryState query={orderLines} skeleton={<Skeleton lines={10} />} isEmpty={(o) => o.today.length === 0} empty={t("noRows")}>
            {(o) => {
              const pages = Math.max(1, Math.ceil(o.today.length / PAGE_SIZE));
              const rows = sortLines(o.today, filters.sort).slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
              return (
                <>
                  <p className="muted" aria-live="polite" data-testid="row-count">
                    {t("rows", { count: o.today.length })}
                  </p>
                  <p className="only-narrow muted small">{t("scrollHint")}</p>
                  <ReorderTable rows={rows} />
                  <Pager page={page} pages={pages} onPage={onPage} />
                </>
              );
            }}
          </QueryState>
        ) : (
          <QueryState query={reorder} skeleton={<Skeleton lines={10} />} isEmpty={(r) => r.count === 0} empty={t("noRows")}>
            {(r) => (
              <>
                <p className="muted" aria-live="polite" data-testid="row-count">
                  {t("rows", { count: r.count })}
                </p>
                <ReorderTable rows={r.data} busy={reorder.isPlaceholderData} />
                <Pager page={page} pages={Math.max(1, Math.ceil(r.count / PAGE_SIZE))} onPage={onPage} />
              </>
            )}
          </QueryState>
        )}
      </Panel>
    </>
  );
}
