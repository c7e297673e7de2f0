import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { supplierXlsxUrl, useProposals } from "../features/proposals/api/get-proposals";
import { proposalTotals } from "../features/proposals/api/proposals";
import { ProposalSummary } from "../features/proposals/components/ProposalSummary";
import { SupplierLines } from "../features/proposals/components/SupplierLines";
import { worklistXlsxUrl } from "../features/reorder/api/reorder-csv";

export default function ProposalsRoute() {
  const { t } = useI18n();
  const proposals = useProposals();
  return (
    <>
      <PageTitle>{t("navProposals")}</PageTitle>
      <div className="stack">
        <Panel
          title={t("proposalSummary")}
          testId="proposal-summary"
          actions={
            <a className="button" href={worklistXlsxUrl({})} download data-testid="export-worklist-xlsx">
              {t("exportWorklistXlsx")}
            </a>
          }
        >
          <p className="muted small">{t("proposalHelp")}</p>
          <QueryState query={proposals} skeleton={<Skeleton lines={2} />} isEmpty={(p) => p.data.length === 0} empty={t("noProposals")}>
            {(p) => <ProposalSummary totals={proposalTotals(p.data)} />}
          </QueryState>
        </Panel>
        {proposals.data?.data.map((group) => {
          const name = group.supplier_name ?? group.supplier_id ?? "—";
          return (
            <Panel
              key={group.supplier_id ?? ""}
              title={
                <>
                  {name} {group.supplier_id && <span className="muted small">({group.supplier_id})</span>}
                </>
              }
              testId="supplier-proposal"
              actions={
                group.supplier_id && (
                  <a
                    className="button"
                    href={supplierXlsxUrl(group.supplier_id)}
                    download
                    data-testid="export-supplier-xlsx"
                    aria-label={t("exportSupplierXlsx", { supplier: name })}
                  >
                    {t("exportXlsx")}
                  </a>
                )
              }
            >
              <div data-supplier={group.supplier_id ?? ""}>
                <SupplierLines group={group} />
              </div>
            </Panel>
          );
        })}
      </div>
    </>
  );
}
