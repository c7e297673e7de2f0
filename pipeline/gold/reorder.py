"""fct_reorder_point: reorder point, order-up-to level and order suggestion per item x warehouse.

Implements the reorder point of docs/gold-snapshot.md as of one day (``as_of``). The caller
registers these relations (views or Arrow tables) in the DuckDB connection first; quantities
are in units, costs in BRL:

- ``items(item_id, criticality, unit_cost, supplier_id, category[, moq, order_multiple])``:
  criticality 'A' | 'B' | 'C' (any key of ``ReorderParams.service_levels``), unit_cost in BRL per
  unit; ``moq`` and ``order_multiple`` (units) are optional columns, and null means no constraint;
- ``suppliers(supplier_id, nominal_lead_time_days)``: the supplier's promised lead time, in days;
- ``series(item_id, warehouse_id)``: the pairs to compute; each gets exactly one output row;
- ``demand_daily(item_id, warehouse_id, date, quantity, censored)``: units per day up to as_of,
  one row per key at most, SPARSE: a missing day is zero demand and not censored;
- ``inventory_current(item_id, warehouse_id, on_hand, on_order)``: units at as_of; a missing
  pair counts as 0 on hand and 0 on order;
- ``purchase_orders(po_id, item_id, warehouse_id, supplier_id, order_date, received_date[,
  expected_date])``: received_date is null while the order is open;
- ``forecast(item_id, warehouse_id, date, yhat, demand_class, model)``: the current model
  version's forecast, units per day; rows up to as_of are ignored; may lack series or be empty;
- ``error_scale(item_id, warehouse_id, sigma_1d[, lump_size])``: RMSE of one-day forecast errors
  from the backtest, units per day; may lack series;
- ``forecast_distribution(item_id, warehouse_id, horizon_days, level, quantity, mean)``: the
  current export's quantiles of cumulative demand (docs/ml-export.md); optional, may be empty.

The reorder point covers the protection interval of a periodic review, ``L + R`` days
(``R = review_days``): an order is only placed at a review, so stock that crosses the reorder
point just after one waits up to R days before the order, then L days for it to arrive. Covering
only L promises the service level to a planner who reviews continuously; at a weekly review the
replay (docs/benchmarks.md) delivered 0.83 instead of 0.99 for A parts. With ``d`` the expected
daily demand over the lead time, the order-up-to level is ``S = reorder_point + d R`` (an order
also covers the demand until the next review; for an insured dormant part only the whole units
of it, else every order of a part that rarely moves would carry one more unit) and
``safety_stock = reorder_point - D_L - d R``.

The method, per series (``rop_method``):

- ``distribution``: the series is in the forecast distribution. The reorder point is the
  service-level quantile of demand over L + R, from the distribution mixed over the lead-time
  points (``pipeline.gold.lead_time_quantiles``, ``pipeline.gold.distribution``);
  ``lead_time_demand`` is the mixture's mean over L (the safety stock is negative where the
  quantile is below the mean, as for a mostly-zero demand);
- ``insurance``: a dormant critical part (criticality in ``insurance_criticalities``, demand in the
  last ``insurance_lookback_days`` but nothing stocked by the forecast: no demand in the history
  window and no positive forecast, a zero lead-time demand, or a ``no_recent_demand`` series
  whose distribution's reorder point is under one unit; a dormant part whose forecast expects
  demand keeps the distribution's quantile, which sees its lumps). Reorder point: the
  Poisson quantile at the service level of the long-run daily rate (lookback units / lookback
  days, from the first day of data at the latest) x (L + R), at least 1 unit;
- ``normal_fallback``: no distribution (first run before ml_env, an older export, a series
  missing from it): ``lead_time_demand`` from the daily forecast (or the history mean without
  one), ``SS = z sqrt((L + R) sigma_d² + d² sigma_L²)``, and for the ``empirical_classes`` the
  history quantile of (L + R)-day windows when it exceeds that (``pipeline.gold.empirical``:
  censored windows kept as right-censored, so a stockout never lowers it).

``safety_stock_normal`` (the normal formula) is a reference column for every method.

Lead time: received purchase orders (received on or before as_of) of the item from the item's
current supplier, from every warehouse (a supplier ships the same part at a similar pace to any
warehouse; pooling gives enough orders). With at least ``min_lead_time_observations`` of them the
mixture points are the observed lead times (equal weight each) or, past
``lead_time_mixture_points`` of them, that many of their quantiles at (k + 0.5) / n; else the
nominal lead time is a point mass. Every point and the mean are floored at
``min_lead_time_days``.

Orders, an (s, S) policy: with ``IP = on_hand + on_order``, a line orders only when
``IP <= reorder_point`` and ``order_up_to > IP``: ``order_up_to - IP`` rounded up to a whole unit,
then raised to ``moq`` and rounded up to a multiple of ``order_multiple`` when the item has them.
Status (``STATUSES``, first that applies) follows the numbers: ``no_demand``, ``stockout``
(on_hand = 0), ``critical`` (on_hand <= SS), ``reorder`` (something to order), ``excess``
(on_hand above the order-up-to level and more days of cover than the threshold), ``ok``. A line
with something to order is always stockout, critical or reorder; ``status_reason`` says why each
line has its status (a stockout with nothing to order: covered by open orders arriving by the
latest expected date of the open purchase orders).

Projected stockout: for a forecast series, the first day whose cumulative forecast exceeds
on_hand, within the forecast and ``stockout_horizon_days``; for a history series, the first day
on which the history rate times the day count exceeds on_hand, within the horizon.

Inputs that would make numbers silently wrong (duplicate keys, an item, supplier or criticality
that does not resolve) raise ``ValueError`` naming the relation and an example.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa

from pipeline.gold import reorder_sql as sql
from pipeline.gold.distribution import poisson_quantile
from pipeline.gold.empirical import empirical_lead_time_demand
from pipeline.gold.lead_time_quantiles import OUTPUT as DISTRIBUTION_OUTPUT
from pipeline.gold.lead_time_quantiles import distribution_quantiles
from pipeline.gold.params import ReorderParams
from pipeline.gold.tables import STATUSES

KEY = ("item_id", "warehouse_id")

__all__ = ["COLUMNS", "STATUSES", "reorder_points"]

LEAD_TIME_SOURCES = ("history", "nominal")
ROP_METHODS = sql.ROP_METHODS
DEMAND_SOURCES = ("distribution", "forecast", "history", "long_run_history")
DEMAND_STD_SOURCES = ("forecast_error", "history")
SS_METHODS = ("distribution", "insurance", "normal", "empirical")
# demand_class without a forecast; with one, the forecast's own class (ml_env may add
# short_history and no_recent_demand).
HISTORY_CLASSES = ("smooth", "erratic", "intermittent", "lumpy", "no_demand")

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
    "rop_method": "distribution (quantile of the forecast distribution), normal_fallback (no "
    "distribution for the series) or insurance (dormant critical part)",
    "rop_reason": "why this method, in words (the inputs it used)",
    "lead_time_days": "L: mean order-to-receipt time, days (at least min_lead_time_days)",
    "lead_time_std_days": "sigma_L: sample std of order-to-receipt time, days (0 when nominal)",
    "lead_time_source": "history (received purchase orders) or nominal (supplier's promise)",
    "lead_time_observations": "received purchase orders of the item from its supplier, count",
    "lead_time_point_count": "lead times in the mixture, equal weight each (1: a point mass)",
    "lead_time_min_days": "shortest lead time in the mixture, days",
    "lead_time_max_days": "longest lead time in the mixture, days",
    "service_level": "target cycle service level from criticality, probability 0-1",
    "z": "standard normal quantile of service_level (for safety_stock_normal)",
    "lead_time_demand": "D_L: expected demand over the lead time, units (the mixture's mean for "
    "distribution; the long-run rate x L for insurance)",
    "daily_demand": "d = D_L / L, units per day",
    "demand_source": "distribution, forecast (daily forecast), history (mean over the history "
    "window's uncensored days) or long_run_history (insurance)",
    "distribution_horizon_days": "last horizon of the distribution grid, days; null without one",
    "reorder_point_by_level": "the reorder point at each service level 0.80, 0.85, 0.90, "
    "0.925, 0.95, 0.96, 0.97, 0.975, 0.98, 0.99, 0.995 (same mixture quantile), units; for the "
    "what-if slider; null unless rop_method = distribution",
    "distribution_extrapolated": "a lead time (+ review) beyond distribution_horizon_days: "
    "extrapolated (mean x r, spread x sqrt(r), r = days / horizon); null without a distribution",
    "lump_size": "typical units per demand occurrence from the ML export; null when not exported",
    "demand_std": "sigma_d: std of one day's demand (or forecast error), units per day",
    "demand_std_source": "forecast_error (backtest RMSE) or history (std of daily demand)",
    "history_observed_days": "uncensored days in the history window, days",
    "history_censored_days": "censored days (on_hand = 0) in the history window, days",
    "adi": "average demand interval over uncensored history days, days; null without demand",
    "cv2": "squared coefficient of variation of nonzero daily demand; null without demand",
    "lookback_demand_units": "demand over the insurance lookback window, units",
    "lookback_days": "days of the insurance lookback window (from the first day of data), days",
    "long_run_daily_demand": "lookback_demand_units / lookback_days, units per day",
    "safety_stock_normal": "reference: z * sqrt((L + review_days) sigma_d² + d² sigma_L²), units",
    "empirical_windows": "windows of L + review_days days of history (normal_fallback, empirical "
    "classes); null when not computed",
    "empirical_censored_windows": "of those, windows touching a censored day (kept as "
    "right-censored: demand at least their value)",
    "empirical_lead_time_demand": "Kaplan-Meier history quantile of demand over L + review_days "
    "at service_level, units; null when not used (method, class or too few windows)",
    "ss_method": "distribution, insurance, normal, or empirical (normal_fallback when the "
    "history quantile exceeds the normal SS)",
    "safety_stock": "SS = reorder_point - lead_time_demand - d x review_days, units (negative when "
    "the quantile is below the mean)",
    "reorder_point": "ROP: service-level quantile of demand over L + review_days (the protection "
    "interval of a periodic review), units",
    "on_hand": "stock on hand at as_of, units",
    "on_order": "open purchase quantity at as_of, units",
    "open_orders_expected_by": "latest expected date of the open purchase orders; null without",
    "inventory_position": "IP = on_hand + on_order, units",
    "days_of_cover": "on_hand / d, days; null when d = 0",
    "excess_cover_threshold_days": "days of cover above which the series is in excess, days",
    "status": "no_demand, stockout, critical, reorder, excess or ok (first that applies)",
    "status_reason": "why the status and the quantity, in words",
    "review_days": "R: days between reviews; the reorder point covers L + R, days",
    "order_up_to": "S = reorder_point + d x review_days: an order covers the review period's "
    "expected demand (insurance: its whole units only), units",
    "moq": "minimum order quantity of the item, units; null: none",
    "order_multiple": "order in multiples of this, units; null: none",
    "suggested_order_qty": "when IP <= ROP: S - IP rounded up to a whole unit, then to moq and "
    "order_multiple; else 0, units",
    "projected_stockout_date": "first day the cumulative expected demand exceeds on_hand; as_of "
    "when on_hand = 0; null beyond the horizon or when no_demand",
    "order_by_date": "projected_stockout_date - ceil(L) days, not before as_of",
    "unit_cost": "cost per unit, BRL",
    "inventory_value_brl": "on_hand * unit_cost, BRL",
    "suggested_order_value_brl": "suggested_order_qty * unit_cost, BRL",
}

# Optional input columns: (relation, column, SQL type of the null that stands in).
_OPTIONAL = {
    "moq": ("items", "moq", "double"),
    "order_multiple": ("items", "order_multiple", "double"),
    "expected_date": ("purchase_orders", "expected_date", "date"),
    "lump_size": ("error_scale", "lump_size", "double"),
}
_PREFIX = {"items": "i.", "purchase_orders": "", "error_scale": "e."}


def reorder_points(
    con: duckdb.DuckDBPyConnection, as_of: date, params: ReorderParams | None = None
) -> pa.Table:
    """fct_reorder_point as of ``as_of``: one row per row of ``series`` (see module docstring)."""
    params = params or ReorderParams()
    query_params = _query_params(as_of, params)
    _check_inputs(con, query_params)
    demand = _run(con, sql.DEMAND_SQL.format(**_optional_columns(con)), query_params)
    views = {sql.DEMAND_VIEW: demand}
    try:
        con.register(sql.DEMAND_VIEW, demand)
        views[sql.DISTRIBUTION_VIEW] = _distribution(con, demand, params)
        con.register(sql.DISTRIBUTION_VIEW, views[sql.DISTRIBUTION_VIEW])
        query_params["distribution_available"] = views[sql.DISTRIBUTION_VIEW].num_rows > 0
        views[sql.EMPIRICAL_VIEW] = empirical_lead_time_demand(
            con, sql.EMPIRICAL_SERIES_SQL, sql.EMPIRICAL_DAYS_SQL, query_params
        )
        views[sql.INSURANCE_VIEW] = _insurance(con, query_params, params.review_days)
        for name in (sql.EMPIRICAL_VIEW, sql.INSURANCE_VIEW):
            con.register(name, views[name])
        table = _run(con, sql.REORDER_SQL, query_params)
    finally:
        for view in views:
            con.unregister(view)
    return table.select(list(COLUMNS))


def _query_params(as_of: date, params: ReorderParams) -> dict[str, Any]:
    levels = sorted(params.service_levels.items())
    points = params.lead_time_mixture_points
    return {
        "as_of": as_of,
        "window_start": as_of - timedelta(days=params.history_days - 1),
        "lookback_start": as_of - timedelta(days=params.insurance_lookback_days - 1),
        "history_days": params.history_days,
        "review_days": params.review_days,
        "min_observations": params.min_lead_time_observations,
        "min_lead_time": float(params.min_lead_time_days),
        "max_points": points,
        "point_levels": [(k + 0.5) / points for k in range(points)],
        "excess_min_days": float(params.excess_cover_min_days),
        "excess_multiple": float(params.excess_cover_multiple),
        "horizon": params.stockout_horizon_days,
        "empirical_classes": list(params.empirical_classes),
        "min_windows": params.min_empirical_windows,
        "insurance_criticalities": list(params.insurance_criticalities),
        "criticalities": [criticality for criticality, _ in levels],
        "service_levels": [float(level) for _, level in levels],
        "z_values": [params.z(criticality) for criticality, _ in levels],
    }


def _run(con: duckdb.DuckDBPyConnection, query: str, query_params: dict[str, Any]) -> pa.Table:
    """Run a query with the parameters it names."""
    used = {name: value for name, value in query_params.items() if f"${name}" in query}
    return con.sql(query, params=used).to_arrow_table()


def _columns(con: duckdb.DuckDBPyConnection, relation: str) -> set[str] | None:
    """The relation's columns; None when the caller did not register it."""
    try:
        return set(con.sql(f"select * from {relation} limit 0").columns)
    except duckdb.CatalogException:
        return None


