import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatPeriodTick, grainOf } from "../../../lib/format";
import { useI18n } from "../../../lib/i18n";
import type { SeriesData } from "../api/get-series";
import { fromFirstRecord, toChartPoints } from "./chart-data";
import { ChartTooltip } from "./ChartTooltip";

const COLORS = {
  history: "#5b6b7f",
  censored: "#c0392b",
  partial: "#b8c2cc",
  forecast: "#1f5fbf",
  band80: "#7aa7e8",
  band95: "#c7dbf7",
  onHand: "#2e7d32",
  ss: "#b26a00",
  rop: "#8e24aa",
};
const TEXT = "#1c2430"; // legend text: the page's text colour, not the series' (contrast >= 4.5:1)

/** History (bars: stockout periods in red, partial periods pale) and forecast with 80/95% bands
 * on the demand axis; on-hand, safety stock and reorder point on the stock axis. */
export default function SeriesChart({ series }: { series: SeriesData }) {
  const { t, num, locale, label, unit } = useI18n();
  const grain = grainOf(series.grain);
  const data = toChartPoints(series);
  const ss = series.lines.safety_stock;
  const rop = series.lines.reorder_point;
  const unitCode = series.item.unit;
  // only what the series has gets drawn and named in the legend
  const has = (key: "censored" | "partial" | "yhat" | "yhatPartial" | "band80" | "band95" | "quantity") =>
    data.some((p) => p[key] != null);
  const title = t("chartLabel", {
    item: series.item.item_name,
    warehouse: series.warehouse.name ?? series.warehouse.warehouse_id,
    history: fromFirstRecord(series.history).length,
    forecast: series.forecast.length,
  });
  return (
    <figure className="chart" data-testid="series-chart">
      <ResponsiveContainer width="100%" height={340}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} aria-label={title} title={title}>
          <CartesianGrid stroke="#e3e7ec" vertical={false} />
          <XAxis dataKey="date" tickFormatter={(v: string) => formatPeriodTick(v, grain, locale)} minTickGap={24} />
          <YAxis yAxisId="demand" width={48} tickFormatter={(v: number) => num(v, 1)} />
          <YAxis
            yAxisId="stock"
            orientation="right"
            width={48}
            domain={[0, (max: number) => Math.ceil(Math.max(max, (rop ?? 0) * 1.1, ss ?? 0))]}
            tickFormatter={(v: number) => num(v, 0)}
          />
          <Tooltip content={(props) => <ChartTooltip {...props} grain={grain} unitCode={unitCode} />} />
          <Legend formatter={(value: string) => <span style={{ color: TEXT }}>{value}</span>} />
          {has("band95") && (
            <Area yAxisId="demand" dataKey="band95" name={t("band95")} stroke="none" fill={COLORS.band95} isAnimationActive={false} />
          )}
          {has("band80") && (
            <Area yAxisId="demand" dataKey="band80" name={t("band80")} stroke="none" fill={COLORS.band80} isAnimationActive={false} />
          )}
          {has("quantity") && (
            <Bar yAxisId="demand" stackId="demand" dataKey="quantity" name={t("history")} fill={COLORS.history} isAnimationActive={false} />
          )}
          {has("censored") && (
            <Bar yAxisId="demand" stackId="demand" dataKey="censored" name={t("censoredPeriod")} fill={COLORS.censored} isAnimationActive={false} />
          )}
          {has("partial") && (
            <Bar
              yAxisId="demand"
              stackId="demand"
              dataKey="partial"
              name={t("partialLegend")}
              fill={COLORS.partial}
              stroke={COLORS.history}
              strokeDasharray="3 2"
              isAnimationActive={false}
            />
          )}
          {has("yhat") && (
            <Line yAxisId="demand" dataKey="yhat" name={t("forecast")} stroke={COLORS.forecast} dot={false} strokeWidth={2} isAnimationActive={false} />
          )}
          {has("yhatPartial") && (
            <Line
              yAxisId="demand"
              dataKey="yhatPartial"
              name={`${t("forecast")} · ${t("partialLegend").toLowerCase()}`}
              stroke="none"
              dot={{ r: 4, stroke: COLORS.forecast, fill: "#fff", strokeWidth: 2 }}
              legendType="circle"
              isAnimationActive={false}
            />
          )}
          <Line yAxisId="stock" dataKey="onHand" name={t("onHand")} stroke={COLORS.onHand} dot={false} type="stepAfter" isAnimationActive={false} />
          {ss != null && (
            <ReferenceLine yAxisId="stock" y={ss} stroke={COLORS.ss} strokeDasharray="6 3" label={{ value: t("safetyStock"), position: "insideTopLeft", fontSize: 11, fill: TEXT }} />
          )}
          {rop != null && (
            <ReferenceLine yAxisId="stock" y={rop} stroke={COLORS.rop} strokeDasharray="2 2" label={{ value: t("reorderPoint"), position: "insideTopLeft", fontSize: 11, fill: TEXT }} />
          )}
          <ReferenceLine yAxisId="demand" x={series.history.at(-1)?.date} stroke="#999" />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted small" data-testid="chart-caption">
        {t("chartCaption", { grain: label("grain_", grain), unit: unit(unitCode), method: label("im_", series.interval_method) })}
      </figcaption>
    </figure>
  );
}
export { ProjectedStockChart } from "./ProjectedStockChart";
