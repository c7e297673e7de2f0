"""Retention keeps N snapshots, never the current or previous; abandoned partial ones go."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

from storage import open_storage
from tests.factories import Workspace
from tests.pipeline.run import lakeview


def snapshot_id_now() -> str:
    """An id as a run would give it now (ids sort by time)."""
    now = datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond:06d}Z"


def test_retention_keeps_n_snapshots_and_never_the_current_or_previous(
    built_copy: Workspace,
) -> None:
    lake = open_storage(str(built_copy.lake))
    snapshots = built_copy.lake / "gold" / "snapshots"
    first = lakeview.pointer(lake)["snapshot_id"]
    # A complete snapshot that was never committed (a run killed after its manifest), newer
    # than the current one, and the partial folder of a run killed while writing tables.
    uncommitted = snapshot_id_now()
    shutil.copytree(snapshots / first, snapshots / uncommitted)
    partial = "20250101T000000000000Z"
    (snapshots / partial).mkdir()
    shutil.copy(snapshots / first / "dim_item.parquet", snapshots / partial / "dim_item.parquet")

    second = built_copy.run(force=True, retention_snapshots=2).snapshot_id

    # The two newest complete snapshots are `uncommitted` and `second`; `first` is kept all the
    # same: it is the previous one, that the dashboard compares today with.
    assert lakeview.pointer(lake)["previous"] == first
    assert lakeview.snapshot_folders(lake) == [first, uncommitted, second]

    third = built_copy.run(force=True, retention_snapshots=2).snapshot_id

    assert lakeview.snapshot_folders(lake) == [second, third]
    current = lakeview.pointer(lake)
    assert (current["snapshot_id"], current["previous"]) == (third, second)
    lakeview.assert_current_complete(lake, built_copy.work)
    assert lakeview.assert_snapshot_complete(lake, second, built_copy.work)
    retention = next(s for s in lakeview.run_records(lake)[-1]["steps"] if s["name"] == "retention")
    assert sorted(retention["counts"]["deleted"]) == [first, uncommitted]


def test_an_abandoned_partial_snapshot_is_removed_by_the_next_run(built_copy: Workspace) -> None:
    lake = open_storage(str(built_copy.lake))
    snapshots = built_copy.lake / "gold" / "snapshots"
    current = lakeview.pointer(lake)
    partial = snapshot_id_now()
    (snapshots / partial).mkdir()
    shutil.copy(
        snapshots / current["snapshot_id"] / "dim_item.parquet",
        snapshots / partial / "dim_item.parquet",
    )

    record = built_copy.run()  # nothing new landed: no snapshot to build, but the lake is tidied

    assert record.status == "succeeded"
    assert lakeview.snapshot_folders(lake) == [current["snapshot_id"]]
    assert lakeview.pointer(lake) == current
