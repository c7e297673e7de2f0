"""Bronze: every landed file, as text, with lineage, exactly once.

A ledger entry per (source, sha256) makes re-dropping the same file a no-op, whatever its name.
The bronze file is written before its ledger entry; a bronze file without one is the leftover of
a crashed run and is removed at the start of the next ingest (the landed file is still there, so
it is ingested again and nothing is lost or doubled).

A file that cannot be read (no permission, corrupt, not a CSV or Parquet file) is reported and
skipped; it has no ledger entry, so the next run tries it again.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

import pyarrow as pa

from pipeline import failpoints
from pipeline import lake as keys
from pipeline.contract.reader import (
    LANDED_SUFFIXES,
    RawInfo,
    UnreadableFile,
    write_raw_parquet,
)
from pipeline.contract.schema import SOURCES
from storage import Storage, sha256_file

log = logging.getLogger(__name__)


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
    header: tuple[str, ...] = ()
    numeric_columns: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @classmethod
    def from_json(cls, data: bytes) -> BronzeBatch:
        record = json.loads(data)
        for name in ("header", "numeric_columns", "notes"):
            record[name] = tuple(record.get(name, ()))
        return cls(**record)

    def raw_info(self) -> RawInfo:
        """What the validator needs to know about the file this batch came from."""
        return RawInfo(
            path=self.source_file,
            format="bronze",
            encoding=self.encoding,
            delimiter=self.delimiter,
            header=list(self.header),
            rows=self.rows,
            malformed=self.malformed_rows,
            notes=list(self.notes),
            numeric_columns=list(self.numeric_columns),
        )

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
            if not name.lower().endswith(LANDED_SUFFIXES):
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
    """Delete bronze files that no ledger entry names (left by a run that died mid-ingest).

    Only the source folders hold landed batches; other bronze folders (the ML exports copied
    into the lake) are not landed files and are left alone."""
    named = {b.bronze_key for b in known.values()}
    orphans = [
        info.key
        for source in SOURCES
        for info in lake.list(f"{keys.BRONZE}/{source}/", recursive=True)
        if info.key not in named
    ]
    for key in orphans:
        log.warning("removing orphan bronze file %s (from an interrupted run)", key)
        lake.delete(key)
    return orphans


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
        display = f"landing/{key}"
        with local_copy(landing, key, work_dir) as path:
            try:
                sha = sha256_file(path)
            except OSError as exc:  # e.g. no read permission: skipped, tried again next run
                reason = f"{display}: cannot be read ({exc.strerror or type(exc).__name__})"
                report.unreadable.append(reason)
                log.error("skipping %s", reason)
                continue
            if (source, sha) in seen:
                report.already_ingested.append(key)
                continue
            batch_id = f"{run_stamp}-{seq:05d}-{sha[:8]}"
            bronze_key = keys.bronze_key(source, now.date(), batch_id)
            staged = work_dir / "bronze" / f"{batch_id}.parquet"
            staged.parent.mkdir(parents=True, exist_ok=True)
            lineage = {
                "batch_id": pa.scalar(batch_id, pa.string()),
                "source_file": pa.scalar(display, pa.string()),
                "source_sha256": pa.scalar(sha, pa.string()),
                "ingested_at": pa.scalar(now, pa.timestamp("us", tz="UTC")),
            }
            try:
                info = write_raw_parquet(path, staged, display, lineage)
            except UnreadableFile as exc:
                report.unreadable.append(str(exc))
                log.error("skipping %s (tried again next run)", exc)
                staged.unlink(missing_ok=True)
                continue
        lake.put_file(bronze_key, staged)
        staged.unlink(missing_ok=True)
        failpoints.point("bronze.file_written")
        batch = BronzeBatch(
            batch_id=batch_id,
            source=source,
            source_file=display,
            sha256=sha,
            bronze_key=bronze_key,
            ingested_at=now.isoformat(),
            rows=info.rows,
            malformed_rows=info.malformed,
            encoding=info.encoding,
            delimiter=info.delimiter,
            header=tuple(info.header),
            numeric_columns=tuple(info.numeric_columns),
            notes=tuple(info.notes),
        )
        lake.put_atomic(keys.ledger_key(source, sha), batch.to_json())  # the commit point
        failpoints.point("bronze.ledger_written")
        seen.add((source, sha))
        report.ingested.append(batch)
        log.info("bronze: %s -> %s (%d rows)", display, bronze_key, info.rows)
    return report
