"""Read a lake as an operator or a planner would, independently of the pipeline's own readers.

Functions take a ``Storage`` so the same checks run on a local lake and on an S3 lake.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import snapshot
from pipeline.gold.tables import TABLE_NAMES
from storage import ObjectNotFound, Storage

CURRENT = "gold/_CURRENT"
SNAPSHOTS = "gold/snapshots/"
LEDGER = "bronze/_ledger/"


def read_json(storage: Storage, key: str) -> dict:
    return json.loads(storage.get_bytes(key))


def pointer(storage: Storage) -> dict | None:
    try:
        return read_json(storage, CURRENT)
    except ObjectNotFound:
        return None


def snapshot_folders(storage: Storage) -> list[str]:
    return sorted(
        info.key.rstrip("/").rsplit("/", 1)[-1]
        for info in storage.list(SNAPSHOTS, recursive=False)
        if info.is_dir
    )


def has_manifest(storage: Storage, snapshot_id: str) -> bool:
    return storage.exists(f"{SNAPSHOTS}{snapshot_id}/_manifest.json")


def manifest(storage: Storage, snapshot_id: str) -> dict:
    return read_json(storage, f"{SNAPSHOTS}{snapshot_id}/_manifest.json")


def gold_table(storage: Storage, snapshot_id: str, table: str) -> pa.Table:
    return storage.read_parquet(f"{SNAPSHOTS}{snapshot_id}/{table}.parquet")


def ledger_entries(storage: Storage) -> list[dict]:
    return [
        read_json(storage, info.key)
        for info in storage.list(LEDGER, recursive=True)
        if info.key.endswith(".json")
    ]


def bronze_files(storage: Storage) -> set[str]:
    return {
        info.key
        for info in storage.list("bronze/", recursive=True)
        if info.key.endswith(".parquet")
        and not info.key.startswith(LEDGER)
        and not info.key.startswith("bronze/ml_results/")
    }


def batch_accounts(storage: Storage) -> dict[str, dict]:
    accounts = [
        read_json(storage, info.key)
        for info in storage.list("silver/_batches/", recursive=True)
        if info.key.endswith(".json")
    ]
    return {a["batch_id"]: a for a in accounts}


def run_records(storage: Storage) -> list[dict]:
    infos = [i for i in storage.list("runs/", recursive=True) if i.key.endswith(".json")]
    return [read_json(storage, i.key) for i in sorted(infos, key=lambda i: i.key)]


def tree(root: Path) -> dict[str, str]:
    """sha256 of every file under a local folder, by relative path."""
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def landing_files(landing: Path) -> dict[str, Path]:
    """Data files of a local landing folder by their display name (``landing/<source>/<file>``)."""
    return {
        f"landing/{path.relative_to(landing).as_posix()}": path
        for path in sorted(landing.glob("*/*"))
        if path.suffix in (".csv", ".parquet") and not path.name.startswith((".", "_"))
    }


def data_rows(path: Path) -> int:
    """Data rows of a landing file, counted without the pipeline: CSV records minus the header."""
    if path.suffix == ".parquet":
        return pq.ParquetFile(path).metadata.num_rows
    text = path.read_bytes().decode("latin-1")  # any byte decodes; records do not depend on it
    records = [r for r in csv.reader(io.StringIO(text, newline="")) if r]
    return max(0, len(records) - 1)


def csv_record(path: Path, row: int) -> list[str]:
    """The CSV record at `row`, counting the header as row 1, split on the file's delimiter."""
    text = path.read_bytes().decode("utf-8", errors="replace")
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records[row - 1]


def assert_snapshot_complete(storage: Storage, snapshot_id: str, work_dir: Path) -> dict:
    """The snapshot has a manifest listing every gold table, and every file matches it."""
    assert snapshot.verify(storage, snapshot_id, work_dir) == []
    record = manifest(storage, snapshot_id)
    assert sorted(record["tables"]) == sorted(TABLE_NAMES)
    for name, entry in record["tables"].items():
        data = storage.get_bytes(f"{SNAPSHOTS}{snapshot_id}/{entry['file']}")
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], name
        rows = pq.ParquetFile(pa.BufferReader(data)).metadata.num_rows
        assert rows == entry["rows"], (
            f"{name}: {rows} rows in the file, manifest says {entry['rows']}"
        )
    return record


def assert_current_complete(storage: Storage, work_dir: Path) -> dict:
    """`_CURRENT` exists and names a complete, verifying snapshot; returns its manifest."""
    current = pointer(storage)
    assert current is not None, "no _CURRENT"
    return assert_snapshot_complete(storage, current["snapshot_id"], work_dir)
