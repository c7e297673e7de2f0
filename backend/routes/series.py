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
from backend.schemas import SeriesAnswer
from backend.snapshot import Snapshot

router = APIRouter(tags=["series"])

Grain = Literal["day", "week", "month"]
DEFAULT_HISTORY_DAYS = 365
MAX_RANGE_DAYS = 3700
INTERVAL_FIELDS = ("yhat", "yhat_lo80", "yhat_hi80", "yhat_lo95", "yhat_hi95")

# Three reads of one series. Loaded tables are read by the series' rowid run
# (Snapshot.series_rows), Parquet views by key.
# Stock positions are changes (a position holds until the next), few per series: all up to the
# last day are read and the one in force on the first day is kept. The zero-fill and the
# week/month sums are done in Python below, over at most a few thousand days of this one series.
DEMAND = """
select date, quantity, censored from fct_demand_daily
where {series} and date between $3 and $4
order by date
"""
POSITIONS = """
select date, on_hand, on_order from fct_inventory_daily
where {series} and date <= $3
order by date
"""
FORECAST = """
select date, yhat, yhat_lo80, yhat_hi80, yhat_lo95, yhat_hi95 from fct_forecast
where {series} and date >= $3 and ($4::date is null or date <= $4)
order by date
"""
BY_KEY = "item_id = $1 and warehouse_id = $2"
BY_RUN = "rowid between $1 and $2"
FORECAST_BY_KEY = FORECAST.replace("{series}", BY_KEY + " and model_version = $5")


def _where(run: tuple[int, int] | None, key: list[Any]) -> tuple[str, list[Any]]:
    """The series filter and its two parameters: the rowid run when known, else the key."""
    return (BY_KEY, key) if run is None else (BY_RUN, list(run))


def read_series(
    snapshot: Snapshot,
    item_id: str,
    warehouse_id: str,
    version: str,
    first: date,
    last: date | None,
    as_of: date,
) -> tuple[list[dict], list[dict], list[dict]]:
    """(demand days, stock positions, forecast days) of one series, each sorted by date."""
    key = [item_id, warehouse_id]
    rows = snapshot.rows_of(item_id, warehouse_id)
    where, series = _where(rows.demand if rows else None, key)
    demand = [
        {"date": day, "quantity": quantity, "censored": bool(censored)}
        for day, quantity, censored in snapshot.rows(
            DEMAND.format(series=where), [*series, first, as_of]
        )
    ]
    where, series = _where(rows.positions if rows else None, key)
    positions = [
        {"date": day, "on_hand": on_hand, "on_order": on_order}
        for day, on_hand, on_order in snapshot.rows(
            POSITIONS.format(series=where), [*series, as_of]
        )
    ]
    in_force = sum(1 for p in positions if p["date"] <= first)  # the first day's is the last
    positions = positions[max(in_force - 1, 0) :]
    if rows is not None and rows.forecast is not None and version == snapshot.model_version:
        found = snapshot.rows(FORECAST.format(series=BY_RUN), [*rows.forecast, first, last])
    else:
        found = snapshot.rows(FORECAST_BY_KEY, [*key, first, last, version])
    forecast = [dict(zip(("date", *INTERVAL_FIELDS), row, strict=True)) for row in found]
    return demand, positions, forecast


def period_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def history_points(
    first: date, last: date, demand: list[dict], positions: list[dict], grain: str
) -> list[dict[str, Any]]:
    """Zero-filled days (a missing day had zero demand), stock as of each day, by period."""
    by_day = {row["date"]: row for row in demand}
    points: list[dict[str, Any]] = []
    position: dict[str, Any] | None = None
    next_position = 0
    day = first
    while day <= last:
        while next_position < len(positions) and positions[next_position]["date"] <= day:
            position = positions[next_position]
            next_position += 1
        row = by_day.get(day)
        quantity = row["quantity"] if row else 0.0
        censored = bool(row["censored"]) if row else False
        start = period_start(day, grain)
        if not points or points[-1]["date"] != start:
            points.append(
                {"date": start, "quantity": 0.0, "censored": False, "censored_days": 0, "days": 0}
            )
        point = points[-1]
        point["quantity"] += quantity
        point["censored"] = point["censored"] or censored
        point["censored_days"] += censored
        point["days"] += 1
        point["on_hand"] = position["on_hand"] if position else None  # the period's last day
        point["on_order"] = position["on_order"] if position else None
        day += timedelta(days=1)
    return points


