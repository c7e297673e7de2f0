import type { Schemas } from "../../../api/client";
import { useI18n } from "../../../lib/i18n";

/** What the filtered list (every page) asks to buy, in BRL: the suggested orders, and what
 * remains to buy now once transfers are counted (the purchase proposal's lines). */
export function OrderTotals({ totals }: { totals: Schemas["ReorderTotals"] }) {
  const { t, brl } = useI18n();
  return (
    <p className="totals" data-testid="order-totals">
      {t("totalToOrder")}: <strong data-testid="order-total-value">{brl(totals.suggested_order_value_brl)}</strong> ·{" "}
      {t("totalToBuyNow")}: <strong data-testid="order-total-proposal">{brl(totals.proposal_value_brl)}</strong>
    </p>
  );
}
