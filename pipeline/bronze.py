"""Bronze: every landed file, as text, with lineage, exactly once.

A ledger entry per (source, sha256) makes re-dropping the same file a no-op, whatever its name.
The bronze file is written before its ledger entry; a bronze file without one is the leftover of
a crashed run and is removed at the start of the next ingest (the landed file is still there, so
it is ingested again and nothing is lost or doubled).
"""

from __future__ import annotations

import csv
import json
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import lake as keys
from pipeline.contract.reader import (
    CSV_SUFFIXES,
    PARQUET_SUFFIXES,
    ROW_NUMBER,
    MalformedRow,
    RawFile,
    UnreadableFile,
    read_raw,
)
from pipeline.contract.schema import SOURCES
from storage import ObjectNotFound, Storage, sha256_file

log = logging.getLogger(__name__)

LINEAGE = ("batch_id", "source_file", "source_sha256", "ingested_at", ROW_NUMBER, "raw_record")


@dataclass(frozen=True)
class BronzeBatch:
    """One landed file, ingested: the unit of lineage from bronze to gold."""

    batch_id: str
    source: str
    source_file: str
    sha256: str
    bronze_key: str
    ingested_at: str
    rows: int
    malformed_rows: int
    encoding: str | None
    delimiter: str | None
    notes: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: bytes) -> BronzeBatch:
        record = json.loads(data)
        record["notes"] = tuple(record.get("notes", ()))
        return cls(**record)

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=2, ensure_ascii=False).encode()


@dataclass
class IngestReport:
    ingested: list[BronzeBatch]
    already_ingested: list[str]
    unreadable: list[str]
    orphans_removed: list[str]


@contextmanager
def local_copy(storage: Storage, key: str, work_dir: Path) -> Iterator[Path]:
    """A local path for `key`: the file itself when local, else a temporary download."""
    path = storage.local_path(key)
    if path is not None:
        yield path
        return
    work_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=work_dir) as tmp:
        target = Path(tmp) / PurePosixPath(key).name
        storage.get_file(key, target)
        yield target


def landed_files(landing: Storage) -> list[tuple[str, str]]:
    """(source, key) of every file in landing, sources in dependency order, keys sorted."""
    found = []
    for source in SOURCES:
        for info in landing.list(f"{source}/", recursive=True):
            name = PurePosixPath(info.key).name
            if name.startswith((".", "_")):
                continue
            if not name.lower().endswith(CSV_SUFFIXES + PARQUET_SUFFIXES):
                continue
            found.append((source, info.key))
    return found


def ledger(lake: Storage) -> dict[str, BronzeBatch]:
    """Every ingested file, by batch id."""
    batches = {}
    for info in lake.list(keys.LEDGER + "/", recursive=True):
        if info.key.endswith(".json"):
            batch = BronzeBatch.from_json(lake.get_bytes(info.key))
            batches[batch.batch_id] = batch
    return batches


def remove_orphans(lake: Storage, known: dict[str, BronzeBatch]) -> list[str]:
    """Delete bronze files that no ledger entry names (left by a run that died mid-ingest)."""
    named = {b.bronze_key for b in known.values()}
    orphans = [
        info.key
        for info in lake.list(keys.BRONZE + "/", recursive=True)
        if not info.key.startswith(keys.LEDGER + "/") and info.key not in named
    ]
    for key in orphans:
        log.warning("removing orphan bronze file %s (from an interrupted run)", key)
        lake.delete(key)
    return orphans


