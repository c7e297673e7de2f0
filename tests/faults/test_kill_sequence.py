"""SIGKILL the nightly run at named points, day after day, while the API keeps answering.

One lake lives through a short week: the base landing, then daily drops (two at once after a
missed night, the last with an ML export). Each stage lands its files and runs
`python -m pipeline run` again and again, every run killed at the next point of the stage
(PIPELINE_KILL_AT), so each run also recovers from the crash before it; then one run without a
fault must succeed. After every kill a reader's view is checked independently (hashlib and
pyarrow, not the pipeline's code): `_CURRENT` names a complete snapshot whose files match their
manifest, every retained snapshot verifies, every ledger entry has its bronze file. After every
stage bronze holds each landed file exactly once with all its rows, and gold equals, table by
table, the gold of an uninterrupted twin lake fed the same drops. Meanwhile a thread asks the
API process (over the same lake) for the metadata and a series: not one request may fail.

FAULTS_LONG=1 adds two days with every gold table position and more points.
"""

from __future__ import annotations

import json
import shutil
import signal
from collections import Counter
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path

import pytest

from storage import Storage, open_storage
from tests.factories import END, Workspace, copy_landing, write_export
from tests.faults.harness import (
    LONG,
    ApiProcess,
    Poller,
    days_after,
    gold_contents,
    read_run,
    verify_current,
    verify_retained,
    wait_until,
)
from tests.pipeline.run import lakeview

pytestmark = pytest.mark.slow

D1, D2, D3, D4, D5, D6 = days_after(END, 6)


@dataclass(frozen=True)
class Stage:
    name: str
    days: tuple[str, ...]  # daily drops landed before the stage
    kills: tuple[str, ...]  # one run per point, in order; each resumes what the last left
    ml_export: str | None = None  # an ML export (model version) written before the stage


STAGES = [
    Stage(
        "day 1",
        (D1,),  # 3 new files (the master data files come again, byte for byte)
        (
            "run.started",
            "bronze.file_written#1",  # 1st new file in bronze, its ledger entry not
            "bronze.ledger_written#1",  # that orphan removed, the file again, committed
            "bronze.file_written#2",  # 2nd file committed, the 3rd left an orphan
            "run.after_bronze",
            "silver.batch_written#1",  # 1st batch in silver, its accounting not
            "silver.batch_written#2",
            "run.after_silver",
            "training.files_written",  # the extract without its manifest
            "gold.table_written#1",
            "gold.table_written#13",  # every table file, no manifest
            "gold.manifest_written",
            "gold.before_pointer",
        ),
    ),
    Stage(
        "days 2 and 3 after a missed night",
        (D2, D3),  # 6 new files
        (
            "bronze.file_written#4",
            "bronze.ledger_written#2",
            "silver.batch_written#3",
            "gold.table_written#7",
            "gold.after_pointer",  # the new snapshot is current; retention, record not yet
            "retention.manifest_deleted#1",  # an old snapshot half deleted
            "run.recorded",  # the outcome recorded, the lock not released
        ),
    ),
    Stage(
        "day 4 and an ML export",
        (D4,),
        ("bronze.file_written#3", "exports.files_copied", "gold.table_written#10"),
        ml_export="mv_20260103T030000Z_0f0f0f0f",
    ),
]
LONG_STAGES = [
    Stage(
        "day 5, every gold table",
        (D5,),
        (
            "bronze.ledger_written#1",
            "bronze.ledger_written#1",
            "bronze.file_written#1",
            "run.after_bronze",
            "silver.batch_written#3",
            "silver.batch_written#1",
            "run.after_silver",
            *(f"gold.table_written#{n}" for n in range(1, 14)),
            "gold.manifest_written",
            "gold.before_pointer",
            "gold.after_pointer",
            "retention.manifest_deleted#1",
            "run.recorded",
        ),
    ),
    Stage(
        "day 6 and a second ML export",
        (D6,),
        (
            "bronze.file_written#2",
            "exports.files_copied",
            "silver.batch_written#2",
            "training.files_written",
            "gold.table_written#5",
            "gold.after_pointer",
        ),
        ml_export="mv_20260105T030000Z_1e1e1e1e",
    ),
]
POINTER_MOVES = "gold.after_pointer"  # the only point at which a killed run has published
SETTINGS = {"PIPELINE_RETENTION_SNAPSHOTS": "2", "PIPELINE_LOG_LEVEL": "WARNING"}


def landed(landing: Path) -> dict[tuple[str, str], Path]:
    """Every landing file by (source, sha256): what the ledger must hold exactly once."""
    files: dict[tuple[str, str], Path] = {}
    for path in lakeview.landing_files(landing).values():
        files.setdefault((path.parent.name, sha256(path.read_bytes()).hexdigest()), path)
    return files


def assert_ledger_entries_have_their_bronze(lake: Storage) -> None:
    for entry in lakeview.ledger_entries(lake):
        assert lake.read_parquet(entry["bronze_key"]).num_rows == entry["rows"], entry


def check_after_kill(lake: Storage, point: str, pointer_before: bytes, run_ids: set[str]) -> str:
    """What a reader sees right after the crash; returns the id of the killed run."""
    pointer_now = lake.get_bytes(lakeview.CURRENT)
    if point == POINTER_MOVES:
        before, after = json.loads(pointer_before), json.loads(pointer_now)
        assert after["snapshot_id"] != before["snapshot_id"]
        assert after["previous"] == before["snapshot_id"]
    else:
        assert pointer_now == pointer_before, f"_CURRENT moved by a run killed at {point}"
    verify_current(lake)
    verify_retained(lake)
    assert_ledger_entries_have_their_bronze(lake)
    orphans = lakeview.bronze_files(lake) - {e["bronze_key"] for e in lakeview.ledger_entries(lake)}
    assert len(orphans) == (1 if point.startswith("bronze.file_written") else 0), orphans
    (killed,) = [r for r in lakeview.run_records(lake) if r["run_id"] not in run_ids]
    assert killed["status"] == ("succeeded" if point == "run.recorded" else "running")
    return killed["run_id"]


