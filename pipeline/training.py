"""The training extract for ml_env: ``exports/training/<dataset_id>/``.

``demand_daily.parquet`` has one row per item x warehouse x day from the series' first day to the
snapshot's as-of date (in no particular order), zero-filled, with the censored flag (end-of-day
stock was 0, so the observed quantity is only a lower bound); ``series.parquet`` has item
attributes; ``manifest.json`` is written last with rows and sha256 per file.
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

from storage import Storage, sha256_file

log = logging.getLogger(__name__)

TRAINING = "training"

DEMAND_SQL = """
WITH seen AS (
    SELECT item_id, warehouse_id, date FROM fct_demand_daily
    UNION ALL SELECT item_id, warehouse_id, date FROM fct_inventory_daily
),
bounds AS (
    SELECT item_id, warehouse_id, min(date) AS first_date
    FROM seen JOIN series USING (item_id, warehouse_id)
    WHERE date <= $as_of::DATE
    GROUP BY ALL
),
days AS (
    SELECT item_id, warehouse_id,
           CAST(unnest(generate_series(first_date, $as_of::DATE, INTERVAL 1 DAY)) AS DATE) AS date
    FROM bounds
),
final AS (
    SELECT d.item_id, d.warehouse_id, d.date,
           coalesce(f.quantity, 0.0) AS quantity,
           coalesce(f.censored, false) AS censored
    FROM days d LEFT JOIN fct_demand_daily f USING (item_id, warehouse_id, date)
)
SELECT * FROM final
"""

SERIES_SQL = """
SELECT s.item_id, s.warehouse_id, i.category, i.criticality, i.unit_cost
FROM series s JOIN dim_item i USING (item_id)
ORDER BY s.item_id, s.warehouse_id
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
    con.execute(f"COPY ({SERIES_SQL}) TO '{series}' (FORMAT parquet, COMPRESSION zstd)")
    # The rows are written in no particular order (sorting 50 million rows costs more than it
    # gives), so the content is identified by an order-independent hash of the rows.
    (content,) = con.execute(
        "SELECT bit_xor(hash(item_id, warehouse_id, date, quantity, censored)) "
        f"FROM read_parquet('{demand}')"
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
    start, _, n_series = con.execute(
        f"SELECT min(date), max(date), count(DISTINCT (item_id, warehouse_id)) "
        f"FROM read_parquet('{demand}')"
    ).fetchall()[0]
    manifest = {
        "dataset_id": dataset_id,
        "created_at": now.isoformat(timespec="seconds"),
        "source": "pipeline",
        "start_date": start.isoformat() if start else None,
        "end_date": as_of.isoformat(),
        "n_series": n_series,
        "files": files,
    }
    exports.put_atomic(
        f"{TRAINING}/{dataset_id}/manifest.json", json.dumps(manifest, indent=2).encode()
    )
    shutil.rmtree(staging, ignore_errors=True)
    log.info("training extract %s: %d series up to %s", dataset_id, n_series, as_of)
    return dataset_id, True
