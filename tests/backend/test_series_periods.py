"""Week and month bands of a series come from the distribution's period bands."""

from __future__ import annotations

from datetime import date
from typing import Any

import duckdb

from backend.routes.series import PERIODS, PERIODS_BEFORE_BANDS, _period_bands


class PeriodSnapshot:
    """A real DuckDB table of period bands and a ``read`` over it, as ``_period_bands`` reads."""

    def __init__(self, rows: list[tuple], bounds: str = "lo95, lo80, hi80, hi95") -> None:
        self.con = duckdb.connect()
        columns = ", ".join(f"{name} double" for name in bounds.split(", "))
        self.con.execute(
            f"""create table fct_forecast_period (item_id varchar, warehouse_id varchar,
            model_version varchar, grain varchar, period_start date, {columns})"""
        )
        self.con.executemany("insert into fct_forecast_period values (?,?,?,?,?,?,?,?,?)", rows)

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        result = self.con.execute(sql, params or [])
        names = [d[0] for d in result.description]
        return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def summed_points() -> list[dict[str, Any]]:
    """Week points as the forecast query returns them: daily bounds summed (far too wide)."""
    return [
        {"date": date(2026, 1, 5), "yhat": 7.0, "yhat_lo95": 0.0, "yhat_lo80": 0.0,
         "yhat_hi80": 21.0, "yhat_hi95": 35.0, "days": 7},
        {"date": date(2026, 1, 12), "yhat": 7.0, "yhat_lo95": 0.0, "yhat_lo80": 0.0,
         "yhat_hi80": 21.0, "yhat_hi95": 35.0, "days": 7},
    ]  # fmt: skip


def test_week_bands_are_the_bands_of_the_week_total() -> None:
    snapshot = PeriodSnapshot(
        [
            ("I1", "W1", "mv1", "week", date(2026, 1, 5), 2.0, 3.0, 11.0, 13.0),
            ("I1", "W1", "mv1", "week", date(2026, 1, 12), 2.0, 4.0, 10.0, 12.0),
            ("I1", "W1", "mv1", "month", date(2026, 1, 1), 20.0, 24.0, 38.0, 42.0),
        ]
    )
    points = summed_points()
    assert (
        _period_bands(snapshot.query, PERIODS, ["I1", "W1"], "mv1", "week", points)
        == "distribution"
    )
    assert [p["yhat_hi95"] for p in points] == [13.0, 12.0]
    assert [p["yhat_lo80"] for p in points] == [3.0, 4.0]
    assert [p["yhat"] for p in points] == [7.0, 7.0]  # the mean stays the sum of the days


def test_without_every_period_the_summed_bounds_stay_and_say_so() -> None:
    snapshot = PeriodSnapshot([("I1", "W1", "mv1", "week", date(2026, 1, 5), 2, 3, 11, 13)])
    points = summed_points()
    method = _period_bands(snapshot.query, PERIODS, ["I1", "W1"], "mv1", "week", points)
    assert method == "sum_of_daily_bounds"
    assert [p["yhat_hi95"] for p in points] == [35.0, 35.0]
    other_version = _period_bands(
        snapshot.query, PERIODS, ["I1", "W1"], "mv0", "week", summed_points()
    )
    assert other_version == "sum_of_daily_bounds"


def test_a_snapshot_from_before_the_band_columns_serves_its_quantiles() -> None:
    rows = [("I1", "W1", "mv1", "week", date(2026, 1, 5), 2.0, 3.0, 11.0, 13.0)]
    snapshot = PeriodSnapshot(rows, bounds="q025, q100, q900, q975")
    points = summed_points()[:1]
    assert _period_bands(snapshot.query, PERIODS_BEFORE_BANDS, ["I1", "W1"], "mv1", "week", points)
    assert [points[0][k] for k in ("yhat_lo95", "yhat_lo80", "yhat_hi80", "yhat_hi95")] == [
        2.0, 3.0, 11.0, 13.0,
    ]  # fmt: skip
