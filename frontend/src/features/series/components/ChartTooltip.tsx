import type { Grain } from "../../../api/types";
import { formatPeriod } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import type { ChartPoint } from "./chart-data";

/** The period's figures that exist, in the reader's words and the item's unit (no empty lines). */
export function ChartTooltip({
  active,
  payload,
  grain,
  unitCode,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  grain: Grain;
  unitCode: string | null | undefined;
}) {
  const { t, num, unit, locale } = useI18n();
  const point = payload?.[0]?.payload as ChartPoint | undefined;
  if (!active || !point) return null;
  const u = unit(unitCode);
  const q = (v: number) => `${num(v, 2)} ${u}`;
  const lines: [string, string][] = [];
  const demand = point.quantity ?? point.censored ?? point.partial;
  if (demand != null) lines.push([point.censored != null ? t("censoredPeriod") : t("history"), q(demand)]);
  if (point.censoredDays) lines.push(["", t("censoredDays", { count: point.censoredDays })]);
  const forecast = point.yhat ?? point.yhatPartial;
  if (forecast != null) lines.push([t("forecast"), q(forecast)]);
  if (point.band80) lines.push([t("band80"), `${num(point.band80[0], 2)} – ${q(point.band80[1])}`]);
  if (point.band95) lines.push([t("band95"), `${num(point.band95[0], 2)} – ${q(point.band95[1])}`]);
  if (point.onHand != null) lines.push([t("onHand"), q(point.onHand)]);
  if (point.days != null) lines.push(["", t("partialPeriod", { days: point.days, full: point.fullDays })]);
  return (
    <div className="chart-tooltip" data-testid="chart-tooltip">
      <p className="chart-tooltip-title">
        {grain === "week" ? `${t("week")} ${formatPeriod(point.date, grain, locale)}` : formatPeriod(point.date, grain, locale)}
      </p>
      <dl>
        {lines.map(([name, value], i) => (
          <div key={i}>
            {name && <dt>{name}</dt>}
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