def bronze_table(raw: RawFile, batch_id: str, sha256: str, ingested_at: datetime) -> pa.Table:
    """Raw text columns plus lineage; malformed rows keep their full text in raw_record."""
    data = {name: raw.table.column(name) for name in raw.header}
    n_ok = raw.table.num_rows
    data[ROW_NUMBER] = raw.table.column(ROW_NUMBER)
    data["raw_record"] = pa.nulls(n_ok, pa.string())
    table = pa.table(data)
    if raw.malformed:
        bad = {name: pa.nulls(len(raw.malformed), pa.string()) for name in raw.header}
        bad[ROW_NUMBER] = pa.array([m.row_number for m in raw.malformed], pa.int64())
        bad["raw_record"] = pa.array([m.text for m in raw.malformed], pa.string())
        table = pa.concat_tables([table, pa.table(bad)]).sort_by(ROW_NUMBER)
    n = table.num_rows
    lineage = {
        "batch_id": pa.array([batch_id] * n, pa.string()),
        "source_file": pa.array([raw.path] * n, pa.string()),
        "source_sha256": pa.array([sha256] * n, pa.string()),
        "ingested_at": pa.array([ingested_at] * n, pa.timestamp("us", tz="UTC")),
    }
    for name, column in lineage.items():
        table = table.append_column(name, column)
    return table


def raw_from_bronze(table: pa.Table, batch: BronzeBatch) -> RawFile:
    """The RawFile a bronze batch was made from, for validation into silver."""
    header = [c for c in table.column_names if c not in LINEAGE]
    is_malformed = pc.is_valid(table.column("raw_record"))
    bad = table.filter(is_malformed)
    delimiter = batch.delimiter or ","
    malformed = [
        MalformedRow(row, text, len(next(csv.reader([text], delimiter=delimiter))))
        for row, text in zip(
            bad.column(ROW_NUMBER).to_pylist(), bad.column("raw_record").to_pylist(), strict=True
        )
    ]
    rows = table.filter(pc.invert(is_malformed))
    return RawFile(
        path=batch.source_file,
        format="bronze",
        encoding=batch.encoding,
        delimiter=batch.delimiter,
        header=header,
        table=rows.select([*header, ROW_NUMBER]),
        malformed=malformed,
        notes=list(batch.notes),
    )


def ingest(
    landing: Storage,
    lake: Storage,
    *,
    run_stamp: str,
    now: datetime,
    work_dir: Path,
) -> IngestReport:
    """Ingest every landed file not yet in the ledger, in source and name order."""
    known = ledger(lake)
    orphans = remove_orphans(lake, known)
    seen = {(b.source, b.sha256) for b in known.values()}
    report = IngestReport([], [], [], orphans)
    for seq, (source, key) in enumerate(landed_files(landing), start=1):
        with local_copy(landing, key, work_dir) as path:
            sha = sha256_file(path)
            if (source, sha) in seen:
                report.already_ingested.append(key)
                continue
            display = f"landing/{key}"
            try:
                raw = read_raw(path, display_name=display)
            except UnreadableFile as exc:
                report.unreadable.append(str(exc))
                log.error("cannot read %s: %s", display, exc)
                continue
        batch_id = f"{run_stamp}-{seq:05d}-{sha[:8]}"
        bronze_key = keys.bronze_key(source, now.date(), batch_id)
        lake.write_parquet(bronze_key, bronze_table(raw, batch_id, sha, now))
        batch = BronzeBatch(
            batch_id=batch_id,
            source=source,
            source_file=display,
            sha256=sha,
            bronze_key=bronze_key,
            ingested_at=now.isoformat(),
            rows=raw.rows_in,
            malformed_rows=len(raw.malformed),
            encoding=raw.encoding,
            delimiter=raw.delimiter,
            notes=tuple(raw.notes),
        )
        lake.put_atomic(keys.ledger_key(source, sha), batch.to_json())  # the commit point
        seen.add((source, sha))
        report.ingested.append(batch)
        log.info("bronze: %s -> %s (%d rows)", display, bronze_key, raw.rows_in)
    return report


def read_bronze(lake: Storage, batch: BronzeBatch) -> pa.Table:
    try:
        return lake.read_parquet(batch.bronze_key)
    except ObjectNotFound as exc:
        raise RuntimeError(
            f"bronze file {batch.bronze_key} of {batch.source_file} is missing although the "
            "ledger lists it; the lake was changed by hand"
        ) from exc
