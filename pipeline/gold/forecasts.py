"""Forecast facts from the ML exports held in the lake (docs/ml-export.md, docs/gold-snapshot.md).

The caller registers, per kept export version, nothing: this module reads the Parquet files by
path. ``fct_forecast`` holds the kept versions (the newest drives reorder points; earlier ones stay
for comparison). ``fct_forecast_accuracy`` holds, per series and version, the backtest metrics of
the selected model (with seasonal naive's RMSSE beside it) and live metrics: the forecast against
the actuals that have arrived since, censored days left out.

From the newest export also, when it has them (an older export does not; gold then goes on
without): the view ``forecast_distribution`` (quantiles of cumulative demand per horizon and level,
read by ``pipeline.gold.reorder``; empty without the file) and ``fct_forecast_period`` (week and
month totals: mean, quantiles and 80% / 95% bands of each period's demand, from the
distribution, never summed daily bounds; empty without the file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

DEMAND_CLASSES = (
    "smooth",
    "erratic",
    "intermittent",
    "lumpy",
    "short_history",
    "no_recent_demand",
    "no_demand",
)


@dataclass(frozen=True)
class ExportFiles:
    model_version: str
    generated_at: str
    dataset_id: str
    source: str
    forecasts: Path
    backtest: Path
    error_scale: Path | None
    code_version: str | None = None
    horizon_days: int | None = None
    distribution: Path | None = None
    periods: Path | None = None

    def metadata(self) -> dict:
        """What the snapshot manifest tells about this export (its ``model_exports`` entry)."""
        return {
            "model_version": self.model_version,
            "generated_at": self.generated_at,
            "dataset_id": self.dataset_id,
            "source": self.source,
            "code_version": self.code_version,
            "horizon_days": self.horizon_days,
        }


def _paths(files: list[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in files) + "]"


def _versions_sql(exports: list[ExportFiles], attr: str) -> str:
    parts = []
    for e in exports:
        path = getattr(e, attr)
        if path is None:
            continue
        parts.append(
            f"SELECT *, '{e.model_version}' AS model_version FROM read_parquet({_paths([path])})"
        )
    return " UNION ALL BY NAME ".join(parts)


def build_forecast_tables(
    con: duckdb.DuckDBPyConnection, exports: list[ExportFiles], as_of: object
) -> None:
    """Create fct_forecast, fct_forecast_accuracy, and the `forecast`/`error_scale` views of the
    newest version (empty when there is no export)."""
    if not exports:
        con.execute(
            """
            CREATE OR REPLACE TABLE fct_forecast (
                item_id VARCHAR, warehouse_id VARCHAR, date DATE, model_version VARCHAR,
                yhat DOUBLE, yhat_lo80 DOUBLE, yhat_hi80 DOUBLE, yhat_lo95 DOUBLE,
                yhat_hi95 DOUBLE, model VARCHAR, demand_class VARCHAR, is_current BOOLEAN)
            """
        )
        con.execute(
            """
            CREATE OR REPLACE TABLE error_scale_all (
                item_id VARCHAR, warehouse_id VARCHAR, model_version VARCHAR, sigma_1d DOUBLE)
            """
        )
        _accuracy(con, has_backtest=False)
        _current_views(con, None)
        _distribution_tables(con, None)
        return
    newest = exports[-1].model_version
    con.execute(
        f"""
        CREATE OR REPLACE TABLE fct_forecast AS
        WITH final AS (
            SELECT item_id, warehouse_id, CAST(date AS DATE) AS date, model_version,
                   greatest(yhat, 0) AS yhat, yhat_lo80, yhat_hi80, yhat_lo95, yhat_hi95,
                   model, demand_class, model_version = '{newest}' AS is_current
            FROM ({_versions_sql(exports, "forecasts")})
        )
        SELECT * FROM final ORDER BY model_version, item_id, warehouse_id, date
        """
    )
    con.execute(f"CREATE OR REPLACE TABLE backtest_all AS {_versions_sql(exports, 'backtest')}")
    scale_sql = _versions_sql(exports, "error_scale")
    if scale_sql:
        con.execute(f"CREATE OR REPLACE TABLE error_scale_all AS {scale_sql}")
    else:
        con.execute(
            "CREATE OR REPLACE TABLE error_scale_all (item_id VARCHAR, warehouse_id VARCHAR, "
            "model_version VARCHAR, sigma_1d DOUBLE)"
        )
    _accuracy(con, has_backtest=True, as_of=as_of)
    _current_views(con, newest)
    _distribution_tables(con, exports[-1])


def _current_views(con: duckdb.DuckDBPyConnection, newest: str | None) -> None:
    version = f"'{newest}'" if newest else "NULL"
    con.execute(
        f"""
        CREATE OR REPLACE VIEW forecast AS
        SELECT item_id, warehouse_id, date, yhat, demand_class, model
        FROM fct_forecast WHERE model_version = {version}
        """
    )
    columns = con.execute("SELECT * FROM error_scale_all LIMIT 0").description
    lump_size = "lump_size" if "lump_size" in [c[0] for c in columns] else "NULL"
    con.execute(
        f"""
        CREATE OR REPLACE VIEW error_scale AS
        SELECT item_id, warehouse_id, sigma_1d, CAST({lump_size} AS DOUBLE) AS lump_size
        FROM error_scale_all WHERE model_version = {version}
        """
    )


DISTRIBUTION_COLUMNS = """
    item_id VARCHAR, warehouse_id VARCHAR, horizon_days INTEGER, level DOUBLE, quantity DOUBLE,
    mean DOUBLE
