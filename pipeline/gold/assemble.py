"""Build one gold snapshot from current silver and the ML exports in the lake, and test it.

Reads through local paths (``pipeline.mirror``), builds every table in one DuckDB connection,
runs the declared tests, then writes the snapshot files and manifest. Committing the pointer is
the caller's last step, so a failure anywhere here leaves the previous snapshot current.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline import lake as keys
from pipeline import mirror, snapshot
from pipeline.contract.schema import SOURCES
from pipeline.contract.validate import arrow_schema
from pipeline.gold.build import as_of_date, build_core
from pipeline.gold.calendar import dim_date
from pipeline.gold.checks import run_checks
from pipeline.gold.forecasts import ExportFiles, build_forecast_tables
from pipeline.gold.params import ReorderParams
from pipeline.gold.positions import PreviousPositions, build_positions
from pipeline.gold.projection import build_projection
from pipeline.gold.proposals import build_proposals
from pipeline.gold.reorder import reorder_points
from pipeline.gold.service import build_service
from pipeline.gold.tables import GOLD_TABLES, TABLE_NAMES
from pipeline.gold.transfer_params import TransferParams
from pipeline.gold.transfers import build_transfers
from pipeline.gold.worklist import build_reorder_list
from pipeline.silver import current_sql
from storage import ObjectNotFound, Storage, sha256_file

log = logging.getLogger(__name__)


class NoData(Exception):
    """Silver holds no usable data yet (no stock position and no transaction)."""


@dataclass
class GoldResult:
    snapshot_id: str
    as_of: date
    manifest: dict
    counts: dict[str, int]
    phases: dict[str, float]


def connect(work_dir: Path, memory_limit: str) -> duckdb.DuckDBPyConnection:
    spill = work_dir / "duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET memory_limit = '{memory_limit}'")
    con.execute(f"SET temp_directory = '{spill}'")
    con.execute("SET preserve_insertion_order = false")
    return con


# Stock positions are the one big entity (a row per item x warehouse x day): they are read only
# by pipeline.gold.positions, and only the new batches on a daily run.
LAZY = frozenset({"inventory"})


def register_silver(
    con: duckdb.DuckDBPyConnection, lake: Storage, work_dir: Path
) -> dict[str, list[Path]]:
    """Current silver of every entity as a table (a view for LAZY ones); the files per entity."""
    found = {}
    for entity in SOURCES:
        files = mirror.local_files(lake, f"{keys.SILVER}/{entity}/", work_dir)
        found[entity] = files
        if files:
            kind = "VIEW" if entity in LAZY else "TABLE"
            con.execute(f"CREATE OR REPLACE {kind} {entity} AS {current_sql(entity, files)}")
        else:
            empty = arrow_schema(SOURCES[entity]).empty_table()
            con.register(f"{entity}_empty", empty)
            con.execute(f"CREATE OR REPLACE VIEW {entity} AS SELECT * FROM {entity}_empty")
    return found


def previous_positions(lake: Storage, work_dir: Path) -> PreviousPositions | None:
    """The current snapshot's stock positions, verified, to extend; None to build in full."""
    pointer = snapshot.current(lake)
    if pointer is None:
        return None
    try:
        manifest = snapshot.manifest(lake, pointer["snapshot_id"])
        batches = manifest["lineage"]["inventory_batches"]
        entry = manifest["tables"]["fct_inventory_daily"]
    except (ObjectNotFound, KeyError, TypeError, ValueError):
        return None  # a snapshot from before positions were kept as changes: build in full
    key = keys.snapshot_table_key(pointer["snapshot_id"], "fct_inventory_daily")
    path = lake.local_path(key)
    if path is None:
        path = work_dir / "mirror" / key
        if not path.exists():
            lake.get_file(key, path)
    if sha256_file(path) != entry["sha256"]:
        log.warning("gold: %s does not match its manifest: building positions in full", key)
        return None
    return PreviousPositions(path, frozenset(batches))


def kept_exports(
    lake: Storage, work_dir: Path, manifests: list[dict], keep: int
) -> list[ExportFiles]:
    """The newest `keep` of the ML exports in the lake (their manifests, oldest first), with
    local file paths."""
    kept = []
    for m in manifests[-keep:]:
        prefix = f"{keys.LAKE_ML}/{m['model_version']}/"
        files = {p.name: p for p in mirror.local_files(lake, prefix, work_dir)}
        kept.append(
            ExportFiles(
                model_version=m["model_version"],
                generated_at=m["generated_at"],
                dataset_id=m["dataset_id"],
                source=m["source"],
                forecasts=files["forecasts.parquet"],
                backtest=files["backtest.parquet"],
                error_scale=files.get("error_scale.parquet"),
                distribution=files.get("forecast_distribution.parquet"),
                periods=files.get("forecast_periods.parquet"),
                code_version=m.get("code_version"),
                horizon_days=m.get("horizon_days"),
            )
        )
    return kept


def build_reorder(con: duckdb.DuckDBPyConnection, as_of: date, params: ReorderParams) -> None:
    con.execute(
        "CREATE OR REPLACE VIEW demand_daily AS "
        "SELECT item_id, warehouse_id, date, quantity, censored FROM fct_demand_daily"
    )
    # The history window never reaches before the first day of data: days before it are
    # unknown, not days without demand (they would dilute every history average).
    first = con.execute(
        "SELECT least((SELECT min(date) FROM fct_demand_daily),"
        " (SELECT min(date) FROM fct_inventory_daily))"
    ).fetchall()[0][0]
    if first is not None and (as_of - first).days + 1 < params.history_days:
        params = replace(params, history_days=max(1, (as_of - first).days + 1))
    table = reorder_points(con, as_of, params)
    con.register("reorder_arrow", table)
    con.execute("CREATE OR REPLACE TABLE fct_reorder_point AS SELECT * FROM reorder_arrow")
    con.unregister("reorder_arrow")


