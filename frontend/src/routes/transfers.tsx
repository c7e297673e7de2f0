import { PageTitle, Panel, QueryState, Skeleton } from "../components/Panel";
import { useI18n } from "../lib/i18n";
import { useTransfers } from "../features/transfers/api/get-transfers";
import { transferTotals } from "../features/transfers/api/transfers";
import { TransferTable } from "../features/transfers/components/TransferTable";

export default function TransfersRoute() {
  const { t, int, brl } = useI18n();
  const transfers = useTransfers();
  return (
    <>
      <PageTitle>{t("navTransfers")}</PageTitle>
      <Panel title={t("transfersCount")} testId="transfers-panel">
        <p className="muted small">{t("transfersHelp")}</p>
        <QueryState query={transfers} skeleton={<Skeleton lines={8} />} isEmpty={(a) => a.data.length === 0} empty={t("noTransfers")}>
          {(a) => {
            const totals = transferTotals(a.data);
            return (
              <>
                <p className="totals" data-testid="transfer-totals">
                  {t("rows", { count: totals.transfers })} · {t("totalValue")}:{" "}
                  <strong data-testid="transfer-total-value">{brl(totals.value_brl)}</strong>
                </p>
                <TransferTable rows={a.data} />
                {a.count > a.data.length && (
                  <p className="muted small">{t("totalsPartial", { count: int(a.data.length) })}</p>
                )}
              </>
            );
          }}
        </QueryState>
      </Panel>
    </>
  );
}
