"""Open gold snapshots with DuckDB and follow ``gold/_CURRENT`` (docs/gold-snapshot.md).

The API meets the pipeline only at the snapshot manifest contract:
``gold/_CURRENT`` names the snapshot; ``gold/snapshots/<id>/_manifest.json`` lists each table's
file, rows, sha256 and columns. A reader resolves ``_CURRENT`` once per poll and reads only that
snapshot. On S3 the snapshot is first copied into a local cache folder and every file is checked
against its sha256; a snapshot that fails is refused and the last good one keeps serving.

Each snapshot gets its own in-memory DuckDB database: tables up to a row limit are loaded;
bigger ones and the facts read a series at a time (``VIEW_ONLY``) stay views over their Parquet
file. Requests take a cursor of that database, so a swap (a new ``Snapshot`` object replacing
the reference) never touches a query in flight. Domain logic (the worklist, its ranking) is
gold's: the API reads tables, it does not build them.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from storage import ObjectNotFound, Storage, sha256_file

log = logging.getLogger(__name__)

CURRENT_KEY = "gold/_CURRENT"
SNAPSHOTS_PREFIX = "gold/snapshots/"
MANIFEST = "_manifest.json"
SNAPSHOT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
_TABLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,127}\.parquet$")
# Read straight from Parquet instead of loaded: big, and read a series (or a drill-down) at a
# time by key, from files the pipeline sorts by key (a read touches a row group or two). At L,
# loading them would cost 700 MB of memory and 8 s of start-up for no faster series.
VIEW_ONLY = frozenset(
    {"fct_consumption", "fct_demand_daily", "fct_inventory_daily", "fct_forecast",
     "fct_projected_stock"}
)  # fmt: skip
REQUIRED_TABLES = frozenset(
    {"dim_item", "dim_warehouse", "dim_site", "fct_demand_daily", "fct_inventory_daily",
     "fct_forecast", "fct_forecast_accuracy", "fct_reorder_point", "fct_reorder_list",
     "fct_purchase_proposal", "fct_transfer_suggestion", "fct_projected_stock",
     "fct_service_achieved", "fct_service_by_class"}
)  # fmt: skip
_VERIFIED_MARK = ".verified"
DEFAULT_MATERIALIZE_MAX_ROWS = 5_000_000


# Gold's statuses in precedence order (docs/gold-snapshot.md), held equal to
# pipeline.gold.tables.STATUSES by tests/backend/test_statuses.py; the ranking is gold's too.
REORDER_STATUSES = ("no_demand", "stockout", "critical", "reorder", "excess", "ok")


class SnapshotError(Exception):
    """A snapshot cannot be served: missing, malformed or failing verification."""


class SnapshotNotFound(SnapshotError):
    """No retained snapshot has this id."""


def _sql_string(value: str) -> str:
    """A SQL string literal; only for trusted, validated file paths in view DDL."""
    return "'" + value.replace("'", "''") + "'"


def _parse_time(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


Read = Callable[[str, list[Any] | None], list[dict[str, Any]]]


def _rows(
    cursor: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None
) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params or [])
    names = [column[0] for column in result.description or []]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


@dataclass(eq=False)
class Snapshot:
    """One verified, opened gold snapshot. Immutable once built; share it freely."""

    snapshot_id: str
    manifest: dict[str, Any]
    pointer: dict[str, Any]  # the _CURRENT that named it, {} when opened by id
    folder: Path
    database: duckdb.DuckDBPyConnection = field(repr=False)
    loaded_at: float = field(default_factory=time.time)
    _dimensions: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict, repr=False)

    @property
    def lineage(self) -> dict[str, Any]:
        return dict(self.manifest.get("lineage") or {})

    @property
    def tables(self) -> dict[str, dict[str, Any]]:
        return dict(self.manifest.get("tables") or {})

    @property
    def committed_at(self) -> datetime | None:
        return _parse_time(self.pointer.get("committed_at")) or _parse_time(
            self.manifest.get("created_at")
        )

    @property
    def as_of_date(self) -> date | None:
        value = self._described("as_of_date")
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    @property
    def model_version(self) -> str | None:
        value = self._described("model_version")
        return value if isinstance(value, str) else None

    def _described(self, name: str) -> Any:
        """The manifest's lineage value (authoritative), else the pointer's."""
        lineage = self.lineage
        return lineage[name] if name in lineage else self.pointer.get(name)

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        """Run a read query with bound parameters on a private cursor; rows as dicts."""
        with self.reader() as read:
            return read(sql, params)

    @contextmanager
    def reader(self) -> Iterator[Read]:
        """One private cursor for the reads of one answer: ``read(sql, params)``, rows as dicts."""
        cursor = self.database.cursor()
        try:
            yield partial(_rows, cursor)
        finally:
            cursor.close()

    def item(self, item_id: str) -> dict[str, Any] | None:
        return self._dimension("dim_item", "item_id").get(item_id)

    def warehouse(self, warehouse_id: str) -> dict[str, Any] | None:
        return self._dimension("dim_warehouse", "warehouse_id").get(warehouse_id)

    def load_dimensions(self) -> None:
        """Read the dimensions a series answer names now, once, before the snapshot serves."""
        self._dimension("dim_item", "item_id")
        self._dimension("dim_warehouse", "warehouse_id")

    def _dimension(self, table: str, key: str) -> dict[str, dict[str, Any]]:
        """A small dimension as a dict by id, read once (table and key are code constants)."""
        rows = self._dimensions.get(table)
        if rows is None:
            rows = {row[key]: row for row in self.query(f'select * from "{table}"')}
            self._dimensions[table] = rows
        return rows

    def close(self) -> None:
        self.database.close()


def read_pointer(storage: Storage) -> dict[str, Any]:
    """The current ``_CURRENT`` content; SnapshotError when missing or malformed."""
    try:
        pointer = json.loads(storage.get_bytes(CURRENT_KEY))
    except ObjectNotFound as exc:
        raise SnapshotError(f"no gold snapshot yet: {CURRENT_KEY} is missing") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{CURRENT_KEY} is not valid JSON: {exc}") from exc
    snapshot_id = pointer.get("snapshot_id") if isinstance(pointer, dict) else None
    if not isinstance(snapshot_id, str) or not SNAPSHOT_ID.match(snapshot_id):
        raise SnapshotError(f"{CURRENT_KEY} does not name a valid snapshot_id")
    return pointer


def list_snapshot_ids(storage: Storage) -> list[str]:
    """Retained snapshots that have a manifest, oldest first (ids sort by time)."""
    ids = []
    for info in storage.list(SNAPSHOTS_PREFIX, recursive=False):
        name = info.key.removeprefix(SNAPSHOTS_PREFIX).removesuffix("/")
        if info.is_dir and SNAPSHOT_ID.match(name):
            ids.append(name)
    return sorted(i for i in ids if storage.exists(f"{SNAPSHOTS_PREFIX}{i}/{MANIFEST}"))


def _read_manifest(storage: Storage, snapshot_id: str) -> dict[str, Any]:
    key = f"{SNAPSHOTS_PREFIX}{snapshot_id}/{MANIFEST}"
    try:
        manifest = json.loads(storage.get_bytes(key))
    except ObjectNotFound as exc:
        raise SnapshotNotFound(f"snapshot {snapshot_id!r} not found") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise SnapshotError(f"{key} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("snapshot_id") != snapshot_id:
        raise SnapshotError(f"{key} does not describe snapshot {snapshot_id!r}")
    tables = manifest.get("tables")
    if not isinstance(tables, dict):
        raise SnapshotError(f"{key} has no tables")
    missing = REQUIRED_TABLES - set(tables)
    if missing:
        raise SnapshotError(f"snapshot {snapshot_id} lacks tables {sorted(missing)}")
    for name, spec in tables.items():
        if not _TABLE_NAME.match(name) or not isinstance(spec, dict):
            raise SnapshotError(f"{key}: bad table entry {name!r}")
        if not isinstance(spec.get("file"), str) or not _FILE_NAME.match(spec["file"]):
            raise SnapshotError(f"{key}: table {name} has a bad file name")
        if not isinstance(spec.get("sha256"), str):
            raise SnapshotError(f"{key}: table {name} has no sha256")
    return manifest


def _local_copy(
    storage: Storage, snapshot_id: str, manifest: dict[str, Any], cache_dir: Path
) -> Path:
    """Copy a remote snapshot into ``cache_dir/<id>/``, every file checked against its sha256."""
    target = cache_dir / snapshot_id
    if (target / _VERIFIED_MARK).is_file():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = cache_dir / f".{snapshot_id}.{uuid.uuid4().hex[:16]}.tmp"
    staging.mkdir()
    try:
        for name, spec in manifest["tables"].items():
            path = staging / spec["file"]
            storage.get_file(f"{SNAPSHOTS_PREFIX}{snapshot_id}/{spec['file']}", path)
            digest = sha256_file(path)
            if digest != spec["sha256"]:
                raise SnapshotError(
                    f"snapshot {snapshot_id}: {spec['file']} ({name}) fails its checksum "
                    f"(manifest {spec['sha256'][:12]}..., file {digest[:12]}...)"
                )
        (staging / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
        (staging / _VERIFIED_MARK).write_text(datetime.now(UTC).isoformat(), encoding="utf-8")
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _local_folder(storage: Storage, snapshot_id: str, manifest: dict[str, Any]) -> Path:
    """The folder of a snapshot on a local lake; every listed file must be there."""
    folder = storage.local_path(f"{SNAPSHOTS_PREFIX}{snapshot_id}/{MANIFEST}")
    assert folder is not None
    folder = folder.parent
    for name, spec in manifest["tables"].items():
        if not (folder / spec["file"]).is_file():
            raise SnapshotError(f"snapshot {snapshot_id}: file of table {name} is missing")
    return folder


def _open_database(folder: Path, manifest: dict[str, Any], materialize_max_rows: int) -> Any:
    """Tables up to ``materialize_max_rows`` rows are loaded into memory; bigger ones stay views
    over their Parquet file (sorted by the pipeline, so a series read skips most row groups)."""
    database = duckdb.connect(":memory:")
    try:
        # Parquet footers read once per file, for every cursor (a plain SET would hold for this
        # connection only, and each request's cursor would parse the footers again).
        database.execute("SET GLOBAL parquet_metadata_cache = true")
        for name, spec in manifest["tables"].items():
            source = f"read_parquet({_sql_string(str(folder / spec['file']))})"
            rows = spec.get("rows")
            if isinstance(rows, int) and rows <= materialize_max_rows and name not in VIEW_ONLY:
                database.execute(f'CREATE TABLE "{name}" AS SELECT * FROM {source}')
            else:
                database.execute(f'CREATE VIEW "{name}" AS SELECT * FROM {source}')
            # the Parquet footer gives the count of a view without a scan
            counted = database.execute(f'SELECT count(*) FROM "{name}"').fetchone()
            if counted is None or counted[0] != spec.get("rows", counted[0]):
                raise SnapshotError(f"table {name}: row count differs from the manifest")
    except (duckdb.Error, SnapshotError) as exc:
        database.close()
        if isinstance(exc, SnapshotError):
            raise
        raise SnapshotError(f"cannot open snapshot tables: {exc}") from exc
    return database


def open_snapshot(
    storage: Storage,
    snapshot_id: str,
    cache_dir: Path,
    pointer: dict[str, Any] | None = None,
    materialize_max_rows: int = DEFAULT_MATERIALIZE_MAX_ROWS,
) -> Snapshot:
    """Verify and open one snapshot; SnapshotError (or SnapshotNotFound) when it cannot be."""
    if not SNAPSHOT_ID.match(snapshot_id):
        raise SnapshotNotFound(f"not a snapshot id: {snapshot_id!r}")
    manifest = _read_manifest(storage, snapshot_id)
    if storage.local_path(CURRENT_KEY) is not None:
        folder = _local_folder(storage, snapshot_id, manifest)
    else:
        folder = _local_copy(storage, snapshot_id, manifest, cache_dir)
    database = _open_database(folder, manifest, materialize_max_rows)
    snapshot = Snapshot(snapshot_id, manifest, pointer or {}, folder, database)
    try:
        snapshot.load_dimensions()
    except duckdb.Error as exc:
        database.close()
        raise SnapshotError(f"cannot read the dimensions of snapshot {snapshot_id}: {exc}") from exc
    return snapshot
