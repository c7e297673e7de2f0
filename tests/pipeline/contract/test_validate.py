"""The contract's rules: each defect is rejected with file, row, field and rule; good rows kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.contract import SOURCES, validate_file
from tests.pipeline.contract.factories import REFERENCES, VALID_ROWS, rows_for, write_csv

AS_OF = date(2026, 11, 22)


def check(tmp_path: Path, source: str, rows, **csv_kwargs):
    path = write_csv(tmp_path / "landing" / source / "file.csv", rows, **csv_kwargs)
    return validate_file(
        path, source, as_of=AS_OF, references=REFERENCES, display_name=f"landing/{source}/file.csv"
    )


@pytest.mark.parametrize("source", list(SOURCES))
def test_valid_file_of_every_source_passes(tmp_path: Path, source: str) -> None:
    result = check(tmp_path, source, VALID_ROWS[source])
    assert result.rejected.num_rows == 0, result.rejected.column("reject_reason").to_pylist()
    assert result.valid.num_rows == len(VALID_ROWS[source])
    assert result.rows_in == len(VALID_ROWS[source])


# (source, field, bad value, rule)
DEFECTS = [
    ("consumption", "quantity", "-3", "positive"),
    ("consumption", "quantity", "0", "positive"),
    ("consumption", "quantity", "dois", "number_format"),
    ("consumption", "txn_date", "2026-02-30", "date_format"),
    ("consumption", "txn_date", "14/03/26x", "date_format"),
    ("consumption", "txn_date", "2027-01-01", "not_future"),
    ("consumption", "txn_date", "1999-12-31", "date_range"),
    ("consumption", "item_id", "999999", "unknown_reference"),
    ("consumption", "site_id", "XXX-0001", "unknown_reference"),
    ("consumption", "txn_id", "", "required"),
    ("consumption", "txn_id", "TX 0001", "id_format"),
    ("inventory", "on_hand", "-1", "non_negative"),
    ("inventory", "on_order", "-0.5", "non_negative"),
    ("inventory", "snapshot_date", "2030-01-01", "not_future"),
    ("inventory", "warehouse_id", "CD-XX99", "unknown_reference"),
    ("items", "criticality", "D", "accepted_values"),
    ("items", "unit_cost", "-10", "non_negative"),
    ("items", "supplier_id", "F99999", "unknown_reference"),
    ("items", "item_name", "x" * 201, "max_length"),
    ("warehouses", "state", "XX", "accepted_values"),
    ("warehouses", "region", "SUL", "accepted_values"),
    ("sites", "warehouse_id", "CD-RJ99", "unknown_reference"),
    ("suppliers", "nominal_lead_time_days", "2.5", "integer"),
    ("suppliers", "nominal_lead_time_days", "0", "positive"),
    ("purchase_orders", "received_date", "2026-01-01", "date_order"),
    ("purchase_orders", "expected_date", "2026-01-15", "date_order"),
    ("purchase_orders", "expected_date", "2040-01-01", "date_range"),
    ("purchase_orders", "quantity", "0", "positive"),
]


@pytest.mark.parametrize(("source", "field", "value", "rule"), DEFECTS)
def test_defect_is_rejected_with_file_row_field_rule(
    tmp_path: Path, source: str, field: str, value: str, rule: str
) -> None:
    result = check(tmp_path, source, rows_for(source, **{field: value}))
    rejected = result.rejected.to_pylist()
    assert len(rejected) == 1
    (reject,) = rejected
    assert (reject["row_number"], reject["reject_field"], reject["reject_rule"]) == (2, field, rule)
    assert reject["reject_reason"].startswith(
        f"landing/{source}/file.csv row 2, field {field}: {rule}"
    )
    assert reject[field] == (value or None)  # the raw value is kept in quarantine
    # The other row of the same file is kept, and every row is accounted for.
    assert result.valid.num_rows == len(VALID_ROWS[source]) - 1
    assert result.rows_in == len(VALID_ROWS[source])


def test_missing_required_column_rejects_every_row_naming_the_column(tmp_path: Path) -> None:
    columns = [c for c in VALID_ROWS["consumption"][0] if c != "quantity"]
    result = check(tmp_path, "consumption", VALID_ROWS["consumption"], columns=columns)
    assert result.valid.num_rows == 0
    assert set(result.rejected.column("reject_rule").to_pylist()) == {"missing_column"}
    assert set(result.rejected.column("reject_field").to_pylist()) == {"quantity"}
    assert result.rejected.column("row_number").to_pylist() == [2, 3]
    assert "quantity" in result.rejected.column("reject_reason")[0].as_py()


def test_missing_optional_column_is_fine(tmp_path: Path) -> None:
    columns = [c for c in VALID_ROWS["consumption"][0] if c != "work_order_id"]
    result = check(tmp_path, "consumption", VALID_ROWS["consumption"], columns=columns)
    assert result.rejected.num_rows == 0
    assert result.valid.column("work_order_id").to_pylist() == [None, None]


def test_duplicate_key_keeps_the_later_row_and_counts_the_earlier(tmp_path: Path) -> None:
    rows = VALID_ROWS["consumption"] + [dict(VALID_ROWS["consumption"][0], quantity="5")]
    result = check(tmp_path, "consumption", rows)
    assert result.duplicates.column("row_number").to_pylist() == [2]
    assert result.duplicates.column("duplicate_of_row").to_pylist() == [4]
    kept = {r["txn_id"]: r["quantity"] for r in result.valid.to_pylist()}
    assert kept == {"TX0001": 5.0, "TX0002": 1.5}
    assert result.rows_in == 3 and result.valid.num_rows == 2


def test_malformed_row_is_rejected_with_its_row_number(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    good = write_csv(tmp_path / "g.csv", VALID_ROWS["consumption"]).read_text()
    lines = good.splitlines()
    lines.insert(2, "TX0009,2026-03-14,SPO-0042,000123,1,OS-1,extra")
    path.write_text("\n".join(lines) + "\n")
    result = validate_file(path, "consumption", as_of=AS_OF, references=REFERENCES)
    rejected = result.rejected.to_pylist()
    assert [(r["row_number"], r["reject_rule"]) for r in rejected] == [(3, "malformed_row")]
    assert "extra" in rejected[0]["raw_record"]
    # Rows after the malformed one keep their true row numbers.
    assert result.valid.column("row_number").to_pylist() == [2, 4]


def test_codes_are_case_insensitive_and_stored_upper_case(tmp_path: Path) -> None:
    result = check(tmp_path, "warehouses", rows_for("warehouses", state="sp", region="se"))
    assert result.rejected.num_rows == 0
    assert result.valid.column("state").to_pylist()[0] == "SP"


def test_without_references_foreign_keys_are_not_checked(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", rows_for("consumption", item_id="777777"))
    result = validate_file(path, "consumption", as_of=AS_OF)
    assert result.rejected.num_rows == 0


def test_typed_output(tmp_path: Path) -> None:
    result = check(tmp_path, "purchase_orders", VALID_ROWS["purchase_orders"])
    row = result.valid.to_pylist()[0]
    assert row["order_date"] == date(2026, 2, 2)
    assert row["received_date"] == date(2026, 2, 27)
    assert row["quantity"] == 20.0
    assert result.valid.to_pylist()[1]["received_date"] is None
    suppliers = check(tmp_path, "suppliers", VALID_ROWS["suppliers"]).valid
    assert suppliers.column("nominal_lead_time_days").to_pylist() == [21, 35]
