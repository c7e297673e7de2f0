import { Link } from "wouter";
import { seriesHref } from "../../../api/types";
import { useI18n } from "../../../lib/i18n";
import { arrivalWindow, type SupplierProposal } from "../api/proposals";

/** One supplier's proposal: its figures (lines, total, earliest order-by date, expected arrival,
 * the supplier's minimum order) and the lines to order, each linking to its item page. */
export function SupplierLines({ group }: { group: SupplierProposal }) {
  const { t, int, num, brl, date, unit, label } = useI18n();
  return (
    <>
      <dl className="inputs proposal-figures" data-testid="supplier-figures">
        <div>
          <dt>{t("linesCol")}</dt>
          <dd data-testid="supplier-lines">{int(group.line_count)}</dd>
        </div>
        <div>
          <dt>{t("totalValue")}</dt>
          <dd data-testid="supplier-total">{brl(group.value_brl)}</dd>
        </div>
        <div>
          <dt>{t("earliestOrderBy")}</dt>
          <dd data-testid="supplier-order-by">{date(group.earliest_order_by_date)}</dd>
        </div>
        <div>
          <dt>{t("arrival")}</dt>
          <dd>{arrivalWindow(group, date)}</dd>
        </div>
        <div>
          <dt>{t("minOrderValue")}</dt>
          <dd data-testid="supplier-minimum">
            {group.min_order_value_brl != null ? brl(group.min_order_value_brl) : t("noMinimum")}
          </dd>
        </div>
      </dl>
      {!group.meets_min_order_value && (
        <p className="note-warn" data-testid="below-minimum">
          {t("belowMinimum", { value: brl(group.min_order_shortfall_brl) })}
        </p>
      )}
      <div className="table-scroll">
        <table className="worklist" data-testid="proposal-lines">
          <thead>
            <tr>
              <th scope="col">{t("item")}</th>
              <th scope="col" className="opt">{t("warehouse")}</th>
              <th scope="col" className="opt">{t("whyStatus")}</th>
              <th scope="col" className="num">{t("qtyShort")}</th>
              <th scope="col" className="opt">{t("lotRule")}</th>
              <th scope="col" className="num opt">{t("unitCost")}</th>
              <th scope="col" className="num">{t("value")}</th>
              <th scope="col">{t("orderBy")}</th>
              <th scope="col" className="opt">{t("arrival")}</th>
            </tr>
          </thead>
          <tbody>
            {group.lines.map((line) => {
              const u = unit(line.unit);
              const lot = [
                line.moq != null ? `${t("moqShort")} ${num(line.moq, 2)}` : null,
                line.order_multiple != null ? `× ${num(line.order_multiple, 2)}` : null,
              ].filter(Boolean);
              return (
                <tr key={`${line.item_id}|${line.warehouse_id}`} data-item={line.item_id} data-warehouse={line.warehouse_id}>
                  <td>
                    <Link href={seriesHref(line)} className="item-link">
                      <span className="item-id">{line.item_id}</span> {line.item_name}
                    </Link>
                    <span className="only-narrow muted small"> · {line.warehouse_name ?? line.warehouse_id}</span>
                  </td>
                  <td className="opt" title={line.warehouse_id}>{line.warehouse_name ?? line.warehouse_id}</td>
                  <td className="opt">
                    {label("reasonCode_", line.reason_code)}
                    {(line.transfer_in_qty ?? 0) > 0 && (
                      <span className="muted small"> · {t("lessByTransfer", { qty: num(line.transfer_in_qty, 2), unit: u })}</span>
                    )}
                  </td>
                  <td className="num" data-testid="line-qty">
                    {int(line.order_qty)} <span className="muted small">{u}</span>
                  </td>
                  <td className="opt">{lot.length ? lot.join(" ") : "—"}</td>
                  <td className="num opt">{brl(line.unit_cost)}</td>
                  <td className="num" data-testid="line-value">{brl(line.value_brl)}</td>
                  <td>{date(line.order_by_date)}</td>
                  <td className="opt">{date(line.expected_arrival_date)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
