"""fct_reorder_list: the planner's worklist, ranked, with names, open orders and transfers.

One row per row of ``fct_reorder_point`` (every column of it), plus what a planner reads beside
the numbers: item, unit, warehouse and supplier names; the open purchase orders (count, units,
next expected receipt); the transfers in and out; the purchase proposal line's quantity and
value; ``order_now`` (``pipeline.gold.proposals.ORDER_NOW``: the line is in
``fct_purchase_proposal`` unless transfers cover it); ``excess_qty``.

``status_rank`` is the status's urgency (``pipeline.gold.tables.STATUS_URGENCY``: stockout 1
... no_demand last); ``priority_rank`` orders the whole list: urgency, then lines to order now,
then the value of the suggested order (largest first), then item and warehouse.
"""

from __future__ import annotations

from datetime import date

import duckdb

from pipeline.gold.proposals import ORDER_NOW
from pipeline.gold.tables import STATUS_URGENCY

_URGENCY = " ".join(f"when '{status}' then {rank}" for status, rank in STATUS_URGENCY.items())

REORDER_LIST = f"""
CREATE OR REPLACE TABLE fct_reorder_list AS
with open_orders as (
    select item_id, warehouse_id, count(*) as open_order_count,
           sum(quantity) as open_order_qty,
           min(expected_date) as next_receipt_date,
           arg_min(quantity, expected_date) as next_receipt_qty
    from fct_lead_time
    where order_date <= $as_of::date
      and (received_date is null or received_date > $as_of::date)
    group by all
),
transfers_in as (
    select item_id, to_warehouse_id as warehouse_id, sum(quantity) as transfer_in_qty
    from fct_transfer_suggestion group by all
),
transfers_out as (
    select item_id, from_warehouse_id as warehouse_id, sum(quantity) as transfer_out_qty
    from fct_transfer_suggestion group by all
),
lines as (
    select r.*, i.item_name, i.unit, w.name as warehouse_name, w.region,
           s.name as supplier_name,
           case r.status {_URGENCY} end as status_rank,
           {ORDER_NOW} as order_now,
           coalesce(o.open_order_count, 0) as open_order_count,
           coalesce(o.open_order_qty, 0)::double as open_order_qty,
           o.next_receipt_date, o.next_receipt_qty,
           coalesce(ti.transfer_in_qty, 0)::bigint as transfer_in_qty,
           coalesce(tx.transfer_out_qty, 0)::bigint as transfer_out_qty,
           coalesce(p.order_qty, 0) as proposal_qty,
           coalesce(p.value_brl, 0.0) as proposal_value_brl,
           if(r.status = 'excess',
              greatest(0, floor(round(r.on_hand - r.order_up_to, 6))), 0)::bigint as excess_qty
    from fct_reorder_point r
    join dim_item i using (item_id)
    join dim_warehouse w using (warehouse_id)
    left join dim_supplier s on s.supplier_id = r.supplier_id
    left join open_orders o using (item_id, warehouse_id)
    left join transfers_in ti using (item_id, warehouse_id)
    left join transfers_out tx using (item_id, warehouse_id)
    left join fct_purchase_proposal p using (item_id, warehouse_id)
),
final as (
    select *,
           row_number() over (
               order by status_rank, order_now desc, suggested_order_value_brl desc nulls last,
                        item_id, warehouse_id) as priority_rank
    from lines
)
select * from final order by priority_rank
"""


def build_reorder_list(con: duckdb.DuckDBPyConnection, as_of: date, horizon_days: int) -> None:
    """Create ``fct_reorder_list`` (after the transfers and the purchase proposal)."""
    con.execute(REORDER_LIST, {"as_of": as_of, "horizon": horizon_days})
