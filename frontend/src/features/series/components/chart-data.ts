import type { SeriesData } from "../api/get-series";

export interface ChartPoint {
  date: string;
  quantity?: number; // history demand in the period
  censored?: number; // the period's demand, when a stockout censored it
  onHand?: number | null;
  yhat?: number | null;
  band80?: [number, number];
  band95?: [number, number];
}

/** History and forecast on one date axis; the chart only draws what the API answered. */
export function toChartPoints(series: Pick<SeriesData, "history" | "forecast">): ChartPoint[] {
  const points = new Map<string, ChartPoint>();
  for (const h of series.history) {
    points.set(h.date, {
      date: h.date,
      quantity: h.quantity,
      censored: h.censored ? h.quantity : undefined,
      onHand: h.on_hand,
    });
  }
  for (const f of series.forecast) {
    const point = points.get(f.date) ?? { date: f.date };
    point.yhat = f.yhat;
    if (f.yhat_lo80 != null && f.yhat_hi80 != null) point.band80 = [f.yhat_lo80, f.yhat_hi80];
    if (f.yhat_lo95 != null && f.yhat_hi95 != null) point.band95 = [f.yhat_lo95, f.yhat_hi95];
    points.set(f.date, point);
  }
  return [...points.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
