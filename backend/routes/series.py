"""One item x warehouse series: demand history, forecast with intervals, stock, SS/ROP lines.

``fct_demand_daily`` is sparse: a missing day had zero demand (and was not censored), so the
history is zero-filled over the requested range. Censored days (on_hand = 0: observed demand is a
lower bound) keep their flag. Stock positions hold until the next position (as-of join).
At week or month grain, quantities are summed per period (periods start on Monday / the 1st),
stock is the position at the period's last day, and interval bounds are the sums of the daily
bounds: a conservative band, wider than the true interval of the period total.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
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
# Field names shared by the facts, the series documents (the manifest's srv_series) and answers.
INTERVAL_FIELDS = ("yhat", "yhat_lo80", "yhat_hi80", "yhat_lo95", "yhat_hi95")
ACCURACY_FIELDS = (
    "source", "model", "demand_class", "n_points", "rmsse", "rmsse_snaive", "mae", "rmse",
    "wape", "bias", "coverage80", "coverage95", "first_date", "last_date",
)  # fmt: skip

# A series is answered from its document in ``srv_series`` (one row: the pipeline's projection of
# the facts below, for the snapshot's current model version), or read from the facts by key: a
# snapshot from before the documents, or another model version's forecast.
# Stock positions are changes (a position holds until the next), few per series: all up to the
# last day are read and the one in force on the first day is kept. The zero-fill and the
# week/month sums are done in Python below, over at most a few thousand days of this one series.
DEMAND = """
select date, quantity, censored from fct_demand_daily
where item_id = $1 and warehouse_id = $2 and date between $3 and $4
order by date
"""
POSITIONS = """
select date, on_hand, on_order from fct_inventory_daily
where item_id = $1 and warehouse_id = $2 and date <= $3
order by date
"""
FORECAST = """
select date, yhat, yhat_lo80, yhat_hi80, yhat_lo95, yhat_hi95 from fct_forecast
where item_id = $1 and warehouse_id = $2 and model_version = $3
  and date >= $4 and ($5::date is null or date <= $5)
