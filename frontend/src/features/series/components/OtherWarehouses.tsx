import { Link } from "wouter";
import { seriesHref } from "../../../api/types";
import type { Schemas } from "../../../api/client";
import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";

type ItemDetail = Schemas["ItemDetail"];

/** The same item in every warehouse that has it: where it is short, where it is in excess, what
 * is on order and what moves by transfer. The page's warehouse comes first and is marked; the
 * others link to their own page. */
export function OtherWarehouses({ item, warehouseId }: { item: ItemDetail; warehouseId: string }) {
  const { t, num, int, date, unit } = useI18n();
  const u = unit(item.unit);
  const rows = [...item.warehouses].sort(
    (a, b) =>
      Number(b.warehouse_id === warehouseId) - Number(a.warehouse_id === warehouseId) || a.warehouse_id.localeCompare(b.warehouse_id),
  );
  const transfer = (into: number | null | undefined, out: number | null | undefined) => {
    const parts = [];
    if (into) parts.push(`+${int(into)}`);
    if (out) parts.push(`−${int(out)}`);
    return parts.length ? parts.join(" / ") : "—";
  };
  return (
    <div className="table-scroll">
      <table className="compact worklist" data-testid="other-warehouses">
        <thead>
          <tr>
            <th scope="col">{t("warehouse")}</th>
            <th scope="col">{t("status")}</th>
            <th scope="col" className="num">{t("onHand")}</th>
            <th scope="col" className="num opt">{t("onOrder")}</th>
            <th scope="col" className="opt">{t("arrival")}</th>
            <th scope="col" className="num">{t("reorderPoint")}</th>
            <th scope="col" className="num opt">{t("excessQty")}</th>
            <th scope="col" className="num opt">{t("transferInOut")}</th>
            <th scope="col" className="num">{t("suggestedQty")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((w) => {
            const here = w.warehouse_id === warehouseId;
            const name = w.warehouse_name ?? w.warehouse_id;
            return (
              <tr key={w.warehouse_id} data-warehouse={w.warehouse_id} aria-current={here ? "page" : undefined}>
                <td title={w.warehouse_id}>
                  {here ? (
                    <>
                      <strong>{name}</strong> <span className="muted small">({t("thisWarehouse")})</span>
                    </>
                  ) : (
                    <Link href={seriesHref({ item_id: item.item_id, warehouse_id: w.warehouse_id })}>{name}</Link>
                  )}
                </td>
                <td>
                  <StatusBadge status={w.status} />
                </td>
                <td className="num" data-testid="wh-on-hand">
                  {num(w.on_hand, 2)} {u}
                </td>
                <td className="num opt">{num(w.on_order, 2)}</td>
                <td className="opt">{w.next_receipt_date ? date(w.next_receipt_date) : ""}</td>
                <td className="num" data-testid="wh-rop">{num(w.reorder_point, 2)}</td>
                <td className="num opt" data-testid="wh-excess">{w.excess_qty ? int(w.excess_qty) : "—"}</td>
                <td className="num opt">{transfer(w.transfer_in_qty, w.transfer_out_qty)}</td>
                <td className="num">{int(w.suggested_order_qty)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
