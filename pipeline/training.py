"""The training extract for ml_env: ``exports/training/<dataset_id>/``.

The extract is sparse (``"layout": "sparse"`` in the manifest): ``demand_daily.parquet`` has a row
per item x warehouse x day with demand or censoring (end-of-day stock was 0, so the observed
quantity is only a lower bound); ``series.parquet`` has one row per series
with its ``first_date`` and item attributes, and every absent day from first_date to end_date is
zero demand. ``manifest.json`` is written last with rows and sha256 per file. (A dense extract of
the L scale would be 55 million rows, mostly zeros.)
``dataset_id = ds_<UTC time>_<8 hex of an order-independent hash of the demand rows>``: an extract
whose rows are unchanged is not written again.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from pipeline import failpoints
from storage import Storage, sha256_file

log = logging.getLogger(__name__)

TRAINING = "training"

# Sparse, like fct_demand_daily: only days with demand or censoring are rows; an absent day of a
# series (from its first_date in series.parquet to end_date) is zero demand, not censored.
DEMAND_SQL = """
WITH final AS (
    SELECT d.item_id, d.warehouse_id, d.date, d.quantity, d.censored
    FROM fct_demand_daily d SEMI JOIN series s USING (item_id, warehouse_id)
    WHERE d.date <= $as_of::DATE
)
SELECT * FROM final ORDER BY item_id, warehouse_id, date
"""

SERIES_SQL = """
WITH seen AS (
    SELECT item_id, warehouse_id, min(date) AS first_date FROM fct_demand_daily GROUP BY ALL
    UNION ALL
    SELECT item_id, warehouse_id, min(date) FROM fct_inventory_daily GROUP BY ALL
),
final AS (
    SELECT s.item_id, s.warehouse_id, min(seen.first_date) AS first_date,
           any_value(i.category) AS category, any_value(i.criticality) AS criticality,
           any_value(i.unit_cost) AS unit_cost
    FROM series s
    JOIN seen USING (item_id, warehouse_id)
    JOIN dim_item i USING (item_id)
    WHERE seen.first_date <= $as_of::DATE
    GROUP BY s.item_id, s.warehouse_id
)
SELECT * FROM final ORDER BY item_id, warehouse_id
"""


def existing_ids(exports: Storage) -> list[str]:
    return sorted(
        info.key.rstrip("/").rsplit("/", 1)[-1]
        for info in exports.list(f"{TRAINING}/", recursive=False)
        if info.is_dir
    )


def write_extract(
    con: duckdb.DuckDBPyConnection, exports: Storage, as_of: date, work_dir: Path
) -> tuple[str, bool]:
    """Write the extract unless an identical one exists. Returns (dataset_id, written)."""
    staging = work_dir / "training"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    demand = staging / "demand_daily.parquet"
    series = staging / "series.parquet"
    con.execute(
        f"COPY ({DEMAND_SQL}) TO '{demand}' (FORMAT parquet, COMPRESSION zstd)", {"as_of": as_of}
    )
    con.execute(
        f"COPY ({SERIES_SQL}) TO '{series}' (FORMAT parquet, COMPRESSION zstd)", {"as_of": as_of}
    )
    # The rows are written in no particular order (sorting 50 million rows costs more than it
    # gives), so the content is identified by an order-independent hash of the rows.
    (content,) = con.execute(
        "SELECT bit_xor(h) FROM ("
        "SELECT hash(item_id, warehouse_id, date, quantity, censored) AS h "
        f"FROM read_parquet('{demand}') UNION ALL "
        f"SELECT hash(item_id, warehouse_id, first_date) FROM read_parquet('{series}'))"
    ).fetchall()[0]
    digest = f"{(content or 0) & 0xFFFFFFFF:08x}"
    for existing in existing_ids(exports):
        if existing.endswith(f"_{digest[:8]}") and exports.exists(
            f"{TRAINING}/{existing}/manifest.json"
        ):
            shutil.rmtree(staging, ignore_errors=True)
            return existing, False
    now = datetime.now(UTC)
    dataset_id = f"ds_{now:%Y%m%dT%H%M%SZ}_{digest[:8]}"
    files = {}
    for path in (demand, series):
        rows = con.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchall()[0][0]
        files[path.name] = {"rows": rows, "sha256": sha256_file(path)}
        exports.put_file(f"{TRAINING}/{dataset_id}/{path.name}", path)
    failpoints.point("training.files_written")
    start, n_series = con.execute(
        f"SELECT min(first_date), count(*) FROM read_parquet('{series}')"
    ).fetchall()[0]
    manifest = {
        "dataset_id": dataset_id,
        "created_at": now.isoformat(timespec="seconds"),
        "source": "pipeline",
        "start_date": start.isoformat() if start else None,
        "end_date": as_of.isoformat(),
        "n_series": n_series,
        "layout": "sparse",
        "absent_days": "zero demand, not censored (each series from its first_date)",
        "files": files,
    }
    exports.put_atomic(
        f"{TRAINING}/{dataset_id}/manifest.json", json.dumps(manifest, indent=2).encode()
    )
    shutil.rmtree(staging, ignore_errors=True)
    log.info("training extract %s: %d series up to %s", dataset_id, n_series, as_of)
    return dataset_id, True
