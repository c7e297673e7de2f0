import { Link } from "wouter";
import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";
import type { ReorderRow } from "../api/get-reorder";

export const seriesHref = (row: { item_id: string; warehouse_id: string }) =>
  `/series/${encodeURIComponent(row.item_id)}/${encodeURIComponent(row.warehouse_id)}`;

/** `busy`: the rows are the previous answer's while the new one loads. */
export function ReorderTable({ rows, busy = false }: { rows: ReorderRow[]; busy?: boolean }) {
  const { t, num, int, brl, date } = useI18n();
  return (
    <div className="table-scroll" aria-busy={busy} data-busy={busy}>
      <table data-testid="reorder-table">
        <thead>
          <tr>
            <th scope="col">{t("item")}</th>
            <th scope="col">{t("warehouse")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col" className="num">{t("onHand")}</th>
            <th scope="col" className="num">{t("reorderPoint")}</th>
            <th scope="col" className="num">{t("suggestedQty")}</th>
            <th scope="col" className="num">{t("suggestedValue")}</th>
            <th scope="col">{t("orderBy")}</th>
            <th scope="col" className="num">{t("daysOfCover")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.item_id}|${r.warehouse_id}`} data-item={r.item_id} data-warehouse={r.warehouse_id}>
              <td>
                <Link href={seriesHref(r)} className="item-link">
                  <span className="item-id">{r.item_id}</span> {r.item_name}
                </Link>
                <span className="muted small">
                  {" "}
                  {r.category} · {r.criticality}
                </span>
              </td>
              <td>{r.warehouse_id}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="num">{num(r.on_hand, 1)}</td>
              <td className="num">{num(r.reorder_point, 1)}</td>
              <td className="num" data-testid="suggested-qty">{int(r.suggested_order_qty)}</td>
              <td className="num">{brl(r.suggested_order_value_brl)}</td>
              <td>{date(r.order_by_date ?? null)}</td>
              <td className="num">{num(r.days_of_cover, 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