def forecast_points(rows: list[dict], grain: str) -> list[dict[str, Any]]:
    """Daily forecast rows, summed per period when the grain is week or month."""
    if grain == "day":
        return [{**row, "days": 1} for row in rows]
    points: list[dict[str, Any]] = []
    for row in rows:
        start = period_start(row["date"], grain)
        if not points or points[-1]["date"] != start:
            points.append({"date": start, **dict.fromkeys(INTERVAL_FIELDS, 0.0), "days": 0})
        point = points[-1]
        for field in INTERVAL_FIELDS:
            point[field] += row[field] or 0.0
        point["days"] += 1
    return points


ACCURACY_COLUMNS = """
select source, model, demand_class, n_points, rmsse, rmsse_snaive, mae, rmse, wape, bias,
       coverage80, coverage95, first_date, last_date
from fct_forecast_accuracy
"""
ACCURACY_BY_KEY = (
    ACCURACY_COLUMNS
    + "where item_id = $1 and warehouse_id = $2 and model_version = $3 order by source"
)
ACCURACY_AT_ROW = ACCURACY_COLUMNS + "where rowid = $1"  # one read per row: a range scan


def _resolve(snapshot: Snapshot, item_id: str, warehouse_id: str) -> dict[str, Any]:
    item = snapshot.item(item_id)
    if item is None:
        raise not_found(f"unknown item {item_id!r}")
    warehouse = snapshot.warehouse(warehouse_id)
    if warehouse is None:
        raise not_found(f"unknown warehouse {warehouse_id!r}")
    index = snapshot.series_rows
    if index is None:
        reorder = snapshot.query(
            "select * from fct_reorder_point where item_id = $1 and warehouse_id = $2",
            [item_id, warehouse_id],
        )
    else:
        rows = index.get(item_id, warehouse_id)
        reorder = [] if rows is None else snapshot.query(
            "select * from fct_reorder_point where rowid = $1", [rows.reorder]
        )  # fmt: skip
    if not reorder:
        raise not_found(f"item {item_id!r} has no series in warehouse {warehouse_id!r}")
    return {"item": item, "warehouse": warehouse, "reorder": reorder[0]}


def read_accuracy(
    snapshot: Snapshot, item_id: str, warehouse_id: str, version: str
) -> list[dict[str, Any]]:
    """The series' backtest and live accuracy rows of one model version."""
    rows = snapshot.rows_of(item_id, warehouse_id)
    if rows is not None and rows.accuracy is not None and version == snapshot.model_version:
        found = [row for rowid in rows.accuracy for row in snapshot.query(ACCURACY_AT_ROW, [rowid])]
        return sorted(found, key=lambda row: row["source"])
    return snapshot.query(ACCURACY_BY_KEY, [item_id, warehouse_id, version])


@router.get(
    "/series/{item_id}/{warehouse_id}",
    response_model=SeriesAnswer,
    summary="History (zero-filled, censored days marked), forecast, stock and SS/ROP lines",
)
async def get_series(
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
        demand, positions, forecast = read_series(
            snapshot, item_id, warehouse_id, version, first, end, as_of
        )
        last = end or (forecast[-1]["date"] if forecast else as_of)
        if first > last:
            raise HTTPException(422, "bad parameter: start must not be after end")
        if (last - first).days > MAX_RANGE_DAYS:
            raise HTTPException(422, f"bad parameter: the range exceeds {MAX_RANGE_DAYS} days")
        history = []
        if first <= as_of:
            history = history_points(first, min(last, as_of), demand, positions, grain)
        forecast = forecast_points(forecast, grain)
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
                "accuracy": read_accuracy(snapshot, item_id, warehouse_id, version),
            }
        }

    return await cached(cache, snapshot, "series", params, compute)
