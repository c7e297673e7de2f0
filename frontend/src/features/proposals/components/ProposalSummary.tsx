import { useI18n } from "../../../lib/i18n";
import type { ProposalTotals } from "../api/proposals";

/** The whole proposal at a glance: suppliers, lines, value and the earliest order-by date. */
export function ProposalSummary({ totals, earliest }: { totals: ProposalTotals; earliest: string | null }) {
  const { t, int, brl, date } = useI18n();
  return (
    <dl className="inputs" data-testid="proposal-totals">
      <div>
        <dt>{t("suppliersCount")}</dt>
        <dd data-testid="total-suppliers">{int(totals.suppliers)}</dd>
      </div>
      <div>
        <dt>{t("linesCol")}</dt>
        <dd data-testid="total-lines">{int(totals.lines)}</dd>
      </div>
      <div>
        <dt>{t("totalValue")}</dt>
        <dd data-testid="total-value">{brl(totals.value_brl)}</dd>
      </div>
      <div>
        <dt>{t("earliestOrderBy")}</dt>
        <dd>{date(earliest)}</dd>
      </div>
    </dl>
  );
}
