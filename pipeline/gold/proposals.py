"""fct_purchase_proposal: the lines to order now, per supplier, after transfers.

A line of ``fct_reorder_point`` is ordered now (``ORDER_NOW``) when it has something to order
(``suggested_order_qty > 0``, already rounded up to the item's ``moq`` and ``order_multiple``)
and its order-by date is reached (``order_by_date <= as_of``). A line whose projected stockout
lies beyond the projection horizon has no order-by date: it waits when its lead time is shorter
than the horizon (the order-by date then lies ahead), and is ordered now when its lead time
reaches past the horizon, where no order-by date can be seen and the reorder point's trigger
(inventory position at or below it) decides. ``order_by_date`` of such a line is as_of.

What arrives by transfer (``fct_transfer_suggestion``) is taken off first: the line then orders
``need_qty - transfer_in_qty`` (``need_qty = ceil(order_up_to - inventory_position)``), rounded
again to ``moq`` and ``order_multiple`` the same way, or nothing when the transfers cover it.
Without a transfer the line orders exactly ``suggested_order_qty``.

``reason_code`` is a language-neutral code the dashboard translates (``stockout``,
``below_safety_stock``, ``below_reorder_point``); ``reason`` says the same in English words with
the numbers. Quantities are in the item's unit, money in BRL.
"""

from __future__ import annotations

from datetime import date

import duckdb

from pipeline.gold.checks import GoldCheckFailed

REASON_CODES = ("stockout", "below_safety_stock", "below_reorder_point")

# A line of fct_reorder_point (alias r) to order now; $as_of and $horizon are bound.
ORDER_NOW = """(r.suggested_order_qty > 0 and coalesce(r.order_by_date <= $as_of::date,
    r.lead_time_days >= $horizon, false))"""

# ceil to a whole unit, raise to the moq, round up to a multiple (fct_reorder_point's rule)
_ROUNDED = """
ceil(round(if(coalesce(order_multiple, 0) > 0,
    ceil(round(greatest(ceil(round({q}, 6)), coalesce(moq, 0)) / order_multiple, 9))
        * order_multiple,
    greatest(ceil(round({q}, 6)), coalesce(moq, 0))), 6))::bigint"""

PURCHASE_PROPOSAL = f"""
CREATE OR REPLACE TABLE fct_purchase_proposal AS
with incoming as (
    select item_id, to_warehouse_id as warehouse_id, sum(quantity) as transfer_in_qty
    from fct_transfer_suggestion group by all
),
due as (
    select r.*, coalesce(t.transfer_in_qty, 0)::bigint as transfer_in_qty,
           ceil(round(r.order_up_to - r.inventory_position, 6)) as need_qty
    from fct_reorder_point r
    left join incoming t using (item_id, warehouse_id)
    where {ORDER_NOW}
),
ordered as (
    select *,
           case when transfer_in_qty = 0 then suggested_order_qty
                when need_qty - transfer_in_qty <= 0 then 0
                else {_ROUNDED.format(q="need_qty - transfer_in_qty")}
           end as order_qty,
           case status when 'stockout' then 'stockout'
                       when 'critical' then 'below_safety_stock'
                       else 'below_reorder_point' end as reason_code
    from due
),
final as (
    select o.item_id, o.warehouse_id, o.as_of_date, o.supplier_id, s.name as supplier_name,
           i.item_name, i.unit, w.name as warehouse_name, o.criticality, o.status,
           o.reason_code,
           format('{{}}: inventory position {{}} <= reorder point {{}}; {{}} units bring it to '
                  || 'the order-up-to level {{}}{{}}{{}}{{}}',
                  replace(o.reason_code, '_', ' '), round(o.inventory_position, 2),
                  round(o.reorder_point, 2), o.need_qty::bigint, round(o.order_up_to, 2),
                  if(o.transfer_in_qty > 0,
                     format(', {{}} of them arrive by transfer', o.transfer_in_qty), ''),
                  if(o.order_qty > o.need_qty - o.transfer_in_qty,
                     format('; {{}} ordered for the minimum order / pack size', o.order_qty), ''),
                  if(o.order_by_date is null,
                     format('; the lead time of {{}} days reaches past the {{}}-day projection: '
                            || 'no order-by date, ordered on the reorder point',
                            round(o.lead_time_days, 1), $horizon), ''))
               as reason,
           o.need_qty::bigint as need_qty, o.suggested_order_qty, o.transfer_in_qty,
           o.order_qty, o.moq, o.order_multiple, o.unit_cost,
           round(o.order_qty * o.unit_cost, 2) as value_brl,
           coalesce(o.order_by_date, $as_of::date) as order_by_date,
           $as_of::date + ceil(o.lead_time_days)::integer as expected_arrival_date,
           o.lead_time_days, o.lead_time_source, o.on_hand, o.on_order, o.inventory_position,
           o.safety_stock, o.reorder_point, o.order_up_to, o.projected_stockout_date
    from ordered o
    join dim_item i using (item_id)
    join dim_warehouse w using (warehouse_id)
    left join dim_supplier s on s.supplier_id = o.supplier_id
    where o.order_qty > 0
)
select * from final order by supplier_id, item_id, warehouse_id
"""

# A line whose quantity breaks the item's minimum order or pack size.
# Quantities are whole units: with a fractional pack size (11.3 kg) a line orders the whole-unit
# ceiling of a number of packs (3 packs = 33.9 kg -> 34), never more than one unit above one.
_BROKEN_ROUNDING = """
select count(*), any_value(item_id || ' at ' || warehouse_id) from fct_purchase_proposal
where order_qty < coalesce(moq, 1)
   or (coalesce(order_multiple, 0) > 0
       and order_qty <> ceil(round(
           floor(order_qty / order_multiple + 1e-9) * order_multiple, 6)))
"""


def build_proposals(con: duckdb.DuckDBPyConnection, as_of: date, horizon_days: int) -> None:
    """Create ``fct_purchase_proposal`` (``fct_transfer_suggestion`` must exist);
    ``horizon_days``: how far ahead a stockout is projected (``ReorderParams``)."""
    con.execute(PURCHASE_PROPOSAL, {"as_of": as_of, "horizon": horizon_days})
    broken, example = con.execute(_BROKEN_ROUNDING).fetchall()[0]
    if broken:
        raise GoldCheckFailed(
            f"fct_purchase_proposal: {broken} line(s) break the minimum order or pack size "
            f"(e.g. {example})"
        )
