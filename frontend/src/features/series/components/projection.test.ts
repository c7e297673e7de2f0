import { describe, expect, it } from "vitest";
import { summarizeProjection, type ProjectedDay } from "./projection";

const day = (date: string, projected_stock: number, receipts = 0): ProjectedDay => ({
  date, projected_stock, receipts, expected_demand: 1,
});

describe("summarizeProjection", () => {
  it("finds the day at the reorder point, the receipts and the lowest stock", () => {
    const days = [day("2026-12-04", 9), day("2026-12-01", 12), day("2026-12-02", 11), day("2026-12-03", 10), day("2026-12-05", -1), day("2026-12-06", 18, 20)];
    expect(summarizeProjection(days, 10)).toEqual({
      firstAtOrBelowRop: "2026-12-03", // at the reorder point counts
      receipts: [{ date: "2026-12-06", quantity: 20 }],
      lowest: { date: "2026-12-05", stock: -1 },
      last: { date: "2026-12-06", stock: 18 },
    });
  });

  it("says nothing it cannot know", () => {
    expect(summarizeProjection([day("2026-12-01", 5)], null)).toMatchObject({ firstAtOrBelowRop: null, receipts: [] });
    expect(summarizeProjection([], 3)).toEqual({ firstAtOrBelowRop: null, receipts: [], lowest: null, last: null });
  });
});
