"""Check a whole landing folder against the contract, file by file, in bounded memory.

For integrators before a delivery (`python -m pipeline.contract check landing`): every file is
streamed to a temporary Parquet file and validated in DuckDB, so a 50-million-row export is
checked without holding it in memory. Master data is checked first so references resolve.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from pipeline.contract.landing import landing_files
from pipeline.contract.reader import UnreadableFile, write_raw_parquet
from pipeline.contract.schema import SOURCES
from pipeline.contract.validate import validate_relation


@dataclass
class FileCheck:
    file: str
    source: str
    format: str
    encoding: str | None
    delimiter: str | None
    decimal: str | None
    rows_in: int
    rows_valid: int
    rows_rejected: int
    rows_duplicate: int
    rejects_by_rule: dict[str, int]
    sample_rejects: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_landing(
    landing: str | Path, *, as_of: date, show: int = 20
) -> tuple[list[FileCheck], list[str]]:
    """(checks of every readable file, messages about unreadable files)."""
    landing = Path(landing)
    known: dict[str, set[str]] = {}
    checks: list[FileCheck] = []
    unreadable: list[str] = []
    with tempfile.TemporaryDirectory(prefix="contract-check-") as tmp:
        for name, source in SOURCES.items():
            for path in landing_files(landing, name):
                display = str(path.relative_to(landing.parent))
                staged = Path(tmp) / "raw.parquet"
                try:
                    info = write_raw_parquet(path, staged, display, {})
                except UnreadableFile as exc:
                    unreadable.append(str(exc))
                    continue
                con = duckdb.connect()
                try:
                    con.execute(f"SET temp_directory = '{tmp}'")
                    con.execute(f"CREATE VIEW raw AS SELECT * FROM read_parquet('{staged}')")
                    outcome = validate_relation(
                        con, "raw", info, source, as_of=as_of, references=known
                    )
                    sample = con.execute(
                        f"SELECT reject_reason FROM ({outcome.rejected_sql}) "
                        f"ORDER BY row_number LIMIT {int(show)}"
                    ).fetchall()
                    if len(source.key) == 1:
                        ids = con.execute(f"SELECT {source.key[0]} FROM ({outcome.valid_sql})")
                        known.setdefault(name, set()).update(r[0] for r in ids.fetchall())
                finally:
                    con.close()
                staged.unlink(missing_ok=True)
                checks.append(
                    FileCheck(
                        file=display,
                        source=name,
                        format=info.format,
                        encoding=info.encoding,
                        delimiter=info.delimiter,
                        decimal=outcome.decimal,
                        rows_in=outcome.rows_in,
                        rows_valid=outcome.rows_valid,
                        rows_rejected=outcome.rows_rejected,
                        rows_duplicate=outcome.rows_duplicate,
                        rejects_by_rule=outcome.rejects_by_rule,
                        sample_rejects=[r[0] for r in sample],
                        notes=outcome.notes,
                    )
                )
    return checks, unreadable
