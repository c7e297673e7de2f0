"""Read a landing file (CSV in its Brazilian variants, or Parquet) as raw text, streaming.

Nothing is typed here: every value stays the text the ERP wrote, so IDs such as ``"000123"`` can
never lose their leading zeros. Typing and rules live in ``validate.py``.

Each row gets a ``row_number`` that follows what an integrator sees in a spreadsheet: for CSV the
header is row 1 and the first record is row 2 (a quoted value spanning lines still counts as one
row, a blank line counts as a row and is skipped); for Parquet, row N is the N-th record. A CSV
record whose field count differs from the header's is kept whole in ``raw_record`` (its other
columns null) so validation can reject it with its row number. Files are read in blocks, so a
multi-gigabyte export never has to fit in memory.

Text is UTF-8 when the whole file decodes as UTF-8, else Windows-1252 (what Brazilian ERPs on
Windows write: a superset of Latin-1 for text, with curly quotes and dashes); the encoding is
reported per file (``encoding.py``). A gzip-compressed CSV (``.csv.gz``, or a gzip file under a
``.csv`` name) is read decompressed, and says so.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import reduce
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline.contract.encoding import (
    WINDOWS_1252,
    UnreadableFile,
    as_utf8,
    decode_line,
    decompressed,
    detect_encoding,
    is_gzip,
)

ROW_NUMBER = "row_number"
RAW_RECORD = "raw_record"
CSV_SUFFIXES = (".csv", ".txt")
GZIP_SUFFIXES = (".csv.gz", ".txt.gz")
PARQUET_SUFFIXES = (".parquet", ".pq")
LANDED_SUFFIXES = CSV_SUFFIXES + GZIP_SUFFIXES + PARQUET_SUFFIXES
DELIMITERS = (",", ";", "\t", "|")
BLOCK_SIZE = 16 << 20
PARQUET_BATCH_ROWS = 1 << 20


@dataclass(frozen=True)
class MalformedRow:
    """A CSV record whose field count differs from the header's."""

    row_number: int
    text: str
    n_fields: int


@dataclass
class RawInfo:
    """What reading a landing file found, besides its rows."""

    path: str
    format: str  # "csv" | "parquet"
    encoding: str | None
    delimiter: str | None
    header: list[str]
    rows: int = 0  # data rows, malformed ones included, blank lines not
    malformed: int = 0
    notes: list[str] = field(default_factory=list)
    numeric_columns: list[str] = field(default_factory=list)


@dataclass
class RawFile(RawInfo):
    """A landing file held in memory: header columns as text, row_number, raw_record."""

    table: pa.Table = field(default_factory=lambda: pa.table({}))

    @property
    def rows_in(self) -> int:
        return self.table.num_rows


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
        if name in (ROW_NUMBER, RAW_RECORD):
            name = f"{name}__file"
        if name in seen:
            seen[name] += 1
            name = f"{name}__{seen[name]}"
        else:
            seen[name] = 1
        out.append(name or f"unnamed_{len(out) + 1}")
    return out


class _Sink:
    """Collects raw batches in memory or streams them to a Parquet file."""

    def __init__(self, header: list[str], out: Path | None, constants: Mapping[str, pa.Scalar]):
        self.constants = dict(constants)
        fields = [pa.field(h, pa.string()) for h in header]
        fields += [pa.field(ROW_NUMBER, pa.int64()), pa.field(RAW_RECORD, pa.string())]
        fields += [pa.field(k, v.type) for k, v in self.constants.items()]
        self.schema = pa.schema(fields)
        self.out = out
        self.writer = pq.ParquetWriter(out, self.schema, compression="zstd") if out else None
        self.batches: list[pa.RecordBatch] = []

    def write(self, columns: dict[str, pa.Array]) -> None:
        n = len(columns[ROW_NUMBER])
        for name, value in self.constants.items():
            columns[name] = pa.repeat(value, n)
        batch = pa.record_batch([columns[f.name] for f in self.schema], schema=self.schema)
        if self.writer:
            self.writer.write_batch(batch, row_group_size=PARQUET_BATCH_ROWS)
        else:
            self.batches.append(batch)

    def close(self) -> pa.Table | None:
        if self.writer:
            self.writer.close()
            return None
        return pa.Table.from_batches(self.batches, schema=self.schema)


