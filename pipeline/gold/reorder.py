"""fct_reorder_point: safety stock, reorder point and order suggestion per item x warehouse.

Implements DESIGN.md section 7 as of one day (``as_of``). The caller registers these relations
(views or Arrow tables) in the DuckDB connection first; quantities are in units, costs in BRL:

- ``items(item_id, criticality, unit_cost, supplier_id, category)``: criticality 'A' | 'B' | 'C'
  (any key of ``ReorderParams.service_levels``), unit_cost in BRL per unit;
- ``suppliers(supplier_id, nominal_lead_time_days)``: the supplier's promised lead time, in days;
- ``series(item_id, warehouse_id)``: the pairs to compute; each gets exactly one output row;
- ``demand_daily(item_id, warehouse_id, date, quantity, censored)``: units per day up to as_of,
  one row per key at most, SPARSE: a missing day is zero demand and not censored;
- ``inventory_current(item_id, warehouse_id, on_hand, on_order)``: units at as_of; a missing
  pair counts as 0 on hand and 0 on order;
- ``purchase_orders(po_id, item_id, warehouse_id, supplier_id, order_date, received_date)``:
  received_date is null while the order is open;
- ``forecast(item_id, warehouse_id, date, yhat, demand_class, model)``: the current model
  version's forecast, units per day; rows up to as_of are ignored; may lack series or be empty;
- ``error_scale(item_id, warehouse_id, sigma_1d)``: RMSE of one-day forecast errors from the
  backtest, units per day; may lack series.

Choices beyond the design (knobs in ``ReorderParams``):

- Lead time: received purchase orders (received on or before as_of) of the item from the item's
  current supplier, from every warehouse: a supplier ships the same part at a similar pace to
  any warehouse, and pooling gives enough orders to estimate a spread. Floored at
  ``min_lead_time_days``.
- Lead-time demand: forecast days as_of+1 .. as_of+L, the last one weighted by L's fraction. When
  L reaches past the last forecast day, the missing days take the forecast's mean daily rate.
- ``demand_std`` uses the error scale only for a series that has a forecast (it measures that
  forecast's error); otherwise the population std of daily demand over the uncensored days of
  the history window (as ml_env's own fallback does).
- Empirical safety stock, for the ``empirical_classes``: lead-time windows of the history start
  on each day of the window and span L days (the last one weighted by L's fraction, like the
  forecast); windows touching a censored day or running past as_of are left out. With at least
  ``min_empirical_windows`` windows, the quantile at the service level (the smallest window
  demand with at least that share of windows at or below it) gives
  ``SS = max(SS_normal, quantile - D_L)``; ``ss_method`` says which of the two won.
- A ``no_demand`` series gets no order suggestion and no projected stockout: nothing is expected
  to be consumed.
- Projected stockout: for a forecast series, the first day whose cumulative forecast exceeds
  on_hand, within the forecast and ``stockout_horizon_days``; for a history series, the first day
  on which the history rate times the day count exceeds on_hand, within the horizon.

Set work is SQL. The empirical windows are numpy cumulative sums over (series x day) blocks:
DuckDB's per-row window frames took about 5 s for 50,000 series x 365 days, numpy under 1 s.

Inputs that would make numbers silently wrong (duplicate keys, an item, supplier or criticality
that does not resolve) raise ``ValueError`` naming the relation and an example.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from pipeline.gold.params import ReorderParams

KEY = ("item_id", "warehouse_id")

STATUSES = ("no_demand", "stockout", "critical", "reorder", "excess", "ok")  # in precedence order
LEAD_TIME_SOURCES = ("history", "nominal")
DEMAND_SOURCES = ("forecast", "history")
DEMAND_STD_SOURCES = ("forecast_error", "history")
SS_METHODS = ("normal", "empirical")
# demand_class without a forecast; with one, the forecast's own class (ml_env may add
# short_history and no_recent_demand).
HISTORY_CLASSES = ("smooth", "erratic", "intermittent", "lumpy", "no_demand")
ADI_CUTOFF = 1.32
CV2_CUTOFF = 0.49

COLUMNS: dict[str, str] = {
    "item_id": "item (key, with warehouse_id)",
    "warehouse_id": "warehouse (key, with item_id)",
    "as_of_date": "day the numbers are computed for (the snapshot's data date)",
    "criticality": "item criticality, A / B / C",
    "supplier_id": "the item's current supplier",
    "category": "item category",
    "demand_class": "from the forecast; without one, from history by ADI/CV² (smooth, erratic, "
    "intermittent, lumpy) or no_demand",
    "model": "forecast model chosen for the series; null when there is no forecast",
    "lead_time_days": "L: mean order-to-receipt time, days (at least min_lead_time_days)",
    "lead_time_std_days": "sigma_L: sample std of order-to-receipt time, days (0 when nominal)",
    "lead_time_source": "history (received purchase orders) or nominal (supplier's promise)",
    "lead_time_observations": "received purchase orders of the item from its supplier, count",
    "service_level": "target cycle service level from criticality, probability 0-1",
    "z": "safety factor: standard normal quantile of service_level",
    "lead_time_demand": "D_L: expected demand over the next L days, units",
    "daily_demand": "d = D_L / L, units per day",
    "demand_std": "sigma_d: std of one day's demand (or forecast error), units per day",
    "demand_source": "forecast or history (mean over the history window's uncensored days)",
    "demand_std_source": "forecast_error (backtest RMSE) or history (std of daily demand)",
    "history_observed_days": "uncensored days in the history window, days",
    "history_censored_days": "censored days (on_hand = 0) in the history window, days",
    "adi": "average demand interval over uncensored history days, days; null without demand",
    "cv2": "squared coefficient of variation of nonzero daily demand; null without demand",
    "safety_stock_normal": "z * sqrt(L sigma_d² + d² sigma_L²), units",
    "empirical_windows": "complete uncensored L-day windows of history; null when not computed",
    "empirical_lead_time_demand": "history L-day demand quantile at service_level, units; null "
    "when not used (class or too few windows)",
    "ss_method": "normal, or empirical when empirical_lead_time_demand - D_L exceeds the normal SS",
    "safety_stock": "SS, units",
    "reorder_point": "ROP = D_L + SS, units",
    "on_hand": "stock on hand at as_of, units",
    "on_order": "open purchase quantity at as_of, units",
    "inventory_position": "IP = on_hand + on_order, units",
    "days_of_cover": "on_hand / d, days; null when d = 0",
    "excess_cover_threshold_days": "days of cover above which the series is in excess, days",
    "status": "no_demand, stockout, critical, reorder, excess or ok (first that applies)",
    "review_days": "review period added to the order-up-to level, days",
    "order_up_to": "S = ROP + d * review_days, units",
    "suggested_order_qty": "max(0, S - IP) rounded up to a whole unit (0 when no_demand), units",
    "projected_stockout_date": "first day the cumulative expected demand exceeds on_hand; as_of "
    "when on_hand = 0; null beyond the horizon or when no_demand",
    "order_by_date": "projected_stockout_date - ceil(L) days, not before as_of",
    "unit_cost": "cost per unit, BRL",
    "inventory_value_brl": "on_hand * unit_cost, BRL",
    "suggested_order_value_brl": "suggested_order_qty * unit_cost, BRL",
}


# Names under which intermediate tables are registered in the caller's connection, then removed.
_DEMAND_VIEW = "__reorder_demand"
_EMPIRICAL_VIEW = "__reorder_empirical"
# Series per numpy block of the empirical quantile: bounds memory to ~100 MB whatever the scale.
_EMPIRICAL_BLOCK = 4096


def reorder_points(
    con: duckdb.DuckDBPyConnection, as_of: date, params: ReorderParams | None = None
) -> pa.Table:
    """fct_reorder_point as of ``as_of``: one row per row of ``series`` (see module docstring)."""
    params = params or ReorderParams()
    query_params = _query_params(as_of, params)
    _check_inputs(con, query_params)
    demand = _run(con, _DEMAND_SQL, query_params)
    try:
        con.register(_DEMAND_VIEW, demand)
        con.register(_EMPIRICAL_VIEW, _empirical_lead_time_demand(con, query_params))
        table = _run(con, _REORDER_SQL, query_params)
    finally:
        for view in (_DEMAND_VIEW, _EMPIRICAL_VIEW):
            con.unregister(view)
    return table.select(list(COLUMNS))


def _query_params(as_of: date, params: ReorderParams) -> dict[str, Any]:
    levels = sorted(params.service_levels.items())
    return {
        "as_of": as_of,
        "window_start": as_of - timedelta(days=params.history_days - 1),
        "history_days": params.history_days,
        "review_days": params.review_days,
        "min_observations": params.min_lead_time_observations,
        "min_lead_time": float(params.min_lead_time_days),
        "excess_min_days": float(params.excess_cover_min_days),
        "excess_multiple": float(params.excess_cover_multiple),
        "horizon": params.stockout_horizon_days,
        "empirical_classes": list(params.empirical_classes),
        "min_windows": params.min_empirical_windows,
        "criticalities": [criticality for criticality, _ in levels],
        "service_levels": [float(level) for _, level in levels],
        "z_values": [params.z(criticality) for criticality, _ in levels],
    }


def _run(con: duckdb.DuckDBPyConnection, query: str, query_params: dict[str, Any]) -> pa.Table:
    """Run a query with the parameters it names."""
    used = {name: value for name, value in query_params.items() if f"${name}" in query}
    return con.sql(query, params=used).to_arrow_table()


_CHECKS: tuple[tuple[str, str], ...] = (
    (
        "items: duplicate item_id",
        "select item_id from items group by item_id having count(*) > 1",
    ),
    (
        "suppliers: duplicate supplier_id",
        "select supplier_id from suppliers group by supplier_id having count(*) > 1",
    ),
    (
        "inventory_current: duplicate (item_id, warehouse_id)",
        "select item_id, warehouse_id from inventory_current group by all having count(*) > 1",
    ),
    (
        "error_scale: duplicate (item_id, warehouse_id)",
        "select item_id, warehouse_id from error_scale group by all having count(*) > 1",
    ),
    (
        "forecast: duplicate (item_id, warehouse_id, date) after as_of",
        """select item_id, warehouse_id, date from forecast where date > $as_of
        group by all having count(*) > 1""",
    ),
    (
        "series: item_id not in items",
        "select item_id from series anti join items using (item_id)",
    ),
    (
        "items: supplier_id without a nominal lead time in suppliers",
        """select i.item_id, i.supplier_id from items i semi join series s using (item_id)
        left join suppliers p using (supplier_id) where p.nominal_lead_time_days is null""",
    ),
    (
        "items: criticality without a service level",
        """select i.item_id, i.criticality from items i semi join series s using (item_id)
        where i.criticality is null or not list_contains($criticalities, i.criticality)""",
    ),
)


def _check_inputs(con: duckdb.DuckDBPyConnection, query_params: dict[str, Any]) -> None:
    """Fail loudly on inputs that would silently duplicate rows or distort the numbers."""
    for problem, query in _CHECKS:
        found = _run(con, f"select count(*) as n, any_value(x) as e from ({query}) x", query_params)
        count, example = found["n"][0].as_py(), found["e"][0].as_py()
        if count:
            raise ValueError(f"reorder_points: {problem} ({count} found, e.g. {example})")


def _empirical_lead_time_demand(
    con: duckdb.DuckDBPyConnection, query_params: dict[str, Any]
) -> pa.Table:
    """History quantile of L-day demand at the service level, for the empirical classes.

    A window starts on each day of the history window and spans ceil(L) days, the last one
    weighted by L's fraction (as the forecast's lead-time demand is). Windows that touch a censored
    day or run past as_of are left out. The quantile is the smallest window demand with at least
    the service level's share of windows at or below it; null below ``min_windows`` windows.
    """
    series = _run(con, _EMPIRICAL_SERIES_SQL, query_params)
    days = _run(con, _EMPIRICAL_DAYS_SQL, query_params)
    history_days: int = query_params["history_days"]
    lead_time = series["lead_time_days"].to_numpy()
    service_level = series["service_level"].to_numpy()
    rows = days["series_row"].to_numpy()
    day_index = days["day_index"].to_numpy()
    quantity = days["quantity"].to_numpy()
    censored = days["censored"].to_numpy(zero_copy_only=False)
    windows = np.zeros(series.num_rows, dtype=np.int64)
    quantile = np.full(series.num_rows, np.nan)
    for first in range(0, series.num_rows, _EMPIRICAL_BLOCK):
        last = min(first + _EMPIRICAL_BLOCK, series.num_rows)
        in_block = (rows >= first) & (rows < last)
        daily = np.zeros((last - first, history_days))
        daily[rows[in_block] - first, day_index[in_block]] = quantity[in_block]
        censored_days = np.zeros((last - first, history_days), dtype=bool)
        censored_days[rows[in_block] - first, day_index[in_block]] = censored[in_block]
        windows[first:last], quantile[first:last] = _window_quantiles(
            daily, censored_days, lead_time[first:last], service_level[first:last]
        )
    enough = windows >= query_params["min_windows"]
    return pa.table(
        {
            "item_id": series["item_id"],
            "warehouse_id": series["warehouse_id"],
            "empirical_windows": pa.array(windows),
            "empirical_lead_time_demand": pa.array(
                np.where(enough, quantile, np.nan), from_pandas=True
            ),
        }
    )


def _window_quantiles(
    daily: np.ndarray, censored: np.ndarray, lead_time: np.ndarray, service_level: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Usable window count and window-demand quantile per row of a (series x day) block."""
    n_series, n_days = daily.shape
    span = np.ceil(lead_time).astype(np.int64)
    cumulative = np.zeros((n_series, n_days + 1))
    np.cumsum(daily, axis=1, out=cumulative[:, 1:])
    censored_count = np.zeros((n_series, n_days + 1), dtype=np.int64)
    np.cumsum(censored, axis=1, out=censored_count[:, 1:])
    start = np.arange(n_days)[None, :]
    end = np.minimum(start + span[:, None], n_days)  # exclusive
    inside = start + span[:, None] <= n_days
    last_day = np.take_along_axis(daily, end - 1, axis=1)
    window_demand = (
        np.take_along_axis(cumulative, end, axis=1)
        - cumulative[:, :n_days]
        - (span - lead_time)[:, None] * last_day
    )
    uncensored = np.take_along_axis(censored_count, end, axis=1) == censored_count[:, :n_days]
    usable = inside & uncensored
    window_demand = np.sort(np.where(usable, window_demand, np.inf), axis=1)
    windows = usable.sum(axis=1)
    rank = np.clip(np.ceil(windows * service_level - 1e-9).astype(np.int64), 1, n_days)
    quantile = np.take_along_axis(window_demand, rank[:, None] - 1, axis=1)[:, 0]
    return windows, np.where(windows > 0, quantile, np.nan)


