"""Dirty ERP data (`--dirty`): every listed defect ends where `_defects.json` says, rows add up."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from pipeline.contract.schema import SOURCES
from pipeline.runrecord import RunRecord
from pipeline.silver import current_sql
from storage import open_storage
from tests.factories import Samples, Workspace, copy_landing, scrubbed_env
from tests.pipeline.run import lakeview


@pytest.fixture(scope="module")
def dirty_run(
    samples: Samples, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Workspace, RunRecord, list[dict]]:
    """The dirty sample run once through the pipeline, shared read-only by this module."""
    workspace = Workspace(tmp_path_factory.mktemp("dirty") / "ws")
    copy_landing(samples.dirty, workspace.landing)
    defects = json.loads((samples.dirty / "_defects.json").read_text())
    with scrubbed_env(workspace.root):
        return workspace, workspace.run(), defects


def quarantine(lake: Path) -> list[dict]:
    pattern = str(lake / "quarantine" / "*" / "*.parquet")
    con = duckdb.connect()
    return (
        con.sql(
            f"SELECT source_file, row_number, reject_field, reject_rule, reject_reason "
            f"FROM read_parquet('{pattern}', union_by_name = true)"
        )
        .to_arrow_table()
        .to_pylist()
    )


def silver_rows(lake: Path, entity: str) -> list[dict]:
    files = sorted((lake / "silver" / entity).glob("*.parquet"))
    return (
        duckdb.connect()
        .sql(f"SELECT * FROM read_parquet({[str(f) for f in files]}, union_by_name = true)")
        .to_arrow_table()
        .to_pylist()
    )


def current_silver(lake: Path, entity: str) -> list[dict]:
    """What gold reads of an entity: the latest batch wins per business key."""
    files = sorted((lake / "silver" / entity).glob("*.parquet"))
    return duckdb.connect().sql(current_sql(entity, files)).to_arrow_table().to_pylist()


def test_every_rejected_defect_is_quarantined_with_its_row_field_and_rule(dirty_run) -> None:
    workspace, record, defects = dirty_run
    assert record.status == "succeeded"
    rejected = quarantine(workspace.lake)
    found = {(r["source_file"], r["row_number"]): r for r in rejected}
    expected_rows = 0
    for defect in defects:
        rule = defect["rule"]
        if rule is None or rule == "duplicate_key":
            continue
        source_file = f"landing/{defect['file']}"
        if defect["row"] is None:  # a file-level defect: every data row of the file
            rows = range(2, 2 + lakeview.data_rows(workspace.landing / defect["file"]))
        else:
            rows = [defect["row"]]
        for row in rows:
            expected_rows += 1
            assert (source_file, row) in found, f"{defect['kind']}: {source_file} row {row}"
            got = found[(source_file, row)]
            assert got["reject_rule"] == rule, defect
            if defect["field"] is not None:
                assert got["reject_field"] == defect["field"], defect
            assert rule in got["reject_reason"] and f"row {row}" in got["reject_reason"]
    # nothing else was rejected: the clean rows of the dirty sample all went to silver
    assert len(rejected) == expected_rows


# Where a planner meets each entity's rows in gold, and the gold name of each key column.
GOLD_OF = {
    "consumption": ("fct_consumption", {"txn_id": "txn_id"}),
    "inventory": (
        "fct_inventory_daily",
        {"snapshot_date": "date", "warehouse_id": "warehouse_id", "item_id": "item_id"},
    ),
}


def test_duplicates_are_counted_and_their_key_kept_once(dirty_run) -> None:
    workspace, _, defects = dirty_run
    lake = open_storage(str(workspace.lake))
    snapshot_id = lakeview.pointer(lake)["snapshot_id"]
    accounts = {a["source_file"]: a for a in lakeview.batch_accounts(lake).values()}
    duplicates = [d for d in defects if d["rule"] == "duplicate_key"]
    assert {d["source"] for d in duplicates} == set(GOLD_OF)
    # An exact repeat inside a file is counted as a duplicate of that file.
    within_file = Counter(
        f"landing/{d['file']}" for d in duplicates if d["kind"] == "duplicate_row"
    )
    for source_file, count in within_file.items():
        assert accounts[source_file]["rows_duplicate"] == count, source_file
    # Whether repeated inside a file or across files, the key is there once for gold to read,
    # and once in gold: the transaction or stock position is not counted twice.
    for defect in duplicates:
        source = SOURCES[defect["source"]]
        path = workspace.landing / defect["file"]
        record = dict(
            zip(lakeview.csv_record(path, 1), lakeview.csv_record(path, defect["row"]), strict=True)
        )
        key = tuple(record[k] for k in source.key)
        current = [
            r
            for r in current_silver(workspace.lake, source.name)
            if tuple(str(r[k]) for k in source.key) == key
        ]
        assert len(current) == 1, (defect["kind"], key)
        table, columns = GOLD_OF[source.name]
        in_gold = [
            r
            for r in lakeview.gold_table(lake, snapshot_id, table).to_pylist()
            if tuple(str(r[columns[k]]) for k in source.key) == key
        ]
        assert len(in_gold) == 1, (defect["kind"], key)


def test_format_variants_are_accepted_into_silver(dirty_run) -> None:
    workspace, _, defects = dirty_run
    lake = open_storage(str(workspace.lake))
    accounts = {a["source_file"]: a for a in lakeview.batch_accounts(lake).values()}
    accepted = [d for d in defects if d["rule"] is None]
    assert accepted
    for defect in accepted:
        source_file = f"landing/{defect['file']}"
        account = accounts[source_file]
        assert account["rows_quarantined"] == 0, defect
        assert account["rows_silver"] == lakeview.data_rows(workspace.landing / defect["file"])
        if defect["row"] is None or defect["value"] is None:
            continue
        rows = [
            r
            for r in silver_rows(workspace.lake, defect["source"])
            if r["source_file"] == source_file and r["row_number"] == defect["row"]
        ]
        assert len(rows) == 1, defect
        value = rows[0][defect["field"]]
        if isinstance(value, float):
            assert value == pytest.approx(float(defect["value"])), defect
        else:
            assert str(value) == defect["value"], defect


def test_row_accounting_is_exact_per_file_and_per_run(dirty_run) -> None:
    workspace, record, _ = dirty_run
    lake = open_storage(str(workspace.lake))
    accounts = lakeview.batch_accounts(lake)
    landed = lakeview.landing_files(workspace.landing)
    assert sorted(a["source_file"] for a in accounts.values()) == sorted(landed)
    for account in accounts.values():
        parts = account["rows_silver"] + account["rows_quarantined"] + account["rows_duplicate"]
        assert account["rows_in"] == parts, account["source_file"]
        assert account["rows_in"] == lakeview.data_rows(landed[account["source_file"]])
    silver = next(
        s
        for s in lakeview.read_json(lake, f"runs/{record.run_id}.json")["steps"]
        if s["name"] == "silver"
    )
    counts = silver["counts"]
    assert counts["batches"] == len(accounts)
    assert counts["rows_in"] == sum(lakeview.data_rows(p) for p in landed.values())
    assert (
        counts["rows_in"]
        == counts["rows_silver"] + counts["rows_quarantined"] + counts["rows_duplicate"]
    )
    assert counts["rows_quarantined"] > 0 and counts["rows_duplicate"] > 0


def test_status_lists_rejects_by_rule(dirty_run) -> None:
    workspace, _, defects = dirty_run
    result = workspace.cli("status")
    assert result.returncode == 0, result.stderr
    lake = open_storage(str(workspace.lake))
    expected: Counter[tuple[str, str]] = Counter()
    for account in lakeview.batch_accounts(lake).values():
        for rule, count in account["rejects_by_rule"].items():
            expected[(account["source"], rule)] += count
    assert {rule for _, rule in expected} == {
        d["rule"] for d in defects if d["rule"] not in (None, "duplicate_key")
    }
    for (source, rule), count in expected.items():
        line = rf"\b{source}\b\W+\b{rule}\b\W+\b{count}\b"
        assert re.search(line, result.stdout), (
            f"no line {source} {rule} {count} in:\n{result.stdout}"
        )
