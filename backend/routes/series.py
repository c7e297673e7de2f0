"""One item x warehouse series: demand history, forecast with intervals, stock, SS/ROP lines.

``fct_demand_daily`` is sparse: a missing day had zero demand (and was not censored), so the
history is zero-filled over the requested range. Censored days (on_hand = 0: observed demand is a
lower bound) keep their flag. Stock positions hold until the next position (as-of join).
At week or month grain, quantities are summed per period (periods start on Monday / the 1st),
stock is the position at the period's last day, and interval bounds are the sums of the daily
bounds: a conservative band, wider than the true interval of the period total.

At day grain the history and the forecast are written as JSON text directly, column by column
(``history_day_json``, ``forecast_day_json``): what orjson makes of one dict per day, at a
third of the cost of building those dicts or less.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from itertools import chain, repeat
from operator import add, sub
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import Response

from backend.deps import (
    ID_PATTERN,
    CacheDep,
    ItemId,
    SnapshotDep,
    WarehouseId,
    cached,
    encode,
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
EPOCH = date(1970, 1, 1).toordinal()  # days are numbered from 1970-01-01, as in the documents
DEMAND_FIELDS = ("day", "quantity", "censored")
POSITION_FIELDS = ("day", "on_hand", "on_order")
FORECAST_FIELDS = ("day", *INTERVAL_FIELDS)

# A history part: equal-length lists by field, sorted by day (a day number), as in the documents.
# demand: the days with demand (a missing day had zero); positions: stock changes, each in force
# from its day until the next; forecast: the daily forecast with its interval bounds.
Part = dict[str, list[Any]]


def _day(number: int) -> date:
    return date.fromordinal(EPOCH + number)


def _number(day: date) -> int:
    return day.toordinal() - EPOCH


def _slice(part: dict[str, list[Any]], fields: tuple[str, ...], lo: int, hi: int) -> Part:
    return {field: part.get(field, [])[lo:hi] for field in fields}


def history_from_document(doc: dict[str, Any], first: int, end: int) -> tuple[Part, Part]:
    """Demand days in [first, end) and the stock positions from the one in force on first."""
    demand, positions = doc["demand"], doc["positions"]
    days = demand.get("day", [])
    held = _slice(demand, DEMAND_FIELDS, bisect_left(days, first), bisect_left(days, end))
    days = positions.get("day", [])
    lo = max(bisect_right(days, first) - 1, 0)  # the position in force on first
    return held, _slice(positions, POSITION_FIELDS, lo, bisect_left(days, end))


def forecast_from_document(doc: dict[str, Any], first: int, last: int | None) -> Part:
    """The forecast days in [first, last] (to its end when last is None)."""
    forecast = doc["forecast"]
    days = forecast.get("day", [])
    hi = len(days) if last is None else bisect_right(days, last)
    return _slice(forecast, FORECAST_FIELDS, bisect_left(days, first), hi)


def _columns(rows: list[tuple[Any, ...]], fields: tuple[str, ...]) -> Part:
    """Rows (a date first) as a part: the dates as day numbers."""
    part: Part = {field: [] for field in fields}
    if rows:
        part = dict(zip(fields, map(list, zip(*rows, strict=True)), strict=True))
    part["day"] = [day.toordinal() - EPOCH for day in part["day"]]
    return part


def history_from_facts(
    snapshot: Snapshot, item_id: str, warehouse_id: str, first: date, as_of: date
) -> tuple[Part, Part]:
    key = [item_id, warehouse_id]
    demand = _columns(snapshot.rows(DEMAND, [*key, first, as_of]), DEMAND_FIELDS)
    demand["censored"] = [bool(censored) for censored in demand["censored"]]
    positions = _columns(snapshot.rows(POSITIONS, [*key, as_of]), POSITION_FIELDS)
    in_force = max(bisect_right(positions["day"], _number(first)) - 1, 0)
    return demand, _slice(positions, POSITION_FIELDS, in_force, len(positions["day"]))


def forecast_from_facts(
    snapshot: Snapshot,
    item_id: str,
    warehouse_id: str,
    version: str,
    first: date,
    last: date | None,
) -> Part:
    return _columns(
        snapshot.rows(FORECAST, [item_id, warehouse_id, version, first, last]), FORECAST_FIELDS
    )


def period_start(day: date, grain: str) -> date:
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


# The JSON text of day points, in pieces: '{"date":"<ISO day>' '","quantity":...' ... '},'.
# Each day's opening is made once for 1970-2099 (a table of about 3 MB).
_DAYS_END = date(2100, 1, 1).toordinal() - EPOCH
_OPEN_DAYS = [b'{"date":"' + _day(number).isoformat().encode() for number in range(_DAYS_END)]
_ZERO = b'","quantity":0.0,"censored":false,"censored_days":0,"days":1'
_QUANTITY = b'","quantity":'
_CENSORED = (b',"censored":false,"censored_days":0,"days":1',
             b',"censored":true,"censored_days":1,"days":1')  # fmt: skip
_ON_HAND, _ON_ORDER, _CLOSE = b',"on_hand":', b',"on_order":', b"},"
_UNKNOWN_STOCK = _ON_HAND + b"null" + _ON_ORDER + b"null" + _CLOSE  # before the first position
_FORECAST_KEYS = [b'","yhat":', *(f',"{field}":'.encode() for field in INTERVAL_FIELDS[1:])]


def _json_values(values: list[Any]) -> list[bytes]:
    """orjson's text of each number of a list (NaN and infinities: null), from one encoding of
    the list split at its commas (a number's text, or null, has none)."""
    return encode(values)[1:-1].split(b",") if values else []


def _json_array(*columns: list[bytes]) -> bytes:
    """'[' + every point's pieces, column after column, + ']' (each point's last piece ends
    with a comma: the last one's is dropped)."""
    pieces: list[bytes] = [b""] * (len(columns) * len(columns[0]))
    for at, column in enumerate(columns):
        pieces[at :: len(columns)] = column  # ValueError unless every column has every point
    return b"[" + b"".join(pieces)[:-1] + b"]"


def _prefixed(prefix: bytes, texts: Iterable[bytes]) -> list[bytes]:
    return list(map(add, repeat(prefix), texts))


def _open_days(days: list[int] | range) -> list[bytes]:
    """'{"date":"<ISO day>' of each day (sorted)."""
    if not days or (days[0] >= 0 and days[-1] < _DAYS_END):
        if isinstance(days, range):
            return _OPEN_DAYS[days.start : days.stop]
        return list(map(_OPEN_DAYS.__getitem__, days))
    return [b'{"date":"' + _day(number).isoformat().encode() for number in days]


def history_day_json(first: int, end: int, demand: Part, positions: Part) -> bytes:
    """The JSON array of the day points of [first, end) (day numbers): what ``orjson.dumps``
    makes of one dict per day {date, quantity, censored, censored_days, days, on_hand, on_order},
    zero-filled, stock as of each day (null before the first position).

    Column-wise: each column's numbers encoded at once, the days without demand and the days a
    stock level holds filled at C speed (Python steps only per day with demand), a day's text
    joined from three pieces: date, quantity and flags, stock."""
    if end <= first:
        return b"[]"
    # quantity and flags by day: zero, and the days with demand
    marks = [_ZERO] * (end - first)
    days = demand.get("day", [])
    lo, hi = bisect_left(days, first), bisect_left(days, end)
    if hi > lo:
        quantities = _prefixed(_QUANTITY, _json_values(list(map(float, demand["quantity"][lo:hi]))))
        flags = map(_CENSORED.__getitem__, map(bool, demand["censored"][lo:hi]))
        for day, text in zip(days[lo:hi], map(add, quantities, flags), strict=True):
            marks[day - first] = text
    # stock by day: each position from its day (at the earliest first) to the next one's
    changes = positions.get("day", [])
    lo, hi = max(bisect_right(changes, first) - 1, 0), bisect_left(changes, end)
    on_hand = _prefixed(_ON_HAND, _json_values(positions.get("on_hand", [])[lo:hi]))
    on_order = _prefixed(_ON_ORDER, _json_values(positions.get("on_order", [])[lo:hi]))
    levels = map(add, map(add, on_hand, on_order), repeat(_CLOSE))
    bounds = [*changes[lo:hi], end]
    bounds[0] = max(bounds[0], first)  # the position in force on first holds from first
    stock = [_UNKNOWN_STOCK] * (bounds[0] - first)
    stock += chain.from_iterable(map(repeat, levels, map(sub, bounds[1:], bounds[:-1])))
    return _json_array(_open_days(range(first, end)), marks, stock)


def forecast_day_json(forecast: Part) -> bytes:
    """The JSON array of the daily forecast points {date, yhat, yhat_lo80, yhat_hi80, yhat_lo95,
    yhat_hi95, days}, as orjson would write them; no Python step per point."""
    days = forecast["day"]
    if not days:
        return b"[]"
    columns = [_open_days(days)]
    for key, field in zip(_FORECAST_KEYS, INTERVAL_FIELDS, strict=True):
        columns += [[key] * len(days), _json_values(forecast[field])]
    return _json_array(*columns, [b',"days":1},'] * len(days))


def history_periods(
    first: int, end: int, demand: Part, positions: Part, grain: str
) -> list[dict[str, Any]]:
    """Week or month points over [first, end): quantities summed, stock at the period's last day."""
    values = zip(demand["quantity"], demand["censored"], strict=True)
    by_day = dict(zip(demand["day"], values, strict=True))
    changes, on_hands, on_orders = (positions.get(field, []) for field in POSITION_FIELDS)
    change = bisect_right(changes, first) - 1  # the position in force (-1: none yet)
    points: list[dict[str, Any]] = []
    point: dict[str, Any] = {"date": None}
    for number in range(first, end):
        while change + 1 < len(changes) and changes[change + 1] <= number:
            change += 1
        quantity, censored = by_day.get(number, (0.0, False))
        start = period_start(_day(number), grain)
        if point["date"] != start:
            point = {"date": start, "quantity": 0.0, "censored": False, "censored_days": 0,
                     "days": 0}  # fmt: skip
            points.append(point)
        point["quantity"] += quantity
        point["censored"] = point["censored"] or bool(censored)
        point["censored_days"] += bool(censored)
        point["days"] += 1
        known = change >= 0
        point["on_hand"] = on_hands[change] if known else None  # the period's last day
        point["on_order"] = on_orders[change] if known else None
    return points


def forecast_periods(forecast: Part, grain: str) -> list[dict[str, Any]]:
    """The daily forecast summed per week or month (interval bounds: sums of the daily bounds)."""
    points: list[dict[str, Any]] = []
    values = (forecast[field] for field in INTERVAL_FIELDS)
    for number, *daily in zip(forecast["day"], *values, strict=True):
        start = period_start(_day(number), grain)
        if not points or points[-1]["date"] != start:
            points.append({"date": start, **dict.fromkeys(INTERVAL_FIELDS, 0.0), "days": 0})
        point = points[-1]
        for field, value in zip(INTERVAL_FIELDS, daily, strict=True):
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
        demand, positions = history_from_document(doc, _number(first), _number(as_of) + 1)
    else:
        demand, positions = history_from_facts(snapshot, item_id, warehouse_id, first, as_of)
    if doc is not None and documents is not None and version == documents.model_version:
        until = None if end is None else _number(end)
        forecast, accuracy = forecast_from_document(doc, _number(first), until), doc["accuracy"]
    else:
        forecast = forecast_from_facts(snapshot, item_id, warehouse_id, version, first, end)
        accuracy = snapshot.query(ACCURACY, [item_id, warehouse_id, version])
    last = end or (_day(forecast["day"][-1]) if forecast["day"] else as_of)
    if first > last:
        raise HTTPException(422, "bad parameter: start must not be after end")
    if (last - first).days > MAX_RANGE_DAYS:
        raise HTTPException(422, f"bad parameter: the range exceeds {MAX_RANGE_DAYS} days")
    history: Any = []  # the points, or their JSON text (orjson.Fragment) at day grain
    if first <= as_of:
        span = (_number(first), _number(min(last, as_of)) + 1)
        if grain == "day":
            history = orjson.Fragment(history_day_json(*span, demand, positions))
        else:
            history = history_periods(*span, demand, positions, grain)
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
        "forecast": (
            orjson.Fragment(forecast_day_json(forecast))
            if grain == "day"
            else forecast_periods(forecast, grain)
        ),
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