_DEMAND_SQL = f"""
with

service_levels as (
    select unnest($criticalities) as criticality, unnest($service_levels) as service_level,
        unnest($z_values) as z
),

series_items as (
    select s.item_id, s.warehouse_id, i.criticality, i.unit_cost, i.supplier_id, i.category,
        p.nominal_lead_time_days
    from (select distinct item_id, warehouse_id from series) s
    join items i using (item_id)
    join suppliers p using (supplier_id)
),

received_orders as (
    select item_id, supplier_id,
        date_diff('day', order_date, received_date)::double as order_to_receipt_days
    from purchase_orders
    where received_date is not null and received_date <= $as_of and received_date >= order_date
),

lead_time_history as (
    select item_id, supplier_id, count(*) as observations,
        avg(order_to_receipt_days) as mean_days,
        coalesce(stddev_samp(order_to_receipt_days), 0) as std_days
    from received_orders
    group by all
),

lead_times as (
    select si.*,
        coalesce(lh.observations, 0) as lead_time_observations,
        coalesce(lh.observations, 0) >= $min_observations as lead_time_from_history,
        greatest(
            $min_lead_time,
            if(lead_time_from_history, lh.mean_days, si.nominal_lead_time_days::double)
        ) as lead_time_days,
        if(lead_time_from_history, lh.std_days, 0.0) as lead_time_std_days,
        if(lead_time_from_history, 'history', 'nominal') as lead_time_source
    from series_items si
    left join lead_time_history lh using (item_id, supplier_id)
),

history_rows as (
    select d.item_id, d.warehouse_id, coalesce(d.quantity, 0)::double as quantity,
        coalesce(d.censored, false) as censored
    from demand_daily d
    semi join series_items s using (item_id, warehouse_id)
    where d.date between $window_start and $as_of
),

history as (
    select item_id, warehouse_id,
        count(*) filter (censored) as censored_days,
        count(*) filter (quantity > 0) as demand_days,
        coalesce(sum(quantity) filter (not censored), 0) as observed_sum,
        coalesce(sum(quantity * quantity) filter (not censored), 0) as observed_sum_sq,
        count(*) filter (not censored and quantity > 0) as observed_demand_days,
        avg(quantity) filter (not censored and quantity > 0) as mean_size,
        var_pop(quantity) filter (not censored and quantity > 0) as var_size
    from history_rows
    group by all
),

history_stats as (
    select s.item_id, s.warehouse_id,
        $history_days - coalesce(h.censored_days, 0) as history_observed_days,
        coalesce(h.censored_days, 0) as history_censored_days,
        coalesce(h.demand_days, 0) > 0 as has_history_demand,
        if(history_observed_days > 0,
            coalesce(h.observed_sum, 0) / history_observed_days, 0.0) as history_daily_demand,
        if(history_observed_days > 0,
            sqrt(greatest(0.0, coalesce(h.observed_sum_sq, 0) / history_observed_days
                - history_daily_demand * history_daily_demand)), 0.0) as history_demand_std,
        if(h.observed_demand_days > 0,
            history_observed_days / h.observed_demand_days, null) as adi,
        h.var_size / (h.mean_size * h.mean_size) as cv2,
        case
            when adi is null then 'no_demand'
            when adi < {ADI_CUTOFF} and cv2 < {CV2_CUTOFF} then 'smooth'
            when adi < {ADI_CUTOFF} then 'erratic'
            when cv2 < {CV2_CUTOFF} then 'intermittent'
            else 'lumpy'
        end as history_class
    from series_items s
    left join history h using (item_id, warehouse_id)
),

forecast_rows as materialized (
    select f.item_id, f.warehouse_id, date_diff('day', $as_of, f.date) as day_ahead,
        f.yhat::double as yhat, f.demand_class, f.model
    from forecast f
    semi join series_items s using (item_id, warehouse_id)
    where f.date > $as_of
),

forecast_summary as (
    select item_id, warehouse_id,
        arg_min(demand_class, day_ahead) as demand_class,
        arg_min(model, day_ahead) as model,
        max(day_ahead) as forecast_days,
        sum(yhat) as forecast_total,
        bool_or(yhat > 0) as has_positive_forecast
    from forecast_rows
    group by all
),

forecast_lead_time_demand as (
    select f.item_id, f.warehouse_id,
        sum(f.yhat * least(1.0, greatest(0.0, lt.lead_time_days - (f.day_ahead - 1))))
            as covered_demand
    from forecast_rows f
    join lead_times lt using (item_id, warehouse_id)
    group by all
),

final as (
    select lt.*, hs.* exclude (item_id, warehouse_id),
        fs.item_id is not null as has_forecast,
        coalesce(fs.demand_class, hs.history_class) as demand_class,
        fs.model,
        not hs.has_history_demand and not coalesce(fs.has_positive_forecast, false) as no_demand,
        if(has_forecast,
            fl.covered_demand + greatest(0.0, lt.lead_time_days - fs.forecast_days)
                * fs.forecast_total / fs.forecast_days,
            lt.lead_time_days * hs.history_daily_demand) as lead_time_demand,
        lead_time_demand / lt.lead_time_days as daily_demand,
        if(has_forecast, 'forecast', 'history') as demand_source,
        has_forecast and coalesce(isfinite(e.sigma_1d), false) as std_from_forecast,
        if(std_from_forecast, e.sigma_1d, hs.history_demand_std) as demand_std,
        if(std_from_forecast, 'forecast_error', 'history') as demand_std_source,
        sl.service_level, sl.z
    from lead_times lt
    join history_stats hs using (item_id, warehouse_id)
    join service_levels sl using (criticality)
    left join forecast_summary fs using (item_id, warehouse_id)
    left join forecast_lead_time_demand fl using (item_id, warehouse_id)
    left join error_scale e using (item_id, warehouse_id)
)

select * from final
"""

