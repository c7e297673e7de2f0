"""Running again changes nothing; a re-dropped file is a no-op; a new file is all that is redone."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pyarrow as pa
import pytest

from pipeline.gold.tables import GOLD_TABLES
from storage import open_storage
from tests.factories import NEXT_DAY, Samples, Workspace, copy_landing
from tests.pipeline.run import lakeview

CONSUMPTION_INCREMENT = f"consumption/consumption_{NEXT_DAY}_{NEXT_DAY}.csv"


def state(workspace: Workspace) -> dict[str, str]:
    """Every file of the lake and the exchange zone, but run records (each run adds one) and the
    lock file (it names the last run that held it)."""
    files = {f"lake/{k}": v for k, v in lakeview.tree(workspace.lake).items()}
    files.update({f"exports/{k}": v for k, v in lakeview.tree(workspace.exports).items()})
    return {
        k: v
        for k, v in files.items()
        if not k.startswith("lake/runs/") and k != "lake/.pipeline.lock"
    }


def step(record, name: str) -> dict:
    return next(s for s in record.steps if s.name == name).counts


def assert_same_rows(a: pa.Table, b: pa.Table, key: tuple[str, ...], table: str) -> None:
    def rows(t: pa.Table) -> list[dict]:
        return sorted(t.to_pylist(), key=lambda r: tuple(str(r[k]) for k in key))

    assert a.schema == b.schema, table
    for x, y in zip(rows(a), rows(b), strict=True):
        for column, value in x.items():
            other = y[column]
            if isinstance(value, float) and not math.isnan(value):
                assert other == pytest.approx(value, rel=1e-9, abs=1e-9), (table, column, x)
            else:
                assert other == value or (value != value and other != other), (table, column, x)


def test_running_again_on_the_same_files_changes_nothing(built_copy: Workspace) -> None:
    before = state(built_copy)
    lake = open_storage(str(built_copy.lake))
    current = lakeview.pointer(lake)
    n_files = len(lakeview.landing_files(built_copy.landing))

    record = built_copy.run()

    assert record.status == "succeeded"
    assert state(built_copy) == before  # no bronze file, ledger entry, silver batch or snapshot
    assert lakeview.pointer(lake) == current
    assert record.snapshot_id == current["snapshot_id"]
    assert step(record, "bronze")["files_ingested"] == 0
    assert step(record, "bronze")["files_already_ingested"] == n_files
    assert step(record, "silver")["batches"] == 0
    assert "gold" not in [s.name for s in record.steps]
    assert "unchanged" in record.summary["gold"]
    assert lakeview.run_records(lake)[-1]["status"] == "succeeded"


def test_a_forced_rebuild_of_the_same_inputs_gives_the_same_gold_content(
    built_copy: Workspace,
) -> None:
    lake = open_storage(str(built_copy.lake))
    old = lakeview.pointer(lake)["snapshot_id"]
    exports_before = lakeview.tree(built_copy.exports)

    record = built_copy.run(force=True)

    new = lakeview.pointer(lake)["snapshot_id"]
    assert record.status == "succeeded" and new != old
    for spec in GOLD_TABLES:
        if spec.name == "data_quality":  # this run read no new row: its report differs
            continue
        a, b = (lakeview.gold_table(lake, s, spec.name) for s in (old, new))
        assert_same_rows(a, b, spec.key, spec.name)
    # the training extract is the same data: not written a second time
    assert lakeview.tree(built_copy.exports) == exports_before


def test_the_same_file_dropped_again_under_a_new_name_is_a_no_op(built_copy: Workspace) -> None:
    before = state(built_copy)
    original = next(built_copy.landing.glob("consumption/*.csv"))
    shutil.copy(original, original.with_name("consumption_resent_by_the_erp.csv"))

    record = built_copy.run()

    assert record.status == "succeeded"
    assert state(built_copy) == before
    assert step(record, "bronze")["files_ingested"] == 0
    assert "unchanged" in record.summary["gold"]


def test_a_new_consumption_file_gives_a_new_snapshot_and_only_it_is_validated(
    built_copy: Workspace, samples: Samples
) -> None:
    lake = open_storage(str(built_copy.lake))
    old = lakeview.pointer(lake)
    accounts_before = lakeview.batch_accounts(lake)
    ledger_before = lakeview.ledger_entries(lake)
    old_consumption = lakeview.gold_table(lake, old["snapshot_id"], "fct_consumption")
    new_file = built_copy.landing / CONSUMPTION_INCREMENT
    shutil.copy(samples.increment / CONSUMPTION_INCREMENT, new_file)
    new_rows = lakeview.data_rows(new_file)
    assert new_rows > 0

    record = built_copy.run()

    assert record.status == "succeeded"
    current = lakeview.pointer(lake)
    assert current["snapshot_id"] == record.snapshot_id != old["snapshot_id"]
    assert current["previous"] == old["snapshot_id"]
    lakeview.assert_current_complete(lake, built_copy.work)
    # exactly one new ledger entry and one new validated batch: the new file
    assert len(lakeview.ledger_entries(lake)) == len(ledger_before) + 1
    accounts = lakeview.batch_accounts(lake)
    added = [a for batch_id, a in accounts.items() if batch_id not in accounts_before]
    assert [a["source_file"] for a in added] == [f"landing/{CONSUMPTION_INCREMENT}"]
    assert added[0]["rows_in"] == added[0]["rows_silver"] == new_rows
    assert {k: accounts[k] for k in accounts_before} == accounts_before
    assert step(record, "silver")["batches"] == 1
    # the new transactions are in gold, the old ones still once each
    consumption = lakeview.gold_table(lake, current["snapshot_id"], "fct_consumption")
    assert consumption.num_rows == old_consumption.num_rows + new_rows
    new_day = [r for r in consumption.to_pylist() if r["txn_date"].isoformat() == NEXT_DAY]
    assert len(new_day) == new_rows
    demand = lakeview.gold_table(lake, current["snapshot_id"], "fct_demand_daily").to_pylist()
    assert sum(r["quantity"] for r in demand if r["date"].isoformat() == NEXT_DAY) == (
        pytest.approx(sum(r["quantity"] for r in new_day))
    )


def test_a_daily_run_extends_stock_positions_and_equals_a_full_build(
    built_copy: Workspace, samples: Samples, tmp_path: Path
) -> None:
    copy_landing(samples.increment, built_copy.landing)
    daily = built_copy.run()
    assert daily.status == "succeeded"
    assert "stock_positions_extended" in step(daily, "gold")["seconds_by_phase"]

    scratch = Workspace(tmp_path / "scratch")
    copy_landing(built_copy.landing, scratch.landing)
    full = scratch.run()
    assert full.status == "succeeded"
    assert "stock_positions_full" in step(full, "gold")["seconds_by_phase"]

    lake, scratch_lake = open_storage(str(built_copy.lake)), open_storage(str(scratch.lake))
    for spec in GOLD_TABLES:
        if spec.name == "data_quality":  # the daily run's report counts only its own rows
            continue
        a = lakeview.gold_table(lake, daily.snapshot_id, spec.name)
        b = lakeview.gold_table(scratch_lake, full.snapshot_id, spec.name)
        assert_same_rows(a, b, spec.key, spec.name)
