// Transfer suggestions: an item's excess moved from one warehouse to another that is short,
// when it arrives sooner than a purchase. Shapes follow gold's fct_transfer_suggestion;
// quantities in the item's unit, money in BRL.

export interface Transfer {
  item_id: string;
  item_name: string | null;
  unit: string | null;
  from_warehouse_id: string;
  from_warehouse_name: string | null;
  to_warehouse_id: string;
  to_warehouse_name: string | null;
  quantity: number;
  value_brl: number;
  days_saved: number;
  transfer_lead_time_days: number | null;
  purchase_lead_time_days: number | null;
  expected_arrival_date: string | null;
  from_on_hand: number | null;
  from_on_hand_after: number | null;
  from_reorder_point: number | null;
  to_status: string | null;
}

/** What the moves add up to: count, value in BRL, and the largest number of days saved. */
export function transferTotals(rows: Pick<Transfer, "value_brl" | "days_saved">[]) {
  return {
    transfers: rows.length,
    value_brl: Math.round(rows.reduce((sum, r) => sum + r.value_brl, 0) * 100) / 100,
    max_days_saved: rows.reduce<number | null>((max, r) => (max == null || r.days_saved > max ? r.days_saved : max), null),
  };
}
