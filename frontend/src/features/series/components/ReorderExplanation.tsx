import type { ReactNode } from "react";
import { StatusBadge } from "../../../components/StatusBadge";
import { useI18n } from "../../../lib/i18n";
import type { PlannedSeries } from "../../../api/types";
import { normalFallbackReason, statusReason } from "./reasons";

/** Every input of the reorder point and how it was reached, with this series' numbers: a quantile
 * of the forecast distribution (rop_method = distribution), insurance stock for a dormant critical
 * part, or the normal formula (normal_fallback, and snapshots from before rop_method). */
export function ReorderExplanation({ row, unitCode }: { row: PlannedSeries; unitCode?: string | null }) {
  const i18n = useI18n();
  const { t, fixed, pct, label, date, brl, int, num, unit } = i18n;
  const u = unit(unitCode ?? row.unit);
  const f = (v: number | null | undefined) => fixed(v, 2);
  const method = row.rop_method ?? "normal_fallback";
  const normal = method === "normal_fallback";
  const level = pct(row.service_level, 1);

  const inputs: [string, string, string, string?][] = [
    ["lead_time_days", t("leadTime"), `${f(row.lead_time_days)} ${t("days")}`, label("src_", row.lead_time_source)],
  ];
  if (method === "distribution" && row.lead_time_point_count) {
    const range = `${num(row.lead_time_min_days, 1)}–${num(row.lead_time_max_days, 1)} ${t("days")}`;
    inputs.push(["lead_time_points", t("leadTimePoints"), `${int(row.lead_time_point_count)} · ${range}`]);
  }
  if (normal) inputs.push(["lead_time_std_days", t("leadTimeStd"), `${f(row.lead_time_std_days)} ${t("days")}`]);
  inputs.push(["service_level", t("serviceLevel"), pct(row.service_level, 1), `${t("criticality")} ${row.criticality ?? "—"}`]);
  if (normal) inputs.push(["z", t("zFactor"), fixed(row.z, 3)]);
  inputs.push(
    ["lead_time_demand", t("leadTimeDemand"), `${f(row.lead_time_demand)} ${u}`, label("src_", row.demand_source)],
    ["daily_demand", t("dailyDemand"), `${f(row.daily_demand)} ${u}/${t("day").toLowerCase()}`],
  );
  if (normal) {
    inputs.push(["demand_std", t("demandStd"), `${f(row.demand_std)} ${u}`, label("src_", row.demand_std_source)]);
  }
  inputs.push(
    ["on_hand", t("onHand"), `${f(row.on_hand)} ${u}`],
    ["on_order", t("onOrder"), `${f(row.on_order)} ${u}`],
    ["review_days", t("reviewDays"), `${int(row.review_days)} ${t("days")}`],
  );
  if (row.moq) inputs.push(["moq", t("moq"), `${num(row.moq)} ${u}`]);
  if (row.order_multiple) inputs.push(["order_multiple", t("orderMultiple"), `${num(row.order_multiple)} ${u}`]);

  // the reorder point covers lead time + review period (L + R): an order waits for a review
  const review = int(row.review_days);
  const reviewDemand = (row.daily_demand ?? 0) * (row.review_days ?? 0);
  const normalFormula = (
    <>
      SS = z × √((L + R) × σd² + d² × σL²) = {fixed(row.z, 3)} × √(({f(row.lead_time_days)} + {review}) ×{" "}
      {f(row.demand_std)}² + {f(row.daily_demand)}² × {f(row.lead_time_std_days)}²) ={" "}
      <strong data-testid="ss-normal-value">{f(row.safety_stock_normal ?? row.safety_stock)}</strong>
    </>
  );
  const inventoryPosition = (
    <li>
      IP = {t("onHand").toLowerCase()} + {t("onOrder").toLowerCase()} = {f(row.on_hand)} + {f(row.on_order)} ={" "}
      <strong data-testid="ip-value">{f(row.inventory_position)}</strong>
    </li>
  );
  const difference = (
    <li data-testid="ss-difference">
      {t("ssDifference")}: SS = ROP − D_L − d × R = {f(row.reorder_point)} − {f(row.lead_time_demand)} −{" "}
      {f(row.daily_demand)} × {review} ={" "}
      <strong data-testid="ss-value">{f(row.safety_stock)}</strong>
      {(row.safety_stock ?? 0) < 0 && <span className="muted"> {t("ssNegative")}</span>}
    </li>
  );

  const orderUpTo = (
    <li data-testid="s-formula">
      S = ROP + d × R = {f(row.reorder_point)} + {f(row.daily_demand)} × {review} ={" "}
      <strong data-testid="s-value">{f(row.order_up_to)}</strong>
    </li>
  );

  let steps: ReactNode;
  if (method === "distribution") {
    const count = row.lead_time_point_count ?? 1;
    steps = (
      <>
        <li data-testid="rop-formula">
          {t("ropDistribution", {
            level,
            review,
            count,
            min: num(row.lead_time_min_days, 1),
            max: num(row.lead_time_max_days, 1),
          })}{" "}
          = <strong data-testid="rop-value">{f(row.reorder_point)}</strong> {u}
          {row.distribution_extrapolated && (
            <span className="muted small" data-testid="rop-extrapolated">
              {" "}
              {t("ropExtrapolated", { days: int(row.distribution_horizon_days) })}
            </span>
          )}
        </li>
        <li>
          {t("leadTimeDemandMean")} = <strong data-testid="ltd-value">{f(row.lead_time_demand)}</strong> {u}
        </li>
        {difference}
        {inventoryPosition}
        {orderUpTo}
      </>
    );
  } else if (method === "insurance") {
    const rate = num(row.long_run_daily_demand, 4);
    const leadTime = num(row.lead_time_days, 1);
    const protection = num((row.lead_time_days ?? 0) + (row.review_days ?? 0), 1);
    steps = (
      <>
        <li data-testid="rop-formula">
          {t("ropInsurance", {
            crit: row.criticality ?? "—",
            units: num(row.lookback_demand_units),
            unit: u,
            days: int(row.lookback_days),
            level,
            rate,
            leadTime: protection,
          })}{" "}
          = <strong data-testid="rop-value">{f(row.reorder_point)}</strong> {u}
        </li>
        <li>
          {t("leadTimeDemandInsurance", { rate, leadTime })} ={" "}
          <strong data-testid="ltd-value">{f(row.lead_time_demand)}</strong> {u}
        </li>
        {difference}
        {inventoryPosition}
        <li data-testid="s-formula">
          S = ROP + ⌊d × R⌋ = {f(row.reorder_point)} + ⌊{f(row.daily_demand)} × {review}⌋ ={" "}
          <strong data-testid="s-value">{f(row.order_up_to)}</strong>
          <span className="muted small"> {t("orderUpToInsurance")}</span>
        </li>
      </>
    );
  } else {
    steps = (
      <>
        {row.rop_method && <li data-testid="rop-reason">{normalFallbackReason(row.rop_reason, i18n)}</li>}
        <li data-testid="ss-formula">{normalFormula}</li>
        {row.ss_method === "empirical" && (
          <li data-testid="ss-empirical">
            {t("empiricalNote", {
              cls: label("cls_", row.demand_class),
              unit: u,
              q: f(row.empirical_lead_time_demand),
              n: f(row.safety_stock_normal),
            })}{" "}
            SS = {f(row.empirical_lead_time_demand)} − {f(row.lead_time_demand)} − {f(reviewDemand)} ={" "}
            <strong>{f(row.safety_stock)}</strong>
          </li>
        )}
        <li>
          {t("safetyStock")}: <strong data-testid="ss-value">{f(row.safety_stock)}</strong>
        </li>
        <li data-testid="rop-formula">
          ROP = D_L + d × R + SS = {f(row.lead_time_demand)} + {f(row.daily_demand)} × {review} + {f(row.safety_stock)} ={" "}
          <strong data-testid="rop-value">{f(row.reorder_point)}</strong>
        </li>
        {inventoryPosition}
        {orderUpTo}
      </>
    );
  }

  // the (s, S) rule (snapshots from before rop_method ordered up to S at any position)
  const triggered = row.rop_method == null || (row.inventory_position ?? 0) <= (row.reorder_point ?? 0);
  const rule = [
    t("orderRule"),
    ...(row.moq ? [t("orderRuleMoq", { moq: num(row.moq), unit: u })] : []),
    ...(row.order_multiple ? [t("orderRuleMultiple", { multiple: num(row.order_multiple), unit: u })] : []),
  ].join(", ");
  const reason = statusReason(row.status_reason, i18n, u);
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
        {steps}
        {row.rop_method != null && <li data-testid="order-rule">{rule}</li>}
        <li data-testid="qty-formula">
          {t("suggestedQty")} ={" "}
          {triggered
            ? `max(0, S − IP) = max(0, ${f(row.order_up_to)} − ${f(row.inventory_position)})`
            : t("orderNotTriggered", { ip: f(row.inventory_position), rop: f(row.reorder_point) })}{" "}
          → <strong data-testid="qty-value">{int(row.suggested_order_qty)}</strong> {u} ({brl(row.suggested_order_value_brl)})
        </li>
        <li>
          {t("status")}: <StatusBadge status={row.status} /> · {t("stockoutDate")}: {date(row.projected_stockout_date)} ·{" "}
          {t("orderBy")}: <strong data-testid="order-by">{date(row.order_by_date ?? null)}</strong>
        </li>
        {reason && (
          <li data-testid="status-reason">
            {t("whyStatus")}: {reason}
          </li>
        )}
        {!normal && (
          <li className="muted" data-testid="ss-formula">
            {t("normalReference")}: {normalFormula}
          </li>
        )}
      </ol>
    </div>
  );
}
