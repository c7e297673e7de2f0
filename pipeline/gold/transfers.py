"""fct_transfer_suggestion: move an item's excess from one warehouse to another that is short.

A warehouse is short of an item in two ways (``compared_with``):

- ``purchase``: its reorder line has something to order (``suggested_order_qty > 0``: stockout,
  critical or at/below its reorder point); it needs ``ceil(order_up_to - inventory_position)``
  units to reach its order-up-to level, and a purchase would take its lead time;
- ``open_order``: it is in stockout or critical with nothing to order because open purchase
  orders cover it; it needs ``ceil(reorder_point - on_hand)`` units on hand until the next open
  order arrives, on its expected date (a late one, expected by as_of, is not waited on here).

Another warehouse can give when its stock on hand is above its own order-up-to level plus a
margin (``excess_margin``, a share of that level) and above its reorder point: it gives at most
``floor(on_hand - max(reorder_point, order_up_to x (1 + excess_margin)))`` whole units, so an
origin never drops below its own reorder point (nor below its order-up-to level).

A transfer is suggested only when it arrives sooner than the alternative (the transfer lead time
of the two warehouses' regions is shorter than ``replenish_days``: the purchase lead time, or
the days until the open order is expected; ``days_saved`` > 0) and moves at least
``min_value_brl`` of stock. Each item is allocated on its own, most urgent destination first
(status, then the value of what it needs), each taking from the origins that arrive soonest
(then those with the most to give). Quantities are in the item's unit, money in BRL.
"""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import pyarrow as pa

from pipeline.gold.checks import GoldCheckFailed
from pipeline.gold.tables import STATUS_URGENCY
from pipeline.gold.transfer_params import TransferParams

# Every short destination of an item with every origin that can give it something.
CANDIDATES = """
with lines as (
    select r.*, w.region from fct_reorder_point r join dim_warehouse w using (warehouse_id)
),
next_receipts as (
    select item_id, warehouse_id, min(expected_date) as next_receipt_date
    from fct_lead_time
    where order_date <= $as_of::date
      and (received_date is null or received_date > $as_of::date)
      and expected_date > $as_of::date
    group by all
),
short as (
    select l.item_id, l.warehouse_id, l.region, l.status, l.lead_time_days, l.on_hand,
           l.inventory_position, l.reorder_point, l.unit_cost,
           if(l.suggested_order_qty > 0, 'purchase', 'open_order') as compared_with,
           if(l.suggested_order_qty > 0,
              ceil(round(l.order_up_to - l.inventory_position, 6)),
              ceil(round(l.reorder_point - l.on_hand, 6))) as need_qty,
           if(l.suggested_order_qty > 0, l.lead_time_days,
              date_diff('day', $as_of::date, n.next_receipt_date)) as replenish_days
    from lines l
    left join next_receipts n using (item_id, warehouse_id)
    where l.suggested_order_qty > 0
       or (l.status in ('stockout', 'critical') and n.next_receipt_date is not null)
),
spare as (
    select item_id, warehouse_id, region, on_hand, reorder_point, order_up_to,
           greatest(reorder_point, order_up_to * (1 + $margin), 0) as keep_qty,
           floor(round(on_hand - keep_qty, 6)) as spare_qty
    from lines where status <> 'no_demand' or on_hand > 0
),
final as (
    select s.item_id, s.warehouse_id as to_warehouse_id, o.warehouse_id as from_warehouse_id,
           s.region as to_region, o.region as from_region, s.status as to_status,
           s.lead_time_days as purchase_lead_time_days, s.compared_with,
           s.replenish_days::double as replenish_days, s.on_hand as to_on_hand,
           s.inventory_position as to_inventory_position, s.reorder_point as to_reorder_point,
           s.need_qty as to_need_qty, s.unit_cost, o.on_hand as from_on_hand,
           o.reorder_point as from_reorder_point, o.order_up_to as from_order_up_to,
           o.spare_qty as from_spare_qty, d.days as transfer_lead_time_days
    from short s
    join spare o on o.item_id = s.item_id and o.warehouse_id <> s.warehouse_id
    join __transfer_days d on d.from_region = o.region and d.to_region = s.region
    where o.spare_qty >= 1 and s.need_qty >= 1 and d.days < s.replenish_days
)
select * from final
order by item_id, list_position($urgency, to_status), to_need_qty * unit_cost desc,
         to_warehouse_id, transfer_lead_time_days, from_spare_qty desc, from_warehouse_id
"""

SCHEMA = pa.schema(
    [
        ("item_id", pa.string()),
        ("from_warehouse_id", pa.string()),
        ("to_warehouse_id", pa.string()),
        ("as_of_date", pa.date32()),
        ("quantity", pa.int64()),
        ("unit_cost", pa.float64()),
        ("value_brl", pa.float64()),
        ("from_region", pa.string()),
        ("to_region", pa.string()),
        ("transfer_lead_time_days", pa.int32()),
        ("purchase_lead_time_days", pa.float64()),
        ("compared_with", pa.string()),
        ("replenish_days", pa.float64()),
        ("days_saved", pa.float64()),
        ("expected_arrival_date", pa.date32()),
        ("from_on_hand", pa.float64()),
        ("from_on_hand_after", pa.float64()),
        ("from_reorder_point", pa.float64()),
        ("from_order_up_to", pa.float64()),
        ("to_status", pa.string()),
        ("to_on_hand", pa.float64()),
        ("to_inventory_position", pa.float64()),
        ("to_reorder_point", pa.float64()),
        ("to_need_qty", pa.float64()),
        ("reason_code", pa.string()),
        ("reason", pa.string()),
    ]
)


