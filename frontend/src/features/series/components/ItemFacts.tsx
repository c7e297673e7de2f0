import type { Schemas } from "../../../api/client";
import type { PlannedSeries } from "../../../api/types";
import { useI18n } from "../../../lib/i18n";

type Item = Schemas["Item"];

/** Who supplies the item and on what terms: supplier, nominal lead time, unit, cost, lot rules. */
export function ItemFacts({ item, row }: { item: Item; row: PlannedSeries | null }) {
  const { t, num, brl, unit } = useI18n();
  const u = unit(item.unit);
  return (
    <dl className="inputs" data-testid="item-facts">
      <div>
        <dt>{t("supplier")}</dt>
        <dd data-testid="supplier-name">
          {item.supplier_name ?? item.supplier_id ?? "—"}
          {item.supplier_name && item.supplier_id && <span className="muted small"> ({item.supplier_id})</span>}
        </dd>
      </div>
      <div>
        <dt>{t("nominalLeadTime")}</dt>
        <dd>{item.nominal_lead_time_days != null ? `${num(item.nominal_lead_time_days, 0)} ${t("days")}` : "—"}</dd>
      </div>
      <div>
        <dt>{t("unitCol")}</dt>
        <dd data-testid="item-unit">{u}</dd>
      </div>
      <div>
        <dt>{t("unitCost")}</dt>
        <dd>{brl(item.unit_cost)}</dd>
      </div>
      <div>
        <dt>{t("category")}</dt>
        <dd>{item.category ?? "—"}</dd>
      </div>
      <div>
        <dt>{t("criticality")}</dt>
        <dd>{item.criticality ?? "—"}</dd>
      </div>
      {row?.moq != null && (
        <div>
          <dt>{t("moq")}</dt>
          <dd>
            {num(row.moq, 2)} {u}
          </dd>
        </div>
      )}
      {row?.order_multiple != null && (
        <div>
          <dt>{t("orderMultiple")}</dt>
          <dd>
            {num(row.order_multiple, 2)} {u}
          </dd>
        </div>
      )}
    </dl>
  );
}
