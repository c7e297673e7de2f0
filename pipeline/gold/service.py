"""Achieved service: how often each series was in stock, and how much demand it filled.

``fct_service_achieved`` [item x warehouse x window], over the last ``window_days`` (90 and 365)
ending on as_of, from the days whose stock position is known (from the series' first stock
report on; days before it are unknown, not in stock):

- ``days_in_stock_share`` = days not censored / days observed. A censored day ended with
  on_hand = 0 (``fct_demand_daily.censored``): a stockout day;
- ``fill_rate`` = issued units / (issued units + estimated unmet units). Demand recorded on a
  censored day is a lower bound: what was issued before the stock ran out was filled, the rest of
  that day's demand was not recorded. It is estimated as the window's mean demand per
  uncensored day minus what was issued that day (never below 0). With no uncensored day to
  learn the mean from, the unmet demand is unknown and the fill rate null; with no demand at all,
  the fill rate is null too.

``fct_service_by_class`` sums the same over the series of each criticality (with its target
cycle service level) and each demand class: days-weighted in-stock share, units-weighted fill
rate.
"""

from __future__ import annotations

from datetime import date

import duckdb

WINDOWS = (90, 365)

SERVICE_ACHIEVED = """
CREATE OR REPLACE TABLE fct_service_achieved AS
with windows as (select unnest($windows::integer[]) as window_days),
first_position as (
    select item_id, warehouse_id, min(date) as first_day from fct_inventory_daily group by all
),
spans as (
    select r.item_id, r.warehouse_id, r.criticality, r.demand_class,
           r.service_level as target_service_level, w.window_days,
           -- null without a stock report: nothing is known about the series' stock
           if(fp.first_day is null, null,
              greatest($as_of::date - (w.window_days - 1), fp.first_day)) as window_start,
           greatest(0, date_diff('day', window_start, $as_of::date) + 1) as days_observed
    from fct_reorder_point r
    cross join windows w
    left join first_position fp using (item_id, warehouse_id)
),
days as (
    select s.item_id, s.warehouse_id, s.window_days, d.quantity, d.censored
    from spans s
    join fct_demand_daily d
      on d.item_id = s.item_id and d.warehouse_id = s.warehouse_id
     and d.date between s.window_start and $as_of::date
),
observed as (
    select item_id, warehouse_id, window_days,
           count(*) filter (where censored) as stockout_days,
           coalesce(sum(quantity), 0) as issued_units,
           coalesce(sum(quantity) filter (where not censored), 0) as uncensored_units
    from days group by all
),
rates as (
    select s.*, coalesce(o.stockout_days, 0) as stockout_days,
           coalesce(o.issued_units, 0.0) as issued_units,
           s.days_observed - coalesce(o.stockout_days, 0) as days_in_stock,
           if(days_in_stock > 0, coalesce(o.uncensored_units, 0) / days_in_stock, null)
               as mean_daily_demand
    from spans s
    left join observed o using (item_id, warehouse_id, window_days)
),
unmet as (
    select r.item_id, r.warehouse_id, r.window_days,
           sum(greatest(0, r.mean_daily_demand - d.quantity)) as unmet_units
    from rates r
    join days d using (item_id, warehouse_id, window_days)
    where d.censored
    group by all
),
final as (
    select r.item_id, r.warehouse_id, r.window_days, $as_of::date as as_of_date,
           r.window_start, r.days_observed, r.stockout_days, r.days_in_stock,
           if(r.days_observed > 0, r.days_in_stock / r.days_observed, null)
               as days_in_stock_share,
           r.issued_units, r.mean_daily_demand,
           if(r.stockout_days = 0, 0.0, u.unmet_units) as estimated_unmet_units,
           if(r.issued_units + estimated_unmet_units > 0,
              r.issued_units / (r.issued_units + estimated_unmet_units), null) as fill_rate,
           r.target_service_level, r.criticality, r.demand_class
    from rates r
    left join unmet u using (item_id, warehouse_id, window_days)
)
select * from final order by item_id, warehouse_id, window_days
"""

SERVICE_BY_CLASS = """
CREATE OR REPLACE TABLE fct_service_by_class AS
with classed as (
    select 'criticality' as class_kind, criticality as class_name, * from fct_service_achieved
    union all by name
    select 'demand_class' as class_kind, demand_class as class_name, * from fct_service_achieved
),
final as (
    select class_kind, coalesce(class_name, 'unknown') as class_name, window_days,
           count(*) as series,
           sum(days_observed) as days_observed,
           sum(stockout_days) as stockout_days,
           if(sum(days_observed) > 0,
              1 - sum(stockout_days) / sum(days_observed), null) as days_in_stock_share,
           sum(issued_units) filter (where fill_rate is not null) as issued_units,
           sum(estimated_unmet_units) filter (where fill_rate is not null)
               as estimated_unmet_units,
           sum(issued_units) filter (where fill_rate is not null)
               / nullif(sum(issued_units + estimated_unmet_units)
                        filter (where fill_rate is not null), 0) as fill_rate,
           round(avg(target_service_level) filter (where class_kind = 'criticality'), 6)
               as target_service_level
    from classed group by all
)
select * from final order by class_kind, class_name, window_days
"""


def build_service(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    """Create ``fct_service_achieved`` and ``fct_service_by_class``."""
    con.execute(SERVICE_ACHIEVED, {"as_of": as_of, "windows": list(WINDOWS)})
    con.execute(SERVICE_BY_CLASS)
