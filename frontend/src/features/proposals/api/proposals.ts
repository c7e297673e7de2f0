// The purchase proposal: the lines to order now (quantity > 0, order-by date reached), grouped
// by supplier. Shapes follow gold's fct_purchase_proposal; quantities in the item's unit, BRL.

export interface ProposalLine {
  item_id: string;
  item_name: string | null;
  warehouse_id: string;
  warehouse_name: string | null;
  unit: string | null;
  status: string | null;
  reason_code: string | null;
  order_qty: number;
  transfer_in_qty: number | null;
  moq: number | null;
  order_multiple: number | null;
  unit_cost: number | null;
  value_brl: number;
  order_by_date: string | null;
  expected_arrival_date: string | null;
}

export interface SupplierProposal {
  supplier_id: string | null;
  supplier_name: string | null;
  lines: ProposalLine[];
  line_count: number;
  value_brl: number;
  earliest_order_by_date: string | null;
  expected_arrival_date: string | null;
  min_order_value_brl: number | null;
}

/** The value a supplier's order still lacks to reach its minimum (0 when it is reached or there
 * is none): the planner adds lines or waits. */
export function shortOfMinimum(group: Pick<SupplierProposal, "value_brl" | "min_order_value_brl">): number {
  if (group.min_order_value_brl == null) return 0;
  return Math.max(0, Math.round((group.min_order_value_brl - group.value_brl) * 100) / 100);
}

/** The sum of a group's lines in BRL, to the cent (what its total must equal). */
export const sumOfLines = (lines: Pick<ProposalLine, "value_brl">[]) =>
  Math.round(lines.reduce((sum, line) => sum + line.value_brl, 0) * 100) / 100;

/** The whole proposal: suppliers, lines, value and the earliest order-by date of all. */
export function proposalTotals(groups: SupplierProposal[]) {
  const dates = groups.map((g) => g.earliest_order_by_date).filter((d): d is string => !!d).sort();
  return {
    suppliers: groups.length,
    lines: groups.reduce((n, g) => n + g.line_count, 0),
    value_brl: Math.round(groups.reduce((sum, g) => sum + g.value_brl, 0) * 100) / 100,
    earliest_order_by_date: dates[0] ?? null,
  };
}
