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
