"""A run killed with SIGKILL anywhere leaves the lake consistent, and the next run completes.

Each case runs `python -m pipeline run` in a subprocess with PIPELINE_KILL_AT=<point>, checks what
a reader would see right after the crash, then runs again without the fault.

- "increment": a built lake (one snapshot current) and the next day's files in landing;
- "first run": an empty lake and the whole clean sample in landing.
"""

from __future__ import annotations

import signal
from collections import Counter
from hashlib import sha256

import pytest

from storage import open_storage
from tests.factories import END, NEXT_DAY, Built, Samples, Workspace, copy_landing
from tests.pipeline.run import lakeview

CASES = [
    # (kill point, starting state)
    ("bronze.file_written#2", "increment"),  # 2nd new file in bronze, its ledger entry not yet
    ("bronze.file_written#4", "first run"),
    ("silver.batch_written#2", "increment"),  # 2nd batch in silver, its accounting not yet
    ("gold.table_written#3", "increment"),  # three tables of the new snapshot written
    ("gold.manifest_written", "increment"),  # the new snapshot complete, not yet current
    ("gold.before_pointer", "increment"),
    ("gold.after_pointer", "increment"),  # _CURRENT replaced; retention, run record not yet
]


def landed_keys(workspace: Workspace) -> Counter[tuple[str, str]]:
    """(source, sha256) of every landing file: what the ledger must hold exactly once each."""
    return Counter(
        (path.parent.name, sha256(path.read_bytes()).hexdigest())
        for path in lakeview.landing_files(workspace.landing).values()
    )


def assert_bronze_matches_ledger(lake) -> None:
    """Every ledger entry has its bronze file, with the rows the entry says."""
    for entry in lakeview.ledger_entries(lake):
        assert lake.read_parquet(entry["bronze_key"]).num_rows == entry["rows"], entry


@pytest.fixture
def prepared(request, built: Built, samples: Samples, tmp_path) -> tuple[Workspace, str | None]:
    start = request.param
    if start == "first run":
        workspace = Workspace(tmp_path / "ws")
        copy_landing(samples.clean, workspace.landing)
        return workspace, None
    workspace = built.copy(tmp_path / "ws")
    copy_landing(samples.increment, workspace.landing)  # master data files: the same bytes
    return workspace, lakeview.pointer(open_storage(str(workspace.lake)))["snapshot_id"]


@pytest.mark.parametrize(
    ("point", "prepared"),
    CASES,
    indirect=["prepared"],
    ids=[f"{p}-{s.replace(' ', '-')}" for p, s in CASES],
)
def test_sigkill_leaves_a_consistent_lake_and_the_next_run_completes(
    point: str, prepared: tuple[Workspace, str | None]
) -> None:
    workspace, old_snapshot = prepared
    lake = open_storage(str(workspace.lake))
    current_before = (workspace.lake / "gold" / "_CURRENT").read_bytes() if old_snapshot else None

    crashed = workspace.cli("run", PIPELINE_KILL_AT=point)

    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-3000:]
    # What a reader sees right after the crash.
    current = lakeview.pointer(lake)
    if point == "gold.after_pointer":
        assert current["snapshot_id"] != old_snapshot and current["previous"] == old_snapshot
    elif old_snapshot:
        assert (workspace.lake / "gold" / "_CURRENT").read_bytes() == current_before
    else:
        assert current is None
    if current:
        lakeview.assert_current_complete(lake, workspace.work)
    assert_bronze_matches_ledger(lake)
    ledger_keys = {e["bronze_key"] for e in lakeview.ledger_entries(lake)}
    orphans = lakeview.bronze_files(lake) - ledger_keys
    assert len(orphans) == (1 if point.startswith("bronze.") else 0)  # the crash hit where meant
    interrupted = [r for r in lakeview.run_records(lake) if r["status"] == "running"]
    assert len(interrupted) == 1

    record = workspace.run()

    assert record.status == "succeeded"
    current = lakeview.pointer(lake)
    manifest = lakeview.assert_current_complete(lake, workspace.work)
    assert manifest["lineage"]["as_of_date"] == (NEXT_DAY if old_snapshot else END)
    if old_snapshot:  # it stayed current until a run succeeded, and is now the previous one
        assert current["previous"] == old_snapshot
    # Each landing file ingested exactly once, no bronze file lost or left over.
    entries = lakeview.ledger_entries(lake)
    assert Counter((e["source"], e["sha256"]) for e in entries) == landed_keys(workspace)
    assert lakeview.bronze_files(lake) == {e["bronze_key"] for e in entries}
    assert_bronze_matches_ledger(lake)
    # Every batch validated once and accounted for; every transaction in gold once.
    accounts = lakeview.batch_accounts(lake)
    assert set(accounts) == {e["batch_id"] for e in entries}
    for a in accounts.values():
        assert a["rows_in"] == a["rows_silver"] + a["rows_quarantined"] + a["rows_duplicate"]
    consumption_rows = sum(
        lakeview.data_rows(path)
        for name, path in lakeview.landing_files(workspace.landing).items()
        if name.startswith("landing/consumption/")
    )
    fct = lakeview.gold_table(lake, current["snapshot_id"], "fct_consumption")
    assert fct.num_rows == len(set(fct.column("txn_id").to_pylist())) == consumption_rows
    # No partial snapshot folder is left; the killed run is recorded as interrupted.
    folders = lakeview.snapshot_folders(lake)
    assert all(lakeview.has_manifest(lake, s) for s in folders), folders
    killed = lakeview.read_json(lake, f"runs/{interrupted[0]['run_id']}.json")
    assert killed["status"] == "failed" and "interrupted" in killed["error"]