def _empty_info(name: str, fmt: str, note: str) -> RawInfo:
    return RawInfo(name, fmt, None, None, [], notes=[note])


def _csv_info(path: Path, name: str) -> RawInfo:
    if path.stat().st_size == 0:
        return _empty_info(name, "csv", f"{name}: empty file (0 bytes), no rows")
    encoding = detect_encoding(path)
    with path.open("rb") as f:
        raw = f.readline()
        if not raw.strip() and any(line.strip() for line in f):
            raise UnreadableFile(f"{name}: the first line is blank, expected a header")
    first = raw.decode("latin-1") if encoding == "latin-1" else decode_line(raw)[0]
    header_text = first.lstrip("\ufeff").rstrip("\r\n")
    if not header_text.strip():
        return _empty_info(name, "csv", f"{name}: only blank lines, no header and no rows")
    delimiter = detect_delimiter(header_text)
    header = _normalise_header(next(csv.reader([header_text], delimiter=delimiter)))
    notes = [f"{name}: UTF-8 byte-order mark removed"] if first.startswith("\ufeff") else []
    if encoding in (WINDOWS_1252, "latin-1"):
        label = "Windows-1252" if encoding == WINDOWS_1252 else "Latin-1"
        notes.append(f"{name}: not UTF-8; read as {label}")
    return RawInfo(name, "csv", encoding, delimiter, header, notes=notes)


def _stream_csv(path: Path, info: RawInfo, sink: _Sink) -> tuple[list[MalformedRow], np.ndarray]:
    malformed: list[MalformedRow] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        malformed.append(MalformedRow(int(row.number or -1), row.text, row.actual_columns))
        return "skip"

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            encoding="utf8" if info.encoding in ("utf-8", "mixed") else info.encoding,
            column_names=info.header,
            skip_rows=1,
            use_threads=False,  # single-threaded so rejected rows keep their row numbers
            block_size=BLOCK_SIZE,
        ),
        parse_options=pacsv.ParseOptions(
            delimiter=info.delimiter,
            newlines_in_values=True,
            ignore_empty_lines=False,  # a blank line still counts as a row of the file
            invalid_row_handler=on_invalid,
        ),
        convert_options=pacsv.ConvertOptions(
            column_types={c: pa.string() for c in info.header},
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
        ),
    )
    # Rows get provisional numbers (their position among the rows pyarrow yields, + 2): the
    # malformed rows it skips are only all known at the end, and then shift what follows them.
    cursor = 0
    blank_seqs: list[np.ndarray] = []
    for batch in reader:
        seqs = np.arange(cursor, cursor + batch.num_rows, dtype=np.int64)
        cursor += batch.num_rows
        blank = reduce(pc.and_, [pc.is_null(batch.column(c)) for c in info.header])
        blank_np = blank.to_numpy(zero_copy_only=False)
        if blank_np.any():
            blank_seqs.append(seqs[blank_np])
            batch = batch.filter(pc.invert(blank))
            seqs = seqs[~blank_np]
        columns = {c: batch.column(c) for c in info.header}
        columns[ROW_NUMBER] = pa.array(seqs + 2)
        columns[RAW_RECORD] = pa.nulls(batch.num_rows, pa.string())
        sink.write(columns)
    malformed.sort(key=lambda m: m.row_number)
    shifts = np.array([m.row_number - 2 - k for k, m in enumerate(malformed)], dtype=np.int64)
    blanks = np.concatenate(blank_seqs) if blank_seqs else np.array([], np.int64)
    blank_rows = (blanks + 2 + np.searchsorted(shifts, blanks, side="right")).tolist()
    info.rows = cursor - len(blanks) + len(malformed)
    info.malformed = len(malformed)
    if blank_rows:
        info.notes.append(
            f"{info.path}: {len(blank_rows)} blank line(s) skipped (rows {blank_rows[:10]})"
        )
    return malformed, shifts


