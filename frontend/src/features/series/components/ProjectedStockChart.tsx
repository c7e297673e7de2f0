import { Bar, CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatDate, formatPeriodTick } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import type { ProjectedDay } from "./projection";

const TEXT = "#1c2430";

/** One day's figures: the projected stock, what arrives and the expected demand (no empty line). */
function DayTooltip({ active, payload, unit: u }: { active?: boolean; payload?: readonly { payload?: unknown }[]; unit: string }) {
  const { t, num, locale } = useI18n();
  const day = payload?.[0]?.payload as ProjectedDay | undefined;
  if (!active || !day) return null;
  const lines: [string, string][] = [[t("projectedStock"), `${num(day.projected_stock, 2)} ${u}`]];
  if (day.receipts > 0) lines.push([t("receipts"), `${num(day.receipts, 2)} ${u}`]);
  lines.push([t("expectedDemand"), `${num(day.expected_demand, 2)} ${u}`]);
  return (
    <div className="chart-tooltip" data-testid="projected-tooltip">
      <p className="chart-tooltip-title">{formatDate(day.date, locale)}</p>
      <dl>
        {lines.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Projected stock per day (a step line), receipts as bars, and the reorder point, safety
 * stock and zero as reference lines, all in the item's unit. Loaded with the chart's chunk. */
export function ProjectedStockChart({
  days,
  reorderPoint,
  safetyStock,
  unitCode,
  title,
}: {
  days: ProjectedDay[];
  reorderPoint: number | null | undefined;
  safetyStock: number | null | undefined;
  unitCode: string | null | undefined;
  title: string;
}) {
  const { t, num, unit, locale } = useI18n();
  const u = unit(unitCode);
  return (
    <figure className="chart" data-testid="projected-chart">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={days} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} aria-label={title} title={title}>
          <CartesianGrid stroke="#e3e7ec" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(v: string) => formatPeriodTick(v, "day", locale)} minTickGap={24} />
          <YAxis
            width={56}
            domain={[(min: number) => Math.floor(Math.min(min, 0)), (max: number) => Math.ceil(Math.max(max, (reorderPoint ?? 0) * 1.1, safetyStock ?? 0))]}
            tickFormatter={(v: number) => num(v, 0)}
          />
          <Tooltip content={(props) => <DayTooltip {...props} unit={u} />} />
          <Legend formatter={(value: string) => <span style={{ color: TEXT }}>{value}</span>} />
          <Bar dataKey="receipts" name={t("receipts")} fill="#7aa7e8" isAnimationActive={false} />
          <Line dataKey="projected_stock" name={t("projectedStock")} stroke="#2e7d32" dot={false} type="stepAfter" isAnimationActive={false} />
          <ReferenceLine y={0} stroke="#b3261e" />
          {safetyStock != null && (
            <ReferenceLine y={safetyStock} stroke="#b26a00" strokeDasharray="6 3" label={{ value: t("safetyStock"), position: "insideTopLeft", fontSize: 11, fill: TEXT }} />
          )}
          {reorderPoint != null && (
            <ReferenceLine y={reorderPoint} stroke="#8e24aa" strokeDasharray="2 2" label={{ value: t("reorderPoint"), position: "insideTopLeft", fontSize: 11, fill: TEXT }} />
          )}
        </ComposedChart>
      </ResponsiveContainer>
    </figure>
  );
}