def _candidates(
    con: duckdb.DuckDBPyConnection, as_of: date, params: TransferParams
) -> duckdb.DuckDBPyRelation:
    """Candidate pairs that arrive sooner than a purchase, in allocation order."""
    by_pair: dict[tuple[str, str], int] = {}
    for pair, days in params.lead_times.items():
        first, second = (*pair, *pair)[:2]  # a region with itself: (SE, SE)
        by_pair[first, second] = by_pair[second, first] = days
    table = pa.table(
        {
            "from_region": [a for a, _ in by_pair],
            "to_region": [b for _, b in by_pair],
            "days": list(by_pair.values()),
        }
    )
    con.register("__transfer_days", table)
    urgency = sorted(STATUS_URGENCY, key=STATUS_URGENCY.__getitem__)
    values = {"margin": params.excess_margin, "urgency": urgency, "as_of": as_of}
    return con.sql(CANDIDATES, params=values)


def _reason(row: dict) -> str:
    return (
        f"{row['to_warehouse_id']} is {row['to_status']} and needs {row['to_need_qty']:g} units; "
        f"{row['from_warehouse_id']} holds {row['from_on_hand']:g} (reorder point "
        f"{row['from_reorder_point']:.2f}, order-up-to {row['from_order_up_to']:.2f}): a "
        f"transfer arrives in {row['transfer_lead_time_days']} days instead of "
        + (
            f"{row['purchase_lead_time_days']:.1f} for a purchase"
            if row["compared_with"] == "purchase"
            else f"{row['replenish_days']:g} for the open purchase order"
        )
    )


def transfer_suggestions(
    con: duckdb.DuckDBPyConnection, as_of: date, params: TransferParams
) -> pa.Table:
    """The suggestions from ``fct_reorder_point`` and ``dim_warehouse`` (module docstring)."""
    need: dict[tuple[str, str], float] = {}
    spare: dict[tuple[str, str], float] = {}
    out = []
    candidates = _candidates(con, as_of, params)
    names = candidates.columns
    try:
        found = candidates.fetchall()
    finally:
        con.unregister("__transfer_days")
    at = {name: k for k, name in enumerate(names)}
    item, to_wh, from_wh = at["item_id"], at["to_warehouse_id"], at["from_warehouse_id"]
    to_need, from_spare, cost = at["to_need_qty"], at["from_spare_qty"], at["unit_cost"]
    for values in found:  # most urgent destination first (CANDIDATES' order)
        to_key = (values[item], values[to_wh])
        from_key = (values[item], values[from_wh])
        left = need.setdefault(to_key, values[to_need])
        given = spare.setdefault(from_key, values[from_spare])
        quantity = int(min(left, given))
        if quantity < 1 or quantity * values[cost] < params.min_value_brl:
            continue
        row = dict(zip(names, values, strict=True))
        need[to_key] -= quantity
        spare[from_key] -= quantity
        days = row["transfer_lead_time_days"]
        out.append(
            {
                **row,
                "as_of_date": as_of,
                "quantity": quantity,
                "value_brl": quantity * row["unit_cost"],
                "days_saved": row["replenish_days"] - days,
                "expected_arrival_date": as_of + timedelta(days=days),
                "from_on_hand_after": row["from_on_hand"] - row["from_spare_qty"] + spare[from_key],
                "reason_code": "excess_elsewhere",
                "reason": _reason(row),
            }
        )
    return pa.Table.from_pylist(out, schema=SCHEMA)


# An origin that would end below its own reorder point after the transfers it gives.
_BELOW_ROP = """
select count(*), any_value(item_id || ' at ' || from_warehouse_id)
from fct_transfer_suggestion where from_on_hand_after < from_reorder_point - 1e-9
"""


def build_transfers(con: duckdb.DuckDBPyConnection, as_of: date, params: TransferParams) -> None:
    """Create ``fct_transfer_suggestion`` in the connection."""
    table = transfer_suggestions(con, as_of, params)
    con.register("transfer_arrow", table)
    con.execute(
        "CREATE OR REPLACE TABLE fct_transfer_suggestion AS SELECT * FROM transfer_arrow "
        "ORDER BY item_id, from_warehouse_id, to_warehouse_id"
    )
    con.unregister("transfer_arrow")
    below, example = con.execute(_BELOW_ROP).fetchall()[0]
    if below:
        raise GoldCheckFailed(
            f"fct_transfer_suggestion: {below} transfer(s) take an origin below its reorder "
            f"point (e.g. {example})"
        )
