import { Skeleton } from "../../../components/Panel";
import { useI18n } from "../../../lib/i18n";
import type { Projection } from "../api/get-projection";
import { useChartModule } from "./load-chart";
import { summarizeProjection } from "./projection";

/** What the stock becomes day by day if nothing is ordered: the dates that matter (at the
 * reorder point, first day without stock), the open orders and when they arrive, the daily line. */
export function ProjectedStock({ projection: p, unitCode }: { projection: Projection; unitCode: string | null | undefined }) {
  const { t, num, date, unit } = useI18n();
  const charts = useChartModule();
  const u = unit(p.unit ?? unitCode);
  const s = summarizeProjection(p.points, p.reorder_point);
  return (
    <>
      <p className="muted small">{t("projectedHelp", { days: p.horizon_days })}</p>
      <dl className="inputs" data-testid="projection-summary">
        <div>
          <dt>{t("projectedAtRop")}</dt>
          <dd data-testid="projected-at-rop">{s.firstAtOrBelowRop ? date(s.firstAtOrBelowRop) : t("notInHorizon")}</dd>
        </div>
        <div>
          <dt>{t("projectedShort")}</dt>
          <dd data-testid="projected-short">{p.first_shortfall_date ? date(p.first_shortfall_date) : t("notInHorizon")}</dd>
        </div>
        <div>
          <dt>{t("projectedLowest")}</dt>
          <dd data-testid="projected-lowest">{s.lowest ? `${num(s.lowest.stock, 2)} ${u} (${date(s.lowest.date)})` : "—"}</dd>
        </div>
        <div>
          <dt>{t("projectedEnd")}</dt>
          <dd data-testid="projected-end">{s.last ? `${num(s.last.stock, 2)} ${u} (${date(s.last.date)})` : "—"}</dd>
        </div>
      </dl>
      {charts ? (
        <charts.ProjectedStockChart
          days={p.points}
          reorderPoint={p.reorder_point}
          safetyStock={p.safety_stock}
          unitCode={p.unit ?? unitCode}
          title={t("projectedChartLabel", { days: p.points.length })}
        />
      ) : (
        <Skeleton height={220} />
      )}
      <h3 className="subhead">{t("openOrders")}</h3>
      {p.open_orders.length === 0 ? (
        <p className="muted" data-testid="no-open-orders">{t("noOpenOrders")}</p>
      ) : (
        <div className="table-scroll">
          <table className="compact" data-testid="open-orders">
            <thead>
              <tr>
                <th scope="col">{t("purchaseOrder")}</th>
                <th scope="col">{t("orderDate")}</th>
                <th scope="col">{t("arrival")}</th>
                <th scope="col" className="num">{t("quantity")}</th>
              </tr>
            </thead>
            <tbody>
              {p.open_orders.map((o) => (
                <tr key={o.po_id}>
                  <td className="item-id">{o.po_id}</td>
                  <td>{date(o.order_date)}</td>
                  <td>
                    {date(o.expected_date)}
                    {o.is_late && <span className="badge badge-critical"> {t("late")}</span>}
                  </td>
                  <td className="num">
                    {num(o.quantity, 2)} {u}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