"""
PERIOD_COLUMNS = """
    item_id VARCHAR, warehouse_id VARCHAR, grain VARCHAR, period_start DATE, period_end DATE,
    days_in_horizon INTEGER, mean DOUBLE, q025 DOUBLE, q100 DOUBLE, q500 DOUBLE, q900 DOUBLE,
    q975 DOUBLE, lo80 DOUBLE, hi80 DOUBLE, lo95 DOUBLE, hi95 DOUBLE, model_version VARCHAR
"""
# The bands of an export that predates them (docs/ml-export.md): its equal-tailed quantiles.
BAND_FALLBACK = {"lo80": "q100", "hi80": "q900", "lo95": "q025", "hi95": "q975"}
GRAINS = ("week", "month")


def _distribution_tables(con: duckdb.DuckDBPyConnection, current: ExportFiles | None) -> None:
    """``forecast_distribution`` (a view on the file) and ``fct_forecast_period`` of the current
    export; empty when it has not the files."""
    if current is not None and current.distribution is not None:
        con.execute(
            f"""
            CREATE OR REPLACE VIEW forecast_distribution AS
            SELECT item_id, warehouse_id, CAST(horizon_days AS INTEGER) AS horizon_days,
                   CAST(level AS DOUBLE) AS level, CAST(quantity AS DOUBLE) AS quantity,
                   CAST(mean AS DOUBLE) AS mean
            FROM read_parquet({_paths([current.distribution])})
            """
        )
    else:
        con.execute(f"CREATE OR REPLACE TABLE forecast_distribution ({DISTRIBUTION_COLUMNS})")
    if current is None or current.periods is None:
        con.execute(f"CREATE OR REPLACE TABLE fct_forecast_period ({PERIOD_COLUMNS})")
        return
    source = f"read_parquet({_paths([current.periods])})"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    band_sql = ", ".join(
        f"{name if name in present else fallback} AS {name}"
        for name, fallback in BAND_FALLBACK.items()
    )
    con.execute(
        f"""
        CREATE OR REPLACE TABLE fct_forecast_period AS
        WITH final AS (
            SELECT item_id, warehouse_id, grain, CAST(period_start AS DATE) AS period_start,
                   CAST(period_end AS DATE) AS period_end,
                   CAST(days_in_horizon AS INTEGER) AS days_in_horizon,
                   mean, q025, q100, q500, q900, q975, {band_sql},
                   '{current.model_version}' AS model_version
            FROM {source}
        )
        SELECT * FROM final ORDER BY item_id, warehouse_id, grain, period_start
        """
    )


def _accuracy(con: duckdb.DuckDBPyConnection, has_backtest: bool, as_of: object = None) -> None:
    columns = """
        item_id VARCHAR, warehouse_id VARCHAR, model_version VARCHAR, source VARCHAR,
        model VARCHAR, demand_class VARCHAR, n_points BIGINT, rmsse DOUBLE, mase DOUBLE,
        mae DOUBLE, rmse DOUBLE, wape DOUBLE, bias DOUBLE, coverage80 DOUBLE, coverage95 DOUBLE,
        rmsse_snaive DOUBLE, first_date DATE, last_date DATE
    """
    if not has_backtest:
        con.execute(f"CREATE OR REPLACE TABLE fct_forecast_accuracy ({columns})")
        return
    con.execute(
        """
        CREATE OR REPLACE TABLE fct_forecast_accuracy AS
        WITH backtest_rows AS (
            SELECT * FROM backtest_all WHERE coalesce(horizon_bucket, 'all') = 'all'
        ),
        selected AS (
            SELECT b.item_id, b.warehouse_id, b.model_version, 'backtest' AS source, b.model,
                   f.demand_class, CAST(b.n_points AS BIGINT) AS n_points,
                   b.rmsse, b.mase, b.mae, b.rmse, b.wape, b.bias, b.coverage80, b.coverage95,
                   n.rmsse AS rmsse_snaive,
                   CAST(NULL AS DATE) AS first_date, CAST(NULL AS DATE) AS last_date
            FROM backtest_rows b
            LEFT JOIN backtest_rows n
              ON n.item_id = b.item_id AND n.warehouse_id = b.warehouse_id
             AND n.model_version = b.model_version AND n.model = 'snaive'
            LEFT JOIN (
                SELECT DISTINCT item_id, warehouse_id, model_version, demand_class
                FROM fct_forecast
            ) f ON f.item_id = b.item_id AND f.warehouse_id = b.warehouse_id
                 AND f.model_version = b.model_version
            WHERE b.selected
        ),
        observed AS (
            SELECT f.item_id, f.warehouse_id, f.model_version, f.model, f.demand_class, f.date,
                   f.yhat, f.yhat_lo80, f.yhat_hi80, f.yhat_lo95, f.yhat_hi95,
                   coalesce(d.quantity, 0) AS actual
            FROM fct_forecast f
            LEFT JOIN fct_demand_daily d USING (item_id, warehouse_id, date)
            WHERE f.date <= $as_of::DATE AND NOT coalesce(d.censored, false)
        ),
        live AS (
            SELECT item_id, warehouse_id, model_version, 'live' AS source,
                   any_value(model) AS model, any_value(demand_class) AS demand_class,
                   count(*) AS n_points,
                   CAST(NULL AS DOUBLE) AS rmsse, CAST(NULL AS DOUBLE) AS mase,
                   avg(abs(actual - yhat)) AS mae,
                   sqrt(avg((actual - yhat) ^ 2)) AS rmse,
                   CASE WHEN sum(actual) > 0 THEN sum(abs(actual - yhat)) / sum(actual) END
                     AS wape,
                   avg(yhat - actual) AS bias,
                   avg(CASE WHEN actual BETWEEN yhat_lo80 AND yhat_hi80 THEN 1.0 ELSE 0.0 END)
                     AS coverage80,
                   avg(CASE WHEN actual BETWEEN yhat_lo95 AND yhat_hi95 THEN 1.0 ELSE 0.0 END)
                     AS coverage95,
                   CAST(NULL AS DOUBLE) AS rmsse_snaive,
                   min(date) AS first_date, max(date) AS last_date
            FROM observed GROUP BY item_id, warehouse_id, model_version
        ),
        final AS (SELECT * FROM selected UNION ALL BY NAME SELECT * FROM live)
        SELECT * FROM final ORDER BY model_version, source, item_id, warehouse_id
        """,
        {"as_of": as_of},
    )
