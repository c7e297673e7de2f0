import { Link } from "wouter";
import { seriesHref } from "../../../api/types";
import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";
import type { Transfer } from "../api/transfers";

/** Each suggested move: the item, from where to where, how much, its value, the days saved
 * against buying, and the origin's stock after it beside its reorder point (never below). */
export function TransferTable({ rows }: { rows: Transfer[] }) {
  const { t, int, num, brl, date, unit, label } = useI18n();
  return (
    <div className="table-scroll">
      <table className="worklist" data-testid="transfer-table">
        <thead>
          <tr>
            <th scope="col">{t("item")}</th>
            <th scope="col">
              {t("fromWarehouse")}
              <span className="only-narrow"> → {t("toWarehouse")}</span>
            </th>
            <th scope="col" className="opt">{t("toWarehouse")}</th>
            <th scope="col" className="num">{t("qtyShort")}</th>
            <th scope="col" className="num">{t("value")}</th>
            <th scope="col" className="num">{t("daysSaved")}</th>
            <th scope="col" className="opt">{t("arrival")}</th>
            <th scope="col" className="num opt">{t("originAfter")}</th>
            <th scope="col" className="num opt">{t("originRop")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const u = unit(r.unit);
            return (
              <tr
                key={`${r.item_id}|${r.from_warehouse_id}|${r.to_warehouse_id}`}
                data-item={r.item_id}
                data-from={r.from_warehouse_id}
                data-to={r.to_warehouse_id}
              >
                <td>
                  <Link href={seriesHref({ item_id: r.item_id, warehouse_id: r.to_warehouse_id })} className="item-link">
                    <span className="item-id">{r.item_id}</span> {r.item_name}
                  </Link>
                </td>
                <td title={r.from_warehouse_id}>
                  <Link href={seriesHref({ item_id: r.item_id, warehouse_id: r.from_warehouse_id })}>
                    {r.from_warehouse_name ?? r.from_warehouse_id}
                  </Link>
                  <span className="only-narrow">
                    {" → "}
                    {r.to_warehouse_name ?? r.to_warehouse_id}
                  </span>
                </td>
                <td className="opt" title={r.to_warehouse_id}>
                  {r.to_warehouse_name ?? r.to_warehouse_id} <StatusBadge status={r.to_status} />
                </td>
                <td className="num" data-testid="transfer-qty">
                  {int(r.quantity)} <span className="muted small">{u}</span>
                </td>
                <td className="num" data-testid="transfer-value">{brl(r.value_brl)}</td>
                <td className="num">
                  <span data-testid="transfer-days-saved">{num(r.days_saved, 1)}</span>
                  {r.compared_with && (
                    <span className="muted small transfer-note" data-testid="compared-with">
                      {label("comparedWith_", r.compared_with)}
                    </span>
                  )}
                </td>
                <td className="opt">{date(r.expected_arrival_date)}</td>
                <td className="num opt" data-testid="origin-after">
                  {num(r.from_on_hand_after, 2)}
                </td>
                <td className="num opt" data-testid="origin-rop">
                  {num(r.from_reorder_point, 2)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
