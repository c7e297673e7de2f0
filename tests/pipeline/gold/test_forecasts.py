"""Forecast facts from real Parquet exports: the distribution files when the export has them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.gold.checks import failures
from pipeline.gold.forecasts import ExportFiles, build_forecast_tables
from pipeline.gold.tables import GOLD_TABLES
from tests.pipeline.gold.factories import AS_OF, GRID_LEVELS, W, day, distribution

PERIOD = {
    "item_id": "P1", "warehouse_id": W, "grain": "month", "period_start": date(2025, 7, 1),
    "period_end": date(2025, 7, 31), "days_in_horizon": 31, "mean": 6.2, "q025": 2.0,
    "q100": 3.0, "q500": 6.0, "q900": 10.0, "q975": 12.0,
}  # fmt: skip


def write_export(
    folder: Path, *, with_distribution: bool, bands: dict[str, float] | None = None
) -> ExportFiles:
    folder.mkdir()
    forecasts = [
        {"item_id": "P1", "warehouse_id": W, "date": day(k), "yhat": 0.2, "yhat_lo80": 0.0,
         "yhat_hi80": 1.0, "yhat_lo95": 0.0, "yhat_hi95": 2.0, "model": "tsb",
         "demand_class": "intermittent"}
        for k in range(1, 31)
    ]  # fmt: skip
    backtest = [
        {"item_id": "P1", "warehouse_id": W, "model": "tsb", "horizon_bucket": "all",
         "selected": True, "n_points": 30, "rmsse": 0.8, "mase": 0.9, "mae": 0.4, "rmse": 0.5,
         "wape": 0.7, "bias": 0.0, "coverage80": 0.8, "coverage95": 0.95}
    ]  # fmt: skip
    scale = [{"item_id": "P1", "warehouse_id": W, "sigma_1d": 0.5, "lump_size": 2.0}]
    files = {"forecasts": forecasts, "backtest": backtest, "error_scale": scale}
    if with_distribution:
        period = PERIOD | (bands or {})
        files["forecast_periods"] = [period, period | {"grain": "week", "period_end": day(7)}]
        files["forecast_distribution"] = distribution(
            "P1", lambda h: [0.2 * h * level for level in GRID_LEVELS], lambda h: 0.1 * h
        )
    for name, rows in files.items():
        pq.write_table(pa.Table.from_pylist(rows), folder / f"{name}.parquet")
    optional = {"distribution": "forecast_distribution", "periods": "forecast_periods"}
    return ExportFiles(
        model_version=folder.name,
        generated_at="2025-06-30T03:00:00Z",
        dataset_id="ds",
        source="ml_env",
        forecasts=folder / "forecasts.parquet",
        backtest=folder / "backtest.parquet",
        error_scale=folder / "error_scale.parquet",
        **{
            field: folder / f"{name}.parquet" if with_distribution else None
            for field, name in optional.items()
        },
    )


def connect() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE dim_item AS SELECT 'P1' AS item_id")
    con.execute(f"CREATE TABLE dim_warehouse AS SELECT '{W}' AS warehouse_id")
    con.execute(
        "CREATE TABLE fct_demand_daily (item_id VARCHAR, warehouse_id VARCHAR, date DATE, "
        "quantity DOUBLE, censored BOOLEAN)"
    )
    return con


def test_the_current_export_gives_period_totals_and_the_distribution(tmp_path: Path) -> None:
    old = write_export(tmp_path / "mv_1", with_distribution=False)
    new = write_export(tmp_path / "mv_2", with_distribution=True)
    con = connect()
    build_forecast_tables(con, [old, new], AS_OF)

    periods = con.sql("SELECT * FROM fct_forecast_period ORDER BY grain").to_arrow_table()
    assert periods["grain"].to_pylist() == ["month", "week"]
    assert set(periods["model_version"].to_pylist()) == {"mv_2"}
    assert periods.to_pylist()[0]["q900"] == 10.0
    spec = next(s for s in GOLD_TABLES if s.name == "fct_forecast_period")
    assert failures(con, spec) == []
    levels = con.execute("SELECT count(DISTINCT level) FROM forecast_distribution").fetchall()
    assert levels == [(len(GRID_LEVELS),)]
    assert con.execute("SELECT lump_size FROM error_scale").fetchall() == [(2.0,)]


def test_period_bands_come_from_the_export_else_from_its_quantiles(tmp_path: Path) -> None:
    """A band that holds 80% of a mostly-zero total is [0, q80], not the q10..q90 quantiles;
    an export written before the band columns keeps its equal-tailed quantiles as bands."""
    bands = {"lo80": 0.0, "hi80": 8.0, "lo95": 0.0, "hi95": 11.0}
    con = connect()
    build_forecast_tables(
        con, [write_export(tmp_path / "mv_1", with_distribution=True, bands=bands)], AS_OF
    )
    row = con.sql("SELECT * FROM fct_forecast_period WHERE grain = 'month'").to_arrow_table()
    assert {k: row[k][0].as_py() for k in bands} == bands
    assert row["q100"][0].as_py() == 3.0  # the quantiles stay quantiles

    con = connect()
    build_forecast_tables(con, [write_export(tmp_path / "mv_2", with_distribution=True)], AS_OF)
    row = con.sql("SELECT * FROM fct_forecast_period WHERE grain = 'month'").to_arrow_table()
    assert [row[k][0].as_py() for k in bands] == [3.0, 10.0, 2.0, 12.0]


def test_an_older_export_leaves_them_empty(tmp_path: Path) -> None:
    con = connect()
    build_forecast_tables(con, [write_export(tmp_path / "mv_1", with_distribution=False)], AS_OF)
    assert con.execute("SELECT count(*) FROM fct_forecast_period").fetchall() == [(0,)]
    assert con.execute("SELECT count(*) FROM forecast_distribution").fetchall() == [(0,)]
    con = connect()
    build_forecast_tables(con, [], AS_OF)  # no export at all
    assert con.execute("SELECT count(*) FROM fct_forecast_period").fetchall() == [(0,)]
