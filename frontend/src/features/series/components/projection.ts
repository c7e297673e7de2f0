// The item page's projected stock: what the stock becomes day by day if the planner does
// nothing (on hand + open-order receipts - expected demand), as gold's fct_projected_stock.

export interface ProjectedDay {
  date: string;
  receipts: number;
  expected_demand: number;
  projected_stock: number;
}

export interface ProjectionSummary {
  /** the first day the projected stock is at or below the reorder point */
  firstAtOrBelowRop: string | null;
  /** the days something arrives, with how much */
  receipts: { date: string; quantity: number }[];
  lowest: { date: string; stock: number } | null;
  last: { date: string; stock: number } | null;
}

/** The dates a planner acts on, read from the days (in date order or not). */
export function summarizeProjection(days: ProjectedDay[], reorderPoint: number | null | undefined): ProjectionSummary {
  const sorted = [...days].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  let lowest: ProjectionSummary["lowest"] = null;
  for (const d of sorted) if (!lowest || d.projected_stock < lowest.stock) lowest = { date: d.date, stock: d.projected_stock };
  const lastDay = sorted.at(-1);
  return {
    firstAtOrBelowRop:
      reorderPoint == null ? null : (sorted.find((d) => d.projected_stock <= reorderPoint + 1e-9)?.date ?? null),
    receipts: sorted.filter((d) => d.receipts > 0).map((d) => ({ date: d.date, quantity: d.receipts })),
    lowest,
    last: lastDay ? { date: lastDay.date, stock: lastDay.projected_stock } : null,
  };
}
