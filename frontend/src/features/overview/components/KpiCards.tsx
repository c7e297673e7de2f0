import type { Schemas } from "../../../api/client";
import { useI18n } from "../../../lib/i18n";

type Kpis = Schemas["Kpis"];

export function KpiCards({ kpis }: { kpis: Kpis }) {
  const { t, int, brl, num } = useI18n();
  const count = (status: string) => kpis.by_status[status] ?? 0;
  const backtest = kpis.accuracy.by_source.find((s) => s.source === "backtest");
  const cards = [
    { id: "to-reorder", label: t("kpiToReorder"), value: int(count("stockout") + count("critical") + count("reorder")), tone: "warn" },
    { id: "critical", label: t("kpiCritical"), value: int(count("critical")), tone: "high" },
    { id: "stockouts", label: t("kpiStockouts"), value: int(count("stockout")), tone: "high" },
    { id: "inventory-value", label: t("kpiInventoryValue"), value: brl(kpis.inventory_value_brl, 0) },
    { id: "value-at-risk", label: t("kpiValueAtRisk"), value: brl(kpis.value_at_risk_brl, 0), tone: "warn" },
    {
      id: "accuracy",
      label: t("kpiAccuracy"),
      value: num(backtest?.rmsse_median ?? null, 2),
      hint: t("kpiAccuracyHint"),
    },
  ];
  return (
    <ul className="kpis" aria-label="KPI">
      {cards.map((card) => (
        <li key={card.id} className={`kpi kpi-${card.tone ?? "plain"}`} data-testid={`kpi-${card.id}`}>
          <span className="kpi-label">{card.label}</span>
          <span className="kpi-value">{card.value}</span>
          {card.hint && <span className="kpi-hint">{card.hint}</span>}
        </li>
      ))}
    </ul>
  );
}
