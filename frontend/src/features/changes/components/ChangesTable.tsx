import { Link } from "wouter";
import type { Schemas } from "../../../api/client";
import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";
import { seriesHref } from "../../../api/types";

export function ChangesTable({ rows }: { rows: Schemas["ChangeRow"][] }) {
  const { t, num, label } = useI18n();
  const signed = (v: number | null | undefined) => (v != null && v > 0 ? "+" : "") + num(v, 2);
  return (
    <div className="table-scroll">
      <table data-testid="changes-table">
        <thead>
          <tr>
            <th scope="col">{t("item")}</th>
            <th scope="col">{t("warehouse")}</th>
            <th scope="col">{t("change")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col" className="num">{t("reorderPoint")}</th>
            <th scope="col" className="num">{t("delta")}</th>
            <th scope="col" className="num">{t("dailyDemand")}</th>
            <th scope="col" className="num">{t("suggestedQty")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.item_id}|${r.warehouse_id}`}>
              <td>
                <Link href={seriesHref(r)}>
                  <span className="item-id">{r.item_id}</span> {r.item_name}
                </Link>
              </td>
              <td title={r.warehouse_id}>{r.warehouse_name ?? r.warehouse_id}</td>
              <td>{label("change_", r.change)}</td>
              <td>
                <StatusBadge status={r.status_before} /> → <StatusBadge status={r.status_after} />
              </td>
              <td className="num">
                {num(r.reorder_point_before, 1)} → {num(r.reorder_point_after, 1)}
              </td>
              <td className="num">{signed(r.reorder_point_delta)}</td>
              <td className="num">
                {num(r.daily_demand_before, 2)} → {num(r.daily_demand_after, 2)}
              </td>
              <td className="num">
                {num(r.suggested_order_qty_before, 0)} → {num(r.suggested_order_qty_after, 0)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
