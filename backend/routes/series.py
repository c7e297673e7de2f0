"""One item x warehouse series: demand history, forecast with intervals, stock, SS/ROP lines.

Read from the gold facts (docs/gold-snapshot.md) by key, one query for the history and one for
the forecast. ``fct_demand_daily`` is sparse: a missing day had zero demand (and was not
censored), so the history is zero-filled over the requested range. Censored days (on_hand = 0:
observed demand is a lower bound) keep their flag. A stock position holds until the next one
(an as-of join). At week or month grain, quantities are summed per period (periods start on
Monday / the 1st), stock is the position on the period's last day, and a period's bands are the
quantiles of its total from the predictive distribution (``fct_forecast_period``), never summed
daily bounds; a snapshot built from an export without period quantiles says so in
``interval_method`` (``sum_of_daily_bounds``, a conservative band).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from backend.deps import ID_PATTERN, CacheDep, ItemId, SnapshotDep, WarehouseId, not_found
from backend.schemas import REORDER_POINT_LEVELS, SeriesAnswer
from backend.snapshot import Read, Snapshot

router = APIRouter(tags=["series"])
# An uncached answer reads its history here while the request's thread reads the rest: about
# 3 ms off its p50 at L with one connection on 2 cores (docs/performance.md).
_READS = ThreadPoolExecutor(8, thread_name_prefix="series-history")

Grain = Literal["day", "week", "month"]
DEFAULT_HISTORY_DAYS = 365
MAX_RANGE_DAYS = 3700
INTERVAL_FIELDS = ("yhat", "yhat_lo80", "yhat_hi80", "yhat_lo95", "yhat_hi95")
ACCURACY_FIELDS = (
    "source", "model", "demand_class", "n_points", "rmsse", "rmsse_snaive", "mae", "rmse",
    "wape", "bias", "coverage80", "coverage95", "first_date", "last_date",
)  # fmt: skip

# $1 item, $2 warehouse, $3 first day, $4 last day, $5 grain. One row per period from the
# period of the first day to the last (a day is its own period at day grain): the days of the
# range it holds, its demand summed from the sparse demand rows (a day without a row had zero
# demand and was not censored) and the stock position in force on its last day in the range (the
# latest on or before that day; null before the first).
HISTORY = """
with periods as (
    select unnest(generate_series(date_trunc($5, $3::date), $4::date, ('1 ' || $5)::interval))::date
        as date
),
spans as (
    select date, greatest(date, $3::date) as first_day,
           least((date + ('1 ' || $5)::interval)::date - 1, $4::date) as last_day
    from periods
),
demand as (
    select date_trunc($5, date)::date as date, sum(quantity)::double as quantity,
           bool_or(censored) as censored, count(*) filter (where censored) as censored_days
    from fct_demand_daily
    where item_id = $1 and warehouse_id = $2 and date between $3 and $4
    group by 1
),
positions as (
    select date, on_hand, on_order from fct_inventory_daily
    where item_id = $1 and warehouse_id = $2 and date <= $4
),
final as (
    select spans.date, coalesce(d.quantity, 0.0) as quantity,
           coalesce(d.censored, false) as censored, coalesce(d.censored_days, 0) as censored_days,
           last_day - first_day + 1 as days, p.on_hand, p.on_order
    from spans
    left join demand d using (date)
    asof left join positions p on spans.last_day >= p.date
)
select * from final order by date
"""
# $1 item, $2 warehouse, $3 model version, $4 first day, $5 last day (null: to the end), $6 grain
_SUMS = ", ".join(f"sum({field})::double as {field}" for field in INTERVAL_FIELDS)
FORECAST = f"""
with forecast as (
    select * from fct_forecast
    where item_id = $1 and warehouse_id = $2 and model_version = $3
      and date >= $4 and ($5::date is null or date <= $5)
),
final as (
    select date_trunc($6, date)::date as date, {_SUMS}, count(*) as days, max(date) as through
    from forecast
    group by 1
)
select * from final order by date
"""
# $1 item, $2 warehouse, $3 model version, $4 grain: the period bands of the distribution, from
# the band columns of fct_forecast_period; a snapshot built before them (gold version 2) has only
# the quantiles, and its bands are the equal-tailed ones.
BAND_COLUMNS = {"yhat_lo95": "lo95", "yhat_lo80": "lo80", "yhat_hi80": "hi80", "yhat_hi95": "hi95"}
QUANTILE_BANDS = {
    "yhat_lo95": "q025",
    "yhat_lo80": "q100",
    "yhat_hi80": "q900",
    "yhat_hi95": "q975",
}


def _periods_sql(columns: dict[str, str]) -> str:
    bounds = ", ".join(f"{column} as {name}" for name, column in columns.items())
    return f"""
