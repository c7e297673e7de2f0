"""``--dirty``: every defect listed in _defects.json is really there, at the row and field given,
and the dirty output still holds exactly the clean data."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.contract.schema import CRITICALITIES, RULES, SOURCES, UF_CODES
from pipeline.sample import SampleResult

REQUIRED_KINDS = {
    "duplicate_row", "duplicate_row_across_files", "negative_quantity", "zero_quantity", "negative_on_hand", "unknown_item",
    "unknown_site", "unparseable_date", "future_date", "received_before_ordered", "bad_uf",
    "bad_criticality", "empty_required", "too_many_fields", "missing_column", "empty_file",
    "header_only", "latin1_semicolon_decimal_comma", "ddmmyyyy_dates", "leading_zero_ids_parquet",
}  # fmt: skip
KEYS = {"kind", "source", "file", "row", "field", "rule", "note", "value"}


@pytest.fixture(scope="module")
def defects(dirty_sample: SampleResult) -> list[dict[str, object]]:
    path = dirty_sample.config.out / "_defects.json"
    found = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(found, list)
    return found


def read_csv(path: Path) -> tuple[list[str], list[list[str]], str]:
    """Header, records and encoding of a CSV, sniffing UTF-8 / Latin-1 and ',' / ';'."""
    data = path.read_bytes()
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return records[0], records[1:], encoding


def _strptime(text: str, fmt: str) -> date:
    return datetime.strptime(text, fmt).date()


def parses_as_date(text: str) -> bool:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            _strptime(text, fmt)
            return True
        except ValueError:
            continue
    return False


def number(text: str) -> float:
    return float(text.replace(".", "").replace(",", ".") if "," in text else text)


def test_every_kind_is_present_with_the_documented_keys(defects: list[dict[str, object]]) -> None:
    kinds = {str(d["kind"]) for d in defects}
    assert kinds >= REQUIRED_KINDS, REQUIRED_KINDS - kinds
    for defect in defects:
        assert set(defect) == KEYS, defect
        rule = defect["rule"]
        assert rule is None or rule in RULES or rule == "duplicate_key", defect
        assert defect["source"] in SOURCES
        assert str(defect["file"]).startswith(f"{defect['source']}/")
    duplicated = {d["source"] for d in defects if d["kind"] == "duplicate_row"}
    assert {"consumption", "inventory"} <= duplicated


def test_every_defect_is_where_it_says(
    defects: list[dict[str, object]], dirty_sample: SampleResult
) -> None:
    out = dirty_sample.config.out
    end = dirty_sample.config.end
    assert end is not None
    items = {r[0] for r in read_csv(out / "items" / "items.csv")[1]}
    items |= {r[0] for r in read_csv(out / "items" / "items_latin1.csv")[1]}
    sites = {r[0] for r in read_csv(out / "sites" / "sites.csv")[1]}
    for defect in defects:
        path = out / str(defect["file"])
        assert path.is_file(), defect
        row, field, rule = defect["row"], defect["field"], defect["rule"]
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            if row is not None:
                assert isinstance(row, int) and 1 <= row <= table.num_rows
                assert field in table.column_names
                assert table[str(field)][row - 1].as_py() == defect["value"]
            continue
        if defect["kind"] == "empty_file":
            assert path.stat().st_size == 0
            continue
        header, records, encoding = read_csv(path)
        if defect["kind"] == "header_only":
            assert records == [] and header == list(SOURCES[str(defect["source"])].column_names)
            continue
        if rule == "missing_column":
            assert row is None and field not in header
            assert field in SOURCES[str(defect["source"])].required_columns
            assert records  # rows that must all be rejected
            continue
        if row is None:
            continue  # other file-level notes (format variants) are checked below
        assert isinstance(row, int) and 2 <= row <= len(records) + 1, defect
        record = records[row - 2]
        if rule == "malformed_row":
            assert len(record) > len(header)
            continue
        assert len(record) == len(header)
        assert field in header, defect
        cells = dict(zip(header, record, strict=True))
        value = cells[str(field)]
        if rule is None:  # an accepted variant: the cell must read as `value`
            expected = str(defect["value"])
            if field == "unit_cost":
                assert number(value) == float(expected), defect
            elif field.endswith("_date"):
                assert _strptime(value, "%d/%m/%Y").isoformat() == expected, defect
            else:
                assert value == expected, defect
        elif rule == "positive":
            assert number(value) <= 0
        elif rule == "non_negative":
            assert number(value) < 0
        elif rule == "required":
            assert value == ""
        elif rule == "unknown_reference":
            assert value not in (items if field == "item_id" else sites)
        elif rule == "date_format":
            assert not parses_as_date(value)
        elif rule == "not_future":
            assert date.fromisoformat(value) > end
        elif rule == "date_order":
            assert date.fromisoformat(value) < date.fromisoformat(cells["order_date"])
        elif rule == "accepted_values":
            accepted = UF_CODES if field == "state" else CRITICALITIES
            assert value.upper() not in accepted
        elif rule == "duplicate_key":
            match = re.search(r"exact repeat of (\S+) row (\d+)", str(defect["note"]))
            assert match is not None, defect
            _, clean_records, _ = read_csv(out / match.group(1))
            clean_row_number = int(match.group(2))
            assert record == clean_records[clean_row_number - 2]
        else:
            pytest.fail(f"unexpected rule {rule}")
        if rule is not None and rule != "duplicate_key":
            assert encoding == "utf-8"


def _iso(text: str) -> str:
    return _strptime(text, "%d/%m/%Y").isoformat()


def test_format_variants_must_decode_right(dirty_sample: SampleResult) -> None:
    out = dirty_sample.config.out
    latin1 = out / "items" / "items_latin1.csv"
    data = latin1.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    text = data.decode("latin-1")
    assert "Retificador Módulo 48V 50A" in text
    # the contract's 9 item columns (moq and order_multiple included), `;`-separated
    assert text.splitlines()[0].count(";") == 8 and "\r\n" in text
    header, records, _ = read_csv(out / "purchase_orders" / "purchase_orders_ddmmyyyy.csv")
    assert records and all(len(r[header.index("order_date")].split("/")) == 3 for r in records)
    table = pq.read_table(out / "purchase_orders" / "purchase_orders_string_ids.parquet")
    assert str(table.schema.field("item_id").type) == "string"
    assert all(len(i) == 6 for i in table["item_id"].to_pylist())


def test_dirty_output_holds_exactly_the_clean_data(
    dirty_sample: SampleResult, clean_sample: SampleResult, only_file: Callable[[Path, str], Path]
) -> None:
    dirty, clean = dirty_sample.config.out, clean_sample.config.out
    for source in ("consumption", "inventory"):  # clean files untouched: stats unchanged
        assert (
            only_file(dirty / source, f"{source}_2*").read_bytes()
            == only_file(clean / source, f"{source}_2*").read_bytes()
        )
    clean_items = sorted(read_csv(clean / "items" / "items.csv")[1])
    moved = [
        [r[0], r[1], r[2], r[3], f"{number(r[4]):.2f}".replace(".", ","), *r[5:]]
        for r in read_csv(dirty / "items" / "items_latin1.csv")[1]
    ]
    assert moved
    assert sorted(read_csv(dirty / "items" / "items.csv")[1] + moved) == clean_items

    def po_rows(path: Path) -> list[tuple[str, ...]]:
        if path.suffix == ".parquet":
            return [
                tuple("" if v is None else str(v) for v in row.values())
                for row in pq.read_table(path).to_pylist()
            ]
        _header, records, _ = read_csv(path)
        normal: list[tuple[str, ...]] = []
        for record in records:
            cells = [_iso(c) if "/" in c else c for c in record]
            cells[-1] = str(float(cells[-1]))
            normal.append(tuple(cells))
        return normal

    folder = dirty / "purchase_orders"
    dirty_lines = sorted(
        po_rows(only_file(folder, "purchase_orders_2*"))
        + po_rows(folder / "purchase_orders_ddmmyyyy.csv")
        + po_rows(folder / "purchase_orders_string_ids.parquet")
    )
    clean_lines = sorted(po_rows(only_file(clean / "purchase_orders", "purchase_orders_2*")))
    assert dirty_lines == clean_lines
