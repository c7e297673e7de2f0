import { describe, expect, it } from "vitest";
import {
  inverseNormalCdf,
  nearestLevel,
  orderAt,
  reorderPoint,
  roundOrder,
  safetyStock,
  suggestedOrder,
  whatIf,
  whatIfDistribution,
} from "./formula";

// A row of fct_reorder_point from the S sample snapshot (seed 7), as the API answers it:
// pipeline/gold/reorder.py computed these numbers with Python's NormalDist().inv_cdf, the
// reorder point over lead time + review period.
const ROW = {
  item_id: "003265",
  warehouse_id: "CD-RS01",
  lead_time_days: 23.2,
  lead_time_std_days: 2.394437999475729,
  lead_time_demand: 9.280000000000003,
  daily_demand: 0.40000000000000013,
  demand_std: 0.52,
  z: 2.3263478740408408,
  service_level: 0.99,
  safety_stock: 7.01131043626164,
  reorder_point: 19.091310436261644,
  inventory_position: 14.0,
  review_days: 7,
  order_up_to: 21.891310436261644,
  suggested_order_qty: 8,
  unit_cost: 9400.19,
};

describe("inverse normal CDF (Acklam)", () => {
  // Known quantiles (Python: statistics.NormalDist().inv_cdf)
  const KNOWN: [number, number][] = [
    [0.5, 0],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [0.995, 2.5758293035489004],
    [0.999, 3.090232306167813],
    [0.01, -2.3263478740408408],
    [0.001, -3.090232306167813],
    [0.02, -2.053748910631823],
    [0.98, 2.053748910631823],
  ];
  it.each(KNOWN)("z(%f) = %f", (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 8);
  });

  it("refuses probabilities outside (0, 1)", () => {
    expect(() => inverseNormalCdf(0)).toThrow(RangeError);
    expect(() => inverseNormalCdf(1)).toThrow(RangeError);
    expect(() => inverseNormalCdf(Number.NaN)).toThrow(RangeError);
  });
});

describe("the pipeline's reorder point formula", () => {
  it("gives the snapshot's safety stock, reorder point and order", () => {
    const ss = safetyStock(ROW);
    expect(ss).toBeCloseTo(ROW.safety_stock, 9);
    expect(reorderPoint(ROW, ss)).toBeCloseTo(ROW.reorder_point, 9);
    const order = suggestedOrder(ROW.reorder_point, ROW.daily_demand, ROW.review_days, ROW.inventory_position);
    expect(order.orderUpTo).toBeCloseTo(ROW.order_up_to, 9);
    expect(order.quantity).toBe(ROW.suggested_order_qty);
  });

  it("recomputes at the snapshot's own service level without a change", () => {
    const result = whatIf(ROW, ROW.service_level);
    expect(result.z).toBeCloseTo(ROW.z, 8);
    expect(result.safetyStock).toBeCloseTo(ROW.safety_stock, 7);
    expect(result.reorderPoint).toBeCloseTo(ROW.reorder_point, 7);
    expect(result.suggestedQty).toBe(ROW.suggested_order_qty);
    expect(result.extraCostBRL).toBeCloseTo(0, 4);
  });

  it("prices the extra stock of a higher service level", () => {
    const result = whatIf(ROW, 0.999);
    // z(0.999) / z(0.99) scales the safety stock
    const expected = (ROW.safety_stock * 3.090232306167813) / ROW.z;
    expect(result.safetyStock).toBeCloseTo(expected, 7);
    expect(result.extraCostBRL).toBeCloseTo((expected - ROW.safety_stock) * ROW.unit_cost, 4);
    expect(result.reorderPoint).toBeCloseTo(ROW.lead_time_demand + ROW.daily_demand * ROW.review_days + expected, 7);
  });

  it("rounds the order up to a whole unit, never below zero", () => {
    expect(suggestedOrder(10, 1, 7, 16.5).quantity).toBe(1);
    expect(suggestedOrder(10, 1, 7, 17).quantity).toBe(0);
    expect(suggestedOrder(10, 1, 7, 40).quantity).toBe(0);
    expect(suggestedOrder(10, 1, 7, 17.0000000001).quantity).toBe(0);
  });
});

describe("the order the pipeline suggests", () => {
  it("rounds up to whole units, then to the minimum order, then to the multiple", () => {
    expect(roundOrder(0)).toBe(0);
    expect(roundOrder(-3, 10, 5)).toBe(0); // no gap: no order, whatever the moq
    expect(roundOrder(2.2)).toBe(3);
    expect(roundOrder(2.0000000001)).toBe(2);
    expect(roundOrder(2.2, 6)).toBe(6);
    expect(roundOrder(7.1, 6)).toBe(8);
    expect(roundOrder(2.2, 6, 4)).toBe(8);
    expect(roundOrder(12.5, null, 12)).toBe(24);
    expect(roundOrder(0.3, null, 0.5)).toBe(1); // 0.5-multiples of a whole unit: still whole
  });

  it("orders only when the position is at or below the reorder point (s, S)", () => {
    expect(orderAt(10, 17, 10.5)).toBe(0);
    expect(orderAt(10, 17, 10)).toBe(7);
    expect(orderAt(10, 17, 3.5, 20)).toBe(20);
  });
});

describe("the what-if over the distribution's grid", () => {
  const LEVELS = [0.8, 0.85, 0.9, 0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.99, 0.995];
  const GRID = {
    levels: LEVELS,
    reorderPointByLevel: [3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9],
    lead_time_demand: 3.2,
    reorder_point: 5,
    order_up_to: 7.5,
    inventory_position: 4,
    unit_cost: 100,
    moq: 6,
    order_multiple: 4,
  };

  it("finds the series' own level among the steps", () => {
    expect(nearestLevel(LEVELS, 0.95)).toBe(4);
    expect(nearestLevel(LEVELS, 0.99)).toBe(9);
    expect(nearestLevel(LEVELS, 0.5)).toBe(0);
    expect(nearestLevel(LEVELS, 0.999)).toBe(10);
  });

  it("reads ROP at the level, S shifted with ROP, SS = ROP - D_L - d R, the (s, S) order", () => {
    const today = whatIfDistribution(GRID, 4);
    expect(today.z).toBeNull();
    expect(today.reorderPoint).toBe(5);
    expect(today.safetyStock).toBeCloseTo(-0.7, 12); // 5 - 3.2 - (7.5 - 5)
    expect(today.orderUpTo).toBe(7.5);
    expect(today.suggestedQty).toBe(8); // 3.5 -> 4 -> moq 6 -> multiple of 4
    expect(today.extraCostBRL).toBe(0);
    const higher = whatIfDistribution(GRID, 10);
    expect(higher.serviceLevel).toBe(0.995);
    expect(higher.safetyStock).toBeCloseTo(3.3, 12);
    expect(higher.orderUpTo).toBe(11.5);
    expect(higher.suggestedQty).toBe(8); // 7.5 -> 8
    expect(higher.extraStock).toBe(4);
    expect(higher.extraCostBRL).toBe(400);
    const lower = whatIfDistribution(GRID, 0);
    expect(lower.suggestedQty).toBe(0); // IP 4 > ROP 3
    expect(lower.extraCostBRL).toBe(-200);
  });
});
