// The reorder-point formula of docs/gold-snapshot.md, as pipeline/gold/reorder.py computes it,
// so the service-level what-if recomputes safety stock and reorder point in the browser. The
// reorder point covers the protection interval of a periodic review, L + R days (R =
// review_days): ROP = D_L + d R + SS, S = ROP + d R, SS = ROP - D_L - d R.

// Acklam's rational approximation of the standard normal quantile: relative error below
// 1.15e-9 over (0, 1), far below what a safety stock in units can show (the pipeline uses
// Python's NormalDist().inv_cdf; the two agree to 8 decimals, tested in formula.test.ts).
const A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** z such that P(Z <= z) = p for a standard normal Z; p strictly between 0 and 1. */
export function inverseNormalCdf(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
      (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  return x;
}

/** The inputs of one series' safety stock and reorder point (columns of fct_reorder_point). */
export interface ReorderInputs {
  lead_time_days: number;
  lead_time_std_days: number;
  lead_time_demand: number;
  daily_demand: number;
  demand_std: number;
  z: number;
  review_days: number;
}

/** SS = z * sqrt((L + R) * sigma_d^2 + d^2 * sigma_L^2), units. */
export function safetyStock(inputs: ReorderInputs): number {
  const { z, lead_time_days: L, lead_time_std_days: sL, daily_demand: d, demand_std: sd, review_days: R } = inputs;
  return z * Math.sqrt((L + R) * sd * sd + d * d * sL * sL);
}

/** ROP = D_L + d * R + SS, units: the demand over lead time and review period, plus SS. */
export function reorderPoint(inputs: ReorderInputs, ss = safetyStock(inputs)): number {
  return inputs.lead_time_demand + inputs.daily_demand * inputs.review_days + ss;
}

/** Suggested order: max(0, S - IP) rounded up to a whole unit, S = ROP + d * review_days. */
export function suggestedOrder(
  rop: number,
  dailyDemand: number,
  reviewDays: number,
  inventoryPosition: number,
): { orderUpTo: number; quantity: number } {
  const orderUpTo = rop + dailyDemand * reviewDays;
  const gap = Math.max(0, orderUpTo - inventoryPosition);
  return { orderUpTo, quantity: Math.ceil(Math.round(gap * 1e6) / 1e6) };
}

export interface WhatIf {
  serviceLevel: number;
  z: number | null; // null when the reorder point is read from the distribution's grid
  safetyStock: number;
  reorderPoint: number;
  orderUpTo: number;
  suggestedQty: number;
  extraStock: number; // units of safety stock above the snapshot's
  extraCostBRL: number | null; // extraStock * unit_cost
}

/** Safety stock and reorder point at another service level, by the normal formula; the order
 * by the (s, S) rule the pipeline applies (orderAt). */
export function whatIf(
  inputs: ReorderInputs & {
    safety_stock: number;
    inventory_position: number;
    unit_cost: number | null;
    moq?: number | null;
    order_multiple?: number | null;
  },
  serviceLevel: number,
): WhatIf {
  const z = inverseNormalCdf(serviceLevel);
  const ss = safetyStock({ ...inputs, z });
  const rop = reorderPoint(inputs, ss);
  const orderUpTo = rop + inputs.daily_demand * inputs.review_days;
  const extraStock = ss - inputs.safety_stock;
  return {
    serviceLevel,
    z,
    safetyStock: ss,
    reorderPoint: rop,
    orderUpTo,
    suggestedQty: orderAt(rop, orderUpTo, inputs.inventory_position, inputs.moq, inputs.order_multiple),
    extraStock,
    extraCostBRL: inputs.unit_cost == null ? null : extraStock * inputs.unit_cost,
  };
}

/** An order as the pipeline rounds it (fct_reorder_point.suggested_order_qty): a gap of
 * max(0, S - IP) rounded up to a whole unit, then to the minimum order quantity, then up to a
 * multiple of order_multiple; nothing when there is no gap. */
export function roundOrder(gap: number, moq?: number | null, orderMultiple?: number | null): number {
  const whole = gap > 0 ? Math.ceil(Math.round(gap * 1e6) / 1e6) : 0;
  if (whole <= 0) return 0;
  const afterMoq = Math.max(whole, moq ?? 0);
  const multiple = orderMultiple ?? 0;
  const rounded = multiple > 0 ? Math.ceil(Math.round((afterMoq / multiple) * 1e9) / 1e9) * multiple : afterMoq;
  return Math.ceil(Math.round(rounded * 1e6) / 1e6);
}

/** The (s, S) rule: order only when IP <= ROP, then S - IP rounded by roundOrder. */
export function orderAt(
  reorderPoint: number,
  orderUpTo: number,
  inventoryPosition: number,
  moq?: number | null,
  orderMultiple?: number | null,
): number {
  if (inventoryPosition > reorderPoint) return 0;
  return roundOrder(orderUpTo - inventoryPosition, moq, orderMultiple);
}

/** A series whose reorder point is a quantile of the forecast distribution (rop_method =
 * distribution): the reorder point at each exported service level, and today's numbers. */
export interface DistributionInputs {
  levels: readonly number[]; // reorder_point_levels
  reorderPointByLevel: readonly number[]; // reorder_point_by_level, same order
  lead_time_demand: number;
  reorder_point: number;
  order_up_to: number;
  inventory_position: number;
  unit_cost: number | null;
  moq?: number | null;
  order_multiple?: number | null;
}

/** The step of `levels` nearest to a service level (the series' target is one of them). */
export function nearestLevel(levels: readonly number[], serviceLevel: number): number {
  let best = 0;
  levels.forEach((level, k) => {
    if (Math.abs(level - serviceLevel) < Math.abs(levels[best]! - serviceLevel)) best = k;
  });
  return best;
}

/** The what-if at the k-th exported level: ROP read from the grid (a quantile over L + R), S
 * shifted by the same distance as today's (S - ROP = d R), SS = ROP - D_L - d R, the (s, S)
 * order, and the extra stock against today's reorder point. */
export function whatIfDistribution(inputs: DistributionInputs, k: number): WhatIf {
  const rop = inputs.reorderPointByLevel[k]!;
  const reviewDemand = inputs.order_up_to - inputs.reorder_point;
  const orderUpTo = rop + reviewDemand;
  const extraStock = rop - inputs.reorder_point;
  return {
    serviceLevel: inputs.levels[k]!,
    z: null,
    safetyStock: rop - inputs.lead_time_demand - reviewDemand,
    reorderPoint: rop,
    orderUpTo,
    suggestedQty: orderAt(rop, orderUpTo, inputs.inventory_position, inputs.moq, inputs.order_multiple),
    extraStock,
    extraCostBRL: inputs.unit_cost == null ? null : extraStock * inputs.unit_cost,
  };
}
