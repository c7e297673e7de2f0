"""Validate landing files held in memory: a file, or a whole landing folder.

For tests, the corpus and small files: the rows come back as Arrow tables. The pipeline itself
validates bronze batches in DuckDB without fetching them (``validate.validate_relation``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from pipeline.contract.reader import ROW_NUMBER, RawFile, UnreadableFile, read_raw
from pipeline.contract.schema import SOURCES, Source, get_source
from pipeline.contract.validate import Quarantined, References, arrow_schema, validate_relation

REJECT_COLUMNS = ("reject_field", "reject_rule", "reject_reason")


@dataclass
class ValidationResult:
    source: str
    file: str
    valid: pa.Table  # contract columns, typed, plus row_number
    rejected: pa.Table  # row_number, reject_*, raw contract columns as text, raw_record
    duplicates: pa.Table  # row_number, duplicate_of_row, reject_reason, typed contract columns
    encoding: str | None = None
    delimiter: str | None = None
    decimal: str | None = None
    notes: list[str] = field(default_factory=list)
    warnings_by_field: dict[str, int] = field(default_factory=dict)

    @property
    def rows_in(self) -> int:
        return self.valid.num_rows + self.rejected.num_rows + self.duplicates.num_rows

    def rejects_by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for rule in self.rejected.column("reject_rule").to_pylist():
            counts[rule] = counts.get(rule, 0) + 1
        return counts


def _rejected_schema(source: Source) -> pa.Schema:
    return pa.schema(
        [
            pa.field(ROW_NUMBER, pa.int64()),
            *(pa.field(c, pa.string()) for c in REJECT_COLUMNS),
            *(pa.field(c.name, pa.string()) for c in source.columns),
            pa.field("raw_record", pa.string()),
        ]
    )


def _duplicates_schema(source: Source) -> pa.Schema:
    typed = arrow_schema(source)
    return pa.schema(
        [
            pa.field(ROW_NUMBER, pa.int64()),
            pa.field("duplicate_of_row", pa.int64()),
            pa.field("reject_reason", pa.string()),
            *(f for f in typed if f.name != ROW_NUMBER),
        ]
    )


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Select and cast to `schema`, filling absent columns with nulls."""
    columns = []
    for f in schema:
        if f.name in table.column_names:
            columns.append(table.column(f.name).cast(f.type))
        else:
            columns.append(pa.nulls(table.num_rows, f.type))
    return pa.Table.from_arrays(columns, schema=pa.schema([f.with_nullable(True) for f in schema]))


def validate_raw(
    raw: RawFile,
    source: Source | str,
    *,
    as_of: date,
    references: References | None = None,
    quarantined: Quarantined | None = None,
) -> ValidationResult:
    """Split the rows of one raw file held in memory into valid, rejected and duplicate rows."""
    source = get_source(source) if isinstance(source, str) else source
    con = duckdb.connect()
    try:
        con.register("raw", raw.table)
        outcome = validate_relation(
            con,
            "raw",
            raw,
            source,
            as_of=as_of,
            references=references,
            quarantined=quarantined,
        )
        order = f" ORDER BY {ROW_NUMBER}"
        valid = con.sql(outcome.valid_sql + order).to_arrow_table()
        rejected = con.sql(outcome.rejected_sql + order).to_arrow_table()
        duplicates = con.sql(outcome.duplicates_sql + order).to_arrow_table()
    finally:
        con.close()
    return ValidationResult(
        source=source.name,
        file=raw.path,
        valid=_conform(valid, arrow_schema(source)),
        rejected=_conform(rejected, _rejected_schema(source)),
        duplicates=_conform(duplicates, _duplicates_schema(source)),
        encoding=raw.encoding,
        delimiter=raw.delimiter,
        decimal=outcome.decimal,
        notes=outcome.notes,
        warnings_by_field=outcome.warnings_by_field,
    )


def validate_file(
    path: str | Path,
    source: Source | str,
    *,
    as_of: date,
    references: References | None = None,
    display_name: str | None = None,
) -> ValidationResult:
    """Read and validate one landing file; UnreadableFile when it is neither CSV nor Parquet."""
    return validate_raw(
        read_raw(path, display_name=display_name), source, as_of=as_of, references=references
    )


@dataclass
class LandingReport:
    results: list[ValidationResult]
    unreadable: list[str]

    def for_source(self, source: str) -> list[ValidationResult]:
        return [r for r in self.results if r.source == source]


def landing_files(landing: Path, source: str) -> list[Path]:
    folder = landing / source
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "_")))


def validate_landing(landing: str | Path, *, as_of: date) -> LandingReport:
    """Validate every file of every source, master data first so references can be checked."""
    landing = Path(landing)
    known: dict[str, set[str]] = {}
    results: list[ValidationResult] = []
    unreadable: list[str] = []
    for name, source in SOURCES.items():
        for path in landing_files(landing, name):
            display = str(path.relative_to(landing.parent)) if landing.parent else str(path)
            try:
                result = validate_file(
                    path, source, as_of=as_of, references=known, display_name=display
                )
            except UnreadableFile as exc:
                unreadable.append(str(exc))
                continue
            results.append(result)
        if len(source.key) == 1:
            keys = known.setdefault(name, set())
            for result in results:
                if result.source == name:
                    keys.update(result.valid.column(source.key[0]).to_pylist())
    return LandingReport(results, unreadable)
