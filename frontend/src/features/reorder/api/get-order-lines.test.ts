import { describe, expect, it } from "vitest";
import type { ReorderRow } from "../../../api/types";
import { isDueToday, sortLines } from "./get-order-lines";

const row = (item_id: string, extra: Partial<ReorderRow>) =>
  ({ item_id, warehouse_id: "W", as_of_date: "2026-12-01", status: "ok", ...extra }) as ReorderRow;

describe("lines to order today", () => {
  it("are due when the order-by date is reached or not given", () => {
    expect(isDueToday(row("a", { order_by_date: "2026-12-01" }))).toBe(true);
    expect(isDueToday(row("a", { order_by_date: "2026-11-20" }))).toBe(true);
    expect(isDueToday(row("a", { order_by_date: "2026-12-02" }))).toBe(false);
    expect(isDueToday(row("a", { order_by_date: null }))).toBe(true);
  });

  it("follow the worklist's sort", () => {
    const rows = [
      row("a", { status: "ok", suggested_order_value_brl: 900 }),
      row("b", { status: "stockout", suggested_order_value_brl: 10 }),
      row("c", { status: "critical", suggested_order_value_brl: 50 }),
    ];
    expect(sortLines(rows, "priority").map((r) => r.item_id)).toEqual(["b", "c", "a"]);
    expect(sortLines(rows, "suggested_order_value_brl").map((r) => r.item_id)).toEqual(["a", "c", "b"]);
  });
});
