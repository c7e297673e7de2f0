import { Pager } from "../components/Pager";
import { Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { useReorder, type ReorderQuery } from "../features/reorder/api/get-reorder";
import { reorderCsvUrl } from "../features/reorder/api/reorder-csv";
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
  };
  const query = {
    ...filters,
    sort: (filters.sort ?? "priority") as ReorderQuery["sort"],
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  } satisfies ReorderQuery;
  const reorder = useReorder(query);
  const setFilters = (next: Filters) => setState({ ...next, page: undefined });
  const pages = reorder.data ? Math.max(1, Math.ceil(reorder.data.count / PAGE_SIZE)) : 1;
  return (
    <Panel
      title={t("navReorder")}
      testId="reorder-panel"
      actions={
        <a className="button" href={reorderCsvUrl(query)} download data-testid="export-csv">
          {t("exportCsv")}
        </a>
      }
    >
      <ReorderFilters filters={filters} onChange={setFilters} />
      <QueryState
        query={reorder}
        skeleton={<Skeleton lines={10} />}
        isEmpty={(r) => r.count === 0}
        empty={t("noRows")}
      >
        {(r) => (
          <>
            <p className="muted" aria-live="polite" data-testid="row-count">
              {t("rows", { count: r.count })}
            </p>
            <ReorderTable rows={r.data} busy={reorder.isPlaceholderData} />
            <Pager page={page} pages={pages} onPage={(next) => setState({ ...filters, page: next })} />
          </>
        )}
      </QueryState>
    </Panel>
  );
}
