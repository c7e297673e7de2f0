"""The day-grain series a planner charts: every day of the range, zero-filled, stock as of the day,
and the daily forecast with its bounds.

The API writes day-grain history and forecast as JSON text (``history_day_json``,
``forecast_day_json``); these tests hold that text to an independent DuckDB query over the
Parquet facts on every day of every series of the sample, and to a plain one-dict-per-day
reference on the edge cases the sample does not reach (dates outside the precomputed ISO table,
missing, non-finite and DECIMAL numbers).
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest

from backend.deps import encode
from backend.routes.series import (
    EPOCH,
    INTERVAL_FIELDS,
    forecast_day_json,
    history_day_json,
    series_answer,
)
from backend.snapshot import Snapshot
from tests.backend.conftest import Lake

# Every day of every series in [first, last], from the facts alone: the demand of the day (zero
# when the sparse table has no row), and the stock position in force (the latest at or before).
ORACLE = """
with series as (select item_id, warehouse_id from fct_reorder_point),
days as (
    select item_id, warehouse_id, unnest(generate_series($1::date, $2::date, interval 1 day))::date
        as date
    from series
),
with_demand as (
    select days.*, coalesce(d.quantity, 0.0) as quantity, coalesce(d.censored, false) as censored
    from days left join fct_demand_daily d using (item_id, warehouse_id, date)
)
select w.item_id, w.warehouse_id, w.date, w.quantity, w.censored, p.on_hand, p.on_order
from with_demand w asof left join fct_inventory_daily p
    on w.item_id = p.item_id and w.warehouse_id = p.warehouse_id and w.date >= p.date
