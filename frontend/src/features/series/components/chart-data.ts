import { periodLength } from "../../../lib/format";
import type { SeriesData } from "../api/get-series";

export interface ChartPoint {
  date: string;
  /** the period's demand, in exactly one of three bars: whole, with a stockout, or partial */
  quantity?: number;
  censored?: number; // demand is a lower bound: some day of the period had no stock
  partial?: number; // the period is cut by the history's start or end: fewer days than a whole one
  censoredDays?: number;
  onHand?: number | null;
  yhat?: number | null;
  yhatPartial?: number | null; // a forecast period cut by the horizon, drawn as a point, not a fall
  band80?: [number, number];
  band95?: [number, number];
  days?: number; // days of the period inside the data, when fewer than a whole period's
  fullDays: number;
}

/** The history from its first period with a record: leading periods with no demand and no
 * inventory record are before the data begins (the window reaches back further than the
 * series), not a year of zero demand. */
export function fromFirstRecord<T extends { quantity: number; censored: boolean; on_hand?: number | null }>(history: T[]): T[] {
  const first = history.findIndex((h) => h.quantity !== 0 || h.censored || h.on_hand != null);
  return first < 0 ? [] : history.slice(first);
}

/** History and forecast on one date axis; the chart only draws what the API answered. At week
 * and month grain a first or last period with fewer days is marked, not drawn as a fall. */
export function toChartPoints(series: Pick<SeriesData, "history" | "forecast" | "grain">): ChartPoint[] {
  const grain = series.grain === "day" || series.grain === "month" ? series.grain : "week";
  const points = new Map<string, ChartPoint>();
  const point = (date: string) => {
    let p = points.get(date);
    if (!p) {
      p = { date, fullDays: periodLength(date, grain) };
      points.set(date, p);
    }
    return p;
  };
  for (const h of fromFirstRecord(series.history)) {
    const p = point(h.date);
    const partial = h.days < p.fullDays;
    if (partial) {
      p.partial = h.quantity;
      p.days = h.days;
    } else if (h.censored) p.censored = h.quantity;
    else p.quantity = h.quantity;
    if (h.censored) p.censoredDays = h.censored_days;
    p.onHand = h.on_hand;
  }
  for (const f of series.forecast) {
    const p = point(f.date);
    if (f.days < p.fullDays) {
      p.yhatPartial = f.yhat;
      p.days = f.days;
      continue;
    }
    p.yhat = f.yhat;
    if (f.yhat_lo80 != null && f.yhat_hi80 != null) p.band80 = [f.yhat_lo80, f.yhat_hi80];
    if (f.yhat_lo95 != null && f.yhat_hi95 != null) p.band95 = [f.yhat_lo95, f.yhat_hi95];
  }
  return [...points.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
