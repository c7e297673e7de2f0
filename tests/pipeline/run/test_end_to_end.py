"""End to end on the S sample: landing -> bronze -> silver -> gold snapshot, local and S3.

Numbers are cross-checked with DuckDB queries on the landing CSVs that share no code with the
pipeline: what a planner would compute by hand from the ERP exports.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.gold.tables import TABLE_NAMES
from pipeline.runner import run_once
from pipeline.runrecord import RunRecord
from storage import Storage, open_storage
from tests.factories import END, Built, Samples, Workspace, copy_landing
from tests.pipeline.run import lakeview

STEPS = ["bronze", "ml_exports", "silver", "gold", "commit", "retention"]


def landing_sql(con: duckdb.DuckDBPyConnection, landing: Path) -> None:
    """Views over the landing CSVs, every column as text, as the ERP wrote them."""
    for source in ("sites", "consumption", "inventory", "purchase_orders"):
        pattern = str(landing / source / "*.csv")
        con.execute(
            f"CREATE VIEW landing_{source} AS "
            f"SELECT * FROM read_csv('{pattern}', all_varchar = true, header = true)"
        )


def by_series(table: pa.Table, value: str) -> dict[tuple[str, str], float]:
    rows = table.to_pylist()
    return {(r["item_id"], r["warehouse_id"]): r[value] for r in rows}


def assert_complete_run(
    lake: Storage, exports: Storage, record: RunRecord, landing: Path, work: Path
) -> None:
    # The run record: succeeded, every step done, pointing at the snapshot it committed.
    stored = lakeview.read_json(lake, f"runs/{record.run_id}.json")
    assert stored["status"] == "succeeded"
    assert [s["name"] for s in stored["steps"]] == STEPS
    assert {s["status"] for s in stored["steps"]} == {"succeeded"}
    current = lakeview.pointer(lake)
    assert current is not None
    assert stored["snapshot_id"] == current["snapshot_id"] == record.snapshot_id

    # The snapshot: every table of the star schema, every file verifies, rows as declared.
    manifest = lakeview.assert_current_complete(lake, work)
    snapshot_id = current["snapshot_id"]
    assert current["as_of_date"] == manifest["lineage"]["as_of_date"] == END
    gold = {name: lakeview.gold_table(lake, snapshot_id, name) for name in TABLE_NAMES}

    con = duckdb.connect()
    landing_sql(con, landing)
    for name, table in gold.items():
        con.register(name, table)

    # Demand: total consumption per item x warehouse (the tower's warehouse) from the ERP files.
    expected_demand = dict(
        ((item, warehouse), quantity)
        for item, warehouse, quantity in con.execute(
            """
            SELECT c.item_id, s.warehouse_id, sum(CAST(c.quantity AS DOUBLE))
            FROM landing_consumption c JOIN landing_sites s USING (site_id) GROUP BY ALL
            """
        ).fetchall()
    )
    gold_demand = dict(
        ((item, warehouse), quantity)
        for item, warehouse, quantity in con.execute(
            "SELECT item_id, warehouse_id, sum(quantity) FROM fct_demand_daily "
            "GROUP BY ALL HAVING sum(quantity) > 0"
        ).fetchall()
    )
    assert gold_demand.keys() == expected_demand.keys()
    for key, quantity in expected_demand.items():
        assert gold_demand[key] == pytest.approx(quantity), key
    n_transactions = con.execute("SELECT count(*) FROM landing_consumption").fetchall()[0][0]
    assert gold["fct_consumption"].num_rows == n_transactions

    # Censored days: one per inventory row with on_hand = 0 (positions are daily in the sample).
    expected_censored = dict(
        con.execute(
            """
            SELECT item_id || '|' || warehouse_id, count(*) FROM landing_inventory
            WHERE CAST(on_hand AS DOUBLE) = 0 GROUP BY ALL
            """
        ).fetchall()
    )
    gold_censored = dict(
        con.execute(
            "SELECT item_id || '|' || warehouse_id, count(*) FROM fct_demand_daily "
            "WHERE censored GROUP BY ALL"
        ).fetchall()
    )
    assert sum(expected_censored.values()) > 0  # the sample does run out of stock
    assert gold_censored == expected_censored

    # Reorder points: one row per item x warehouse series, stock as of the last ERP position.
    series = {
        (item, warehouse)
        for item, warehouse in con.execute(
            """
            SELECT item_id, warehouse_id FROM landing_inventory
            UNION SELECT c.item_id, s.warehouse_id
                  FROM landing_consumption c JOIN landing_sites s USING (site_id)
            UNION SELECT item_id, warehouse_id FROM landing_purchase_orders
            """
        ).fetchall()
    }
    reorder = gold["fct_reorder_point"]
    assert reorder.num_rows == len(series)
    assert set(zip(*(reorder.column(c).to_pylist() for c in ("item_id", "warehouse_id")),
                   strict=True)) == series  # fmt: skip
    last_stock = {
        (item, warehouse): on_hand
        for item, warehouse, on_hand in con.execute(
            f"""
            SELECT item_id, warehouse_id, CAST(on_hand AS DOUBLE) FROM landing_inventory
            WHERE snapshot_date = '{END}'
            """
        ).fetchall()
    }
    assert by_series(reorder, "on_hand") == pytest.approx(last_stock)
    n_orders = con.execute("SELECT count(*) FROM landing_purchase_orders").fetchall()[0][0]
    assert gold["fct_lead_time"].num_rows == n_orders

    # The training extract for ml_env: manifest written last, files as it says, same demand.
    dataset_id = manifest["lineage"]["training_dataset_id"]
    extract = lakeview.read_json(exports, f"training/{dataset_id}/manifest.json")
    assert extract["dataset_id"] == dataset_id and extract["end_date"] == END
    assert set(extract["files"]) == {"demand_daily.parquet", "series.parquet"}
    assert extract["layout"] == "sparse"  # an absent day of a series is zero demand
    tables = {}
    for name, spec in extract["files"].items():
        data = exports.get_bytes(f"training/{dataset_id}/{name}")
        assert hashlib.sha256(data).hexdigest() == spec["sha256"], name
        tables[name] = pq.read_table(pa.BufferReader(data))
        assert tables[name].num_rows == spec["rows"], name
    con.register("extract_demand", tables["demand_daily.parquet"])
    total, censored = con.execute(
        "SELECT sum(quantity), count(*) FILTER (WHERE censored) FROM extract_demand"
    ).fetchall()[0]
    assert total == pytest.approx(sum(expected_demand.values()))
    assert censored == sum(expected_censored.values())
    assert extract["n_series"] == len(series)


def test_end_to_end_local(built: Built, samples: Samples) -> None:
    workspace = built.workspace
    assert built.record.status == "succeeded"
    assert_complete_run(
        open_storage(str(workspace.lake)),
        open_storage(str(workspace.exports)),
        built.record,
        samples.clean,
        workspace.work,
    )


@pytest.fixture
def s3_buckets(s3_client, s3_endpoint, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """Landing, lake and exports buckets on the moto endpoint, and S3_* set to reach them."""
    stem = f"run-{uuid.uuid4().hex[:12]}"
    buckets = {part: f"{stem}-{part}" for part in ("landing", "lake", "exports")}
    for bucket in buckets.values():
        s3_client.make_bucket(bucket)
    monkeypatch.setenv("S3_ENDPOINT", s3_endpoint.endpoint)
    monkeypatch.setenv("S3_ACCESS_KEY", s3_endpoint.access_key)
    monkeypatch.setenv("S3_SECRET_KEY", s3_endpoint.secret_key)
    monkeypatch.setenv("S3_SECURE", "false")
    monkeypatch.setenv("S3_CONNECT_TIMEOUT", "2")
    monkeypatch.setenv("S3_MAX_RETRIES", "1")
    yield buckets
    for bucket in buckets.values():
        for obj in s3_client.list_objects(bucket, recursive=True):
            s3_client.remove_object(bucket, obj.object_name)
        s3_client.remove_bucket(bucket)


def test_end_to_end_s3(
    samples: Samples, workspace: Workspace, s3_buckets: dict[str, str], tmp_path: Path
) -> None:
    settings = workspace.settings(
        landing_uri=f"s3://{s3_buckets['landing']}",
        lake_uri=f"s3://{s3_buckets['lake']}",
        exports_uri=f"s3://{s3_buckets['exports']}",
    )
    landing = settings.landing()
    local_landing = tmp_path / "landing"
    copy_landing(samples.clean, local_landing)
    for path in sorted(local_landing.rglob("*.csv")):
        landing.put_file(path.relative_to(local_landing).as_posix(), path)

    record = run_once(settings)

    assert record.status == "succeeded"
    assert not workspace.lake.exists() and not workspace.exports.exists()  # nothing local
    lake = settings.lake()
    assert_complete_run(lake, settings.exports(), record, local_landing, workspace.work)
    assert lakeview.batch_accounts(lake)  # silver accounting is in the bucket too
    assert not lake.exists("_lease.json")  # the lease is released at the end of the run
