import { describe, expect, it } from "vitest";
import { toChartPoints } from "./chart-data";

const h = (date: string, quantity: number, days = 7, censored_days = 0) => ({
  date, quantity, censored: censored_days > 0, censored_days, days, on_hand: 5, on_order: 0,
});
const f = (date: string, yhat: number, days = 7, bounds = true) => ({
  date, yhat, days,
  yhat_lo80: bounds ? yhat - 1 : null, yhat_hi80: bounds ? yhat + 1 : null,
  yhat_lo95: bounds ? yhat - 2 : null, yhat_hi95: bounds ? yhat + 2 : null,
});

describe("toChartPoints", () => {
  it("puts history and forecast on one date axis without inventing values", () => {
    const points = toChartPoints({
      grain: "week",
      history: [h("2026-11-16", 3), h("2026-11-23", 1, 7, 2)],
      forecast: [f("2026-11-30", 1.5), f("2026-12-07", 1.2, 7, false)],
    });
    expect(points.map((p) => p.date)).toEqual(["2026-11-16", "2026-11-23", "2026-11-30", "2026-12-07"]);
    expect(points[0]).toEqual({ date: "2026-11-16", quantity: 3, onHand: 5, fullDays: 7 });
    expect(points[1]).toMatchObject({ censored: 1, censoredDays: 2 }); // a stockout period, its observed demand
    expect(points[1]!.quantity).toBeUndefined();
    expect(points[2]).toMatchObject({ yhat: 1.5, band80: [0.5, 2.5], band95: [-0.5, 3.5] });
    expect(points[2]!.quantity).toBeUndefined();
    expect(points[3]!.band80).toBeUndefined(); // no bound, no band
  });

  it("marks a first or last period with fewer days instead of drawing it as a fall", () => {
    const points = toChartPoints({
      grain: "month",
      history: [h("2026-01-01", 4, 10), h("2026-02-01", 30, 28)],
      forecast: [f("2026-03-01", 31, 31), f("2026-04-01", 5, 6)],
    });
    expect(points[0]).toMatchObject({ partial: 4, days: 10, fullDays: 31 });
    expect(points[0]!.quantity).toBeUndefined();
    expect(points[1]).toMatchObject({ quantity: 30, fullDays: 28 }); // February is whole at 28 days
    expect(points[2]!.yhat).toBe(31);
    expect(points[3]).toMatchObject({ yhatPartial: 5, days: 6, fullDays: 30 });
    expect(points[3]!.yhat).toBeUndefined();
  });

  it("starts at the first period with a record, not at the window's start", () => {
    const before = { ...h("2026-01-05", 0), on_hand: null };
    const points = toChartPoints({
      grain: "week",
      history: [before, { ...before, date: "2026-01-12" }, h("2026-01-19", 0), { ...before, date: "2026-01-26" }],
      forecast: [],
    });
    // a zero week with stock on hand is demand 0; a later week without a record stays
    expect(points.map((p) => p.date)).toEqual(["2026-01-19", "2026-01-26"]);
    expect(points[0]).toMatchObject({ quantity: 0, onHand: 5 });
  });
});
