"""Every defect the sample generator injects with --dirty is caught where it is, as it is."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from pipeline.contract import validate_landing

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
END = date(2026, 6, 30)


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("landing") / "landing"
    subprocess.run(
        [sys.executable, "-m", "pipeline.sample", "--out", str(out), "--scale", "S", "--seed",
         "11", "--start", "2026-03-01", "--end", END.isoformat(), "--dirty", "--quiet"],
        check=True, cwd=ROOT, capture_output=True,
    )  # fmt: skip
    defects = json.loads((out / "_defects.json").read_text())
    report = validate_landing(out, as_of=date(2026, 7, 1))
    results = {r.file.removeprefix("landing/"): r for r in report.results}
    return defects, results, report


def test_every_rejecting_defect_is_rejected_at_its_row_field_and_rule(dirty) -> None:
    defects, results, _ = dirty
    expected = [d for d in defects if d["rule"] and d["row"] and d["rule"] != "duplicate_key"]
    assert len(expected) >= 12
    for defect in expected:
        result = results[defect["file"]]
        rows = [r for r in result.rejected.to_pylist() if r["row_number"] == defect["row"]]
        assert rows, f"{defect['kind']}: row {defect['row']} of {defect['file']} not rejected"
        (reject,) = rows
        assert reject["reject_rule"] == defect["rule"], defect
        if defect["field"]:
            assert reject["reject_field"] == defect["field"], defect
        assert reject["reject_reason"].startswith(f"landing/{defect['file']} row {defect['row']}")


def test_missing_column_rejects_every_row_of_the_file(dirty) -> None:
    defects, results, _ = dirty
    (defect,) = [d for d in defects if d["kind"] == "missing_column"]
    result = results[defect["file"]]
    assert result.valid.num_rows == 0
    assert result.rejected.num_rows == result.rows_in > 0
    assert set(result.rejected.column("reject_field").to_pylist()) == {defect["field"]}


def test_duplicates_within_a_file_are_counted_and_the_later_row_kept(dirty) -> None:
    defects, results, _ = dirty
    within = [d for d in defects if d["kind"] == "duplicate_row"]
    assert {d["source"] for d in within} == {"consumption", "inventory"}
    for defect in within:
        result = results[defect["file"]]
        assert defect["row"] in result.duplicates.column("row_number").to_pylist()
        assert defect["row"] not in result.valid.column("row_number").to_pylist()


def test_accepted_variants_decode_to_the_right_values(dirty) -> None:
    defects, results, _ = dirty
    for defect in [d for d in defects if d["rule"] is None and d["value"] is not None]:
        result = results[defect["file"]]
        (row,) = [r for r in result.valid.to_pylist() if r["row_number"] == defect["row"]]
        assert str(row[defect["field"]]) == defect["value"], defect
    for defect in [d for d in defects if d["rule"] is None and d["row"] is None]:
        result = results.get(defect["file"])
        assert result is not None, defect
        assert result.rejected.num_rows == 0, result.rejected.column("reject_reason").to_pylist()


def test_every_row_of_every_file_is_accounted_for(dirty) -> None:
    _, results, report = dirty
    assert not report.unreadable
    for result in results.values():
        assert result.rows_in == (
            result.valid.num_rows + result.rejected.num_rows + result.duplicates.num_rows
        )
    empty = results["inventory/inventory_dirty_empty.csv"]
    assert empty.rows_in == 0 and any("empty file" in n for n in empty.notes)