def _renumber(batch: pa.RecordBatch, shifts: np.ndarray) -> pa.RecordBatch:
    """True row numbers for rows numbered before the malformed rows were known."""
    seqs = batch.column(ROW_NUMBER).to_numpy() - 2
    fixed = pa.array(seqs + 2 + np.searchsorted(shifts, seqs, side="right"))
    return batch.set_column(batch.schema.get_field_index(ROW_NUMBER), ROW_NUMBER, fixed)


def _malformed_columns(header: list[str], malformed: list[MalformedRow]) -> dict[str, pa.Array]:
    return {
        **{c: pa.nulls(len(malformed), pa.string()) for c in header},
        ROW_NUMBER: pa.array([m.row_number for m in malformed], pa.int64()),
        RAW_RECORD: pa.array([m.text for m in malformed], pa.string()),
    }


def _text_sql(column: str, kind: pa.DataType) -> str:
    """DuckDB SQL reading a typed Parquet column as the text a CSV export would hold."""
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return f"trim({column})"
    if pa.types.is_timestamp(kind):
        return f"CAST(CAST({column} AS DATE) AS VARCHAR)"
    if pa.types.is_floating(kind):  # a whole float reads "2", like the CSV would, not "2.0"
        # and a small or huge one in plain digits ("0.00005", not "5e-05", which no CSV rule
        # reads as a number)
        plain = f"rtrim(rtrim(CAST(TRY_CAST({column} AS DECIMAL(38, 18)) AS VARCHAR), '0'), '.')"
        return (
            f"CASE WHEN isfinite({column}) AND {column} = floor({column}) "
            f"AND abs({column}) < 9e15 THEN CAST(CAST({column} AS BIGINT) AS VARCHAR) "
            f"WHEN isfinite({column}) AND CAST({column} AS VARCHAR) LIKE '%e%' "
            f"THEN coalesce({plain}, CAST({column} AS VARCHAR)) "
            f"ELSE CAST({column} AS VARCHAR) END"
        )
    return f"CAST({column} AS VARCHAR)"


def _parquet_info(path: Path, name: str) -> tuple[RawInfo, pq.ParquetFile | None]:
    if path.stat().st_size == 0:
        return _empty_info(name, "parquet", f"{name}: empty file (0 bytes), no rows"), None
    try:
        source = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise UnreadableFile(f"{name}: not a readable Parquet file ({exc})") from exc
    arrow = source.schema_arrow
    header = _normalise_header(arrow.names)
    numeric = [
        h
        for h, f in zip(header, arrow, strict=True)
        if pa.types.is_integer(f.type) or pa.types.is_floating(f.type)
    ]
    return RawInfo(name, "parquet", None, None, header, numeric_columns=numeric), source


def _stream_parquet(path: Path, source: pq.ParquetFile, info: RawInfo, sink: _Sink) -> None:
    """Typed Parquet to text in DuckDB (multi-threaded), streamed out in record batches."""
    arrow = source.schema_arrow
    texts = ", ".join(
        f"{_text_sql(_sql_name(name), f.type)} AS {_sql_name(header)}"
        for name, header, f in zip(arrow.names, info.header, arrow, strict=True)
    )
    con = duckdb.connect()
    try:
        literal = "'" + str(path).replace("'", "''") + "'"
        reader = con.sql(
            f"SELECT {texts}, CAST(file_row_number + 1 AS BIGINT) AS {ROW_NUMBER} "
            f"FROM read_parquet({literal}, file_row_number = true)"
        ).to_arrow_reader(PARQUET_BATCH_ROWS)
        for batch in reader:
            columns = {h: batch.column(h) for h in info.header}
            columns[ROW_NUMBER] = batch.column(ROW_NUMBER)
            columns[RAW_RECORD] = pa.nulls(batch.num_rows, pa.string())
            info.rows += batch.num_rows
            sink.write(columns)
    finally:
        con.close()


def _sql_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read(
    path: Path, name: str, out: Path | None, constants: Mapping[str, pa.Scalar]
) -> tuple[RawInfo, pa.Table | None]:
    """Read one landed file; an unreadable one (no permission, not a file) is UnreadableFile."""
    try:
        return _read_any(path, name, out, constants)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise UnreadableFile(f"{name}: cannot be read ({reason})") from exc


