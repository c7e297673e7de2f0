"""Files in ``<out>/<source>/``, written the way ERP exports look.

- Big tables (consumption, inventory, purchase orders) are written in chunks: Parquet row groups
  or CSV appends, so memory stays bounded. CSV: UTF-8, ``,``, ``.`` decimals, ISO dates, no quotes
  (no value of these sources contains a delimiter or a quote), ``\\n`` line ends.
- Master data CSV goes through the ``csv`` module (names may contain ``"`` or ``,``). ``items`` is
  written as a Brazilian Excel export: ``;`` delimiter, decimal comma, CRLF, still UTF-8.
- Each file is written under a hidden temporary name and renamed when complete, so a pipeline
  watching the landing folder never reads half a file.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DATE_COLUMNS = {
    "consumption": "txn_date",
    "inventory": "snapshot_date",
    "purchase_orders": "order_date",
}


class FileFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str = ","
    decimal: str = "."
    encoding: str = "utf-8"
    line_end: str = "\n"
    thousands: str = ""  # grouping of the integer part, e.g. "." in "1.289,90"
    float_decimals: int | None = None  # None: shortest form, "12.5", "3"
    date_format: str = "%Y-%m-%d"


STANDARD = CsvDialect()
EXCEL_BR = CsvDialect(delimiter=";", decimal=",", line_end="\r\n", float_decimals=2)


@dataclass(frozen=True)
class WrittenFile:
    source: str
    path: str  # relative to the out folder, with "/" separators
    file_format: str
    rows: int
    bytes: int
    first_date: date | None
    last_date: date | None


class TableSink(Protocol):
    def write(self, table: pa.Table) -> None: ...

    def close(self) -> WrittenFile: ...


def _tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.tmp")


class _DateRange:
    def __init__(self, column: str | None) -> None:
        self.column = column
        self.first: date | None = None
        self.last: date | None = None

    def update(self, table: pa.Table) -> None:
        if self.column is None or table.num_rows == 0:
            return
        bounds = pc.min_max(table[self.column])
        lo, hi = bounds["min"].as_py(), bounds["max"].as_py()
        if lo is not None:
            self.first = lo if self.first is None else min(self.first, lo)
            self.last = hi if self.last is None else max(self.last, hi)


class ParquetSink:
    """One Parquet file; every ``write`` is one row group."""

    def __init__(self, out: Path, relpath: str, source: str, schema: pa.Schema) -> None:
        self.out, self.relpath, self.source = out, relpath, source
        self.path = out / relpath
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = _tmp_path(self.path)
        self.writer = pq.ParquetWriter(self.tmp, schema, compression="zstd")
        self.rows = 0
        self.dates = _DateRange(DATE_COLUMNS.get(source))

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.writer.write_table(table, row_group_size=table.num_rows)
            self.rows += table.num_rows
            self.dates.update(table)

    def close(self) -> WrittenFile:
        self.writer.close()
        os.replace(self.tmp, self.path)
        return WrittenFile(
            self.source, self.relpath, FileFormat.PARQUET, self.rows,
            self.path.stat().st_size, self.dates.first, self.dates.last,
        )  # fmt: skip


def csv_text(table: pa.Table) -> str:
    """Data lines of ``table`` (no header) as the CSV sink writes them."""
    buffer = io.BytesIO()
    pacsv.write_csv(table, buffer, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return buffer.getvalue().decode("utf-8")


class CsvSink:
    """One standard CSV file (UTF-8, ``,``), appended chunk by chunk."""

    def __init__(self, out: Path, relpath: str, source: str, schema: pa.Schema) -> None:
        self.out, self.relpath, self.source = out, relpath, source
        self.path = out / relpath
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.tmp = _tmp_path(self.path)
        self.file = open(self.tmp, "wb")  # noqa: SIM115 - closed in close()
        self.file.write((",".join(schema.names) + "\n").encode("utf-8"))
        self.writer = pacsv.CSVWriter(
            self.file,
            schema,
            write_options=pacsv.WriteOptions(include_header=False, quoting_style="none"),
        )
        self.rows = 0
        self.dates = _DateRange(DATE_COLUMNS.get(source))

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self.writer.write_table(table)
            self.rows += table.num_rows
            self.dates.update(table)

    def close(self) -> WrittenFile:
        self.writer.close()
        self.file.close()
        os.replace(self.tmp, self.path)
        return WrittenFile(
            self.source, self.relpath, FileFormat.CSV, self.rows,
            self.path.stat().st_size, self.dates.first, self.dates.last,
        )  # fmt: skip


def open_sink(
    out: Path, relpath: str, source: str, schema: pa.Schema, file_format: FileFormat
) -> TableSink:
    if file_format is FileFormat.PARQUET:
        return ParquetSink(out, relpath, source, schema)
    return CsvSink(out, relpath, source, schema)


def write_table(
    out: Path,
    relpath: str,
    source: str,
    table: pa.Table,
    file_format: FileFormat,
    dialect: CsvDialect = STANDARD,
) -> WrittenFile:
    """Write a whole (small) table: Parquet, the fast CSV sink, or a dialect CSV."""
    if file_format is FileFormat.PARQUET or (dialect == STANDARD and not _needs_quoting(table)):
        sink = open_sink(out, relpath, source, table.schema, file_format)
        sink.write(table)
        return sink.close()
    return write_dialect_csv(out, relpath, source, table, dialect)


def _needs_quoting(table: pa.Table) -> bool:
    for column, field in zip(table.columns, table.schema, strict=True):
        if pa.types.is_string(field.type):
            hits = pc.match_substring_regex(column, r'[,;"\r\n]')
            if pc.any(hits).as_py():
                return True
    return False


def format_number(value: float | int, dialect: CsvDialect) -> str:
    if isinstance(value, int):
        text = str(value)
    elif dialect.float_decimals is not None:
        text = f"{value:.{dialect.float_decimals}f}"
    else:
        text = repr(float(value))
        text = text[:-2] if text.endswith(".0") else text
    whole, _, frac = text.partition(".")
    if dialect.thousands:
        sign = "-" if whole.startswith("-") else ""
        digits = whole.lstrip("-")
        groups: list[str] = []
        while len(digits) > 3:
            groups.insert(0, digits[-3:])
            digits = digits[:-3]
        groups.insert(0, digits)
        whole = sign + dialect.thousands.join(groups)
    return whole + (dialect.decimal + frac if frac else "")


def format_cell(value: object, dialect: CsvDialect) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime(dialect.date_format)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, dialect)
    return str(value)


def dialect_lines(table: pa.Table, dialect: CsvDialect) -> list[list[str]]:
    """The header and the cells of ``table`` as ``dialect`` formats them."""
    rows: list[list[str]] = [list(table.schema.names)]
    for record in table.to_pylist():
        rows.append([format_cell(v, dialect) for v in record.values()])
    return rows


def write_rows(
    out: Path, relpath: str, rows: Iterable[Sequence[str]], dialect: CsvDialect = STANDARD
) -> int:
    """Write already formatted rows (the first is the header); returns the file size in bytes."""
    path = out / relpath
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(path)
    with open(tmp, "w", encoding=dialect.encoding, newline="") as handle:
        writer = csv.writer(
            handle,
            delimiter=dialect.delimiter,
            lineterminator=dialect.line_end,
            quoting=csv.QUOTE_MINIMAL,
        )
        writer.writerows(rows)
    os.replace(tmp, path)
    return path.stat().st_size


def write_dialect_csv(
    out: Path, relpath: str, source: str, table: pa.Table, dialect: CsvDialect
) -> WrittenFile:
    size = write_rows(out, relpath, dialect_lines(table, dialect), dialect)
    span = _DateRange(DATE_COLUMNS.get(source))
    span.update(table)
    return WrittenFile(source, relpath, FileFormat.CSV, table.num_rows, size, span.first, span.last)
