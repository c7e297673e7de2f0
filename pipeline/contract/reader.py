"""Read a landing file (CSV in its Brazilian variants, or Parquet) into a table of raw strings.

Nothing is typed here: every value stays the text the ERP wrote, so IDs such as ``"000123"`` can
never lose their leading zeros. Typing and rules live in ``validate.py``.

Row numbers follow what an integrator sees in a spreadsheet: for CSV the header is row 1 and the
first record is row 2 (a quoted value spanning lines still counts as one row); for Parquet, row N
is the N-th record.
"""

from __future__ import annotations

import codecs
import csv
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROW_NUMBER = "row_number"
CSV_SUFFIXES = (".csv", ".txt")
PARQUET_SUFFIXES = (".parquet", ".pq")
DELIMITERS = (",", ";", "\t", "|")
_CHUNK = 1 << 20


@dataclass(frozen=True)
class MalformedRow:
    """A CSV record whose field count differs from the header's."""

    row_number: int
    text: str
    n_fields: int


@dataclass
class RawFile:
    """A landing file as text: one string column per header column plus ``row_number``."""

    path: str
    format: str  # "csv" | "parquet"
    encoding: str | None
    delimiter: str | None
    header: list[str]
    table: pa.Table
    malformed: list[MalformedRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    numeric_columns: list[str] = field(default_factory=list)

    @property
    def rows_in(self) -> int:
        return self.table.num_rows + len(self.malformed)


class UnreadableFile(Exception):
    """The file is not a CSV or Parquet file this reader can make sense of."""


def read_raw(path: str | Path, display_name: str | None = None) -> RawFile:
    path = Path(path)
    name = display_name or str(path)
    suffix = path.suffix.lower()
    if suffix in PARQUET_SUFFIXES:
        return _read_parquet(path, name)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, name)
    raise UnreadableFile(f"{name}: unsupported file type {suffix!r} (use .csv, .txt or .parquet)")


def detect_encoding(path: Path) -> str:
    """UTF-8 when the whole file decodes as UTF-8, else Latin-1 (which decodes any byte)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8"


def _header_line(path: Path, encoding: str) -> str:
    with path.open("r", encoding=encoding, newline="") as f:
        line = f.readline()
    return line.lstrip("\ufeff").rstrip("\r\n")


def detect_delimiter(header: str) -> str:
    """The candidate that splits the header into the most fields (ties: the first candidate)."""
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in DELIMITERS}
    best = max(counts.values())
    return next(d for d in DELIMITERS if counts[d] == best)


def _normalise_header(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for raw in names:
        name = raw.strip().strip('"').strip().lower()
        if name in seen:
            seen[name] += 1
            name = f"{name}__{seen[name]}"
        else:
            seen[name] = 1
        out.append(name or f"unnamed_{len(out) + 1}")
    return out


def _empty(path: str, fmt: str, note: str) -> RawFile:
    table = pa.table({ROW_NUMBER: pa.array([], pa.int64())})
    return RawFile(path, fmt, None, None, [], table, notes=[note])


def _read_csv(path: Path, name: str) -> RawFile:
    if path.stat().st_size == 0:
        return _empty(name, "csv", f"{name}: empty file (0 bytes), no rows")
    encoding = detect_encoding(path)
    header_text = _header_line(path, encoding)
    if not header_text.strip():
        return _empty(name, "csv", f"{name}: the first line is blank, expected a header")
    delimiter = detect_delimiter(header_text)
    header = _normalise_header(next(csv.reader([header_text], delimiter=delimiter)))

    malformed: list[MalformedRow] = []
    blank_rows: list[int] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        number = int(row.number) if row.number is not None else -1
        if row.text.strip() == "":
            blank_rows.append(number)
        else:
            malformed.append(MalformedRow(number, row.text, row.actual_columns))
        return "skip"

    table = pacsv.read_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding="utf8" if encoding == "utf-8" else encoding,
            column_names=header,
            skip_rows=1,
            use_threads=False,  # single-threaded so rejected rows keep their row numbers
            block_size=16 << 20,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=delimiter,
            newlines_in_values=True,
            ignore_empty_lines=False,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in header},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    skipped = sorted([m.row_number for m in malformed] + blank_rows)
    total = table.num_rows + len(skipped)
    numbers = np.setdiff1d(np.arange(2, total + 2, dtype=np.int64), np.array(skipped, np.int64))
    table = table.append_column(ROW_NUMBER, pa.array(numbers, pa.int64()))
    # A blank line reads as a row of nulls: it holds no data, so it is skipped (and reported).
    blank = reduce(pc.and_, [pc.is_null(table.column(c)) for c in header])
    if pc.any(blank).as_py():
        blank_rows.extend(table.filter(blank).column(ROW_NUMBER).to_pylist())
        table = table.filter(pc.invert(blank))
    notes = []
    if blank_rows:
        notes.append(f"{name}: {len(blank_rows)} blank line(s) skipped (rows {blank_rows[:10]})")
    if header_text.startswith("\ufeff"):
        notes.append(f"{name}: UTF-8 byte-order mark removed")
    return RawFile(name, "csv", encoding, delimiter, header, table, malformed, notes)


def _as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    t = column.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return column.cast(pa.string())
    if pa.types.is_timestamp(t):
        return column.cast(pa.date32()).cast(pa.string())
    if pa.types.is_dictionary(t):
        return _as_text(column.cast(t.value_type))
    if pa.types.is_floating(t):
        # Whole floats print without ".0" so a count of 2.0 reads as "2", like the CSV would.
        finite = pc.fill_null(pc.is_finite(column), False)
        whole = pc.and_(finite, pc.equal(pc.floor(column), column))
        whole = pc.and_(whole, pc.less(pc.abs(column), 2.0**53))
        as_int = pc.cast(pc.if_else(whole, column, 0.0), pa.int64()).cast(pa.string())
        return pc.if_else(whole, as_int, column.cast(pa.string()))
    return column.cast(pa.string())


def _read_parquet(path: Path, name: str) -> RawFile:
    if path.stat().st_size == 0:
        return _empty(name, "parquet", f"{name}: empty file (0 bytes), no rows")
    try:
        source = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise UnreadableFile(f"{name}: not a readable Parquet file ({exc})") from exc
    header = _normalise_header(source.column_names)
    numeric = [
        h
        for h, col in zip(header, source.columns, strict=True)
        if pa.types.is_integer(col.type) or pa.types.is_floating(col.type)
    ]
    columns = {h: _as_text(col) for h, col in zip(header, source.columns, strict=True)}
    columns = {h: pc.utf8_trim_whitespace(c) if c.num_chunks else c for h, c in columns.items()}
    columns[ROW_NUMBER] = pa.array(np.arange(1, source.num_rows + 1, dtype=np.int64))
    table = pa.table(columns)
    return RawFile(name, "parquet", None, None, header, table, numeric_columns=numeric)


def raw_from_bytes(data: bytes, name: str) -> RawFile:
    """Convenience for tests and callers holding a file in memory."""
    import tempfile

    suffix = Path(name).suffix or ".csv"
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        return read_raw(tmp.name, display_name=name)


__all__ = [
    "ROW_NUMBER",
    "MalformedRow",
    "RawFile",
    "UnreadableFile",
    "detect_delimiter",
    "detect_encoding",
    "raw_from_bytes",
    "read_raw",
]