def _read_any(
    path: Path, name: str, out: Path | None, constants: Mapping[str, pa.Scalar]
) -> tuple[RawInfo, pa.Table | None]:
    lower = path.name.lower()
    compressed = lower.endswith(".gz")
    if compressed or (lower.endswith(CSV_SUFFIXES) and is_gzip(path)):
        if not is_gzip(path):
            raise UnreadableFile(f"{name}: named .gz but not gzip-compressed")
        note = (
            f"{name}: gzip-compressed; read decompressed"
            if compressed
            else f"{name}: gzip-compressed although named {path.suffix}; read decompressed"
        )
        with decompressed(path, name, out.parent if out else None) as plain:
            info, table = _read_plain(plain, name, out, constants, ".csv")
        info.notes.insert(0, note)
        return info, table
    return _read_plain(path, name, out, constants, path.suffix.lower())


def _read_plain(
    path: Path,
    name: str,
    out: Path | None,
    constants: Mapping[str, pa.Scalar],
    suffix: str,
) -> tuple[RawInfo, pa.Table | None]:
    if suffix in PARQUET_SUFFIXES:
        info, source = _parquet_info(path, name)
    elif suffix in CSV_SUFFIXES:
        info, source = _csv_info(path, name), None
    else:
        raise UnreadableFile(
            f"{name}: unsupported file type {suffix!r} (use .csv, .txt, .csv.gz or .parquet)"
        )
    provisional = out.with_name(f".{out.name}.provisional") if out else None
    sink = _Sink(info.header, provisional, constants)
    malformed: list[MalformedRow] = []
    shifts = np.array([], np.int64)
    if info.header:
        try:
            if info.format == "csv":
                with as_utf8(
                    path, info.encoding, info.path, info.notes, out.parent if out else None
                ) as readable:
                    malformed, shifts = _stream_csv(readable, info, sink)
            else:
                _stream_parquet(path, source, info, sink)  # type: ignore[arg-type]
        except (pa.ArrowInvalid, UnicodeDecodeError, duckdb.Error) as exc:
            sink.close()
            if provisional:
                provisional.unlink(missing_ok=True)
            raise UnreadableFile(f"{name}: cannot be read as {info.format} ({exc})") from exc
    table = sink.close()
    if table is not None:  # in memory
        if malformed:
            batches = [_renumber(b, shifts) for b in table.to_batches()]
            extra = _Sink(info.header, None, constants)
            extra.write(_malformed_columns(info.header, malformed))
            table = pa.Table.from_batches([*batches, *extra.batches], schema=sink.schema)
        return info, table
    assert provisional is not None and out is not None
    if not malformed:
        provisional.replace(out)
        return info, None
    final = _Sink(info.header, out, constants)
    for batch in pq.ParquetFile(provisional).iter_batches(batch_size=PARQUET_BATCH_ROWS):
        assert final.writer is not None
        final.writer.write_batch(_renumber(batch, shifts), row_group_size=PARQUET_BATCH_ROWS)
    final.write(_malformed_columns(info.header, malformed))
    final.close()
    provisional.unlink()
    return info, None


def read_raw(path: str | Path, display_name: str | None = None) -> RawFile:
    """The whole file in memory: for tests, checks and small files."""
    path = Path(path)
    info, table = _read(path, display_name or str(path), None, {})
    assert table is not None
    order = pc.sort_indices(table, sort_keys=[(ROW_NUMBER, "ascending")])
    return RawFile(**info.__dict__, table=table.take(order))


def write_raw_parquet(
    path: str | Path, out: str | Path, display_name: str, constants: Mapping[str, pa.Scalar]
) -> RawInfo:
    """Stream the file into a Parquet file of text columns plus row_number, raw_record and the
    given constant (lineage) columns. Memory stays bounded whatever the file's size."""
    return _read(Path(path), display_name, Path(out), constants)[0]


def raw_from_bytes(data: bytes, name: str) -> RawFile:
    """Convenience for tests and callers holding a file in memory."""
    suffix = Path(name).suffix or ".csv"
    folder = tempfile.mkdtemp()
    try:
        target = Path(folder) / f"file{suffix}"
        target.write_bytes(data)
        return read_raw(target, display_name=name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
