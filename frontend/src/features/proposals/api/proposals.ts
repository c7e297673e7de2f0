// The purchase proposal (GET /proposals): the lines to order now (quantity > 0, order-by date
// reached), grouped by supplier. Quantities in the item's unit, money in BRL.
import type { Schemas } from "../../../api/client";

export type SupplierProposal = Schemas["SupplierProposal"];
export type ProposalLine = Schemas["ProposalLine"];
export type ProposalTotals = Schemas["ProposalTotals"];

/** The earliest order-by date of every supplier (null when none has one). */
export const earliestOrderBy = (groups: { earliest_order_by_date: string | null }[]) =>
  groups.map((g) => g.earliest_order_by_date).filter((d): d is string => !!d).sort()[0] ?? null;

/** The arrival window of a supplier's lines: one date, or "first – last". */
export function arrivalWindow(
  group: { first_expected_arrival_date: string | null; last_expected_arrival_date: string | null },
  date: (d: string | null) => string,
): string {
  const first = group.first_expected_arrival_date;
  const last = group.last_expected_arrival_date;
  if (!first || !last || first === last) return date(first ?? last);
  return `${date(first)} – ${date(last)}`;
}
