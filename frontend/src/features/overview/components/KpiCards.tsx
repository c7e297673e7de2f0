import { Link } from "wouter";
import type { Kpis } from "../../../api/types";
import { useI18n } from "../../../lib/i18n";

interface Card {
  id: string;
  label: string;
  value: string;
  href: string;
  tone?: string;
  hint?: string;
}

/** The overview's figures; each opens the list behind it. */
export function KpiCards({ kpis }: { kpis: Kpis }) {
  const { t, int, brl, num } = useI18n();
  const count = (status: string) => kpis.by_status[status] ?? 0;
  const backtest = kpis.accuracy.by_source.find((s) => s.source === "backtest");
  const cards: Card[] = [
    {
      // "Repor hoje": lines with something to order whose order-by date is reached
      id: "to-reorder",
      label: t("kpiToReorder"),
      value: int(kpis.order_now_lines),
      hint: t("kpiToReorderHint"),
      href: "/reorder?today=1&sort=suggested_order_value_brl",
      tone: "warn",
    },
    {
      id: "proposals",
      label: t("navProposals"),
      value: brl(kpis.proposal_value_brl, 0),
      hint: t("kpiProposalsHint", { count: kpis.proposal_lines }),
      href: "/proposals",
    },
    {
      id: "transfers",
      label: t("navTransfers"),
      value: int(kpis.transfer_lines),
      hint: t("kpiTransfersHint", { value: brl(kpis.transfer_value_brl, 0) }),
      href: "/transfers",
    },
    { id: "critical", label: t("kpiCritical"), value: int(count("critical")), href: "/reorder?status=critical", tone: "high" },
    { id: "stockouts", label: t("kpiStockouts"), value: int(count("stockout")), href: "/reorder?status=stockout", tone: "high" },
    {
      id: "inventory-value",
      label: t("kpiInventoryValue"),
      value: brl(kpis.inventory_value_brl, 0),
      href: "/reorder?sort=inventory_value_brl",
    },
    {
      id: "value-at-risk",
      label: t("kpiValueAtRisk"),
      value: brl(kpis.value_at_risk_brl, 0),
      href: "/reorder?status=stockout,critical&sort=suggested_order_value_brl",
      tone: "warn",
    },
    {
      id: "accuracy",
      label: t("kpiAccuracy"),
      value: num(backtest?.rmsse_median ?? null, 2),
      hint: t("kpiAccuracyHint"),
      href: "/accuracy",
    },
  ];
  return (
    <ul className="kpis" aria-label={t("kpis")}>
      {cards.map((card) => (
        <li key={card.id} data-testid={`kpi-${card.id}`}>
          <Link href={card.href} className={`kpi kpi-${card.tone ?? "plain"}`}>
            <span className="kpi-label">{card.label}</span>
            <span className="kpi-value">{card.value}</span>
            {card.hint && <span className="kpi-hint">{card.hint}</span>}
          </Link>
        </li>
      ))}
    </ul>
  );
}