_EMPIRICAL_SERIES_CTE = f"""
empirical_series as (
    select item_id, warehouse_id, lead_time_days, service_level,
        row_number() over (order by item_id, warehouse_id) - 1 as series_row
    from {_DEMAND_VIEW}
    where list_contains($empirical_classes, demand_class)
)"""

_EMPIRICAL_SERIES_SQL = f"""
with
{_EMPIRICAL_SERIES_CTE},

final as (
    select * from empirical_series
)

select * from final order by series_row
"""

_EMPIRICAL_DAYS_SQL = f"""
with
{_EMPIRICAL_SERIES_CTE},

final as (
    select s.series_row, date_diff('day', $window_start, d.date) as day_index,
        coalesce(d.quantity, 0)::double as quantity, coalesce(d.censored, false) as censored
    from demand_daily d
    join empirical_series s using (item_id, warehouse_id)
    where d.date between $window_start and $as_of
)

select * from final
"""

_REORDER_SQL = f"""
with

safety as (
    select d.*, e.empirical_windows, e.empirical_lead_time_demand,
        d.z * sqrt(d.lead_time_days * d.demand_std * d.demand_std
            + d.daily_demand * d.daily_demand * d.lead_time_std_days * d.lead_time_std_days)
            as safety_stock_normal,
        coalesce(e.empirical_lead_time_demand - d.lead_time_demand > safety_stock_normal, false)
            as empirical_wins,
        if(empirical_wins, 'empirical', 'normal') as ss_method,
        if(empirical_wins, e.empirical_lead_time_demand - d.lead_time_demand,
            safety_stock_normal) as safety_stock,
        d.lead_time_demand + safety_stock as reorder_point
    from {_DEMAND_VIEW} d
    left join {_EMPIRICAL_VIEW} e using (item_id, warehouse_id)
),

inventory as (
    select s.*,
        coalesce(inv.on_hand, 0)::double as on_hand,
        coalesce(inv.on_order, 0)::double as on_order
    from safety s
    left join inventory_current inv using (item_id, warehouse_id)
),

positions as (
    select *,
        on_hand + on_order as inventory_position,
        if(daily_demand > 0, on_hand / daily_demand, null) as days_of_cover,
        greatest($excess_min_days, $excess_multiple * (lead_time_days + $review_days))
            as excess_cover_threshold_days,
        case
            when no_demand then 'no_demand'
            when on_hand <= 0 then 'stockout'
            when on_hand <= safety_stock then 'critical'
            when inventory_position <= reorder_point then 'reorder'
            when days_of_cover > excess_cover_threshold_days then 'excess'
            else 'ok'
        end as status,
        reorder_point + daily_demand * $review_days as order_up_to,
        if(status = 'no_demand', 0,
            ceil(round(greatest(0.0, order_up_to - inventory_position), 6)))::bigint
            as suggested_order_qty
    from inventory
),

forecast_cumulative as (
    select f.item_id, f.warehouse_id, date_diff('day', $as_of, f.date) as day_ahead,
        sum(f.yhat) over (partition by f.item_id, f.warehouse_id order by f.date) as cumulative
    from forecast f
    semi join {_DEMAND_VIEW} d using (item_id, warehouse_id)
    where f.date > $as_of and f.date <= $as_of::date + $horizon::integer
),

forecast_stockouts as (
    select fc.item_id, fc.warehouse_id, min(fc.day_ahead) as stockout_day
    from forecast_cumulative fc
    join positions p using (item_id, warehouse_id)
    where fc.cumulative > p.on_hand
    group by all
),

stockouts as (
    select p.*,
        case
            when p.status = 'no_demand' then null
            when p.on_hand <= 0 then 0
            when p.has_forecast then fs.stockout_day
            when p.history_daily_demand > 0
                then floor(round(p.on_hand / p.history_daily_demand, 9))::bigint + 1
        end as stockout_day
    from positions p
    left join forecast_stockouts fs using (item_id, warehouse_id)
),

final as (
    select *,
        $as_of::date as as_of_date,
        $review_days as review_days,
        if(stockout_day <= $horizon, $as_of::date + stockout_day::integer, null)
            as projected_stockout_date,
        if(projected_stockout_date is null, null,
            greatest($as_of::date, projected_stockout_date - ceil(lead_time_days)::integer))
            as order_by_date,
        on_hand * unit_cost as inventory_value_brl,
        suggested_order_qty * unit_cost as suggested_order_value_brl
    from stockouts
)

select * from final order by item_id, warehouse_id
"""
