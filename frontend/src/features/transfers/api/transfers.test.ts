import { describe, expect, it } from "vitest";
import { transferTotals } from "./transfers";

describe("transferTotals", () => {
  it("counts the moves, adds their value and keeps the most days saved", () => {
    expect(transferTotals([{ value_brl: 10.1, days_saved: 3 }, { value_brl: 0.2, days_saved: 12.5 }])).toEqual({
      transfers: 2,
      value_brl: 10.3,
      max_days_saved: 12.5,
    });
    expect(transferTotals([])).toEqual({ transfers: 0, value_brl: 0, max_days_saved: null });
  });
});