select period_start as date, {bounds}
from fct_forecast_period
where item_id = $1 and warehouse_id = $2 and model_version = $3 and grain = $4
"""


PERIODS = _periods_sql(BAND_COLUMNS)
PERIODS_BEFORE_BANDS = _periods_sql(QUANTILE_BANDS)
PERIOD_BANDS = tuple(BAND_COLUMNS)
REORDER = "select * from fct_reorder_point where item_id = $1 and warehouse_id = $2"
ACCURACY = f"""
select {", ".join(ACCURACY_FIELDS)} from fct_forecast_accuracy
where item_id = $1 and warehouse_id = $2 and model_version = $3 order by source
"""


def _check_range(first: date, last: date) -> None:
    if first > last:
        raise HTTPException(422, "bad parameter: start must not be after end")
    if (last - first).days > MAX_RANGE_DAYS:
        raise HTTPException(422, f"bad parameter: the range exceeds {MAX_RANGE_DAYS} days")


def series_answer(
    snapshot: Snapshot,
    item_id: str,
    warehouse_id: str,
    grain: str,
    start: date | None,
    end: date | None,
    model_version: str | None,
) -> dict[str, Any]:
    """The ``data`` of a series answer; HTTPException 404/422 for what cannot be answered."""
    item = snapshot.item(item_id)
    if item is None:
        raise not_found(f"unknown item {item_id!r}")
    warehouse = snapshot.warehouse(warehouse_id)
    if warehouse is None:
        raise not_found(f"unknown warehouse {warehouse_id!r}")
    with snapshot.reader() as read:  # one cursor for the answer's reads
        found = read(REORDER, [item_id, warehouse_id])
        if not found:
            raise not_found(f"item {item_id!r} has no series in warehouse {warehouse_id!r}")
        reorder = found[0]
        reorder["reorder_point_levels"] = list(REORDER_POINT_LEVELS)  # the what-if's steps
        as_of = reorder["as_of_date"] or snapshot.as_of_date or date.today()
        version = model_version or snapshot.model_version or ""
        first = start or as_of - timedelta(days=DEFAULT_HISTORY_DAYS - 1)
        if end is not None:  # before reading anything
            _check_range(first, end)
        key = [item_id, warehouse_id]
        # The history (two Parquet reads, the bigger half of the answer) is read in another
        # thread meanwhile, to min(end, as_of); the forecast ends it earlier only when it ends
        # before as_of (an older model version): the history is then read again to that day.
        ends = min(end or as_of, as_of)
        history_read = None
        if first <= as_of and (ends - first).days <= MAX_RANGE_DAYS:
            history_read = _READS.submit(snapshot.query, HISTORY, [*key, first, ends, grain])
        forecast = read(FORECAST, [*key, version, first, end, grain])
        through = [point.pop("through") for point in forecast]  # each period's last forecast day
        if grain == "day":
            interval_method = "daily"
        elif "fct_forecast_period" in snapshot.tables:
            sql = _periods_query(snapshot.tables["fct_forecast_period"])
            interval_method = _period_bands(read, sql, key, version, grain, forecast)
        else:
            interval_method = "sum_of_daily_bounds"
        last = end or (through[-1] if through else as_of)
        _check_range(first, last)
        history = history_read.result() if history_read is not None else []
        if first <= as_of and (history_read is None or min(last, as_of) != ends):
            history = read(HISTORY, [*key, first, min(last, as_of), grain])
        accuracy = read(ACCURACY, [*key, version])
    return {
        "item": item,
        "warehouse": warehouse,
        "grain": grain,
        "start": first,
        "end": last,
        "as_of_date": as_of,
        "model_version": version or None,
        "interval_method": interval_method,
        "history": history,
        "forecast": forecast,
        "lines": {
            "safety_stock": reorder["safety_stock"],
            "reorder_point": reorder["reorder_point"],
            "order_up_to": reorder["order_up_to"],
        },
        "reorder": reorder,
        "accuracy": accuracy,
    }


def _periods_query(table: dict[str, Any]) -> str:
    """The bands query for the snapshot's ``fct_forecast_period`` (its manifest entry)."""
    names = {column.get("name") for column in table.get("columns") or []}
    return PERIODS if set(BAND_COLUMNS.values()) <= names else PERIODS_BEFORE_BANDS


def _period_bands(
    read: Read,
    sql: str,
    key: list[str],
    version: str,
    grain: str,
    forecast: list[dict[str, Any]],
) -> str:
    """Replace the week/month points' bounds by the distribution's bands of the period total
    where the snapshot has them; returns the interval method the points then carry."""
    if not forecast:
        return "sum_of_daily_bounds"
    bands = {row.pop("date"): row for row in read(sql, [*key, version, grain])}
    if not all(point["date"] in bands for point in forecast):
        return "sum_of_daily_bounds"
    for point in forecast:
        point.update({name: bands[point["date"]][name] for name in PERIOD_BANDS})
    return "distribution"


@router.get(
    "/series/{item_id}/{warehouse_id}",
    response_model=SeriesAnswer,
    summary="History (zero-filled, censored days marked), forecast, stock and SS/ROP lines",
)
def get_series(
    item_id: ItemId,
    warehouse_id: WarehouseId,
    snapshot: SnapshotDep,
    cache: CacheDep,
    grain: Grain = "day",
    start: Annotated[date | None, Query(description="first day; default as_of - 365 days")] = None,
    end: Annotated[date | None, Query(description="last day; default the forecast's end")] = None,
    model_version: Annotated[
        str | None, Query(pattern=ID_PATTERN, description="default: the snapshot's current")
    ] = None,
) -> Response:
    if start is not None and end is not None and start > end:
        raise HTTPException(422, "bad parameter: start must not be after end")
    if (hit := cache.hit()) is not None:
        return hit
    data = series_answer(snapshot, item_id, warehouse_id, grain, start, end, model_version)
    return cache.answer({"data": data})