def check_after_stage(lake: Storage, landing: Path, killed: list[str]) -> None:
    """The run without a fault completed, and nothing landed was lost or doubled."""
    records = lakeview.run_records(lake)
    assert records[-1]["status"] == "succeeded", records[-1]
    assert [r["run_id"] for r in records if r["status"] == "running"] == []
    for run_id in killed:
        record = read_run(lake, run_id)
        if record["status"] != "succeeded":  # killed at run.recorded: it had finished
            assert record["status"] == "failed" and "interrupted" in record["error"], record
    # Bronze: every landed file once, with every one of its rows; no orphan.
    entries = lakeview.ledger_entries(lake)
    files = landed(landing)
    assert Counter((e["source"], e["sha256"]) for e in entries) == Counter(list(files))
    assert lakeview.bronze_files(lake) == {e["bronze_key"] for e in entries}
    for entry in entries:
        rows = lake.read_parquet(entry["bronze_key"]).num_rows
        assert rows == lakeview.data_rows(files[(entry["source"], entry["sha256"])]), entry
    # Silver: every batch validated once and accounted for.
    accounts = lakeview.batch_accounts(lake)
    assert set(accounts) == {e["batch_id"] for e in entries}
    for a in accounts.values():
        assert a["rows_in"] == a["rows_silver"] + a["rows_quarantined"] + a["rows_duplicate"]
    # Gold: no partial snapshot left, every retained snapshot verifies.
    folders = lakeview.snapshot_folders(lake)
    assert verify_retained(lake) == folders


@pytest.fixture
def export_files(tmp_path: Path, drops: dict[str, Path]):
    """An ML export folder per model version, written once and copied into both lakes."""
    made: dict[str, Path] = {}

    def export(version: str, series: list[tuple[str, str]]) -> Path:
        if version not in made:
            made[version] = write_export(tmp_path / "ml", version, series)
        return made[version]

    return export


def test_sigkill_at_every_point_of_a_week_of_runs_loses_nothing_and_the_api_keeps_serving(
    tmp_path: Path, drops: dict[str, Path], export_files
) -> None:
    stages = STAGES + (LONG_STAGES if LONG else [])
    faulted, twin = Workspace(tmp_path / "faulted"), Workspace(tmp_path / "twin")
    for workspace in (faulted, twin):
        copy_landing(drops["base"], workspace.landing)
    assert twin.run().status == "succeeded"
    base = faulted.cli("run", **SETTINGS)
    assert base.returncode == 0, base.stderr[-3000:]
    lake = open_storage(str(faulted.lake))
    committed = {verify_current(lake)}
    first = lakeview.gold_table(lake, next(iter(committed)), "fct_reorder_point").to_pylist()
    series = sorted((r["item_id"], r["warehouse_id"]) for r in first)
    item, warehouse = series[0]
    paths = ["/api/v1/meta", f"/api/v1/series/{item}/{warehouse}?grain=week"]
    killed_at: list[str] = []

    with ApiProcess(str(faulted.lake), tmp_path / "api") as api, Poller(api.port, paths) as poll:
        for stage in stages:
            for day in stage.days:
                for workspace in (faulted, twin):
                    copy_landing(drops[day], workspace.landing)
            if stage.ml_export:
                folder = export_files(stage.ml_export, series[::2])
                for workspace in (faulted, twin):
                    shutil.copytree(folder, workspace.exports / "ml_results" / stage.ml_export)
            expected = twin.run()
            assert expected.status == "succeeded", expected.error
            killed_runs = []
            for point in stage.kills:
                run_ids = {r["run_id"] for r in lakeview.run_records(lake)}
                pointer_before = lake.get_bytes(lakeview.CURRENT)
                crashed = faulted.cli("run", PIPELINE_KILL_AT=point, **SETTINGS)
                assert crashed.returncode == -signal.SIGKILL, (
                    f"{stage.name}: the run was not killed at {point} (exit {crashed.returncode})"
                    f"\n{crashed.stderr[-3000:]}"
                )
                killed_runs.append(check_after_kill(lake, point, pointer_before, run_ids))
                committed.add(lakeview.pointer(lake)["snapshot_id"])
                killed_at.append(point)
            done = faulted.cli("run", **SETTINGS)
            assert done.returncode == 0, f"{stage.name}: {done.stderr[-3000:]}"
            current = verify_current(lake)
            committed.add(current)
            check_after_stage(lake, faulted.landing, killed_runs)
            twin_lake = open_storage(str(twin.lake))
            assert gold_contents(lake, current) == gold_contents(twin_lake, expected.snapshot_id)
            manifest = lakeview.manifest(lake, current)
            assert manifest["lineage"]["as_of_date"] == max(stage.days)
            assert manifest["lineage"].get("model_version") == (
                lakeview.manifest(twin_lake, expected.snapshot_id)["lineage"].get("model_version")
            )
        # The API follows the last commit; it answered every request meanwhile.
        wait_until(lambda: api.get("/api/v1/meta")[1]["data"]["snapshot_id"] == current, "swap")
        wait_until(lambda: poll.count() >= 2 * len(paths), "the poller's first answers")

    assert len(set(killed_at)) >= (30 if LONG else 20), sorted(set(killed_at))
    assert poll.failures() == [], poll.failures()[:5]
    served = {a.snapshot_id for a in poll.answers}
    assert served <= committed, served - committed  # never a snapshot that was not published
    assert current in served
