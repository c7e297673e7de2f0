import { Link } from "wouter";
import { useWarehouses } from "../api/warehouses";
import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useSearchState } from "../lib/search-params";
import { proposalsCsvUrl, proposalsXlsxUrl, supplierXlsxUrl, useProposals } from "../features/proposals/api/get-proposals";
import { earliestOrderBy } from "../features/proposals/api/proposals";
import { ProposalSummary } from "../features/proposals/components/ProposalSummary";
import { SupplierLines } from "../features/proposals/components/SupplierLines";
import { worklistXlsxUrl } from "../features/reorder/api/reorder-csv";

export default function ProposalsRoute() {
  const { t } = useI18n();
  const [state, setState] = useSearchState();
  const query = { warehouse_id: state.warehouse_id || undefined };
  const proposals = useProposals(query);
  const warehouses = useWarehouses();
  return (
    <>
      <PageTitle>{t("navProposals")}</PageTitle>
      <div className="stack">
        <Panel
          title={t("proposalSummary")}
          testId="proposal-summary"
          actions={
            <>
              <a className="button" href={proposalsXlsxUrl(query)} download data-testid="export-proposals-xlsx">
                {t("exportProposalsXlsx")}
              </a>{" "}
              <a className="button" href={proposalsCsvUrl(query)} download data-testid="export-proposals-csv">
                {t("exportCsvShort")}
              </a>{" "}
              <a className="button" href={worklistXlsxUrl({ warehouse_id: query.warehouse_id })} download data-testid="export-worklist-xlsx">
                {t("exportWorklistXlsx")}
              </a>
            </>
          }
        >
          <p className="muted small">{t("proposalHelp")}</p>
          <form className="filters" onSubmit={(e) => e.preventDefault()}>
            <label>
              {t("warehouse")}
              <select name="warehouse_id" value={state.warehouse_id ?? ""} onChange={(e) => setState({ warehouse_id: e.target.value })}>
                <option value="">{t("all")}</option>
                {warehouses.data?.data.map((w) => (
                  <option key={w.warehouse_id} value={w.warehouse_id}>
                    {w.name ? `${w.name} (${w.warehouse_id})` : w.warehouse_id}
                  </option>
                ))}
              </select>
            </label>
          </form>
          <QueryState query={proposals} skeleton={<Skeleton lines={2} />} isEmpty={(p) => p.data.length === 0} empty={t("noProposals")}>
            {(p) => (
              <div aria-busy={proposals.isPlaceholderData} data-busy={proposals.isPlaceholderData}>
                <ProposalSummary totals={p.totals} earliest={earliestOrderBy(p.data)} />
              </div>
            )}
          </QueryState>
        </Panel>
        {proposals.data?.data.map((group) => {
          const name = group.supplier_name ?? group.supplier_id;
          return (
            <Panel
              key={group.supplier_id}
              title={
                <>
                  {name} <span className="muted small">({group.supplier_id})</span>
                </>
              }
              testId="supplier-proposal"
              actions={
                <>
                  <Link href={`/reorder?supplier_id=${encodeURIComponent(group.supplier_id)}&today=1`} className="small">
                    {t("openInWorklist")}
                  </Link>{" "}
                  <a
                    className="button"
                    href={supplierXlsxUrl(group.supplier_id, query)}
                    download
                    data-testid="export-supplier-xlsx"
                    aria-label={t("exportSupplierXlsx", { supplier: name })}
                  >
                    {t("exportXlsx")}
                  </a>{" "}
                  <a
                    className="button"
                    href={proposalsCsvUrl({ ...query, supplier_id: group.supplier_id })}
                    download
                    data-testid="export-supplier-csv"
                    aria-label={t("exportSupplierCsv", { supplier: name })}
                  >
                    {t("exportCsvShort")}
                  </a>
                </>
              }
            >
              <div data-supplier={group.supplier_id} aria-busy={proposals.isPlaceholderData}>
                <SupplierLines group={group} />
              </div>
            </Panel>
          );
        })}
      </div>
    </>
  );
}