order by all
"""


def day_history(snapshot: Snapshot, item: str, warehouse: str, first: date, last: date) -> Any:
    answer = series_answer(snapshot, item, warehouse, "day", first, last, None)
    return orjson.loads(encode(answer))["history"]


@pytest.mark.parametrize("days_back", [700, 45])  # from before any stock position / recent
def test_every_day_of_every_series_is_the_facts(
    snapshot: Snapshot, lake: Lake, days_back: int
) -> None:
    as_of = snapshot.as_of_date
    assert as_of is not None
    first = as_of - timedelta(days=days_back)
    expected: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in lake.second.sql(ORACLE, [first, as_of]):
        expected.setdefault((row.pop("item_id"), row.pop("warehouse_id")), []).append(row)
    unknown_stock = censored = demand_days = 0
    for (item, warehouse), days in expected.items():
        documents = snapshot.documents
        for source in ("document", "facts"):
            snapshot.documents = documents if source == "document" else None
            try:
                history = day_history(snapshot, item, warehouse, first, as_of)
            finally:
                snapshot.documents = documents
            assert [point["date"] for point in history] == [str(d["date"]) for d in days]
            for point, day in zip(history, days, strict=True):
                where = (item, warehouse, day["date"], source)
                assert point["quantity"] == pytest.approx(day["quantity"]), where
                assert point["censored"] is day["censored"], where
                assert point["censored_days"] == int(day["censored"]), where
                assert point["days"] == 1, where
                assert point["on_hand"] == pytest.approx(day["on_hand"]), where
                assert point["on_order"] == pytest.approx(day["on_order"]), where
        unknown_stock += days[0]["on_hand"] is None
        censored += any(day["censored"] for day in days)
        demand_days += sum(day["quantity"] > 0 for day in days)
    # the sample reaches every kind of day
    assert censored and demand_days
    assert unknown_stock or days_back < 100  # a range from before the first stock position


def test_every_forecast_day_of_every_series_is_the_facts(snapshot: Snapshot, lake: Lake) -> None:
    as_of = snapshot.as_of_date
    assert as_of is not None and snapshot.model_version
    first = as_of - timedelta(days=30)
    expected: dict[tuple[str, str], list[dict[str, Any]]] = {
        (row["item_id"], row["warehouse_id"]): [] for row in lake.second.sql(
            "select item_id, warehouse_id from fct_reorder_point"
        )
    }  # fmt: skip
    for row in lake.second.sql(
        f"""
        select item_id, warehouse_id, date, {", ".join(INTERVAL_FIELDS)} from fct_forecast
        where model_version = $1 and date >= $2 order by all
        """,
        [snapshot.model_version, first],
    ):
        expected[row.pop("item_id"), row.pop("warehouse_id")].append(row)
    for (item, warehouse), days in expected.items():
        answer = series_answer(snapshot, item, warehouse, "day", first, None, None)
        forecast = orjson.loads(encode(answer))["forecast"]
        assert [point["date"] for point in forecast] == [str(day["date"]) for day in days]
        for point, day in zip(forecast, days, strict=True):
            assert point["days"] == 1
            for field in INTERVAL_FIELDS:
                assert point[field] == pytest.approx(day[field]), (item, warehouse, day, field)
    assert sum(map(bool, expected.values())) > 10  # the sample has forecasts


def reference(
    first: int, end: int, demand: list[tuple[int, float, bool]], positions: list[tuple]
) -> list[dict[str, Any]]:
    """One dict per day, the plain way."""
    by_day = {day: (quantity, censored) for day, quantity, censored in demand}
    points = []
    for number in range(first, end):
        held = [p for p in positions if p[0] <= number]
        on_hand, on_order = held[-1][1:] if held else (None, None)
        quantity, censored = by_day.get(number, (0.0, False))
        points.append(
            {"date": date.fromordinal(EPOCH + number), "quantity": quantity,
             "censored": censored, "censored_days": int(censored), "days": 1,
             "on_hand": on_hand, "on_order": on_order}
        )  # fmt: skip
    return points


def columns(rows: list[tuple], fields: tuple[str, ...]) -> dict[str, list[Any]]:
    return {field: [row[i] for row in rows] for i, field in enumerate(fields)}


def number(day: date) -> int:
    return day.toordinal() - EPOCH


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(1969, 12, 1), date(1970, 1, 20)),  # before the ISO table
        (date(2099, 12, 20), date(2100, 1, 10)),  # past it
        (date(2025, 2, 10), date(2025, 2, 10)),  # one day
    ],
)
def test_day_json_is_what_one_dict_per_day_encodes_to(first: date, last: date) -> None:
    lo, end = number(first), number(last) + 1
    span = end - lo
    demand = [
        (lo - 3, 9.0, False),  # before the range: not shown
        (lo, 2.0, True),
        (lo + span // 2, 1.5, False),
        (end - 1, 4.0, False),
        (end + 1, 7.0, True),  # after it
    ]
    demand = sorted({row[0]: row for row in demand}.values())  # one row a day, as the facts
    positions = [
        (lo + span // 3, 5.0, None),  # no stock known before it
        (lo + span // 3 + 1, math.nan, 2.0),  # a non-finite level reads as null
        (end - 1, 0.0, -0.0),
    ]
    positions = sorted({row[0]: row for row in positions}.values())
    text = history_day_json(
        lo,
        end,
        columns(demand, ("day", "quantity", "censored")),
        columns(positions, ("day", "on_hand", "on_order")),
    )
    assert orjson.loads(text) == orjson.loads(orjson.dumps(reference(lo, end, demand, positions)))


def test_day_json_of_no_days_and_of_a_series_without_rows() -> None:
    assert history_day_json(100, 100, {}, {}) == b"[]"
    points = orjson.loads(history_day_json(100, 103, {}, {}))
    assert [p["quantity"] for p in points] == [0.0, 0.0, 0.0]
    assert {p["on_hand"] for p in points} == {None}


def test_a_repeated_demand_day_is_written_once(tmp_path: Path) -> None:
    demand = columns([(10, 1.0, False), (10, 1.0, False), (12, 3.0, True)], ("day", "quantity",
                     "censored"))  # fmt: skip
    points = orjson.loads(history_day_json(9, 14, demand, {}))
    assert [p["quantity"] for p in points] == [0.0, 1.0, 0.0, 3.0, 0.0]


@pytest.mark.parametrize(
    "days", [[number(date(2026, 1, 1)) + i for i in range(4)], [-3, -2, 47482, 47483], [12]]
)
def test_forecast_json_is_what_one_dict_per_day_encodes_to(days: list[int]) -> None:
    values = [1.25, math.nan, Decimal("2.5"), None][: len(days)]  # DECIMAL exports read as Decimal
    forecast = {"day": days, **{f: [v and v * (i + 1) for v in values] for i, f in
                                enumerate(INTERVAL_FIELDS)}}  # fmt: skip
    expected = [
        {"date": date.fromordinal(EPOCH + day), **{f: forecast[f][at] for f in INTERVAL_FIELDS},
         "days": 1}
        for at, day in enumerate(days)
    ]  # fmt: skip
    assert orjson.loads(forecast_day_json(forecast)) == orjson.loads(encode(expected))
    assert forecast_day_json({"day": [], **{f: [] for f in INTERVAL_FIELDS}}) == b"[]"
