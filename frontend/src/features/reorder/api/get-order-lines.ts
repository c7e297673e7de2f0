import { queryOptions, useQuery } from "@tanstack/react-query";
import type { ReorderQuery, ReorderRow } from "../../../api/types";
import { getReorder } from "./get-reorder";

const PAGE = 1000; // the API's largest page
const MAX_PAGES = 20;

export interface OrderLines {
  /** Lines of the filter with a suggested quantity > 0, largest quantity first. */
  lines: ReorderRow[];
  /** The lines whose order-by date is reached (on or before the data's date) or not given. */
  today: ReorderRow[];
  valueBRL: number;
  todayValueBRL: number;
  /** true when the list was longer than MAX_PAGES pages: totals are of the first lines only. */
  truncated: boolean;
}

export const isDueToday = (row: ReorderRow) =>
  !row.order_by_date || row.order_by_date.slice(0, 10) <= row.as_of_date.slice(0, 10);

const sumValue = (rows: ReorderRow[]) => rows.reduce((sum, r) => sum + (r.suggested_order_value_brl ?? 0), 0);

/** Every line of a filter with something to order. The API has no total per filter nor a
 * quantity filter: the list sorted by suggested quantity is read until the quantity is 0. */
export async function getOrderLines(filters: ReorderQuery, signal?: AbortSignal): Promise<OrderLines> {
  const lines: ReorderRow[] = [];
  let truncated = false;
  for (let page = 0; ; page++) {
    if (page === MAX_PAGES) {
      truncated = true;
      break;
    }
    const query = { ...filters, sort: "suggested_order_qty", order: undefined, limit: PAGE, offset: page * PAGE } as const;
    const answer = await getReorder(query, signal);
    const positive = answer.data.filter((r) => (r.suggested_order_qty ?? 0) > 0);
    lines.push(...positive);
    if (positive.length < answer.data.length || answer.data.length < PAGE) break;
  }
  const today = lines.filter(isDueToday);
  return { lines, today, valueBRL: sumValue(lines), todayValueBRL: sumValue(today), truncated };
}

export const orderLinesQueryOptions = (filters: ReorderQuery) =>
  queryOptions({
    queryKey: ["order-lines", filters],
    queryFn: ({ signal }) => getOrderLines(filters, signal),
  });

export const useOrderLines = (filters: ReorderQuery) => useQuery(orderLinesQueryOptions(filters));

const STATUS_RANK: Record<string, number> = { stockout: 0, critical: 1, reorder: 2, ok: 3, excess: 4, no_demand: 5 };
const desc = (a: number | null | undefined, b: number | null | undefined) => (b ?? -Infinity) - (a ?? -Infinity);
const asc = (a: number | null | undefined, b: number | null | undefined) => (a ?? Infinity) - (b ?? Infinity);
const byText = (a: string | null | undefined, b: string | null | undefined) => (a ?? "\uffff").localeCompare(b ?? "\uffff");

/** The lines in the worklist's sort order (the API's, for lines read in one go). */
export function sortLines(rows: ReorderRow[], sort: string | undefined): ReorderRow[] {
  const compare: Record<string, (a: ReorderRow, b: ReorderRow) => number> = {
    priority: (a, b) =>
      (STATUS_RANK[a.status] ?? 9) - (STATUS_RANK[b.status] ?? 9) || desc(a.suggested_order_value_brl, b.suggested_order_value_brl),
    suggested_order_value_brl: (a, b) => desc(a.suggested_order_value_brl, b.suggested_order_value_brl),
    suggested_order_qty: (a, b) => desc(a.suggested_order_qty, b.suggested_order_qty),
    inventory_value_brl: (a, b) => desc(a.inventory_value_brl, b.inventory_value_brl),
    days_of_cover: (a, b) => asc(a.days_of_cover, b.days_of_cover),
    projected_stockout_date: (a, b) => byText(a.projected_stockout_date, b.projected_stockout_date),
    item_id: (a, b) => byText(a.item_id, b.item_id),
  };
  const order = compare[sort ?? "priority"] ?? compare.priority!;
  return [...rows].sort((a, b) => order(a, b) || byText(a.item_id, b.item_id) || byText(a.warehouse_id, b.warehouse_id));
}
