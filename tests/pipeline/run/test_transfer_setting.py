"""PIPELINE_TRANSFER_LEAD_TIMES reaches the gold build, and changing it builds a new snapshot."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tests.factories import Workspace, copy_landing, generate_sample, scrubbed_env


def transfers(lake: Path, snapshot_id: str) -> list[tuple]:
    path = lake / "gold" / "snapshots" / snapshot_id / "fct_transfer_suggestion.parquet"
    return duckdb.sql(
        f"select from_region, to_region, transfer_lead_time_days from '{path}'"
    ).fetchall()


def test_the_region_pair_lead_times_come_from_the_setting(tmp_path: Path) -> None:
    workspace = Workspace(tmp_path / "ws")
    copy_landing(generate_sample(tmp_path / "sample"), workspace.landing)
    with scrubbed_env(workspace.root):
        default = workspace.run()
        assert default.status == "succeeded", default.error
        found = transfers(workspace.lake, default.snapshot_id)
        assert found, "the sample has a warehouse short of an item another holds in excess"
        assert {d for _, _, d in found} <= {2, 5, 9}
        faster = workspace.run(transfer_lead_times="same=1,adjacent=1,other=1")
        assert faster.status == "succeeded", faster.error
        assert faster.snapshot_id != default.snapshot_id  # a new setting is a new snapshot
        moved = transfers(workspace.lake, faster.snapshot_id)
        assert moved and {d for _, _, d in moved} == {1}
