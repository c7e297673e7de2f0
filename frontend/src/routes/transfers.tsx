import { useWarehouses } from "../api/warehouses";
import { Pager } from "../components/Pager";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { useTransfers } from "../features/transfers/api/get-transfers";
import { TransferTable } from "../features/transfers/components/TransferTable";

const PAGE_SIZE = 50;

export default function TransfersRoute() {
  const { t, brl } = useI18n();
  const [state, setState] = useSearchState();
  const page = Math.max(1, Number(state.page) || 1);
  const warehouse = state.warehouse_id || undefined;
  const transfers = useTransfers({ warehouse_id: warehouse, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const warehouses = useWarehouses();
  return (
    <>
      <PageTitle>{t("navTransfers")}</PageTitle>
      <Panel title={t("transfersCount")} testId="transfers-panel">
        <p className="muted small">{t("transfersHelp")}</p>
        <form className="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            {t("warehouseFromOrTo")}
            <select name="warehouse_id" value={warehouse ?? ""} onChange={(e) => setState({ warehouse_id: e.target.value })}>
              <option value="">{t("all")}</option>
              {warehouses.data?.data.map((w) => (
                <option key={w.warehouse_id} value={w.warehouse_id}>
                  {w.name ? `${w.name} (${w.warehouse_id})` : w.warehouse_id}
                </option>
              ))}
            </select>
          </label>
        </form>
        <QueryState query={transfers} skeleton={<Skeleton lines={8} />} isEmpty={(a) => a.count === 0} empty={t("noTransfers")}>
          {(a) => (
            <div aria-busy={transfers.isPlaceholderData} data-busy={transfers.isPlaceholderData}>
              <p className="totals" data-testid="transfer-totals">
                <span data-testid="transfer-count">{t("transferLines", { count: a.totals.lines })}</span> · {t("totalValue")}:{" "}
                <strong data-testid="transfer-total-value">{brl(a.totals.value_brl)}</strong>
              </p>
              <TransferTable rows={a.data} />
              <Pager page={page} pages={Math.max(1, Math.ceil(a.count / PAGE_SIZE))} onPage={(next) => setState({ ...state, page: next })} />
            </div>
          )}
        </QueryState>
      </Panel>
    </>
  );
}
