"""The gold snapshot protocol (docs/gold-snapshot.md), after Iceberg, Delta and quilt.

Write every table file of a new snapshot, then its ``_manifest.json`` (tables, rows, schema,
sha256, lineage), then replace ``gold/_CURRENT`` last. A reader resolves ``_CURRENT`` once and
reads only that snapshot; a crash at any point leaves the previous snapshot current. Snapshot
folders are never rewritten. Retention keeps the newest N and never the current or the previous.
"""

from __future__ import annotations

import json
import logging
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import duckdb

from pipeline import failpoints
from pipeline import lake as keys
from pipeline.bronze import local_copy
from storage import ObjectNotFound, Storage, sha256_file

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableFile:
    name: str
    key: str
    rows: int
    sha256: str
    columns: list[dict[str, str]]


def current(lake: Storage) -> dict | None:
    """The `_CURRENT` pointer, or None before the first commit."""
    try:
        return json.loads(lake.get_bytes(keys.CURRENT))
    except ObjectNotFound:
        return None


def manifest(lake: Storage, snapshot_id: str) -> dict:
    return json.loads(lake.get_bytes(keys.snapshot_manifest_key(snapshot_id)))


ROW_GROUP_ROWS = 122_880  # DuckDB's default: a read by key skips the groups outside it


def write_tables(
    con: duckdb.DuckDBPyConnection,
    lake: Storage,
    snapshot_id: str,
    tables: list[str],
    work_dir: Path,
) -> list[TableFile]:
    """COPY each DuckDB table to Parquet in the snapshot folder; return what was written."""
    staging = work_dir / "snapshots" / snapshot_id
    written = []
    for name in tables:
        key = keys.snapshot_table_key(snapshot_id, name)
        direct = lake.local_path(key)
        target = direct if direct is not None else staging / f"{name}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY {name} TO '{target}' "
            f"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {ROW_GROUP_ROWS})"
        )
        if direct is None:
            lake.put_file(key, target)
        columns = table_columns(con, name)
        rows = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        written.append(TableFile(name, key, rows, sha256_file(target), columns))
        failpoints.point("gold.table_written")
        log.info("gold: %s (%d rows)", key, rows)
    shutil.rmtree(staging, ignore_errors=True)
    return written


def table_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[dict[str, str]]:
    """A table's columns in order: ``[{name, type}]`` (DuckDB type names)."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [{"name": n, "type": t} for n, t in rows]


def write_manifest(
    lake: Storage, snapshot_id: str, files: list[TableFile], table_docs: dict, lineage: dict
) -> dict:
    record = {
        "snapshot_id": snapshot_id,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "tables": {
            f.name: {
                "file": PurePosixPath(f.key).name,
                "rows": f.rows,
                "sha256": f.sha256,
                "columns": f.columns,
                **table_docs.get(f.name, {}),
            }
            for f in files
        },
        "lineage": lineage,
    }
    lake.put_atomic(
        keys.snapshot_manifest_key(snapshot_id), json.dumps(record, indent=2, default=str).encode()
    )
    failpoints.point("gold.manifest_written")
    return record


def commit(lake: Storage, snapshot_id: str, extra: dict) -> dict:
    """Make `snapshot_id` current: the single atomic step that publishes a snapshot."""
    previous = current(lake)
    pointer = {
        "snapshot_id": snapshot_id,
        "committed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "previous": previous["snapshot_id"] if previous else None,
        **extra,
    }
    failpoints.point("gold.before_pointer")
    lake.put_atomic(keys.CURRENT, json.dumps(pointer, indent=2, default=str).encode())
    failpoints.point("gold.after_pointer")
    return pointer


def verify(lake: Storage, snapshot_id: str, work_dir: Path) -> list[str]:
    """Problems with a snapshot's files against its manifest (empty when it verifies)."""
    try:
        record = manifest(lake, snapshot_id)
    except ObjectNotFound:
        return [f"snapshot {snapshot_id} has no manifest"]
    problems = []
    for name, table in record["tables"].items():
        key = f"{keys.snapshot_prefix(snapshot_id)}{table['file']}"
        try:
            with local_copy(lake, key, work_dir) as path:
                digest = sha256_file(path)
        except ObjectNotFound:
            problems.append(f"{key}: missing")
            continue
        if digest != table["sha256"]:
            problems.append(f"{key}: sha256 does not match the manifest ({name})")
    return problems


def snapshot_ids(lake: Storage) -> list[str]:
    return sorted(
        info.key.rstrip("/").rsplit("/", 1)[-1]
        for info in lake.list(keys.SNAPSHOTS + "/", recursive=False)
        if info.is_dir
    )


def apply_retention(lake: Storage, keep: int) -> list[str]:
    """Delete old snapshots beyond the newest `keep` committed ones, and abandoned partial ones.

    The current and the previous snapshot are never deleted.
    """
    pointer = current(lake)
    protected = {pointer["snapshot_id"], pointer.get("previous")} if pointer else set()
    ids = snapshot_ids(lake)
    complete = [s for s in ids if lake.exists(keys.snapshot_manifest_key(s))]
    partial = [s for s in ids if s not in complete]
    newest = set(complete[-keep:]) if keep > 0 else set()
    doomed = [s for s in complete if s not in newest and s not in protected]
    # A folder without a manifest is the leftover of a crashed run (this run holds the lock).
    doomed += [s for s in partial if s not in protected]
    for snapshot_id in doomed:
        lake.delete(keys.snapshot_manifest_key(snapshot_id))  # first: a crash leaves a partial
        failpoints.point("retention.manifest_deleted")
        lake.delete_prefix(keys.snapshot_prefix(snapshot_id))
        log.info("retention: deleted snapshot %s", snapshot_id)
    return doomed
