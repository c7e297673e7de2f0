"""fct_projected_stock: the stock each series is expected to hold, day by day, ahead of as_of.

For every series with demand to plan for (status other than ``no_demand``), from as_of (day 0,
the stock on hand) to ``horizon_days`` ahead:

    projected_stock(day) = on_hand + receipts up to day - expected demand up to day

- receipts: the open purchase orders (ordered by as_of, not received by then) on their expected
  date; an order already late is expected on the day after as_of. Orders expected after the
  horizon are not shown;
- expected demand: the current model version's daily forecast (its mean, ``yhat``); a day the
  forecast does not reach (or a series without a forecast) takes the series' ``daily_demand``
  from ``fct_reorder_point``.

Suggested orders and transfers are not in it: it shows what happens if the planner does nothing.
A negative value is demand not met by then (units short). Quantities are in the item's unit.
"""

from __future__ import annotations

from datetime import date

import duckdb

PROJECTED_STOCK = """
CREATE OR REPLACE TABLE fct_projected_stock AS
with planned as (
    select item_id, warehouse_id, on_hand, coalesce(daily_demand, 0) as daily_demand
    from fct_reorder_point where status <> 'no_demand'
),
days as (
    select p.*, unnest(range(0, $horizon + 1)) as day_ahead from planned p
),
receipts as (
    select item_id, warehouse_id,
           greatest(date_diff('day', $as_of::date, expected_date), 1) as day_ahead,
           sum(quantity) as receipts
    from fct_lead_time
    where order_date <= $as_of::date
      and (received_date is null or received_date > $as_of::date)
    group by all
),
forecast as (
    select item_id, warehouse_id, date_diff('day', $as_of::date, date) as day_ahead, yhat
    from fct_forecast
    where model_version = $model_version
      and date > $as_of::date and date <= $as_of::date + $horizon::integer
),
daily as (
    select d.item_id, d.warehouse_id, d.day_ahead,
           $as_of::date + d.day_ahead::integer as date,
           coalesce(r.receipts, 0)::double as receipts,
           if(d.day_ahead = 0, 0.0, coalesce(f.yhat, d.daily_demand))::double
               as expected_demand,
           d.on_hand
    from days d
    left join receipts r using (item_id, warehouse_id, day_ahead)
    left join forecast f using (item_id, warehouse_id, day_ahead)
),
final as (
    select item_id, warehouse_id, date, day_ahead::integer as day_ahead, receipts,
           expected_demand,
           on_hand + sum(receipts - expected_demand) over (
               partition by item_id, warehouse_id order by day_ahead
               rows between unbounded preceding and current row) as projected_stock
    from daily
)
select * from final order by item_id, warehouse_id, date
"""


def build_projection(
    con: duckdb.DuckDBPyConnection, as_of: date, model_version: str | None, horizon_days: int
) -> None:
    """Create ``fct_projected_stock`` over ``horizon_days`` after as_of."""
    con.execute(
        PROJECTED_STOCK,
        {"as_of": as_of, "model_version": model_version or "", "horizon": horizon_days},
    )
