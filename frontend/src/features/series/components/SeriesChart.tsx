import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { useI18n } from "../../../lib/i18n";
import type { SeriesData } from "../api/get-series";
import { toChartPoints } from "./chart-data";

const COLORS = {
  history: "#5b6b7f",
  censored: "#c0392b",
  forecast: "#1f5fbf",
  band80: "#7aa7e8",
  band95: "#c7dbf7",
  onHand: "#2e7d32",
  ss: "#b26a00",
  rop: "#8e24aa",
};

/** History (bars; stockout days in red) and forecast with 80/95% bands on the demand axis;
 * on-hand, safety stock and reorder point on the stock axis. */
export default function SeriesChart({ series }: { series: SeriesData }) {
  const { t, num, date, locale } = useI18n();
  const data = toChartPoints(series);
  const ss = series.lines.safety_stock;
  const rop = series.lines.reorder_point;
  const shortDate = (value: string) => {
    const [y, m, d] = value.split("-");
    if (series.grain === "month") return `${m}/${y?.slice(2)}`;
    return locale === "en" ? `${m}/${d}` : `${d}/${m}`;
  };
  return (
    <figure className="chart" data-testid="series-chart">
      <div
        role="img"
        aria-label={t("chartLabel", {
          item: series.item.item_name,
          warehouse: series.warehouse.name ?? series.warehouse.warehouse_id,
          history: series.history.length,
          forecast: series.forecast.length,
        })}
      >
        <ResponsiveContainer width="100%" height={340}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="#e3e7ec" vertical={false} />
            <XAxis dataKey="date" tickFormatter={shortDate} minTickGap={24} />
            <YAxis yAxisId="demand" width={48} tickFormatter={(v: number) => num(v, 1)} />
            <YAxis
              yAxisId="stock"
              orientation="right"
              width={48}
              domain={[0, (max: number) => Math.ceil(Math.max(max, (rop ?? 0) * 1.1, ss ?? 0))]}
              tickFormatter={(v: number) => num(v, 0)}
            />
            <Tooltip
              labelFormatter={(label) => date(String(label))}
              formatter={(value) =>
                Array.isArray(value)
                  ? `${num(Number(value[0]), 2)} – ${num(Number(value[1]), 2)}`
                  : num(Number(value), 2)
              }
            />
            <Legend />
            <Area yAxisId="demand" dataKey="band95" name={t("band95")} stroke="none" fill={COLORS.band95} isAnimationActive={false} />
            <Area yAxisId="demand" dataKey="band80" name={t("band80")} stroke="none" fill={COLORS.band80} isAnimationActive={false} />
            <Bar yAxisId="demand" dataKey="quantity" name={t("history")} fill={COLORS.history} isAnimationActive={false} />
            <Scatter yAxisId="demand" dataKey="censored" name={t("censored")} fill={COLORS.censored} shape="triangle" isAnimationActive={false} />
            <Line yAxisId="demand" dataKey="yhat" name={t("forecast")} stroke={COLORS.forecast} dot={false} strokeWidth={2} isAnimationActive={false} />
            <Line yAxisId="stock" dataKey="onHand" name={t("onHand")} stroke={COLORS.onHand} dot={false} type="stepAfter" isAnimationActive={false} />
            {ss != null && (
              <ReferenceLine yAxisId="stock" y={ss} stroke={COLORS.ss} strokeDasharray="6 3" label={{ value: t("safetyStock"), position: "insideTopLeft", fontSize: 11 }} />
            )}
            {rop != null && (
              <ReferenceLine yAxisId="stock" y={rop} stroke={COLORS.rop} strokeDasharray="2 2" label={{ value: t("reorderPoint"), position: "insideTopLeft", fontSize: 11 }} />
            )}
            <ReferenceLine yAxisId="demand" x={series.history.at(-1)?.date} stroke="#999" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted small">
        {t("demandAxis")} ({t("units")}) · {t("stockAxis")} ({t("units")}) · {series.interval_method}
      </figcaption>
    </figure>
  );
}
