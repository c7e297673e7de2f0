"""Brazilian ERP dialects are read right, and IDs never lose their leading zeros."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.contract import read_raw, validate_file
from tests.pipeline.contract.factories import REFERENCES, VALID_ROWS, csv_bytes, write_parquet

AS_OF = date(2026, 11, 22)


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "utf-8-sig"])
@pytest.mark.parametrize("decimal", [".", ","])
def test_dialects_read_to_the_same_typed_rows(
    tmp_path: Path, delimiter: str, encoding: str, decimal: str
) -> None:
    path = tmp_path / "items.csv"
    path.write_bytes(
        csv_bytes(VALID_ROWS["items"], delimiter=delimiter, decimal=decimal, encoding=encoding)
    )
    result = validate_file(path, "items", as_of=AS_OF, references=REFERENCES)
    assert result.rejected.num_rows == 0, result.rejected.column("reject_reason").to_pylist()
    assert result.delimiter == delimiter
    assert result.encoding == ("latin-1" if encoding == "latin-1" else "utf-8")
    rows = result.valid.to_pylist()
    assert [r["item_id"] for r in rows] == ["000123", "004512"]
    assert [r["unit_cost"] for r in rows] == [1289.90, 4350.00]
    assert rows[1]["item_name"] == "Retificador Módulo 48V"  # accents decode in both encodings


def test_decimal_comma_with_thousands_grouping(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    rows = [
        dict(VALID_ROWS["items"][0], unit_cost="1.289,90"),
        dict(VALID_ROWS["items"][1], unit_cost="12,5"),
    ]
    path.write_bytes(csv_bytes(rows, delimiter=";"))
    result = validate_file(path, "items", as_of=AS_OF, references=REFERENCES)
    assert result.decimal == ","
    assert result.valid.column("unit_cost").to_pylist() == [1289.90, 12.5]


def test_dot_in_a_decimal_comma_file_is_not_silently_misread(tmp_path: Path) -> None:
    # "12.5" in a decimal-comma file is neither 12.5 nor 125 for sure: reject, do not guess.
    path = tmp_path / "items.csv"
    rows = [
        dict(VALID_ROWS["items"][0], unit_cost="1,5"),
        dict(VALID_ROWS["items"][1], unit_cost="12.5"),
    ]
    path.write_bytes(csv_bytes(rows, delimiter=";"))
    result = validate_file(path, "items", as_of=AS_OF, references=REFERENCES)
    assert result.rejected.column("reject_rule").to_pylist() == ["number_format"]
    assert result.valid.column("unit_cost").to_pylist() == [1.5]


def test_brazilian_dates(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes([dict(VALID_ROWS["consumption"][0], txn_date="05/01/2026")]))
    result = validate_file(path, "consumption", as_of=AS_OF, references=REFERENCES)
    assert result.valid.column("txn_date").to_pylist() == [date(2026, 1, 5)]  # 5 January


def test_leading_zero_ids_survive_csv(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(csv_bytes(VALID_ROWS["consumption"], delimiter=";"))
    raw = read_raw(path)
    assert raw.table.column("item_id").to_pylist() == ["000123", "004512"]
    result = validate_file(path, "consumption", as_of=AS_OF, references=REFERENCES)
    assert result.valid.column("item_id").to_pylist() == ["000123", "004512"]
    assert result.valid.schema.field("item_id").type == pa.string()


def test_leading_zero_ids_survive_parquet_round_trip(tmp_path: Path) -> None:
    rows = [
        {"snapshot_date": date(2026, 3, 14), "warehouse_id": "CD-SP01", "item_id": "000123",
         "on_hand": 14.0, "on_order": 20},
        {"snapshot_date": date(2026, 3, 14), "warehouse_id": "CD-PE01", "item_id": "004512",
         "on_hand": 0.5, "on_order": 0},
    ]  # fmt: skip
    path = write_parquet(tmp_path / "inventory.parquet", rows)
    result = validate_file(path, "inventory", as_of=AS_OF, references=REFERENCES)
    assert result.rejected.num_rows == 0, result.rejected.column("reject_reason").to_pylist()
    assert result.valid.column("item_id").to_pylist() == ["000123", "004512"]
    assert result.valid.column("on_hand").to_pylist() == [14.0, 0.5]
    assert result.valid.column("snapshot_date").to_pylist() == [date(2026, 3, 14)] * 2
    assert result.valid.column("row_number").to_pylist() == [1, 2]
    # Valid rows written back to Parquet and read again keep the string IDs.
    pq.write_table(result.valid, tmp_path / "silver.parquet")
    again = pq.read_table(tmp_path / "silver.parquet")
    assert again.column("item_id").to_pylist() == ["000123", "004512"]


def test_numeric_ids_in_parquet_are_flagged(tmp_path: Path) -> None:
    rows = [{"supplier_id": 17, "name": "Eletro Sul", "nominal_lead_time_days": 21.0}]
    path = write_parquet(tmp_path / "suppliers.parquet", rows)
    result = validate_file(path, "suppliers", as_of=AS_OF)
    assert result.valid.column("supplier_id").to_pylist() == ["17"]
    assert result.valid.column("nominal_lead_time_days").to_pylist() == [21]
    assert any("leading zeros" in n for n in result.notes)


@pytest.mark.parametrize("content", [b"", b"txn_id,txn_date,site_id,item_id,quantity\n"])
def test_empty_and_header_only_files_have_no_rows(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(content)
    result = validate_file(path, "consumption", as_of=AS_OF, references=REFERENCES)
    assert result.rows_in == 0
    if not content:
        assert any("empty file" in n for n in result.notes)


def test_blank_lines_are_skipped_and_rows_keep_their_numbers(tmp_path: Path) -> None:
    text = csv_bytes(VALID_ROWS["consumption"]).decode().splitlines()
    text.insert(2, "")
    path = tmp_path / "c.csv"
    path.write_text("\n".join(text) + "\n")
    result = validate_file(path, "consumption", as_of=AS_OF, references=REFERENCES)
    assert result.valid.column("row_number").to_pylist() == [2, 4]
    assert any("blank line" in n for n in result.notes)


def test_header_is_case_and_space_insensitive_and_extra_columns_reported(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(" Supplier_ID ;NAME;Nominal_Lead_Time_Days;comprador\nF1;Fornecedor;10;Ana\n")
    result = validate_file(path, "suppliers", as_of=AS_OF)
    assert result.valid.to_pylist()[0]["supplier_id"] == "F1"
    assert any("comprador" in n for n in result.notes)


def test_quoted_fields_with_delimiters_and_newlines(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        'supplier_id,name,nominal_lead_time_days\nF1,"Silva, Irmãos\nLtda",10\nF2,B,5\n'
    )
    result = validate_file(path, "suppliers", as_of=AS_OF)
    assert result.valid.column("name").to_pylist() == ["Silva, Irmãos\nLtda", "B"]
    assert result.valid.column("row_number").to_pylist() == [2, 3]
