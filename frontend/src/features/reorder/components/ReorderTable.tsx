import { Link } from "wouter";
import { seriesHref, type ReorderRow } from "../../../api/types";
import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";

const MAX_COVER_DAYS = 999;

/** `busy`: the rows are the previous answer's while the new one loads. On a phone the columns
 * marked `opt` give way: item, status, quantity, value and order-by date stay. */
export function ReorderTable({ rows, busy = false }: { rows: ReorderRow[]; busy?: boolean }) {
  const { t, num, int, brl, date, label, unit } = useI18n();
  const cover = (days: number | null | undefined) =>
    days != null && days > MAX_COVER_DAYS ? `> ${int(MAX_COVER_DAYS)}` : num(days, 0);
  return (
    <div className="table-scroll" aria-busy={busy} data-busy={busy}>
      <table data-testid="reorder-table" className="worklist">
        <thead>
          <tr>
            <th scope="col">{t("item")}</th>
            <th scope="col" className="opt">{t("supplier")}</th>
            <th scope="col" className="opt">{t("warehouse")}</th>
            <th scope="col" className="opt">{t("status")}</th>
            <th scope="col" className="num opt">{t("onHand")}</th>
            <th scope="col" className="num opt">{t("onOrder")}</th>
            <th scope="col" className="opt">{t("arrival")}</th>
            <th scope="col" className="num opt">{t("reorderPoint")}</th>
            <th scope="col" className="num">{t("suggestedQty")}</th>
            <th scope="col" className="opt">{t("unitCol")}</th>
            <th scope="col" className="num">{t("suggestedValue")}</th>
            <th scope="col">{t("orderBy")}</th>
            <th scope="col" className="num opt">{t("daysOfCover")}</th>
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
                  <span className="only-narrow"> · {r.warehouse_name ?? r.warehouse_id}</span>
                </span>
                <span className="only-narrow">
                  {" "}
                  <StatusBadge status={r.status} />
                </span>
              </td>
              <td className="opt" data-testid="supplier" title={r.supplier_id ?? undefined}>
                {r.supplier_name ?? r.supplier_id ?? "—"}
              </td>
              <td className="opt" title={r.warehouse_id}>
                {r.warehouse_name ?? r.warehouse_id}
              </td>
              <td className="opt">
                <StatusBadge status={r.status} />
              </td>
              <td className="num opt">{num(r.on_hand, 1)}</td>
              <td className="num opt">{num(r.on_order, 1)}</td>
              <td className="opt" data-testid="arrival">
                {r.next_receipt_date ? `${date(r.next_receipt_date)} (${num(r.next_receipt_qty, 1)})` : ""}
              </td>
              <td className="num opt">{num(r.reorder_point, 1)}</td>
              <td className="num" data-testid="suggested-qty">
                {int(r.suggested_order_qty)} <span className="muted small only-narrow">{unit(r.unit)}</span>
                {r.transfer_in_qty > 0 && (
                  <span className="muted small transfer-note" data-testid="transfer-in">
                    {t("byTransfer", { qty: int(r.transfer_in_qty) })}
                  </span>
                )}
              </td>
              <td className="opt" data-testid="unit">{unit(r.unit)}</td>
              <td className="num" data-testid="suggested-value">{brl(r.suggested_order_value_brl)}</td>
              {/* an order-by date without anything to order reads as an instruction: not shown */}
              <td data-testid="order-by">{(r.suggested_order_qty ?? 0) > 0 ? date(r.order_by_date ?? null) : "—"}</td>
              <td className="num opt" title={label("st_", r.status)}>{cover(r.days_of_cover)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
