import { describe, expect, it } from "vitest";
import { toChartPoints } from "./chart-data";

describe("toChartPoints", () => {
  it("puts history and forecast on one date axis without inventing values", () => {
    const points = toChartPoints({
      history: [
        { date: "2026-11-16", quantity: 3, censored: false, censored_days: 0, days: 7, on_hand: 5, on_order: 0 },
        { date: "2026-11-23", quantity: 1, censored: true, censored_days: 2, days: 7, on_hand: 0, on_order: 4 },
      ],
      forecast: [
        { date: "2026-11-30", yhat: 1.5, yhat_lo80: 0.5, yhat_hi80: 2.5, yhat_lo95: 0, yhat_hi95: 3.5, days: 7 },
        { date: "2026-12-07", yhat: 1.2, yhat_lo80: null, yhat_hi80: null, yhat_lo95: null, yhat_hi95: null, days: 7 },
      ],
    });
    expect(points.map((p) => p.date)).toEqual(["2026-11-16", "2026-11-23", "2026-11-30", "2026-12-07"]);
    expect(points[0]).toEqual({ date: "2026-11-16", quantity: 3, censored: undefined, onHand: 5 });
    expect(points[1]!.censored).toBe(1); // a stockout period is marked at its observed demand
    expect(points[2]).toMatchObject({ yhat: 1.5, band80: [0.5, 2.5], band95: [0, 3.5] });
    expect(points[2]!.quantity).toBeUndefined();
    expect(points[3]!.band80).toBeUndefined(); // no bound, no band
  });
});