def build_actions(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    params: ReorderParams,
    transfers: TransferParams,
    model_version: str | None,
) -> None:
    """From numbers to actions: transfers, the purchase proposal (after transfers), the
    worklist, projected stock and achieved service (docs/gold-snapshot.md)."""
    build_transfers(con, as_of, transfers)
    build_proposals(con, as_of, params.stockout_horizon_days)
    build_reorder_list(con, as_of, params.stockout_horizon_days)
    build_projection(con, as_of, model_version, params.stockout_horizon_days)
    build_service(con, as_of)


def build_calendar(con: duckdb.DuckDBPyConnection, as_of: date) -> None:
    first, last = con.execute(
        """
        SELECT least(
                 (SELECT min(date) FROM fct_demand_daily),
                 (SELECT min(date) FROM fct_inventory_daily),
                 (SELECT min(txn_date) FROM fct_consumption)),
               greatest((SELECT max(date) FROM fct_forecast), $as_of::DATE)
        """,
        {"as_of": as_of},
    ).fetchall()[0]
    start = first or as_of
    end = max(last or as_of, as_of + timedelta(days=1))
    con.register("dim_date_arrow", dim_date(start, end))
    con.execute("CREATE OR REPLACE TABLE dim_date AS SELECT * FROM dim_date_arrow")
    con.unregister("dim_date_arrow")


def store_quality(con: duckdb.DuckDBPyConnection, checks: list[dict]) -> None:
    schema = pa.schema(
        [
            ("check_name", pa.string()),
            ("status", pa.string()),
            ("value", pa.float64()),
            ("threshold", pa.float64()),
            ("message", pa.string()),
        ]
    )
    table = pa.Table.from_pylist(checks, schema=schema)
    con.register("quality_arrow", table)
    con.execute("CREATE OR REPLACE TABLE data_quality AS SELECT * FROM quality_arrow")
    con.unregister("quality_arrow")


def _lineage(as_of: date, exports: list[ExportFiles], inventory_files: list[Path]) -> dict:
    """What the snapshot was built from: the data date, the ML exports, the stock batches."""
    current = exports[-1] if exports else None
    return {
        "as_of_date": as_of.isoformat(),
        "model_version": current.model_version if current else None,
        "model_generated_at": current.generated_at if current else None,
        "model_dataset_id": current.dataset_id if current else None,
        "model_source": current.source if current else None,
        "model_versions_kept": [e.model_version for e in exports],
        "model_exports": [e.metadata() for e in exports],
        "inventory_batches": sorted(f.name for f in inventory_files),
    }


def build_snapshot(
    lake: Storage,
    *,
    snapshot_id: str,
    work_dir: Path,
    params: ReorderParams,
    ml_exports: list[dict],
    forecast_versions_kept: int,
    memory_limit: str,
    quality: Callable[[duckdb.DuckDBPyConnection, date, list[ExportFiles]], list[dict]],
    lineage: dict,
    after_checks: Callable[[duckdb.DuckDBPyConnection, date], dict] | None = None,
    transfers: TransferParams | None = None,
) -> GoldResult:
    """Build, test and write a snapshot (files + manifest). Does not commit `_CURRENT`.

    `ml_exports`: the manifests of the ML exports held in the lake, oldest first (the caller
    reads them: ``pipeline.exports.lake_exports``); the newest `forecast_versions_kept` are used.

    `quality` is called once the tables exist and returns the data quality checks to store
    in the snapshot; `transfers` sets the transfer suggestions (default lead times when None);
    `after_checks` runs once the tables passed their tests (the training
    extract is written there) and returns lineage to add to the manifest.
    """
    con = connect(work_dir, memory_limit)
    phases: dict[str, float] = {}
    clock = time.perf_counter()

    def done(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[phase] = round(now - clock, 3)
        clock = now

    try:
        silver_files = register_silver(con, lake, work_dir)
        done("silver_current")
        inventory_files = silver_files["inventory"]
        positions_built = build_positions(con, inventory_files, previous_positions(lake, work_dir))
        done(f"stock_positions_{positions_built}")
        as_of = as_of_date(con)
        if as_of is None:
            raise NoData("silver holds no stock position and no transaction yet")
        build_core(con, as_of)
        done("core_facts")
        exports = kept_exports(lake, work_dir, ml_exports, forecast_versions_kept)
        build_forecast_tables(con, exports, as_of)
        done("forecast_facts")
        build_reorder(con, as_of, params)
        done("reorder_points")
        version = exports[-1].model_version if exports else None
        build_actions(con, as_of, params, transfers or TransferParams(), version)
        done("actions")
        build_calendar(con, as_of)
        store_quality(con, quality(con, as_of, exports))
        done("calendar_and_quality")
        run_checks(con, GOLD_TABLES)
        done("checks")
        extra = after_checks(con, as_of) if after_checks else {}
        done("training_extract")
        files = snapshot.write_tables(con, lake, snapshot_id, TABLE_NAMES, work_dir)
        done("write_tables")
        lineage = {**lineage, **extra, **_lineage(as_of, exports, inventory_files)}
        docs = {spec.name: spec.doc() for spec in GOLD_TABLES}
        manifest = snapshot.write_manifest(lake, snapshot_id, files, docs, lineage)
        counts = {f.name: f.rows for f in files}
        log.info("gold phases (s): %s", phases)
        return GoldResult(snapshot_id, as_of, manifest, counts, phases)
    finally:
        con.close()
