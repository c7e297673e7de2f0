import { describe, expect, it } from "vitest";
import { proposalTotals, shortOfMinimum, sumOfLines, type SupplierProposal } from "./proposals";

const group = (supplier: string, values: number[], orderBy: string | null, minimum: number | null = null) =>
  ({
    supplier_id: supplier,
    supplier_name: null,
    lines: values.map((value_brl) => ({ value_brl })),
    line_count: values.length,
    value_brl: sumOfLines(values.map((value_brl) => ({ value_brl }))),
    earliest_order_by_date: orderBy,
    expected_arrival_date: null,
    min_order_value_brl: minimum,
  }) as SupplierProposal;

describe("the purchase proposal's figures", () => {
  it("adds line values to the cent, without floating-point dust", () => {
    expect(sumOfLines([{ value_brl: 0.1 }, { value_brl: 0.2 }])).toBe(0.3);
    expect(sumOfLines([])).toBe(0);
  });

  it("totals the suppliers and keeps the earliest order-by date", () => {
    const totals = proposalTotals([group("F1", [100.1, 200.2], "2026-12-03"), group("F2", [50], null), group("F3", [1], "2026-11-30")]);
    expect(totals).toEqual({ suppliers: 3, lines: 4, value_brl: 351.3, earliest_order_by_date: "2026-11-30" });
    expect(proposalTotals([])).toEqual({ suppliers: 0, lines: 0, value_brl: 0, earliest_order_by_date: null });
  });

  it("says how much a supplier's order lacks to reach its minimum", () => {
    expect(shortOfMinimum({ value_brl: 800, min_order_value_brl: 1000 })).toBe(200);
    expect(shortOfMinimum({ value_brl: 1000, min_order_value_brl: 1000 })).toBe(0);
    expect(shortOfMinimum({ value_brl: 1500, min_order_value_brl: 1000 })).toBe(0);
    expect(shortOfMinimum({ value_brl: 10, min_order_value_brl: null })).toBe(0);
  });
});
