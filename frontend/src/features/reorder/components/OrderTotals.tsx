import type { UseQueryResult } from "@tanstack/react-query";
import { useI18n } from "../../../lib/i18n";
import type { OrderLines } from "../api/get-order-lines";

/** What the filtered list asks to buy: lines with a quantity > 0 and their value in BRL. */
export function OrderTotals({ query, today }: { query: UseQueryResult<OrderLines>; today: boolean }) {
  const { t, brl } = useI18n();
  if (!query.data) return <p className="totals muted" aria-hidden="true">&nbsp;</p>;
  const lines = today ? query.data.today : query.data.lines;
  const value = today ? query.data.todayValueBRL : query.data.valueBRL;
  return (
    <p className="totals" data-testid="order-totals">
      {t("totalToOrder")}: <strong data-testid="order-total-value">{brl(value)}</strong> ·{" "}
      <span data-testid="order-total-lines">{t("linesToOrder", { count: lines.length })}</span>
      {query.data.truncated && <span className="muted"> {t("totalsPartial", { count: lines.length })}</span>}
    </p>
  );
}
