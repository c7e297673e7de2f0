"""One item x warehouse series: demand history, forecast with intervals, stock, SS/ROP lines.

``fct_demand_daily`` is sparse: a missing day had zero demand (and was not censored), so the
history is zero-filled over the requested range. Censored days (on_hand = 0: observed demand is a
lower bound) keep their flag. Stock positions hold until the next position (as-of join).
At week or month grain, quantities are summed per period (periods start on Monday / the 1st),
stock is the position at the period's last day, and interval bounds are the sums of the daily
bounds: a conservative band, wider than the true interval of the period total.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from backend.deps import (
    ID_PATTERN,
    CacheDep,
    ItemId,
    SnapshotDep,
    WarehouseId,
    cached,
    not_found,
)
from backend.snapshot import Snapshot

router = APIRouter(tags=["series"])

Grain = Literal["day", "week", "month"]
PERIOD = {  # code, never user text: the grain is validated against these keys
    "day": "d.date",
    "week": "date_trunc('week', d.date)::date",
    "month": "date_trunc('month', d.date)::date",
}
DEFAULT_HISTORY_DAYS = 365
MAX_RANGE_DAYS = 3700

HISTORY = """
with days as (
    select unnest(generate_series($3::date, $4::date, interval 1 day))::date as date
),
demand as (
    select date, quantity, censored from fct_demand_daily
    where item_id = $1 and warehouse_id = $2 and date between $3 and $4
),
positions as (
    select date, on_hand, on_order from fct_inventory_daily
    where item_id = $1 and warehouse_id = $2 and date <= $4
),
daily as (
    select d.date, coalesce(m.quantity, 0.0) as quantity,
           coalesce(m.censored, false) as censored, p.on_hand, p.on_order
    from days d
    left join demand m on m.date = d.date
    asof left join positions p on d.date >= p.date
),
final as (
    select {period} as date,
           sum(d.quantity) as quantity,
           bool_or(d.censored) as censored,
           count(*) filter (where d.censored) as censored_days,
           count(*) as days,
           arg_max(d.on_hand, d.date) as on_hand,
           arg_max(d.on_order, d.date) as on_order
    from daily d
    group by 1
)
select * from final order by date
"""

FORECAST = """
with daily as (
    select date, yhat, yhat_lo80, yhat_hi80, yhat_lo95, yhat_hi95, model, demand_class
    from fct_forecast
    where item_id = $1 and warehouse_id = $2 and model_version = $3
      and date between $4 and $5
),
final as (
    select {period} as date,
           sum(d.yhat) as yhat,
           sum(d.yhat_lo80) as yhat_lo80, sum(d.yhat_hi80) as yhat_hi80,
           sum(d.yhat_lo95) as yhat_lo95, sum(d.yhat_hi95) as yhat_hi95,
           count(*) as days
    from daily d
    group by 1
)
select * from final order by date
"""


def _resolve(snapshot: Snapshot, item_id: str, warehouse_id: str) -> dict[str, Any]:
    item = snapshot.query("select * from dim_item where item_id = $1", [item_id])
    if not item:
        raise not_found(f"unknown item {item_id!r}")
    warehouse = snapshot.query(
        "select * from dim_warehouse where warehouse_id = $1", [warehouse_id]
    )
    if not warehouse:
        raise not_found(f"unknown warehouse {warehouse_id!r}")
    reorder = snapshot.query(
        "select * from fct_reorder_point where item_id = $1 and warehouse_id = $2",
        [item_id, warehouse_id],
    )
    if not reorder:
        raise not_found(f"item {item_id!r} has no series in warehouse {warehouse_id!r}")
    return {"item": item[0], "warehouse": warehouse[0], "reorder": reorder[0]}


def _forecast_end(snapshot: Snapshot, item_id: str, warehouse_id: str, version: str) -> date | None:
    rows = snapshot.query(
        "select max(date) as last from fct_forecast "
        "where item_id = $1 and warehouse_id = $2 and model_version = $3",
        [item_id, warehouse_id, version],
    )
    return rows[0]["last"]


@router.get(
    "/series/{item_id}/{warehouse_id}",
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
    params = {
        "item": item_id, "warehouse": warehouse_id, "grain": grain,
        "start": start, "end": end, "model_version": model_version,
    }  # fmt: skip
    if start is not None and end is not None and start > end:
        raise HTTPException(422, "bad parameter: start must not be after end")

    def compute() -> dict[str, Any]:
        found = _resolve(snapshot, item_id, warehouse_id)
        as_of = found["reorder"]["as_of_date"] or snapshot.as_of_date or date.today()
        version = model_version or snapshot.model_version or ""
        first = start or as_of - timedelta(days=DEFAULT_HISTORY_DAYS - 1)
        last = end or _forecast_end(snapshot, item_id, warehouse_id, version) or as_of
        if first > last:
            raise HTTPException(422, "bad parameter: start must not be after end")
        if (last - first).days > MAX_RANGE_DAYS:
            raise HTTPException(422, f"bad parameter: the range exceeds {MAX_RANGE_DAYS} days")
        period = PERIOD[grain]
        history = []
        if first <= as_of:
            history = snapshot.query(
                HISTORY.format(period=period), [item_id, warehouse_id, first, min(last, as_of)]
            )
        forecast = snapshot.query(
            FORECAST.format(period=period), [item_id, warehouse_id, version, first, last]
        )
        reorder = found["reorder"]
        return {
            "data": {
                "item": found["item"],
                "warehouse": found["warehouse"],
                "grain": grain,
                "start": first,
                "end": last,
                "as_of_date": as_of,
                "model_version": version or None,
                "interval_method": "daily" if grain == "day" else "sum_of_daily_bounds",
                "history": history,
                "forecast": forecast,
                "lines": {
                    "safety_stock": reorder["safety_stock"],
                    "reorder_point": reorder["reorder_point"],
                    "order_up_to": reorder["order_up_to"],
                },
                "reorder": reorder,
            }
        }

    return cached(cache, snapshot, "series", params, compute)
