import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";
import type { PlannedSeries } from "../../../api/types";

/** Every input of the reorder point and the formula filled with this series' numbers. */
export function ReorderExplanation({ row, unitCode }: { row: PlannedSeries; unitCode?: string | null }) {
  const { t, fixed, pct, label, date, brl, int, unit } = useI18n();
  const u = unit(unitCode ?? row.unit);
  const f = (v: number | null | undefined) => fixed(v, 2);
  const inputs: [string, string, string, string?][] = [
    ["lead_time_days", t("leadTime"), `${f(row.lead_time_days)} ${t("days")}`, label("src_", row.lead_time_source)],
    ["lead_time_std_days", t("leadTimeStd"), `${f(row.lead_time_std_days)} ${t("days")}`],
    ["service_level", t("serviceLevel"), pct(row.service_level, 1), `${t("criticality")} ${row.criticality ?? "—"}`],
    ["z", t("zFactor"), fixed(row.z, 3)],
    ["lead_time_demand", t("leadTimeDemand"), `${f(row.lead_time_demand)} ${u}`, label("src_", row.demand_source)],
    ["daily_demand", t("dailyDemand"), `${f(row.daily_demand)} ${u}/${t("day").toLowerCase()}`],
    ["demand_std", t("demandStd"), `${f(row.demand_std)} ${u}`, label("src_", row.demand_std_source)],
    ["on_hand", t("onHand"), `${f(row.on_hand)} ${u}`],
    ["on_order", t("onOrder"), `${f(row.on_order)} ${u}`],
    ["review_days", t("reviewDays"), `${int(row.review_days)} ${t("days")}`],
  ];
  const empirical = row.ss_method === "empirical";
  return (
    <div className="explanation" data-testid="explanation">
      <dl className="inputs">
        {inputs.map(([key, name, value, source]) => (
          <div key={key}>
            <dt>{name}</dt>
            <dd data-testid={`input-${key}`}>{value}</dd>
            {source && <dd className="muted small">{source}</dd>}
          </div>
        ))}
      </dl>
      <ol className="formula">
        <li data-testid="ss-formula">
          SS = z × √(L × σd² + d² × σL²) = {fixed(row.z, 3)} × √({f(row.lead_time_days)} × {f(row.demand_std)}² + {f(row.daily_demand)}² × {f(row.lead_time_std_days)}²) ={" "}
          <strong data-testid="ss-normal-value">{f(row.safety_stock_normal ?? row.safety_stock)}</strong>
        </li>
        {empirical && (
          <li data-testid="ss-empirical">
            {t("empiricalNote", {
              cls: label("cls_", row.demand_class),
              unit: u,
              q: f(row.empirical_lead_time_demand),
              n: f(row.safety_stock_normal),
            })}{" "}
            SS = {f(row.empirical_lead_time_demand)} − {f(row.lead_time_demand)} = <strong>{f(row.safety_stock)}</strong>
          </li>
        )}
        <li>
          {t("safetyStock")}: <strong data-testid="ss-value">{f(row.safety_stock)}</strong>
        </li>
        <li data-testid="rop-formula">
          ROP = D_L + SS = {f(row.lead_time_demand)} + {f(row.safety_stock)} ={" "}
          <strong data-testid="rop-value">{f(row.reorder_point)}</strong>
        </li>
        <li>
          IP = {t("onHand").toLowerCase()} + {t("onOrder").toLowerCase()} = {f(row.on_hand)} + {f(row.on_order)} ={" "}
          <strong data-testid="ip-value">{f(row.inventory_position)}</strong>
        </li>
        <li>
          S = ROP + d × {int(row.review_days)} = {f(row.reorder_point)} + {f(row.daily_demand)} × {int(row.review_days)} ={" "}
          <strong data-testid="s-value">{f(row.order_up_to)}</strong>
        </li>
        <li>
          {t("suggestedQty")} = max(0, S − IP) = max(0, {f(row.order_up_to)} − {f(row.inventory_position)}) →{" "}
          <strong data-testid="qty-value">{int(row.suggested_order_qty)}</strong> {u} ({brl(row.suggested_order_value_brl)})
        </li>
        <li>
          {t("status")}: <StatusBadge status={row.status} /> · {t("stockoutDate")}: {date(row.projected_stockout_date)} ·{" "}
          {t("orderBy")}: <strong data-testid="order-by">{date(row.order_by_date ?? null)}</strong>
        </li>
      </ol>
    </div>
  );
}