order by date
"""
REORDER = "select * from fct_reorder_point where item_id = $1 and warehouse_id = $2"
ACCURACY = f"""
select {", ".join(ACCURACY_FIELDS)} from fct_forecast_accuracy
where item_id = $1 and warehouse_id = $2 and model_version = $3 order by source
"""
EPOCH = date(1970, 1, 1).toordinal()  # document days count from 1970-01-01
DEMAND_FIELDS = ("day", "quantity", "censored")
POSITION_FIELDS = ("day", "on_hand", "on_order")

Demand = list[tuple[date, float, bool]]  # sparse: a missing day had zero demand
Positions = list[tuple[date, float | None, float | None]]  # (first day, on_hand, on_order)
Forecast = list[tuple[Any, ...]]  # (day, yhat, yhat_lo80, yhat_hi80, yhat_lo95, yhat_hi95)


def _day(number: int) -> date:
    return date.fromordinal(EPOCH + number)


def _number(day: date) -> int:
    return day.toordinal() - EPOCH


def _rows(part: dict[str, list], fields: tuple[str, ...], lo: int, hi: int) -> Iterator[tuple]:
    """Rows lo..hi of a document part: equal-length lists by field ({} when there is none)."""
    return zip(*(part.get(field, [])[lo:hi] for field in fields), strict=True)


def history_from_document(
    doc: dict[str, Any], first: date, as_of: date
) -> tuple[Demand, Positions]:
    """Demand days in [first, as_of] and the stock positions from the one in force on first."""
    demand, positions = doc["demand"], doc["positions"]
    days = demand.get("day", [])
    lo, hi = bisect_left(days, _number(first)), bisect_right(days, _number(as_of))
    history = [(_day(day), *values) for day, *values in _rows(demand, DEMAND_FIELDS, lo, hi)]
    days = positions.get("day", [])
    lo = max(bisect_right(days, _number(first)) - 1, 0)  # the position in force on first
    hi = bisect_right(days, _number(as_of))
    held = [(_day(day), *values) for day, *values in _rows(positions, POSITION_FIELDS, lo, hi)]
    return history, held  # type: ignore[return-value]


def forecast_from_document(doc: dict[str, Any], first: date, last: date | None) -> Forecast:
    forecast = doc["forecast"]
    days = forecast.get("day", [])
    lo = bisect_left(days, _number(first))
    hi = len(days) if last is None else bisect_right(days, _number(last))
    days = list(map(date.fromordinal, (EPOCH + day for day in days[lo:hi])))
    return list(
        zip(days, *(forecast.get(field, [])[lo:hi] for field in INTERVAL_FIELDS), strict=True)
    )


def history_from_facts(
    snapshot: Snapshot, item_id: str, warehouse_id: str, first: date, as_of: date
) -> tuple[Demand, Positions]:
    key = [item_id, warehouse_id]
    history = [
        (day, quantity, bool(censored))
        for day, quantity, censored in snapshot.rows(DEMAND, [*key, first, as_of])
    ]
    positions = snapshot.rows(POSITIONS, [*key, as_of])
    in_force = sum(1 for p in positions if p[0] <= first)  # the first day's is the last
    return history, positions[max(in_force - 1, 0) :]


def forecast_from_facts(
    snapshot: Snapshot,
    item_id: str,
    warehouse_id: str,
    version: str,
    first: date,
    last: date | None,
) -> Forecast:
    return snapshot.rows(FORECAST, [item_id, warehouse_id, version, first, last])


def period_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def history_points(
    first: date, last: date, demand: Demand, positions: Positions, grain: str
) -> list[dict[str, Any]]:
    """Zero-filled days (a missing day had zero demand), stock as of each day, by period."""
    days = range(first.toordinal(), last.toordinal() + 1)  # as ordinals: dates made once, below
    # the position in force on each day: positions are sorted and each holds until the next
    after = last + timedelta(days=1)
    held: list[tuple[Any, Any]] = []
    for at, (since, on_hand, on_order) in enumerate(positions):
        if since >= after:
            break
        until = positions[at + 1][0] if at + 1 < len(positions) else after
        begins, ends = max((since - first).days, 0), (min(until, after) - first).days
        held += [(None, None)] * (begins - len(held))  # before the first position: unknown
        held += [(on_hand, on_order)] * (ends - len(held))
    held += [(None, None)] * (len(days) - len(held))
    if grain == "day":  # every day a zero, then the days with demand (sparse) written in
        points = [
            {"date": day, "quantity": 0.0, "censored": False, "censored_days": 0, "days": 1,
             "on_hand": on_hand, "on_order": on_order}
            for day, (on_hand, on_order) in zip(map(date.fromordinal, days), held, strict=True)
        ]  # fmt: skip
        for day, quantity, censored in demand:
            if not first <= day <= last:
                continue
            point = points[(day - first).days]
            point["quantity"] = 0.0 + quantity
            point["censored"], point["censored_days"] = bool(censored), int(censored)
        return points
    by_day = {day: (quantity, censored) for day, quantity, censored in demand}
    points = []
    point: dict[str, Any] = {"date": None}
    for day, (on_hand, on_order) in zip(map(date.fromordinal, days), held, strict=True):
        quantity, censored = by_day.get(day, (0.0, False))
        start = period_start(day, grain)
        if point["date"] != start:
            point = {"date": start, "quantity": 0.0, "censored": False, "censored_days": 0,
                     "days": 0}  # fmt: skip
            points.append(point)
        point["quantity"] += quantity
        point["censored"] = point["censored"] or censored
        point["censored_days"] += censored
        point["days"] += 1
        point["on_hand"] = on_hand  # the period's last day
        point["on_order"] = on_order
    return points


def forecast_points(rows: Forecast, grain: str) -> list[dict[str, Any]]:
    """Daily forecast rows, summed per period when the grain is week or month."""
    if grain == "day":
        return [
            {"date": day, "yhat": yhat, "yhat_lo80": lo80, "yhat_hi80": hi80, "yhat_lo95": lo95,
             "yhat_hi95": hi95, "days": 1}
            for day, yhat, lo80, hi80, lo95, hi95 in rows
        ]  # fmt: skip
    points: list[dict[str, Any]] = []
    for day, *values in rows:
        start = period_start(day, grain)
        if not points or points[-1]["date"] != start:
            points.append({"date": start, **dict.fromkeys(INTERVAL_FIELDS, 0.0), "days": 0})
        point = points[-1]
        for field, value in zip(INTERVAL_FIELDS, values, strict=True):
            point[field] += float(value or 0.0)  # a DECIMAL export column reads as Decimal
        point["days"] += 1
    return points


def _as_date(value: object) -> date | None:
    """A date from the facts (a date) or a document (ISO text)."""
    return date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


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
    documents = snapshot.documents  # once: a swap drops the documents of the snapshot it replaces
    doc = None if documents is None else documents.get(item_id, warehouse_id)
    if doc is not None:
        reorder = doc["reorder"]
    elif documents is None and (found := snapshot.query(REORDER, [item_id, warehouse_id])):
        reorder = found[0]
    else:
        raise not_found(f"item {item_id!r} has no series in warehouse {warehouse_id!r}")
    as_of = _as_date(reorder["as_of_date"]) or snapshot.as_of_date or date.today()
    version = model_version or snapshot.model_version or ""
    first = start or as_of - timedelta(days=DEFAULT_HISTORY_DAYS - 1)
    if end is not None and (end - first).days > MAX_RANGE_DAYS:  # before reading anything
        raise HTTPException(422, f"bad parameter: the range exceeds {MAX_RANGE_DAYS} days")
    if doc is not None:
        demand, positions = history_from_document(doc, first, as_of)
    else:
        demand, positions = history_from_facts(snapshot, item_id, warehouse_id, first, as_of)
    if doc is not None and documents is not None and version == documents.model_version:
        forecast, accuracy = forecast_from_document(doc, first, end), doc["accuracy"]
    else:
        forecast = forecast_from_facts(snapshot, item_id, warehouse_id, version, first, end)
        accuracy = snapshot.query(ACCURACY, [item_id, warehouse_id, version])
    last = end or (forecast[-1][0] if forecast else as_of)
    if first > last:
        raise HTTPException(422, "bad parameter: start must not be after end")
    if (last - first).days > MAX_RANGE_DAYS:
        raise HTTPException(422, f"bad parameter: the range exceeds {MAX_RANGE_DAYS} days")
    history = []
    if first <= as_of:
        history = history_points(first, min(last, as_of), demand, positions, grain)
    return {
        "item": item,
        "warehouse": warehouse,
        "grain": grain,
        "start": first,
        "end": last,
        "as_of_date": as_of,
        "model_version": version or None,
        "interval_method": "daily" if grain == "day" else "sum_of_daily_bounds",
        "history": history,
        "forecast": forecast_points(forecast, grain),
        "lines": {
            "safety_stock": reorder["safety_stock"],
            "reorder_point": reorder["reorder_point"],
            "order_up_to": reorder["order_up_to"],
        },
        "reorder": reorder,
        "accuracy": accuracy,
    }


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
        return {
            "data": series_answer(snapshot, item_id, warehouse_id, grain, start, end, model_version)
        }

    from_document = snapshot.has_series_documents and model_version in (
        None, snapshot.series_documents_version,
    )  # fmt: skip
    return await cached(cache, snapshot, "series", params, compute, in_memory=from_document)
