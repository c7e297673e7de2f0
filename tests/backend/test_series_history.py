"""The day-grain series a planner charts: every day of the range, zero-filled, stock as of the day,
and the daily forecast with its bounds, held to an independent DuckDB query over the Parquet
facts on every day of every series of the sample.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pytest

from backend.deps import encode
from backend.routes.series import INTERVAL_FIELDS, series_answer
from backend.snapshot import Snapshot, open_snapshot
from storage import open_storage
from tests.backend.conftest import Lake

pytestmark = pytest.mark.slow

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
        history = day_history(snapshot, item, warehouse, first, as_of)
        assert [point["date"] for point in history] == [str(d["date"]) for d in days]
        for point, day in zip(history, days, strict=True):
            where = (item, warehouse, day["date"])
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


def test_a_forecast_that_ends_before_as_of_ends_the_history(lake: Lake, tmp_path: Path) -> None:
    """An older model version's forecast can end before the snapshot's as_of: the answer then
    ends with it, history included, as if that day had been asked as the end."""
    root = lake.copy(tmp_path / "lake")
    folder = root / "gold" / "snapshots" / lake.second.snapshot_id
    facts, shifted = folder / "fct_forecast.parquet", tmp_path / "shifted.parquet"
    duckdb.execute(
        f"copy (select * replace ((date - 200)::date as date) from '{facts}') to '{shifted}'"
    )
    shifted.replace(facts)  # same rows, 200 days earlier: every forecast ends before as_of
    snapshot = open_snapshot(open_storage(str(root)), folder.name, tmp_path / "cache")
    try:
        as_of = snapshot.as_of_date
        row = lake.second.sql("select item_id, warehouse_id from fct_forecast limit 1")[0]
        key = (snapshot, row["item_id"], row["warehouse_id"], "week")
        answer = orjson.loads(encode(series_answer(*key, None, None, None)))
        end = date.fromisoformat(answer["end"])
        assert as_of is not None and end < as_of
        assert answer["forecast"] and answer["history"][-1]["date"] <= answer["end"]
        explicit = orjson.loads(encode(series_answer(*key, None, end, None)))
        assert answer["history"] == explicit["history"]
        assert (
            answer["history"]
            != orjson.loads(encode(series_answer(*key, None, as_of, None)))["history"]
        )
    finally:
        snapshot.close()