def _optional_columns(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """SQL for each optional input column: the column, or a typed null without it."""
    found = {}
    for name, (relation, column, kind) in _OPTIONAL.items():
        present = column in (_columns(con, relation) or set())
        found[name] = f"{_PREFIX[relation]}{column}::{kind}" if present else f"null::{kind}"
    return found


def _distribution(
    con: duckdb.DuckDBPyConnection, demand: pa.Table, params: ReorderParams
) -> pa.Table:
    """Distribution quantiles of the series in ``forecast_distribution`` (empty without it)."""
    if _columns(con, "forecast_distribution") is None:
        return DISTRIBUTION_OUTPUT.empty_table()
    series = demand.select(["item_id", "warehouse_id", "lead_time_points", "service_level"])
    return distribution_quantiles(con, series, params.review_days)


def _insurance(
    con: duckdb.DuckDBPyConnection, query_params: dict[str, Any], review_days: int
) -> pa.Table:
    """Insurance reorder point of each dormant-part candidate (over lead time + review)."""
    candidates = _run(con, sql.INSURANCE_CANDIDATES_SQL, query_params)
    rate = candidates["long_run_daily_demand"].to_numpy()
    lead_time = candidates["lead_time_days"].to_numpy()
    level = candidates["service_level"].to_numpy()
    reorder_point = np.maximum(1, poisson_quantile(rate * (lead_time + review_days), level))
    return pa.table(
        {
            "item_id": candidates["item_id"],
            "warehouse_id": candidates["warehouse_id"],
            "insurance_reorder_point": reorder_point.astype(float),
        }
    )


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
